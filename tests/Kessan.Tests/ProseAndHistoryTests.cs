using Kessan.Analysis;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>Seeds and the bundled sample in one real store, read back for the cross-release questions.</summary>
public sealed class HistoryFixture : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public IReadOnlyList<Fact> Facts { get; }
    public ReleaseHistory History { get; }

    public HistoryFixture()
    {
        using var store = new SqliteFactStore(_dir.File("history.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        foreach (var file in Ingestor.Expand([TestPaths.Seeds, TestPaths.Samples])) ingestor.Ingest(file);
        Facts = store.Facts(new FactQuery()).ToList();
        History = new ReleaseHistory(Facts, store.Documents(), TaxonomyLoader.Default);
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class ProseAndHistoryTests(HistoryFixture data) : IClassFixture<HistoryFixture>
{
    Fact Narrative(string doc, string concept, DateOnly end, decimal value) =>
        data.Facts.First(f => f.Doc.StartsWith(doc) && f.Table == "narrative" && f.Concept == concept && f.PeriodEnd == end && f.Value == value);

    [Fact]
    public void Narrative_figures_take_their_concept_sign_and_period_from_the_sentence()
    {
        var loss = Narrative("000_", "us-gaap:OperatingIncomeLoss", new(2002, 12, 31), -567_000_000m);
        Assert.Equal("JPY567 million", loss.Printed);
        Narrative("000_", "us-gaap:OperatingIncomeLoss", new(2001, 12, 31), 151_000_000m);   // "JPY151 million of operating profit in 3Q01"
        Narrative("000_", "us-gaap:NetIncomeLoss", new(2002, 9, 30), -2_326_000_000m);      // "… and JPY2,326 million in 2Q02"
        Narrative("001_", "us-gaap:OperatingIncomeLoss", new(2003, 6, 30), -1_206_000_000m); // "a decrease from 1,206 million in 1Q03"
        Narrative("002_", "us-gaap:Revenues", new(2002, 6, 30), 9_849_000_000m);            // 売上高は、9,849百万円
    }

    [Fact]
    public void Narrative_speaks_only_of_lines_the_tables_report()
    {
        Assert.DoesNotContain(data.Facts, f => f.Table == "narrative" && f.Concept == "us-gaap:AccountsReceivableNetCurrent");
    }

    [Fact]
    public void Amounts_in_notes_about_changes_and_consensus_are_not_narrative_levels()
    {
        Assert.DoesNotContain(data.Facts, f => f.Table == "narrative" && Math.Abs(f.Value) is 280_410_000m or 136_764_000m or 980_000_000m);
        Assert.DoesNotContain(data.Facts, f => f.Table == "narrative" && f.Doc.StartsWith("002_") && f.Value is 9_000_000_000m or 9_500_000_000m);
    }

    [Fact]
    public void Guidance_ranges_carry_their_target_period_low_and_high()
    {
        var g = Assert.Single(data.Facts, f => f.Doc.StartsWith("000_") && f.Table == "guidance" && f.Line == 24);
        Assert.Equal(("us-gaap:Revenues", new DateOnly(2003, 1, 1), new DateOnly(2003, 3, 31)), (g.Concept, g.PeriodStart!.Value, g.PeriodEnd));
        Assert.Equal((12_500_000_000m, 13_000_000_000m), (g.Low!.Value, g.High!.Value));

        var ja = Assert.Single(data.Facts, f => f.Doc.StartsWith("002_") && f.Table == "guidance" && f.Printed == "105-110億円");
        Assert.Equal((10_500_000_000m, 11_000_000_000m, new DateOnly(2002, 9, 30)), (ja.Low!.Value, ja.High!.Value, ja.PeriodEnd));

        var growth = Assert.Single(data.Facts, f => f.Doc.StartsWith("000_") && f.Table == "guidance" && f.Line == 25);
        Assert.Equal(("percent", 10m, new DateOnly(2003, 3, 31), new DateOnly(2002, 3, 31)), (growth.Unit, growth.Low!.Value, growth.PeriodEnd, growth.BaseEnd!.Value));
    }

    [Fact]
    public void Guidance_meets_the_actual_of_a_later_release()
    {
        var outcomes = data.History.Guidance();
        var q4 = Assert.Single(outcomes, o => o.Guidance.Doc.StartsWith("000_") && o.Guidance.Unit == "JPY" && o.Guidance.PeriodEnd == new DateOnly(2003, 3, 31));
        Assert.Equal(13_036_439_000m, q4.Actual);
        Assert.Equal("above", q4.Verdict);
        var q2 = Assert.Single(outcomes, o => o.Guidance.Doc.StartsWith("002_") && o.Guidance.Unit == "JPY" && o.Guidance.Low == 10_500_000_000m);
        Assert.Equal(10_568_342_000m, q2.Actual);
        Assert.Equal("within", q2.Verdict);
        // FY2002 growth ≈ 10%: nine months (000) + 4Q02 against the same sum for FY2001.
        var fy = Assert.Single(outcomes, o => o.Guidance.Doc.StartsWith("000_") && o.Guidance.Unit == "percent");
        Assert.Equal(10.3m, fy.Actual);
        Assert.Equal("within", fy.Verdict);
    }

    [Fact]
    public void Series_gives_one_value_per_quarter_on_either_basis()
    {
        var latest = data.History.Series("us-gaap:Revenues", Basis.Latest).Where(p => new Periods.Period(p.PeriodStart, p.PeriodEnd).Months == 3).ToList();
        Assert.Equal(latest.Count, latest.Select(p => p.PeriodEnd).Distinct().Count());
        Assert.Contains(latest, p => p.PeriodEnd == new DateOnly(2002, 12, 31) && p.Value == 10_563_578_000m);
        var first = data.History.Series("us-gaap:Revenues", Basis.FirstReported);
        var q3 = Assert.Single(first, p => p.PeriodStart == new DateOnly(2002, 10, 1) && p.PeriodEnd == new DateOnly(2002, 12, 31));
        Assert.StartsWith("000_", q3.Source.Doc);
        Assert.Equal(2, q3.Reports);
    }

    [Fact]
    public void A_changed_figure_is_listed_with_both_values_and_sources()
    {
        var other = Assert.Single(data.History.Restatements(), r => r.Concept == "us-gaap:OtherOperatingActivitiesCashFlowStatement" && r.PeriodEnd == new DateOnly(2002, 9, 30));
        Assert.Equal((-8_051_000m, -3_003_000m), (other.FirstValue, other.LatestValue));
        Assert.StartsWith("000_", other.First.Doc);
        Assert.StartsWith("001_", other.Latest.Doc);
    }
}
