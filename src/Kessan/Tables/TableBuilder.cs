using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kessan.Periods;
using Kessan.Reading;
using Kessan.Taxonomy;

namespace Kessan.Tables;

/// <summary>
/// Gives grids their meaning, whatever layout found them: the title and scale from the lines above,
/// header rows → column roles and periods, section rows → row hierarchy. A grid with no header row
/// that follows a table closely (after its footnotes) continues that table.
/// </summary>
public sealed partial class TableBuilder(Vocabulary vocabulary, FiscalCalendar? companyCalendar = null)
{
    /// <summary>The calendar the last <see cref="Build"/> read the document's periods by (the company's, or the one its dates show).</summary>
    public FiscalCalendar Calendar { get; private set; } = companyCalendar ?? FiscalCalendar.CalendarYear;

    /// <summary>
    /// True when neither the taxonomy nor the release's balance-sheet dates give the fiscal year end, so
    /// <see cref="Calendar"/> is the calendar year by assumption: a column named by its fiscal period alone ("Fiscal
    /// 2025", "Q2 2026") then has no stated dates, and its table says so.
    /// </summary>
    public bool CalendarAssumed { get; private set; }

    /// <summary>The period ends the release's column headers print as dates, where the calendar is assumed.</summary>
    HashSet<DateOnly> _printedEnds = [];

    SourceDocument? _doc;

    /// <summary>The period ends the release's own text gives a length ("for the six months ended 31 December 2025"), read
    /// when a table first needs them.</summary>
    Dictionary<DateOnly, (Duration Duration, int Line, string Text)>? _statedSpans;

    /// <summary>How far above a table its title may stand, in non-blank lines.</summary>
    const int ContextLines = 8;
    /// <summary>A line this long is prose; the title search stops there.</summary>
    const int ProseLength = 200;
    /// <summary>A line this long ending with a full stop is a sentence of prose.</summary>
    const int ProseSentence = 100;
    /// <summary>How many lines of footnotes may separate a table from its continuation.</summary>
    const int ContinuationGap = 8;

    [GeneratedRegex(@"^\s*(table|表|図表)\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedTitle();

    [GeneratedRegex(@"^\s*(?:table|表|図表)\s*\d+\s*[.:]?\s*([^(]+)", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedTitleName();

    /// <summary>How far above a table a numbered title printed away from it is looked for.</summary>
    const int DistantTitleLines = 150;

    /// <summary>
    /// PDF text extraction can print a numbered title far from its table ("Table 1. Revenues (JPY in millions)",
    /// prose, then the table headed "Revenues"). When the context names no title of its own, a numbered title
    /// above whose name begins a line of the context is the table's title, and its unit and scale apply.
    /// </summary>
    string WithDistantTitle(SourceDocument doc, string context, int firstLine)
    {
        if (context.Length == 0) return context;
        var lines = context.Split('\n');
        if (lines.Any(l => NumberedTitle().IsMatch(l) || IsStatementTitle(l))) return context;
        var keys = lines.Select(TaxonomySet.LabelKey).Where(k => k.Length > 0).ToList();
        for (int line = firstLine - 1; line >= 1 && line >= firstLine - DistantTitleLines; line--)
        {
            var text = doc.LineText(line);
            var m = NumberedTitleName().Match(text);
            if (!m.Success) continue;
            var name = TaxonomySet.LabelKey(m.Groups[1].Value);
            if (name.Length >= 6 && keys.Any(k => k.StartsWith(name, StringComparison.Ordinal))) return text.Trim() + "\n" + context;
        }
        return context;
    }

    public (List<Table> Tables, List<ReadingNote> Notes) Build(SourceDocument doc, IEnumerable<RawGrid> grids)
    {
        _doc = doc;
        _statedSpans = null;
        var drafts = new List<Draft>();
        var notes = new List<ReadingNote>();
        Collect(doc, grids, drafts, notes);
        var declared = DocumentDollar(doc);
        _dollarMark = declared is null ? IssuerDollar(doc) : null;
        _dollar = declared ?? _dollarMark?.Code ?? "USD";
        // The periods a release prints tell its calendar (month ends, a fixed day, 52/53-week years) and its year end:
        // read once for the document, before any column is given a period.
        Calendar = DocumentCalendar(doc, drafts, notes);
        var tables = new List<Table>();
        foreach (var draft in drafts)
            if (Interpret(tables.Count, draft, notes) is { } table) tables.Add(table);
        (_doc, _statedSpans) = (null, null); // the builder keeps no document past its tables
        return (WithDocumentCurrency(tables, notes), notes);
    }

    void Collect(SourceDocument doc, IEnumerable<RawGrid> grids, List<Draft> tables, List<ReadingNote> notes)
    {
        Draft? previous = null;
        int previousEnd = 0;
        bool previousNamed = false;
        foreach (var grid in grids.OrderBy(g => g.FirstLine))
        {
            int headerCount = CountHeaderRows(grid);
            // A grid whose layout read its own caption names itself: it continues no table, and none continues it
            // (its layout read the whole block).
            bool named = grid.Caption is not null || previousNamed;
            previousNamed = grid.Caption is not null;
            if (!named && headerCount == 0 && previous is not null && IsContinuation(doc, previousEnd, grid.FirstLine))
            {
                previous.Body.AddRange(grid.Rows);
                previousEnd = grid.LastLine;
                continue;
            }
            // A page break repeats the column header: same header, nothing but page furniture between.
            if (!named && headerCount > 0 && previous is not null && IsContinuation(doc, previousEnd, grid.FirstLine)
                && !NamesATable(ContextAbove(doc, grid.FirstLine, previousEnd))
                && HeaderKey(grid.Rows.Take(headerCount)) == HeaderKey(previous.Header)
                && !RepeatsALabel(previous.Body, grid.Rows.Skip(headerCount)))
            {
                previous.Body.AddRange(grid.Rows.Skip(headerCount));
                previousEnd = grid.LastLine;
                continue;
            }
            Flush(previous, tables, notes);
            previous = null;
            if (headerCount == 0)
            {
                notes.Add(new ReadingNote(grid.FirstLine, "a table without a header row was skipped: its columns have no periods"));
                previousEnd = grid.LastLine;
                continue;
            }
            // A layout that read the grid's own heading and unit row gives them as its caption.
            var context = grid.Caption ?? WithDistantTitle(doc, ContextAbove(doc, grid.FirstLine, previousEnd), grid.FirstLine);
            // A title printed inside the table's own first row (OCR'd pipe tables) is context too.
            foreach (var row in grid.Rows.Take(headerCount))
                if (row.Cells.Count > 0 && NumberedTitle().IsMatch(row.Cells[0]))
                    context = (context.Length > 0 ? context + "\n" : "") + string.Join(' ', row.Cells.Where(c => c.Length > 0));
            // A second block under one title (a Q2 then an H1 income statement, nothing printed between them but the
            // new column header) is the same statement over other periods: it keeps the title above the first.
            if (context.Trim().Length == 0 && tables.Count > 0 && previous is null && grid.FirstLine - previousEnd <= ContinuationGap + 1)
                context = tables[^1].Context;
            var header = grid.Rows.Take(headerCount).ToList();
            var body = WithoutNoteReferences(header, grid.Rows.Skip(headerCount).ToList());
            previous = new Draft(context, header, body) { Between = LinesBetween(doc, header, body) };
            previousEnd = grid.LastLine;
        }
        Flush(previous, tables, notes);
    }

    [GeneratedRegex(@"^notes?\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotesHeader();

    [GeneratedRegex(@"(?:^|\s)notes?$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingNotesHeader();

    [GeneratedRegex(@"^\d{1,2}(?:\([a-z]\)|[a-z])?(?:\s*,\s*\d{1,2}(?:\([a-z]\)|[a-z])?)*\s+(?=\S)")]
    private static partial Regex LeadingNoteReference();

    /// <summary>
    /// A "Notes" column (IFRS and Hong Kong statements print the note number of a line between its label and its
    /// figures) that the layout merged into the first figure's cell ("4 3,586,240"): the reference is not part of the
    /// figure, so it is cut off where what is left reads as a number.
    /// </summary>
    static List<RawRow> WithoutNoteReferences(List<RawRow> header, List<RawRow> body)
    {
        var columns = new HashSet<int>();
        foreach (var row in header)
        {
            for (int j = 1; j < row.Cells.Count; j++)
                if (NotesHeader().IsMatch(row.Cells[j].Trim())) columns.Add(j);
            // "Notes" printed at the end of the label zone, over references too few to make a column of their own:
            // they sit in the first figure's cell.
            if (row.Cells.Count > 1 && TrailingNotesHeader().IsMatch(row.Cells[0])) columns.Add(1);
        }
        if (columns.Count == 0) return body;
        return body.Select(row =>
        {
            var cells = row.Cells.ToArray();
            bool changed = false;
            foreach (var j in columns)
            {
                if (j >= cells.Length || LeadingNoteReference().Match(cells[j]) is not { Success: true } m) continue;
                var rest = cells[j][m.Length..];
                if (NumberToken.Parse(rest).Kind != CellKind.Number) continue;
                cells[j] = rest;
                changed = true;
            }
            return changed ? row with { Cells = cells } : row;
        }).ToList();
    }

    /// <summary>Lines printed between a table's header and its first row, outside the grid ("(In millions of euros)").</summary>
    static List<string> LinesBetween(SourceDocument doc, List<RawRow> header, List<RawRow> body)
    {
        if (header.Count == 0 || body.Count == 0) return [];
        var lines = new List<string>();
        int from = header.Max(r => r.Line) + 1, to = body[0].Line;
        for (int line = from; line < to && lines.Count < 4; line++)
        {
            var text = doc.LineText(line).Trim();
            if (text.Length > 0 && text.Length <= ProseSentence) lines.Add(text);
        }
        return lines;
    }

    /// <summary>A statement continued over a page never prints a line twice: a repeated label means a new table.</summary>
    static bool RepeatsALabel(IEnumerable<RawRow> before, IEnumerable<RawRow> after)
    {
        var labels = before.Select(r => TaxonomySet.LabelKey(r.Cells[0])).Where(k => k.Length > 0).ToHashSet();
        return after.Any(r => labels.Contains(TaxonomySet.LabelKey(r.Cells[0])));
    }

    bool NamesATable(string context) =>
        context.Split('\n').Any(l => NumberedTitle().IsMatch(l) || IsStatementTitle(l));

    /// <summary>A header as a key, its label cell included: a new table with the same periods ("Revenues" then
    /// "Connectivity Services" over 1Q03 / 1Q02 / 4Q02) is not a page break.</summary>
    static string HeaderKey(IEnumerable<RawRow> header) =>
        string.Join('|', header.SelectMany(r => r.Cells).Where(c => c.Length > 0));

    sealed record Draft(string Context, List<RawRow> Header, List<RawRow> Body)
    {
        public List<string> Between { get; init; } = [];
    }

    static void Flush(Draft? draft, List<Draft> drafts, List<ReadingNote> notes)
    {
        if (draft is null || draft.Body.Count == 0) return;
        drafts.Add(draft);
    }

    /// <summary>Leading rows with text but no figures beyond the label cell: the column headers.</summary>
    static int CountHeaderRows(RawGrid grid)
    {
        int n = 0;
        foreach (var row in grid.Rows)
        {
            bool hasText = false, hasNumber = false;
            for (int j = 1; j < row.Cells.Count; j++)
            {
                var cell = row.Cells[j];
                if (cell.Length == 0) continue;
                var token = NumberToken.Parse(cell);
                if (token.IsNumber && !IsYear(cell)) hasNumber = true;
                else if (token.Kind == CellKind.Text || IsYear(cell)) hasText = true;
            }
            // A numbered title printed as the first row of its own grid ("| Table 5. Other Financial Statistics(JPY) |").
            if (n == 0 && !hasNumber && !hasText && row.Cells.Count > 0 && NumberedTitle().IsMatch(row.Cells[0])) { n++; continue; }
            if (hasNumber || !hasText) break;
            n++;
        }
        return n;
    }

    static bool IsYear(string cell) => cell.Length == 4 && int.TryParse(cell, out var y) && y is > 1950 and < 2150;

    /// <summary>Between the two blocks stand only blank lines and short notes (footnotes), no title or prose.</summary>
    static bool IsContinuation(SourceDocument doc, int previousEnd, int nextStart)
    {
        if (nextStart - previousEnd > ContinuationGap + 1) return false;
        for (int line = previousEnd + 1; line < nextStart; line++)
        {
            var text = doc.LineText(line).Trim();
            if (text.Length == 0) continue;
            if (NumberedTitle().IsMatch(text) || text.Length > ProseLength) return false;
        }
        return true;
    }

    /// <summary>The lines above a table that name it: nearest first, up to its title, never into prose or the previous table.</summary>
    string ContextAbove(SourceDocument doc, int firstLine, int previousEnd)
    {
        var lines = new List<string>();
        for (int line = firstLine - 1; line > previousEnd && lines.Count < ContextLines; line--)
        {
            var text = doc.LineText(line).Trim();
            if (text.Length == 0 || EdgarMarkup.IsTagLine(text)) continue;
            if (text.Length > ProseLength || (text.Length > ProseSentence && text.EndsWith('.'))) break;
            lines.Add(text);
            if (NumberedTitle().IsMatch(text) || IsStatementTitle(text)) break;
        }
        lines.Reverse();
        return string.Join('\n', lines);
    }

    Table? Interpret(int index, Draft draft, List<ReadingNote> notes)
    {
        var body = draft.Body;
        var caption = CaptionLines(draft, ref body);
        var context = draft.Context;
        var title = TitleOf(context);
        var kind = KindOf(context);
        var headerText = string.Join(' ', draft.Header.SelectMany(r => r.Cells.Skip(1)));
        Duration? tableDuration = kind == StatementKind.Balance ? null : DurationOf(context) ?? DurationOf(headerText);
        var (scale, shareScale, scaleLine) = ScaleOf(caption);
        // No caption names a scale, but every value column prints its unit under its date ("£m", "RMB'000",
        // "€ million"): that unit is the table's scale, when all the columns that print one agree.
        if (scale is null && UnitCellScale(draft.Header) is { } unitScale) (scale, scaleLine) = (unitScale.Scale, unitScale.Cell);
        string? printedCode = caption.Select(c => CurrencyAt(c, out _)).FirstOrDefault(c => c is not null) ?? CurrencyAt(headerText, out _) ?? PrintedCurrencyCode(body);
        string? currency = printedCode is null ? null : OfDocument(printedCode);

        var (columns, anyPeriod, lengthAssumed, atDatesAssumed, calendarAssumed) = Columns(draft with { Body = body }, kind, tableDuration, notes);
        if (!anyPeriod)
        {
            notes.Add(new ReadingNote(draft.Header[0].Line, $"table '{Shorten(title)}' has no period in its header; its figures are not facts"));
            return null;
        }
        // A column of figures beside dated ones whose own header names no period the reader could read: its figures
        // are not facts, and the proof says so rather than losing them unseen.
        var unread = columns.Where(c => c.Role == ColumnRole.Value && c.Period is null && !NotesHeader().IsMatch(c.Header.Trim())
            && body.Count(r => c.Index < r.Cells.Count && NumberToken.Parse(r.Cells[c.Index]) is { IsNumber: true }) >= 2).ToList();
        var hasFlows = columns.Any(c => c.Period is { IsInstant: false });
        if (kind == StatementKind.Income && hasFlows && columns.Where(c => c.Period is { IsInstant: false }).All(c => c.Period!.Value.Months > 3))
            kind = StatementKind.IncomeYtd;
        var rows = Rows(body);
        var language = TaxonomySet.LanguageOf(title + string.Concat(rows.Select(r => r.Label)));
        string unit;
        var evidence = Evidence.Stated;
        if (kind == StatementKind.Kpi)
        {
            // A dollar the title does not say whose ("$ in millions") is the one its caption or figures name, else the release's.
            var named = vocabulary.Units.FirstOrDefault(u => u.Pattern.IsMatch(context))?.Value;
            unit = named == Dollar && currency is not null ? currency
                : OfDocument(named ?? (currency is not null && scale is not null ? currency : "count"));
        }
        else if (currency is not null) unit = currency;
        else { unit = UnknownCurrency; evidence = Evidence.Unstated; }
        // A bare "$" the release does not declare, of an issuer whose marks name another dollar: that dollar, inferred.
        string currencyReason = "";
        if (printedCode == Dollar && _dollarMark is { } mark && unit == mark.Code)
        {
            evidence = Evidence.Inferred;
            currencyReason = $"prints a bare dollar and no sentence of the release says which; '{mark.Printed}' (line {mark.Line}) marks an issuer whose dollar is {mark.Code}: its money figures are stored as {mark.Code} and flagged";
        }
        return new Table(index, kind, title, scale ?? 1m, unit, language, columns, rows)
        {
            ScaleStated = scale is not null, ShareScale = shareScale, CurrencyEvidence = evidence, CurrencyReason = currencyReason, Caption = scaleLine ?? "",
            LengthAssumed = lengthAssumed, AtDatesAssumed = atDatesAssumed, CalendarAssumed = calendarAssumed, UnreadColumns = unread,
        };
    }

    /// <summary>The ISO 4217 code for "no currency": a money table whose release names none.</summary>
    public const string UnknownCurrency = "XXX";

    /// <summary>
    /// A statement that prints no currency of its own takes the one currency every other table of the release states
    /// (a note says so); with none or several, it stays <see cref="UnknownCurrency"/> and its facts are flagged.
    /// </summary>
    static List<Table> WithDocumentCurrency(List<Table> tables, List<ReadingNote> notes)
    {
        var stated = tables.Where(t => t.CurrencyEvidence == Evidence.Stated && t.Kind != StatementKind.Kpi).Select(t => t.Unit).Distinct().ToList();
        for (int i = 0; i < tables.Count; i++)
        {
            var t = tables[i];
            if (t.CurrencyEvidence != Evidence.Unstated) continue;
            if (stated is [var only])
            {
                tables[i] = t with { Unit = only, CurrencyEvidence = Evidence.Document };
                notes.Add(new ReadingNote(t.FirstLine, $"table '{Shorten(t.Title)}' prints no currency; every other statement of the release is in {only}, so it is read so"));
            }
            else
                notes.Add(new ReadingNote(t.FirstLine, $"table '{Shorten(t.Title)}' prints no currency and the release states {(stated.Count == 0 ? "none" : "several")}: its figures are stored as {UnknownCurrency} and flagged"));
        }
        return tables;
    }

    /// <summary>The kind of table its title lines name; a sentence or a footnote ("4 Please refer to the Reconciliation…") names none.</summary>
    StatementKind KindOf(string context)
    {
        var lines = context.Split('\n').Select(l => l.Trim()).Where(IsTitleLike).ToList();
        foreach (var rule in vocabulary.Statements)
            if (lines.Any(l => rule.Pattern.IsMatch(l))) return rule.Value;
        return StatementKind.Kpi;
    }

    /// <summary>A line that titles one of the primary statements (not a KPI, segment or reconciliation table).</summary>
    bool IsStatementTitle(string line) =>
        IsTitleLike(line.Trim()) && vocabulary.Statements.FirstOrDefault(st => st.Pattern.IsMatch(line.Trim())) is { Value: not StatementKind.Kpi };

    [GeneratedRegex(@"^(\(?\d{1,2}\)|\*+|[\u00B9\u00B2\u00B3\u2070-\u2079]+|\d{1,2}[.)]?)\s+[a-z]", RegexOptions.IgnoreCase)]
    private static partial Regex FootnoteStart();

    /// <summary>Short, not a sentence, not a footnote: what a title looks like.</summary>
    static bool IsTitleLike(string line) =>
        line.Length > 0 && line.Length <= 120 && !line.EndsWith('.') && !(FootnoteStart().IsMatch(line) && line.Split(' ').Length > 6);

    /// <summary>
    /// The duration a text states: an explicit span (weeks, year to date) wins; else the months named first
    /// ("Three Months Ended … and Nine Months Ended …" is three months for the text that says it first).
    /// </summary>
    Duration? DurationOf(string text)
    {
        if (text.Length == 0) return null;
        Duration? best = null;
        int at = int.MaxValue;
        foreach (var rule in vocabulary.Durations)
        {
            var m = rule.Pattern.Match(text);
            if (!m.Success) continue;
            if (rule.Value is not Duration.Months) return rule.Value;
            if (m.Index < at) (best, at) = (rule.Value, m.Index);
        }
        return best;
    }

    /// <summary>
    /// How long a fiscal quarter's column runs: three months, unless its header names another span — the year to date
    /// ("第2四半期累計", "Q2 YTD"), or a count of months and no quarter ("TTM" over "Q2 2026"; but "2005年度第1四半期"
    /// names its year and its quarter, and is the quarter).
    /// </summary>
    Duration QuarterSpan(string text)
    {
        var quarter = new Duration.Months(3);
        if (DurationOf(text) is not { } longer || longer == quarter) return quarter;
        if (longer is not Duration.Months) return longer;
        foreach (var rule in vocabulary.Durations)
            if (rule.Value is Duration.Months { Count: 3 } or Duration.Weeks { Count: 13 or 14 } && rule.Pattern.IsMatch(text)) return quarter;
        return longer;
    }

    // A stated range (2013年4月1日~2014年3月31日) says how long its period runs, as a fiscal quarter or half does.
    static bool HasCalendarAnchor(string header) =>
        PeriodHeader.Find(header).Any(a => a is PeriodAnchor.FiscalQuarter or PeriodAnchor.FiscalHalf or PeriodAnchor.FullYear or PeriodAnchor.FiscalMonths or PeriodAnchor.Span);

    /// <summary>The currency a text names first; a bare dollar is the release's dollar (<see cref="DocumentDollar"/>).</summary>
    string? CurrencyOf(string text) => CurrencyAt(text, out _) is { } code ? OfDocument(code) : null;

    /// <summary>The vocabulary's code for the currency a text names first (<see cref="Dollar"/> for a bare "$"), and where.</summary>
    string? CurrencyAt(string text, out int at)
    {
        string? best = null;
        at = int.MaxValue;
        foreach (var rule in vocabulary.Currencies)
        {
            var m = rule.Pattern.Match(text);
            if (m.Success && m.Index < at) (best, at) = (rule.Value, m.Index);
        }
        return best;
    }

    /// <summary>The vocabulary's code for a dollar that does not say whose ("$", "dollars").</summary>
    const string Dollar = "$";

    /// <summary>The dollar a bare "$" means in this release: the one it declares its amounts in, else the U.S. dollar.</summary>
    string _dollar = "USD";

    string OfDocument(string code) => code == Dollar ? _dollar : code;

    /// <summary>Where the release declares no dollar, the mark of an issuer whose dollar is not the U.S. one (an
    /// Australian Business Number, a listing on the TSX or ASX): the first the vocabulary knows, with its line.</summary>
    (string Code, string Printed, int Line)? _dollarMark;

    (string Code, string Printed, int Line)? IssuerDollar(SourceDocument doc)
    {
        if (vocabulary.DollarIssuers.Count == 0) return null;
        // The marks sit in a release's heading and its first pages (its exchange, its registration), not in its tables.
        for (int i = 0; i < Math.Min(doc.Lines.Count, 400); i++)
            foreach (var rule in vocabulary.DollarIssuers)
                if (rule.Pattern.Match(doc.Lines[i]) is { Success: true } m)
                    return (rule.Value, m.Value, doc.FileLine(i + 1));
        return null;
    }

    /// <summary>
    /// The currency a release declares its amounts in ("All amounts are in Canadian dollars unless otherwise noted"),
    /// where its sentences name one and only one; null where none does (or several do).
    /// </summary>
    string? DocumentDollar(SourceDocument doc)
    {
        if (vocabulary.CurrencyStatements is not { } statement) return null;
        string? found = null;
        foreach (var line in doc.Lines)
        {
            // Every declaration says "… in …"; most lines of a release (rows of figures) do not.
            if (!line.Contains(" in ", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var m in statement.EnumerateMatches(line))
            {
                if (CurrencyAt(line.Substring(m.Index, Math.Min(line.Length - m.Index, m.Length + 40)), out int at) is not { } code
                    || code == Dollar || at != m.Length) continue;
                if (found is not null && found != code) return null;
                found = code;
            }
        }
        return found;
    }

    /// <summary>A currency sign printed with the figures themselves ("$293,618", "€ 2,427.8", "¥1,234").</summary>
    string? PrintedCurrency(List<RawRow> body) => PrintedCurrencyCode(body) is { } code ? OfDocument(code) : null;

    /// <summary>The vocabulary's code of the sign printed with the figures (<see cref="Dollar"/> for a bare "$").</summary>
    string? PrintedCurrencyCode(List<RawRow> body)
    {
        foreach (var row in body)
            for (int j = 1; j < row.Cells.Count; j++)
            {
                var cell = row.Cells[j];
                if (cell.Length == 0 || !cell.Any(char.IsAsciiDigit)) continue;
                int k = cell.IndexOfAny(['$', '€', '£', '¥', '￥', '₩', '₹']);
                if (k >= 0 && k < 3) return CurrencyAt(cell[..(k + 1)].TrimStart('(', '-', ' '), out _);
            }
        return null;
    }

    /// <summary>
    /// The lines that caption a table: its context, the label cells of its header rows ("(Millions of dollars)") and
    /// caption lines printed under the header ("(In millions of euros)"), which leave the body.
    /// </summary>
    List<string> CaptionLines(Draft draft, ref List<RawRow> body)
    {
        var lines = draft.Context.Split('\n').Where(l => l.Length > 0).Reverse().ToList();
        lines.InsertRange(0, draft.Between);
        foreach (var row in draft.Header)
            if (row.Cells.Count > 0 && row.Cells[0].Trim().Length > 0) lines.Insert(0, row.Cells[0].Trim());
        int moved = 0;
        while (moved < body.Count && moved < 3 && body[moved].Cells.Skip(1).All(c => c.Trim().Length == 0) && IsCaption(body[moved].Cells[0]))
        {
            lines.Insert(0, body[moved].Cells[0].Trim());
            moved++;
        }
        if (moved > 0) body = body.Skip(moved).ToList();
        return lines;
    }

    bool IsCaption(string text)
    {
        var t = text.Trim();
        return t.StartsWith('(') && t.EndsWith(')') && (vocabulary.Scales.Any(s => s.Pattern.IsMatch(t)) || CurrencyOf(t) is not null);
    }

    [GeneratedRegex(@"\bexcept\b|\bother than\b|を除く", RegexOptions.IgnoreCase)]
    private static partial Regex Except();

    /// <summary>The scale every value column's unit cell prints ("£m", "RMB'000"), when the cells that print one agree.</summary>
    (decimal Scale, string Cell)? UnitCellScale(List<RawRow> header)
    {
        var found = new List<(decimal Scale, string Cell)>();
        foreach (var row in header)
            for (int j = 1; j < row.Cells.Count; j++)
                if (row.Cells[j].Trim() is { Length: > 0 and <= 20 } cell && PeriodHeader.Find(cell).Count == 0 && FirstScale(cell) is { } k)
                    found.Add((k, cell));
        return found.Count > 0 && found.All(f => f.Scale == found[0].Scale) ? found[0] : null;
    }

    /// <summary>
    /// The money scale and the share scale a caption states: the first scale named before "except" is the money
    /// scale; an exception that names shares gives them the scale it names ("shares … in thousands"), or none
    /// ("except share and per share amounts"). Caption lines nearest the table are read first.
    /// </summary>
    (decimal? Money, decimal? Shares, string? Line) ScaleOf(List<string> caption)
    {
        foreach (var line in caption)
        {
            var split = Except().Match(line);
            var before = split.Success ? line[..split.Index] : line;
            var money = FirstScale(before);
            if (money is null) continue;
            decimal? shares = null;
            if (split.Success)
            {
                var exception = line[split.Index..];
                bool namesShares = vocabulary.Exceptions.Any(e => e.Value == ConceptType.Shares && e.Pattern.IsMatch(exception));
                if (namesShares) shares = FirstScale(exception) ?? 1m;
            }
            return (money, shares, line);
        }
        return (null, null, null);
    }

    decimal? FirstScale(string text)
    {
        decimal? best = null;
        int at = int.MaxValue;
        foreach (var rule in vocabulary.Scales)
        {
            var m = rule.Pattern.Match(text);
            if (m.Success && m.Index < at) (best, at) = (rule.Value, m.Index);
        }
        return best;
    }

    [GeneratedRegex(@"\(([^()]*)\)")]
    private static partial Regex Parenthesised();

    /// <summary>A unit a label prints after its last comma: "Production, thousand barrels per day".</summary>
    [GeneratedRegex(@",\s*((?:in\s+)?(?:thousands?|millions?|billions?)\b[^,()]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingUnit();

    /// <summary>
    /// A scale a row's label or section prints in parentheses ("(in thousands)", "(millions)") or as its trailing unit
    /// ("Production, thousand barrels per day"): the row's own, whatever the table's caption says.
    /// </summary>
    decimal? OwnScale(string text)
    {
        foreach (Match m in Parenthesised().Matches(text))
            if (FirstScale(m.Groups[1].Value) is { } k) return k;
        return TrailingUnit().Match(text) is { Success: true } t ? FirstScale(t.Groups[1].Value) : null;
    }

    /// <summary>
    /// The document's calendar: the company's fiscal year end where the taxonomy knows the company, else the year end
    /// its balance sheets show (the comparative date that is not a year before the latest); and its convention from the
    /// dates printed: all month ends, all on one other day of the month (a year ending on the 20th), or 52/53-week
    /// years (the same quarter ending on different days in different years).
    /// </summary>
    FiscalCalendar DocumentCalendar(SourceDocument doc, List<Draft> drafts, List<ReadingNote> notes)
    {
        var dates = new List<DateOnly>();
        var balanceDates = new List<DateOnly>();
        PeriodAnchor.FiscalQuarter? latestQuarter = null; // the latest fiscal quarter the columns name ("Q3 2025")
        foreach (var d in drafts)
        {
            bool balance = KindOf(d.Context) == StatementKind.Balance;
            // Column headers only: a context line may print the release's own date ("July 28, 2005"), which is no period.
            foreach (var text in ColumnTexts(d))
                foreach (var a in PeriodHeader.Find(text))
                {
                    if (a is PeriodAnchor.EndDate or PeriodAnchor.Span && a.EndOf(Calendar) is { } end) { dates.Add(end); if (balance) balanceDates.Add(end); } // a stated range dates its end too
                    if (a is PeriodAnchor.FiscalQuarter q && (latestQuarter is null || (q.FiscalYear, q.Quarter).CompareTo((latestQuarter.FiscalYear, latestQuarter.Quarter)) > 0)) latestQuarter = q;
                }
        }
        var offMonthEnd = dates.Where(x => x.Day != DateTime.DaysInMonth(x.Year, x.Month)).Distinct().ToList();
        var convention = offMonthEnd.Count == 0 ? PeriodConvention.MonthEnd
            : offMonthEnd.Select(x => x.Day).Distinct().Count() == 1 && dates.All(x => x.Day == offMonthEnd[0].Day) ? PeriodConvention.FixedDay
            : PeriodConvention.Weekly;
        if (companyCalendar is not null) return WithYearEnds(companyCalendar with { Convention = convention }, dates);
        _printedEnds = [.. dates];
        CalendarAssumed = false;
        if (DeclaredYearEnd(doc) is { } declared) return WithYearEnds(new FiscalCalendar(declared, false, convention), dates);
        CalendarAssumed = true;
        int yearEnd = 12;
        if (balanceDates.Count > 0)
        {
            var latest = balanceDates.Max();
            var earlier = balanceDates.Where(x => x < latest).Distinct().OrderDescending().ToList();
            // The comparative that is not a whole number of years before the latest is the year end. Beside the
            // previous quarter's ("Sep 30, 2025 / Jun 30, 2025 / Dec 31, 2024") it is the older of the two; a run of
            // quarters that also holds the date a year before ("Dec 2025, Sep, Jun, Mar, Dec 2024") names no year end.
            bool YearsBefore(DateOnly x) => Enumerable.Range(1, 10).Any(n => Math.Abs(x.DayNumber - latest.AddYears(-n).DayNumber) <= 10);
            var notYears = earlier.Where(x => !YearsBefore(x)).ToList();
            bool quarterRun = notYears.Select(x => x.Month).Distinct().Count() > 1 && earlier.Any(YearsBefore);
            var pick = quarterRun ? default : notYears.Count > 0 ? notYears[^1] : earlier.FirstOrDefault();
            // Only the same day of earlier years ("September 30, 2025 / September 30, 2024"): that day ends a year only if
            // the columns' fiscal quarters agree; beside "Q3 2025" it ends the third quarter, and the year ends three
            // months later.
            if (notYears.Count == 0 && pick != default && latestQuarter is { Quarter: not 4 and var q })
                pick = latest.AddDays(1 - latest.Day).AddMonths(3 * (4 - q));
            if (pick != default)
            {
                // A 52/53-week year may close a few days into the next month (Saturday nearest the end of January).
                var month = convention == PeriodConvention.Weekly && pick.Day <= 7 ? pick.AddDays(-pick.Day) : pick;
                yearEnd = month.Month;
                CalendarAssumed = false;
            }
        }
        if (CalendarAssumed && StatedYearEnd(doc, drafts, convention) is { } stated)
        {
            yearEnd = stated;
            CalendarAssumed = false;
        }
        return WithYearEnds(new FiscalCalendar(yearEnd, false, convention), dates);
    }

    /// <summary>
    /// A 52/53-week calendar learns its year ends from the dates the release prints in its year-end month ("December 27,
    /// 2025 / December 28, 2024"): its fiscal quarters and years ("Fourth Quarter 2025", "Full Year") run to those days,
    /// not to the month's end.
    /// </summary>
    static FiscalCalendar WithYearEnds(FiscalCalendar calendar, List<DateOnly> dates) =>
        calendar.Convention != PeriodConvention.Weekly ? calendar
            : calendar with { YearEnds = [.. dates.Where(calendar.IsYearEnd).Distinct().Order()] };

    /// <summary>A fiscal year named by the month it ends: "2025年3月期", "平成26年3月期" (TDnet's name of a fiscal year).</summary>
    [GeneratedRegex(@"(?:\d{4}|(?:昭和|平成|令和)\s*(?:元|\d{1,2}))\s*年\s*(\d{1,2})\s*月期")]
    private static partial Regex JapaneseFiscalYearName();

    /// <summary>A fiscal year's end in words: "fiscal year ended December 31, 2025", "financial year ending 30 June 2026".</summary>
    [GeneratedRegex(@"\b(?:fiscal|financial)\s+year\s+(?:ended|ending)\s+(.{6,24})", RegexOptions.IgnoreCase)]
    private static partial Regex FiscalYearEndedWords();

    /// <summary>
    /// The fiscal year end a release declares in its words, near its top: its fiscal years named by their closing month
    /// ("2025年3月期第2四半期決算短信") or a fiscal year's closing date ("fourth quarter and fiscal year ended December 31,
    /// 2025"). Null when it declares none, or months that disagree (a release on a change of fiscal year end).
    /// </summary>
    static int? DeclaredYearEnd(SourceDocument doc)
    {
        var months = new HashSet<int>();
        for (int i = 0; i < Math.Min(doc.Lines.Count, StatedPeriodLines); i++)
        {
            var line = doc.Lines[i];
            if (line.Contains("月期", StringComparison.Ordinal))
                foreach (Match m in JapaneseFiscalYearName().Matches(line))
                    if (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var month and >= 1 and <= 12) months.Add(month);
            if (line.Contains("year", StringComparison.OrdinalIgnoreCase))
                foreach (Match m in FiscalYearEndedWords().Matches(line))
                    if (PeriodHeader.Find(m.Groups[1].Value).FirstOrDefault() is PeriodAnchor.EndDate { End: var end })
                        months.Add(end.Day <= 7 ? end.AddDays(-end.Day).Month : end.Month); // a 52/53-week year closing early in a month
        }
        return months.Count == 1 ? months.First() : null;
    }

    /// <summary>A period the release states in words: "for the six months ended 31 December 2024", "quarter ended 30.06.2025".</summary>
    [GeneratedRegex(@"\b(?:(three|six|nine|twelve|3|6|9|12)[- ]months?|(quarter)|(half[- ]year|first half)|(fiscal year|financial year|full year|year))\s+(?:ended|ending|to)\s+(.{6,24})", RegexOptions.IgnoreCase)]
    private static partial Regex StatedPeriod();

    /// <summary>How many lines from the top a release's own period is looked for in its words.</summary>
    const int StatedPeriodLines = 120;

    /// <summary>
    /// The fiscal year end a release implies where its columns are named by the fiscal calendar alone ("1H25", "Q1 FY26",
    /// "3Q25") and its words state the period they report ("Half-year results for the six months ended 31 December
    /// 2024"): the fiscal period of that length whose end, under a year end month m, is the stated date. "1H25" ending
    /// 31 December 2024 is a year ending in June; "Q1 FY26" ending 30 June 2025, one ending in March. Years are named by
    /// the year they end in. Null when no such pair, or pairs that disagree.
    /// </summary>
    int? StatedYearEnd(SourceDocument doc, List<Draft> drafts, PeriodConvention convention)
    {
        var anchors = new HashSet<PeriodAnchor>();
        foreach (var d in drafts)
            foreach (var text in ColumnTexts(d))
                foreach (var a in PeriodHeader.Find(text))
                    if (a is PeriodAnchor.FiscalQuarter or PeriodAnchor.FiscalHalf or PeriodAnchor.FiscalMonths or PeriodAnchor.FullYear) anchors.Add(a);
        if (anchors.Count == 0) return null;
        var found = new HashSet<int>();
        for (int i = 0; i < Math.Min(doc.Lines.Count, StatedPeriodLines); i++)
        {
            var line = doc.Lines[i];
            if (!line.Contains("end", StringComparison.OrdinalIgnoreCase) && !line.Contains(" to ", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match m in StatedPeriod().Matches(line))
            {
                if (PeriodHeader.Find(m.Groups[5].Value).FirstOrDefault() is not PeriodAnchor.EndDate { End: var printed }) continue;
                // A 52/53-week period may end a few days into the next month.
                var end = convention == PeriodConvention.Weekly && printed.Day <= 7 ? printed.AddDays(-printed.Day) : printed;
                int months = m.Groups[1].Success ? (int.TryParse(m.Groups[1].Value, out var n) ? n : Array.IndexOf(["three", "six", "nine", "twelve"], m.Groups[1].Value.ToLowerInvariant()) * 3 + 3)
                    : m.Groups[2].Success ? 3 : m.Groups[3].Success ? 6 : 12;
                foreach (var a in anchors)
                {
                    // Months from the stated end to the fiscal year's end, and the fiscal year the anchor names.
                    (int ToYearEnd, int Year)? reach = a switch
                    {
                        PeriodAnchor.FiscalQuarter q when months == 3 => (3 * (4 - q.Quarter), q.FiscalYear),
                        PeriodAnchor.FiscalHalf h when months == 6 => (6 * (2 - h.Half), h.FiscalYear),
                        PeriodAnchor.FiscalMonths fm when fm.Months == months => (12 - months, fm.FiscalYear),
                        PeriodAnchor.FullYear y when months == 12 => (0, y.Year),
                        _ => null,
                    };
                    if (reach is not { } r) continue;
                    var yearEnd = new DateOnly(end.Year, end.Month, 1).AddMonths(r.ToYearEnd);
                    if (yearEnd.Year == r.Year) found.Add(yearEnd.Month);
                }
            }
        }
        return found.Count == 1 ? found.First() : null;
    }

    /// <summary>Each column's header cells stacked top to bottom ("Three Months Ended May 31," over "2014").</summary>
    static IEnumerable<string> ColumnTexts(Draft draft)
    {
        int width = draft.Header.Count == 0 ? 0 : draft.Header.Max(r => r.Cells.Count);
        for (int j = 1; j < width; j++)
            yield return string.Join(' ', draft.Header.Select(r => j < r.Cells.Count ? r.Cells[j] : "").Where(c => c.Length > 0));
    }

    static string TitleOf(string context)
    {
        var lines = context.Split('\n');
        return lines.FirstOrDefault(l => NumberedTitle().IsMatch(l)) ?? (lines.Length > 0 ? lines[0] : "");
    }

    static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "…";

    /// <summary>
    /// Each column's header text is its cells stacked over the header rows. A period anchor printed once over a
    /// group of columns (a date over USD / JPY / %) reaches right until the next anchor of the same header row.
    /// </summary>
    /// <summary>
    /// A table's columns, and what their header leaves to assumption.
    /// </summary>
    /// <param name="AnyPeriod">a value column has a period: the table's figures are facts</param>
    /// <param name="LengthAssumed">the columns are dates that nothing says the length of, read as the quarters ending on them</param>
    /// <param name="AtDatesAssumed">the same, in a supplementary table: read as at those dates</param>
    /// <param name="CalendarAssumed">columns named by the fiscal calendar alone (a fiscal year, half, quarter or months)
    /// that only an assumed calendar dates</param>
    sealed record ColumnReading(List<TableColumn> Columns, bool AnyPeriod, bool LengthAssumed, bool AtDatesAssumed, bool CalendarAssumed);

    ColumnReading Columns(Draft draft, StatementKind kind, Duration? tableDuration, List<ReadingNote> notes)
    {
        int width = draft.Header.Concat(draft.Body).Max(r => r.Cells.Count);
        var text = new StringBuilder[width];
        var anchors = new PeriodAnchor?[width];
        for (int j = 0; j < width; j++) text[j] = new StringBuilder();
        var rowSequences = new List<List<PeriodAnchor>>();
        foreach (var row in draft.Header)
        {
            PeriodAnchor? carried = null;
            bool rowHasAnchor = false;
            var rowAnchors = new PeriodAnchor?[width];
            var sequence = new List<PeriodAnchor>();
            for (int j = 1; j < width; j++)
            {
                var cell = j < row.Cells.Count ? row.Cells[j] : "";
                if (cell.Length > 0) text[j].Append(text[j].Length > 0 ? " " : "").Append(cell);
                var found = PeriodHeader.Find(cell);
                sequence.AddRange(found);
                if (found.Count > 0) { carried = found[0]; rowHasAnchor = true; }
                // A merged cell holding several anchors deals them onto the blank header cells to its right.
                for (int k = 1; k < found.Count && j + 1 < width && (j + 1 >= row.Cells.Count || row.Cells[j + 1].Length == 0); k++)
                {
                    rowAnchors[j] = carried;
                    carried = found[k];
                    j++;
                }
                rowAnchors[j] = carried;
            }
            if (sequence.Count > 0) rowSequences.Add(sequence);
            if (!rowHasAnchor) continue;
            for (int j = 1; j < width; j++) anchors[j] ??= rowAnchors[j];
        }

        var roles = new ColumnRole[width];
        var headers = new string[width];
        for (int j = 1; j < width; j++)
        {
            headers[j] = text[j].ToString();
            roles[j] = RoleOf(headers[j], draft.Body, j);
        }
        // A date printed over two header rows ("June 26," over "2004") or a span repeated over its columns
        // ("Three Months Ended May 31," over "2014") is an anchor of the column's stacked header as a whole.
        for (int j = 1; j < width; j++)
        {
            if (roles[j] is not (ColumnRole.Value or ColumnRole.Convenience)) continue;
            var found = PeriodHeader.Find(headers[j]).Distinct().ToList();
            // A range printed over two header rows ("(自 2023年4月1日" over "至 2023年9月30日)") is the column's period; each
            // row alone reads as a date.
            if (found is [PeriodAnchor.Span span] && anchors[j] is PeriodAnchor.EndDate { End: var rowDate } && (rowDate == span.Period.Start || rowDate == span.Period.End))
            {
                anchors[j] = span;
                continue;
            }
            // A row-level anchor stands unless the stacked header names several dates and the column's own year
            // must choose among them (a layout repeats "July 3, 2004 and" / "June 28, 2003" over both columns).
            // A date carried onto the column beside it is no more its than the column's year allows: without a date of
            // its own year the column is headed by its year alone (and closes on its neighbour's day, below).
            if (anchors[j] is PeriodAnchor.EndDate { End: var rowEnd } && OwnYear(draft.Header, j) is { } own && rowEnd.Year != own)
            {
                anchors[j] = found.Where(a => a.EndOf(Calendar)?.Year == own).ToList() is [var mine] ? mine : null;
                continue;
            }
            if (anchors[j] is not null && !(found.Count > 1 && OwnYear(draft.Header, j) is not null)) continue;
            if (found.Count == 1) anchors[j] = found[0];
            else if (found.Count > 1 && OwnYear(draft.Header, j) is { } year)
            {
                // "For the 13 Weeks Ended July 3, 2004 and June 28, 2003" over "2004": the column's own year picks its date.
                var mine = found.Where(a => a.EndOf(Calendar)?.Year == year).ToList();
                if (mine.Count == 1) anchors[j] = mine[0];
            }
        }
        // A column headed by its year alone ("2021") beside one headed "Three Months Ended March 31, 2022" (a spanning
        // header that did not reach it) closes on the same day of its own year, over the same duration.
        var durationText = (string[])headers.Clone();
        var dated = Enumerable.Range(1, width - 1).Where(j => anchors[j] is PeriodAnchor.EndDate && roles[j] == ColumnRole.Value).ToList();
        var days = dated.Select(j => ((PeriodAnchor.EndDate)anchors[j]!).End).Select(d => (d.Month, d.Day, MonthEnd: d.Day == DateTime.DaysInMonth(d.Year, d.Month))).Distinct().ToList();
        if (days is [var only])
            for (int j = 1; j < width; j++)
            {
                // Its header may hold the words of a span whose date sat over its neighbour ("Three months ended" over
                // "December 31" centred on the first of "2025 2024"): then its own words tell its duration.
                if (anchors[j] is not null || roles[j] != ColumnRole.Value || OwnYear(draft.Header, j) is not { } year
                    || !headers[j].TrimEnd().EndsWith(year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) || PeriodHeader.Find(headers[j]).Count > 0) continue;
                int day = only.MonthEnd ? DateTime.DaysInMonth(year, only.Month) : Math.Min(only.Day, DateTime.DaysInMonth(year, only.Month));
                anchors[j] = new PeriodAnchor.EndDate(new DateOnly(year, only.Month, day));
                durationText[j] = DurationOf(headers[j]) is not null ? headers[j] : headers[dated.MinBy(k => Math.Abs(k - j))];
            }

        // Columns headed by their year alone under a title that prints the one closing date ("For the year ended
        // 31 December 2024", "31 December 2024" over a balance sheet's "2024 2023"): each closes on that day of its own
        // year. Only when the title's year is one of the columns' (else the date is the release's, not the period's).
        var bareYears = Enumerable.Range(1, width - 1)
            .Where(j => anchors[j] is null && roles[j] == ColumnRole.Value && YearCell(draft.Header, j) is not null && PeriodHeader.Find(headers[j]).Count == 0).ToList();
        if (bareYears.Count > 0 && dated.Count == 0
            && draft.Context.Split('\n').SelectMany(PeriodHeader.Find).OfType<PeriodAnchor.EndDate>().Select(a => a.End).Distinct().ToList() is [var titled]
            && bareYears.Any(j => YearCell(draft.Header, j) == titled.Year))
            foreach (var j in bareYears)
            {
                int year = YearCell(draft.Header, j)!.Value;
                bool monthEnd = titled.Day == DateTime.DaysInMonth(titled.Year, titled.Month);
                anchors[j] = new PeriodAnchor.EndDate(new DateOnly(year, titled.Month, monthEnd ? DateTime.DaysInMonth(year, titled.Month) : Math.Min(titled.Day, DateTime.DaysInMonth(year, titled.Month))));
                durationText[j] = draft.Context;
            }

        // Headers printed once over groups of columns on a line the layout left above the grid ("Quarter Ended June 30,
        // Year To Date June 30," over "2025 2026 2025 2026"): each phrase heads an equal group of the year columns, in order.
        var yearOnly = Enumerable.Range(1, width - 1)
            .Where(j => anchors[j] is null && roles[j] == ColumnRole.Value && OwnYear(draft.Header, j) is { } y && headers[j].Trim() == y.ToString(CultureInfo.InvariantCulture)).ToList();
        if (yearOnly.Count > 0 && yearOnly.Count == Enumerable.Range(1, width - 1).Count(j => roles[j] == ColumnRole.Value)
            && draft.Context.Split('\n').LastOrDefault(l => l.Trim().Length > 0) is { } spanLine
            && SpanPhrases(spanLine) is { Count: > 0 } phrases && yearOnly.Count % phrases.Count == 0)
        {
            int group = yearOnly.Count / phrases.Count;
            for (int i = 0; i < yearOnly.Count; i++)
            {
                int j = yearOnly[i];
                var spanned = phrases[i / group] + " " + headers[j].Trim();
                if (PeriodHeader.Find(spanned) is [var anchor]) { anchors[j] = anchor; headers[j] = spanned; durationText[j] = spanned; }
            }
        }

        // Periods are told apart by their duration too: "Three Months Ended June 26, 2004" and "Nine Months Ended June 26, 2004".
        var durations = new Duration?[width];
        for (int j = 1; j < width; j++)
            // A fiscal quarter ("Q2 2026") runs three months unless its own header says longer ("TTM" over "Q2 2026": the
            // twelve months to its end); a caption's duration is not its.
            durations[j] = kind == StatementKind.Balance ? null
                : anchors[j] is PeriodAnchor.FiscalQuarter ? QuarterSpan(durationText[j])
                : DurationOf(durationText[j]) ?? tableDuration ?? new Duration.Months(3);
        AssignInOrder(draft.Context, roles, anchors, durations, rowSequences);

        // Dates alone, and no line of the table or its title says how long a period runs: a supplementary table
        // ("July 3, 2004 / June 28, 2003 / January 3, 2004" over inventories and store counts) reports as at those
        // days, since a date is a day and not the quarter that ends on it. A statement of flows cannot be at a day:
        // its columns stay quarters, and the table says that is an assumption (Interpret flags its figures).
        var periodColumns = Enumerable.Range(1, width - 1).Where(j => roles[j] is ColumnRole.Value or ColumnRole.Convenience && anchors[j] is not null).ToList();
        // Named by the fiscal calendar alone, where it is assumed: unless the assumed calendar puts one of them on a
        // date the release prints as a period end ("Q2 2025" beside "Three Months Ended June 30, 2025").
        var fiscal = periodColumns.Where(j => anchors[j] is PeriodAnchor.FullYear or PeriodAnchor.FiscalHalf or PeriodAnchor.FiscalQuarter or PeriodAnchor.FiscalMonths).ToList();
        bool calendarAssumed = CalendarAssumed && fiscal.Count > 0 && !fiscal.Any(j => anchors[j]!.EndOf(Calendar) is { } end && _printedEnds.Contains(end));
        bool lengthUnstated = kind != StatementKind.Balance && tableDuration is null && periodColumns.Count > 0
            && periodColumns.All(j => anchors[j] is PeriodAnchor.EndDate && DurationOf(durationText[j]) is null && !HasCalendarAnchor(headers[j]));
        // A statement of flows headed by dates alone, in a release whose own words give one of those dates its length
        // ("Half-year report for the six months ended 31 December 2025" over "31 Dec 2025 | 31 Dec 2024"): its columns run
        // that long, the comparatives on the same day of earlier years too. Where the release gives that day two
        // lengths, or a column is on another day, the length stays unstated.
        if (lengthUnstated && kind != StatementKind.Kpi && SpanTheReleaseStates(periodColumns.Select(j => ((PeriodAnchor.EndDate)anchors[j]!).End).ToList()) is { } stated)
        {
            foreach (var j in periodColumns) durations[j] = stated.Duration;
            lengthUnstated = false;
            notes.Add(new ReadingNote(draft.Header[0].Line, $"table '{Shorten(TitleOf(draft.Context))}' prints dates alone; line {stated.Line} of the release ('{Shorten(stated.Text)}') says how long they run, and its columns are read so"));
        }
        bool atDates = lengthUnstated && kind == StatementKind.Kpi;
        if (atDates)
        {
            foreach (var j in periodColumns) durations[j] = null;
            notes.Add(new ReadingNote(draft.Header[0].Line, $"table '{Shorten(TitleOf(draft.Context))}' prints dates and does not say how long its periods run: its figures are read as at those dates"));
        }

        var columns = new List<TableColumn>(width) { new(0, ColumnRole.Label, "", null, null) };
        bool anyPeriod = false;
        for (int j = 1; j < width; j++)
        {
            var header = headers[j];
            var role = roles[j];
            var duration = durations[j];
            Period? period = anchors[j]?.Resolve(duration, Calendar);
            if (period is not null && role is ColumnRole.Value or ColumnRole.Convenience) anyPeriod = true;
            string? currency = role == ColumnRole.Convenience ? "USD" : CurrencyOf(header);
            columns.Add(new TableColumn(j, role, header, period, currency));
        }
        return new ColumnReading(InferChanges(columns, draft.Body), anyPeriod, lengthUnstated && !atDates, atDates, calendarAssumed);
    }

    /// <summary>
    /// The length the release's text states for these column ends: one of them printed on a line with a duration phrase
    /// and no other date, every stated one agreeing, and every other end on the same day of an earlier year.
    /// </summary>
    (Duration Duration, int Line, string Text)? SpanTheReleaseStates(List<DateOnly> ends)
    {
        var spans = StatedSpans();
        if (spans.Count == 0) return null;
        var stated = ends.Where(spans.ContainsKey).Select(e => spans[e]).ToList();
        if (stated.Count == 0 || stated.Any(s => s.Duration != stated[0].Duration)) return null;
        var days = ends.Where(spans.ContainsKey).Select(e => (e.Month, e.Day)).ToHashSet();
        var latest = ends.Where(spans.ContainsKey).Max();
        return ends.All(e => spans.ContainsKey(e) || (days.Contains((e.Month, e.Day)) && e < latest)) ? stated[0] : null;
    }

    Dictionary<DateOnly, (Duration Duration, int Line, string Text)> StatedSpans()
    {
        if (_statedSpans is not null) return _statedSpans;
        var spans = new Dictionary<DateOnly, (Duration Duration, int Line, string Text)>();
        var twice = new HashSet<DateOnly>();
        var lines = _doc?.Lines ?? [];
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length < 12 || DurationOf(line) is not { } duration) continue;
            if (PeriodHeader.Find(line) is not [PeriodAnchor.EndDate { End: var end }]) continue;
            if (spans.TryGetValue(end, out var had)) { if (had.Duration != duration) twice.Add(end); }
            else spans[end] = (duration, i + 1, line.Trim());
        }
        foreach (var end in twice) spans.Remove(end);
        return _statedSpans = spans;
    }

    /// <summary>A line cut at each duration phrase it prints: "Quarter Ended June 30,  Year To Date June 30," → two phrases.</summary>
    List<string> SpanPhrases(string line)
    {
        var starts = new SortedSet<int>();
        foreach (var rule in vocabulary.Durations)
            foreach (Match m in rule.Pattern.Matches(line))
                if (!starts.Any(s => Math.Abs(s - m.Index) < 3)) starts.Add(m.Index);
        var list = starts.ToList();
        var phrases = new List<string>();
        for (int i = 0; i < list.Count; i++)
            phrases.Add(line[list[i]..(i + 1 < list.Count ? list[i + 1] : line.Length)].Trim());
        return phrases;
    }

    /// <summary>The year a column's last header cell prints alone ("2004"), if it does.</summary>
    static int? OwnYear(List<RawRow> header, int j)
    {
        for (int i = header.Count - 1; i >= 0; i--)
        {
            var cell = j < header[i].Cells.Count ? header[i].Cells[j].Trim() : "";
            if (cell.Length == 0) continue;
            return IsYear(cell) ? int.Parse(cell) : null;
        }
        return null;
    }

    /// <summary>The year a header cell of the column prints alone, over or under its unit ("2024" over "RMB'000").</summary>
    static int? YearCell(List<RawRow> header, int j)
    {
        foreach (var row in header)
            if (j < row.Cells.Count && row.Cells[j].Trim() is var cell && IsYear(cell)) return int.Parse(cell, CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>
    /// A column of percentages whose header says nothing (it was lost, or split over lines) is a share of a total
    /// only if some row prints the 100 it is a share of. Otherwise it is a change column: year over year when the
    /// value column before it is a year older than the table's first value column, quarter over quarter when a
    /// quarter older — so the change rule checks it instead of the sum rule misreading it.
    /// </summary>
    List<TableColumn> InferChanges(List<TableColumn> columns, List<RawRow> body)
    {
        // The table's own period is its latest value column: releases print it first or (Alphabet-style) last.
        var first = columns.Where(c => c.Role == ColumnRole.Value && c.Period is not null).MaxBy(c => c.Period!.Value.End);
        for (int j = 1; j < columns.Count; j++)
        {
            var c = columns[j];
            if (c.Role != ColumnRole.PercentOfTotal || vocabulary.Columns.Any(r => r.Pattern.IsMatch(c.Header))) continue;
            if (body.Any(r => j < r.Cells.Count && NumberToken.Parse(r.Cells[j]) is { IsNumber: true } t && Math.Abs(t.Value) == 100)) continue;
            var that = columns.Take(j).LastOrDefault(x => x.Role == ColumnRole.Value && x.Period is not null);
            if (first?.Period is not { } now || that?.Period is not { } then || that == first) { columns[j] = c with { Role = ColumnRole.Unknown }; continue; }
            int months = (now.End.Year - then.End.Year) * 12 + now.End.Month - then.End.Month;
            columns[j] = c with { Role = months == 12 ? ColumnRole.ChangeYoY : months == 3 ? ColumnRole.ChangeQoQ : ColumnRole.Unknown };
        }
        return columns;
    }

    /// <summary>
    /// When positions do not give each value column its own period (an anchor missing, or one anchor over two
    /// value columns — OCR merges header cells, PDF text loses them, or only the title names the dates), the
    /// periods are dealt in order onto the value columns: from a header row, else from the nearest context line,
    /// that names exactly as many periods as there are value columns. A convenience (USD) column takes the period
    /// of the value column beside it. With no such sequence, a repeated period is kept only by its first column.
    /// </summary>
    static void AssignInOrder(string context, ColumnRole[] roles, PeriodAnchor?[] anchors, Duration?[] durations, List<List<PeriodAnchor>> rowSequences)
    {
        var values = Enumerable.Range(1, roles.Length - 1).Where(j => roles[j] == ColumnRole.Value).ToList();
        if (values.Count == 0) return;
        var positional = values.Select(j => (anchors[j], durations[j])).ToList();
        if (positional.All(a => a.Item1 is not null) && positional.Distinct().Count() == positional.Count) return;

        var sequence = rowSequences.FirstOrDefault(s => s.Count == values.Count);
        if (sequence is null)
            foreach (var line in context.Split('\n').Reverse())
            {
                var found = PeriodHeader.Find(line);
                if (found.Count == values.Count) { sequence = found; break; }
            }
        if (sequence is null)
        {
            var seen = new HashSet<(PeriodAnchor, Duration?)>();
            foreach (var j in values)
                if (anchors[j] is { } a && !seen.Add((a, durations[j]))) anchors[j] = null;
            return;
        }
        for (int i = 0; i < values.Count; i++) anchors[values[i]] = sequence[i];
        for (int j = 1; j < roles.Length; j++)
        {
            if (roles[j] != ColumnRole.Convenience) continue;
            int right = values.FirstOrDefault(v => v > j, -1);
            int left = values.LastOrDefault(v => v < j, -1);
            anchors[j] = right > 0 ? anchors[right] : left > 0 ? anchors[left] : anchors[j];
        }
    }

    ColumnRole RoleOf(string header, List<RawRow> body, int j)
    {
        foreach (var rule in vocabulary.Columns)
            if (rule.Pattern.IsMatch(header)) return rule.Value;
        // No word for it in the header: a column with a figure printed as a percentage is a ratio column,
        // any other column of figures is a value column.
        bool figures = false;
        foreach (var row in body)
        {
            if (j >= row.Cells.Count) continue;
            var token = NumberToken.Parse(row.Cells[j]);
            if (token.IsNumber && token.IsPercent) return ColumnRole.PercentOfTotal;
            figures |= token.IsNumber;
        }
        return figures ? ColumnRole.Value : ColumnRole.Unknown;
    }

    List<TableRow> Rows(List<RawRow> body)
    {
        var rows = new List<TableRow>(body.Count);
        var sections = new List<string>();
        // Where each open section began in `rows`, so a label-less subtotal knows the rows it may total.
        var sectionStarts = new List<int>();
        foreach (var raw in body)
        {
            DocumentBudget.Tick("reading tables");
            var (label, footnotes) = LabelCleaner.Clean(raw.Cells[0]);
            var cells = new List<TableCell>(raw.Cells.Count);
            bool hasFigure = false;
            for (int j = 1; j < raw.Cells.Count; j++)
            {
                var printed = raw.Cells[j];
                if (printed.Length == 0) continue;
                var token = NumberToken.Parse(printed);
                if (token.Kind != CellKind.Blank) hasFigure = true;
                cells.Add(new TableCell(j, printed, token) { Source = raw.SourceOf(j) });
            }
            if (!hasFigure)
            {
                if (label.Length == 0) continue;
                // "(1) Includes stock-based compensation expense as follows:" opens a note, not a section: the rows
                // under it detail the note and are no lines of the statement (they would repeat its concepts).
                if (IsNoteRow(raw.Cells[0])) break;
                rows.Add(new TableRow(raw.Line, label, footnotes, sections.ToArray(), cells, IsSection: true) { OwnScale = OwnScale(label) });
                sections.Add(label);
                sectionStarts.Add(rows.Count);
                continue;
            }
            bool derived = false;
            if (label.Length == 0 && SubtotalLabel(rows, sections, sectionStarts, cells) is { } total) (label, derived) = (total, true);
            var ownScale = OwnScale(label) ?? Enumerable.Reverse(sections).Select(OwnScale).FirstOrDefault(k => k is not null);
            rows.Add(new TableRow(raw.Line, label, footnotes, sections.ToArray(), cells, IsSection: false) { OwnScale = ownScale, DerivedLabel = derived });
            if (sections.Count > 0 && (vocabulary.SectionClosers.IsMatch(label) || derived && label == "Total " + sections[^1]))
            {
                int closed = ClosedSection(label, sections);
                sections.RemoveRange(closed, sections.Count - closed);
                sectionStarts.RemoveRange(closed, sectionStarts.Count - closed);
            }
        }
        return rows;
    }

    /// <summary>
    /// The section a closing row closes: the innermost one it names a total of ("Total current liabilities" closes
    /// "Current liabilities:" and the sections opened inside it that no row closed, "Long-term debt due within one
    /// year:" over two lines of borrowings), else the innermost.
    /// </summary>
    static int ClosedSection(string label, List<string> sections)
    {
        for (int k = sections.Count - 1; k >= 0; k--)
            if (Closes(label, sections[k])) return k;
        return sections.Count - 1;
    }

    /// <summary>A row that is a section's heading named a total: "Total current liabilities" of "Current liabilities:", "流動負債合計" of "流動負債".</summary>
    internal static bool Closes(string label, string heading)
    {
        var name = heading.Trim().TrimEnd(':', '：').Trim();
        label = label.Trim();
        return name.Length > 0 && (label.StartsWith("Total ", StringComparison.OrdinalIgnoreCase) && label[6..].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)
            || label == name + "合計");
    }

    [GeneratedRegex(@"^\s*(\(\d{1,2}\)|\(?[a-z]\)|\*+|[\u00B9\u00B2\u00B3\u2070-\u2079]+)\s*[A-Z][a-z]+\s+[a-z]+")]
    private static partial Regex NoteOpening();

    /// <summary>A label-only row that starts with a note mark and reads as a sentence ("(1) Includes … as follows:").</summary>
    static bool IsNoteRow(string printed) => NoteOpening().IsMatch(printed) && printed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4;

    /// <summary>
    /// A row of figures printed without a label stands for the total of the rows above it: of its section when the
    /// section's rows add up to it ("OPERATING EXPENSES:" … → "Total OPERATING EXPENSES"), else of the shortest run of
    /// rows just above that adds up to it in every column ("PROPERTY AND EQUIPMENT" less depreciation → "PROPERTY AND
    /// EQUIPMENT, net"). Null when no run adds up: the row stays label-less and becomes no fact.
    /// </summary>
    static string? SubtotalLabel(List<TableRow> rows, List<string> sections, List<int> sectionStarts, List<TableCell> cells)
    {
        var figures = cells.Where(c => c.Number.IsNumber && !c.Number.IsPercent).ToList();
        if (figures.Count == 0) return null;
        bool Adds(int from)
        {
            var run = rows.Skip(from).Where(r => !r.IsSection).ToList();
            if (run.Count < 2) return false;
            // One figure may be misprinted where two others add up: the row is still the subtotal, and the proof then
            // names the figure that does not tie (a row dropped for it would lose its figures without a word).
            int fails = 0;
            foreach (var f in figures)
            {
                decimal sum = 0, slack = 0;
                foreach (var r in run)
                    if (CellAt(r, f.Column) is { Number.IsNumber: true } c)
                    {
                        sum += c.Number.Value;
                        slack += Facts.Precision.HalfStep(c.Number.Decimals);
                    }
                if (Math.Abs(sum - f.Number.Value) > slack + Facts.Precision.HalfStep(f.Number.Decimals)) fails++;
            }
            return fails == 0 || fails == 1 && figures.Count >= 3;
        }
        // A loop, not FirstOrDefault with a lambda: every run start × figure × row asks (a closure per ask).
        static TableCell? CellAt(TableRow r, int column)
        {
            foreach (var c in r.Cells)
                if (c.Column == column) return c;
            return null;
        }
        if (sections.Count > 0 && Adds(sectionStarts[^1])) return "Total " + sections[^1];
        int floor = sections.Count > 0 ? sectionStarts[^1] : 0;
        for (int from = rows.Count - 2; from >= floor; from--)
        {
            if (rows[from].IsSection) break;
            if (!Adds(from)) continue;
            var first = rows[from].Label;
            return first.Length > 0 ? first + ", net" : null;
        }
        return null;
    }
}
