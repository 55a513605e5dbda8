using System.Text.RegularExpressions;
using Kessan.Periods;
using Kessan.Reading;
using Kessan.Taxonomy;

namespace Kessan.Tables;

/// <summary>
/// Tables whose rows are periods and whose columns are items, as TDnet 決算短信 summary pages print them:
/// <code>
///            | 売上高   |      | 営業利益 |     ← items (a header spanning an item's value and % columns)
///            | 百万円   | %    | 百万円   | %   ← unit row
/// 26年3月期  | 25,691   | 16.4 | 2,292    | 73.5
/// 25年3月期  | 22,064   | 18.7 | 1,320    | 271.4
/// </code>
/// Each such block becomes grids in the ordinary orientation (periods as column headers, items as rows), one grid
/// per unit of the unit row, so <see cref="TableBuilder"/> gives them kind, scale and periods like any table.
/// </summary>
/// <remarks>
/// <para>Periods: a row label names the fiscal period by its closing year and month ("26年3月期", "平成26年3月期",
/// "2014年3月期", "27年3月期第1四半期"). A two-digit year is a year of the era the page prints (平成/令和/昭和). The page
/// heading states the current period as a range ("(平成24年12月21日~平成25年12月20日)"): a row closing on that range's
/// end is that range, an earlier row the same span whole years or quarters before, ending on the same day of the month
/// (the 20th as well as the month end). The header cell of each period column prints the row's label with its dates
/// ("25年12月期 (2012年12月21日~2013年12月20日)"), read by <see cref="PeriodHeader"/> as a stated range.</para>
/// <para>Columns: a % column is a year-over-year change of the item before it (or a ratio with its own heading,
/// 自己資本比率): not a fact of the statements, so not carried over. A forecast row ("(予想)") is not a reported period.
/// A block under a heading the vocabulary names as not the consolidated statements (parent-only 個別, dividends,
/// forecasts: <see cref="Vocabulary.SummaryExclusions"/>) is left unclaimed, so no statement reads it.</para>
/// <para>Provenance: every figure keeps the line and cell it is printed in (<see cref="RawRow.Sources"/>); the
/// headings above, the unit row and the notes printed under the block (（注）, （参考）) are claimed with it.</para>
/// </remarks>
public sealed partial class TransposedTableLayout(Vocabulary vocabulary) : ITableLayout
{
    [GeneratedRegex(@"^(?:(昭和|平成|令和)\s*)?(元|\d{1,4})\s*年\s*(\d{1,2})\s*月\s*期\s*(?:第\s*([1-4])\s*四半期)?\s*(?:\(\s*累計\s*\)|累計)?\s*(\(\s*予想\s*\)|予想)?\s*$")]
    private static partial Regex PeriodLabel();

    [GeneratedRegex(@"昭和|平成|令和")]
    private static partial Regex Era();

    /// <summary>
    /// A period row of an English summary page (the TSE's English 決算短信): "Six months ended September 30, 2025",
    /// "Fiscal year ended March 31, 2025", "As of September 30, 2025", or a date alone under a line that states the
    /// span ("Six months ended" over "September 30, 2025"). "(Forecast)" marks a forecast row.
    /// </summary>
    [GeneratedRegex(@"^(?:(?<months>three|six|nine|twelve)\s+months\s+ended\s+|(?<year>(?:fiscal\s+)?year\s+ended\s+)|(?<asof>as\s+of\s+))?(?<date>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})\s*(?<forecast>\(\s*forecasts?\s*\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishPeriodLabel();

    /// <summary>A line that states the span of the date rows below it: "Six months ended", "Fiscal year ended".</summary>
    [GeneratedRegex(@"^\s*(?:(?<months>three|six|nine|twelve)\s+months\s+ended|(?<year>(?:fiscal\s+)?year\s+ended))\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SpanLine();

    static int MonthsOf(Match m) => m.Groups["year"].Success ? 12
        : Array.IndexOf(["three", "six", "nine", "twelve"], m.Groups["months"].Value.ToLowerInvariant()) * 3 + 3;

    /// <summary>The period an English row label states, with the span a line above it states (months), if any.</summary>
    static (Period Period, bool Forecast)? EnglishPeriod(string label, int? spanAbove)
    {
        var m = EnglishPeriodLabel().Match(label);
        if (!m.Success || PeriodHeader.Find(m.Groups["date"].Value) is not [PeriodAnchor.EndDate { End: var end }]) return null;
        bool forecast = m.Groups["forecast"].Success;
        if (m.Groups["asof"].Success) return (Period.Instant(end), forecast);
        int? months = m.Groups["months"].Success || m.Groups["year"].Success ? MonthsOf(m) : spanAbove;
        return months is { } n ? (Period.MonthsEnding(end, n), forecast) : null;
    }

    /// <summary>A note printed under a table: （注）, （参考）, ※.</summary>
    [GeneratedRegex(@"^\s*(?:\(\s*(?:注|参考)|※)")]
    private static partial Regex NoteMark();

    /// <summary>A unit cell is a word, not a figure: "百万円", "円 銭", "%".</summary>
    const int MaxUnitLength = 8;
    /// <summary>An English unit cell: "Millions of yen", "Thousands of U.S. dollars".</summary>
    const int MaxEnglishUnitLength = 28;
    /// <summary>How many heading lines above a block name it, at most (a section heading and its numbered parent).</summary>
    const int CaptionLines = 3;

    sealed class Found(List<RawRow> rows, string caption, List<int> claims)
    {
        public List<RawRow> Rows { get; } = rows;
        public string Caption { get; } = caption;
        public List<int> Claims { get; } = claims;
    }

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        var found = new List<Found>();
        var recent = new List<int>(); // 1-based heading lines since the last block
        List<int> lastCaption = [];
        List<Found> lastBlock = [];
        bool notesOpen = false; // only blank lines and notes since the last block: a note here belongs to it
        Period? range = null;
        string? era = null;
        // The lines that may state the page's range or era, read only when a block needs them: most documents hold
        // no transposed block, and a period search on every prose line was a large share of finding tables.
        var unread = new List<(int Line, bool Heading)>();

        int i = 0;
        while (i < doc.Lines.Count)
        {
            DocumentBudget.Tick("finding tables");
            var text = doc.Lines[i];
            if (text.Trim().Length == 0) { i++; continue; }
            List<RawRow> block;
            List<int> headerLines = [];
            int? blockSpan = null;
            if (!text.Contains('\t'))
            {
                // The same table as text laid out by spaces (pdftotext of a TDnet PDF): period rows of figures under
                // a line of items and a line of units, read by the order of their words.
                // An English page may state the rows' span on a line of its own between the units and the rows.
                int spanLines = MayBePeriodRow(text) && recent.Count >= 3 && SpanLine().IsMatch(doc.Lines[recent[^1] - 1]) ? 1 : 0;
                int? span = spanLines == 1 ? MonthsOf(SpanLine().Match(doc.Lines[recent[^1] - 1])) : null;
                if (SpacedPeriodRow(text, span) is not null && recent.Count >= 2 + spanLines
                    && Spaced(doc, recent[^(2 + spanLines)], recent[^(1 + spanLines)], i, span) is { } spaced)
                {
                    (block, i) = spaced;
                    blockSpan = span;
                    // The header's lines (items, maybe wrapped over two, units, a span line) are no caption.
                    headerLines = [.. recent.Where(l => l >= block[0].Line)];
                    recent.RemoveAll(l => l >= block[0].Line);
                }
                else
                {
                    Heading(i + 1, text);
                    notesOpen = false;
                    i++;
                    continue;
                }
            }
            else
            {
                int start = i;
                while (i < doc.Lines.Count && doc.Lines[i].Contains('\t')) i++;
                block = Enumerable.Range(start, i - start).Select(k => new RawRow(k + 1, Split(doc.Lines[k]))).ToList();
            }

            if (Shape(block, blockSpan) is not { } shape)
            {
                foreach (var row in block)
                {
                    if (notesOpen && NoteMark().IsMatch(row.Cells[0]))
                    {
                        foreach (var f in lastBlock) f.Claims.Add(row.Line);
                        continue;
                    }
                    notesOpen = false;
                    if (row.Cells.Skip(1).All(c => !c.Any(char.IsAsciiDigit))) Heading(row.Line, doc.Lines[row.Line - 1]);
                    else unread.Add((row.Line, false));
                }
                continue;
            }

            var captionLines = recent.Count > 0 ? CaptionOf(doc, recent) : lastCaption;
            lastCaption = captionLines;
            recent.Clear();
            var caption = string.Join('\n', captionLines.Select(l => Collapse(doc.Lines[l - 1])));
            lastBlock = [];
            notesOpen = true;
            if (vocabulary.SummaryExclusions is { } excluded && excluded.IsMatch(caption)) continue;
            Settle();
            var grids = Transpose(shape, caption, range, era);
            foreach (var g in grids)
            {
                g.Claims.AddRange(block.Select(r => r.Line).Concat(headerLines).Distinct());
                g.Claims.AddRange(captionLines.Where(l => doc.Lines[l - 1].Contains('\t')));
            }
            found.AddRange(grids);
            lastBlock = grids;
        }
        return found.Select(f => new RawGrid(f.Rows) { Caption = f.Caption, Claims = f.Claims });

        void Heading(int line, string text)
        {
            // Only the last CaptionLines headings can caption a block: a long stretch of prose keeps no more.
            if (recent.Count == CaptionLines) recent.RemoveAt(0);
            recent.Add(line);
            unread.Add((line, true));
        }

        // The range and era as of here: each the last one stated, in line order.
        void Settle()
        {
            foreach (var (line, heading) in unread)
            {
                var text = doc.Lines[line - 1];
                var m = Era().Matches(text);
                if (m.Count > 0) era = m[^1].Value;
                if (!heading) continue;
                var spans = PeriodHeader.Find(text).OfType<PeriodAnchor.Span>().ToList();
                if (spans.Count > 0) range = spans[^1].Period;
            }
            unread.Clear();
        }
    }

    [GeneratedRegex(@"^\s*(\S.*?\S)\s{2,}(?=[△▲\-−(]?[\d０-９])")]
    private static partial Regex LeadingLabel();

    /// <summary>A line of spaced text that is a period label and figures ("2025年3月期第1四半期   12,345   5.2 …"): its words.</summary>
    /// <summary>
    /// Whether a line may be a period row: every Japanese period label holds 期 ("…年3月期"); an English row runs from
    /// its date's year to its figures across a gap of spaces ("…, 2025   1,234"). Most lines of any release are neither.
    /// </summary>
    static bool MayBePeriodRow(string line) => line.Contains('期') || line.Contains("  ") && (line.Contains(", 20") || line.Contains(", 19"));

    static (string Label, List<string> Figures)? SpacedPeriodRow(string line, int? span)
    {
        if (!MayBePeriodRow(line)) return null;
        bool japanese = line.Contains('期');
        var m = LeadingLabel().Match(line);
        if (!m.Success || !(japanese ? PeriodLabel().IsMatch(m.Groups[1].Value) : EnglishPeriod(m.Groups[1].Value, span) is not null)) return null;
        var figures = Words(line[m.Length..]);
        return figures.Count > 0 && figures.All(f => NumberToken.Parse(f).Kind != CellKind.Text) ? (m.Groups[1].Value, figures) : null;
    }

    /// <summary>
    /// A spaced block from line index <paramref name="at"/>: its period rows, under the items line and the units line
    /// (1-based) just above, as the rows a tab-separated page gives. Each unit that is not a % opens the next item's
    /// column ("百万円 ％ 百万円 ％" under "売上高 営業利益"; "円 銭" is one unit); the rows print one figure per unit.
    /// Null when the words do not line up so, or a line stands between the header and the rows.
    /// </summary>
    static (List<RawRow> Block, int Next)? Spaced(SourceDocument doc, int itemsLine, int unitsLine, int at, int? span)
    {
        if (unitsLine != itemsLine + 1) return null;
        for (int k = unitsLine; k < at; k++) if (doc.Lines[k].Trim().Length > 0 && !SpanLine().IsMatch(doc.Lines[k])) return null;
        // English units are words ("Millions of yen"), apart by runs of spaces; Japanese ones are apart by any space.
        var unitText = doc.Lines[unitsLine - 1];
        bool english = unitText.Any(char.IsAsciiLetter);
        var units = english ? Regex.Split(unitText.Trim(), @"\s{2,}").ToList() : Words(unitText.Replace("円 銭", "円銭"));
        var items = Regex.Split(doc.Lines[itemsLine - 1].Trim(), @"\s{2,}").ToList();
        // English items wrap over two lines ("Basic earnings" over "per share"): the line above, word for word.
        int firstLine = itemsLine;
        if (english && itemsLine >= 2 && doc.Lines[itemsLine - 2] is var above && above.Trim().Length > 0 && !above.Any(char.IsAsciiDigit)
            && Regex.Split(above.Trim(), @"\s{2,}") is { } tops && tops.Length == items.Count && tops.Length > 1)
        {
            items = [.. tops.Zip(items, (top, rest) => top + " " + rest)];
            firstLine = itemsLine - 1;
        }
        if (units.Count == 0 || units.Any(u => u.Length > (english ? MaxEnglishUnitLength : MaxUnitLength) || u.Any(char.IsAsciiDigit))) return null;
        // A % column is the change of the item before it, under no heading of its own; or, one heading per unit
        // ("総資産  純資産  自己資本比率" over "百万円 百万円 ％"), a ratio under its own heading.
        bool ownHeadings = units.Count == items.Count;
        if (!ownHeadings && units.Count(u => !u.Contains('%') && !u.Contains('％')) != items.Count) return null;
        var itemCells = new List<string> { "" };
        var unitCells = new List<string> { "" };
        int next = 0;
        foreach (var u in units)
        {
            bool percent = u.Contains('%') || u.Contains('％');
            itemCells.Add(percent && !ownHeadings ? "" : items[next++]);
            unitCells.Add(percent ? "%" : u);
        }
        var block = new List<RawRow> { new(firstLine, itemCells), new(unitsLine, unitCells) };
        int i = at;
        for (; i < doc.Lines.Count && SpacedPeriodRow(doc.Lines[i], span) is { } row; i++)
        {
            if (row.Figures.Count != units.Count) return null;
            block.Add(new RawRow(i + 1, [row.Label, .. row.Figures]));
        }
        return (block, i);
    }

    static List<string> Words(string line) => [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The headings nearest above a block, up to the one that states its period range.</summary>
    static List<int> CaptionOf(SourceDocument doc, List<int> recent)
    {
        var lines = new List<int>();
        for (int k = recent.Count - 1; k >= 0 && lines.Count < CaptionLines; k--)
        {
            lines.Insert(0, recent[k]);
            if (PeriodHeader.Find(doc.Lines[recent[k] - 1]).Any(a => a is PeriodAnchor.Span)) break;
        }
        return lines;
    }

    static string Collapse(string line) => string.Join(' ', line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A period row: its Japanese label (dated by the page's range and era), or the period an English label states.</summary>
    sealed record PeriodRow(RawRow Row, Match? Japanese, Period? Stated, bool Forecast);

    sealed record BlockShape(List<RawRow> Items, RawRow? Units, List<PeriodRow> Periods);

    static PeriodRow? PeriodRowOf(RawRow row, int? spanAbove)
    {
        if (PeriodLabel().Match(row.Cells[0]) is { Success: true } m) return new PeriodRow(row, m, null, m.Groups[5].Success);
        return EnglishPeriod(row.Cells[0], spanAbove) is { } e ? new PeriodRow(row, null, e.Period, e.Forecast) : null;
    }

    /// <summary>Header rows with an empty label cell over rows all labelled by a period: else not a transposed table.</summary>
    static BlockShape? Shape(List<RawRow> block, int? spanAbove = null)
    {
        int p = block.FindIndex(r => PeriodRowOf(r, spanAbove) is not null);
        if (p <= 0 || block.Take(p).Any(r => r.Cells[0].Length > 0)) return null;
        var periods = new List<PeriodRow>();
        foreach (var row in block.Skip(p))
        {
            if (PeriodRowOf(row, spanAbove) is not { } period) return null;
            periods.Add(period);
        }
        var header = block.Take(p).ToList();
        RawRow? units = header.Count > 1 && IsUnitRow(header[^1]) ? header[^1] : null;
        var items = units is null ? header : header[..^1];
        return new BlockShape(items, units, periods);
    }

    static bool IsUnitRow(RawRow row)
    {
        var printed = row.Cells.Skip(1).Where(c => c.Length > 0).ToList();
        return printed.Count > 0 && printed.All(c => c.Length <= (c.Any(char.IsAsciiLetter) ? MaxEnglishUnitLength : MaxUnitLength) && !c.Any(char.IsAsciiDigit));
    }

    List<Found> Transpose(BlockShape shape, string caption, Period? range, string? era)
    {
        int width = shape.Items.Concat(shape.Periods.Select(p => p.Row)).Append(shape.Units ?? shape.Items[0]).Max(r => r.Cells.Count);
        var columns = new List<(int Column, string Item, int Line, string Unit)>();
        var changeOf = new Dictionary<int, int>(); // item column → the % column of its change
        string previousItem = "";
        for (int c = 1; c < width; c++)
        {
            var parts = shape.Items.Where(r => Cell(r, c).Length > 0).ToList();
            var item = string.Join(' ', parts.Select(r => Cell(r, c)));
            var unit = shape.Units is { } u ? Cell(u, c) : "";
            var repeated = item == previousItem;
            previousItem = item;
            // A % column is the change of the item before it (its header spans both, or repeats) or a ratio
            // with a heading of its own: neither is a figure of the statements. A change is kept for the proof.
            if (unit.Contains('%') && (item.Length == 0 || repeated) && columns.Count > 0 && columns[^1].Column == c - 1) changeOf[c - 1] = c;
            if (unit.Contains('%') || item.Length == 0 || repeated) continue;
            columns.Add((c, item, parts[0].Line, unit));
        }

        var periods = new List<(RawRow Row, string Header, Period Period)>();
        foreach (var (row, japanese, stated, forecast) in shape.Periods)
        {
            if (forecast) continue; // a forecast is not a reported period
            if ((japanese is not null ? PeriodOf(japanese, range, era) : stated) is not { } period) continue;
            // The header states the period whole (a range), or the day of a position as the label prints it.
            periods.Add((row, Header(row.Cells[0], japanese, period), period));
        }
        var grids = new List<Found>();
        if (periods.Count == 0) return grids;
        // The latest period's change against the year before is checkable when that year is the next row: its column
        // follows the two value columns, so the change rule reads it as (first − second) ÷ second. The other rows'
        // changes are against years the page does not print.
        bool yearOnYear = periods.Count >= 2 && periods[1].Period == periods[0].Period.Shift(-12);
        foreach (var group in columns.GroupBy(c => c.Unit))
        {
            // Emitted columns: each period's figures (k ≥ 0), and after the second the first one's change (−1).
            var order = Enumerable.Range(0, periods.Count).ToList();
            if (yearOnYear && group.Any(g => changeOf.ContainsKey(g.Column))) order.Insert(2, -1);
            var headers = order.Select(k => k >= 0 ? periods[k].Header : "前年同期比 " + periods[0].Header);
            var rows = new List<RawRow> { new(shape.Items[0].Line, ["", .. headers]) };
            foreach (var (c, item, line, _) in group)
            {
                int change = changeOf.GetValueOrDefault(c, -1);
                rows.Add(new RawRow(line, [item, .. order.Select(k => k >= 0 ? Cell(periods[k].Row, c) : change > 0 ? Cell(periods[0].Row, change) : "")])
                {
                    Sources = [null, .. order.Select(k => k >= 0 ? new CellSource(periods[k].Row.Line, c + 1) : change > 0 ? new CellSource(periods[0].Row.Line, change + 1) : null)],
                });
            }
            var claims = new List<int>();
            if (shape.Units is { } units) claims.Add(units.Line);
            claims.AddRange(shape.Items.Select(r => r.Line));
            grids.Add(new Found(rows, group.Key.Length > 0 ? caption + "\n" + group.Key : caption, claims));
        }
        return grids;
    }

    static string Ja(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    /// <summary>
    /// The column header a period row becomes: a Japanese label with the range it covers; an English one as its
    /// length and end ("6 months ended September 30, 2025", also for a date under a "Six months ended" line), or the
    /// day of a position ("As of March 31, 2025").
    /// </summary>
    static string Header(string label, Match? japanese, Period period) =>
        japanese is not null ? $"{label} ({Ja(period.Start!.Value)}~{Ja(period.End)})"
        : period.Start is null ? label
        : $"{period.Months} months ended {EnglishPeriodLabel().Match(label).Groups["date"].Value}";

    /// <summary>
    /// The period a row label names. With the page's stated range: the span of that range moved to close on the
    /// label's month (a year or a quarter earlier), on the range's day of the month. Without one: the fiscal year
    /// (or the quarters of it to date) that closes at the label's month end.
    /// </summary>
    static Period? PeriodOf(Match label, Period? range, string? eraOfPage)
    {
        var g = label.Groups;
        int? year = g[1].Success ? PeriodHeader.EraYear(g[1].Value, g[2].Value)
            : g[2].Value.Length == 4 ? int.Parse(g[2].Value)
            : eraOfPage is not null ? PeriodHeader.EraYear(eraOfPage, g[2].Value)
            : null; // a two-digit year with no era on the page: not a date we can know
        int month = int.Parse(g[3].Value);
        if (year is not { } y || month is < 1 or > 12) return null;
        int? quarter = g[4].Success ? int.Parse(g[4].Value) : null;
        int daysInMonth = DateTime.DaysInMonth(y, month);
        bool monthEnd = range is not { } r0 || r0.End.Day == DateTime.DaysInMonth(r0.End.Year, r0.End.Month);
        var fiscalYearEnd = new DateOnly(y, month, monthEnd ? daysInMonth : Math.Min(range!.Value.End.Day, daysInMonth));
        var end = quarter is { } q ? ShiftEnd(fiscalYearEnd, 3 * q - 12, monthEnd) : fiscalYearEnd;
        if (range is { } r)
        {
            int months = (end.Year - r.End.Year) * 12 + end.Month - r.End.Month;
            var shifted = r.Shift(months);
            return shifted.End == end ? shifted : null;
        }
        return Period.MonthsEnding(end, quarter is { } n ? 3 * n : 12);
    }

    static DateOnly ShiftEnd(DateOnly end, int months, bool monthEnd)
    {
        var first = new DateOnly(end.Year, end.Month, 1).AddMonths(months);
        int days = DateTime.DaysInMonth(first.Year, first.Month);
        return new DateOnly(first.Year, first.Month, monthEnd ? days : Math.Min(end.Day, days));
    }

    static string Cell(RawRow row, int c) => c < row.Cells.Count ? row.Cells[c] : "";

    static string[] Split(string line)
    {
        var cells = line.Split('\t');
        for (int k = 0; k < cells.Length; k++) cells[k] = cells[k].Trim();
        return cells;
    }
}
