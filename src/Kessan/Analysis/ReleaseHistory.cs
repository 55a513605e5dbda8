using Kessan.Facts;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Analysis;

/// <summary>Where a value comes from: the document, its line and the printed token (or how it was derived).</summary>
public sealed record SourceRef(string Doc, int Line, string Printed, DateOnly ReportingEnd);

/// <summary>
/// The same concept and period reported with two values by two releases of one company, the later one being the latest.
/// <see cref="Company"/> is the company both releases are of ("" where the taxonomy knows it not).
/// </summary>
public sealed record Restatement(
    string Concept, string Label, string Table, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, string Unit,
    decimal FirstValue, SourceRef First, decimal LatestValue, SourceRef Latest, string Kind, string Explanation, string Company = "");

/// <summary>
/// One value of a series: the period, the value on the chosen basis, its source, how many releases reported it, and
/// the company whose series it is (a series never mixes two companies' figures).
/// </summary>
public sealed record SeriesPoint(DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, decimal Value, string Unit, SourceRef Source, bool Derived, int Reports,
    string Company = "");

/// <summary>A forecast range with the actual a later release reports, and the verdict.</summary>
public sealed record GuidanceOutcome(Fact Guidance, DateOnly ReportedOn, decimal? Actual, SourceRef? ActualSource, string? Verdict);

public enum Basis { Latest, FirstReported }

/// <summary>
/// The history across releases, computed from the stored facts of each document's latest version:
/// restatements and reclassifications, series on a chosen basis, guidance against actuals.
/// Releases are ordered by the last day they report on (a 2Q03 release is published after a 1Q03 one).
/// Every question is asked within one company: two companies' figures for the same concept and period are different
/// figures, never a restatement, and never two points of one series.
/// </summary>
public sealed class ReleaseHistory
{
    static readonly string[] StatementTables = ["income", "income_ytd", "balance", "cashflow"];

    readonly TaxonomySet _taxonomy;
    readonly Dictionary<string, (int Order, DocumentMeta Meta)> _docs;
    readonly List<Fact> _facts;

    /// <param name="facts">the facts to reason over: the whole store, or only the concepts a question needs (see the factory methods)</param>
    /// <param name="documents">every stored document; only latest versions count</param>
    public ReleaseHistory(IEnumerable<Fact> facts, IEnumerable<StoredDocument> documents, TaxonomySet taxonomy)
    {
        _taxonomy = taxonomy;
        // Documents are known by their content hash: two different releases may share a file name.
        var latest = documents.Where(d => d.Latest)
            .OrderBy(d => d.Meta.ReportingEnd).ThenBy(d => d.IngestedAt).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
        _docs = latest.Select((d, i) => (d, i)).ToDictionary(x => x.d.Sha256, x => (x.i, x.d.Meta));
        _facts = facts.Where(f => _docs.ContainsKey(f.DocSha256)).ToList();
    }

    /// <summary>The history of one concept only: a series reads that concept's rows, never the store.</summary>
    public static ReleaseHistory ForConcept(IFactStore store, string concept, TaxonomySet taxonomy) => ForConcept(store, concept, taxonomy, null);

    /// <summary>One concept of one company (null: of every company); the store reads only those rows and their documents.</summary>
    public static ReleaseHistory ForConcept(IFactStore store, string concept, TaxonomySet taxonomy, string? company)
    {
        var query = new FactQuery(Concept: concept, Company: company);
        return new(store.Facts(query), store.Documents(query), taxonomy);
    }

    /// <summary>
    /// The facts a restatement can involve: the concepts the store's grouped query finds reported with two values,
    /// and their parents (a reclassification is judged by its total).
    /// </summary>
    public static ReleaseHistory ForRestatements(IFactStore store, TaxonomySet taxonomy)
    {
        // Only the facts of groups reported with two values (one grouped query), and of their concepts' parents in the
        // same documents (a reclassification is judged by its total in the two releases).
        var candidates = store.RestatementCandidates().ToList();
        var docs = candidates.Select(f => f.DocSha256).ToHashSet(StringComparer.Ordinal);
        var concepts = candidates.Select(f => f.Concept).ToHashSet(StringComparer.Ordinal);
        var parents = concepts.Select(c => taxonomy.Find(c)?.Parent).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // A fact is a record: one read twice (a candidate that is also a parent's total) is kept once.
        var facts = parents.Count == 0 ? candidates
            : candidates.Concat(store.Facts(new FactQuery(Concepts: parents)).Where(f => docs.Contains(f.DocSha256))).Distinct().ToList();
        concepts.UnionWith(parents);
        return new(facts, store.Documents(new FactQuery(Concepts: concepts)), taxonomy);
    }

    /// <summary>The forecasts and the facts of the concepts they forecast, nothing else.</summary>
    public static ReleaseHistory ForGuidance(IFactStore store, TaxonomySet taxonomy)
    {
        var query = new FactQuery(Concepts: store.GuidanceConcepts());
        return new(store.Facts(query), store.Documents(query), taxonomy);
    }

    /// <summary>The facts of the given concepts (derived metrics name theirs).</summary>
    public static ReleaseHistory ForConcepts(IFactStore store, IReadOnlyCollection<string> concepts, TaxonomySet taxonomy)
    {
        var query = new FactQuery(Concepts: concepts);
        return new(store.Facts(query), store.Documents(query), taxonomy);
    }

    int Order(Fact f) => _docs[f.DocSha256].Order;
    SourceRef Source(Fact f) => new(f.Doc, f.Line, f.Printed, _docs[f.DocSha256].Meta.ReportingEnd);

    /// <summary>Unknown labels are compared only with the same label: a generated concept means what its row says.</summary>
    static string Identity(Fact f) => f.KnownConcept ? f.Concept : f.Concept + "|" + TaxonomySet.LabelKey(f.Label);

    /// <summary>
    /// An unknown one-word label ("Others", "その他") names nothing by itself: two releases' "Others" rows are not the
    /// same line, so they are not compared.
    /// </summary>
    static bool Comparable(Fact f) => f.KnownConcept || TaxonomySet.LabelKey(f.Label).Length > 6;

    public List<Restatement> Restatements()
    {
        var result = new List<Restatement>();
        var groups = _facts.Where(f => !f.Convenience && Comparable(f) && (StatementTables.Contains(f.Table) || f.Table == "kpi"))
            .GroupBy(f => (f.Company, Identity(f), f.Table, f.PeriodStart, f.PeriodEnd, f.Unit));
        foreach (var g in groups)
        {
            // One value per release (a release's Japanese and English halves state the same figure).
            var perDoc = g.GroupBy(f => f.DocSha256).Select(d => d.OrderBy(f => f.Lang == "en" ? 0 : 1).First()).OrderBy(Order).ToList();
            for (int i = 1; i < perDoc.Count; i++)
            {
                var (before, after) = (perDoc[i - 1], perDoc[i]);
                if (before.Value == after.Value) continue;
                var (kind, why) = Classify(before, after);
                result.Add(new Restatement(after.Concept, after.Label, after.Table, after.PeriodStart, after.PeriodEnd, after.FiscalPeriod, after.Unit,
                    before.Value, Source(before), after.Value, Source(after), kind, why, after.Company));
            }
        }
        return result.OrderBy(r => r.PeriodEnd).ThenBy(r => r.Latest.Doc, StringComparer.Ordinal).ThenBy(r => r.Latest.Line)
            .ThenBy(r => r.Company, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A note on the restating line that says the line was reclassified, with its total unchanged, is a
    /// reclassification; a restating release that explains changed figures (a write-off, a restatement) is a
    /// restatement; anything else is unexplained.
    /// </summary>
    (string Kind, string Why) Classify(Fact before, Fact after)
    {
        if (after.Footnote is { } note && _taxonomy.History.Reclassification.IsMatch(note))
        {
            var parent = _taxonomy.Find(after.Concept)?.Parent;
            var totals = parent is null ? [] : _facts.Where(f => f.Concept == parent && f.Table == after.Table && f.Unit == after.Unit
                && f.PeriodStart == after.PeriodStart && f.PeriodEnd == after.PeriodEnd && (f.DocSha256 == before.DocSha256 || f.DocSha256 == after.DocSha256)).ToList();
            bool totalUnchanged = totals.Select(f => f.Value).Distinct().Count() <= 1;
            if (totalUnchanged) return ("reclassification", note);
        }
        if (_docs[after.DocSha256].Meta.RestatementNote is { } explanation) return ("restatement", explanation);
        return ("unexplained", "");
    }

    /// <summary>
    /// One value per period for a concept, from the statements where they report it (else the KPI tables), on the
    /// chosen basis. A fourth quarter missing from every release is derived as full year − nine months when both exist.
    /// Each company has its own series (<paramref name="company"/> null: every company's, one after the other).
    /// </summary>
    public List<SeriesPoint> Series(string concept, Basis basis, string? unit = null, string? company = null)
    {
        var candidates = _facts.Where(f => f.Concept == concept && !f.Convenience && (company is null || f.Company == company)
            && (StatementTables.Contains(f.Table) || f.Table == "kpi")).ToList();
        if (candidates.Count == 0) return [];
        unit ??= candidates.GroupBy(f => f.Unit).MaxBy(g => g.Count())!.Key;
        var all = new List<SeriesPoint>();
        foreach (var ofCompany in candidates.Where(f => f.Unit == unit).GroupBy(f => f.Company).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var points = new List<SeriesPoint>();
            foreach (var period in ofCompany.GroupBy(f => (f.PeriodStart, f.PeriodEnd)))
            {
                var statement = period.Where(f => f.Table != "kpi").ToList();
                var pool = statement.Count > 0 ? statement : period.ToList();
                var chosen = basis == Basis.Latest ? pool.MaxBy(Order)! : pool.MinBy(Order)!;
                points.Add(new SeriesPoint(chosen.PeriodStart, chosen.PeriodEnd, chosen.FiscalPeriod, chosen.Value, unit, Source(chosen),
                    Derived: false, pool.Select(f => f.DocSha256).Distinct().Count(), ofCompany.Key));
            }
            points.AddRange(DerivedQuarters(points));
            all.AddRange(points.OrderBy(p => p.PeriodEnd).ThenBy(p => p.PeriodStart));
        }
        return all;
    }

    /// <summary>Q4 = full year − nine months (same start) where a release prints both and none prints the quarter.</summary>
    static IEnumerable<SeriesPoint> DerivedQuarters(List<SeriesPoint> points)
    {
        foreach (var year in points.Where(p => p.PeriodStart is not null && Months(p) == 12))
        {
            var nine = points.FirstOrDefault(p => p.PeriodStart == year.PeriodStart && Months(p) == 9);
            if (nine is null) continue;
            var q4Start = nine.PeriodEnd.AddDays(1);
            if (points.Any(p => p.PeriodStart == q4Start && p.PeriodEnd == year.PeriodEnd)) continue;
            yield return new SeriesPoint(q4Start, year.PeriodEnd, year.FiscalPeriod.Split(' ')[0] + " Q4", year.Value - nine.Value, year.Unit,
                year.Source with { Printed = $"{year.Source.Printed} − {nine.Source.Printed}" }, Derived: true, 0, year.Company);
        }
    }

    static int Months(SeriesPoint p) => new Periods.Period(p.PeriodStart, p.PeriodEnd).Months;

    /// <summary>
    /// Each forecast with the actual reported once a release covers its target period. A range is judged as
    /// printed (no tolerance); a point forecast ("approximately 10%") within half a unit of its last printed digit;
    /// a growth rate against the actual of its base period. A full year no release prints is the nine months plus
    /// the fourth quarter when both are known.
    /// </summary>
    public List<GuidanceOutcome> Guidance()
    {
        var outcomes = new List<GuidanceOutcome>();
        var seen = new HashSet<(string, string, DateOnly, decimal?, decimal?)>();
        foreach (var g in _facts.Where(f => f.Table == "guidance").OrderBy(Order).ThenBy(f => f.Line))
        {
            if (!seen.Add((g.DocSha256, g.Concept, g.PeriodEnd, g.Low, g.High))) continue;
            var reportedOn = _docs[g.DocSha256].Meta.ReportingEnd;
            var actual = Actual(g.Company, g.Concept, g.PeriodStart, g.PeriodEnd, after: reportedOn);
            decimal? value = null;
            SourceRef? source = null;
            if (g.Unit == "percent" && g.BaseEnd is { } baseEnd)
            {
                var baseline = Actual(g.Company, g.Concept, g.BaseStart, baseEnd, after: DateOnly.MinValue);
                if (actual is not null && baseline is { Value: not 0 })
                {
                    value = decimal.Round((actual.Value - baseline.Value) / Math.Abs(baseline.Value) * 100, 1);
                    source = actual.Source with { Printed = $"{actual.Source.Printed} vs {baseline.Source.Printed} ({baseline.Source.Doc}:{baseline.Source.Line})" };
                }
            }
            else if (actual is not null) (value, source) = (actual.Value, actual.Source);
            outcomes.Add(new GuidanceOutcome(g, reportedOn, value, source, value is { } v ? Verdict(g, v) : null));
        }
        return outcomes;
    }

    // One series per company and concept for all forecasts (was a scan of every fact per forecast); a forecast is judged
    // against its own company's actuals only.
    readonly Dictionary<(string Company, string Concept), List<SeriesPoint>> _actuals = [];

    SeriesPoint? Actual(string company, string concept, DateOnly? start, DateOnly end, DateOnly after)
    {
        if (!_actuals.TryGetValue((company, concept), out var series)) _actuals[(company, concept)] = series = Series(concept, Basis.Latest, "JPY", company);
        var exact = series.FirstOrDefault(p => p.PeriodStart == start && p.PeriodEnd == end && p.Source.ReportingEnd >= end && p.Source.ReportingEnd > after);
        if (exact is not null || start is null) return exact;
        // A full year (or half) summed from its parts: the longest printed part from its start, then the quarters after it.
        var parts = new List<SeriesPoint>();
        var cursor = start.Value;
        while (cursor <= end)
        {
            var part = series.Where(p => p.PeriodStart == cursor && p.PeriodEnd <= end && !p.Derived).MaxBy(p => p.PeriodEnd);
            if (part is null) return null;
            parts.Add(part);
            cursor = part.PeriodEnd.AddDays(1);
        }
        if (parts.Count < 2 || parts[^1].PeriodEnd != end || parts.Max(p => p.Source.ReportingEnd) <= after) return null;
        var last = parts.MaxBy(p => p.Source.ReportingEnd)!;
        return new SeriesPoint(start, end, "", parts.Sum(p => p.Value), "JPY",
            last.Source with { Printed = string.Join(" + ", parts.Select(p => $"{p.Source.Printed} ({p.Source.Doc}:{p.Source.Line})")) }, Derived: true, 0, company);
    }

    static string Verdict(Fact g, decimal actual)
    {
        decimal tolerance = 0;
        if (g.Low is { } l && g.High is { } h && l == h && g.Unit == "percent")
            tolerance = Precision.HalfUnitOfNumberIn(g.Printed);
        if (g.Low is { } low && actual < low - tolerance) return "below";
        if (g.High is { } high && actual > high + tolerance) return "above";
        return "within";
    }

}
