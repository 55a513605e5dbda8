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
/// the company charts and a document's statement, which read the release history of one company. The history
/// questions read many facts, so their answers are kept until the store changes (a new document): the generation is
/// the documents' count and highest id, read at most once a second.
/// </summary>
internal sealed class WebQueries(StorePool pool, TaxonomySet taxonomy)
{
    static readonly string[] StatementKinds = ["income", "balance", "cashflow"];

    readonly ConcurrentDictionary<string, Lazy<object>> _cache = new(StringComparer.Ordinal);
    (long Count, long Max) _generation = (-1, -1);
    long _checkedAt;
    readonly object _gate = new();

    T Cached<T>(string key, Func<T> compute) where T : class
    {
        CheckGeneration();
        if (_cache.Count > 2048) _cache.Clear();
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication));
        try { return (T)lazy.Value; }
        catch
        {
            _cache.TryRemove(key, out _);
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
                _cache.Clear();
                _generation = generation;
            }
            Interlocked.Exchange(ref _checkedAt, now);
        }
    }

    IReadOnlyList<StoredDocument> AllDocuments() => Cached("documents", () => Use(q => q.Documents()));

    /// <summary>The latest document of a name (the history's sources name documents; the dashboard links by content hash).</summary>
    string? ShaOf(string doc) => Cached("sha-by-name", () => AllDocuments().OrderByDescending(d => d.Latest).ThenByDescending(d => d.Version)
        .GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal))
        .GetValueOrDefault(doc);

    SourceRecord Source(SourceRef s) => new(s.Doc, ShaOf(s.Doc), s.Line, s.Printed);

    public Page<DocumentRecord> Documents(string? company, bool allVersions, int offset, int limit)
    {
        var docs = AllDocuments().Where(d => (allVersions || d.Latest) && (company is null || d.Meta.Company == company))
            .Select(DocumentRecord.From).ToList();
        return Slice(docs, offset, limit);
    }

    public DocumentRecord Document(string sha) =>
        AllDocuments().FirstOrDefault(d => d.Sha256 == sha) is { } d ? DocumentRecord.From(d) : throw new NotFoundException($"no document with sha256 {sha}");

    public DocumentText Lines(string sha, int from, int count)
    {
        var doc = Document(sha);
        var (total, lines) = pool.Use(s => (s.DocumentLineCount(sha), s.DocumentLines(sha, from, count)));
        return new DocumentText(doc.Doc, sha, from, total, lines);
    }

    public IReadOnlyList<CompanyRecord> Companies() => Cached("companies", () => AllDocuments().Where(d => d.Latest)
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
            : Cached($"count\u001f{System.Text.Json.JsonSerializer.Serialize(filter)}", () => new Box<long>(Use(q => q.CountFacts(filter)))).Value;
        return new Page<FactRecord>(items, offset, limit, more, total);
    }

    sealed record Box<T>(T Value);

    T Use<T>(Func<KessanQueries, T> query) => pool.Use(s =>
    {
        using var q = new KessanQueries(s, taxonomy);
        return query(q);
    });

    public Page<FindingRecord> Findings(string? doc, string? rule, string? severity, int offset, int limit)
    {
        if (rule is null && severity is null)
        {
            var page = Use(q => q.Findings(doc, offset, limit));
            return new Page<FindingRecord>(page.Items.Select(g => FindingRecord.From(g, ShaOf(g.Doc))).ToList(), offset, limit,
                offset + page.Items.Count < page.Total, page.Total);
        }
        var all = Use(q => q.Findings(doc).Items.Where(g => (rule is null || g.Rule == rule) && (severity is null || g.Severity.Code() == severity)).ToList());
        return Slice(all.Select(g => FindingRecord.From(g, ShaOf(g.Doc))).ToList(), offset, limit);
    }

    public Page<RestatementRecord> Restatements(string? concept, string? kind, int offset, int limit)
    {
        var all = Cached("restatements", () => Use(q => q.Restatements())
            .Select(r => new RestatementRecord(r.Concept, r.Label, r.Table, r.PeriodStart, r.PeriodEnd, r.FiscalPeriod, r.Unit,
                r.FirstValue, Source(r.First), r.LatestValue, Source(r.Latest), r.Kind, r.Explanation)).ToList());
        return Slice(all.Where(r => (concept is null || r.Concept == concept) && (kind is null || r.Kind == kind)).ToList(), offset, limit);
    }

    public Page<GuidanceRecord> Guidance(string? concept, int offset, int limit)
    {
        var all = Cached("guidance", () => Use(q => q.Guidance())
            .Select(o => new GuidanceRecord(o.Guidance.Concept, o.Guidance.Label, o.Guidance.PeriodStart, o.Guidance.PeriodEnd, o.Guidance.FiscalPeriod,
                o.Guidance.Low, o.Guidance.High, o.Guidance.Unit, new SourceRecord(o.Guidance.Doc, o.Guidance.DocSha256, o.Guidance.Line, o.Guidance.Printed),
                o.Actual, o.ActualSource is { } a ? Source(a) : null, o.Verdict)).ToList());
        return Slice(all.Where(g => concept is null || g.Concept == concept).ToList(), offset, limit);
    }

    public Page<MetricRecord> Metrics(string? metric, int offset, int limit)
    {
        var all = Cached("metrics", () => Use(q => q.Metrics())
            .Select(m => new MetricRecord(m.Name, m.PeriodStart, m.PeriodEnd, m.FiscalPeriod, m.Value, m.Unit, m.Formula,
                m.Inputs.Select(Source).ToList(), m.Printed, m.PrintedSource is { } p ? Source(p) : null, m.Agrees)).ToList());
        return Slice(all.Where(m => metric is null || m.Metric == metric).ToList(), offset, limit);
    }

    public IReadOnlyList<SeriesRecord> Series(string concept, Basis basis, string? unit, string? company)
    {
        var basisName = basis == Basis.Latest ? "latest" : "first-reported";
        return Cached($"series\u001f{concept}\u001f{basisName}\u001f{unit}\u001f{company}", () =>
            (company is null ? Use(q => q.Series(concept, basis, unit)) : History([concept], company).Series(concept, basis, unit))
                .Select(p => new SeriesRecord(concept, p.PeriodStart, p.PeriodEnd, p.FiscalPeriod, p.Value, p.Unit, Source(p.Source), p.Derived, p.Reports, basisName))
                .ToList());
    }

    /// <summary>The history of a few concepts, of one company when given (a store holds many companies).</summary>
    ReleaseHistory History(IReadOnlyCollection<string> concepts, string? company) => pool.Use(s =>
        new ReleaseHistory(s.Facts(new FactQuery(Concepts: concepts) { Company = company }),
            AllDocuments().Where(d => company is null || d.Meta.Company == company), taxonomy));

    const string Revenues = "us-gaap:Revenues", OperatingIncome = "us-gaap:OperatingIncomeLoss", GrossProfit = "us-gaap:GrossProfit",
        NetIncome = "us-gaap:NetIncomeLoss", Cash = "us-gaap:CashAndCashEquivalentsAtCarryingValue";

    /// <summary>
    /// Revenue by segment (the taxonomy's segments; total revenues where a company has none), margins (gross,
    /// operating, net ÷ revenues, in percent, one decimal) and cash, over the quarters (three-month periods; cash at
    /// each quarter end), on one basis, in the company's most reported currency.
    /// </summary>
    public CompanyCharts Charts(string company, Basis basis)
    {
        if (!Companies().Any(c => c.Company == company)) throw new NotFoundException($"no company named '{company}' in the store");
        var basisName = basis == Basis.Latest ? "latest" : "first-reported";
        return Cached($"charts\u001f{company}\u001f{basisName}", () =>
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

    static Page<T> Slice<T>(IReadOnlyList<T> all, int offset, int limit) =>
        new(all.Skip(offset).Take(limit).ToList(), offset, limit, offset + limit < all.Count, all.Count);
}
