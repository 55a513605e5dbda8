using Kessan.Facts;

namespace Kessan.Proof;

/// <summary>
/// <c>tie</c> across a release's tables: one concept has one value for a period and unit. Two table figures of the same
/// concept, period and unit that disagree beyond a unit of their printed rounding ("Deferred income taxes" printed among the
/// assets and among the liabilities; "Sales and marketing" of the statement of operations and of a stock-compensation
/// table) cannot both be that concept: the reading gave two lines one name. The statements' figure governs where the
/// statements agree among themselves and the others are in supplementary tables; otherwise every figure of the
/// disagreement is flagged. Nothing is repaired: the figures are printed right, their concept is what is in doubt.
/// </summary>
internal static class ConceptConflicts
{
    public static List<Fact> Check(List<Fact> facts, List<Finding> findings)
    {
        Dictionary<(string, DateOnly?, DateOnly, string, bool), List<int>>? groups = null;
        for (int i = 0; i < facts.Count; i++)
        {
            var f = facts[i];
            if (f.Table is "narrative" or "guidance") continue;
            groups ??= new(facts.Count);
            var key = (f.Concept, f.PeriodStart, f.PeriodEnd, f.Unit, f.Convenience);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = new List<int>(2);
            list.Add(i);
        }
        if (groups is null) return facts;
        List<Fact>? result = null;
        foreach (var list in groups.Values)
        {
            if (list.Count < 2 || AllAgree(facts, list)) continue;
            var statements = list.Where(i => IsStatement(facts[i])).ToList();
            // The statements agree and the odd figures are all elsewhere: those are the ones read under the wrong name.
            var doubtful = statements.Count > 0 && AllAgree(facts, statements)
                ? list.Where(i => !Agree(facts[i], facts[statements[0]])).ToList()
                : list.Where(i => list.Any(j => j != i && !Agree(facts[i], facts[j]))).ToList();
            if (doubtful.All(i => facts[i].Status == FactStatus.Flagged)) continue;
            var first = facts[list[0]];
            var printed = string.Join("; ", list.Select(i => $"{facts[i].Table} line {facts[i].Line} ({facts[i].Label} {facts[i].Printed})"));
            foreach (var i in doubtful)
            {
                var f = facts[i];
                var other = facts[list.First(j => j != i && !Agree(f, facts[j]))];
                findings.Add(new Finding("tie", Severity.Warning, f.Doc, f.Line, f.Concept, f.PeriodEnd, other.Value, f.Value,
                    $"{f.Concept} for {Describe(first)} in {f.Unit} is printed with values that disagree: {printed}. One concept has one value; "
                    + "the lines are told apart by no label or section Kessan reads, so this figure is flagged"));
                result ??= [.. facts];
                result[i] = f with { Status = FactStatus.Flagged };
            }
        }
        return result ?? facts;
    }

    static bool IsStatement(Fact f) => f.Table is "income" or "income_ytd" or "balance" or "cashflow";

    static bool AllAgree(List<Fact> facts, List<int> list)
    {
        for (int i = 1; i < list.Count; i++)
            if (!Agree(facts[list[0]], facts[list[i]])) return false;
        return true;
    }

    /// <summary>
    /// Within a unit of the coarser figure's last digit (13.6 billion agrees with 13,589 million; 768 million with
    /// 767,418 thousand, rounded so that its column foots): a figure one digit off is the sum and tie rules' concern,
    /// two lines under one name are further apart than that. A sign is how a table presents the line (a purchase of
    /// equipment printed "(148,007)" in the cash flows and "148" among the statistics), so magnitudes are compared.
    /// </summary>
    static bool Agree(Fact a, Fact b) => Math.Abs(Math.Abs(a.Value) - Math.Abs(b.Value)) <= 2 * (Half(a) + Half(b));

    static decimal Half(Fact f) => f.Decimals is { } d ? Precision.HalfStep(d) : 0m;

    static string Describe(Fact f) => f.PeriodStart is { } s ? $"{s:yyyy-MM-dd} to {f.PeriodEnd:yyyy-MM-dd}" : $"{f.PeriodEnd:yyyy-MM-dd}";
}
