using Kessan.Facts;
using Kessan.Taxonomy;

namespace Kessan.Proof;

/// <summary>
/// <c>narrative</c>: a figure stated in a sentence ("an operating loss of JPY567 million in 3Q02") must agree with the
/// same concept and period in the release's tables, after the rounding the sentence uses: both are intervals
/// (<c>JPY10.6 billion</c> = 10.6 bn ± 0.05 bn; a statement figure in thousands ± 500 yen) and they must overlap.
/// A phrase that names the sign ("loss", "profit", "benefit") is compared signed; a plain name ("Other expenses were
/// JPY228 million") by magnitude, as the sentence states it. Tolerance: the two rounding intervals must overlap.
/// </summary>
public sealed class NarrativeCheck(TaxonomySet taxonomy)
{
    static readonly string[] Preference = ["income", "income_ytd", "kpi", "cashflow"];

    public (List<Finding> Findings, List<Fact> Facts) Check(IReadOnlyList<Fact> facts, Reading.SourceDocument? doc = null)
    {
        var signs = taxonomy.Narrative.Aliases.Where(a => a.Sign != 0).GroupBy(a => a.Phrase, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Sign, StringComparer.OrdinalIgnoreCase);
        // A sentence's figure is held against the table figure of its own currency.
        var tables = facts.Where(f => !f.Convenience && f.Unit.Length == 3 && Preference.Contains(f.Table))
            .ToLookup(f => (f.Concept, f.PeriodStart, f.PeriodEnd));
        var findings = new List<Finding>();
        var result = new List<Fact>(facts.Count);
        foreach (var f in facts)
        {
            if (f.Table != "narrative") { result.Add(f); continue; }
            if (f.Unit == "percent" && f.BaseEnd is not null) { result.Add(CheckChange(f, tables, findings)); continue; }
            var table = tables[(f.Concept, f.PeriodStart, f.PeriodEnd)].Where(t => t.Unit == f.Unit).OrderBy(t => Array.IndexOf(Preference, t.Table)).FirstOrDefault();
            if (table is null && Nearest(f, tables) is { } near)
            {
                // The sentence's period words gave dates a few days off the ones the tables print for that quarter or
                // year (a 52/53-week calendar, a fiscal year named by its other end): the tables' dates are the
                // document's own, and the sentence's figure is held against that line.
                var moved = f with { PeriodStart = near.PeriodStart, PeriodEnd = near.PeriodEnd, FiscalPeriod = near.FiscalPeriod };
                if (Agrees(moved, near, signs))
                {
                    findings.Add(new Finding("narrative", Severity.Info, f.Doc, f.Line, f.Concept, near.PeriodEnd, near.Value, f.Value,
                        $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}, {f.PeriodStart:yyyy-MM-dd} to {f.PeriodEnd:yyyy-MM-dd} by its words) agrees with {near.Table} line {near.Line} ({near.Label} {near.Printed}): read as the period that table prints, {near.PeriodStart:yyyy-MM-dd} to {near.PeriodEnd:yyyy-MM-dd}"));
                    result.Add(moved);
                    continue;
                }
                if (Reread(moved, tables, doc, findings) is { } other) { result.Add(other); continue; }
                findings.Add(new Finding("narrative", Severity.Warning, f.Doc, f.Line, f.Concept, near.PeriodEnd, near.Value, f.Value,
                    $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}) disagrees with {near.Table} line {near.Line} ({near.Label} {near.Printed}) of the period the tables print nearest its own, {near.PeriodStart:yyyy-MM-dd} to {near.PeriodEnd:yyyy-MM-dd}"));
                result.Add(f with { Status = FactStatus.Flagged });
                continue;
            }
            if (table is null && facts.FirstOrDefault(t => t.Table != "narrative" && !t.Convenience && t.Concept == f.Concept && t.Unit != f.Unit) is { } unit
                && !facts.Any(t => t.Table != "narrative" && t.Concept == f.Concept && t.Unit == f.Unit))
            {
                // The tables state this line only in another unit ("USD/share" for earnings per share): a sentence's
                // figure in this unit is not that line's, whatever its words seemed to say.
                findings.Add(new Finding("narrative", Severity.Warning, f.Doc, f.Line, f.Concept, f.PeriodEnd, null, f.Value,
                    $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}) is in {f.Unit}, but the release states {f.Concept} in {unit.Unit} ({unit.Table} line {unit.Line}): not that line's figure"));
                result.Add(f with { Status = FactStatus.Flagged });
                continue;
            }
            if (table is null)
            {
                findings.Add(new Finding("narrative", Severity.Info, f.Doc, f.Line, f.Concept, f.PeriodEnd, null, f.Value,
                    $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}) cannot be checked: no table of the release states it"));
                result.Add(f);
                continue;
            }
            if (Agrees(f, table, signs)) { result.Add(f); continue; }
            if (Reread(f, tables, doc, findings) is { } reread) { result.Add(reread); continue; }
            findings.Add(new Finding("narrative", Severity.Warning, f.Doc, f.Line, f.Concept, f.PeriodEnd, table.Value, f.Value,
                $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}) disagrees with {table.Table} line {table.Line} ({table.Label} {table.Printed})"));
            result.Add(f with { Status = FactStatus.Flagged });
        }
        return (findings, result);
    }

    /// <summary>
    /// The sentence's figure against a table's, after both roundings. Signed only where the sentence's own words gave
    /// the sign its phrase carries ("an operating loss of …"); otherwise by magnitude, as the sentence states it.
    /// </summary>
    static bool Agrees(Fact f, Fact table, Dictionary<string, int> signs)
    {
        var stated = Interval.Around(f.Value, HalfUnitOfProse(f.Printed, f.Unit));
        var printed = Interval.Around(table.Value, Precision.HalfUnit(table.Value, table.Printed));
        bool bySign = signs.TryGetValue(f.Label, out var sign) && Math.Sign(f.Value) == sign;
        return bySign ? stated.Intersects(printed) : Abs(stated).Intersects(Abs(printed));
    }

    /// <summary>
    /// The table figure of the sentence's concept and unit whose period is the sentence's within a week at both ends
    /// (no two quarters or years of one release are that close), the closest first; null when none is.
    /// </summary>
    static Fact? Nearest(Fact f, ILookup<(string, DateOnly?, DateOnly), Fact> tables)
    {
        static int Days(DateOnly a, DateOnly b) => Math.Abs(a.DayNumber - b.DayNumber);
        return tables.SelectMany(g => g)
            .Where(t => t.Concept == f.Concept && t.Unit == f.Unit && (t.PeriodStart is null) == (f.PeriodStart is null)
                && Days(t.PeriodEnd, f.PeriodEnd) <= 7 && (t.PeriodStart is not { } s || Days(s, f.PeriodStart!.Value) <= 7))
            .OrderBy(t => Days(t.PeriodEnd, f.PeriodEnd) + (t.PeriodStart is { } s ? Days(s, f.PeriodStart!.Value) : 0))
            .ThenBy(t => Array.IndexOf(Preference, t.Table))
            .FirstOrDefault();
    }

    /// <summary>
    /// A sentence figure that disagrees with its line may not be about that line or that period at all: a sentence
    /// naming another line of the release ("Google Services revenues were $94.5 billion", "Cloud services revenues
    /// were up …") states that line — a segment or a component — and is held against it, not against the total; a
    /// figure equal to the same line of another period ("compared with net income of $309 million") is that period's,
    /// which the sentence's period words did not say plainly enough. Either is read so, with an info finding (the
    /// second flagged: its period rests on the equal figure, not on words); a
    /// sentence naming another line whose figure it does not match is not judged (info, the fact flagged). Null when
    /// neither applies, so the disagreement stands.
    /// </summary>
    static Fact? Reread(Fact f, ILookup<(string, DateOnly?, DateOnly), Fact> tables, Reading.SourceDocument? doc, List<Finding> findings)
    {
        var stated = Interval.Around(f.Value, HalfUnitOfProse(f.Printed, f.Unit));
        bool Agrees(Fact t) => t.Unit == f.Unit && Abs(stated).Intersects(Abs(Interval.Around(t.Value, Precision.HalfUnit(t.Value, t.Printed))));
        if (doc is not null && f.Rendered is { } at && at.Line >= 1 && at.Line <= doc.Lines.Count)
        {
            // The words before the figure on its line and the line above (a sentence wraps).
            var line = doc.LineText(at.Line);
            int cut = line.IndexOf(f.Printed.Split(' ')[0], StringComparison.Ordinal);
            var before = (at.Line > 1 ? doc.LineText(at.Line - 1) + " " : "") + (cut > 0 ? line[..cut] : line);
            // Only the sentence the figure stands in: an HTML paragraph is one line of many sentences.
            if (before.LastIndexOf(". ", StringComparison.Ordinal) is var stop and >= 0) before = before[(stop + 2)..];
            var own = TaxonomySet.LabelKey(f.Label);
            var named = tables.SelectMany(g => g).Where(t => t.Concept != f.Concept && t.Label.Length >= 6 && t.Label.Contains(' ')
                    && TaxonomySet.LabelKey(t.Label) != own
                    && before.Contains(t.Label, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(t => t.Label.Length).ToList();
            if (named.Count > 0)
            {
                var match = named.FirstOrDefault(t => t.PeriodEnd == f.PeriodEnd && Agrees(t)) ?? named.FirstOrDefault(Agrees);
                if (match is not null)
                {
                    findings.Add(new Finding("narrative", Severity.Info, f.Doc, f.Line, match.Concept, match.PeriodEnd, match.Value, f.Value,
                        $"'{f.Label} {f.Printed}' names '{match.Label}' and agrees with it ({match.Table} line {match.Line}, {match.PeriodEnd:yyyy-MM-dd}): read as that line"));
                    return f with { Concept = match.Concept, PeriodStart = match.PeriodStart, PeriodEnd = match.PeriodEnd, FiscalPeriod = match.FiscalPeriod };
                }
                findings.Add(new Finding("narrative", Severity.Info, f.Doc, f.Line, f.Concept, f.PeriodEnd, null, f.Value,
                    $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}) names '{named[0].Label}', another line of the release, and is not that line's figure: not checked against the total"));
                return f with { Status = FactStatus.Flagged };
            }
        }
        var other = tables.SelectMany(g => g).FirstOrDefault(t => t.Concept == f.Concept && t.PeriodEnd != f.PeriodEnd
            && (t.PeriodStart is null) == (f.PeriodStart is null) && Agrees(t));
        if (other is null) return null;
        findings.Add(new Finding("narrative", Severity.Info, f.Doc, f.Line, f.Concept, other.PeriodEnd, other.Value, f.Value,
            $"'{f.Label} {f.Printed}' agrees with {other.Table} line {other.Line} ({other.Label} {other.Printed}) of {other.FiscalPeriod}, not of {f.FiscalPeriod}: read as that period's, flagged (the sentence's words did not state it)"));
        // The period comes from an equal figure, not from the sentence's words: kept, but not passed as proven.
        return f with { PeriodStart = other.PeriodStart, PeriodEnd = other.PeriodEnd, FiscalPeriod = other.FiscalPeriod, Status = FactStatus.Flagged };
    }

    /// <summary>
    /// A change in words ("a decrease of 3.8% compared to 3Q01") against the tables' figures of both periods:
    /// 100 × (this − base) ÷ base over both figures' rounding intervals must meet the stated percentage ± half its
    /// last digit. A base that is not positive has no direction to grow in: such a change is not judged.
    /// </summary>
    static Fact CheckChange(Fact f, ILookup<(string, DateOnly?, DateOnly), Fact> tables, List<Finding> findings)
    {
        Fact? Table(DateOnly? start, DateOnly end) =>
            tables[(f.Concept, start, end)].OrderBy(t => Array.IndexOf(Preference, t.Table)).FirstOrDefault();
        var now = Table(f.PeriodStart, f.PeriodEnd);
        var then = Table(f.BaseStart, f.BaseEnd!.Value);
        if (now is null || then is null || then.Value <= 0)
        {
            findings.Add(new Finding("narrative", Severity.Info, f.Doc, f.Line, f.Concept, f.PeriodEnd, null, f.Value,
                $"'{f.Label} {f.Printed}' ({f.FiscalPeriod} against {f.BaseEnd:yyyy-MM-dd}) cannot be checked: the tables do not state both figures{(then is { Value: <= 0 } ? " (its base is not positive)" : "")}"));
            return f;
        }
        var a = Interval.Around(now.Value, Precision.HalfUnit(now.Value, now.Printed));
        var b = Interval.Around(then.Value, Precision.HalfUnit(then.Value, then.Printed));
        var change = new Interval((a.Lo / b.Hi - 1) * 100, (a.Hi / b.Lo - 1) * 100);
        var stated = Interval.Around(f.Value, Precision.HalfUnitOfNumberIn(f.Printed));
        if (stated.Intersects(change)) return f;
        findings.Add(new Finding("narrative", Severity.Warning, f.Doc, f.Line, f.Concept, f.PeriodEnd, decimal.Round(change.Mid, 2), f.Value,
            $"'{f.Label} {f.Printed}' ({f.FiscalPeriod} against {f.BaseEnd:yyyy-MM-dd}) disagrees with the tables: {now.Printed} (line {now.Line}) against {then.Printed} (line {then.Line}) is {change.Mid:0.0}%"));
        return f with { Status = FactStatus.Flagged };
    }

    /// <summary>Half a unit of the last digit a sentence printed ("JPY10.6 billion" → 0.05 billion).</summary>
    static decimal HalfUnitOfProse(string printed, string unit) =>
        Facts.SentenceScanner.Amounts(printed, unit) is [var amount, ..] ? amount.Precision / 2 : 0;

    static Interval Abs(Interval i) => i.Lo >= 0 ? i : i.Hi <= 0 ? new(-i.Hi, -i.Lo) : new(0, Math.Max(-i.Lo, i.Hi));
}
