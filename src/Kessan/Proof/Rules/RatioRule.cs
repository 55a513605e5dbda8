using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>ratio</c>: a "% of total" cell = 100 × the line ÷ the total, where the total is the line whose % cell prints
/// 100 (total revenues, total assets) and the line is the value column of the same period to the left.
/// Tolerance: the % cell's printed precision (± 0.05 for one decimal) against the interval of the quotient of the two
/// printed figures (each ± half a unit) — nothing more.
/// </summary>
internal sealed class RatioRule : IProofRule
{
    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var table = sheet.Tables[ti];
            var rows = sheet.Rows[ti];
            foreach (var pc in table.Columns.Where(c => c.Role == ColumnRole.PercentOfTotal && c.Period is not null))
            {
                var vc = table.Columns.Where(c => c.Index < pc.Index && c.Role == ColumnRole.Value && c.Period == pc.Period).LastOrDefault();
                if (vc is null) continue;
                var total = rows.FirstOrDefault(r => r.Slots[pc.Index] is { Kind: SlotKind.Number, Value: 100m } && r.Slots[vc.Index].Kind == SlotKind.Number);
                if (total is null) continue;
                var t = total.Slots[vc.Index];
                foreach (var row in rows)
                {
                    if (row == total) continue;
                    Slot p = row.Slots[pc.Index], x = row.Slots[vc.Index];
                    if (p.Kind == SlotKind.Blank) continue;
                    constraints.Add(new FunctionConstraint("ratio", p, [p, x, t],
                        () => $"% of total on line {p.Line} = 100 × line {x.Line} ÷ line {t.Line}",
                        target =>
                            target == p ? Interval.Divide(x.Interval.Times(100), t.Interval)
                            : target == x ? (p.Interval * t.Interval).Times(0.01m)
                            : Interval.Divide(x.Interval.Times(100), p.Interval),
                        target => target == p ? $"100 × line {x.Line} ÷ line {t.Line}" : $"% column {p.PrintedText} (line {p.Line})"));
                }
            }
        }
    }
}
