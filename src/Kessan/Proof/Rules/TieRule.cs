using Kessan.Periods;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>tie</c>: the same figure printed twice in one release must agree —
/// cash-flow end (beginning) cash = balance-sheet cash at the period's end (the day before its start);
/// cash-flow net income = statement-of-operations net income of the same period;
/// every figure of a Japanese table = the same concept, period and column kind in an English table of the release.
/// Tolerance: both figures' printed rounding (a figure in millions ties to one in thousands within ± 0.5 million).
/// </summary>
internal sealed class TieRule : IProofRule
{
    const string CashEnd = "kessan:CashAtEndOfPeriod", CashBegin = "kessan:CashAtBeginningOfPeriod",
        Cash = "us-gaap:CashAndCashEquivalentsAtCarryingValue",
        CashFlowNetIncome = "kessan:NetIncomeLossInCashFlow", NetIncome = "us-gaap:NetIncomeLoss";

    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        var money = sheet.Slots.Where(s => s.IsMoney && s.Period is not null).ToList();
        var byKey = money.ToLookup(s => (s.Concept, s.Period!.Value, s.Role, s.Table.Language));
        var done = new HashSet<(Slot, Slot)>();

        foreach (var s in money)
        {
            if (!ProofSheet.IsStatement(s.Table)) continue;
            var p = s.Period!.Value;
            if (s.Table.Kind == StatementKind.CashFlow && s.Concept == CashEnd)
                Tie(s, Find(byKey, Cash, Period.Instant(p.End), s, StatementKind.Balance), "balance-sheet cash of the same date");
            else if (s.Table.Kind == StatementKind.CashFlow && s.Concept == CashBegin && p.Start is { } start)
                Tie(s, Find(byKey, Cash, Period.Instant(start.AddDays(-1)), s, StatementKind.Balance), "balance-sheet cash of the day before");
            else if (s.Table.Kind == StatementKind.CashFlow && s.Concept == CashFlowNetIncome)
                Tie(s, Find(byKey, NetIncome, p, s, s.Table.Kind == StatementKind.CashFlow && p.Months > 3 ? StatementKind.IncomeYtd : StatementKind.Income)
                       ?? Find(byKey, NetIncome, p, s, StatementKind.IncomeYtd), "net income in the statement of operations");
            if (s.Table.Language != "en" && s.Kind != SlotKind.Blank)
            {
                var twin = byKey[(s.Concept, p, s.Role, "en")].FirstOrDefault(t => t.Table.Kind == s.Table.Kind);
                Tie(s, twin, "the same line in the English statement");
            }
        }

        void Tie(Slot a, Slot? b, string what)
        {
            if (b is null || !done.Add((a, b))) return;
            if (a.Kind == SlotKind.Blank && b.Kind == SlotKind.Blank) return;
            constraints.Add(new LinearConstraint("tie", a, [a, b], [1, -1],
                () => $"{a.Table.Kind.Code()} line {a.Line} ({a.Label}) = {what}, {b.Table.Kind.Code()} line {b.Line}",
                target => target == a ? $"{b.Table.Kind.Code()} line {b.Line} ({b.Label} {b.PrintedText})" : $"{a.Table.Kind.Code()} line {a.Line} ({a.Label} {a.PrintedText})"));
        }
    }

    static Slot? Find(ILookup<(string, Period, SlotRole, string), Slot> byKey, string concept, Period period, Slot like, StatementKind kind) =>
        byKey[(concept, period, like.Role, like.Table.Language)].FirstOrDefault(t => t.Table.Kind == kind)
        ?? byKey[(concept, period, like.Role, like.Table.Language == "en" ? "ja" : "en")].FirstOrDefault(t => t.Table.Kind == kind);
}
