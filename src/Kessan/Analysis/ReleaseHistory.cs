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
        var facts = _facts.Where(f => !f.Convenience && (StatementTables.Contains(f.Table) || f.Table == "kpi"));
        var result = Changes(facts, f => f, Comparer<Fact>.Create((a, b) => Order(a).CompareTo(Order(b))))
            .Select(c => Restated(c.Before, Source(c.Before), c.After, Source(c.After), _docs[c.After.DocSha256].Meta.RestatementNote, _taxonomy,
                (parent, doc) => _facts.Where(f => f.Concept == parent && f.DocSha256 == doc)));
        return Sorted(result).ToList();
    }

    /// <summary>
    /// Every restatement in the store, company by company (by name; within a company by period, restating document
    /// and line), as <see cref="Restatements()"/> orders them. Streamed from the store's candidate rows, one (company, concept, table,
    /// unit) bucket at a time: memory holds a bucket's facts and one company's restatements, never the store.
    /// </summary>
    public static IEnumerable<Restatement> Restatements(IFactStore store, TaxonomySet taxonomy)
    {
        var bucket = new List<HistoryFact>();
        var ofCompany = new List<Restatement>();
        (string Company, string Concept, string Table, string Unit) key = ("", "", "", "");
        // The rows must come bucket by bucket; a bucket or company seen again would be compared in two halves.
        var doneCompanies = new HashSet<string>(StringComparer.Ordinal);
        var doneBuckets = new HashSet<(string, string, string, string)>();
        foreach (var row in store.RestatementCandidates())
        {
            var f = row.Fact;
            var next = (f.Company, f.Concept, f.Table, f.Unit);
            if (bucket.Count > 0 && next != key)
            {
                ofCompany.AddRange(Compare(store, taxonomy, bucket));
                bucket.Clear();
                doneBuckets.Add(key);
                if (next.Company != key.Company)
                {
                    foreach (var r in Sorted(ofCompany)) yield return r;
                    ofCompany.Clear();
                    doneBuckets.Clear();
                    doneCompanies.Add(key.Company);
                }
                if (doneBuckets.Contains(next) || doneCompanies.Contains(next.Company))
                    throw new InvalidOperationException($"restatement candidates out of order at {next}: the store must return them bucket by bucket");
            }
            key = next;
            bucket.Add(row);
        }
        ofCompany.AddRange(Compare(store, taxonomy, bucket));
        foreach (var r in Sorted(ofCompany)) yield return r;
    }

    static IEnumerable<Restatement> Compare(IFactStore store, TaxonomySet taxonomy, List<HistoryFact> bucket)
    {
        // Listing order (document, then position) so a release's first statement of a figure is the one compared, as
        // when the whole store is read.
        bucket.Sort((a, b) => a.Fact.Doc != b.Fact.Doc ? string.CompareOrdinal(a.Fact.Doc, b.Fact.Doc)
            : a.DocumentId != b.DocumentId ? a.DocumentId.CompareTo(b.DocumentId) : a.Seq.CompareTo(b.Seq));
        return Changes(bucket, h => h.Fact, HistoryFact.ReleaseOrder).Select(c => Restated(c.Before.Fact, Source(c.Before), c.After.Fact, Source(c.After),
            c.After.RestatementNote, taxonomy,
            (parent, doc) => store.Concurrent.Facts(new FactQuery(Concept: parent) { DocSha256 = doc, Table = c.After.Fact.Table, Unit = c.After.Fact.Unit }))).ToList();
    }

    static SourceRef Source(HistoryFact h) => new(h.Fact.Doc, h.Fact.Line, h.Fact.Printed, h.ReportingEnd);

    /// <summary>Company by company (ordinal name order), then by period, restating document and line.</summary>
    static IEnumerable<Restatement> Sorted(IEnumerable<Restatement> restatements) =>
        restatements.OrderBy(r => r.Company, StringComparer.Ordinal).ThenBy(r => r.PeriodEnd).ThenBy(r => r.Latest.Doc, StringComparer.Ordinal)
            .ThenBy(r => r.Latest.Line);

    /// <summary>
    /// Consecutive releases' differing values of one figure: facts grouped by company, concept (or label), table,
    /// period and unit; one value per release (a release's Japanese and English halves state the same figure, the
    /// English one and the first stated is kept), releases in <paramref name="order"/>.
    /// </summary>
    static IEnumerable<(T Before, T After)> Changes<T>(IEnumerable<T> facts, Func<T, Fact> fact, IComparer<T> order)
    {
        foreach (var g in facts.Where(x => Comparable(fact(x))).GroupBy(x => fact(x) switch { var f => (f.Company, Identity(f), f.Table, f.PeriodStart, f.PeriodEnd, f.Unit) }))
        {
            var perDoc = g.GroupBy(x => fact(x).DocSha256).Select(d => d.OrderBy(x => fact(x).Lang == "en" ? 0 : 1).First()).Order(order).ToList();
            for (int i = 1; i < perDoc.Count; i++)
                if (fact(perDoc[i - 1]).Value != fact(perDoc[i]).Value) yield return (perDoc[i - 1], perDoc[i]);
        }
    }

    /// <summary>
    /// A note on the restating line that says the line was reclassified, with its total unchanged, is a
    /// reclassification; a restating release that explains changed figures (a write-off, a restatement) is a
    /// restatement; anything else is unexplained. <paramref name="factsOf"/> gives a concept's facts in one document.
    /// </summary>
    static Restatement Restated(Fact before, SourceRef first, Fact after, SourceRef latest, string? restatementNote, TaxonomySet taxonomy,
        Func<string, string, IEnumerable<Fact>> factsOf)
    {
        var (kind, why) = ("unexplained", "");
        if (restatementNote is { } explanation) (kind, why) = ("restatement", explanation);
        if (after.Footnote is { } note && taxonomy.History.Reclassification.IsMatch(note))
        {
            var parent = taxonomy.Find(after.Concept)?.Parent;
            var totals = parent is null ? [] : new[] { before.DocSha256, after.DocSha256 }.Distinct().SelectMany(doc => factsOf(parent, doc))
                .Where(f => f.Concept == parent && f.Table == after.Table && f.Unit == after.Unit && f.PeriodStart == after.PeriodStart && f.PeriodEnd == after.PeriodEnd).ToList();
            if (totals.Select(f => f.Value).Distinct().Count() <= 1) (kind, why) = ("reclassification", note);
        }
        return new Restatement(after.Concept, after.Label, after.Table, after.PeriodStart, after.PeriodEnd, after.FiscalPeriod, after.Unit,
            before.Value, first, after.Value, latest, kind, why, after.Company);
    }

    /// <summary>
    /// One value per period for a concept, from the statements where they report it (else the KPI tables), on the
    /// chosen basis. A fourth quarter missing from every release is derived as full year − nine months when both exist.
    /// Each company has its own series (<paramref name="company"/> null: every company's, one after the other), in
    /// <paramref name="unit"/> or, without one, in the unit most of that company's figures of the concept are in (a
    /// dollar reporter's series in USD, a yen reporter's in JPY; never one company's unit imposed on another).
    /// </summary>
    public List<SeriesPoint> Series(string concept, Basis basis, string? unit = null, string? company = null) => Series(concept, basis, unit, company, null);

    List<SeriesPoint> Series(string concept, Basis basis, string? unit, string? company, Func<Fact, bool>? keep)
    {
        var candidates = _facts.Where(f => f.Concept == concept && !f.Convenience && (company is null || f.Company == company)
            && (StatementTables.Contains(f.Table) || f.Table == "kpi") && (keep is null || keep(f))).ToList();
        if (candidates.Count == 0) return [];
        var order = Comparer<Fact>.Create((a, b) => Order(a).CompareTo(Order(b)));
        return candidates.GroupBy(f => f.Company).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => CompanySeries(g.ToList(), f => f, order, Source, basis, unit, g.Key)).ToList();
    }

    /// <summary>
    /// A concept's series read from the store, company by company (by name, as <see cref="Series(string, Basis, string?, string?)"/>): one
    /// company's rows are held at a time, and the first company's points come out before the next company is read.
    /// Without <paramref name="unit"/>, each company's series is in the unit most of its rows are in.
    /// </summary>
    public static IEnumerable<SeriesPoint> Series(IFactStore store, string concept, Basis basis, string? unit = null, string? company = null)
    {
        var ofCompany = new List<HistoryFact>();
        foreach (var row in store.SeriesFacts(concept, company, unit))
        {
            if (ofCompany.Count > 0 && row.Fact.Company != ofCompany[0].Fact.Company)
            {
                foreach (var p in CompanySeries(ofCompany, h => h.Fact, HistoryFact.ReleaseOrder, Source, basis, unit, ofCompany[0].Fact.Company)) yield return p;
                ofCompany.Clear();
            }
            ofCompany.Add(row);
        }
        if (ofCompany.Count > 0)
            foreach (var p in CompanySeries(ofCompany, h => h.Fact, HistoryFact.ReleaseOrder, Source, basis, unit, ofCompany[0].Fact.Company)) yield return p;
    }

    /// <summary>
    /// One company's points of one concept in <paramref name="unit"/> (null: the unit most of its rows are in): per
    /// period the statement figure (else the KPI one) of the latest or first release.
    /// </summary>
    static List<SeriesPoint> CompanySeries<T>(IReadOnlyList<T> all, Func<T, Fact> fact, IComparer<T> order, Func<T, SourceRef> source, Basis basis, string? unit, string company)
    {
        unit ??= all.GroupBy(x => fact(x).Unit, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.Key;
        var rows = all.Where(x => fact(x).Unit == unit);
        var points = new List<SeriesPoint>();
        foreach (var period in rows.GroupBy(x => (fact(x).PeriodStart, fact(x).PeriodEnd)))
        {
            var statement = period.Where(x => fact(x).Table != "kpi").ToList();
            var pool = statement.Count > 0 ? statement : period.ToList();
            var chosen = basis == Basis.Latest ? pool.Max(order)! : pool.Min(order)!;
            var f = fact(chosen);
            points.Add(new SeriesPoint(f.PeriodStart, f.PeriodEnd, f.FiscalPeriod, f.Value, unit!, source(chosen),
                Derived: false, pool.Select(x => fact(x).DocSha256).Distinct().Count(), company));
        }
        points.AddRange(DerivedQuarters(points));
        return points.OrderBy(p => p.PeriodEnd).ThenBy(p => p.PeriodStart).ToList();
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
    /// the fourth quarter when both are known. Only the figures that can judge a forecast are read
    /// (<see cref="CanJudge"/>), here as from a store.
    /// </summary>
    public List<GuidanceOutcome> Guidance()
    {
        var forecasts = _facts.Where(f => f.Table == "guidance").OrderBy(f => f.Company, StringComparer.Ordinal).ThenBy(Order).ThenBy(f => f.Line)
            .Select(f => (f, _docs[f.DocSha256].Meta.ReportingEnd)).ToList();
        var wanted = JudgingWindows(forecasts.Select(x => x.f));
        var actuals = new Dictionary<(string Company, string Concept, string? Unit), List<SeriesPoint>>();
        List<SeriesPoint> SeriesOf(string company, string concept, string? unit) =>
            actuals.TryGetValue((company, concept, unit), out var s) ? s
            : actuals[(company, concept, unit)] = Series(concept, Basis.Latest, unit, company, f => wanted(f.Company, f.Concept, f.PeriodStart, f.PeriodEnd));
        return Judged(forecasts, SeriesOf).ToList();
    }

    /// <summary>
    /// Every forecast in the store, company by company (by name): the forecasts, and only the figures that can judge
    /// one of them (<see cref="CanJudge"/>; at 5 M facts a few thousand rows, where a company's whole history of each
    /// forecast concept was 180,000), read at once on two connections; each company's forecasts are judged against its
    /// series of those figures.
    /// </summary>
    public static IEnumerable<GuidanceOutcome> Guidance(IFactStore store)
    {
        var concurrent = store.Concurrent;
        var actualRows = concurrent == store ? Task.FromResult(store.GuidanceActuals(CanJudge)) : Task.Run(() => concurrent.GuidanceActuals(CanJudge));
        Dictionary<string, List<HistoryFact>>? actualsOf = null;
        // A company's forecasts are judged once the actuals are in; until then they wait (the forecasts are read meanwhile).
        var waiting = new List<List<HistoryFact>>();
        IEnumerable<GuidanceOutcome> JudgeWaiting()
        {
            actualsOf ??= actualRows.GetAwaiter().GetResult().GroupBy(h => h.Fact.Company, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var judged = waiting.SelectMany(ofCompany => JudgedCompany(ofCompany, actualsOf.GetValueOrDefault(ofCompany[0].Fact.Company) ?? [])).ToList();
            waiting.Clear();
            return judged;
        }
        try
        {
            var current = new List<HistoryFact>();
            foreach (var row in store.GuidanceFacts())
            {
                if (current.Count > 0 && row.Fact.Company != current[0].Fact.Company)
                {
                    waiting.Add(current);
                    current = [];
                    if (actualRows.IsCompleted) foreach (var o in JudgeWaiting()) yield return o;
                }
                current.Add(row);
            }
            if (current.Count > 0) waiting.Add(current);
            foreach (var o in JudgeWaiting()) yield return o;
        }
        finally
        {
            // A reader that stops early leaves the second connection free for the next question, not mid-read.
            try { actualRows.Wait(); } catch (AggregateException) { }
        }
    }

    /// <summary>One company's forecasts judged against its series of the figures that can judge them.</summary>
    static IEnumerable<GuidanceOutcome> JudgedCompany(List<HistoryFact> forecasts, List<HistoryFact> rows)
    {
        var company = forecasts[0].Fact.Company;
        var byConcept = rows.GroupBy(h => h.Fact.Concept, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var actuals = new Dictionary<(string Concept, string? Unit), List<SeriesPoint>>();
        List<SeriesPoint> SeriesOf(string _, string concept, string? unit) =>
            actuals.TryGetValue((concept, unit), out var s) ? s
            : actuals[(concept, unit)] = byConcept.TryGetValue(concept, out var of)
                ? CompanySeries(of, h => h.Fact, HistoryFact.ReleaseOrder, Source, Basis.Latest, unit, company) : [];
        var ordered = forecasts.Order(HistoryFact.ReleaseOrder).ThenBy(h => h.Fact.Line).ThenBy(h => h.Seq).Select(h => (h.Fact, h.ReportingEnd)).ToList();
        return Judged(ordered, SeriesOf);
    }

    /// <summary>Whether a company's figure of a concept over (start, end) can judge one of these forecasts (<see cref="CanJudge"/>).</summary>
    static Func<string, string, DateOnly?, DateOnly, bool> JudgingWindows(IEnumerable<Fact> forecasts)
    {
        var byPair = forecasts.GroupBy(f => (f.Company, f.Concept)).ToDictionary(g => g.Key, g => g.ToList());
        return (company, concept, start, end) => byPair.TryGetValue((company, concept), out var of)
            && of.Any(g => CanJudge(g.PeriodStart, g.PeriodEnd, start, end) || (g.BaseEnd is { } baseEnd && CanJudge(g.BaseStart, baseEnd, start, end)));
    }

    /// <summary>
    /// Whether a figure over (start, end) can take part in judging a target period, as <see cref="Actual"/> and
    /// <see cref="DerivedQuarters"/> use figures: the target itself or a figure ending with it (a full year whose fourth
    /// quarter is derived), a part inside it (a year summed from its parts), or the nine months (six or more) ending the
    /// day before a quarter target starts (the quarter = year − nine months).
    /// </summary>
    public static bool CanJudge(DateOnly? targetStart, DateOnly targetEnd, DateOnly? start, DateOnly end)
    {
        if (end == targetEnd) return true;
        if (targetStart is not { } ts || start is not { } s) return false;
        if (s >= ts && end <= targetEnd) return true;
        return end == ts.AddDays(-1) && s < ts.AddDays(-150);
    }

    /// <summary>
    /// Forecasts in release order, each once per release, with their actual and verdict; <paramref name="seriesOf"/> is
    /// a company's series of a concept on the latest basis, in a unit (an amount is judged in its own currency; a growth
    /// rate in the unit most of the company's figures are in: null).
    /// </summary>
    static IEnumerable<GuidanceOutcome> Judged(IEnumerable<(Fact Guidance, DateOnly ReportedOn)> forecasts, Func<string, string, string?, List<SeriesPoint>> seriesOf)
    {
        var seen = new HashSet<(string, string, DateOnly, decimal?, decimal?)>();
        foreach (var (g, reportedOn) in forecasts)
        {
            if (!seen.Add((g.DocSha256, g.Concept, g.PeriodEnd, g.Low, g.High))) continue;
            var series = seriesOf(g.Company, g.Concept, g.Unit == "percent" ? null : g.Unit);
            var actual = Actual(series, g.Company, g.PeriodStart, g.PeriodEnd, after: reportedOn);
            decimal? value = null;
            SourceRef? source = null;
            if (g.Unit == "percent" && g.BaseEnd is { } baseEnd)
            {
                var baseline = Actual(series, g.Company, g.BaseStart, baseEnd, after: DateOnly.MinValue);
                if (actual is not null && baseline is { Value: not 0 })
                {
                    value = decimal.Round((actual.Value - baseline.Value) / Math.Abs(baseline.Value) * 100, 1);
                    source = actual.Source with { Printed = $"{actual.Source.Printed} vs {baseline.Source.Printed} ({baseline.Source.Doc}:{baseline.Source.Line})" };
                }
            }
            else if (actual is not null) (value, source) = (actual.Value, actual.Source);
            yield return new GuidanceOutcome(g, reportedOn, value, source, value is { } v ? Verdict(g, v) : null);
        }
    }

    static SeriesPoint? Actual(List<SeriesPoint> series, string company, DateOnly? start, DateOnly end, DateOnly after)
    {
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
        return new SeriesPoint(start, end, "", parts.Sum(p => p.Value), parts[0].Unit,
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
