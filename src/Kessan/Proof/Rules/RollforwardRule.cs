using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>rollforward</c>: cash at the beginning of the period + the net change = cash at the end, in every period column
/// of a cash-flow statement (the sections → totals and operating + investing + financing + FX = net change are
/// the taxonomy's calculation, checked by <see cref="SumRule"/> under this rule's name).
/// Tolerance: the printed rounding of the three figures (± 1.5 units).
/// </summary>
internal sealed class RollforwardRule : IProofRule
{
    const string Begin = "kessan:CashAtBeginningOfPeriod", End = "kessan:CashAtEndOfPeriod",
        Change = "us-gaap:CashAndCashEquivalentsPeriodIncreaseDecrease";

    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            if (sheet.Tables[ti].Kind != StatementKind.CashFlow) continue;
            if (sheet.Find(ti, Begin) is not { } b || sheet.Find(ti, End) is not { } e || sheet.Find(ti, Change) is not { } n) continue;
            foreach (var column in ProofSheet.MoneyColumns(sheet.Tables[ti]))
            {
                Slot sb = b.Slots[column.Index], sn = n.Slots[column.Index], se = e.Slots[column.Index];
                if (se.Kind == SlotKind.Blank && sb.Kind == SlotKind.Blank) continue;
                constraints.Add(new LinearConstraint("rollforward", se, [se, sb, sn], [1, -1, -1],
                    () => $"cash at end (line {se.Line}) = beginning (line {sb.Line}) + net change (line {sn.Line})",
                    target => target == se ? $"beginning + net change (lines {sb.Line}, {sn.Line})"
                        : target == sb ? $"end − net change (lines {se.Line}, {sn.Line})"
                        : $"end − beginning (lines {se.Line}, {sb.Line})"));
            }
        }
    }
}
