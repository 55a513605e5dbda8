using System.Text.Json;
using Kessan.Cli;

namespace Kessan.Tests;

/// <summary>The command line as scripts use it: summary line, idempotence, versions, facts formats.</summary>
public sealed class CliTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    string Db => _dir.File("k.db");
    string Sample => Path.Combine(TestPaths.Samples, "iij-4q02-release.txt");

    public void Dispose() => _dir.Dispose();

    static async Task<(int Exit, string Out, string Err)> Kessan(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = await KessanCommand.RunAsync(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Ingest_prints_one_summary_line_and_is_idempotent_by_content()
    {
        var first = await Kessan("ingest", Sample, "--db", Db);
        Assert.Equal(0, first.Exit);
        Assert.Single(first.Out.Trim().Split('\n'));
        Assert.Contains("1 added", first.Out);

        var again = await Kessan("ingest", Sample, "--db", Db);
        Assert.Equal(0, again.Exit);
        Assert.Contains("1 unchanged", again.Out);
        Assert.Contains(" 0 facts", again.Out);

        var facts = await Kessan("facts", "--db", Db, "--format", "jsonl");
        var lines = facts.Out.Trim().Split('\n');
        Assert.Equal(lines.Length, lines.Distinct().Count());
    }

    [Fact]
    public async Task A_changed_document_with_the_same_name_is_a_new_version_and_listing_shows_the_latest()
    {
        var path = _dir.File("release.txt");
        File.Copy(Sample, path);
        Assert.Equal(0, (await Kessan("ingest", path, "--db", Db)).Exit);
        File.WriteAllText(path, File.ReadAllText(path).Replace("Total revenues\t108,456\t13,036,439", "Total revenues\t108,456\t13,036,440"));
        var second = await Kessan("ingest", path, "--db", Db);
        Assert.Contains("1 new versions", second.Out);

        var revenue = await Kessan("facts", "--db", Db, "--concept", "us-gaap:Revenues", "--period", "2003-03-31", "--format", "jsonl");
        var values = revenue.Out.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("unit").GetString() == "JPY" && e.GetProperty("table").GetString() == "income").Select(e => e.GetProperty("value").GetDecimal()).ToList();
        Assert.Equal([13_036_440_000m], values);
    }

    [Fact]
    public async Task Facts_jsonl_has_the_contract_fields_with_exact_values()
    {
        await Kessan("ingest", Sample, "--db", Db);
        var (exit, stdout, _) = await Kessan("facts", "--db", Db, "--concept", "kessan:EarningsPerAdsBasic", "--format", "jsonl");
        Assert.Equal(0, exit);
        var first = JsonDocument.Parse(stdout.Split('\n')[0]).RootElement;
        foreach (var field in new[] { "doc", "docSha256", "company", "concept", "label", "table", "periodStart", "periodEnd", "fiscalPeriod", "value", "unit", "convenience", "line", "column", "printed", "status" })
            Assert.True(first.TryGetProperty(field, out _), field);
        Assert.Equal("Internet Initiative Japan Inc.", first.GetProperty("company").GetString());
        Assert.Equal("-47.52", first.GetProperty("value").GetRawText());
        Assert.Equal("JPY/ADS", first.GetProperty("unit").GetString());
        Assert.Equal("FY2002 Q4", first.GetProperty("fiscalPeriod").GetString());
    }

    [Fact]
    public async Task Facts_csv_and_table_formats_list_the_same_facts()
    {
        await Kessan("ingest", Sample, "--db", Db);
        var csv = await Kessan("facts", "--db", Db, "--format", "csv", "--concept", "us-gaap:Assets");
        var table = await Kessan("facts", "--db", Db, "--concept", "us-gaap:Assets");
        var csvRows = csv.Out.Trim().Split('\n');
        Assert.StartsWith("doc,docSha256,company,concept,label,table", csvRows[0]);
        Assert.Equal(4, csvRows.Length - 1); // USD + three JPY dates
        Assert.Contains("4 facts", table.Out);
        Assert.Contains("39,219,388,000", table.Out);
    }
}
