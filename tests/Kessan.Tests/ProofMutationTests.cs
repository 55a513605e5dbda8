using System.Text;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Tables;
using Kessan.Taxonomy;
using Xunit.Abstractions;

namespace Kessan.Tests;

/// <summary>
/// Damage one printed cell of a statement table of seeds 000–002 at random (change a digit, drop a digit, swap two
/// adjacent digits, flip the sign) and check that a finding names the damaged line. Seeded, so every run draws the
/// same mutations; the measured rate is written to the test output.
/// </summary>
public sealed class ProofMutationTests(ITestOutputHelper output)
{
    public static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("KESSAN_MUTATION_SEED"), out var s) ? s : 20260121;
    static readonly int Mutations = int.TryParse(Environment.GetEnvironmentVariable("KESSAN_MUTATIONS"), out var n) ? n : 400;

    sealed record Target(SourceDocument Doc, int Line, int Cell, string Printed);

    public enum Kind { ChangeDigit, DropDigit, SwapDigits, FlipSign }

    [Fact]
    public void A_finding_names_the_mutated_line_in_at_least_99_percent_of_single_cell_mutations()
    {
        using var dir = new TestPaths.TempDir();
        using var store = new SqliteFactStore(dir.File("m.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        var docs = new[] { "000", "001", "002" }.Select(p => DocumentReader.Read(TestPaths.Seed(p))).ToList();
        var baseline = docs.ToDictionary(d => d.Name, d => ingestor.Analyze(d).Proof.Findings.Select(Key).ToHashSet());
        var printedFacts = docs.SelectMany(d => ingestor.Analyze(d).Facts.Select(f => (d.Name, f))).ToDictionary(x => (x.Name, x.f.Line, x.f.Column), x => x.f.Value);
        var targets = new List<Target>();
        foreach (var doc in docs)
            foreach (var table in ingestor.Analyze(doc).Tables.Where(t => t.Kind is StatementKind.Income or StatementKind.IncomeYtd or StatementKind.Balance or StatementKind.CashFlow))
                foreach (var row in table.Rows.Where(r => !r.IsSection))
                    foreach (var cell in row.Cells.Where(c => c.Number.IsNumber))
                        targets.Add(new Target(doc, row.Line, cell.Column, cell.Printed));

        var random = new Random(Seed);
        int detected = 0, total = 0, repaired = 0, wrongRepairs = 0;
        var missed = new List<string>();
        var byKind = new Dictionary<Kind, (int Detected, int Total)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (total < Mutations)
        {
            var t = targets[random.Next(targets.Count)];
            var kind = (Kind)random.Next(4);
            var mutated = Mutate(t.Printed, kind, random);
            if (mutated is null) continue;
            var before = NumberToken.Parse(t.Printed);
            var after = NumberToken.Parse(mutated);
            if (after.Kind == before.Kind && after.Value == before.Value) continue;
            total++;
            var doc = WithCell(t.Doc, t.Line, t.Cell, mutated);
            bool named;
            try
            {
                var analysis = ingestor.Analyze(doc);
                var findings = analysis.Proof.Findings;
                named = findings.Any(f => f.Line == t.Line && f.Severity != Severity.Info && !baseline[t.Doc.Name].Contains(Key(f)));
                // A repair of the damaged cell must give back the figure the document printed before the damage.
                var damaged = analysis.Facts.FirstOrDefault(f => f.Line == t.Line && f.Column == t.Cell + 1);
                if (damaged is not null && printedFacts.TryGetValue((t.Doc.Name, t.Line, t.Cell + 1), out var original))
                    foreach (var f in findings.Where(f => f.Line == t.Line && f.Repair is not null && f.Found == damaged.Value && f.PeriodEnd == damaged.PeriodEnd))
                    {
                        if (f.Repair!.Value == original) repaired++;
                        else { wrongRepairs++; output.WriteLine($"  repair {f.Repair.Value} ≠ {original}: {t.Doc.Name[..3]}:{t.Line} {t.Printed} → {mutated}"); }
                    }
            }
            catch (DocumentRejectedException) { named = true; } // the reader refuses the document and names the line
            var (d, n) = byKind.GetValueOrDefault(kind);
            byKind[kind] = (d + (named ? 1 : 0), n + 1);
            if (named) detected++;
            else missed.Add($"{t.Doc.Name[..3]}:{t.Line} cell {t.Cell + 1}: {t.Printed} → {mutated} ({kind})");
        }
        var rate = (decimal)detected / total;
        output.WriteLine($"mutation detection (Random seed {Seed}): {detected} of {total} single-cell mutations named by a finding = {rate:P1}; {clock.ElapsedMilliseconds / (double)total:0.0} ms per document");
        foreach (var (k, (d, n)) in byKind.OrderBy(k => k.Key)) output.WriteLine($"  {k}: {d}/{n}");
        output.WriteLine($"  repaired to the figure printed before the damage: {repaired}; to another value: {wrongRepairs} (where the release had moved a USD rounding to foot, the repair is the rounded translation)");
        foreach (var m in missed) output.WriteLine("  missed " + m);
        Assert.True(rate >= 0.99m, $"detection {rate:P1} < 99%:\n" + string.Join('\n', missed));
    }

    /// <summary>KESSAN_DEBUG_MUTATION="001:346:2:464,481" prints the findings of one mutated document (a no-op otherwise).</summary>
    [Fact]
    public void Debug_one_mutation()
    {
        if (Environment.GetEnvironmentVariable("KESSAN_DEBUG_MUTATION") is not { Length: > 0 } spec) return;
        var parts = spec.Split(':');
        using var dir = new TestPaths.TempDir();
        using var store = new SqliteFactStore(dir.File("m.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        var doc = WithCell(DocumentReader.Read(TestPaths.Seed(parts[0])), int.Parse(parts[1]), int.Parse(parts[2]), parts[3]);
        foreach (var f in ingestor.Analyze(doc).Proof.Findings.Where(f => f.Severity != Severity.Info))
            output.WriteLine($"{f.Line} {f.Severity} {f.Rule} {f.PeriodEnd} {f.Message}");
    }

    static (int, string, Severity, DateOnly?, decimal?, decimal?) Key(Finding f) => (f.Line, f.Rule, f.Severity, f.PeriodEnd, f.Expected, f.Found);

    static SourceDocument WithCell(SourceDocument doc, int line, int cell, string text)
    {
        var lines = doc.Lines.ToArray();
        var cells = lines[line - 1].Split('\t');
        cells[cell] = text;
        lines[line - 1] = string.Join('\t', cells);
        return doc with { Lines = lines, Sha256 = doc.Sha256 + "-m" };
    }

    /// <summary>One keystroke of damage to a printed figure, or null when this kind does not apply.</summary>
    public static string? Mutate(string s, Kind kind, Random random)
    {
        var digits = Enumerable.Range(0, s.Length).Where(i => char.IsAsciiDigit(s[i])).ToList();
        if (digits.Count == 0) return null;
        switch (kind)
        {
            case Kind.ChangeDigit:
            {
                int at = digits[random.Next(digits.Count)];
                char d;
                do d = (char)('0' + random.Next(10)); while (d == s[at]);
                return s[..at] + d + s[(at + 1)..];
            }
            case Kind.SwapDigits:
            {
                var pairs = Enumerable.Range(0, digits.Count - 1).Where(k => s[digits[k]] != s[digits[k + 1]]).ToList();
                if (pairs.Count == 0) return null;
                int k = pairs[random.Next(pairs.Count)];
                var chars = s.ToCharArray();
                (chars[digits[k]], chars[digits[k + 1]]) = (chars[digits[k + 1]], chars[digits[k]]);
                return new string(chars);
            }
            case Kind.FlipSign:
                if (s.StartsWith('(') && s.EndsWith(')')) return s[1..^1];
                if (s.StartsWith('-') || s.StartsWith('▲')) return s[1..];
                return "(" + s + ")";
            default:
            {
                // Drop one digit and print the figure again with its separators, as a retyped figure would be.
                if (digits.Count < 2) return null;
                int first = digits[0], last = digits[^1];
                string prefix = s[..first], suffix = s[(last + 1)..], body = s[first..(last + 1)];
                bool commas = body.Contains(',');
                var plain = body.Replace(",", "");
                var positions = Enumerable.Range(0, plain.Length).Where(i => char.IsAsciiDigit(plain[i])).ToList();
                plain = plain.Remove(positions[random.Next(positions.Count)], 1);
                int dot = plain.IndexOf('.');
                string whole = dot >= 0 ? plain[..dot] : plain, frac = dot >= 0 ? plain[dot..] : "";
                if (whole.Length == 0) whole = "0";
                if (frac == ".") return null;
                whole = whole.TrimStart('0');
                if (whole.Length == 0) whole = "0";
                if (commas) whole = Group(whole);
                return prefix + whole + frac + suffix;
            }
        }
    }

    static string Group(string digits)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0) sb.Append(',');
            sb.Append(digits[i]);
        }
        return sb.ToString();
    }
}
