using Kessan.Analysis;
using Kessan.Facts;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// Restatements, series and guidance are questions about one company: two companies reporting the same concept for
/// the same quarter are two figures, never a restatement of one by the other.
/// </summary>
public sealed class HistoryByCompanyTests
{
    static readonly DateOnly Start = new(2006, 7, 1), End = new(2006, 9, 30);

    static Fact Revenue(string doc, string company, decimal value, DateOnly? start = null, DateOnly? end = null) =>
        new(doc, "sha-" + doc, company, "us-gaap:Revenues", "Total revenues", "income", start ?? Start, end ?? End, "FY2006 Q3", value, "USD",
            false, 10, 2, value.ToString(System.Globalization.CultureInfo.InvariantCulture), FactStatus.Ok, "en", true);

    static StoredDocument Doc(string name, string company, DateOnly reportingEnd, int id) =>
        new(id, name, "sha-" + name, 1, DateTimeOffset.UnixEpoch.AddDays(id), new DocumentMeta(company, "en", reportingEnd, null));

    static readonly StoredDocument[] Documents =
    [
        Doc("a-q3.txt", "Alpha Corp", End, 1),
        Doc("b-q3.txt", "Beta Corp", End, 2),
        Doc("a-q4.txt", "Alpha Corp", new(2006, 12, 31), 3),
        Doc("b-q4.txt", "Beta Corp", new(2006, 12, 31), 4),
    ];

    [Fact]
    public void Two_companies_with_different_figures_for_one_quarter_are_no_restatement()
    {
        var history = new ReleaseHistory([Revenue("a-q3.txt", "Alpha Corp", 100), Revenue("b-q3.txt", "Beta Corp", 900)], Documents, TaxonomyLoader.Default);
        Assert.Empty(history.Restatements());
    }

    [Fact]
    public void A_company_restating_its_own_quarter_is_found_and_named_with_its_company()
    {
        var history = new ReleaseHistory(
        [
            Revenue("a-q3.txt", "Alpha Corp", 100), Revenue("b-q3.txt", "Beta Corp", 900),
            Revenue("a-q4.txt", "Alpha Corp", 110), Revenue("b-q4.txt", "Beta Corp", 900),
        ], Documents, TaxonomyLoader.Default);
        var r = Assert.Single(history.Restatements());
        Assert.Equal("Alpha Corp", r.Company);
        Assert.Equal((100m, "a-q3.txt", 110m, "a-q4.txt"), (r.FirstValue, r.First.Doc, r.LatestValue, r.Latest.Doc));
    }

    [Fact]
    public void Each_company_has_its_own_series_and_one_company_can_be_asked_for()
    {
        var history = new ReleaseHistory([Revenue("a-q3.txt", "Alpha Corp", 100), Revenue("b-q3.txt", "Beta Corp", 900)], Documents, TaxonomyLoader.Default);
        var all = history.Series("us-gaap:Revenues", Basis.Latest);
        Assert.Equal([("Alpha Corp", 100m, 1), ("Beta Corp", 900m, 1)], all.Select(p => (p.Company, p.Value, p.Reports)));
        var beta = Assert.Single(history.Series("us-gaap:Revenues", Basis.Latest, company: "Beta Corp"));
        Assert.Equal((900m, "b-q3.txt"), (beta.Value, beta.Source.Doc));
    }

    static Fact Yen(string doc, string company, string concept, decimal value) =>
        new(doc, "sha-" + doc, company, concept, concept, "income", Start, End, "FY2006 Q3", value, "JPY",
            false, 10, 2, value.ToString(System.Globalization.CultureInfo.InvariantCulture), FactStatus.Ok, "en", true);

    [Fact]
    public void Derived_metrics_are_each_companys_own()
    {
        var history = new ReleaseHistory(
        [
            Yen("a-q3.txt", "Alpha Corp", "us-gaap:Revenues", 100), Yen("a-q3.txt", "Alpha Corp", "us-gaap:OperatingIncomeLoss", 10),
            Yen("b-q3.txt", "Beta Corp", "us-gaap:Revenues", 900), Yen("b-q3.txt", "Beta Corp", "us-gaap:OperatingIncomeLoss", 450),
        ], Documents, TaxonomyLoader.Default);
        var margins = new DerivedMetrics(history, TaxonomyLoader.Default).All().Where(m => m.Name == "operating margin")
            .Select(m => (m.Company, m.Value, m.Inputs[0].Doc, m.Inputs[1].Doc)).ToList();
        Assert.Equal([("Alpha Corp", 10.0m, "a-q3.txt", "a-q3.txt"), ("Beta Corp", 50.0m, "b-q3.txt", "b-q3.txt")], margins);
    }

    static Fact In(string unit, string doc, string company, string concept, decimal value, DateOnly? start = null, DateOnly? end = null) =>
        Yen(doc, company, concept, value) with { Unit = unit, PeriodStart = start ?? Start, PeriodEnd = end ?? End };

    [Fact]
    public void A_dollar_reporters_metrics_and_guidance_are_in_dollars_beside_a_yen_reporters_in_yen()
    {
        DateOnly q4Start = new(2006, 10, 1), q4End = new(2006, 12, 31);
        var forecast = In("USD", "a-q3.txt", "Alpha Corp", "us-gaap:Revenues", 125, q4Start, q4End) with { Table = "guidance", Low = 120, High = 130 };
        var history = new ReleaseHistory(
        [
            In("USD", "a-q3.txt", "Alpha Corp", "us-gaap:Revenues", 100), In("USD", "a-q3.txt", "Alpha Corp", "us-gaap:OperatingIncomeLoss", 10),
            In("USD", "a-q3.txt", "Alpha Corp", "us-gaap:DepreciationDepletionAndAmortization", 5),
            In("JPY", "b-q3.txt", "Beta Corp", "us-gaap:Revenues", 900), In("JPY", "b-q3.txt", "Beta Corp", "us-gaap:OperatingIncomeLoss", 450),
            forecast, In("USD", "a-q4.txt", "Alpha Corp", "us-gaap:Revenues", 128, q4Start, q4End),
        ], Documents, TaxonomyLoader.Default);
        var metrics = new DerivedMetrics(history, TaxonomyLoader.Default).All();
        Assert.Equal([("Alpha Corp", 10.0m), ("Beta Corp", 50.0m)], metrics.Where(m => m.Name == "operating margin").Select(m => (m.Company, m.Value)));
        var ebitda = Assert.Single(metrics, m => m.Name == "Adjusted EBITDA");
        Assert.Equal(("Alpha Corp", 15m, "USD"), (ebitda.Company, ebitda.Value, ebitda.Unit));
        var judged = Assert.Single(history.Guidance());
        Assert.Equal((128m, "a-q4.txt"), (judged.Actual, judged.ActualSource!.Doc));
        Assert.NotNull(judged.Verdict);
        Assert.Equal([("Alpha Corp", "USD"), ("Beta Corp", "JPY")], history.Series("us-gaap:Revenues", Basis.Latest).Where(p => p.PeriodEnd == End).Select(p => (p.Company, p.Unit)));
    }

    [Fact]
    public void The_store_finds_no_restatement_concept_across_companies()
    {
        using var dir = new TestPaths.TempDir();
        using IFactStore store = new SqliteFactStore(dir.File("companies.db"));
        foreach (var (doc, facts) in new[] { (Documents[0], Revenue("a-q3.txt", "Alpha Corp", 100)), (Documents[1], Revenue("b-q3.txt", "Beta Corp", 900)) })
        {
            var source = new Kessan.Reading.SourceDocument(doc.Name, dir.File(doc.Name), doc.Sha256, []);
            store.Save(source, doc.Meta, [facts], []);
        }
        Assert.Empty(ReleaseHistory.Restatements(store, TaxonomyLoader.Default).ToList());
    }
}
