using System.Text.RegularExpressions;
using Kessan.Reading;
using Kessan.Taxonomy;

namespace Kessan.Tables;

/// <summary>
/// Fixed-width text tables, as EDGAR text exhibits and <c>pdftotext -layout</c> print them: figures right-aligned
/// in columns at least two spaces apart, labels wrapped over several lines, a column header stacked over several
/// lines and printed once over the columns it spans ("For the 13 / Weeks Ended / July 3, 2004 and" over
/// "2004  2003", "Quarter Ended June 30," over "2025  2026"). Here the geometry is the table: columns are the
/// right edges the figures share, and every header phrase heads the columns its text stands over.
/// </summary>
/// <remarks>
/// <para>A figure is a number (or a dash) at the end of a line, at least two spaces from the text before it — so
/// numbers inside a label ("12,088 (Class A 5,822, …") or in a date ("June 30, 2026") are text. A currency sign
/// printed apart from its figure (<c>$      96,428</c>) is part of that figure's cell.</para>
/// <para>The table runs from its first row of two or more figures while lines are rows, blank lines, labels or
/// section lines; it ends at a statement title, at prose, at text standing over the columns (the header of the
/// next table, a note) or at a line another layout claimed. Blank lines do not end it.</para>
/// <para>Label lines without figures are joined to the next line when it continues them (it starts with a lower-case
/// letter, a digit or a sign, or they end with a comma or a connecting word); otherwise they are section rows.
/// Figures standing alone under a label take it; figures directly under a row of figures are a label-less
/// subtotal row, emitted with an empty label.</para>
/// <para>Scale and unit lines in the header block ("(millions, except earnings per common share)", "(In millions
/// of euros)" under the column header) are joined into the label cell of the first header row; such a line above
/// the whole header is left above the grid, where the table builder reads its context.</para>
/// </remarks>
public sealed partial class FixedWidthLayout(Vocabulary vocabulary) : ITableLayout
{
    const int ProseLength = 110;
    const int MaxHeaderLines = 8;
    /// <summary>Blank lines a table may hold in a row (PDF text spaces statements out generously).</summary>
    const int MaxBlankRun = 6;
    /// <summary>Spaces that separate a figure from the text before it; one space is a phrase ("June 30, 2026").</summary>
    const int MinGap = 2;
    /// <summary>How far (characters) right edges of one column may wander in PDF text.</summary>
    const int Tolerance = 2;

    [GeneratedRegex(@"^\s*(table|表|図表)\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedTitle();

    [GeneratedRegex(@"^(?:19|20)\d{2}\*{0,2}$")]
    private static partial Regex Year();

    [GeneratedRegex(@"^(?:and|or|of|in|for|to|the|per|before|after|from|with|on|by|at|less|net|including|excluding|&|-)$", RegexOptions.IgnoreCase)]
    private static partial Regex Connector();

    enum Kind { Blank, Claimed, Row, Text }

    /// <summary>A whitespace word with its extent [Start, End).</summary>
    readonly record struct Word(string Text, int Start, int End);

    /// <summary>A figure's cell text ("$8,700", "(32)") and the extent of its number, sign excluded.</summary>
    readonly record struct Figure(string Cell, int CellStart, int Start, int End, bool IsDash);

    sealed record Line(int Number, Kind Kind, string Text, List<Word> Words, string Label, List<Figure> Figures);

    /// <summary>A column: where its cells begin (currency signs included) and the extent of its numbers.</summary>
    sealed class Column(int left, int start, int end)
    {
        public int Left = left, Start = start, End = end;
        public bool Takes(Figure f) => f.IsDash
            ? f.End >= Start - Tolerance && f.Start <= End + Tolerance
            : Math.Abs(f.End - End) <= Tolerance;
    }

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        var lines = new Line[doc.Lines.Count];
        for (int i = 0; i < lines.Length; i++)
        {
            DocumentBudget.Tick("finding tables");
            lines[i] = claims.IsClaimed(i + 1) ? new Line(i + 1, Kind.Claimed, "", [], "", []) : Classify(i + 1, doc.Lines[i]);
        }

        int previousEnd = -1;
        int at = 0;
        while (at < lines.Length)
        {
            DocumentBudget.Tick("finding tables");
            if (lines[at].Kind != Kind.Row || lines[at].Figures.Count < 2 && !OpensOneColumn(lines, at)) { at++; continue; }
            var (columns, end) = Body(lines, at);
            var grid = Build(lines, at, end, previousEnd, columns);
            if (grid is not null)
            {
                yield return grid;
                previousEnd = end;
            }
            at = end + 1;
        }
    }

    /// <summary>
    /// A table of one value column ("Three Months Ended June 30, 2025" over "Americas  $ 500.0" …) opens with three
    /// labelled rows of one figure each on one right edge, no wider row among them; its header proves it a table
    /// (<see cref="Build"/> still wants one standing over the column).
    /// </summary>
    static bool OpensOneColumn(Line[] lines, int at)
    {
        static bool One(Line l) => l.Kind == Kind.Row && l.Figures.Count == 1 && !l.Figures[0].IsDash && l.Label.Length > 0;
        if (!One(lines[at])) return false;
        int rows = 1, edge = lines[at].Figures[0].End;
        for (int k = at + 1, blanks = 0; k < lines.Length && rows < 3; k++)
        {
            var l = lines[k];
            if (l.Kind == Kind.Blank) { if (++blanks > 1) return false; continue; }
            blanks = 0;
            if (l.Kind == Kind.Text && !l.Text.EndsWith('.')) continue;
            if (l.Kind != Kind.Row || l.Figures.Count != 1 || Math.Abs(l.Figures[0].End - edge) > Tolerance) return false;
            if (One(l)) rows++;
        }
        return rows == 3;
    }

    static Line Classify(int number, string raw)
    {
        // A rule under the figures ("------------   ------------" before a subtotal) draws; it says nothing a blank
        // line does not, and must not read as text standing over the columns (the header of a next table).
        if (raw.Trim().Length == 0 || EdgarMarkup.IsTagLine(raw) || RuledTextLayout.IsRule(raw)) return new Line(number, Kind.Blank, "", [], "", []);
        var words = Words(raw);
        var figures = new List<Figure>();
        int k = words.Count - 1;
        while (k >= 0)
        {
            var w = words[k];
            if (!IsFigure(w.Text)) break;
            // The figure's own extent: the number without a currency sign before it.
            var (cell, start) = (w.Text, w.Start);
            int before = k - 1;
            if (before >= 0 && IsCurrencySign(words[before].Text))
            {
                // A sign before a dash says nothing: the dash alone is the cell.
                if (NumberToken.Parse(w.Text).Kind != CellKind.Blank) cell = words[before].Text + w.Text;
                before--;
            }
            // Measured from the number before, not from a closing parenthesis its cell padding pushed away.
            int previousEnd = before < 0 ? -MinGap : IsFigure(words[before].Text) ? NumberExtent(words[before]).End : words[before].End;
            if (start - previousEnd < MinGap) break;
            var (numStart, numEnd) = NumberExtent(w);
            figures.Insert(0, new Figure(cell, before + 1 < k ? words[before + 1].Start : w.Start, numStart, numEnd, NumberToken.Parse(w.Text).Kind == CellKind.Blank));
            k = before;
        }
        if (figures.Count == 0 || figures.All(f => Year().IsMatch(f.Cell)))
            return new Line(number, Kind.Text, raw.Trim(), words, "", []);
        var label = k >= 0 ? raw[..words[k].End].Trim() : "";
        return new Line(number, Kind.Row, raw.Trim(), words, label, figures);
    }

    /// <summary>The columns of [a figure's digits]: a closing parenthesis or percent sign sticks out of the alignment.</summary>
    static (int Start, int End) NumberExtent(Word w)
    {
        int s = w.Start, e = w.End;
        var t = w.Text;
        int i = 0, j = t.Length;
        while (i < j && t[i] is '(' or '$' or '€' or '£' or '¥' or '-' or '−' or '▲' or '△') i++;
        while (j > i && t[j - 1] is ')' or '%' or '*') j--;
        return (s + i, s + j);
    }

    static bool IsCurrencySign(string t) => t is "$" or "US$" or "€" or "£" or "¥" or "$(" or "€(";

    static bool IsFigure(string token)
    {
        if (token is "-" or "—" or "–" or "―" or "−" or "--") return true;
        var t = NumberToken.Parse(token);
        return t.Kind is CellKind.Number or CellKind.NotAvailable;
    }

    /// <summary>Whitespace words; a lone <c>)</c> or <c>%</c> joins the word before it.</summary>
    static List<Word> Words(string line)
    {
        var words = new List<Word>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            int s = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            if (i > s) words.Add(new Word(line[s..i], s, i));
        }
        // "2" and "410" one space apart are the figure "2 410" in a document that groups thousands by spaces.
        if (NumberToken.SpaceGroups)
            for (int k = words.Count - 1; k >= 1; k--)
                if (words[k].Start - words[k - 1].End == 1 && NumberToken.JoinsGroup(words[k - 1].Text, words[k].Text))
                {
                    words[k - 1] = new Word(line[words[k - 1].Start..words[k].End], words[k - 1].Start, words[k].End);
                    words.RemoveAt(k);
                }
        for (int k = words.Count - 1; k >= 1; k--)
            if ((words[k].Text is ")" or "%" && words[k].Start - words[k - 1].End <= 1)
                // A cell's padding may push its closing parenthesis away: "(412       )" is one figure.
                || (words[k].Text == ")" && words[k - 1].Text.StartsWith('(') && !words[k - 1].Text.Contains(')')))
            {
                words[k - 1] = new Word(words[k - 1].Text + words[k].Text, words[k - 1].Start, words[k].End);
                words.RemoveAt(k);
            }
        return words;
    }

    /// <summary>The last row of the table that starts at <paramref name="start"/>, and its columns.</summary>
    (List<Column> Columns, int End) Body(Line[] lines, int start)
    {
        var columns = new List<Column>();
        Fit(columns, lines[start], add: true);
        int end = start, blanks = 0, labelEnd = LabelEnd(lines[start]);
        for (int k = start + 1; k < lines.Length; k++)
        {
            DocumentBudget.Tick("finding tables");
            var l = lines[k];
            if (l.Kind == Kind.Claimed) break;
            if (l.Kind == Kind.Blank) { if (++blanks > MaxBlankRun) break; continue; }
            blanks = 0;
            int zone = columns.Min(c => c.Left) - 1;
            if (l.Kind == Kind.Row)
            {
                // A lone figure off every column is page furniture (a page number), not a row.
                if (l.Figures.Count == 1 && l.Label.Length == 0 && !columns.Any(c => c.Takes(l.Figures[0]))) continue;
                // Label text reaching into the columns: prose with a number at its end, not a row.
                if (LabelWords(l).Any(w => w.Start >= zone)) break;
                Fit(columns, l, add: l.Figures.Count >= 2);
                labelEnd = Math.Max(labelEnd, LabelEnd(l));
                end = k;
                continue;
            }
            if (IsTitle(l.Text) || IsProse(l.Text) || Phrases(l).Any(p => HeadsColumns(p, columns, zone, labelEnd))) break;
            labelEnd = Math.Max(labelEnd, LabelEnd(l));
        }
        // The end of a label wrapped below its figures ("Weighted average shares" / figures / "outstanding").
        if (end + 1 < lines.Length && lines[end + 1].Kind == Kind.Text && char.IsLower(lines[end + 1].Text[0]) && lines[end + 1].Text.Length <= 40)
            end++;
        return (columns, end);
    }

    /// <summary>Where a line's label text ends (a text line's whole text).</summary>
    static int LabelEnd(Line l)
    {
        var words = l.Kind == Kind.Row ? LabelWords(l).ToList() : l.Words;
        return words.Count > 0 ? words[^1].End : 0;
    }

    /// <summary>Words one space apart, as one phrase with its extent ("Quarter Ended June 30,", "Q2 2026").</summary>
    static List<(string Text, int Start, int End)> Phrases(Line l)
    {
        var phrases = new List<(string Text, int Start, int End)>();
        foreach (var w in l.Words)
        {
            if (phrases.Count > 0 && w.Start - phrases[^1].End < MinGap)
                phrases[^1] = (phrases[^1].Text + " " + w.Text, phrases[^1].Start, w.End);
            else phrases.Add((w.Text, w.Start, w.End));
        }
        return phrases;
    }

    /// <summary>
    /// A phrase of a header line heads columns when it stands in the columns, or — wider than the figures under it
    /// ("Q2 2026" over "69.1") — stands over one of them clear of the labels, mostly over one ("Retail &"), or over
    /// the whole of one column's cells and no other's ("Sep. 30, 2025" over "30,000", beginning left of where the
    /// longest label ends).
    /// </summary>
    static bool HeadsColumns((string Text, int Start, int End) p, List<Column> columns, int zone, int labelEnd)
    {
        if (p.Start >= zone - Tolerance) return true;
        int overlap = columns.Count == 0 ? 0 : columns.Max(c => Math.Min(p.End, c.End) - Math.Max(p.Start, c.Left));
        if (overlap <= 0) return false;
        if (p.Start > labelEnd + 1 || 2 * overlap >= p.End - p.Start) return true;
        int spanned = 0, whole = 0;
        foreach (var c in columns)
        {
            if (Math.Min(p.End, c.End) - Math.Max(p.Start, c.Left) > 0) spanned++;
            if (p.Start <= c.Left && p.End >= c.End) whole++;
        }
        return spanned == 1 && whole == 1;
    }

    static IEnumerable<Word> LabelWords(Line l)
    {
        int first = l.Figures.Count > 0 ? l.Figures[0].Start : int.MaxValue;
        return l.Words.Where(w => w.End < first && !IsCurrencySign(w.Text));
    }

    /// <summary>Each figure to the column it is aligned with; a row of two or more figures may open new columns.</summary>
    static int[] Fit(List<Column> columns, Line l, bool add)
    {
        var target = new int[l.Figures.Count];
        for (int i = 0; i < l.Figures.Count; i++)
        {
            var f = l.Figures[i];
            int j = columns.FindIndex(c => c.Takes(f));
            if (j < 0 && add && !f.IsDash)
            {
                columns.Add(new Column(f.CellStart, f.Start, f.End));
                columns.Sort((a, b) => a.End.CompareTo(b.End));
                j = columns.FindIndex(c => c.Takes(f));
            }
            if (j >= 0 && !f.IsDash)
            {
                columns[j].Left = Math.Min(columns[j].Left, f.CellStart);
                columns[j].Start = Math.Min(columns[j].Start, f.Start);
                columns[j].End = Math.Max(columns[j].End, f.End);
            }
            target[i] = j;
        }
        return target;
    }

    bool IsTitle(string text) => NumberedTitle().IsMatch(text) || vocabulary.Statements.Any(s => s.Pattern.IsMatch(text));

    static bool IsProse(string text) =>
        text.Length > ProseLength || (text.EndsWith('.') && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 6);

    /// <summary>A scale or unit line: "(millions)", "(In millions of euros)", "(millions, except earnings per" …</summary>
    /// <remarks>A parenthesis that closes before the end ("(1) Includes …") opens a footnote, not a scale line.</remarks>
    bool IsContextLine(string text) =>
        (text.StartsWith('(') && (text.EndsWith(')') || !text.Contains(')'))) || vocabulary.Scales.Any(s => s.Pattern.IsMatch(text));

    /// <summary>
    /// A caption centred over the table ("For the 13 Weeks Ended July 3, 2004 and June 28, 2003", "(In millions,
    /// except per share amounts, unaudited)"): one phrase running from the label zone into the columns, so it heads
    /// no column of its own.
    /// </summary>
    /// <remarks>It begins where the labels begin; a header phrase running a little left of its columns ("June 30,
    /// December 31," over two narrow columns) begins right of them.</remarks>
    static bool IsCaption(Line l, int zone, int labelStart) =>
        Phrases(l).Any(p => p.Start <= labelStart + 2 && p.End > zone);

    RawGrid? Build(Line[] lines, int start, int end, int previousEnd, List<Column> columns)
    {
        // Columns that only a figure or two ever used are stray numbers, not columns: the rows define them.
        var rowsOfFigures = Enumerable.Range(start, end - start + 1).Select(k => lines[k]).Where(l => l.Kind == Kind.Row).ToList();
        int least = rowsOfFigures.Any(l => l.Figures.Count >= 2) ? 2 : 1; // a table of one column has rows of one figure
        if (rowsOfFigures.Count(l => l.Figures.Count >= least) < 3) return null;
        int zone = columns.Min(c => c.Left) - 1;
        columns = FinalColumns(rowsOfFigures);
        // Positions are the table only where every character is one column wide and the columns line up; else
        // (CJK text, figures one space apart, ragged columns) the lines are left to the whitespace layout.
        if (!Aligned(rowsOfFigures, columns)) return null;
        for (int k = Math.Max(0, start - MaxHeaderLines); k <= end; k++)
            if (lines[k].Kind is Kind.Row or Kind.Text && HasWideCharacters(lines[k].Text)) return null;
        int labelEnd = 0, labelStart = int.MaxValue;
        for (int k = start; k <= end; k++)
            if (lines[k].Kind is Kind.Row or Kind.Text)
            {
                labelEnd = Math.Max(labelEnd, LabelEnd(lines[k]));
                if (lines[k].Words.Count > 0 && lines[k].Words[0].Start < zone) labelStart = Math.Min(labelStart, lines[k].Words[0].Start);
            }

        // Upwards from the first row: section lines, then the header lines over the columns, with scale lines
        // among them; a title, prose, another table or text above the header ends the search.
        int bodyStart = start;
        var header = new List<Line>();
        var context = new List<Line>();
        int blanks = 0;
        for (int k = start - 1; k > previousEnd && k >= 0 && header.Count < MaxHeaderLines; k--)
        {
            var l = lines[k];
            if (l.Kind == Kind.Claimed || (l.Kind == Kind.Row && l.Figures.Count >= 2)) break;
            if (l.Kind == Kind.Blank) { if (++blanks > MaxBlankRun) break; continue; }
            blanks = 0;
            // Notes ("* Domestic segment detail for …") belong to the table above; a line of figures ("826,979
            // 9.9") is data run together, never a header.
            if (IsTitle(l.Text) || IsProse(l.Text) || l.Text.StartsWith('*') || l.Words.Any(w => IsData(w.Text))) break;
            if (IsCaption(l, zone, labelStart)) { context.Insert(0, l); continue; }
            // "(Unaudited)" above the column header qualifies the whole table: context, not a column's header.
            if (header.Count > 0 && IsContextLine(l.Text) && Phrases(l).Count == 1) { context.Insert(0, l); continue; }
            bool overColumns = Phrases(l).Any(p => HeadsColumns(p, columns, zone, labelEnd));
            if (overColumns) { header.Insert(0, l); continue; }
            if (IsContextLine(l.Text)) { context.Insert(0, l); continue; }
            if (header.Count == 0 && context.Count == 0 && l.Kind == Kind.Text) { bodyStart = k; continue; }
            break;
        }
        // Without a header over its columns the geometry proves nothing about the table (a header printed off its
        // columns, a continuation page): the whitespace layout reads such lines by their words instead.
        if (header.Count == 0) return null;
        // A scale line above the whole header stays above the grid (the builder's context); one among or under
        // the header lines goes into the first header row's label cell, with the header lines' own label text.
        int topHeader = header.Count > 0 ? header[0].Number : int.MaxValue;
        var labelText = new List<(int Line, string Text)>();
        foreach (var c in context) if (c.Number > topHeader) labelText.Add((c.Number, c.Text));
        foreach (var h in header)
        {
            var words = Phrases(h).Where(p => !HeadsColumns(p, columns, zone, labelEnd)).Select(p => p.Text).ToList();
            if (words.Count > 0) labelText.Add((h.Number, string.Join(' ', words)));
        }
        // One header row per header line, each phrase repeated into every column it spans; the table builder
        // stacks each column's cells top to bottom ("July 3," over "2004") and reads a column's own year last.
        var rows = new List<RawRow>();
        var heads = header.Select(h => Phrases(h).Where(p => HeadsColumns(p, columns, zone, labelEnd)).ToList()).ToList();
        for (int i = 0; i < header.Count; i++)
        {
            var cells = (i + 1 < header.Count && GroupCells(heads[i], heads[i + 1], columns) is { } grouped) ? grouped : HeaderCells(heads[i], columns);
            if (i == 0) cells[0] = string.Join(' ', labelText.OrderBy(t => t.Line).Select(t => t.Text));
            rows.Add(new RawRow(header[i].Number, cells));
        }

        string? pending = null;
        int pendingLine = 0, pendingAt = 0;
        bool pendingWrapped = false;
        void FlushSection()
        {
            if (pending is not null) rows.Add(new RawRow(pendingLine, [pending]));
            pending = null;
        }
        for (int k = bodyStart; k <= end; k++)
        {
            var l = lines[k];
            switch (l.Kind)
            {
                case Kind.Blank:
                    FlushSection();
                    break;
                case Kind.Text:
                    if (pending is not null && Continues(pending, l.Text)) { pending += " " + l.Text; pendingWrapped = true; break; }
                    // Lower case right under a row ends that row's label (its figures stood on its first line).
                    if (pending is null && k > bodyStart && lines[k - 1].Kind == Kind.Row && char.IsLower(l.Text[0]) && !LabelCleaner.StartsWithItemNumber(l.Text)
                        && rows.Count > 0 && rows[^1].Line == lines[k - 1].Number && rows[^1].Cells.Count > 1)
                    {
                        rows[^1] = rows[^1] with { Cells = [rows[^1].Cells[0] + " " + l.Text, .. rows[^1].Cells.Skip(1)] };
                        break;
                    }
                    FlushSection();
                    if (l.Text.EndsWith(':')) rows.Add(new RawRow(l.Number, [l.Text]));
                    else (pending, pendingLine, pendingAt, pendingWrapped) = (l.Text, l.Number, k, false);
                    break;
                case Kind.Row:
                    // A lone figure off every column is page furniture (a page number).
                    if (l.Figures.Count == 1 && l.Label.Length == 0 && Distance(l.Figures[0], columns[Nearest(l.Figures[0], columns)]) > Tolerance) break;
                    var target = Assign(l, columns);
                    var label = l.Label;
                    if (pending is not null)
                    {
                        // A label wrapped over a paragraph of its own, figures on its last line ("Accelerated
                        // Depreciation" / "resulting from CSC Purchased" / "Services transaction   39"): one line, not
                        // a section heading over one row. A one-line heading over one row ("Earnings per share" over
                        // "Basic and diluted") stays a heading.
                        bool paragraph = pendingWrapped && !pending.EndsWith(':') && (pendingAt == bodyStart || lines[pendingAt - 1].Kind == Kind.Blank)
                            && (k == end || lines[k + 1].Kind == Kind.Blank);
                        if (label.Length == 0 || paragraph || Continues(pending, label)) label = (pending + " " + label).Trim();
                        else rows.Add(new RawRow(pendingLine, [pending]));
                        pending = null;
                    }
                    var cells = new string[columns.Count + 1];
                    Array.Fill(cells, "");
                    cells[0] = label;
                    for (int i = 0; i < target.Length; i++)
                        cells[target[i] + 1] = cells[target[i] + 1].Length == 0 ? l.Figures[i].Cell : cells[target[i] + 1] + " " + l.Figures[i].Cell;
                    int n = cells.Length;
                    while (n > 1 && cells[n - 1].Length == 0) n--;
                    rows.Add(new RawRow(l.Number, cells[..n]));
                    break;
            }
        }
        FlushSection();
        return rows.Count(r => r.Cells.Count > 1) >= 2 ? new RawGrid(rows) : null;
    }

    /// <summary>
    /// The table's columns: as many as most rows have figures (PDF text aligns its columns only roughly, a few
    /// characters either way, so rows of the full width say where each column is better than any one edge).
    /// </summary>
    static List<Column> FinalColumns(List<Line> rows)
    {
        // The widest row count that enough rows print: a change column printed only on the lines a change is
        // given for ("Revenue 1.248,6 1.190,2 4,9 %", but "Cost of sales −811,6 −779,5") is a column even where
        // the narrower rows are the majority; one or two wide rows are stray numbers.
        int least = rows.Any(r => r.Figures.Count >= 2) ? 2 : 1;
        var counts = rows.Where(r => r.Figures.Count >= least).GroupBy(r => r.Figures.Count).ToList();
        int enough = Math.Max(3, (counts.Sum(g => g.Count()) + 3) / 4);
        int width = counts.Where(g => g.Count() >= enough).Select(g => g.Key).DefaultIfEmpty(0).Max() is > 0 and var wide ? wide
            : counts.OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        var columns = new List<Column>();
        foreach (var r in rows.Where(r => r.Figures.Count == width))
            for (int j = 0; j < width; j++)
            {
                var f = r.Figures[j];
                if (j == columns.Count) columns.Add(new Column(f.CellStart, f.Start, f.End));
                else if (!f.IsDash)
                {
                    columns[j].Left = Math.Min(columns[j].Left, f.CellStart);
                    columns[j].Start = Math.Min(columns[j].Start, f.Start);
                    columns[j].End = Math.Max(columns[j].End, f.End);
                }
            }
        return columns;
    }

    /// <summary>A figure with digit groups or decimals: data, where a header has only years and days.</summary>
    static bool IsData(string word) =>
        (word.Contains(',') || word.Contains('.')) && NumberToken.Parse(word).IsNumber;

    /// <summary>Rows of the full width put each column's right edge within a few characters (PDF text wanders that much).</summary>
    static bool Aligned(List<Line> rows, List<Column> columns)
    {
        const int Spread = 5;
        var full = rows.Where(r => r.Figures.Count == columns.Count).ToList();
        for (int j = 0; j < columns.Count; j++)
        {
            var ends = full.Where(r => !r.Figures[j].IsDash).Select(r => r.Figures[j].End).ToList();
            if (ends.Count > 0 && ends.Max() - ends.Min() > Spread) return false;
        }
        return true;
    }

    /// <summary>CJK and full-width characters print two columns wide, so character positions do not line up.</summary>
    static bool HasWideCharacters(string text)
    {
        foreach (var ch in text)
            if (ch is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
                or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6')
                return true;
        return false;
    }

    /// <summary>How far a figure stands from a column's numbers (0 inside them).</summary>
    static int Distance(Figure f, Column c) =>
        Math.Max(0, Math.Max(c.Start - f.End, f.Start - c.End));

    static int Nearest(Figure f, List<Column> columns)
    {
        int best = 0;
        for (int j = 1; j < columns.Count; j++)
        {
            int d = Distance(f, columns[j]), bd = Distance(f, columns[best]);
            if (d < bd || (d == bd && Math.Abs(f.End - columns[j].End) < Math.Abs(f.End - columns[best].End))) best = j;
        }
        return best;
    }

    /// <summary>Each figure of a row to its column: by position in a full row, else the nearest column, left to right.</summary>
    static int[] Assign(Line l, List<Column> columns)
    {
        var target = new int[l.Figures.Count];
        if (l.Figures.Count == columns.Count)
        {
            for (int i = 0; i < target.Length; i++) target[i] = i;
            return target;
        }
        int previous = -1;
        for (int i = 0; i < target.Length; i++)
        {
            int j = Nearest(l.Figures[i], columns);
            // Figures read left to right: two never share a column while columns remain to their right.
            if (j <= previous && l.Figures.Count - i <= columns.Count - previous - 1) j = previous + 1;
            target[i] = Math.Min(j, columns.Count - 1);
            previous = target[i];
        }
        return target;
    }

    /// <summary>The next line continues a label: it starts in lower case, with a digit or a sign, or the label ends open.</summary>
    static bool Continues(string label, string next)
    {
        if (next.Length == 0) return false;
        // A footnote ("* Domestic segment detail …") never continues a label.
        if (next[0] == '*') return false;
        // An item of a numbered list ("a) Cost of materials consumed" under "4 Expenses") starts a line of its own.
        if (!char.IsUpper(next[0])) return !LabelCleaner.StartsWithItemNumber(next);
        var last = label.TrimEnd();
        if (last.EndsWith(',') || last.EndsWith('-') || last.EndsWith('&') || last.EndsWith('/')) return true;
        int space = last.LastIndexOf(' ');
        return Connector().IsMatch(space < 0 ? last : last[(space + 1)..]);
    }

    /// <summary>
    /// A header line dealt onto the columns: phrases (words one space apart) one per column when there are as many
    /// as columns, else each phrase into every column its text stands over — a header printed once over several
    /// columns is repeated into each of them — or, standing over none, into the nearest one.
    /// </summary>
    static string[] HeaderCells(List<(string Text, int Start, int End)> phrases, List<Column> columns)
    {
        var cells = new string[columns.Count + 1];
        Array.Fill(cells, "");
        void Put(int j, string text) => cells[j + 1] = cells[j + 1].Length == 0 ? text : cells[j + 1] + " " + text;
        if (phrases.Count == columns.Count)
        {
            for (int j = 0; j < phrases.Count; j++) Put(j, phrases[j].Text);
            return cells;
        }
        foreach (var (text, s, e) in phrases)
        {
            // Over the column's whole cell, currency sign included: Workiva prints the sign where the header begins.
            var covered = Enumerable.Range(0, columns.Count).Where(j => Math.Min(e, columns[j].End) - Math.Max(s, columns[j].Left) > 1).ToList();
            if (covered.Count == 0)
            {
                int centre = (s + e) / 2;
                covered = [Enumerable.Range(0, columns.Count).MinBy(j => Math.Abs((columns[j].Start + columns[j].End) / 2 - centre))];
            }
            // Two dates run together over two columns ("June 30, December 31,"): one to each.
            var parts = covered.Count > 1 ? SplitDates(text, covered.Count) : null;
            for (int i = 0; i < covered.Count; i++) Put(covered[i], parts is null ? text : parts[i]);
        }
        return cells;
    }

    /// <summary>
    /// Phrases printed once over equal groups of year columns ("Fourth Quarter   Full Year" over "2025 2024 2025 2024"):
    /// each heads the whole of its group, in order, where its middle stands over its group — however far off its
    /// columns' edges the phrase is printed, since a phrase over two columns overlaps one of them by its position alone.
    /// </summary>
    static string[]? GroupCells(List<(string Text, int Start, int End)> phrases, List<(string Text, int Start, int End)> below, List<Column> columns)
    {
        if (phrases.Count < 2 || phrases.Count >= columns.Count || columns.Count % phrases.Count != 0) return null;
        if (below.Count != columns.Count || !below.All(p => YearCell().IsMatch(p.Text))) return null;
        int group = columns.Count / phrases.Count;
        var cells = new string[columns.Count + 1];
        Array.Fill(cells, "");
        for (int i = 0; i < phrases.Count; i++)
        {
            var (text, s, e) = phrases[i];
            int centre = (s + e) / 2;
            if (centre < columns[i * group].Left || centre > columns[(i + 1) * group - 1].End) return null;
            for (int j = i * group; j < (i + 1) * group; j++) cells[j + 1] = text;
        }
        return cells;
    }

    [GeneratedRegex(@"^(?:FY\s?)?'?(?:19|20)\d{2}$", RegexOptions.IgnoreCase)]
    private static partial Regex YearCell();

    [GeneratedRegex(@"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();

    /// <summary>A phrase holding exactly <paramref name="count"/> month-day dates, cut before each of them.</summary>
    static string[]? SplitDates(string text, int count)
    {
        var matches = MonthDay().Matches(text);
        if (matches.Count != count || matches[0].Index != 0) return null;
        var parts = new string[count];
        for (int i = 0; i < count; i++)
        {
            int from = matches[i].Index, to = i + 1 < count ? matches[i + 1].Index : text.Length;
            parts[i] = text[from..to].Trim();
        }
        return parts;
    }
}
