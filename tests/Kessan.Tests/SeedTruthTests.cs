using System.Globalization;
using System.Text.Json;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// Ingests ../shared/seeds into a real SQLite file once and checks the stored facts against the hand-verified
/// truth for seeds 000–002 (every fact, matched on doc, period, unit and value, and on label or concept).
/// </summary>
public sealed class SeedStoreFixture : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public IReadOnlyList<IngestReport> Reports { get; }
    public IReadOnlyList<Fact> Facts { get; }

    public SeedStoreFixture()
    {
        using var store = new SqliteFactStore(_dir.File("seeds.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        Reports = Ingestor.Expand([TestPaths.Seeds]).Select(ingestor.Ingest).ToList();
        Facts = store.Facts(new FactQuery()).ToList();
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class SeedTruthTests(SeedStoreFixture seeds) : IClassFixture<SeedStoreFixture>
{
    sealed record Truth(string Doc, string Table, string Label, DateOnly? Start, DateOnly End, decimal Value, string Unit, int Line, string Printed);

    /// <summary>
    /// The seeds' truth names share counts "shares"; Kessan states every share count as "count", as the wild truth
    /// and the contract's count unit do (the xBRL-JSON export maps them to xbrli:shares by concept type).
    /// </summary>
    static string KessanUnit(string unit) => unit == "shares" ? "count" : unit;

    static IEnumerable<Truth> LoadTruth()
    {
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Shared, "truth", "seeds-000-002.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            var start = r.GetProperty("period_start");
            yield return new Truth(
                r.GetProperty("doc").GetString()!, r.GetProperty("table").GetString()!, r.GetProperty("label").GetString()!,
                start.ValueKind == JsonValueKind.Null ? null : DateOnly.Parse(start.GetString()!, CultureInfo.InvariantCulture),
                DateOnly.Parse(r.GetProperty("period_end").GetString()!, CultureInfo.InvariantCulture),
                r.GetProperty("value").GetDecimal(), KessanUnit(r.GetProperty("unit").GetString()!),
                r.GetProperty("line").GetInt32(), r.GetProperty("printed").GetString()!);
        }
    }

    [Fact]
    public void Every_hand_verified_fact_of_seeds_000_to_002_is_extracted()
    {
        var byKey = seeds.Facts.ToLookup(f => (f.Doc, f.PeriodStart, f.PeriodEnd, f.Unit, f.Value));
        var truth = LoadTruth().ToList();
        Assert.True(truth.Count > 1400, $"truth file has {truth.Count} facts");
        var missing = truth
            .Where(t => !byKey[(t.Doc, t.Start, t.End, t.Unit, t.Value)]
                .Any(f => TaxonomySet.LabelKey(f.Label) == TaxonomySet.LabelKey(t.Label)))
            .Select(t => $"{t.Doc}:{t.Line} {t.Label} {t.Start}..{t.End} {t.Value} {t.Unit}")
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {truth.Count} truth facts missing:\n" + string.Join('\n', missing.Take(30)));
    }

    [Fact]
    public void Truth_facts_carry_their_line_and_printed_token()
    {
        var byKey = seeds.Facts.ToLookup(f => (f.Doc, f.Line, f.PeriodEnd, f.Unit, f.Value));
        var wrong = LoadTruth()
            .Where(t => !byKey[(t.Doc, t.Line, t.End, t.Unit, t.Value)].Any(f => f.Printed == t.Printed))
            .Select(t => $"{t.Doc}:{t.Line} {t.Label} printed {t.Printed}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join('\n', wrong.Take(30)));
    }

    [Fact]
    public void Usd_columns_are_convenience_translations_in_dollars()
    {
        var usd = seeds.Facts.Where(f => f.Unit == "USD").ToList();
        Assert.NotEmpty(usd);
        Assert.All(usd, f => Assert.True(f.Convenience));
        var revenue = Assert.Single(usd, f => f.Doc.StartsWith("000_") && f.Concept == "us-gaap:Revenues" && f.Table == "income");
        Assert.Equal(88_956_000m, revenue.Value);
        Assert.Equal(new DateOnly(2002, 10, 1), revenue.PeriodStart);
        Assert.Equal("FY2002 Q3", revenue.FiscalPeriod);
    }

    [Theory]
    [InlineData("Total revenues", "us-gaap:Revenues")]
    [InlineData("Total costs", "us-gaap:CostOfRevenue")]
    [InlineData("Sales and marketing", "us-gaap:SellingAndMarketingExpense")]
    [InlineData("Total costs and expenses", "us-gaap:CostsAndExpenses")]
    [InlineData("Net loss", "us-gaap:NetIncomeLoss")]
    [InlineData("Total assets", "us-gaap:Assets")]
    [InlineData("Total liabilities", "us-gaap:Liabilities")]
    [InlineData("Cash", "us-gaap:CashAndCashEquivalentsAtCarryingValue")]
    [InlineData("Cash and cash equivalent", "us-gaap:CashAndCashEquivalentsAtCarryingValue")]
    [InlineData("Accounts receivable, net", "us-gaap:AccountsReceivableNetCurrent")]
    [InlineData("Dedicated access services", "iij:DedicatedAccessServicesRevenue")]
    public void Standard_lines_land_on_the_same_concept_in_every_document(string label, string concept)
    {
        var rows = seeds.Facts.Where(f => f.Table is not "kpi" and not "cashflow" && TaxonomySet.LabelKey(f.Label) == TaxonomySet.LabelKey(label)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, f => Assert.Equal(concept, f.Concept));
    }

    [Fact]
    public void Operating_loss_lines_in_all_five_documents_share_one_concept()
    {
        var docs = seeds.Facts.Where(f => f.Concept == "us-gaap:OperatingIncomeLoss" && f.Table == "income").Select(f => f.Doc[..3]).Distinct().Order();
        Assert.Equal(["000", "001", "002", "003", "004"], docs);
    }

    [Fact]
    public void Japanese_rows_map_to_the_concepts_of_their_English_twins()
    {
        var ja = seeds.Facts.Where(f => f.Doc.StartsWith("002_") && f.Lang == "ja" && f.Table is not ("kpi" or "narrative" or "guidance")).ToList();
        var en = seeds.Facts.Where(f => f.Doc.StartsWith("002_") && f.Lang == "en" && f.Table is not ("kpi" or "narrative" or "guidance"))
            .ToLookup(f => (f.Table, f.PeriodEnd, f.Value, f.Unit));
        Assert.NotEmpty(ja);
        var unmatched = ja.Where(j => !en[(j.Table, j.PeriodEnd, j.Value, j.Unit)].Any(e => e.Concept == j.Concept))
            .Select(j => $"{j.Line} {j.Label} {j.Concept}").Distinct().ToList();
        Assert.True(unmatched.Count == 0, string.Join('\n', unmatched));
    }

    [Fact]
    public void Statement_rows_are_all_known_to_the_taxonomy()
    {
        // 003 is OCR-damaged: its "Current Assets:" section line carries the Cash figures shifted up a row; they are
        // kept (for the proof stage to flag) under a generated concept.
        var unknown = seeds.Facts.Where(f => f.Table != "kpi" && !f.KnownConcept && !(f.Doc.StartsWith("003_") && f.Label == "Current Assets"))
            .Select(f => $"{f.Doc}:{f.Line} {f.Label}").Distinct().ToList();
        Assert.True(unknown.Count == 0, string.Join('\n', unknown));
    }

    [Fact]
    public void Per_share_rows_are_not_scaled_by_the_thousands_of_the_statement()
    {
        var perAds = seeds.Facts.Single(f => f.Doc.StartsWith("000_") && f.Table == "income" && f.Unit == "JPY/ADS" && f.PeriodEnd == new DateOnly(2002, 12, 31));
        Assert.Equal(-50.40m, perAds.Value);
        var shares = seeds.Facts.Single(f => f.Doc.StartsWith("000_") && f.Table == "income" && f.Unit == "count" && f.PeriodEnd == new DateOnly(2002, 12, 31));
        Assert.Equal(22_480m, shares.Value);
    }
}
