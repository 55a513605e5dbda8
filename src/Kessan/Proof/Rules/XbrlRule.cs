using Kessan.Reading;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>xbrl</c>: a table figure and the inline XBRL fact tagged in the same printed cell are two independent readings
/// of one figure — the table's scale, sign and column period against the tag's <c>scale</c>, <c>sign</c> and context.
/// They must agree: the value as an identity (so a disagreement is localised, and with a second identity repaired,
/// like any other), the period and the unit as errors of their own. Works for any tagged page (TDnet tse-ed-t,
/// EDGAR us-gaap): figures are matched by where they stand, not by element name.
/// Tolerance: the tag's value (exact: the printed digits × 10^scale) within the table figure's printed rounding.
/// </summary>
internal sealed class XbrlRule : IProofRule
{
    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        if (sheet.Doc.Tagged.Count == 0) return;
        var at = sheet.Doc.Tagged.Where(t => t.Line > 0).ToLookup(t => (t.Line, t.Cell));
        foreach (var slot in sheet.Slots)
        {
            // Money and per-share figures only: % and change cells are not facts, and the tag of a change is a ratio.
            if (slot.Cell is not { } cell || !slot.IsMoney) continue;
            var tag = at[(cell.Source?.Line ?? slot.Row.Row.Line, cell.Source?.Column ?? cell.Column + 1)].FirstOrDefault();
            if (tag is null) continue;
            // Kessan dates every figure of a flow table by its column (the cash at the end of a cash-flow column carries
            // the column's duration, as the tie rule reads it), so an instant tag on the column's last day agrees.
            if (tag.Period is { } tagged && slot.Period is { } read && tagged != read && !(tagged.IsInstant && tagged.End == read.End))
                notes.Add(new Finding("xbrl", Severity.Error, sheet.Doc.Name, slot.Line, slot.Concept, read.End, null, null,
                    $"{slot.Describe()} is read for {read}, its inline XBRL tag {tag.Name} ({tag.ContextRef}) is dated {tagged}"));
            if (slot.Fact?.Unit is { } unit && tag.Unit is { } tagUnit && !SameUnit(unit, tagUnit))
                notes.Add(new Finding("xbrl", Severity.Error, sheet.Doc.Name, slot.Line, slot.Concept, slot.Period?.End, null, null,
                    $"{slot.Describe()} is read in {unit}, its inline XBRL tag {tag.Name} is in {tagUnit}"));
            // The tag's value is the figure printed in the cell, exactly (its digits × 10^scale): it must lie within
            // the table figure's own rounding, so a figure one unit off (a damaged digit) is named.
            var expected = Interval.Point(tag.Value);
            var s = slot;
            constraints.Add(new FunctionConstraint("xbrl", s, [s],
                () => $"{s.Describe()} = its inline XBRL tag {tag.Name} ({tag.ContextRef})",
                _ => expected,
                _ => $"inline XBRL {tag.Name} {tag.Printed} = {tag.Value:#,0.########}"));
        }
    }

    // A share count is "shares" in XBRL and "count" or "shares" in Kessan's facts.
    static bool SameUnit(string fact, string tag) =>
        string.Equals(fact, tag, StringComparison.OrdinalIgnoreCase)
        || (fact is "shares" or "count" && tag is "shares" or "count");
}
