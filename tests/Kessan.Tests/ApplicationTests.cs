using System.Text.Json;
using System.Text.RegularExpressions;
using Kessan.Application;
using Kessan.Cli;
using Kessan.Storage;

namespace Kessan.Tests;

/// <summary>The application layer every host calls: paging in the store, suggestions for unknown names, the contract's JSON.</summary>
public sealed class ApplicationTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    string Db => _dir.File("app.db");
    static string Sample => Path.Combine(TestPaths.Samples, "iij-4q02-release.txt");

    public void Dispose() => _dir.Dispose();

    KessanQueries Ingested()
    {
        using (var store = StoreTarget.Open(Db))
        {
            var reports = new IngestService(store).Run(IngestService.Expand([Sample])).ToList();
            Assert.Contains("1 added", IngestService.Summary(reports));
        }
        return KessanQueries.Open(Db);
    }

    static async Task<(int Exit, string Out, string Err)> Kessan(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = await KessanCommand.RunAsync(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public void A_page_of_facts_is_the_listing_sliced_with_the_listing_total()
    {
        using var q = Ingested();
        var all = q.AllFacts().ToList();
        Assert.True(all.Count > 40);
        var page = q.Facts(new FactFilter(), offset: 17, limit: 10);
        Assert.Equal(all.Count, page.Total);
        Assert.Equal(all.Skip(17).Take(10), page.Items);
        var last = q.Facts(new FactFilter(), offset: all.Count - 3, limit: 10);
        Assert.Equal(3, last.Items.Count);
        Assert.Equal(all.Count, last.Total);
    }

    [Fact]
    public void Unit_and_status_filters_are_applied_by_the_store()
    {
        using var q = Ingested();
        var all = q.AllFacts().ToList();
        var usd = q.Facts(new FactFilter(Unit: "USD"));
        Assert.Equal(all.Count(f => f.Unit == "USD"), usd.Total);
        Assert.All(usd.Items, f => Assert.Equal("USD", f.Unit));
        var ok = q.Facts(new FactFilter(Status: "ok"), limit: 5);
        Assert.Equal(all.Count(f => f.Status == Facts.FactStatus.Ok), ok.Total);
        Assert.Throws<InvalidQueryException>(() => q.Facts(new FactFilter(Status: "fine")));
        Assert.Throws<InvalidQueryException>(() => q.Facts(new FactFilter(), offset: -1));
    }

    [Fact]
    public void An_unknown_concept_or_period_names_the_nearest_ones()
    {
        using var q = Ingested();
        var concept = Assert.Throws<InvalidQueryException>(() => q.Facts(new FactFilter(Concept: "us-gaap:Revenue")));
        Assert.Equal("concept", concept.Parameter);
        Assert.Contains("us-gaap:Revenues", concept.Suggestions);

        var fiscal = q.AllFacts().Select(f => f.FiscalPeriod).First(p => p.Contains(' '));
        var label = Assert.Throws<InvalidQueryException>(() => q.AllFacts(new FactFilter(Period: fiscal.ToLowerInvariant() + "x")).ToList());
        Assert.Contains(fiscal, label.Suggestions);

        var end = q.AllFacts().Select(f => f.PeriodEnd).Max();
        var date = Assert.Throws<InvalidQueryException>(() => q.Facts(new FactFilter(Period: end.AddDays(-1).ToString("yyyy-MM-dd"))));
        Assert.Equal(end.ToString("yyyy-MM-dd"), date.Suggestions[0]);

        Assert.Throws<InvalidQueryException>(() => q.Series("us-gaap:Revenue"));
        // Known names that never meet are an empty answer, not an error.
        Assert.Empty(q.Facts(new FactFilter(Concept: "us-gaap:Revenues", Unit: "no-such-unit")).Items);
    }

    [Fact]
    public async Task The_cli_says_the_nearest_concept_and_lists_nothing()
    {
        using (Ingested()) { }
        // The contract: a listing exits 0; a name the store does not hold is an empty listing, explained on stderr.
        var (exit, output, err) = await Kessan("facts", "--db", Db, "--concept", "us-gaap:Revenue", "--format", "jsonl");
        Assert.Equal(0, exit);
        Assert.Equal("", output.Trim());
        Assert.Contains("nearest: us-gaap:Revenues", err);
        // A malformed argument is still a usage error.
        var bad = await Kessan("facts", "--db", Db, "--status", "nonsense");
        Assert.Equal(2, bad.Exit);
    }

    [Fact]
    public void Json_numbers_never_carry_a_spurious_fraction()
    {
        Assert.Equal("""{"v":10563578,"w":-0.5,"x":0}""", RecordJson.ToJson(new ContractRecord().Add("v", 10563578.000m).Add("w", -0.50m).Add("x", 0.0m)));
        using var q = Ingested();
        foreach (var f in q.AllFacts())
        {
            var value = JsonDocument.Parse(RecordJson.ToJson(ContractRecords.Fact(f))).RootElement.GetProperty("value").GetRawText();
            Assert.DoesNotMatch(new Regex(@"\.\d*0$"), value);
            Assert.Equal(f.Value, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task The_facts_table_fits_a_terminal_shows_the_fiscal_period_and_marks_convenience()
    {
        using (Ingested()) { }
        var narrow = await Kessan("facts", "--db", Db);
        var lines = narrow.Out.TrimEnd().Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        Assert.Contains("fiscalPeriod", lines[0]);
        Assert.Contains(lines, l => l.Contains("USD*"));
        Assert.Contains("convenience translation", lines[^1]);

        var wide = await Kessan("facts", "--db", Db, "--wide");
        var header = wide.Out.Split('\n')[0];
        foreach (var column in new[] { "periodStart", "periodEnd", "printed", "convenience", "decimals" }) Assert.Contains(column, header);
        Assert.Contains(wide.Out.Split('\n'), l => l.Length > 120);
    }

    [Fact]
    public void Guidance_rows_keep_low_and_high_as_printed()
    {
        var record = ContractRecords.Guidance(new Analysis.GuidanceOutcome(
            new Facts.Fact("d.txt", "sha", "Co", "us-gaap:Revenues", "Revenues", "guidance", new DateOnly(2003, 4, 1), new DateOnly(2004, 3, 31),
                "FY2003", 12_500_000_000m, "JPY", false, 3, 1, "between JPY12.5 billion and JPY13.0 billion", Facts.FactStatus.Ok, "en", true,
                Low: 12_500_000_000m, High: 13_000_000_000m), new DateOnly(2003, 6, 30), null, null, null));
        Assert.Equal(12_500_000_000m, record["low"]);
        Assert.Equal(13_000_000_000m, record["high"]);
        Assert.DoesNotContain(record, f => f.Name is "value" or "midpoint");
    }
}
