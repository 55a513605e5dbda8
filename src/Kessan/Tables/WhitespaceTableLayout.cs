using System.Text.RegularExpressions;
using Kessan.Reading;
using Kessan.Taxonomy;

namespace Kessan.Tables;

/// <summary>
/// Tables whose columns are separated by runs of spaces — or by a single space, as PDF text extraction often
/// leaves them (<c>Cash 23,517 2,819,007 8.0% 6,014,693 14.7% …</c>). Columns are found by the structure of the
/// numeric tokens at the end of each line, never by character positions.
/// </summary>
/// <remarks>
/// <para>A row is a label followed by at least two figure tokens (<c>1,234</c>, <c>(1,234)</c>, <c>▲97</c>,
/// <c>-5.7%</c>, <c>-</c>, <c>n/a</c>). Rows of one table may be separated by blank lines and section lines
/// (<c>Revenues:</c>); two text lines in a row, a long prose line or another layout's line end the table.</para>
/// <para>The table's width is the most common number of figures per row; a column with a <c>%</c> figure is a
/// ratio column. Shorter rows (per-share lines under a statement) go to the value columns when their count
/// matches, else fill from the left; a row with more figures than the width gives its leading footnote marks
/// (<c>資本準備金 (2) 148,086 …</c>) back to the label.</para>
/// <para>Header lines above the first row become one header row when they can be dealt onto the columns: a
/// line with one word per column, or the period anchors (<c>1Q03 1Q02 4Q02</c>) or currency words
/// (<c>USD JPY JPY JPY</c>) of the header lines, one per column or one per non-ratio column. Periods printed only
/// in the title are left to <see cref="TableBuilder"/>, which reads them from the context.</para>
/// <para>A label split over two lines (<c>Cost of connectivity and value-added</c> / <c>services 5,234 …</c>) is
/// joined; figures on a line of their own take the label printed just above them.</para>
/// </remarks>
public sealed partial class WhitespaceTableLayout(Vocabulary vocabulary) : ITableLayout
{
    const int MaxHeaderLines = 6;
    const int ProseLength = 100;

    [GeneratedRegex(@"^\s*(table|表|図表)\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedTitle();

    [GeneratedRegex(@"^[(（]?\d{1,2}[)）]?$")]
    private static partial Regex FootnoteMark();

    enum Kind { Blank, Foreign, Row, Text, Mark }

    sealed record Line(int Number, Kind Kind, string Label, List<string> Figures, string Text);

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        var lines = new Line[doc.Lines.Count];
        for (int i = 0; i < lines.Length; i++)
        {
            DocumentBudget.Tick("finding tables");
            lines[i] = Classify(i + 1, doc.Lines[i]);
        }
        // Lines another layout's table claimed (ruled, pipe, delimited …) are not ours to read.
        for (int n = 1; n <= lines.Length; n++)
            if (claims.IsClaimed(n)) lines[n - 1] = new Line(n, Kind.Foreign, "", [], doc.Lines[n - 1]);

        int previousEnd = 0;
        int at = 0;
        while (at < lines.Length)
        {
            DocumentBudget.Tick("finding tables");
            if (lines[at].Kind != Kind.Row) { at++; continue; }
            // The block: rows, blank lines, marks, section lines; it ends at two text lines in a row or prose.
            int start = at, end = at, texts = 0;
            for (int k = at + 1; k < lines.Length; k++)
            {
                DocumentBudget.Tick("finding tables");
                var l = lines[k];
                if (l.Kind == Kind.Foreign) break;
                if (l.Kind == Kind.Row) { end = k; texts = 0; continue; }
                if (l.Kind == Kind.Text)
                {
                    if (l.Text.Length > ProseLength || NumberedTitle().IsMatch(l.Text) || IsTitle(l.Text)) break;
                    if (!IsSectionLine(l.Text) && ++texts >= 2) break;
                }
            }
            // The end of a label wrapped below the last row's figures belongs to the table.
            if (end + 1 < lines.Length && lines[end + 1].Kind == Kind.Text && char.IsLower(lines[end + 1].Text[0]) && lines[end + 1].Text.Length <= 40)
                end++;
            var grid = Build(lines, start, end, previousEnd);
            if (grid is not null) yield return grid;
            previousEnd = end + 1;
            at = end + 1;
        }
    }

    bool IsTitle(string text) => vocabulary.Statements.Any(s => s.Pattern.IsMatch(text));

    static bool IsSectionLine(string text) => text.EndsWith(':');

    static Line Classify(int number, string raw)
    {
        if (raw.Contains('\t') || PipeTableLayout.IsPipeRow(raw)) return new Line(number, Kind.Foreign, "", [], raw);
        var text = raw.Trim();
        if (text.Length == 0 || EdgarMarkup.IsTagLine(text)) return new Line(number, Kind.Blank, "", [], "");
        var tokens = Tokens(text);
        int firstFigure = tokens.Count;
        while (firstFigure > 0 && IsFigure(tokens[firstFigure - 1].Text)) firstFigure--;
        int figures = tokens.Count - firstFigure;
        if (figures == 1 && tokens.Count == 1 && FootnoteMark().IsMatch(text)) return new Line(number, Kind.Mark, "", [], text);
        var label = firstFigure == 0 ? "" : text[..(tokens[firstFigure - 1].End)].Trim();
        var values = tokens.Skip(firstFigure).Select(t => t.Text).ToList();
        bool allYears = values.All(v => v.Length == 4 && int.TryParse(v, out var y) && y is > 1950 and < 2150);
        if ((figures >= 2 || (figures == 1 && label.Length == 0 && NumberToken.Parse(values[0]).IsNumber && values[0].Length > 2))
            && label.Length <= ProseLength && !allYears)
            return new Line(number, Kind.Row, label, values, text);
        return new Line(number, Kind.Text, "", [], text);
    }

    /// <summary>Whitespace tokens with their end offsets; a lone <c>$</c> joins the next token, a lone <c>%</c> the previous.</summary>
    static List<(string Text, int End)> Tokens(string text)
    {
        var tokens = new List<(string Text, int End)>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            int s = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i > s) tokens.Add((text[s..i], i));
        }
        if (NumberToken.SpaceGroups) JoinGroups(tokens, text);
        for (int k = tokens.Count - 1; k >= 1; k--)
            if (tokens[k].Text is "%" or ")" && IsFigure(tokens[k - 1].Text + tokens[k].Text))
            { tokens[k - 1] = (tokens[k - 1].Text + tokens[k].Text, tokens[k].End); tokens.RemoveAt(k); }
        for (int k = tokens.Count - 2; k >= 0; k--)
            if (tokens[k].Text is "$" or "¥" or "US$" && IsFigure(tokens[k + 1].Text))
            { tokens[k] = (tokens[k].Text + tokens[k + 1].Text, tokens[k + 1].End); tokens.RemoveAt(k + 1); }
        return tokens;
    }

    /// <summary>"2" and "410" one space apart are the figure "2 410" in a document that groups thousands by spaces.</summary>
    static void JoinGroups(List<(string Text, int End)> tokens, string text)
    {
        for (int k = tokens.Count - 1; k >= 1; k--)
            if (tokens[k].End - tokens[k].Text.Length - tokens[k - 1].End == 1 && NumberToken.JoinsGroup(tokens[k - 1].Text, tokens[k].Text))
            {
                tokens[k - 1] = (text[(tokens[k - 1].End - tokens[k - 1].Text.Length)..tokens[k].End], tokens[k].End);
                tokens.RemoveAt(k);
            }
    }

    static bool IsFigure(string token)
    {
        if (token is "-" or "—" or "–" or "―" or "−") return true;
        var t = NumberToken.Parse(token);
        return t.Kind is CellKind.Number or CellKind.NotAvailable;
    }

    RawGrid? Build(Line[] lines, int start, int end, int previousEnd)
    {
        // Figures on a line of their own under their label: a single digit before them is the label's superscript
        // mark, put there by PDF extraction.
        for (int k = start; k <= end; k++)
        {
            var l = lines[k];
            if (l.Kind != Kind.Row || l.Label.Length > 0 || l.Figures.Count < 3 || l.Figures[0].Length != 1 || !char.IsAsciiDigit(l.Figures[0][0])) continue;
            int above = k - 1;
            while (above >= 0 && lines[above].Kind is Kind.Blank or Kind.Mark) above--;
            if (above >= 0 && lines[above].Kind == Kind.Text && !IsSectionLine(lines[above].Text))
                lines[k] = l with { Label = AsMark(l.Figures[0]), Figures = l.Figures.Skip(1).ToList() };
        }
        var rows = new List<Line>();
        for (int k = start; k <= end; k++) if (lines[k].Kind == Kind.Row) rows.Add(lines[k]);
        var counts = rows.Where(r => r.Figures.Count >= 2).GroupBy(r => r.Figures.Count)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).ToList();
        if (counts.Count == 0 || rows.Count < 2) return null;
        int width = counts[0].Key;

        var percent = new bool[width + 1];
        foreach (var r in rows.Where(r => r.Figures.Count == width))
            for (int j = 0; j < width; j++)
                if (r.Figures[j].TrimEnd(')').EndsWith('%')) percent[j + 1] = true;
        var nonPercent = Enumerable.Range(1, width).Where(j => !percent[j]).ToArray();

        // Section lines directly above the first row belong to the body; the lines above them are the header.
        var lead = new List<Line>();
        int k0 = start - 1;
        while (k0 >= previousEnd && k0 >= 0 && lines[k0].Kind is Kind.Blank or Kind.Text && (lines[k0].Kind == Kind.Blank || IsSectionLine(lines[k0].Text)))
        {
            if (lines[k0].Kind == Kind.Text) lead.Insert(0, lines[k0]);
            k0--;
        }
        var headerLines = new List<Line>();
        for (int k = k0; k >= previousEnd && k >= 0 && headerLines.Count < MaxHeaderLines; k--)
        {
            var l = lines[k];
            if (l.Kind is Kind.Blank or Kind.Mark) continue;
            if (l.Kind != Kind.Text || l.Text.Length > ProseLength || NumberedTitle().IsMatch(l.Text) || IsTitle(l.Text)) break;
            headerLines.Insert(0, l);
        }
        var header = HeaderRows(headerLines, width, nonPercent, out var roles);

        // Value columns (for short rows): non-ratio columns whose header is not a convenience currency.
        var valueColumns = nonPercent.Where(j => roles[j] != ColumnRole.Convenience).ToArray();
        var output = new List<RawRow>(header);
        foreach (var l in lead) output.Add(new RawRow(l.Number, [l.Text.TrimEnd(':').Trim() + ":"]));
        string? pending = null;
        int pendingLine = 0;
        for (int k = start; k <= end; k++)
        {
            var l = lines[k];
            switch (l.Kind)
            {
                case Kind.Text:
                    // The end of a label wrapped below its figures ("Weighted average shares" / figures / "outstanding").
                    if (pending is null && k > start && lines[k - 1].Kind == Kind.Row && char.IsLower(l.Text[0]) && !LabelCleaner.StartsWithItemNumber(l.Text) && output.Count > 0
                        && output[^1].Cells.Count > 1 && output[^1].Line == lines[k - 1].Number)
                    {
                        var last = output[^1];
                        output[^1] = last with { Cells = [last.Cells[0] + " " + l.Text, .. last.Cells.Skip(1)] };
                        break;
                    }
                    if (pending is not null) output.Add(new RawRow(pendingLine, [pending]));
                    if (IsSectionLine(l.Text)) { output.Add(new RawRow(l.Number, [l.Text])); pending = null; }
                    else { pending = l.Text; pendingLine = l.Number; }
                    break;
                case Kind.Row:
                    var label = l.Label;
                    if (pending is not null)
                    {
                        if (label.Length == 0 || FootnoteMark().IsMatch(label)) label = (pending + " " + label).Trim();
                        else if (char.IsLower(label[0]) && !LabelCleaner.StartsWithItemNumber(label)) label = pending + " " + label;
                        else output.Add(new RawRow(pendingLine, [pending]));
                        pending = null;
                    }
                    output.Add(new RawRow(l.Number, Place(label, l.Figures, width, nonPercent, valueColumns)));
                    break;
            }
        }
        return output.Count(r => r.Cells.Count > 1) >= 2 ? new RawGrid(output) : null;
    }

    /// <summary>A footnote mark as the label cleaner recognises it: <c>6</c> → <c>(6)</c>.</summary>
    static string AsMark(string v) => v.StartsWith('(') || v.StartsWith('（') ? v : "(" + v + ")";

    static string[] Place(string label, List<string> figures, int width, int[] nonPercent, int[] valueColumns)
    {
        var values = figures;
        if (values.Count > width)
        {
            int extra = values.Count - width;
            if (values.Take(extra).All(v => FootnoteMark().IsMatch(v)))
            {
                label = (label + " " + string.Join(' ', values.Take(extra).Select(AsMark))).Trim();
                values = values.Skip(extra).ToList();
            }
        }
        int[] target;
        if (values.Count >= width) target = Enumerable.Range(1, values.Count).ToArray();
        else if (values.Count == valueColumns.Length) target = valueColumns;
        else if (values.Count == nonPercent.Length) target = nonPercent;
        else target = Enumerable.Range(1, values.Count).ToArray();
        var cells = new string[Math.Max(width, target.Length == 0 ? 0 : target[^1]) + 1];
        Array.Fill(cells, "");
        cells[0] = label;
        for (int i = 0; i < values.Count; i++) cells[target[i]] = values[i];
        int n = cells.Length;
        while (n > 1 && cells[n - 1].Length == 0) n--;
        return cells[..n];
    }

    [GeneratedRegex(@"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"^(?:19|20)\d{2}$")]
    private static partial Regex Year();

    /// <summary>
    /// Dates printed over two header lines, month and day above the year ("June 30,  December 31," over
    /// "2005  2004"): paired in order when the two lines hold as many of each.
    /// </summary>
    static List<string> StackedDates(List<Line> headerLines)
    {
        for (int k = headerLines.Count - 1; k >= 1; k--)
        {
            var years = headerLines[k].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (years.Length < 1 || !years.All(y => Year().IsMatch(y))) continue;
            var days = MonthDay().Matches(headerLines[k - 1].Text).Select(m => m.Value.TrimEnd(',')).ToList();
            if (days.Count == years.Length) return days.Zip(years, (d, y) => d + ", " + y).ToList();
        }
        return [];
    }

    /// <summary>
    /// Ranges printed over two header lines, each column's first day above its last ("(自 2023年4月1日  (自 2024年4月1日"
    /// over "至 2023年9月30日)  至 2024年9月30日)"): one range per column. Each line alone reads as dates, and the first
    /// days would be taken for the periods' ends.
    /// </summary>
    static List<string> StackedRanges(List<Line> headerLines)
    {
        for (int k = headerLines.Count - 1; k >= 1; k--)
        {
            var first = PeriodHeader.FindWithText(headerLines[k - 1].Text);
            var last = PeriodHeader.FindWithText(headerLines[k].Text);
            if (first.Count == 0 || first.Count != last.Count) continue;
            var ranges = first.Zip(last, (a, b) => $"{a.Text}~{b.Text}").ToList();
            if (ranges.All(r => PeriodHeader.Find(r) is [PeriodAnchor.Span])) return ranges;
        }
        return [];
    }

    /// <summary>Header rows dealt onto the columns (see the class remarks); also the column roles they imply.</summary>
    List<RawRow> HeaderRows(List<Line> headerLines, int width, int[] nonPercent, out ColumnRole[] roles)
    {
        roles = new ColumnRole[width + 1];
        var result = new List<RawRow>();
        if (headerLines.Count == 0) return result;

        string[]? Deal(IReadOnlyList<string> words)
        {
            int[]? target = words.Count == width ? Enumerable.Range(1, width).ToArray()
                : words.Count == nonPercent.Length ? nonPercent : null;
            if (target is null) return null;
            var cells = new string[width + 1];
            Array.Fill(cells, "");
            for (int i = 0; i < words.Count; i++) cells[target[i]] = words[i];
            return cells;
        }

        // One word per column on a single line, nearest the table first (words of a line that has fewer words
        // than columns may be fragments of wrapped headers, so only an exact fit counts here).
        for (int k = headerLines.Count - 1; k >= 0; k--)
        {
            var words = headerLines[k].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !FootnoteMark().IsMatch(w)).ToList();
            if (words.Count == width && Deal(words) is { } cells) { result.Add(new RawRow(headerLines[k].Number, cells)); break; }
            // The line naming the periods is the top of the column header; what stands above it is title.
            if (PeriodHeader.Find(headerLines[k].Text).Count > 0) break;
        }
        var allWords = headerLines.SelectMany(l => l.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (result.Count == 0)
        {
            var currency = allWords.Where(w => w.Length <= 8 && vocabulary.Columns.Any(c => c.Value is ColumnRole.Value or ColumnRole.Convenience && c.Pattern.IsMatch(w))).ToList();
            if (currency.Count > 0 && Deal(currency) is { } cells) result.Add(new RawRow(headerLines[^1].Number, cells));
        }
        var anchors = StackedRanges(headerLines);
        if (anchors.Count == 0) anchors = allWords.Where(w => w.Length <= 16 && PeriodHeader.Find(w).Count == 1).ToList();
        if (anchors.Count == 0) anchors = StackedDates(headerLines);
        if (anchors.Count > 0 && Deal(anchors) is { } anchorCells && !result.Any(r => r.Cells.SequenceEqual(anchorCells)))
            result.Insert(0, new RawRow(headerLines[^1].Number, anchorCells));

        // Nothing dealt, but a header line names periods ("2005 年（4-6月） 2004 年（4-6月）"): it stays one cell over
        // the first column, and the table builder deals its periods onto the value columns.
        if (result.Count == 0)
            for (int k = headerLines.Count - 1; k >= 0; k--)
            {
                var found = PeriodHeader.FindWithText(headerLines[k].Text);
                if (found.Count < 2) continue;
                var cells = Deal(found.Select(f => f.Text).ToList());
                if (cells is null)
                {
                    cells = new string[width + 1];
                    Array.Fill(cells, "");
                    cells[1] = string.Join(' ', found.Select(f => f.Text));
                }
                result.Add(new RawRow(headerLines[k].Number, cells));
                break;
            }
        foreach (var row in result)
            for (int j = 1; j <= width; j++)
                foreach (var rule in vocabulary.Columns)
                    if (row.Cells[j].Length > 0 && rule.Pattern.IsMatch(row.Cells[j])) { roles[j] = rule.Value; break; }
        return result;
    }
}
