using System.Text;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Taxonomy;
using Kessan.Tables;
using Xunit.Abstractions;

namespace Kessan.Tests;

/// <summary>
/// What the proof sees of one release, for working on its rules: KESSAN_DEBUG_PROOF="path[:line:cell:text]" prints
/// every statement row with its concept and each figure with the rules whose identities cover it (a figure no
/// identity covers cannot be named when it is damaged), then the findings (of the mutated document, when a mutation
/// is given). A no-op without the variable.
/// </summary>
public sealed class ProofDiagnostics(ITestOutputHelper output)
{
    [Fact]
    public void Dump_the_proof_of_one_document()
    {
        if (Environment.GetEnvironmentVariable("KESSAN_DEBUG_PROOF") is not { Length: > 0 } spec) return;
        var parts = spec.Split(':', 4);
        var path = File.Exists(parts[0]) ? parts[0] : Directory.GetFiles(TestPaths.WildDocs, parts[0] + "*").Concat(Directory.GetFiles(TestPaths.Seeds, parts[0] + "*")).First();
        var doc = DocumentReader.Read(path);
        if (parts.Length == 4)
        {
            var lines = doc.Lines.ToArray();
            int line = int.Parse(parts[1]), cell = int.Parse(parts[2]);
            var cells = lines[line - 1].Split('\t');
            if (cells.Length > cell) { cells[cell] = parts[3]; lines[line - 1] = string.Join('\t', cells); }
            doc = doc with { Lines = lines, Sha256 = doc.Sha256 + "-m" };
        }
        var ingestor = new Ingestor(null!, TaxonomyLoader.Default);
        var read = ingestor.Read(doc);
        var (sheet, constraints, notes) = ingestor.Proof.Build(doc, read.Resolved, read.Facts);
        var of = constraints.SelectMany(k => k.Slots.Select(s => (s, k))).ToLookup(x => x.s, x => x.k);
        var sb = new StringBuilder();
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var t = sheet.Tables[ti];
            if (!ProofSheet.IsStatement(t)) continue;
            sb.AppendLine($"== table {ti} {t.Kind} lines {t.FirstLine}-{t.LastLine} columns: {string.Join(" | ", t.Columns.Select(c => $"{c.Index}:{c.Role}:{c.Period}"))}");
            foreach (var r in sheet.Rows[ti])
            {
                sb.Append($"{r.Row.Line,5} {(r.Row.IsSection ? "S" : " ")} {r.Type,-9} {r.Concept,-50} '{r.Row.Label}'");
                foreach (var s in r.Slots.Values)
                {
                    var rules = string.Join(",", of[s].Select(k => k.Rule + (k.Check() == CheckResult.Holds ? "" : "!")).Distinct());
                    sb.Append($"  [{s.Column.Index} {s.PrintedText} {rules}]");
                }
                sb.AppendLine();
            }
        }
        foreach (var n in notes) sb.AppendLine($"note {n.Line} {n.Severity} {n.Rule}: {n.Message}");
        foreach (var f in ingestor.Analyze(doc).Proof.Findings.Where(f => f.Severity != Severity.Info))
            sb.AppendLine($"finding {f.Line} {f.Severity} {f.Rule} {f.PeriodEnd}: {f.Message}");
        output.WriteLine(sb.ToString());
    }

    /// <summary>
    /// KESSAN_DEBUG_WILD_MISSES=N draws the wild mutation test's first N mutations and, for each one no finding names,
    /// prints the rules covering the damaged figure before and after the damage and the findings on its line.
    /// </summary>
    [Fact]
    public void Explain_the_wild_mutations_no_finding_names()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("KESSAN_DEBUG_WILD_MISSES"), out var count)) return;
        var ingestor = new Ingestor(null!, TaxonomyLoader.Default);
        var docs = Ingestor.Expand([TestPaths.WildDocs]).Select(DocumentReader.Read).ToList();
        var targets = new List<(SourceDocument Doc, int Line, int Cell, string Printed)>();
        var baseline = new Dictionary<string, HashSet<(int, string, Severity, DateOnly?, decimal?, decimal?)>>();
        foreach (var doc in docs)
        {
            var analysis = ingestor.Analyze(doc);
            baseline[doc.Name] = analysis.Proof.Findings.Select(Key).ToHashSet();
            foreach (var table in analysis.Tables.Where(t => t.Kind is StatementKind.Income or StatementKind.IncomeYtd or StatementKind.Balance or StatementKind.CashFlow))
                foreach (var row in table.Rows.Where(r => !r.IsSection))
                    foreach (var cell in row.Cells.Where(c => c.Number.IsNumber && table.Column(c.Column)?.Role == ColumnRole.Value))
                        if (WildReleaseTests.Target(doc, row, cell) is { } at) targets.Add((doc, at.Line, at.Cell, cell.Printed));
        }
        var random = new Random(ProofMutationTests.Seed);
        int total = 0;
        var sb = new StringBuilder();
        while (total < count)
        {
            var t = targets[random.Next(targets.Count)];
            var kind = (ProofMutationTests.Kind)random.Next(4);
            var mutated = ProofMutationTests.Mutate(t.Printed, kind, random);
            if (mutated is null || Tables.NumberToken.Parse(mutated) is var after && after.Kind == Tables.CellKind.Number && after.Value == Tables.NumberToken.Parse(t.Printed).Value) continue;
            total++;
            var doc = WildReleaseTests.WithCell(t.Doc, t.Line, t.Cell, t.Printed, mutated);
            List<Finding> findings;
            try { findings = ingestor.Analyze(doc).Proof.Findings.ToList(); } catch (DocumentRejectedException) { continue; }
            if (findings.Any(f => f.Line == t.Line && f.Severity != Severity.Info && !baseline[t.Doc.Name].Contains(Key(f)))) continue;
            sb.AppendLine($"missed {t.Doc.Name[..2]}:{t.Line} cell {t.Cell}: {t.Printed} → {mutated} ({kind})");
            sb.AppendLine("   before: " + Coverage(ingestor, t.Doc, t.Line, t.Cell));
            sb.AppendLine("   after:  " + Coverage(ingestor, doc, t.Line, t.Cell));
            foreach (var f in findings.Where(f => f.Line == t.Line || !baseline[t.Doc.Name].Contains(Key(f))).Where(f => f.Severity != Severity.Info))
                sb.AppendLine($"   finding {f.Line} {f.Severity} {f.Rule}: {f.Message}");
        }
        output.WriteLine(sb.ToString());
    }

    static (int, string, Severity, DateOnly?, decimal?, decimal?) Key(Finding f) => (f.Line, f.Rule, f.Severity, f.PeriodEnd, f.Expected, f.Found);

    static string Coverage(Ingestor ingestor, SourceDocument doc, int line, int cell)
    {
        var read = ingestor.Read(doc);
        var (sheet, constraints, _) = ingestor.Proof.Build(doc, read.Resolved, read.Facts);
        var slot = sheet.Slots.FirstOrDefault(s => s.Line == line && (s.Cell?.Source?.Column ?? s.Cell?.Column + 1) == cell + 1);
        if (slot is null) return "no slot";
        var ks = constraints.Where(k => k.Involves(slot)).ToList();
        return $"{slot.Concept} '{slot.Label}' col {slot.Column.Index}: " + (ks.Count == 0 ? "no identity" : string.Join("; ", ks.Select(k => $"{k.Rule}{(k.Check() == CheckResult.Holds ? "" : "(fails)")} {k.Text}")));
    }
}
