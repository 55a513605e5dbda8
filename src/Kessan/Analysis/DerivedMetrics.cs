using Kessan.Periods;
using Kessan.Taxonomy;

namespace Kessan.Analysis;

/// <summary>
/// A figure computed from stored facts, never stored as printed: its formula, its inputs' sources, and where the
/// release prints the same figure itself, that printed value and whether the two agree within its rounding.
/// </summary>
public sealed record Metric(string Name, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, decimal Value, string Unit,
    string Formula, IReadOnlyList<SourceRef> Inputs, decimal? Printed = null, SourceRef? PrintedSource = null, bool? Agrees = null);

/// <summary>
/// Derived metrics on the latest basis: gross margin per segment (segments are taxonomy data), operating margin,
/// Adjusted EBITDA = operating income + depreciation and amortization (checked against the printed one), and
/// year-over-year growth of revenues. Percentages are rounded to one decimal; money is exact.
/// </summary>
public sealed class DerivedMetrics(ReleaseHistory history, TaxonomySet taxonomy)
{
    const string Revenues = "us-gaap:Revenues", OperatingIncome = "us-gaap:OperatingIncomeLoss",
        Depreciation = "us-gaap:DepreciationDepletionAndAmortization", Ebitda = "kessan:AdjustedEbitda";

    /// <summary>The concepts the metrics read: a store loads these, not every fact.</summary>
    public static IReadOnlyCollection<string> Concepts(TaxonomySet taxonomy) =>
        [Revenues, OperatingIncome, Depreciation, Ebitda, .. taxonomy.Segments.SelectMany(s => new[] { s.Revenue, s.Cost })];

    public List<Metric> All()
    {
        var metrics = new List<Metric>();
        var revenues = Points(Revenues);
        foreach (var segment in taxonomy.Segments)
            foreach (var (period, rev, cost) in Join(Points(segment.Revenue), Points(segment.Cost)))
                if (rev.Value != 0)
                    metrics.Add(Percent($"gross margin: {segment.Name}", period, rev, (rev.Value - cost.Value) / rev.Value, "(revenue − cost) ÷ revenue", [rev.Source, cost.Source]));
        foreach (var (period, income, rev) in Join(Points(OperatingIncome), revenues))
            if (rev.Value != 0)
                metrics.Add(Percent("operating margin", period, income, income.Value / rev.Value, "operating income ÷ revenues", [income.Source, rev.Source]));
        var printedEbitda = Points(Ebitda);
        foreach (var (period, income, da) in Join(Points(OperatingIncome), Points(Depreciation)))
        {
            var value = income.Value + da.Value;
            printedEbitda.TryGetValue(period, out var printed);
            // The printed figure is rounded to its own unit (millions in the KPI tables): agreement is within half of it.
            bool? agrees = printed is null ? null : Math.Abs(printed.Value - value) <= Facts.Precision.HalfUnit(printed.Value, printed.Source.Printed);
            metrics.Add(new Metric("Adjusted EBITDA", period.Start, period.End, income.FiscalPeriod, value, "JPY",
                "operating income + depreciation and amortization", [income.Source, da.Source], printed?.Value, printed?.Source, agrees));
        }
        foreach (var (period, now) in revenues)
        {
            var yearBefore = period.Shift(-12);
            if (revenues.TryGetValue(yearBefore, out var then) && then.Value != 0)
                metrics.Add(Percent("revenue growth YoY", period, now, (now.Value - then.Value) / Math.Abs(then.Value), "(this − year before) ÷ |year before|", [now.Source, then.Source]));
        }
        return metrics.OrderBy(m => m.PeriodEnd).ThenBy(m => m.PeriodStart).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
    }

    Dictionary<Period, SeriesPoint> Points(string concept) =>
        history.Series(concept, Basis.Latest, "JPY").GroupBy(p => new Period(p.PeriodStart, p.PeriodEnd)).ToDictionary(g => g.Key, g => g.First());

    static IEnumerable<(Period, SeriesPoint, SeriesPoint)> Join(Dictionary<Period, SeriesPoint> a, Dictionary<Period, SeriesPoint> b)
    {
        foreach (var (period, x) in a)
            if (b.TryGetValue(period, out var y)) yield return (period, x, y);
    }

    static Metric Percent(string name, Period period, SeriesPoint basis, decimal ratio, string formula, IReadOnlyList<SourceRef> inputs) =>
        new(name, period.Start, period.End, basis.FiscalPeriod, decimal.Round(ratio * 100, 1, MidpointRounding.AwayFromZero), "percent", formula, inputs);

}
