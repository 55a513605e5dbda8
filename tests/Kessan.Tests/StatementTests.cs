using System.Globalization;
using Kessan.Application;
using Kessan.Cli;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// The seeds and the wild releases ingested into one SQLite store, keeping what the analysis read from each document
/// (its lines and its facts, each with line, cell and printed token): the source the regenerated statements are held to.
/// </summary>
public sealed class StatementStoreFixture : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public string Db => _dir.File("statements.db");
    public IReadOnlyList<(SourceDocument Doc, IReadOnlyList<Fact> Facts)> Sources { get; }

    public StatementStoreFixture()
    {
        using var store = new SqliteFactStore(Db);
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        var sources = new List<(SourceDocument, IReadOnlyList<Fact>)>();
        foreach (var path in Ingestor.Expand([TestPaths.Seeds, TestPaths.WildDocs]))
        {
            var prepared = ingestor.Prepare(path, store.KnownHashes());
            Assert.True(prepared.Pending is not null, $"{path}: {prepared.Outcome?.Error}");
            Assert.NotEqual(IngestStatus.Rejected, ingestor.Commit([prepared])[0].Status);
            sources.Add((prepared.Pending.Doc, prepared.Pending.Facts));
        }
        Sources = sources;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>The statement and export tests share one store of the seeds and the wild releases.</summary>
[CollectionDefinition(Name)]
public sealed class StatementStoreCollection : ICollectionFixture<StatementStoreFixture>
{
    public const string Name = "statement store";
}

[Collection(StatementStoreCollection.Name)]
public sealed class StatementTests(StatementStoreFixture store)
{
    static readonly string[] Tables = ["income", "income_ytd", "balance", "cashflow"];

    static string PeriodArgument(Fact f) =>
        f.PeriodStart is { } s ? $"{s:yyyy-MM-dd}/{f.PeriodEnd:yyyy-MM-dd}" : f.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void Every_statement_of_every_seed_and_wild_release_regenerates_cell_by_cell()
    {
        using var q = KessanQueries.Open(store.Db);
        int statements = 0, cells = 0;
        var documents = new HashSet<string>();
        var rawLines = new Dictionary<string, string[]>();
        foreach (var (doc, facts) in store.Sources)
        {
            var printed = facts.Where(f => Tables.Contains(f.Table)).ToList();
            foreach (var group in printed.Where(f => !f.Convenience).GroupBy(f => (f.Table, f.Lang, f.PeriodStart, f.PeriodEnd)))
            {
                var (table, lang, start, end) = group.Key;
                var statement = q.Statement(table, PeriodArgument(group.First()), lang, doc.Name);
                Assert.Equal(doc.Sha256, statement.DocSha256);
                Assert.Equal(table, statement.Table);
                statements++;
                documents.Add(doc.Name);

                // Every figure of the period as the release prints it (and its USD translation), at its own line and cell.
                var source = printed.Where(f => f.Table == table && f.Lang == lang && f.PeriodStart == start && f.PeriodEnd == end).ToList();
                var columns = statement.Columns.Select((c, i) => (c, i))
                    .Where(x => x.c.PeriodStart == start && x.c.PeriodEnd == end && x.c.Source == "release").Select(x => x.i).ToList();
                var regenerated = statement.Rows.SelectMany(r => columns.Where(i => r.Cells[i] is not null).Select(i => (Row: r, Cell: r.Cells[i]!))).ToList();
                Assert.Equal(source.Count, regenerated.Count);
                foreach (var f in source)
                {
                    var at = regenerated.Where(x => x.Cell.Line == f.Line && x.Cell.Column == f.Column && x.Cell.Unit == f.Unit).ToList();
                    Assert.True(at.Count >= 1, $"{doc.Name}:{f.Line} cell {f.Column} ({f.Label}, {f.Printed}) missing from the regenerated {table} {PeriodArgument(f)}");
                    Assert.Contains(at, x => x.Cell.Value == f.Value && x.Cell.Printed == f.Printed && x.Cell.Status == f.Status.Code()
                                             && x.Row.Concept == f.Concept && x.Row.PrintedLabel == f.Label);
                    // A figure that ties out stands, as printed, on its cited line of the document (or the lines beside it:
                    // a label wrapped over lines, a re-oriented table).
                    // Lines are the file's own lines where the file is text or HTML, the rendering's for a PDF: either may hold it.
                    if (f.Status == FactStatus.Ok)
                    {
                        var raw = rawLines.GetValueOrDefault(doc.Path) ?? (rawLines[doc.Path] = doc.Path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? [] : File.ReadAllLines(doc.Path));
                        string Window(IReadOnlyList<string> lines) => Digits(string.Concat(Enumerable.Range(f.Line - 2, 5).Where(l => l >= 1 && l <= lines.Count).Select(l => lines[l - 1])));
                        Assert.True(Window(doc.Lines).Contains(Digits(f.Printed)) || Window(raw).Contains(Digits(f.Printed)),
                            $"{doc.Name}:{f.Line}: {f.Printed} is not on its cited line");
                    }
                    cells++;
                }
                // The release's own row order.
                var lines = statement.Rows.Select(r => r.Line).ToList();
                Assert.Equal(lines.Order().ToList(), lines);
            }
        }
        Assert.Equal(store.Sources.Count, documents.Count);
        Assert.True(statements >= 60, $"{statements} statements");
        Assert.True(cells >= 1_500, $"{cells} cells");
    }

    /// <summary>The digits of a token: a figure split over a PDF's columns, an HTML cell's tags or a $ cell is the same figure.</summary>
    static string Digits(string s) => new(s.Where(char.IsAsciiDigit).ToArray());

    [Fact]
    public void Comparison_columns_are_the_year_and_quarter_before_with_their_changes_and_shares()
    {
        using var q = KessanQueries.Open(store.Db);
        int compared = 0, fromStore = 0;
        foreach (var s in q.Statements().Where(s => s.ReportingPeriod && s.Table is "income" or "balance"))
        {
            var statement = q.Statement(s, s.Languages[0]);
            int current = statement.ColumnOf(StatementRoles.Current), py = statement.ColumnOf(StatementRoles.PriorYear), pq = statement.ColumnOf(StatementRoles.PriorQuarter);
            Assert.True(current >= 0);
            if (py >= 0)
            {
                var c = statement.Columns[py];
                Assert.InRange(statement.PeriodEnd.DayNumber - c.PeriodEnd.DayNumber, 358, 372);
            }
            if (pq >= 0) Assert.InRange(statement.PeriodEnd.DayNumber - statement.Columns[pq].PeriodEnd.DayNumber, 84, 98);
            foreach (var row in statement.Rows)
            {
                var now = row.Cells[current]?.Value;
                if (py >= 0 && now is { } n && row.Cells[py]?.Value is { } before && before != 0)
                {
                    Assert.Equal(decimal.Round((n - before) / Math.Abs(before) * 100, 1, MidpointRounding.AwayFromZero), row.YoYPercent);
                    compared++;
                }
                if (pq >= 0 && statement.Columns[pq].Source == "store" && row.Cells[pq] is { } stored)
                {
                    // A quarter the release does not print is the store's value of the same line from the release that printed it.
                    var fact = q.AllFacts(new FactFilter(Doc: stored.Doc, Concept: row.Concept)).Single(f => f.Line == stored.Line && f.Column == stored.Column);
                    Assert.Equal(fact.Value, stored.Value);
                    Assert.NotEqual(statement.Doc, stored.Doc);
                    fromStore++;
                }
            }
            var total = statement.Rows.FirstOrDefault(r => r.Concept == statement.TotalConcept && r.Cells[current] is not null);
            if (total is not null) Assert.Equal(100.0m, total.PercentOfTotal);
        }
        Assert.True(compared > 200, $"{compared} year-over-year changes");
    }

    [Fact]
    public void Japanese_labels_come_from_the_taxonomy()
    {
        using var q = KessanQueries.Open(store.Db);
        var s = q.Statements().First(s => s.Table == "income" && s.ReportingPeriod && s.Languages.Contains("en"));
        var en = q.Statement(s, "en");
        var ja = q.Statement(s, "ja");
        var revenues = ja.Rows.First(r => r.Concept == "us-gaap:Revenues");
        Assert.Equal(TaxonomyLoader.Default.Find("us-gaap:Revenues")!.PreferredLabel("ja"), revenues.Label);
        Assert.Contains(revenues.Label, c => c >= 0x3040);
        Assert.Equal(en.Rows.Select(r => r.Cells[en.ColumnOf(StatementRoles.Current)]?.Value), ja.Rows.Select(r => r.Cells[ja.ColumnOf(StatementRoles.Current)]?.Value));
    }

    static Fact Figure(string doc, string concept, DateOnly start, DateOnly end, decimal value, int line, int column) =>
        new(doc, doc + "-sha", "Example Co", concept, concept.Split(':')[1], "income", start, end, $"FY Q{(end.Month + 2) / 3}",
            value, "USD", false, line, column, value.ToString("#,0", CultureInfo.InvariantCulture), FactStatus.Ok, "en", true, Decimals: 0);

    [Fact]
    public void A_quarter_the_release_does_not_print_comes_from_the_release_that_does()
    {
        using var dir = new TestPaths.TempDir();
        var db = dir.File("two.db");
        DateOnly D(int m, int d) => new(2030, m, d);
        using (IFactStore s = new SqliteFactStore(db))
        {
            // Q1's release prints Q1; Q2's release prints Q2 and the year before, not Q1.
            s.Save(new SourceDocument("q1.txt", dir.File("q1.txt"), "q1.txt-sha", ["x"]), new DocumentMeta("Example Co", "en", D(3, 31), null),
                [Figure("q1.txt", "us-gaap:Revenues", D(1, 1), D(3, 31), 200m, 10, 2), Figure("q1.txt", "us-gaap:CostOfRevenue", D(1, 1), D(3, 31), 150m, 11, 2)], []);
            s.Save(new SourceDocument("q2.txt", dir.File("q2.txt"), "q2.txt-sha", ["x"]), new DocumentMeta("Example Co", "en", D(6, 30), null),
                [Figure("q2.txt", "us-gaap:Revenues", D(4, 1), D(6, 30), 250m, 20, 2), Figure("q2.txt", "us-gaap:Revenues", new(2029, 4, 1), new(2029, 6, 30), 125m, 20, 3),
                 Figure("q2.txt", "us-gaap:CostOfRevenue", D(4, 1), D(6, 30), 100m, 21, 2), Figure("q2.txt", "us-gaap:CostOfRevenue", new(2029, 4, 1), new(2029, 6, 30), 80m, 21, 3)], []);
        }
        using var q = KessanQueries.Open(db);
        var statement = q.Statement("income", "2030-06-30");
        Assert.Equal("q2.txt", statement.Doc);
        Assert.Equal([StatementRoles.Current, StatementRoles.PriorYear, StatementRoles.PriorQuarter], statement.Columns.Select(c => c.Role));
        Assert.Equal("store", statement.Columns[2].Source);
        Assert.Equal(["us-gaap:Revenues", "us-gaap:CostOfRevenue"], statement.Rows.Select(r => r.Concept));
        var revenues = statement.Rows[0];
        Assert.Equal(200m, revenues.Cells[2]!.Value);
        Assert.Equal("q1.txt", revenues.Cells[2]!.Doc);
        Assert.Equal(100.0m, revenues.YoYPercent);
        Assert.Equal(25.0m, revenues.QoQPercent);
        Assert.Equal(100.0m, revenues.PercentOfTotal);
        var cost = statement.Rows[1];
        Assert.Equal(25.0m, cost.YoYPercent);
        Assert.Equal(-33.3m, cost.QoQPercent);
        Assert.Equal(40.0m, cost.PercentOfTotal);
        // The first quarter is regenerated from its own release, with no quarter before it stored.
        var first = q.Statement("income", "2030-03-31");
        Assert.Equal("q1.txt", first.Doc);
        Assert.Equal([StatementRoles.Current], first.Columns.Select(c => c.Role));
    }

    static async Task<(int Exit, string Out, string Err)> Kessan(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = await KessanCommand.RunAsync(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task The_statement_command_prints_table_csv_and_jsonl_and_suggests_periods()
    {
        var fiscal = store.Sources.SelectMany(s => s.Facts).First(f => f.Table == "income" && f.FiscalPeriod.Contains('Q')).FiscalPeriod;
        var table = await Kessan("statement", "income", "--period", fiscal, "--db", store.Db);
        Assert.Equal(0, table.Exit);
        Assert.Contains("YoY %", table.Out);
        var csv = await Kessan("statement", "income", "--period", fiscal, "--format", "csv", "--db", store.Db);
        Assert.StartsWith("order,line,concept,label,unit,", csv.Out);
        var jsonl = await Kessan("statement", "balance", "--period", fiscal, "--format", "jsonl", "--lang", "ja", "--db", store.Db);
        Assert.Equal(0, jsonl.Exit);
        Assert.All(jsonl.Out.Trim().Split('\n'), l => Assert.Contains("\"cells\":[", l));

        var bad = await Kessan("statement", "income", "--period", fiscal + "9", "--db", store.Db);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("nearest:", bad.Err);
        var missing = Path.Combine(Path.GetTempPath(), $"kessan-missing-{Guid.NewGuid():N}.db");
        var none = await Kessan("statement", "income", "--period", fiscal, "--db", missing);
        Assert.Equal(2, none.Exit);
        Assert.False(File.Exists(missing));
    }
}
