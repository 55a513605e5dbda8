using Kessan.Periods;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Facts;

/// <summary>
/// A figure cell with everything it means, decided once: its column and period, its unit, the multiplier from
/// printed units to base units, and its printed precision in XBRL's sense. The fact builder and the proof both read
/// this; nothing downstream re-parses the printed token or rescales a value.
/// </summary>
public sealed record ResolvedCell(TableCell Cell, TableColumn Column, Period Period, string Unit, decimal Multiplier, int Decimals, bool Convenience)
{
    public decimal Value => Precision.Normalize(Cell.Number.Value * Multiplier);
}

/// <summary>
/// What a money row prints in the per-share columns of its table ("Pretax" | "Earnings Per Share" under each period):
/// its amount per share, under its own concept and label, at each column's multiplier (1; 0.01 for a column in pence),
/// blank cells included, so the fact builder and the proof read one answer.
/// </summary>
public sealed record PerShareColumns(ConceptMatch Match, string Label, IReadOnlyDictionary<int, decimal> Multipliers);

/// <summary>A statement row with its concept, the kind of figure it prints, and the multiplier of its money (or count) cells.</summary>
public sealed record ResolvedRow(TableRow Row, ConceptMatch Match, ConceptType Type, decimal Multiplier, IReadOnlyList<ResolvedCell> Cells)
{
    public string Concept => Match.Concept.Name;

    /// <summary>Set when the row is money and its table prints per-share columns beside it.</summary>
    public PerShareColumns? PerShare { get; init; }

    /// <summary>The per-share meaning of a column of this row, if that column is one of its per-share columns.</summary>
    public PerShareColumns? PerShareAt(int column) => PerShare is { } p && p.Multipliers.ContainsKey(column) ? p : null;

    /// <summary>
    /// True for a position ("Total assets", "Book value per share") in a supplementary table whose columns run over
    /// periods: its figures are as at each period's end, a balance having no duration.
    /// </summary>
    public bool AtPeriodEnd { get; init; }

    /// <summary>The period of this row's figure in a column: the column's, or its end for a position. The fact builder and the proof both read it.</summary>
    public Period? PeriodIn(TableColumn column) => column.Period is { } p ? At(p, AtPeriodEnd) : null;

    internal static Period At(Period column, bool atPeriodEnd) => atPeriodEnd && !column.IsInstant ? Period.Instant(column.End) : column;
}

/// <summary>
/// A table as the rest of the pipeline reads it: its rows resolved, the money scale and the share-count scale it is
/// read at, and the problems that make its facts doubtful (no currency stated, no scale stated or proven).
/// </summary>
public sealed record ResolvedTable(Table Table, IReadOnlyList<ResolvedRow> Rows, decimal MoneyScale, decimal ShareScale, IReadOnlyList<string> Problems)
{
    /// <summary>True when the figures of this table cannot be trusted as to unit or scale: they are stored flagged.</summary>
    public bool Doubtful => Problems.Count > 0;
    /// <summary>
    /// Every figure of the table is doubtful, counts too: it prints money but states no currency, or its rows are years
    /// beside a dated column.
    /// </summary>
    public bool AllDoubtful { get; init; }

    /// <summary>Figures printed unlike the rest of their column (<see cref="PrintedPattern"/>): each a parse finding, its fact flagged.</summary>
    public IReadOnlyList<PrintedOddity> Oddities { get; init; } = [];
}

/// <summary>
/// Resolves every cell of a document's tables in one step: concept by label (taxonomy), kind of figure (money,
/// per share, share count…), unit (the column's or table's currency, as the document states it), multiplier (the
/// table's stated scale; an unstated scale proven by ties to the release's other statements; share counts at the
/// scale their caption, row or the per-share identity gives), decimals and period.
/// </summary>
public sealed partial class CellResolver(TaxonomySet taxonomy)
{
    static readonly decimal[] Powers = [1m, 1_000m, 1_000_000m, 1_000_000_000m];
    static readonly string[] NetIncomeConcepts = ["us-gaap:NetIncomeLoss", "us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic", "ifrs-full:ProfitLossAttributableToOwnersOfParent", "us-gaap:ProfitLoss"];

    static readonly System.Buffers.SearchValues<char> CurrencySigns = System.Buffers.SearchValues.Create("$€¥£₩₹");

    public IReadOnlyList<ResolvedTable> Resolve(IReadOnlyList<Table> tables, Company? company, List<ReadingNote> notes)
    {
        var rowsOf = tables.Select(t => Classify(t, company)).ToList();
        Disambiguate(tables, rowsOf, company);
        var perShare = tables.Select(PerShareColumnsOf).ToList();
        var moneyScales = MoneyScales(tables, rowsOf, perShare, notes);
        var result = new List<ResolvedTable>(tables.Count);
        for (int i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var problems = new List<string>();
            var money = moneyScales[i];
            if (money is null)
            {
                problems.Add($"table '{table.Title}' prints no scale and nothing in the release proves one: its figures are stored as printed units");
                money = 1m;
            }
            if (table.CurrencyEvidence == Evidence.Inferred)
                problems.Add($"table '{table.Title}' {table.CurrencyReason}");
            if (table.CurrencyEvidence == Evidence.Unstated && table.Kind != StatementKind.Kpi)
                problems.Add($"table '{table.Title}' states no currency and the release gives none: its money figures are stored as {TableBuilder.UnknownCurrency}");
            var shares = ShareScale(table, rowsOf[i], money.Value, perShare[i], notes);
            var rows = rowsOf[i].Select(r => Cells(table, r, money.Value, shares, perShare[i], company)).ToList();
            // Figures read as counts that print a currency sign ("$31,271"): money of a currency and scale the table
            // does not state, so every figure of the table is doubtful, not an exact count.
            var signed = rows.SelectMany(r => r.Cells).FirstOrDefault(c => c.Unit == "count" && c.Cell.Printed.AsSpan().IndexOfAny(CurrencySigns) >= 0);
            // Rows labelled by year ("Fiscal 2015", "Fiscal 2016", … "Thereafter": a schedule of future amortization or
            // maturities) under a dated column: each figure belongs to its row's year, not to the column's period.
            var years = table.Rows.Where(r => !r.IsSection && IsYear(r.Label)).Take(2).Select(r => r.Label).ToList();
            bool yearRows = years.Count == 2;
            if (yearRows)
                problems.Add($"table '{table.Title}' prints years as its rows ('{years[0]}' …): its figures are of those years, not of its column's period; they are stored flagged");
            if (table.LengthAssumed)
                problems.Add($"table '{table.Title}' prints dates and does not say how long its periods run: its columns are read as the quarters ending on them and its figures are stored flagged");
            // Two value columns of one currency read as one period: the header did not line up with the figures (a
            // tight PDF layout), so which column is which period is not known — none of them is stored as proven.
            // Not a per-share column beside its period's money column ("Pretax | Earnings Per Share").
            var twice = table.Columns.Where(c => c.Role == ColumnRole.Value && c.Period is not null && !perShare[i].ContainsKey(c.Index))
                .GroupBy(c => (c.Period, c.Currency)).FirstOrDefault(g => g.Count() > 1)?.ToList();
            if (twice is not null)
                problems.Add($"table '{table.Title}' reads columns {twice[0].Index + 1} and {twice[1].Index + 1} as the same period ({twice[0].Period}): its header does not line up with its figures, so which column is which period is not known; its figures are stored flagged");
            if (table.CalendarAssumed)
                problems.Add($"table '{table.Title}' names its periods by the fiscal year alone and neither the taxonomy nor the release states the issuer's fiscal year end: they are read as calendar years and its figures are stored flagged");
            if (signed is not null)
                problems.Add($"table '{table.Title}' prints its figures as money ('{signed.Cell.Printed}') but states no currency and scale they can be read in: they are stored as printed counts, not proven");
            result.Add(new ResolvedTable(table, rows, money.Value, shares, problems) { Oddities = [.. PrintedPattern.Find(table, rows), .. UnitPrices(rows), .. FlowsAtDates(table, rows)], AllDoubtful = signed is not null || table.CurrencyEvidence == Evidence.Inferred || yearRows || table.LengthAssumed || table.CalendarAssumed || twice is not null });
        }
        return result;
    }

    sealed record Classified(TableRow Row, ConceptMatch Match, ConceptType Type);

    List<Classified> Classify(Table table, Company? company)
    {
        ConceptType? expected = table.Kind == StatementKind.Kpi ? TypeOfUnit(table.Unit) : null;
        var rows = new List<Classified>();
        foreach (var row in table.Rows)
        {
            if (row.IsSection || row.Label.Length == 0) continue;
            // A line whose own label names another kind of figure than the table's money ("Basic earnings per share
            // (pence)" in a summary table in £m) is looked up as that kind: it is a known line, not an extension.
            var match = taxonomy.Resolve(row.Label, table.Kind, row.Sections, expected, company);
            var own = expected;
            if (!match.Known && expected == ConceptType.Monetary && taxonomy.TypeHint(row.Label, []) is { } hint && hint != ConceptType.Monetary)
                (match, own) = (taxonomy.Resolve(row.Label, table.Kind, row.Sections, hint, company), hint);
            rows.Add(new Classified(row, match, RowType(match, row, own)));
        }
        return rows;
    }

    /// <summary>
    /// Lines no taxonomy label names that print the same label under the same section ("Others" among dedicated-access
    /// contracts and again among dial-up contracts, in one table or two) are told apart by the total each one runs into
    /// ("Total Dial-up Access Services Contracts"): one generated name for both would mix two lines' figures. Lines that
    /// run into the same total keep one name: they are the same line printed twice.
    /// </summary>
    void Disambiguate(IReadOnlyList<Table> tables, List<List<Classified>> rowsOf, Company? company)
    {
        Dictionary<string, List<(int Table, int Row)>>? byName = null;
        for (int t = 0; t < rowsOf.Count; t++)
            for (int i = 0; i < rowsOf[t].Count; i++)
            {
                var r = rowsOf[t][i];
                if (r.Match.Known) continue;
                byName ??= [];
                if (!byName.TryGetValue(r.Match.Concept.Name, out var list)) byName[r.Match.Concept.Name] = list = [];
                list.Add((t, i));
            }
        if (byName is null) return;
        foreach (var list in byName.Values)
        {
            if (list.Count < 2) continue;
            var totals = list.Select(x => rowsOf[x.Table].Skip(x.Row + 1).FirstOrDefault(r => TotalWord().IsMatch(r.Row.Label))?.Row.Label).ToList();
            if (totals.Distinct().Count() < 2) continue;
            for (int k = 0; k < list.Count; k++)
            {
                if (totals[k] is not { } total) continue;
                var (t, i) = list[k];
                var table = tables[t];
                var r = rowsOf[t][i];
                var match = taxonomy.Resolve(r.Row.Label, table.Kind, [.. r.Row.Sections, total], table.Kind == StatementKind.Kpi ? TypeOfUnit(table.Unit) : null, company);
                rowsOf[t][i] = r with { Match = match };
            }
        }
    }

    /// <summary>A label that is a year and nothing else: "2015", "2015年度", or a fiscal year as headers name one ("Fiscal 2015", "FY15").</summary>
    static bool IsYear(string label) => BareYear().IsMatch(label)
        || PeriodHeader.FindWithText(label) is [(var printed, PeriodAnchor.FullYear)] && printed.Length == label.Trim().Length;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*((19|20)\d{2}|'\d{2})\s*$|^\s*(19|20)\d{2}\s*年度?\s*$")]
    private static partial System.Text.RegularExpressions.Regex BareYear();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(sub)?total\b|\btotal\b|合計|小計|^\s*計\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex TotalWord();

    /// <summary>
    /// A known concept's type; else what the label says ("Basic weighted average shares"); else what its sections
    /// say, innermost first ("Basic" under "Earnings per share:"); else money (or the KPI table's unit).
    /// </summary>
    ConceptType RowType(ConceptMatch match, TableRow row, ConceptType? expected)
    {
        if (match.Known) return match.Concept.Type;
        return taxonomy.TypeHint(row.Label, row.Sections) ?? expected ?? ConceptType.Monetary;
    }

    static bool IsMoney(ConceptType t) => t == ConceptType.Monetary;

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(pence|cents?|sen|fen)\b|\(p\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MinorUnit();

    /// <summary>
    /// Value columns that print per-share figures beside a money column of the same period ("For the 26 Weeks Ended
    /// July 3, 2004" over "Pretax | Earnings Per Share"): the header says per share and another column of its period
    /// does not. A money row's figure there is its amount per share, never scaled. A header every column shares (a title
    /// stacked over all of them) marks none.
    /// </summary>
    Dictionary<int, decimal> PerShareColumnsOf(Table table)
    {
        var found = new Dictionary<int, decimal>();
        var values = table.Columns.Where(c => c.Role == ColumnRole.Value && c.Period is not null)
            .Select(c => (Column: c, PerShare: taxonomy.TypeHint(c.Header, []) == ConceptType.PerShare)).ToList();
        foreach (var (c, perShare) in values)
            if (perShare && values.Any(o => !o.PerShare && o.Column.Period == c.Period))
                found[c.Index] = MinorUnit().IsMatch(c.Header) ? 0.01m : 1m;
        return found;
    }

    ResolvedRow Cells(Table table, Classified r, decimal money, decimal shares, Dictionary<int, decimal> perShareColumns, Company? company)
    {
        var perShare = r.Type == ConceptType.Monetary && perShareColumns.Count > 0 ? PerShareOf(table, r.Row, perShareColumns, company) : null;
        decimal multiplier = r.Type switch
        {
            // Per-share figures are never scaled, but one printed in the currency's hundredth ("Basic (pence)",
            // "RMB cents") is a hundredth of the unit its table states.
            ConceptType.PerShare or ConceptType.PerAds when MinorUnit().IsMatch(r.Row.Label) || r.Row.Sections.Any(s => MinorUnit().IsMatch(s)) => 0.01m,
            ConceptType.PerShare or ConceptType.PerAds or ConceptType.Percent => 1m,
            ConceptType.Shares or ConceptType.Ads => r.Row.OwnScale ?? shares,
            // A count in a money table ("Number of stores" under "$ in millions") is whole: the caption's scale is the money's.
            ConceptType.Count when table.Kind != StatementKind.Kpi || IsMoneyUnit(table.Unit) => r.Row.OwnScale ?? 1m,
            _ when table.Kind == StatementKind.Kpi && !IsMoneyUnit(table.Unit) => table.ScaleStated ? table.Scale : r.Row.OwnScale ?? 1m,
            _ => money,
        };
        // A position ("Total assets", "Book value per share") in a supplementary table of quarters or years is as at
        // each period's end: a balance has no duration. Statements keep their columns' periods (a cash-flow statement's
        // opening cash is its period's, as the releases print it).
        bool atEnd = table.Kind == StatementKind.Kpi && taxonomy.Vocabulary.PositionLines?.IsMatch(r.Row.Label) == true;
        var cells = new List<ResolvedCell>(r.Row.Cells.Count);
        foreach (var cell in r.Row.Cells)
        {
            if (!cell.Number.IsNumber || cell.Number.IsPercent) continue;
            var column = table.Column(cell.Column);
            if (column is not { Period: { } columnPeriod } || column.Role is not (ColumnRole.Value or ColumnRole.Convenience)) continue;
            var period = ResolvedRow.At(columnPeriod, atEnd);
            bool convenience = column.Role == ColumnRole.Convenience;
            var currency = convenience ? "USD" : column.Currency ?? table.Unit;
            var unit = r.Type switch
            {
                ConceptType.PerShare => $"{currency}/share",
                ConceptType.PerAds => $"{currency}/ADS",
                ConceptType.Shares => "count",
                ConceptType.Ads => "ADS",
                ConceptType.Count => "count",
                ConceptType.Percent => "percent",
                _ when table.Kind == StatementKind.Kpi => IsMoneyUnit(table.Unit) ? currency : table.Unit,
                _ => currency,
            };
            if (perShare is not null && perShare.Multipliers.TryGetValue(column.Index, out var each))
            {
                // The row's amount per share: its own concept ("Special charges per share"), never the table's scale.
                cells.Add(new ResolvedCell(cell, column, period, $"{currency}/share", each, Precision.XbrlDecimals(cell.Number.Decimals, each), false));
                continue;
            }
            cells.Add(new ResolvedCell(cell, column, period, unit, multiplier, Precision.XbrlDecimals(cell.Number.Decimals, multiplier), convenience));
        }
        return new ResolvedRow(r.Row, r.Match, r.Type, multiplier, cells) { PerShare = perShare, AtPeriodEnd = atEnd };
    }

    PerShareColumns PerShareOf(Table table, TableRow row, Dictionary<int, decimal> columns, Company? company)
    {
        var label = table.Language == "ja" ? $"{row.Label}(1株当たり)" : $"{row.Label} per share";
        return new PerShareColumns(taxonomy.Resolve(label, table.Kind, row.Sections, ConceptType.PerShare, company), label, columns);
    }

    static bool IsMoneyUnit(string unit) => unit.Length == 3 && unit.All(char.IsAsciiLetterUpper);

    /// <summary>
    /// Each money table's scale: as printed; else the power of a thousand at which its figures tie to the same lines of
    /// the release's statements that print their scale (D&amp;A 706 beside 706,463 thousand: millions) — when at least
    /// one line ties and none contradicts; else, for a statement, the one scale every other statement prints. Either
    /// way a note says so; with neither, null: the table's figures are doubtful.
    /// </summary>
    List<decimal?> MoneyScales(IReadOnlyList<Table> tables, List<List<Classified>> rowsOf, List<Dictionary<int, decimal>> perShare, List<ReadingNote> notes)
    {
        var scales = tables.Select(t => t.ScaleStated ? t.Scale : (decimal?)null).ToList();
        // The stated statements' money figures in base units, by concept, period and currency: what a table without a scale ties to.
        var stated = new Dictionary<(string, Period, string), List<decimal>>();
        for (int i = 0; i < tables.Count; i++)
        {
            var t = tables[i];
            if (!t.ScaleStated || t.Kind == StatementKind.Kpi) continue;
            foreach (var r in rowsOf[i].Where(r => IsMoney(r.Type)))
                foreach (var c in MoneyCells(t, r.Row, perShare[i]))
                {
                    var key = (r.Match.Concept.Name, c.Period, c.Currency);
                    if (!stated.TryGetValue(key, out var list)) stated[key] = list = [];
                    list.Add(c.Cell.Number.Value * t.Scale);
                }
        }
        for (int i = 0; i < tables.Count; i++)
        {
            var t = tables[i];
            if (t.ScaleStated) continue;
            if (t.Kind == StatementKind.Kpi && !IsMoneyUnit(t.Unit)) { scales[i] = 1m; continue; }
            var ratios = new List<decimal>();
            foreach (var r in rowsOf[i].Where(r => IsMoney(r.Type)))
                foreach (var c in MoneyCells(t, r.Row, perShare[i]))
                    if (c.Cell.Number.Value != 0 && stated.TryGetValue((r.Match.Concept.Name, c.Period, c.Currency), out var others))
                        ratios.AddRange(others.Select(o => Math.Abs(o / c.Cell.Number.Value)));
            var fits = Powers.Skip(1).Select(k => (Factor: k, Ties: ratios.Count(x => Math.Abs(x / k - 1) <= 0.01m))).MaxBy(x => x.Ties);
            var siblings = tables.Where(o => o != t && o.ScaleStated && o.Kind != StatementKind.Kpi).Select(o => o.Scale).Distinct().ToList();
            if (ratios.Count > 0 && fits.Ties == ratios.Count)
            {
                scales[i] = fits.Factor;
                notes.Add(new ReadingNote(t.FirstLine, $"table '{t.Title}' prints no scale; its figures tie to the statements at × {fits.Factor:#,0} ({fits.Ties} lines), so they are read so"));
            }
            else if (ratios.Count == 0 && t.Kind != StatementKind.Kpi && siblings is [var shared])
            {
                scales[i] = shared;
                notes.Add(new ReadingNote(t.FirstLine, $"table '{t.Title}' prints no scale; every other statement of the release is in × {shared:#,0}, so it is read so"));
            }
            else if (t.Kind != StatementKind.Kpi && tables.All(o => o.Kind == StatementKind.Kpi || !o.ScaleStated) && LooksUnscaled(t, perShare[i]))
            {
                // No statement of the release prints a scale and these are whole currency units as printed
                // (figures with cents, or a caption that says "in dollars"): units it is, said in a note.
                scales[i] = 1m;
                notes.Add(new ReadingNote(t.FirstLine, $"table '{t.Title}' prints no scale; its figures carry their own decimals, so they are read in whole units"));
            }
            else
            {
                scales[i] = t.Kind == StatementKind.Kpi ? 1m : null;
                notes.Add(new ReadingNote(t.FirstLine, $"table '{t.Title}' prints no scale and nothing ties it to the statements: its figures are stored as printed units"));
            }
        }
        return scales;
    }

    /// <summary>Money printed with cents (two decimals in most cells) is in whole currency units.</summary>
    static bool LooksUnscaled(Table t, Dictionary<int, decimal> perShare)
    {
        var figures = t.Rows.SelectMany(r => r.Cells).Where(c => c.Number.IsNumber && !c.Number.IsPercent && !perShare.ContainsKey(c.Column)).ToList();
        return figures.Count > 0 && figures.Count(c => c.Number.Decimals == 2) * 2 > figures.Count;
    }

    IEnumerable<(TableCell Cell, Period Period, string Currency)> MoneyCells(Table t, TableRow row, Dictionary<int, decimal> perShare)
    {
        foreach (var cell in row.Cells)
        {
            if (!cell.Number.IsNumber || cell.Number.IsPercent || perShare.ContainsKey(cell.Column)) continue;
            if (t.Column(cell.Column) is not { Period: { } p, Role: ColumnRole.Value } column) continue;
            yield return (cell, p, column.Currency ?? t.Unit);
        }
    }

    /// <summary>
    /// The scale share counts are printed in: as the caption states it ("shares in thousands"; "except share amounts":
    /// none); else the one the per-share identity proves (net income ÷ shares × k = earnings per share within 3%, the
    /// same k in every column); else the table's money scale, as a caption that exempts only per-share amounts implies.
    /// </summary>
    decimal ShareScale(Table table, List<Classified> rows, decimal money, Dictionary<int, decimal> perShare, List<ReadingNote> notes)
    {
        if (table.ShareScale is { } stated) return stated;
        var ni = rows.FirstOrDefault(r => NetIncomeConcepts.Contains(r.Match.Concept.Name));
        var eps = rows.FirstOrDefault(r => r.Type == ConceptType.PerShare);
        var shares = rows.FirstOrDefault(r => r.Type == ConceptType.Shares && r.Row.OwnScale is null);
        if (ni is null || eps is null || shares is null) return money;
        var fits = new HashSet<decimal>();
        int columns = 0;
        foreach (var c in table.Columns.Where(c => c.Role == ColumnRole.Value && c.Period is not null && !perShare.ContainsKey(c.Index)))
        {
            var n = NumberAt(ni.Row, c.Index);
            var e = NumberAt(eps.Row, c.Index);
            var s = NumberAt(shares.Row, c.Index);
            if (n is not { } nv || e is not { } ev || s is not { } sv || ev == 0 || sv == 0) continue;
            columns++;
            foreach (var k in Powers)
                if (Math.Abs(nv * money / (sv * k) / ev - 1) <= 0.03m) fits.Add(k);
        }
        if (columns == 0 || fits.Count != 1) return money;
        var proven = fits.Single();
        if (proven != money)
            notes.Add(new ReadingNote(shares.Row.Line, $"share counts of table '{table.Title}' are read × {proven:#,0}: net income ÷ shares gives the printed earnings per share at that scale"));
        return proven;
    }

    static decimal? NumberAt(TableRow row, int column) =>
        row.Cells.FirstOrDefault(c => c.Column == column) is { Number: { IsNumber: true, IsPercent: false } t } ? t.Value : null;

    /// <summary>
    /// Figures of a price per unit ("Realized price per barrel  72.50") read at the table's money scale: releases print
    /// such prices in currency units under a "$ in millions" caption, and nothing proves which, so each is an oddity
    /// (flagged, with a finding on its line). A line the taxonomy knows keeps its reading.
    /// </summary>
    IEnumerable<PrintedOddity> UnitPrices(List<ResolvedRow> rows)
    {
        if (taxonomy.Vocabulary.UnitPrices is not { } prices) yield break;
        foreach (var r in rows)
        {
            if (r.Type != ConceptType.Monetary || r.Match.Known || !prices.IsMatch(r.Row.Label)) continue;
            foreach (var c in r.Cells)
                if (c.Multiplier != 1m && r.PerShareAt(c.Column.Index) is null)
                    yield return new PrintedOddity(r, c, $"'{r.Row.Label}' is a price per unit, read at the table's scale (× {c.Multiplier:#,0}); releases print such prices in currency units, so the figure is flagged");
        }
    }

    /// <summary>
    /// A supplementary table that prints dates alone is read as at those dates (<see cref="Table.AtDatesAssumed"/>): right
    /// for its balances and counts, not for a line that reads as a flow ("Segment revenue"), whose period the table does
    /// not state. Such a line's figures are flagged, not stored as at a day unremarked.
    /// </summary>
    IEnumerable<PrintedOddity> FlowsAtDates(Table table, List<ResolvedRow> rows)
    {
        if (!table.AtDatesAssumed || taxonomy.Vocabulary.FlowLines is not { } flows) yield break;
        foreach (var r in rows)
        {
            if (!flows.IsMatch(r.Row.Label)) continue;
            foreach (var c in r.Cells)
                yield return new PrintedOddity(r, c, $"'{r.Row.Label}' reads as a flow over a period, but its table prints only dates and does not say how long its periods run: the figure is read as at {c.Period.End:yyyy-MM-dd} and flagged");
        }
    }

    static ConceptType TypeOfUnit(string unit) => unit switch
    {
        "Gbps" => ConceptType.Bandwidth,
        "percent" => ConceptType.Percent,
        "count" => ConceptType.Count,
        _ => ConceptType.Monetary,
    };
}
