using Kessan.Periods;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>change</c>: a YoY / QoQ cell = 100 × (this − that) ÷ that, signed by <i>that</i> as printed
/// ((−566,520 − 151,377) ÷ 151,377 = (474.2)). The two columns are told by their periods: <i>that</i> is the nearest
/// value column to the left of the change column whose period, a year (YoY) or a quarter (QoQ) later, is another value
/// column's — <i>this</i>. So "3Q02 | 3Q01 | YoY | 2Q02 | QoQ", "3Q25 | 3Q24 | Var. % | 9M25 | 9M24 | Var. %" and
/// "1Q25 | 4Q24 | 1Q24 | QoQ | YoY" each compare the right pair; a change column with no such pair is not checked.
/// A blank figure counts as zero. Tolerance: the change cell's printed precision against the interval
/// 100 × (this ÷ that − 1) of the printed figures.
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
                int months = cc.Role == ColumnRole.ChangeYoY ? 12 : 3;
                var values = table.Columns.Where(c => c.Role == ColumnRole.Value && c.Period is not null).ToList();
                var pair = values.Where(c => c.Index < cc.Index).Reverse()
                    .Select(y => (That: y, This: values.FirstOrDefault(x => Later(x.Period!.Value, y.Period!.Value, months))))
                    .FirstOrDefault(p => p.This is not null);
                if (pair.This is not { } self) continue;
                var that = pair.That;
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

    /// <summary>Whether <paramref name="later"/> is <paramref name="earlier"/> moved <paramref name="months"/> on: the
    /// same length, ending that much later (within a week: 52/53-week quarters end on other days each year).</summary>
    static bool Later(Period later, Period earlier, int months)
    {
        var moved = earlier.Shift(months);
        if (later.IsInstant != earlier.IsInstant || Math.Abs(later.End.DayNumber - moved.End.DayNumber) > 7) return false;
        return later.Start is not { } s || Math.Abs(s.DayNumber - moved.Start!.Value.DayNumber) <= 7;
    }
}
