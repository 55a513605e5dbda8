using Kessan.Periods;
using Kessan.Taxonomy;

namespace Kessan.Analysis;

/// <summary>
/// A figure computed from stored facts, never stored as printed: its formula, its inputs' sources, and where the
/// release prints the same figure itself, that printed value and whether the two agree within its rounding.
/// </summary>
public sealed record Metric(string Name, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, decimal Value, string Unit,
    string Formula, IReadOnlyList<SourceRef> Inputs, decimal? Printed = null, SourceRef? PrintedSource = null, bool? Agrees = null, string Company = "");

/// <summary>
/// Derived metrics on the latest basis: gross margin per segment (segments are taxonomy data), operating margin,
/// Adjusted EBITDA = operating income + depreciation and amortization (checked against the printed one), and
/// year-over-year growth of revenues. Percentages are rounded to one decimal; money is exact. Every metric is one
/// company's: its inputs are that company's figures of one period, never another company's.
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
            foreach (var (key, rev, cost) in Join(Points(segment.Revenue), Points(segment.Cost)))
                if (rev.Value != 0)
                    metrics.Add(Percent($"gross margin: {segment.Name}", key, rev, (rev.Value - cost.Value) / rev.Value, "(revenue − cost) ÷ revenue", [rev.Source, cost.Source]));
        foreach (var (key, income, rev) in Join(Points(OperatingIncome), revenues))
            if (rev.Value != 0)
                metrics.Add(Percent("operating margin", key, income, income.Value / rev.Value, "operating income ÷ revenues", [income.Source, rev.Source]));
        var printedEbitda = Points(Ebitda);
        foreach (var (key, income, da) in Join(Points(OperatingIncome), Points(Depreciation)))
        {
            var (period, value) = (key.Period, income.Value + da.Value);
            printedEbitda.TryGetValue(key, out var printed);
            // The printed figure is rounded to its own unit (millions in the KPI tables): agreement is within half of it.
            bool? agrees = printed is null ? null : Math.Abs(printed.Value - value) <= Facts.Precision.HalfUnit(printed.Value, printed.Source.Printed);
            metrics.Add(new Metric("Adjusted EBITDA", period.Start, period.End, income.FiscalPeriod, value, income.Unit,
                "operating income + depreciation and amortization", [income.Source, da.Source], printed?.Value, printed?.Source, agrees, key.Company));
        }
        foreach (var (key, now) in revenues)
        {
            if (revenues.TryGetValue(key with { Period = key.Period.Shift(-12) }, out var then) && then.Value != 0)
                metrics.Add(Percent("revenue growth YoY", key, now, (now.Value - then.Value) / Math.Abs(then.Value), "(this − year before) ÷ |year before|", [now.Source, then.Source]));
        }
        return metrics.OrderBy(m => m.PeriodEnd).ThenBy(m => m.PeriodStart).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ThenBy(m => m.Company, StringComparer.Ordinal).ToList();
    }

    /// <summary>A company's period: what a metric's inputs must share.</summary>
    readonly record struct Key(string Company, Period Period);

    // A series holds one point per company and period (a series never mixes companies), each company's in the unit
    // most of its figures are in; a metric joins two figures only in one unit.
    Dictionary<Key, SeriesPoint> Points(string concept) =>
        history.Series(concept, Basis.Latest).GroupBy(p => new Key(p.Company, new Period(p.PeriodStart, p.PeriodEnd))).ToDictionary(g => g.Key, g => g.First());

    static IEnumerable<(Key, SeriesPoint, SeriesPoint)> Join(Dictionary<Key, SeriesPoint> a, Dictionary<Key, SeriesPoint> b)
    {
        foreach (var (key, x) in a)
            if (b.TryGetValue(key, out var y) && x.Unit == y.Unit) yield return (key, x, y);
    }


    static Metric Percent(string name, Key key, SeriesPoint basis, decimal ratio, string formula, IReadOnlyList<SourceRef> inputs) =>
        new(name, key.Period.Start, key.Period.End, basis.FiscalPeriod, decimal.Round(ratio * 100, 1, MidpointRounding.AwayFromZero), "percent", formula, inputs,
            Company: key.Company);

}
