using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// Ruled plain-text tables as EDGAR text filings print them: right-aligned figure columns underlined by
/// <c>----------</c> rules, <c>$</c> signs before the first and total rows, negatives in parentheses, and a
/// column header stacked over several lines (<c>June 30,</c> over <c>2005</c>).
/// </summary>
/// <remarks>
/// Here, and only here, character positions are trustworthy: the first rule line under the header gives each
/// column's extent, a figure belongs to the column its text overlaps most (right alignment lets a closing
/// parenthesis stick out), and each header line is cut at the same extents and stacked into one header row,
/// so <c>June 30,</c> + <c>2005</c> reads as one date. Rule lines inside the body are skipped. The whitespace
/// layout leaves the lines of these tables alone (<see cref="Regions"/>).
/// </remarks>
public sealed class RuledTextLayout : ITableLayout
{
    const int MaxHeaderLines = 5;
    const int ProseLength = 100;

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        foreach (var (rule, first, last) in Find(doc, claims))
        {
            DocumentBudget.Tick("finding tables");
            var spans = Runs(doc.Lines[rule]);
            var rows = new List<RawRow>();
            // Header: the lines from `first` to just above the column rule, cut at the column extents and stacked.
            // Words above a group rule (one run over several columns: "June 30," over "2005  2004") head every
            // column under that run.
            if (first < rule)
            {
                var header = new List<string>[spans.Count];
                for (int j = 0; j < spans.Count; j++) header[j] = [];
                for (int i = first; i < rule; i++)
                {
                    var line = doc.Lines[i];
                    if (IsRule(line) || EdgarMarkup.IsTagLine(line)) continue;
                    List<(int Start, int End)>? group = null;
                    for (int r = i + 1; r < rule; r++)
                        if (IsRule(doc.Lines[r])) { group = Runs(doc.Lines[r]); break; }
                    foreach (var (text, s, e) in Words(line, joinSpaced: true))
                    {
                        var covered = group is null ? [] : Covered(spans, group, s, e);
                        if (covered.Count == 0) covered = [Nearest(spans, s, e)];
                        foreach (var j in covered) header[j].Add(text);
                    }
                }
                rows.Add(new RawRow(first + 1, ["", .. header.Select(h => string.Join(' ', h))]));
            }
            for (int i = rule + 1; i <= last; i++)
            {
                var line = doc.Lines[i];
                if (line.Trim().Length == 0 || IsRule(line) || EdgarMarkup.IsTagLine(line)) continue;
                var cells = new string[spans.Count + 1];
                Array.Fill(cells, "");
                var label = new List<string>();
                foreach (var (text, s, e) in Words(line, joinSpaced: false))
                {
                    if (e <= spans[0].Start || !IsFigure(text)) { label.Add(text); continue; }
                    int j = Nearest(spans, s, e) + 1;
                    cells[j] = cells[j].Length == 0 ? text : cells[j] + " " + text;
                }
                cells[0] = string.Join(' ', label).Trim();
                int n = cells.Length;
                while (n > 1 && cells[n - 1].Length == 0) n--;
                // A label wrapped onto the line of its figures ("Total liabilities and stockholders'" / "equity ...").
                if (n > 1 && cells[0].Length > 0 && char.IsLower(cells[0][0]) && rows.Count > 0 && rows[^1].Cells.Count == 1
                    && rows[^1].Line == PreviousTextLine(doc, i))
                {
                    cells[0] = rows[^1].Cells[0] + " " + cells[0];
                    rows.RemoveAt(rows.Count - 1);
                }
                rows.Add(new RawRow(i + 1, cells[..n]));
            }
            if (rows.Count > 1) yield return new RawGrid(rows);
        }
    }

    /// <summary>The 1-based number of the nearest non-blank line above 0-based line <paramref name="i"/>.</summary>
    static int PreviousTextLine(SourceDocument doc, int i)
    {
        for (int k = i - 1; k >= 0; k--) if (doc.Lines[k].Trim().Length > 0) return k + 1;
        return 0;
    }

    /// <summary>The columns under the group run that the text at [start, end) overlaps.</summary>
    static List<int> Covered(List<(int Start, int End)> spans, List<(int Start, int End)> group, int start, int end)
    {
        foreach (var g in group)
        {
            if (Math.Min(end, g.End) - Math.Max(start, g.Start) <= 0) continue;
            return Enumerable.Range(0, spans.Count).Where(j => Math.Min(spans[j].End, g.End) - Math.Max(spans[j].Start, g.Start) > 0).ToList();
        }
        return [];
    }

    static bool IsBlankLike(string line) => line.Trim().Length == 0 || EdgarMarkup.IsTagLine(line);

    /// <summary>Each table: its column rule line, its first header line and its last body line (0-based).</summary>
    static List<(int Rule, int First, int Last)> Find(SourceDocument doc, LineClaims claims)
    {
        var tables = new List<(int, int, int)>();
        var lines = doc.Lines;
        int i = 0;
        while (i < lines.Count)
        {
            DocumentBudget.Tick("finding tables");
            if (claims.IsClaimed(i + 1) || !IsRule(lines[i]) || lines[i].Length - lines[i].TrimStart().Length == 0 && Runs(lines[i]).Count < 2) { i++; continue; }
            // A group rule (one run over several columns) may stand above the column rule: take the rule with the
            // most runs before the first figure row.
            int rule = i;
            for (int j = i + 1; j < lines.Count && j <= i + 4; j++)
            {
                if (IsBlankLike(lines[j])) continue;
                if (IsRule(lines[j])) { if (Runs(lines[j]).Count > Runs(lines[rule]).Count) rule = j; continue; }
                if (!IsYearsLine(lines[j])) break;
            }
            var spans = Runs(lines[rule]);
            // A rule right under a row of figures underlines a subtotal inside a table whose header carries no rule
            // (an HKEX or IFRS statement: "Notes  RMB'000" over the figures, a rule before each subtotal): it
            // heads no columns, and taking it for the column rule would cut the statement from its header.
            if (AboveIsFigureRow(lines, i, spans, claims)) { i = rule + 1; continue; }
            int last = -1, blanks = 0;
            for (int k = rule + 1; k < lines.Count; k++)
            {
                var t = lines[k].Trim();
                if (claims.IsClaimed(k + 1)) break;
                if (IsBlankLike(lines[k])) { if (t.Length == 0 && ++blanks >= 2) break; continue; }
                blanks = 0;
                if (lines[k].Contains('\t') || PipeTableLayout.IsPipeRow(lines[k]) || t.Length > ProseLength && !HasFigureIn(lines[k], spans)) break;
                if (IsRule(lines[k])) continue;
                if (HasFigureIn(lines[k], spans)) last = k;
                else if (lines[k].TrimEnd().Length > spans[0].Start && IsProse(t)) break; // prose reaching into the columns
            }
            if (last < 0) { i = rule + 1; continue; }
            int first = i, headerLines = 0;
            for (int k = i - 1; k >= 0 && headerLines < MaxHeaderLines; k--)
            {
                var t = lines[k].Trim();
                if (claims.IsClaimed(k + 1) || IsBlankLike(lines[k]) || t.Length > ProseLength) break;
                if (IsRule(lines[k])) { first = k; continue; }
                if (HasFigureIn(lines[k], spans) && !IsYearsLine(lines[k])) break; // a row of the table above, not a header
                if (lines[k].Length - lines[k].TrimStart().Length < spans[0].Start - 4 && k < i - 1) break;
                first = k;
                headerLines++;
            }
            tables.Add((rule, first, last));
            i = last + 1;
        }
        return tables;
    }

    /// <summary>Whether the nearest text line above 0-based line <paramref name="firstRule"/> is a figure row of a table
    /// (not a header of years).</summary>
    static bool AboveIsFigureRow(IReadOnlyList<string> lines, int firstRule, List<(int Start, int End)> spans, LineClaims claims)
    {
        for (int k = firstRule - 1; k >= 0; k--)
        {
            if (IsBlankLike(lines[k])) continue;
            return !claims.IsClaimed(k + 1) && !IsRule(lines[k]) && HasFigureIn(lines[k], spans) && !IsYearsLine(lines[k]);
        }
        return false;
    }

    /// <summary>A sentence, not a centred section line ("LIABILITIES AND STOCKHOLDERS' EQUITY").</summary>
    static bool IsProse(string text) => text.EndsWith('.') || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 6;

    /// <summary>A header line of years only ("2005   2004"), which sits between a group rule and the column rule.</summary>
    static bool IsYearsLine(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words.All(w => w.Length == 4 && int.TryParse(w, out var y) && y is > 1950 and < 2150);
    }

    static bool HasFigureIn(string line, List<(int Start, int End)> spans) =>
        Words(line, joinSpaced: false).Any(w => w.End > spans[0].Start && IsFigure(w.Text));

    static bool IsFigure(string text)
    {
        if (text is "-" or "--" or "—" or "–") return true;
        return NumberToken.Parse(text).Kind is CellKind.Number or CellKind.NotAvailable;
    }

    public static bool IsRule(string line)
    {
        var t = line.AsSpan().Trim();
        if (t.Length < 3) return false;
        int dashes = 0;
        foreach (var ch in t)
        {
            if (ch is '-' or '=' or '_') dashes++;
            else if (ch != ' ') return false;
        }
        return dashes >= 3;
    }

    static List<(int Start, int End)> Runs(string line)
    {
        var runs = new List<(int, int)>();
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] is '-' or '=' or '_')
            {
                int s = i;
                while (i < line.Length && line[i] is '-' or '=' or '_') i++;
                if (i - s >= 3) runs.Add((s, i));
            }
            else i++;
        }
        return runs;
    }

    /// <summary>
    /// Words with their character extents. A lone <c>$</c> joins the figure after it and a lone <c>)</c> or <c>%</c>
    /// the one before; with <paramref name="joinSpaced"/>, words one space apart stay one phrase (header text).
    /// </summary>
    static List<(string Text, int Start, int End)> Words(string line, bool joinSpaced)
    {
        var words = new List<(string Text, int Start, int End)>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ') i++;
            int s = i;
            while (i < line.Length && line[i] != ' ') i++;
            if (i > s) words.Add((line[s..i], s, i));
        }
        for (int k = words.Count - 2; k >= 0; k--)
            if (words[k].Text is "$" or "US$" or "¥")
            { words[k] = (words[k].Text + words[k + 1].Text, words[k].Start, words[k + 1].End); words.RemoveAt(k + 1); }
        for (int k = words.Count - 1; k >= 1; k--)
            if (words[k].Text is ")" or "%")
            { words[k - 1] = (words[k - 1].Text + words[k].Text, words[k - 1].Start, words[k].End); words.RemoveAt(k); }
        if (joinSpaced)
            for (int k = words.Count - 1; k >= 1; k--)
                if (words[k].Start - words[k - 1].End <= 1)
                { words[k - 1] = (words[k - 1].Text + " " + words[k].Text, words[k - 1].Start, words[k].End); words.RemoveAt(k); }
        return words;
    }

    /// <summary>The column a text at [start, end) belongs to: the most overlap, else the nearest extent.</summary>
    static int Nearest(List<(int Start, int End)> spans, int start, int end)
    {
        int best = 0, bestScore = int.MinValue;
        for (int j = 0; j < spans.Count; j++)
        {
            int overlap = Math.Min(end, spans[j].End + 1) - Math.Max(start, spans[j].Start);
            int score = overlap > 0 ? overlap * 1000 : -Math.Min(Math.Abs(start - spans[j].End), Math.Abs(end - spans[j].Start));
            if (score > bestScore) (best, bestScore) = (j, score);
        }
        return best;
    }
}
