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
public sealed partial class TableBuilder(Vocabulary vocabulary, FiscalCalendar calendar)
{
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
        if (lines.Any(l => NumberedTitle().IsMatch(l) || vocabulary.Statements.Any(st => st.Pattern.IsMatch(l)))) return context;
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
        var tables = new List<Table>();
        var notes = new List<ReadingNote>();
        Draft? previous = null;
        int previousEnd = 0;
        foreach (var grid in grids.OrderBy(g => g.FirstLine))
        {
            int headerCount = CountHeaderRows(grid);
            // A grid whose layout read its own caption names itself: it continues no table.
            bool named = grid.Caption is not null;
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
            previous = new Draft(context, grid.Rows.Take(headerCount).ToList(), grid.Rows.Skip(headerCount).ToList());
            previousEnd = grid.LastLine;
        }
        Flush(previous, tables, notes);
        return (tables, notes);
    }

    /// <summary>A statement continued over a page never prints a line twice: a repeated label means a new table.</summary>
    static bool RepeatsALabel(IEnumerable<RawRow> before, IEnumerable<RawRow> after)
    {
        var labels = before.Select(r => TaxonomySet.LabelKey(r.Cells[0])).Where(k => k.Length > 0).ToHashSet();
        return after.Any(r => labels.Contains(TaxonomySet.LabelKey(r.Cells[0])));
    }

    bool NamesATable(string context) =>
        context.Split('\n').Any(l => NumberedTitle().IsMatch(l) || vocabulary.Statements.Any(st => st.Pattern.IsMatch(l)));

    /// <summary>A header as a key, its label cell included: a new table with the same periods ("Revenues" then
    /// "Connectivity Services" over 1Q03 / 1Q02 / 4Q02) is not a page break.</summary>
    static string HeaderKey(IEnumerable<RawRow> header) =>
        string.Join('|', header.SelectMany(r => r.Cells).Where(c => c.Length > 0));

    sealed record Draft(string Context, List<RawRow> Header, List<RawRow> Body);

    void Flush(Draft? draft, List<Table> tables, List<ReadingNote> notes)
    {
        if (draft is null || draft.Body.Count == 0) return;
        var table = Interpret(tables.Count, draft, notes);
        if (table is not null) tables.Add(table);
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
            if (NumberedTitle().IsMatch(text) || vocabulary.Statements.Any(s => s.Pattern.IsMatch(text))) break;
        }
        lines.Reverse();
        return string.Join('\n', lines);
    }

    Table? Interpret(int index, Draft draft, List<ReadingNote> notes)
    {
        var context = draft.Context;
        var title = TitleOf(context);
        var kind = vocabulary.Statements.FirstOrDefault(s => s.Pattern.IsMatch(context))?.Value ?? StatementKind.Kpi;
        var headerText = string.Join(' ', draft.Header.SelectMany(r => r.Cells));
        int months = kind == StatementKind.Balance ? 0
            : vocabulary.Durations.FirstOrDefault(d => d.Pattern.IsMatch(context))?.Value
              ?? vocabulary.Durations.FirstOrDefault(d => d.Pattern.IsMatch(headerText))?.Value
              ?? 3;
        if (kind == StatementKind.Income && months > 3) kind = StatementKind.IncomeYtd;
        var stated = vocabulary.Scales.FirstOrDefault(s => s.Pattern.IsMatch(context));
        decimal scale = stated?.Value ?? 1m;
        string unit = kind == StatementKind.Kpi
            ? vocabulary.Units.FirstOrDefault(u => u.Pattern.IsMatch(context))?.Value ?? "count"
            : vocabulary.Currencies.FirstOrDefault(c => c.Pattern.IsMatch(context))?.Value ?? "JPY";

        var columns = Columns(draft, months, out bool anyPeriod);
        if (!anyPeriod)
        {
            notes.Add(new ReadingNote(draft.Header[0].Line, $"table '{Shorten(title)}' has no period in its header; its figures are not facts"));
            return null;
        }
        var rows = Rows(draft.Body);
        var language = TaxonomySet.LanguageOf(title + string.Concat(rows.Select(r => r.Label)));
        return new Table(index, kind, title, scale, unit, language, columns, rows) { ScaleStated = stated is not null };
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
    List<TableColumn> Columns(Draft draft, int months, out bool anyPeriod)
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
        AssignInOrder(draft.Context, roles, anchors, rowSequences);

        var columns = new List<TableColumn>(width) { new(0, ColumnRole.Label, "", null, null) };
        anyPeriod = false;
        for (int j = 1; j < width; j++)
        {
            var header = headers[j];
            var role = roles[j];
            Period? period = anchors[j]?.Resolve(months, calendar);
            if (period is not null && role is ColumnRole.Value or ColumnRole.Convenience) anyPeriod = true;
            string? currency = role == ColumnRole.Convenience ? "USD"
                : vocabulary.Currencies.FirstOrDefault(c => c.Pattern.IsMatch(header))?.Value;
            columns.Add(new TableColumn(j, role, header, period, currency));
        }
        return InferChanges(columns, draft.Body);
    }

    /// <summary>
    /// A column of percentages whose header says nothing (it was lost, or split over lines) is a share of a total
    /// only if some row prints the 100 it is a share of. Otherwise it is a change column: year over year when the
    /// value column before it is a year older than the table's first value column, quarter over quarter when a
    /// quarter older — so the change rule checks it instead of the sum rule misreading it.
    /// </summary>
    List<TableColumn> InferChanges(List<TableColumn> columns, List<RawRow> body)
    {
        var first = columns.FirstOrDefault(c => c.Role == ColumnRole.Value && c.Period is not null);
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
    static void AssignInOrder(string context, ColumnRole[] roles, PeriodAnchor?[] anchors, List<List<PeriodAnchor>> rowSequences)
    {
        var values = Enumerable.Range(1, roles.Length - 1).Where(j => roles[j] == ColumnRole.Value).ToList();
        if (values.Count == 0) return;
        var positional = values.Select(j => anchors[j]).ToList();
        if (positional.All(a => a is not null) && positional.Distinct().Count() == positional.Count) return;

        var sequence = rowSequences.FirstOrDefault(s => s.Count == values.Count);
        if (sequence is null)
            foreach (var line in context.Split('\n').Reverse())
            {
                var found = PeriodHeader.Find(line);
                if (found.Count == values.Count) { sequence = found; break; }
            }
        if (sequence is null)
        {
            var seen = new HashSet<PeriodAnchor>();
            foreach (var j in values)
                if (anchors[j] is { } a && !seen.Add(a)) anchors[j] = null;
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
        foreach (var raw in body)
        {
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
                rows.Add(new TableRow(raw.Line, label, footnotes, sections.ToArray(), cells, IsSection: true));
                sections.Add(label);
                continue;
            }
            rows.Add(new TableRow(raw.Line, label, footnotes, sections.ToArray(), cells, IsSection: false));
            if (sections.Count > 0 && vocabulary.SectionClosers.IsMatch(label)) sections.RemoveAt(sections.Count - 1);
        }
        return rows;
    }
}
