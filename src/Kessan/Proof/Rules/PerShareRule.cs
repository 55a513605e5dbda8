using System.Globalization;
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
            if (eps is null || shares is null) continue;
            var columns = ProofSheet.MoneyColumns(sheet.Tables[ti]).Where(c => c.Role == ColumnRole.Value).ToList();

            if (ni is not null)
                foreach (var c in columns)
                {
                    Slot e = eps.Slots[c.Index], n = ni.Slots[c.Index], s = shares.Slots[c.Index];
                    if (e.Kind == SlotKind.Blank || s.Kind == SlotKind.Blank || n.Kind == SlotKind.Blank) continue;
                    constraints.Add(new FunctionConstraint("per-share", e, [e, n, s],
                        () => $"per share on line {e.Line} = net income (line {n.Line}) ÷ shares (line {s.Line})",
                        target => target == e ? Interval.Divide(n.Interval, s.Interval)
                            : target == n ? e.Interval * s.Interval
                            : Interval.Divide(n.Interval, e.Interval),
                        target => target == e ? $"net income ÷ shares (lines {n.Line}, {s.Line})" : $"per share {e.PrintedText} (line {e.Line})"));
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
}
