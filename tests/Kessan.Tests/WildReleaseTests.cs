using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Tables;
using Kessan.Taxonomy;
using Xunit.Abstractions;

namespace Kessan.Tests;

/// <summary>
/// The ten real releases of ../shared/wild (EDGAR HTML and text, PDF, TDnet; USD, EUR, JPY), ingested once into a real
/// SQLite file. Nothing in the product knows these files: the tests measure the general mechanisms on them.
/// </summary>
public sealed class WildStoreFixture : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public IReadOnlyList<IngestReport> Reports { get; }
    public IReadOnlyList<Fact> Facts { get; }
    public IReadOnlyList<Finding> Findings { get; }

    public WildStoreFixture()
    {
        using var store = new SqliteFactStore(_dir.File("wild.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        Reports = Ingestor.Expand([TestPaths.WildDocs]).Select(ingestor.Ingest).ToList();
        Facts = store.Facts(new FactQuery()).ToList();
        Findings = store.Findings().ToList();
        Documents = store.Documents();
        Restatements = Analysis.ReleaseHistory.Restatements(store, TaxonomyLoader.Default).ToList();
    }

    public IReadOnlyList<StoredDocument> Documents { get; }
    public IReadOnlyList<Analysis.Restatement> Restatements { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>Recall of the wild truth as ../shared/wild/tools/score.py computes it: same document, period, unit and exact value, and the same line or a similar label.</summary>
public static partial class WildTruth
{
    public sealed record Truth(string Doc, string Table, string Label, string? LabelEn, DateOnly? Start, DateOnly End, decimal Value, string Unit, int? Line);

    public static IEnumerable<Truth> Load()
    {
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Shared, "wild", "truth.jsonl")))
        {
            if (line.Trim().Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            string? S(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            yield return new Truth(S("doc")!, S("table")!, S("label") ?? "", S("label_en"),
                S("period_start") is { } s ? DateOnly.Parse(s, CultureInfo.InvariantCulture) : null,
                DateOnly.Parse(S("period_end")!, CultureInfo.InvariantCulture),
                r.GetProperty("value").GetDecimal(), S("unit")!,
                r.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null);
        }
    }

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex CamelBoundary();

    [GeneratedRegex(@"[a-z]+|[\u3040-\u30ff\u4e00-\u9fff]")]
    private static partial Regex Word();

    static readonly HashSet<string> Stop = ["us", "gaap", "iij", "and", "of", "the", "in", "for", "net", "total", "services", "service", "revenues", "revenue", "s"];

    static HashSet<string> Tokens(string? s) =>
        Word().Matches(CamelBoundary().Replace(s ?? "", "$1 $2").ToLowerInvariant()).Select(m => m.Value).Where(w => !Stop.Contains(w)).ToHashSet();

    static double Similarity(string? a, string? b)
    {
        var (ta, tb) = (Tokens(a), Tokens(b));
        if (ta.Count == 0 || tb.Count == 0) return 0;
        return (double)ta.Intersect(tb).Count() / Math.Min(ta.Count, tb.Count);
    }

    public static bool Found(Truth t, ILookup<(string, DateOnly?, DateOnly, string), Fact> facts) =>
        facts[(t.Doc, t.Start, t.End, t.Unit)].Any(f => f.Value == t.Value && (f.Line == t.Line
            || new[] { Similarity(t.Label, f.Label), Similarity(t.LabelEn, f.Label), Similarity(t.Label, f.Concept), Similarity(t.LabelEn, f.Concept) }.Max() >= 0.5));
}

public sealed class WildReleaseTests(WildStoreFixture wild, ITestOutputHelper output) : IClassFixture<WildStoreFixture>
{
    /// <summary>
    /// The recall each document reaches today, a floor that only rises (the goal is 98% on every document). A change
    /// that loses a fact any document had fails here with the document named.
    /// </summary>
    static readonly Dictionary<string, decimal> Floor = new()
    {
        ["01"] = 1.00m, ["02"] = 1.00m, ["03"] = 1.00m, ["04"] = 1.00m, ["05"] = 1.00m,
        ["06"] = 1.00m, ["07"] = 0.98m, ["08"] = 1.00m, ["09"] = 1.00m, ["10"] = 1.00m,
    };

    [Fact]
    public void A_statement_printing_a_quarter_beside_six_months_files_each_figure_in_its_own_table()
    {
        // Alphabet's statement of income prints the quarters and the six months side by side (contract: `income` is
        // three-month, `income_ytd` six or nine).
        var revenues = wild.Facts.Where(f => f.Doc.StartsWith("07_") && f.Concept == "us-gaap:Revenues" && f.Line == wild.Facts
            .First(g => g.Doc.StartsWith("07_") && g.Concept == "us-gaap:Revenues" && g.PeriodStart == new DateOnly(2026, 1, 1) && g.PeriodEnd == new DateOnly(2026, 6, 30)).Line).ToList();
        Assert.Contains(revenues, f => f.PeriodStart == new DateOnly(2026, 4, 1) && f.Table == "income");
        Assert.Contains(revenues, f => f.PeriodStart == new DateOnly(2026, 1, 1) && f.Table == "income_ytd");
        Assert.All(wild.Facts.Where(f => f.Table == "income"), f => Assert.True(f.PeriodStart is { } s && new Periods.Period(s, f.PeriodEnd).Months <= 3, $"{f.Doc}:{f.Line} {f.PeriodStart}..{f.PeriodEnd} in income"));
    }

    [Fact]
    public void Each_wild_release_is_its_issuers_as_the_release_names_it_and_none_restates_another_issuers_figures()
    {
        // No company file knows these issuers: each is read from the release, and one issuer's quarter (Apple's, to
        // June 2003) is never a restatement of another's (Sears', to June 2003) as it was when both were company "".
        var issuers = wild.Documents.ToDictionary(d => d.Name[..2], d => d.Meta.Company);
        Assert.Equal("Sears", issuers["02"]);
        Assert.Equal(issuers["03"], issuers["04"]);
        Assert.Equal("Oracle Corporation", issuers["05"]);
        Assert.Equal("トヨタ自動車株式会社", issuers["09"]);
        Assert.Equal(wild.Documents.Count - 1, issuers.Values.Distinct().Count());
        Assert.DoesNotContain(issuers.Values, string.IsNullOrEmpty);
        Assert.All(wild.Facts, f => Assert.Equal(wild.Documents.Single(d => d.Sha256 == f.DocSha256).Meta.Company, f.Company));
        Assert.Empty(wild.Restatements);
    }

    [Fact]
    public void Statement_facts_of_every_wild_release_are_recalled_at_least_as_well_as_before()
    {
        var facts = wild.Facts.ToLookup(f => (f.Doc, f.PeriodStart, f.PeriodEnd, f.Unit));
        var truth = WildTruth.Load().ToList();
        Assert.True(truth.Count >= 1500, $"truth has {truth.Count} facts");
        var below = new List<string>();
        foreach (var doc in truth.GroupBy(t => t.Doc).OrderBy(g => g.Key))
        {
            int found = doc.Count(t => WildTruth.Found(t, facts));
            decimal recall = (decimal)found / doc.Count();
            output.WriteLine($"{doc.Key,-34} recall {recall:0.0000} ({found}/{doc.Count()})");
            if (recall < Floor[doc.Key[..2]]) below.Add($"{doc.Key}: {recall:P1} < {Floor[doc.Key[..2]]:P0}");
        }
        Assert.True(below.Count == 0, string.Join('\n', below));
    }

    [Fact]
    public void No_figure_is_stored_in_a_currency_the_release_does_not_state()
    {
        // USD, EUR and JPY releases: no fact of one may carry another's currency, and none is silently unknown.
        var expected = new Dictionary<string, string[]>
        {
            ["01"] = ["USD"], ["02"] = ["USD"], ["03"] = ["USD"], ["04"] = ["USD"], ["05"] = ["USD"], ["06"] = ["USD"],
            ["07"] = ["USD"], ["08"] = ["EUR"], ["09"] = ["JPY"], ["10"] = ["JPY"],
        };
        foreach (var f in wild.Facts.Where(f => f.Unit.Length == 3 || f.Unit.Contains('/')))
        {
            var currency = f.Unit.Split('/')[0];
            if (currency is "ADS") continue;
            Assert.True(expected[f.Doc[..2]].Contains(currency), $"{f.Doc}:{f.Line} {f.Label} {f.Printed} stored as {f.Unit}");
        }
    }

    [Fact]
    public void A_figure_printed_with_a_currency_sign_is_never_an_ok_count()
    {
        // Alphabet's highlights table ("Operating income (loss): Google Services $ 33,063 …") states no scale of its own.
        var counts = wild.Facts.Where(f => f.Printed.IndexOfAny(['$', '€', '¥', '£']) >= 0 && f.Unit.Split('/')[0] is "count" or "shares" or "percent").ToList();
        Assert.Contains(counts, f => f.Doc.StartsWith("07", StringComparison.Ordinal));
        Assert.All(counts, f => Assert.Equal(FactStatus.Flagged, f.Status));
        // Said once for the table, at its first line.
        Assert.All(counts, f => Assert.Contains(wild.Findings, g => g.Doc == f.Doc && g.Line <= f.Line && g.Message.Contains("prints its figures as money")));
        // The same table's rows printed without the sign ("Google Cloud 2,826") are money of the same unknown scale.
        var unsigned = wild.Facts.Where(f => f.Doc.StartsWith("07", StringComparison.Ordinal) && f.Label == "Google Cloud" && f.Unit == "count").ToList();
        Assert.NotEmpty(unsigned);
        Assert.All(unsigned, f => Assert.Equal(FactStatus.Flagged, f.Status));
    }

    [Fact]
    public void Per_share_figures_are_never_scaled_and_share_counts_take_their_own_scale()
    {
        foreach (var f in wild.Facts.Where(f => f.Unit.EndsWith("/share", StringComparison.Ordinal)))
            Assert.True(Math.Abs(f.Value) < 10_000m, $"{f.Doc}:{f.Line} {f.Label} {f.Printed} → {f.Value} {f.Unit}");
        // Share counts: no company here has fewer than a million shares or more than twenty billion.
        foreach (var f in wild.Facts.Where(f => f.Unit == "count" && f.Table is "income" or "income_ytd"))
            Assert.True(f.Value is >= 1_000_000m and <= 20_000_000_000m, $"{f.Doc}:{f.Line} {f.Label} {f.Printed} → {f.Value}");
    }

    /// <summary>
    /// The wild releases' statement identities hold within their printed rounding (the truth's check_truth.py found every
    /// one consistent), so an <c>error</c> finding is either a real defect of the document, named here with its reason,
    /// or a fault of Kessan's. Format as seed-defects.txt: doc:line severity rule periodEnd.
    /// </summary>
    static readonly string[] WildDefects =
    [
        // None. Sears' 13-week basic EPS 0.25 against its only (diluted-basis) share count, 53 ÷ 216.5, holds within the
        // printed rounding (../shared/wild README, anomaly 4, is about reproducing it exactly); the error once listed here
        // was Kessan dividing the per share before the cumulative effect by net income after it.
    ];

    [Fact]
    public void Every_error_on_the_wild_releases_is_a_named_defect_of_the_document()
    {
        var actual = wild.Findings.Where(f => f.Severity == Severity.Error)
            .Select(f => $"{f.Doc[..2]}:{f.Line} error {f.Rule} {f.PeriodEnd:yyyy-MM-dd}").ToList();
        foreach (var f in wild.Findings.Where(f => f.Severity == Severity.Error))
            output.WriteLine($"{f.Doc[..2]}:{f.Line} {f.Rule} {f.PeriodEnd:yyyy-MM-dd} expected {f.Expected} found {f.Found}: {f.Message}");
        Assert.Equal(WildDefects.Order(), actual.Order());
    }

    /// <summary>
    /// The detection rate of single-cell mutations of the wild statements reaches today, a floor that only rises: 297 of
    /// 300 (1,470 of 1,500 with KESSAN_WILD_MUTATIONS=1500; most misses change a share count within what its per-share
    /// figure's rounding allows, or a figure no identity reaches, such as a supplemental cash-flow line).
    /// </summary>
    const decimal MutationFloor = 0.99m;

    static readonly int WildMutations = int.TryParse(Environment.GetEnvironmentVariable("KESSAN_WILD_MUTATIONS"), out var n) ? n : 300;

    [Fact]
    public void Single_cell_mutations_of_wild_statements_are_named_by_a_finding()
    {
        var ingestor = new Ingestor(null!, TaxonomyLoader.Default);
        var docs = Ingestor.Expand([TestPaths.WildDocs]).Select(p =>
        {
            try { return DocumentReader.Read(p); } catch (DocumentRejectedException) { return null; }
        }).OfType<SourceDocument>().ToList();
        var targets = new List<(SourceDocument Doc, int Line, int Cell, string Printed)>();
        var baseline = new Dictionary<string, HashSet<(int, string, Severity, DateOnly?, decimal?, decimal?)>>();
        foreach (var doc in docs)
        {
            DocumentAnalysis analysis;
            try { analysis = ingestor.Analyze(doc); } catch (DocumentRejectedException) { continue; }
            baseline[doc.Name] = analysis.Proof.Findings.Select(Key).ToHashSet();
            foreach (var table in analysis.Tables.Where(t => t.Kind is StatementKind.Income or StatementKind.IncomeYtd or StatementKind.Balance or StatementKind.CashFlow))
                foreach (var row in table.Rows.Where(r => !r.IsSection))
                    foreach (var cell in row.Cells.Where(c => c.Number.IsNumber && table.Column(c.Column)?.Role == ColumnRole.Value))
                        if (Target(doc, row, cell) is { } at) targets.Add((doc, at.Line, at.Cell, cell.Printed));
        }
        var random = new Random(ProofMutationTests.Seed);
        int detected = 0, total = 0;
        var missed = new List<string>();
        while (total < WildMutations && targets.Count > 0)
        {
            var t = targets[random.Next(targets.Count)];
            var kind = (ProofMutationTests.Kind)random.Next(4);
            var mutated = ProofMutationTests.Mutate(t.Printed, kind, random);
            if (mutated is null || NumberToken.Parse(mutated) is var after && after.Kind == CellKind.Number && after.Value == NumberToken.Parse(t.Printed).Value) continue;
            total++;
            bool named;
            try
            {
                var findings = ingestor.Analyze(WithCell(t.Doc, t.Line, t.Cell, t.Printed, mutated)).Proof.Findings;
                // Findings give file lines; the target is a rendered row (one HTML row spans many file lines).
                var row = t.Doc.FileLines(t.Line);
                named = findings.Any(f => row.Contains(f.Line) && f.Severity != Severity.Info && !baseline[t.Doc.Name].Contains(Key(f)));
            }
            catch (DocumentRejectedException) { named = true; }
            if (named) detected++;
            else missed.Add($"{t.Doc.Name[..2]}:{t.Line} cell {t.Cell + 1}: {t.Printed} → {mutated} ({kind})");
        }
        var rate = total == 0 ? 0 : (decimal)detected / total;
        output.WriteLine($"{targets.Count} figures of {docs.Count} documents can be damaged");
        output.WriteLine($"wild mutation detection (seed {ProofMutationTests.Seed}): {detected} of {total} = {rate:P1}");
        foreach (var m in missed) output.WriteLine("  missed " + m);
        Assert.True(rate >= MutationFloor, $"detection {rate:P1} < {MutationFloor:P0}");
    }

    static (int, string, Severity, DateOnly?, decimal?, decimal?) Key(Finding f) => (f.Line, f.Rule, f.Severity, f.PeriodEnd, f.Expected, f.Found);

    /// <summary>
    /// Where a figure is printed: its source line and cell (a table whose periods are rows reads its figures from other
    /// places than its row's), when that cell of a tab-separated line (HTML) holds the token, or a text line prints it once.
    /// </summary>
    internal static (int Line, int Cell)? Target(SourceDocument doc, TableRow row, TableCell cell)
    {
        int line = cell.Source?.Line ?? row.Line, index = cell.Source is { } source ? source.Column - 1 : cell.Column;
        var text = doc.LineText(line);
        if (text.Contains('\t'))
            return text.Split('\t') is var cells && cells.Length > index && cells[index].Contains(cell.Printed, StringComparison.Ordinal) ? (line, index) : null;
        return text.IndexOf(cell.Printed, StringComparison.Ordinal) is var at && at >= 0 && text.IndexOf(cell.Printed, at + 1, StringComparison.Ordinal) < 0 ? (line, index) : null;
    }

    internal static SourceDocument WithCell(SourceDocument doc, int line, int cell, string printed, string text)
    {
        var lines = doc.Lines.ToArray();
        var current = lines[line - 1];
        if (current.Contains('\t'))
        {
            var cells = current.Split('\t');
            cells[cell] = text;
            lines[line - 1] = string.Join('\t', cells);
        }
        else
        {
            // Keep the columns where they stood: the new token takes the old one's place, padded or trimmed on its left.
            int at = current.IndexOf(printed, StringComparison.Ordinal);
            var padded = text.Length < printed.Length ? text.PadLeft(printed.Length) : text;
            lines[line - 1] = current[..at] + padded + current[(at + printed.Length)..];
        }
        return doc with { Lines = lines, Sha256 = doc.Sha256 + "-m" };
    }
}
