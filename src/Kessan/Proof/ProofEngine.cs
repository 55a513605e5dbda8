using Kessan.Facts;
using Kessan.Proof.Rules;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof;

/// <summary>A document's proof: its findings, its facts with their status (and repaired values), and the counts.</summary>
public sealed record ProofResult(IReadOnlyList<Finding> Findings, IReadOnlyList<Fact> Facts, int Proven)
{
    public int Flagged => Facts.Count(f => f.Status == FactStatus.Flagged);
    public int Repaired => Facts.Count(f => f.Status == FactStatus.Repaired);
    public int Errors => Findings.Count(f => f.Severity == Severity.Error);
}

/// <summary>
/// Proves one document's facts with the accounting identities that hold inside it (sum, balance, rollforward, tie,
/// ratio, change, translation, per-share; see each rule for its tolerance), then localises what fails and repairs
/// what two or more independent identities agree on. Rules read the taxonomy data and the table structure only.
/// </summary>
public sealed class ProofEngine(TaxonomySet taxonomy)
{
    readonly NarrativeCheck _narrative = new(taxonomy);

    static readonly IProofRule[] Rules =
        [new SumRule(), new BalanceRule(), new RollforwardRule(), new LayoutSumRule(), new TieRule(), new RatioRule(), new ChangeRule(), new TranslationRule(), new PerShareRule(), new XbrlRule()];

    public ProofResult Prove(SourceDocument doc, Company? company, IReadOnlyList<ResolvedTable> tables, IReadOnlyList<Fact> facts)
    {
        var (sheet, constraints, findings) = Build(doc, tables, facts);
        var solver = new Solver(sheet, constraints);
        solver.Run();
        DocumentBudget.Check("proving");
        findings.AddRange(solver.Findings);
        SortByLine(findings);

        // Facts: statuses and repaired values; placed or recovered figures become facts of the line they belong to.
        var result = new List<Fact>(facts.Count + 4);
        var bySlotFact = new Dictionary<Fact, Slot>(ReferenceEqualityComparer.Instance);
        foreach (var s in sheet.Slots) if (s.Fact is not null) bySlotFact.TryAdd(s.Fact, s);
        var proven = new HashSet<Fact>(ReferenceEqualityComparer.Instance);
        foreach (var k in constraints)
            if (k.Check(solver.Generation) == CheckResult.Holds)
                foreach (var s in k.Slots) if (s.Fact is not null) proven.Add(s.Fact);

        foreach (var f in facts)
        {
            if (!bySlotFact.TryGetValue(f, out var slot) || !solver.Verdicts.TryGetValue(slot, out var verdict))
            {
                result.Add(f);
                continue;
            }
            if (verdict.Value is null && slot.Kind == SlotKind.Blank) continue; // shifted away: it is a fact of another line now
            result.Add(verdict.Status == FactStatus.Repaired && verdict.Value is { } v
                ? f with { Value = v, Status = FactStatus.Repaired }
                : f with { Status = verdict.Status });
        }
        foreach (var (slot, verdict) in solver.Verdicts)
        {
            if (verdict.Status != FactStatus.Repaired || verdict.Value is not { } value || !slot.IsMoney) continue;
            if (slot.Fact is not null && slot.Kind != SlotKind.Blank && verdict.MovedFrom is null) continue;
            var source = verdict.MovedFrom ?? slot;
            if (MakeFact(facts, slot, source, value) is { } made) result.Add(made);
        }
        result = ConceptConflicts.Check(result, findings);
        int provenCount = result.Count(f => f.Status == FactStatus.Ok && proven.Contains(f));
        // Sentences last: they are checked against the table figures as proven (and repaired).
        var (narrativeFindings, checkedFacts) = _narrative.Check(result, doc);
        findings.AddRange(narrativeFindings);
        SortByLine(findings);
        return new ProofResult(findings, checkedFacts, provenCount);
    }

    /// <summary>By line, then severity; a stable sort, so findings of one line keep the order the rules made them in
    /// (List.Sort is not stable: one more finding elsewhere would reorder them).</summary>
    static void SortByLine(List<Finding> findings)
    {
        var sorted = findings.OrderBy(f => f.Line).ThenBy(f => f.Severity).ToList();
        findings.Clear();
        findings.AddRange(sorted);
    }

    /// <summary>The sheet and every rule's constraints and notes, before the solver runs (the tests' diagnostics read them too).</summary>
    internal (ProofSheet Sheet, List<Constraint> Constraints, List<Finding> Notes) Build(SourceDocument doc, IReadOnlyList<ResolvedTable> tables, IReadOnlyList<Fact> facts)
    {
        var sheet = new ProofSheet(doc, taxonomy, tables, facts);
        var constraints = new List<Constraint>();
        var findings = new List<Finding>();
        // What reading could not establish (a currency, a scale) is a finding of its own: the facts it concerns are flagged.
        foreach (var t in tables)
            foreach (var problem in t.Problems)
                findings.Add(new Finding("parse", Severity.Warning, doc.Name, doc.FileLine(t.Table.FirstLine), null, null, null, null, problem));
        // A column of figures under no period that can be read is left out, and said so; the table's other columns
        // stand (an "Adjusted" or "Budget" column beside the periods does not make them doubtful).
        foreach (var t in tables)
            foreach (var c in t.Table.UnreadColumns)
                findings.Add(new Finding("parse", Severity.Warning, doc.Name, doc.FileLine(t.Table.FirstLine), null, null, null, null,
                    $"table '{t.Table.Title}': column {c.Index + 1} ('{c.Header.Trim()}') prints figures under no period that can be read; they are not stored as facts"));
        // A figure printed unlike the rest of its column, as the reading found it: on the figure's own line.
        foreach (var t in tables)
            foreach (var o in t.Oddities)
                findings.Add(new Finding("parse", Severity.Warning, doc.Name, doc.FileLine(o.Cell.Cell.Address(o.Row.Row)), o.Row.Concept,
                    o.Cell.Period.End, null, o.Cell.Value, o.Message));
        DocumentBudget.Check("laying out the proof");
        foreach (var rule in Rules)
        {
            rule.Build(sheet, constraints, findings);
            DocumentBudget.Check("proving");
        }
        return (sheet, constraints, findings);
    }

    /// <summary>A fact for a figure the proof placed or recovered: the line it belongs to, printed where it stands.</summary>
    static Fact? MakeFact(IReadOnlyList<Fact> facts, Slot slot, Slot printedAt, decimal value)
    {
        var sample = facts.FirstOrDefault(f => f.Rendered is { } at && at.Line >= slot.Table.FirstLine && at.Line <= slot.Table.LastLine && at.Column == slot.Column.Index + 1);
        if (sample is null) return null;
        var unit = slot.Type switch
        {
            ConceptType.PerShare => sample.Unit.Split('/')[0] + "/share",
            ConceptType.PerAds => sample.Unit.Split('/')[0] + "/ADS",
            ConceptType.Shares => "shares",
            ConceptType.Ads => "ADS",
            _ => sample.Unit.Split('/')[0],
        };
        return sample with
        {
            Concept = slot.Concept, Label = slot.Label, Value = value, Unit = unit,
            Line = printedAt.Line, Column = printedAt.Cell?.Source?.Column ?? printedAt.Column.Index + 1, Printed = printedAt.Cell?.Printed ?? "",
            Rendered = printedAt.Cell?.Address(printedAt.Row.Row) ?? new CellSource(printedAt.Row.Row.Line, printedAt.Column.Index + 1),
            Status = FactStatus.Repaired, KnownConcept = slot.Known,
        };
    }
}
