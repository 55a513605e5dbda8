using System.Collections.Concurrent;
using Kessan.Analysis;
using Kessan.Application;
using Kessan.Facts;
using Kessan.Proof;
using Kessan.Periods;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Web;

/// <summary>A parameter the caller got wrong: 400 with the reason.</summary>
internal sealed class BadParameterException(string parameter, string reason) : Exception($"{parameter}: {reason}")
{
    public string Parameter { get; } = parameter;
}

/// <summary>Something asked for by name that the store does not hold: 404 with the reason.</summary>
internal sealed class NotFoundException(string message) : Exception(message);

/// <summary>
/// The queries the HTTP host answers: the application layer's (<see cref="KessanQueries"/>) in the API's shapes, plus
/// the company charts and a document's statement, which read the release history of one company. What is read across
/// the whole store (the documents, the history questions) is kept until the store changes (a new document): the
/// generation is the documents' count and highest id, read at most once a second. Answers per parameter (a series, a
/// listing's total) are kept apart, in a bounded cache, so many of them never push out an expensive whole-store answer.
/// </summary>
internal sealed class WebQueries(StorePool pool, TaxonomySet taxonomy)
{
    static readonly string[] StatementKinds = ["income", "balance", "cashflow"];
    const int MaxPerParameter = 4096;

    readonly ConcurrentDictionary<string, Lazy<object>> _wholeStore = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<object>> _perParameter = new(StringComparer.Ordinal);
    (long Count, long Max) _generation = (-1, -1);
    long _checkedAt;
    readonly object _gate = new();

    T Cached<T>(string key, Func<T> compute) where T : class => Cached(_wholeStore, key, compute);

    T CachedPerParameter<T>(string key, Func<T> compute) where T : class
    {
        if (_perParameter.Count > MaxPerParameter) _perParameter.Clear();
        return Cached(_perParameter, key, compute);
    }

    T Cached<T>(ConcurrentDictionary<string, Lazy<object>> cache, string key, Func<T> compute) where T : class
    {
        CheckGeneration();
        var lazy = cache.GetOrAdd(key, _ => new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication));
        try { return (T)lazy.Value; }
        catch
        {
            cache.TryRemove(key, out _);
            throw;
        }
    }

    void CheckGeneration()
    {
        long now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _checkedAt) < 1000) return;
        lock (_gate)
        {
            if (now - _checkedAt < 1000) return;
            var generation = pool.Use(s => s.Generation());
            if (generation != _generation)
            {
                _wholeStore.Clear();
                _perParameter.Clear();
                _generation = generation;
            }
            Interlocked.Exchange(ref _checkedAt, now);
        }
    }

    /// <summary>The stored documents, indexed the ways the API looks them up (read once per store generation).</summary>
    sealed class DocumentIndex
    {
        public required IReadOnlyList<StoredDocument> All { get; init; }
        public required IReadOnlyList<StoredDocument> Latest { get; init; }
        public required IReadOnlyDictionary<string, StoredDocument> BySha { get; init; }
        /// <summary>The latest document of a name (the history's sources name documents; the dashboard links by content hash).</summary>
        public required IReadOnlyDictionary<string, string> ShaByName { get; init; }
        public required ILookup<string, StoredDocument> ByCompany { get; init; }

        public static DocumentIndex Of(IReadOnlyList<StoredDocument> all) => new()
        {
            All = all,
            Latest = all.Where(d => d.Latest).ToList(),
            BySha = all.GroupBy(d => d.Sha256, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal),
            ShaByName = all.OrderByDescending(d => d.Latest).ThenByDescending(d => d.Version)
                .GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal),
            ByCompany = all.ToLookup(d => d.Meta.Company, StringComparer.Ordinal),
        };
    }

    DocumentIndex Docs() => Cached("documents", () => DocumentIndex.Of(Use(q => q.Documents())));

    IReadOnlyList<StoredDocument> AllDocuments() => Docs().All;

    string? ShaOf(string doc) => Docs().ShaByName.GetValueOrDefault(doc);

    SourceRecord Source(SourceRef s) => new(s.Doc, ShaOf(s.Doc), s.Line, s.Printed);

    public Page<DocumentRecord> Documents(string? company, bool allVersions, int offset, int limit)
    {
        var index = Docs();
        IReadOnlyList<StoredDocument> docs = company is null ? (allVersions ? index.All : index.Latest)
            : index.ByCompany[company].Where(d => allVersions || d.Latest).ToList();
        return Slice(docs, offset, limit, DocumentRecord.From);
    }

    public DocumentRecord Document(string sha) =>
        Docs().BySha.TryGetValue(sha, out var d) ? DocumentRecord.From(d) : throw new NotFoundException($"no document with sha256 {sha}");

    public DocumentText Lines(string sha, int from, int count)
    {
        var doc = Document(sha);
        var page = pool.Use(s => s.DocumentLines(sha, from, count));
        return new DocumentText(doc.Doc, sha, from, page.LineCount, page.Lines);
    }

    public IReadOnlyList<CompanyRecord> Companies() => Cached("companies", () => Docs().Latest
        .GroupBy(d => d.Meta.Company, StringComparer.Ordinal)
        .Select(g => new CompanyRecord(g.Key, g.Count(), g.Sum(d => d.FactCount), g.Min(d => d.Meta.ReportingEnd), g.Max(d => d.Meta.ReportingEnd)))
        .OrderBy(c => c.Company, StringComparer.Ordinal).ToList());

    /// <summary>
    /// One page of facts from the application layer; one row more than the page says whether another follows, and the
    /// listing's total is counted once per filter and kept until the store changes.
    /// </summary>
    public Page<FactRecord> Facts(FactFilter filter, int offset, int limit)
    {
        var page = Use(q => q.Facts(filter, offset, limit + 1, total: false));
        bool more = page.Items.Count > limit;
        var items = page.Items.Take(limit).Select(FactRecord.From).ToList();
        long total = page.Total >= 0 ? page.Total
            : CachedPerParameter($"facts\u001f{System.Text.Json.JsonSerializer.Serialize(filter)}", () => new Box<long>(Use(q => q.CountFacts(filter)))).Value;
        return new Page<FactRecord>(items, offset, limit, more, total);
    }

    sealed record Box<T>(T Value);

    T Use<T>(Func<KessanQueries, T> query) => pool.Use(s =>
    {
        using var q = new KessanQueries(s, taxonomy);
        return query(q);
    });

    /// <summary>One page of findings, filtered and paged by the store; the total as for <see cref="Facts"/>.</summary>
    public Page<FindingRecord> Findings(string? doc, string? rule, string? severity, int offset, int limit)
    {
        var page = Use(q => q.Findings(doc, offset, limit + 1, rule, severity, total: false));
        bool more = page.Items.Count > limit;
        var items = page.Items.Take(limit).Select(g => FindingRecord.From(g, ShaOf(g.Doc))).ToList();
        long total = page.Total >= 0 ? page.Total
            : CachedPerParameter($"findings\u001f{doc}\u001f{rule}\u001f{severity}", () => new Box<long>(Use(q => q.CountFindings(doc, rule, severity)))).Value;
        return new Page<FindingRecord>(items, offset, limit, more, total);
    }

    public Page<RestatementRecord> Restatements(string? concept, string? kind, int offset, int limit)
    {
        var all = Cached("restatements", () => Use(q => q.Restatements())
            .Select(r => new RestatementRecord(r.Concept, r.Label, r.Table, r.PeriodStart, r.PeriodEnd, r.FiscalPeriod, r.Unit,
                r.FirstValue, Source(r.First), r.LatestValue, Source(r.Latest), r.Kind, r.Explanation)).ToList());
        return Slice(concept is null && kind is null ? all : all.Where(r => (concept is null || r.Concept == concept) && (kind is null || r.Kind == kind)).ToList(),
            offset, limit);
    }

    public Page<GuidanceRecord> Guidance(string? concept, int offset, int limit)
    {
        var all = Cached("guidance", () => Use(q => q.Guidance())
            .Select(o => new GuidanceRecord(o.Guidance.Concept, o.Guidance.Label, o.Guidance.PeriodStart, o.Guidance.PeriodEnd, o.Guidance.FiscalPeriod,
                o.Guidance.Low, o.Guidance.High, o.Guidance.Unit, new SourceRecord(o.Guidance.Doc, o.Guidance.DocSha256, o.Guidance.Line, o.Guidance.Printed),
                o.Actual, o.ActualSource is { } a ? Source(a) : null, o.Verdict)).ToList());
        return Slice(concept is null ? all : all.Where(g => g.Concept == concept).ToList(), offset, limit);
    }

    public Page<MetricRecord> Metrics(string? metric, int offset, int limit)
    {
        var all = Cached("metrics", () => Use(q => q.Metrics())
            .Select(m => new MetricRecord(m.Name, m.PeriodStart, m.PeriodEnd, m.FiscalPeriod, m.Value, m.Unit, m.Formula,
                m.Inputs.Select(Source).ToList(), m.Printed, m.PrintedSource is { } p ? Source(p) : null, m.Agrees)).ToList());
        return Slice(metric is null ? all : all.Where(m => m.Metric == metric).ToList(), offset, limit);
    }

    public IReadOnlyList<SeriesRecord> Series(string concept, Basis basis, string? unit, string? company)
    {
        var basisName = basis == Basis.Latest ? "latest" : "first-reported";
        return CachedPerParameter($"series\u001f{concept}\u001f{basisName}\u001f{unit}\u001f{company}", () =>
            (company is null ? Use(q => q.Series(concept, basis, unit)) : History([concept], company).Series(concept, basis, unit))
                .Select(p => new SeriesRecord(concept, p.PeriodStart, p.PeriodEnd, p.FiscalPeriod, p.Value, p.Unit, Source(p.Source), p.Derived, p.Reports, basisName))
                .ToList());
    }

    /// <summary>The history of a few concepts, of one company when given (a store holds many companies).</summary>
    ReleaseHistory History(IReadOnlyCollection<string> concepts, string? company) => pool.Use(s =>
        new ReleaseHistory(s.Facts(new FactQuery(Concepts: concepts) { Company = company }),
            company is null ? AllDocuments() : Docs().ByCompany[company], taxonomy));

    const string Revenues = "us-gaap:Revenues", OperatingIncome = "us-gaap:OperatingIncomeLoss", GrossProfit = "us-gaap:GrossProfit",
        NetIncome = "us-gaap:NetIncomeLoss", Cash = "us-gaap:CashAndCashEquivalentsAtCarryingValue";

    /// <summary>
    /// Revenue by segment (the taxonomy's segments; total revenues where a company has none), margins (gross,
    /// operating, net ÷ revenues, in percent, one decimal) and cash, over the quarters (three-month periods; cash at
    /// each quarter end), on one basis, in the company's most reported currency.
    /// </summary>
    public CompanyCharts Charts(string company, Basis basis)
    {
        if (!Docs().ByCompany.Contains(company)) throw new NotFoundException($"no company named '{company}' in the store");
        var basisName = basis == Basis.Latest ? "latest" : "first-reported";
        return CachedPerParameter($"charts\u001f{company}\u001f{basisName}", () =>
        {
            var segments = taxonomy.Segments.Select(s => (s.Name, s.Revenue)).ToList();
            var concepts = new HashSet<string>(StringComparer.Ordinal) { Revenues, OperatingIncome, GrossProfit, NetIncome, Cash };
            foreach (var s in segments) concepts.Add(s.Revenue);
            var history = History(concepts, company);
            var revenue = history.Series(Revenues, basis);
            string? unit = revenue.GroupBy(p => p.Unit).MaxBy(g => g.Count())?.Key;
            List<SeriesPoint> Quarters(string concept) => history.Series(concept, basis, unit)
                .Where(p => p.PeriodStart is not null && new Period(p.PeriodStart, p.PeriodEnd).Months == 3).ToList();
            ChartPoint Point(SeriesPoint p, decimal? value = null) => new(p.PeriodStart, p.PeriodEnd, p.FiscalPeriod, value ?? p.Value, Source(p.Source));

            var bySegment = segments.Select(s => new ChartSeries(s.Name, s.Revenue, unit ?? "", Quarters(s.Revenue).Select(p => Point(p)).ToList()))
                .Where(s => s.Points.Count > 0).ToList();
            var totalRevenue = Quarters(Revenues);
            if (bySegment.Count == 0 && totalRevenue.Count > 0)
                bySegment.Add(new ChartSeries("Total revenues", Revenues, unit ?? "", totalRevenue.Select(p => Point(p)).ToList()));

            var revenueByPeriod = totalRevenue.Where(p => p.Value != 0).GroupBy(p => (p.PeriodStart, p.PeriodEnd)).ToDictionary(g => g.Key, g => g.First());
            var margins = new List<ChartSeries>();
            foreach (var (name, concept) in new[] { ("Gross margin", GrossProfit), ("Operating margin", OperatingIncome), ("Net margin", NetIncome) })
            {
                var points = Quarters(concept).Where(p => revenueByPeriod.ContainsKey((p.PeriodStart, p.PeriodEnd)))
                    .Select(p => Point(p, decimal.Round(p.Value / revenueByPeriod[(p.PeriodStart, p.PeriodEnd)].Value * 100, 1, MidpointRounding.AwayFromZero)))
                    .ToList();
                if (points.Count > 0) margins.Add(new ChartSeries(name, concept, "percent", points));
            }
            var cash = history.Series(Cash, basis, unit).Where(p => p.PeriodStart is null).Select(p => Point(p)).ToList();
            var cashSeries = cash.Count > 0 ? new List<ChartSeries> { new("Cash and cash equivalents", Cash, unit ?? "", cash) } : [];
            return new CompanyCharts(company, basisName, unit, bySegment, margins, cashSeries);
        });
    }

    /// <summary>
    /// A statement of one document rebuilt from its stored facts: rows in the document's line order, one column per
    /// period and unit the release prints, each cell with its printed token, status, line and cell.
    /// </summary>
    public StatementRecord Statement(string kind, string sha)
    {
        if (!StatementKinds.Contains(kind)) throw new BadParameterException("kind", $"'{kind}' is not a statement; use income, balance or cashflow");
        var doc = Document(sha);
        string[] tables = kind == "income" ? ["income", "income_ytd"] : [kind];
        var facts = Use(q => q.AllFacts(new FactFilter { DocSha256 = sha }).Where(f => tables.Contains(f.Table)).ToList());
        var columns = facts.GroupBy(f => (f.PeriodStart, f.PeriodEnd, f.Unit, f.Convenience, f.Table))
            .OrderBy(g => g.Key.Table == "income" ? 0 : 1).ThenBy(g => g.Min(f => f.Column)).ThenByDescending(g => g.Key.PeriodEnd)
            .Select((g, i) => new StatementColumn(i, g.Key.PeriodStart, g.Key.PeriodEnd, g.First().FiscalPeriod, g.Key.Unit, g.Key.Convenience, g.Key.Table))
            .ToList();
        var index = columns.ToDictionary(c => (c.PeriodStart, c.PeriodEnd, c.Unit, c.Convenience, c.Table), c => c.Index);
        var rows = facts.GroupBy(f => (f.Line, f.Concept, f.Label)).OrderBy(g => g.Key.Line)
            .Select(g =>
            {
                var cells = new StatementCell?[columns.Count];
                foreach (var f in g) cells[index[(f.PeriodStart, f.PeriodEnd, f.Unit, f.Convenience, f.Table)]] ??= new StatementCell(f.Value, f.Printed, f.Status.Code(), f.Line, f.Column);
                return new StatementRow(g.Key.Concept, g.Key.Label, g.Key.Line, cells);
            }).ToList();
        return new StatementRecord(kind, doc.Doc, sha, doc.Company, columns, rows);
    }

    static Page<T> Slice<T>(IReadOnlyList<T> all, int offset, int limit) => Slice(all, offset, limit, x => x);

    /// <summary>A page of a list held in memory; only the page's items are mapped.</summary>
    static Page<TOut> Slice<TIn, TOut>(IReadOnlyList<TIn> all, int offset, int limit, Func<TIn, TOut> map)
    {
        var items = new List<TOut>(Math.Max(0, Math.Min(limit, all.Count - offset)));
        for (int i = offset; i < all.Count && i < offset + limit; i++) items.Add(map(all[i]));
        return new(items, offset, limit, (long)offset + limit < all.Count, all.Count);
    }
}
