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

    public (List<Finding> Findings, List<Fact> Facts) Check(IReadOnlyList<Fact> facts)
    {
        var signs = taxonomy.Narrative.Aliases.Where(a => a.Sign != 0).GroupBy(a => a.Phrase, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Sign, StringComparer.OrdinalIgnoreCase);
        var tables = facts.Where(f => !f.Convenience && f.Unit == "JPY" && Preference.Contains(f.Table))
            .ToLookup(f => (f.Concept, f.PeriodStart, f.PeriodEnd));
        var findings = new List<Finding>();
        var result = new List<Fact>(facts.Count);
        foreach (var f in facts)
        {
            if (f.Table != "narrative") { result.Add(f); continue; }
            var table = tables[(f.Concept, f.PeriodStart, f.PeriodEnd)].OrderBy(t => Array.IndexOf(Preference, t.Table)).FirstOrDefault();
            if (table is null)
            {
                findings.Add(new Finding("narrative", Severity.Info, f.Doc, f.Line, f.Concept, f.PeriodEnd, null, f.Value,
                    $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}) cannot be checked: no table of the release states it"));
                result.Add(f);
                continue;
            }
            var stated = Interval.Around(f.Value, HalfUnitOfProse(f.Printed));
            var printed = Interval.Around(table.Value, HalfUnitOfCell(table));
            // Signed only where the sentence's own words gave the sign its phrase carries ("an operating loss of …").
            bool bySign = signs.TryGetValue(f.Label, out var sign) && Math.Sign(f.Value) == sign;
            bool agrees = bySign ? stated.Intersects(printed) : Abs(stated).Intersects(Abs(printed));
            if (agrees) { result.Add(f); continue; }
            findings.Add(new Finding("narrative", Severity.Warning, f.Doc, f.Line, f.Concept, f.PeriodEnd, table.Value, f.Value,
                $"'{f.Label} {f.Printed}' ({f.FiscalPeriod}) disagrees with {table.Table} line {table.Line} ({table.Label} {table.Printed})"));
            result.Add(f with { Status = FactStatus.Flagged });
        }
        return (findings, result);
    }

    /// <summary>Half a unit of the last digit a sentence printed ("JPY10.6 billion" → 0.05 billion).</summary>
    static decimal HalfUnitOfProse(string printed) =>
        Facts.SentenceScanner.Amounts(printed) is [var amount, ..] ? amount.Precision / 2 : 0;

    /// <summary>Half a unit of a table cell's last digit in base units (a figure in thousands → 500 yen).</summary>
    static decimal HalfUnitOfCell(Fact f)
    {
        var token = Tables.NumberToken.Parse(f.Printed);
        if (!token.IsNumber || token.Value == 0) return 0;
        var unit = Math.Abs(f.Value / token.Value);
        for (int i = 0; i < token.Decimals; i++) unit /= 10;
        return unit / 2;
    }

    static Interval Abs(Interval i) => i.Lo >= 0 ? i : i.Hi <= 0 ? new(-i.Hi, -i.Lo) : new(0, Math.Max(-i.Lo, i.Hi));
}
