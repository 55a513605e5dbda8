using System.Globalization;
using Kessan.Facts;
using Kessan.Periods;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Application;

/// <summary>
/// What a column of a regenerated statement holds: the requested period (<c>current</c>), its USD convenience
/// translation, the year before and the quarter before (printed by the release, else taken from the store), or
/// another period the release prints.
/// </summary>
public static class StatementRoles
{
    public const string Current = "current", Convenience = "convenience", PriorYear = "priorYear", PriorQuarter = "priorQuarter", Other = "other";
}

/// <summary>A column of a statement: its role, its period, and whether the release prints it (<c>release</c>) or the store supplied it (<c>store</c>).</summary>
public sealed record StatementColumn(string Role, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, bool Convenience, string Source);

/// <summary>A figure of a statement with its status and provenance (document, line, cell, printed token).</summary>
public sealed record StatementCell(decimal Value, string Unit, string Printed, string Status, string Doc, int Line, int Column, int? Decimals);

/// <summary>
/// A line of a statement in the release's own order: the concept, the label in the chosen language (the taxonomy's,
/// else as printed), one cell per column (null where nothing is printed), and the comparisons the releases print:
/// change against the year and the quarter before and share of the statement's total, in percent to one decimal.
/// </summary>
public sealed record StatementRow(int Order, string Concept, string Label, string PrintedLabel, string Unit, int Line,
    IReadOnlyList<StatementCell?> Cells, decimal? YoYPercent, decimal? QoQPercent, decimal? PercentOfTotal);

/// <summary>
/// A statement regenerated from the store for one period: which release it is read from (the latest version of the
/// release that reports the period, unless one is named), its columns and rows.
/// </summary>
public sealed record Statement(string Kind, string Table, string Doc, string DocSha256, string Company, string Lang,
    DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, string? TotalConcept,
    IReadOnlyList<StatementColumn> Columns, IReadOnlyList<StatementRow> Rows)
{
    public int ColumnOf(string role) => Columns.ToList().FindIndex(c => c.Role == role);
}

/// <summary>A statement the store can regenerate: a release, a table kind, a period it prints, the languages it prints it in.</summary>
public sealed record StatementRef(string Doc, string DocSha256, string Table, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod,
    IReadOnlyList<string> Languages, bool ReportingPeriod);

/// <summary>
/// Rebuilds statements from stored facts. Rows keep the release's order (first line, then cell, each fact printed at);
/// a row is a concept and its printed label, so two printings of one line (a summary and the statement) stay two rows.
/// </summary>
sealed class StatementBuilder(IFactStore store, TaxonomySet taxonomy)
{
    public static readonly string[] Kinds = ["income", "income_ytd", "balance", "cashflow"];
    static readonly string[] Languages = ["en", "ja"];

    /// <summary>The line every row's share is taken of: revenues for income, total assets for the balance sheet, none for cash flows.</summary>
    static string? TotalConcept(string table) => table switch
    {
        "income" or "income_ytd" => "us-gaap:Revenues",
        "balance" => "us-gaap:Assets",
        _ => null,
    };

    /// <param name="kind">income (three-month, else year-to-date where only that matches), income_ytd, balance or cashflow</param>
    /// <param name="period">a fiscal label (FY2002 Q3), a period-end date (2002-12-31) or start/end (2002-04-01/2002-12-31)</param>
    public Statement Build(string kind, string period, string lang, string? doc)
    {
        if (!Kinds.Contains(kind)) throw new InvalidQueryException("kind", $"unknown statement '{kind}' (income, balance, cashflow; income_ytd for year to date)");
        if (!Languages.Contains(lang)) throw new InvalidQueryException("lang", $"unknown language '{lang}' (en, ja)");
        var match = Matcher(period);
        var documents = store.Documents().Where(d => d.Latest).ToDictionary(d => d.Sha256);
        if (doc is not null && !documents.Values.Any(d => d.Name == doc))
            throw new InvalidQueryException("doc", $"no document '{doc}' in the store" + Suggest(Nearest.Names(doc, documents.Values.Select(d => d.Name))));

        // income: the three-month statement; where only a year-to-date one prints the period, that one.
        string[] tables = kind == "income" ? ["income", "income_ytd"] : [kind];
        foreach (var table in tables)
        {
            var candidates = Candidates(table, period, doc).Where(f => !f.Convenience && match(f) && documents.ContainsKey(f.DocSha256)).ToList();
            if (candidates.Count == 0) continue;
            // A date may name a quarter and a year to date that end together: the shorter is the statement asked for.
            var chosenPeriod = candidates.Select(f => new Period(f.PeriodStart, f.PeriodEnd)).Distinct().MinBy(p => p.Start is { } s ? p.End.DayNumber - s.DayNumber : 0);
            var inPeriod = candidates.Where(f => f.PeriodStart == chosenPeriod.Start && f.PeriodEnd == chosenPeriod.End).ToList();
            // The release that reports this period, latest version and latest publication first; else the latest that prints it.
            var sha = inPeriod.Select(f => f.DocSha256).Distinct().Select(s => documents[s])
                .OrderByDescending(d => d.Meta.ReportingEnd == chosenPeriod.End)
                .ThenByDescending(d => d.Meta.ReportingEnd).ThenByDescending(d => d.IngestedAt).ThenBy(d => d.Name, StringComparer.Ordinal)
                .First().Sha256;
            return Regenerate(documents[sha], table, kind, chosenPeriod, lang);
        }
        var known = store.Periods();
        if (!KessanQueries.Matches(known, period) && !IsInterval(period))
            throw new InvalidQueryException("period", $"no period '{period}' in the store" + Suggest(Nearest.Periods(period, known)), Nearest.Periods(period, known));
        throw new InvalidQueryException("period", $"no {kind} statement for '{period}'{(doc is null ? "" : $" in {doc}")}" + Suggest(Available(tables, doc)));
    }

    static string Suggest(IReadOnlyList<string> nearest) => nearest.Count > 0 ? $"; nearest: {string.Join(", ", nearest)}" : "";

    IReadOnlyList<string> Available(string[] tables, string? doc) =>
        tables.SelectMany(t => store.Facts(new FactQuery(Doc: doc) { Table = t })).Where(f => !f.Convenience)
            .Select(f => f.FiscalPeriod).Distinct().Take(8).ToList();

    IEnumerable<Fact> Candidates(string table, string period, string? doc)
    {
        // Filter in the store by period where the period is a label or a date; an interval by its end date.
        var storePeriod = IsInterval(period) ? period.Split('/')[1] : period;
        return store.Facts(new FactQuery(Doc: doc, Period: storePeriod) { Table = table });
    }

    static bool IsInterval(string period) => period.Split('/') is [var a, var b] && KessanQueries.Iso(a) is not null && KessanQueries.Iso(b) is not null;

    static Func<Fact, bool> Matcher(string period)
    {
        if (period.Split('/') is [var a, var b] && KessanQueries.Iso(a) is { } start && KessanQueries.Iso(b) is { } end)
            return f => f.PeriodStart == start && f.PeriodEnd == end;
        if (KessanQueries.Iso(period) is { } date) return f => f.PeriodEnd == date;
        return f => f.FiscalPeriod == period;
    }

    /// <summary>Every statement the store's latest versions print, per release, table and period (what an export regenerates).</summary>
    public IReadOnlyList<StatementRef> All()
    {
        var documents = store.Documents().Where(d => d.Latest).ToDictionary(d => d.Sha256);
        var refs = new List<StatementRef>();
        foreach (var table in Kinds)
            foreach (var g in store.Facts(new FactQuery { Table = table }).Where(f => !f.Convenience && documents.ContainsKey(f.DocSha256))
                         .GroupBy(f => (f.DocSha256, f.PeriodStart, f.PeriodEnd)))
            {
                var d = documents[g.Key.DocSha256];
                refs.Add(new StatementRef(d.Name, d.Sha256, table, g.Key.PeriodStart, g.Key.PeriodEnd, g.First().FiscalPeriod,
                    g.Select(f => f.Lang).Distinct().Order(StringComparer.Ordinal).ToList(), d.Meta.ReportingEnd == g.Key.PeriodEnd));
            }
        return refs.OrderBy(r => r.Doc, StringComparer.Ordinal).ThenBy(r => Array.IndexOf(Kinds, r.Table)).ThenByDescending(r => r.PeriodEnd).ThenBy(r => r.PeriodStart).ToList();
    }

    /// <summary>One statement of one stored release, exactly as <see cref="All"/> names it.</summary>
    public Statement Build(StatementRef s, string lang)
    {
        var d = store.Documents().FirstOrDefault(x => x.Sha256 == s.DocSha256 && x.Latest)
            ?? throw new InvalidQueryException("doc", $"no document '{s.Doc}' in the store");
        return Regenerate(d, s.Table, s.Table == "income_ytd" ? "income" : s.Table, new Period(s.PeriodStart, s.PeriodEnd), lang);
    }

    Statement Regenerate(StoredDocument doc, string table, string kind, Period period, string lang)
    {
        var all = store.Facts(new FactQuery(Doc: doc.Name) { Table = table }).Where(f => f.DocSha256 == doc.Sha256).ToList();
        bool InPeriod(Fact f) => f.PeriodStart == period.Start && f.PeriodEnd == period.End;
        // The printing in the asked language where the release has one that prints the period (a Japanese summary and an
        // English statement are two printings); else the other one, labelled in the asked language.
        var language = all.Any(f => f.Lang == lang && !f.Convenience && InPeriod(f)) ? lang
            : all.Where(f => !f.Convenience && InPeriod(f)).GroupBy(f => f.Lang).MaxBy(g => g.Count())!.Key;
        var facts = all.Where(f => f.Lang == language).OrderBy(f => f.Line).ThenBy(f => f.Column).ToList();

        // Columns in the release's order (the first cell each period is printed in).
        var printed = facts.GroupBy(f => (f.PeriodStart, f.PeriodEnd, f.Convenience))
            .OrderBy(g => g.Min(f => f.Column)).ThenBy(g => g.Key.Convenience)
            .Select(g => (g.Key, g.First().FiscalPeriod)).ToList();
        var priorYear = Prior(period, 12);
        var priorQuarter = period.IsInstant || period.Months == 3 ? Prior(period, 3) : (Period?)null;
        var columns = new List<StatementColumn>();
        foreach (var ((start, end, convenience), fiscal) in printed)
        {
            var p = new Period(start, end);
            string role = convenience ? (p == period ? StatementRoles.Convenience : StatementRoles.Other)
                : p == period ? StatementRoles.Current
                : priorYear is { } y && Near(p, y) && !columns.Any(c => c.Role == StatementRoles.PriorYear) ? StatementRoles.PriorYear
                : priorQuarter is { } q && Near(p, q) && !columns.Any(c => c.Role == StatementRoles.PriorQuarter) ? StatementRoles.PriorQuarter
                : StatementRoles.Other;
            columns.Add(new StatementColumn(role, start, end, fiscal, convenience, "release"));
        }

        // Rows: a concept and its printed label; a second printing of the same line for a period already filled is a new row.
        var rows = new List<(string Concept, string Label, bool Known, List<Fact> Facts, StatementCell?[] Cells)>();
        var index = printed.Select((p, i) => (p.Key, i)).ToDictionary(x => x.Key, x => x.i);
        foreach (var f in facts)
        {
            int col = index[(f.PeriodStart, f.PeriodEnd, f.Convenience)];
            var row = rows.FirstOrDefault(r => r.Concept == f.Concept && r.Label == f.Label && r.Cells[col] is null);
            if (row.Cells is null)
            {
                row = (f.Concept, f.Label, f.KnownConcept, [], new StatementCell?[columns.Count]);
                rows.Add(row);
            }
            row.Facts.Add(f);
            row.Cells[col] = Cell(f);
        }

        // The year and quarter before, where the release does not print them: the store's latest value of the same line.
        var extra = new List<(int Column, Dictionary<(string, string), Fact> Values)>();
        foreach (var (role, prior) in new[] { (StatementRoles.PriorYear, priorYear), (StatementRoles.PriorQuarter, priorQuarter) })
        {
            if (prior is not { } p || columns.Any(c => c.Role == role)) continue;
            var values = StoredValues(table, p, doc);
            if (values.Count == 0) continue;
            var found = values.Values.First();
            columns.Add(new StatementColumn(role, found.PeriodStart, found.PeriodEnd, found.FiscalPeriod, false, "store"));
            extra.Add((columns.Count - 1, values));
        }

        var total = TotalConcept(table);
        int current = columns.FindIndex(c => c.Role == StatementRoles.Current);
        int py = columns.FindIndex(c => c.Role == StatementRoles.PriorYear), pq = columns.FindIndex(c => c.Role == StatementRoles.PriorQuarter);
        var unitOf = rows.Select(r => r.Facts.FirstOrDefault(f => !f.Convenience)?.Unit ?? r.Facts[0].Unit).ToList();
        var totalRow = rows.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.Concept == total && x.r.Cells[current] is not null);
        var result = new List<StatementRow>();
        for (int i = 0; i < rows.Count; i++)
        {
            var (concept, label, known, rowFacts, cellsArray) = rows[i];
            var cells = cellsArray.Concat(Enumerable.Repeat<StatementCell?>(null, columns.Count - cellsArray.Length)).ToArray();
            foreach (var (column, values) in extra)
                if (values.TryGetValue((concept, unitOf[i]), out var v)) cells[column] = Cell(v);
            var now = cells[current]?.Value;
            decimal? share = null;
            if (now is { } n && totalRow.r.Cells is not null && unitOf[totalRow.i] == unitOf[i] && totalRow.r.Cells[current]!.Value is var t && t != 0)
                share = Percent(n / t);
            result.Add(new StatementRow(i + 1, concept, known ? taxonomy.Find(concept)?.PreferredLabel(lang) ?? label : label, label, unitOf[i],
                rowFacts.Min(f => f.Line), cells, Change(now, py >= 0 ? cells[py]?.Value : null), Change(now, pq >= 0 ? cells[pq]?.Value : null), share));
        }
        var currentFact = facts.First(f => !f.Convenience && InPeriod(f));
        return new Statement(kind, table, doc.Name, doc.Sha256, doc.Meta.Company, lang, period.Start, period.End, currentFact.FiscalPeriod, total, columns, result);
    }

    /// <summary>
    /// The latest stored value of each line (concept and unit) for a period, from the latest versions of other releases;
    /// statements only, no convenience translations.
    /// </summary>
    Dictionary<(string, string), Fact> StoredValues(string table, Period prior, StoredDocument except)
    {
        var documents = store.Documents().Where(d => d.Latest).ToDictionary(d => d.Sha256);
        var matches = new List<Fact>();
        for (int days = -7; days <= 7; days++)
            matches.AddRange(store.Facts(new FactQuery(Period: prior.End.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) { Table = table })
                .Where(f => !f.Convenience && f.DocSha256 != except.Sha256 && documents.ContainsKey(f.DocSha256) && f.PeriodEnd == prior.End.AddDays(days)
                            && Near(new Period(f.PeriodStart, f.PeriodEnd), prior)));
        return matches.GroupBy(f => (f.Concept, f.Unit))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => documents[f.DocSha256].Meta.ReportingEnd).ThenByDescending(f => documents[f.DocSha256].IngestedAt).First());
    }

    static Period? Prior(Period p, int months)
    {
        try { return p.Shift(-months); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>The same span a year or quarter before, allowing the days by which a 52/53-week calendar drifts.</summary>
    static bool Near(Period a, Period b) =>
        Math.Abs(a.End.DayNumber - b.End.DayNumber) <= 7
        && (a.Start is null) == (b.Start is null)
        && (a.Start is not { } s1 || b.Start is not { } s2 || Math.Abs(s1.DayNumber - s2.DayNumber) <= 7);

    static StatementCell Cell(Fact f) => new(f.Value, f.Unit, f.Printed, f.Status.Code(), f.Doc, f.Line, f.Column, f.Decimals);

    static decimal? Change(decimal? now, decimal? before) =>
        now is { } n && before is { } b && b != 0 ? Percent((n - b) / Math.Abs(b)) : null;

    static decimal Percent(decimal ratio) => decimal.Round(ratio * 100, 1, MidpointRounding.AwayFromZero);
}
