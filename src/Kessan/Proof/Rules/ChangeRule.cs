using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>change</c>: a YoY / QoQ cell = 100 × (this − that) ÷ that, signed by <i>that</i> as printed
/// ((−566,520 − 151,377) ÷ 151,377 = (474.2)). <i>That</i> is the nearest value column to the left of the change
/// column; <i>this</i> is the table's first value column of another period. A blank figure counts as zero.
/// Tolerance: the change cell's printed precision against the interval 100 × (this ÷ that − 1) of the printed figures.
/// </summary>
internal sealed class ChangeRule : IProofRule
{
    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var table = sheet.Tables[ti];
            var rows = sheet.Rows[ti];
            foreach (var cc in table.Columns.Where(c => c.Role is ColumnRole.ChangeYoY or ColumnRole.ChangeQoQ && c.Period is not null))
            {
                var that = table.Columns.Where(c => c.Index < cc.Index && c.Role == ColumnRole.Value && c.Period is not null).LastOrDefault();
                if (that is null) continue;
                var self = table.Columns.FirstOrDefault(c => c.Role == ColumnRole.Value && c.Period is not null && c.Period != that.Period);
                if (self is null) continue;
                foreach (var row in rows)
                {
                    Slot c = row.Slots[cc.Index], x = row.Slots[self.Index], y = row.Slots[that.Index];
                    if (c.Kind == SlotKind.Blank || y.Kind == SlotKind.Blank) continue;
                    var label = cc.Role == ColumnRole.ChangeYoY ? "YoY" : "QoQ";
                    constraints.Add(new FunctionConstraint("change", c, [c, x, y],
                        () => $"{label} change on line {c.Line} = 100 × (this − that) ÷ that",
                        target =>
                            target == c ? Interval.Divide(x.Interval, y.Interval) is { } q ? new Interval(q.Lo - 1, q.Hi - 1).Times(100) : null
                            : target == x ? y.Interval * new Interval(1 + c.Interval.Lo / 100, 1 + c.Interval.Hi / 100)
                            : Interval.Divide(x.Interval, new Interval(1 + c.Interval.Lo / 100, 1 + c.Interval.Hi / 100)),
                        target => target == c ? $"100 × (line {x.Line} this − that) ÷ that" : $"{label} column {c.PrintedText} (line {c.Line})"));
                }
            }
        }
    }
}
