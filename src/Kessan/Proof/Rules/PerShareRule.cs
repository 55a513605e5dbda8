using System.Globalization;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>per-share</c>: net income per share = net income ÷ weighted average shares; per ADS = per share ÷ the ADS ratio,
/// and ADS count = share count × the ratio. The ratio is derived from the share and ADS counts (the value most period
/// columns give) and recorded as an <c>info</c> finding. Rows are found by concept type (per share, per ADS, shares,
/// ADS) and net income by the taxonomy's net income concept.
/// Tolerance: the printed rounding of every figure (per share ± 0.5 yen, per ADS ± 0.005, counts ± 0.5, net income
/// ± 500 yen in thousands) through interval division; the derived ratio is exact.
/// </summary>
internal sealed class PerShareRule : IProofRule
{
    const string NetIncome = "us-gaap:NetIncomeLoss";

    /// <summary>How far above a per-share row its numerator is looked for (the lines between are taxes, minority interests, notes).</summary>
    const int Reach = 12;

    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var rows = sheet.Rows[ti];
            var ni = rows.FirstOrDefault(r => r.Concept == NetIncome);
            var eps = rows.FirstOrDefault(r => r.Type == ConceptType.PerShare);
            var epa = rows.FirstOrDefault(r => r.Type == ConceptType.PerAds);
            var shares = rows.FirstOrDefault(r => r.Type == ConceptType.Shares);
            var ads = rows.FirstOrDefault(r => r.Type == ConceptType.Ads);
            var columns = ProofSheet.MoneyColumns(sheet.Tables[ti]).Where(c => c.Role == ColumnRole.Value).ToList();
            Dilution(rows, columns, constraints);
            if (eps is null || shares is null) continue;

            foreach (var perShare in rows.Where(r => r.Type == ConceptType.PerShare && !r.Row.IsSection))
            {
                var (numerator, count) = Pair(perShare, rows, columns);
                // No line above reproduces it: the first per-share row is still held to net income, as printed.
                if (numerator is null && perShare == eps && ni is not null) (numerator, count) = (ni, SharesFor(perShare, rows).First());
                if (numerator is null || count is null) continue;
                foreach (var c in columns)
                {
                    Slot e = perShare.Slots[c.Index], n = numerator.Slots[c.Index], s = count.Slots[c.Index];
                    if (e.Kind == SlotKind.Blank || s.Kind == SlotKind.Blank || n.Kind == SlotKind.Blank) continue;
                    constraints.Add(Quotient(e, n, s));
                }
            }

            if (epa is null || ads is null) continue;
            // Weighted share counts are printed rounded: the ratio is the simplest number (an integer where one fits)
            // inside every column's interval ADS ÷ shares.
            var pairs = columns.Select(c => (S: shares.Slots[c.Index], A: ads.Slots[c.Index]))
                .Where(p => p.S.Kind == SlotKind.Number && p.A.Kind == SlotKind.Number && p.S.Value > p.S.Half).ToList();
            if (pairs.Count == 0) continue;
            // Weighted share counts are printed rounded: the ratio is the integer that the intervals ADS ÷ shares of
            // the most columns contain (an exact quotient when none fits an integer).
            var quotients = pairs.Select(p => Interval.Divide(p.A.Interval, p.S.Interval)).OfType<Interval>().ToList();
            var ratios = pairs.Select(p => p.A.Value / p.S.Value).ToList();
            var integers = quotients.Select(q => Math.Round(q.Mid)).Distinct()
                .Select(r => (R: r, N: quotients.Count(q => q.Contains(r)))).Where(x => x.N > 0 && x.R > 0).OrderByDescending(x => x.N).ToList();
            decimal ratio = integers.Count > 0 && (integers.Count == 1 || integers[0].N > integers[1].N)
                ? integers[0].R
                : ratios.GroupBy(r => r).OrderByDescending(g => g.Count()).First().Key;
            notes.Add(new Finding("per-share", Severity.Info, sheet.Doc.Name, ads.Line, ads.Concept, null, ratio, null,
                string.Create(CultureInfo.InvariantCulture, $"ADS ratio: 1 share = {ratio:0.####} ADS, derived from the share and ADS counts of {ratios.Count} columns")));
            foreach (var c in columns)
            {
                Slot e = eps.Slots[c.Index], a = epa.Slots[c.Index], s = shares.Slots[c.Index], n = ads.Slots[c.Index];
                if (a.Kind != SlotKind.Blank && e.Kind != SlotKind.Blank)
                    constraints.Add(new LinearConstraint("per-share", a, [a, e], [1, -1 / ratio],
                        () => $"per ADS on line {a.Line} = per share (line {e.Line}) ÷ {ratio:0.####}",
                        target => target == a ? $"per share {e.PrintedText} ÷ {ratio:0.####} (line {e.Line})" : $"per ADS {a.PrintedText} × {ratio:0.####} (line {a.Line})"));
                if (n.Kind != SlotKind.Blank && s.Kind != SlotKind.Blank)
                    constraints.Add(new LinearConstraint("per-share", n, [n, s], [1, -ratio],
                        () => $"ADS count on line {n.Line} = shares (line {s.Line}) × {ratio:0.####}",
                        target => target == n ? $"shares {s.PrintedText} × {ratio:0.####} (line {s.Line})" : $"ADS {n.PrintedText} ÷ {ratio:0.####} (line {n.Line})"));
            }
        }
    }

    static FunctionConstraint Quotient(Slot e, Slot n, Slot s) => new("per-share", e, [e, n, s],
        () => $"per share on line {e.Line} = net income (line {n.Line}) ÷ shares (line {s.Line})",
        target => target == e ? Interval.Divide(n.Interval, s.Interval)
            : target == n ? e.Interval * s.Interval
            : Interval.Divide(n.Interval, e.Interval),
        target => target == e ? $"net income ÷ shares (lines {n.Line}, {s.Line})" : $"per share {e.PrintedText} (line {e.Line})");

    /// <summary>
    /// The income line and share count a per-share row is the quotient of. A statement prints several (basic and diluted,
    /// before and after a cumulative effect or discontinued operations, attributable to the parent): the share row whose
    /// label says the same of dilution, and the nearest money line above that the quotient reproduces in every period
    /// column within the printed rounding — or, where none does, in all columns but one whose figures one keystroke
    /// mends (a misprint breaks a column, not which line is divided by which).
    /// </summary>
    static (ProofRow? Numerator, ProofRow? Count) Pair(ProofRow perShare, List<ProofRow> rows, List<TableColumn> columns)
    {
        var above = rows.Where(r => r.Index < perShare.Index && r.Type == ConceptType.Monetary && !r.Row.IsSection)
            .OrderByDescending(r => r.Index).Take(Reach).ToList();
        var counts = SharesFor(perShare, rows).ToList();
        foreach (bool mended in new[] { false, true })
            foreach (var count in counts)
                foreach (var numerator in above)
                {
                    int holds = 0, fails = 0;
                    Constraint? broken = null;
                    foreach (var c in columns)
                    {
                        Slot e = perShare.Slots[c.Index], n = numerator.Slots[c.Index], s = count.Slots[c.Index];
                        if (e.Kind != SlotKind.Number || n.Kind != SlotKind.Number || s.Kind != SlotKind.Number) continue;
                        var k = Quotient(e, n, s);
                        var r = k.Check();
                        if (r == CheckResult.Holds) holds++;
                        else if (r == CheckResult.Fails) { fails++; broken = k; }
                    }
                    if (holds >= 1 && (fails == 0 ? !mended : mended && fails == 1 && Mendable(broken!))) return (numerator, count);
                }
        return (null, null);
    }

    /// <summary>The share rows of the table, the one whose label says the same of dilution as the per-share row's first.</summary>
    static IEnumerable<ProofRow> SharesFor(ProofRow perShare, List<ProofRow> rows)
    {
        bool diluted = Diluted(perShare);
        return rows.Where(r => r.Type == ConceptType.Shares && !r.Row.IsSection)
            .OrderBy(r => Diluted(r) == diluted ? 0 : 1).ThenBy(r => Math.Abs(r.Index - perShare.Index));
    }

    static bool Diluted(ProofRow r) =>
        r.Row.Label.Contains("dilut", StringComparison.OrdinalIgnoreCase) || r.Row.Sections.Any(x => x.Contains("dilut", StringComparison.OrdinalIgnoreCase))
        || r.Row.Label.Contains("希薄化", StringComparison.Ordinal) || r.Row.Label.Contains("潜在株式", StringComparison.Ordinal);

    static bool Mendable(Constraint k) =>
        k.Slots.Any(s => k.Implied(s) is { } implied && Misprint.Find(s, implied) is not null);

    /// <summary>Beyond any printed figure: the open side of a one-sided bound.</summary>
    const decimal Unbounded = 100_000_000_000_000_000_000m;

    /// <summary>
    /// Dilution only ever adds shares and, for a profit, only ever lowers the amount per share: diluted weighted shares ≥
    /// basic, and 0 ≤ diluted per share ≤ basic where either is a profit (a loss per share is not diluted: antidilutive
    /// shares are left out). Basic and diluted rows are paired in the order printed (the i-th of each), where the table
    /// prints as many of one as of the other. Tolerance: each figure's printed rounding.
    /// </summary>
    static void Dilution(List<ProofRow> rows, List<TableColumn> columns, List<Constraint> constraints)
    {
        foreach (var type in new[] { ConceptType.Shares, ConceptType.PerShare })
        {
            var of = rows.Where(r => r.Type == type && !r.Row.IsSection).ToList();
            var diluted = of.Where(Diluted).ToList();
            var basic = of.Where(r => !Diluted(r)).ToList();
            if (diluted.Count == 0 || diluted.Count != basic.Count) continue;
            for (int i = 0; i < diluted.Count; i++)
                foreach (var c in columns)
                {
                    Slot d = diluted[i].Slots[c.Index], b = basic[i].Slots[c.Index];
                    if (d.Kind != SlotKind.Number || b.Kind != SlotKind.Number) continue;
                    if (type == ConceptType.Shares)
                        constraints.Add(new FunctionConstraint("per-share", d, [d, b],
                            () => $"diluted shares (line {d.Line}) ≥ basic shares (line {b.Line})",
                            target => target == d ? new Interval(b.Interval.Lo, Unbounded) : new Interval(-Unbounded, d.Interval.Hi),
                            target => target == d ? $"at least the basic shares {b.PrintedText} (line {b.Line})" : $"at most the diluted shares {d.PrintedText} (line {d.Line})"));
                    else if (b.Value > 0 || d.Value > 0)
                        constraints.Add(new FunctionConstraint("per-share", d, [d, b],
                            () => $"diluted per share (line {d.Line}) between 0 and basic per share (line {b.Line}) for a profit",
                            target => target == d ? new Interval(0, Math.Max(0, b.Interval.Hi)) : new Interval(d.Interval.Lo, Unbounded),
                            target => target == d ? $"at most the basic {b.PrintedText} (line {b.Line})" : $"at least the diluted {d.PrintedText} (line {d.Line})"));
                }
        }
    }
}
