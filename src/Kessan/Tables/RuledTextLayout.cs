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

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc)
    {
        foreach (var (rule, first, last) in Find(doc))
        {
            var spans = Runs(doc.Lines[rule]);
            var rows = new List<RawRow>();
            // Header: the lines from `first` to just above the rule, cut at the column extents and stacked.
            if (first < rule)
            {
                var header = new List<string>[spans.Count];
                for (int j = 0; j < spans.Count; j++) header[j] = [];
                for (int i = first; i < rule; i++)
                    foreach (var (text, s, e) in Words(doc.Lines[i], joinSpaced: true))
                        header[Nearest(spans, s, e)].Add(text);
                rows.Add(new RawRow(first + 1, ["", .. header.Select(h => string.Join(' ', h))]));
            }
            for (int i = rule + 1; i <= last; i++)
            {
                var line = doc.Lines[i];
                if (line.Trim().Length == 0 || IsRule(line)) continue;
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
                rows.Add(new RawRow(i + 1, cells[..n]));
            }
            if (rows.Count > 1) yield return new RawGrid(rows);
        }
    }

    /// <summary>The 1-based line ranges ruled tables occupy (header through last row).</summary>
    public static List<(int First, int Last)> Regions(SourceDocument doc) =>
        Find(doc).Select(t => (t.First + 1, t.Last + 1)).ToList();

    /// <summary>Each table: its column rule line, its first header line and its last body line (0-based).</summary>
    static List<(int Rule, int First, int Last)> Find(SourceDocument doc)
    {
        var tables = new List<(int, int, int)>();
        var lines = doc.Lines;
        int i = 0;
        while (i < lines.Count)
        {
            if (!IsRule(lines[i]) || lines[i].Length - lines[i].TrimStart().Length == 0 && Runs(lines[i]).Count < 2) { i++; continue; }
            var spans = Runs(lines[i]);
            // A column rule has figures under it.
            int last = -1, blanks = 0;
            for (int k = i + 1; k < lines.Count; k++)
            {
                var t = lines[k].Trim();
                if (t.Length == 0) { if (++blanks >= 2) break; continue; }
                blanks = 0;
                if (lines[k].Contains('\t') || PipeTableLayout.IsPipeRow(lines[k]) || t.Length > ProseLength && !HasFigureIn(lines[k], spans)) break;
                if (IsRule(lines[k])) continue;
                if (HasFigureIn(lines[k], spans)) last = k;
                else if (lines[k].Length > spans[0].Start) break; // text reaching into the columns: prose, not a label
            }
            if (last < 0) { i++; continue; }
            int first = i;
            for (int k = i - 1; k >= 0 && i - k <= MaxHeaderLines; k--)
            {
                var t = lines[k].Trim();
                if (t.Length == 0 || IsRule(lines[k]) || t.Length > ProseLength) break;
                if (lines[k].Length - lines[k].TrimStart().Length < spans[0].Start - 4 && k < i - 1) break;
                first = k;
            }
            tables.Add((i, first, last));
            i = last + 1;
        }
        return tables;
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
