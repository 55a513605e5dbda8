using System.Globalization;
using Kessan.Analysis;
using Kessan.Facts;
using Kessan.Proof;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Application;

/// <summary>Filters of a fact listing; null matches everything. <c>Period</c> is a fiscal label (<c>FY2002 Q3</c>) or a period-end date.</summary>
public sealed record FactFilter(string? Doc = null, string? Concept = null, string? Period = null, string? Unit = null,
    string? Status = null, string? Table = null)
{
    /// <summary>Only the document with this content hash (one version of one release; the HTTP API links documents by hash).</summary>
    public string? DocSha256 { get; init; }

    /// <summary>Only this company's documents.</summary>
    public string? Company { get; init; }
}

/// <summary>One page of a listing: its rows, how many rows the whole listing has, and where the page starts.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, long Offset, int? Limit);

/// <summary>
/// The use cases of Kessan over one store, for every host (the <c>kessan</c> CLI, the HTTP API): documents, facts
/// (filtered and paged in the store), findings, restatements, series, guidance, metrics and regenerated statements.
/// Every answer reads each release's latest version only (the store's <c>latest</c> flag; see <see cref="SqlFactStore"/>).
/// A filter naming a concept, period or document the store does not hold is an <see cref="InvalidQueryException"/>
/// that suggests the nearest ones, never a silent empty answer.
/// </summary>
public sealed class KessanQueries : IDisposable
{
    static readonly string[] Statuses = ["ok", "flagged", "repaired"];
    static readonly string[] Tables = ["income", "income_ytd", "balance", "cashflow", "kpi", "narrative", "guidance"];

    readonly IFactStore _store;
    readonly bool _owns;

    public TaxonomySet Taxonomy { get; }

    /// <summary>Queries over a store the caller owns (and disposes).</summary>
    public KessanQueries(IFactStore store, TaxonomySet? taxonomy = null) : this(store, taxonomy ?? TaxonomyLoader.Default, owns: false) { }

    KessanQueries(IFactStore store, TaxonomySet taxonomy, bool owns) => (_store, Taxonomy, _owns) = (store, taxonomy, owns);

    /// <summary>
    /// Queries over the store at <paramref name="target"/> (see <see cref="StoreTarget"/>). A SQLite file that does not
    /// exist is a <see cref="StoreNotFoundException"/>: reading never creates a store.
    /// </summary>
    public static KessanQueries Open(string target, TaxonomySet? taxonomy = null) =>
        new(StoreTarget.OpenExisting(target), taxonomy ?? TaxonomyLoader.Default, owns: true);

    internal IFactStore Store => _store;

    public IReadOnlyList<StoredDocument> Documents() => _store.Documents();

    /// <summary>
    /// One page of facts, filtered and paged by the store (a page of a million-fact store reads one page), with the
    /// listing's total. An empty listing whose filter names something the store does not hold is an error with suggestions.
    /// </summary>
    /// <param name="total">false: the page only (<see cref="Page{T}.Total"/> is −1 unless the page shows it), for hosts
    /// that page through millions of rows and ask for the total once (<see cref="CountFacts"/>)</param>
    public Page<Fact> Facts(FactFilter filter, long offset = 0, int? limit = null, bool total = true)
    {
        if (offset < 0) throw new InvalidQueryException("offset", $"offset must be 0 or more (got {offset})");
        if (limit is < 0) throw new InvalidQueryException("limit", $"limit must be 0 or more (got {limit})");
        var query = Query(filter) with { Offset = offset, Limit = limit };
        var items = _store.Facts(query).ToList();
        long count = offset == 0 && (limit is null || items.Count < limit) ? items.Count : total ? _store.CountFacts(query) : -1;
        if (count == 0) Explain(filter);
        return new Page<Fact>(items, count, offset, limit);
    }

    /// <summary>How many facts a filter matches (the total of its listing).</summary>
    public long CountFacts(FactFilter filter) => _store.CountFacts(Query(filter));

    /// <summary>Every fact a filter matches, streamed in listing order (for the CLI and exports, which need no total).</summary>
    public IEnumerable<Fact> AllFacts(FactFilter? filter = null)
    {
        filter ??= new FactFilter();
        var query = Query(filter);
        bool any = false;
        foreach (var f in _store.Facts(query))
        {
            any = true;
            yield return f;
        }
        if (!any) Explain(filter);
    }

    /// <summary>
    /// The findings of each document's latest version (or one document's; of one rule, one severity), filtered and
    /// paged by the store in document and line order, with the listing's total.
    /// </summary>
    /// <param name="total">false: the page only (<see cref="Page{T}.Total"/> is −1 unless the page shows it), for hosts
    /// that ask for the total once (<see cref="CountFindings"/>)</param>
    public Page<Finding> Findings(string? doc = null, long offset = 0, int? limit = null, string? rule = null, string? severity = null, bool total = true)
    {
        if (offset < 0) throw new InvalidQueryException("offset", $"offset must be 0 or more (got {offset})");
        if (limit is < 0) throw new InvalidQueryException("limit", $"limit must be 0 or more (got {limit})");
        var query = FindingsQuery(doc, rule, severity) with { Offset = offset, Limit = limit };
        var items = _store.Findings(query).ToList();
        long count = offset == 0 && (limit is null || items.Count < limit) ? items.Count : total ? _store.CountFindings(query) : -1;
        if (count == 0 && query.Doc is not null) Explain(new FactFilter(Doc: query.Doc));
        return new Page<Finding>(items, count, offset, limit);
    }

    /// <summary>How many findings a filter matches (the total of its listing).</summary>
    public long CountFindings(string? doc = null, string? rule = null, string? severity = null) => _store.CountFindings(FindingsQuery(doc, rule, severity));

    static FindingQuery FindingsQuery(string? doc, string? rule, string? severity)
    {
        if (severity is { } s && s is not ("error" or "warning" or "info"))
            throw new InvalidQueryException("severity", $"unknown severity '{s}' (error, warning, info)");
        return new FindingQuery(Blank(doc), Blank(rule), severity);
    }

    public IReadOnlyList<Restatement> Restatements() => StreamRestatements().ToList();

    /// <summary>Restatements as the store yields them, company by company: a writer prints each as it comes (read while the store is open).</summary>
    public IEnumerable<Restatement> StreamRestatements() => ReleaseHistory.Restatements(_store, Taxonomy);

    /// <summary>One concept across periods on the chosen basis; an unknown concept suggests the nearest ones.</summary>
    public IReadOnlyList<SeriesPoint> Series(string concept, Basis basis = Basis.Latest, string? unit = null, string? company = null) =>
        StreamSeries(concept, basis, unit, company).ToList();

    /// <summary><see cref="Series"/> company by company as the store yields it (read while the store is open).</summary>
    public IEnumerable<SeriesPoint> StreamSeries(string concept, Basis basis = Basis.Latest, string? unit = null, string? company = null)
    {
        bool any = false;
        foreach (var p in ReleaseHistory.Series(_store, concept, basis, unit, company))
        {
            any = true;
            yield return p;
        }
        if (!any) Explain(new FactFilter(Concept: concept));
    }

    /// <summary>Every forecast with its range as printed and the actual once a later release reports it.</summary>
    public IReadOnlyList<GuidanceOutcome> Guidance() => ReleaseHistory.Guidance(_store).ToList();

    public IReadOnlyList<Metric> Metrics() =>
        new DerivedMetrics(ReleaseHistory.ForConcepts(_store, DerivedMetrics.Concepts(Taxonomy), Taxonomy), Taxonomy).All();

    /// <summary>
    /// A statement (income, balance, cashflow; income_ytd for year to date) regenerated for one period in the release's
    /// own row order, with the comparison columns and labels in <paramref name="lang"/> (en, ja). The release is the
    /// latest that reports the period unless <paramref name="doc"/> names one.
    /// </summary>
    public Statement Statement(string kind, string period, string lang = "en", string? doc = null) =>
        new StatementBuilder(_store, Taxonomy).Build(kind, period.Trim(), lang, Blank(doc));

    /// <summary>Every statement the store can regenerate: each release's tables and the periods they print.</summary>
    public IReadOnlyList<StatementRef> Statements() => new StatementBuilder(_store, Taxonomy).All();

    /// <summary>One statement <see cref="Statements"/> named, from its own release.</summary>
    public Statement Statement(StatementRef statement, string lang = "en") => new StatementBuilder(_store, Taxonomy).Build(statement, lang);

    static FactQuery Query(FactFilter f)
    {
        if (f.Status is { } s && !Statuses.Contains(s))
            throw new InvalidQueryException("status", $"unknown status '{s}' ({string.Join(", ", Statuses)})");
        if (f.Table is { } t && !Tables.Contains(t))
            throw new InvalidQueryException("table", $"unknown table '{t}' ({string.Join(", ", Tables)})");
        return new FactQuery(Blank(f.Doc), Blank(f.Concept), Blank(f.Period)) { Unit = Blank(f.Unit), Status = f.Status, Table = f.Table, DocSha256 = Blank(f.DocSha256), Company = f.Company };
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// Why a filter matched nothing: the first of its names the store does not hold, with the nearest names it does.
    /// A filter whose names all exist but never meet (a concept not reported for that period) is simply empty.
    /// </summary>
    void Explain(FactFilter filter)
    {
        if (Blank(filter.Doc) is { } doc)
        {
            var names = _store.Documents().Select(d => d.Name).Distinct(StringComparer.Ordinal).ToList();
            if (!names.Contains(doc, StringComparer.Ordinal)) throw Unknown("doc", "document", doc, Nearest.Names(doc, names));
        }
        if (Blank(filter.Concept) is { } concept)
        {
            var names = _store.ConceptNames();
            if (!names.Contains(concept, StringComparer.Ordinal)) throw Unknown("concept", "concept", concept, Nearest.Names(concept, names));
        }
        if (Blank(filter.Period) is { } period)
        {
            var periods = _store.Periods();
            if (!Matches(periods, period)) throw Unknown("period", "period", period, Nearest.Periods(period, periods));
        }
    }

    internal static bool Matches(IReadOnlyList<StoredPeriod> periods, string period) =>
        periods.Any(p => p.FiscalPeriod == period)
        || (Iso(period) is { } end && periods.Any(p => p.End == end));

    internal static DateOnly? Iso(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    static InvalidQueryException Unknown(string parameter, string noun, string value, IReadOnlyList<string> nearest) =>
        new(parameter, $"no {noun} '{value}' in the store" + (nearest.Count > 0 ? $"; nearest: {string.Join(", ", nearest)}" : ""), nearest, notInStore: true);

    public void Dispose()
    {
        if (_owns) _store.Dispose();
    }
}
