using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// Tables drawn with box-drawing characters, as terminals, database consoles and some converters print them:
/// <c>┌──────┬──────┐</c> rules, <c>│ Net sales │ 1,234 │</c> rows. Rules are dropped; the vertical bars are the
/// cell boundaries, so the columns are exact.
/// </summary>
public sealed class BoxDrawingLayout : ITableLayout
{
    static bool IsBar(char ch) => ch is '│' or '┃' or '║' or '┆' or '┊';

    static bool IsRuleChar(char ch) => ch is >= '\u2500' and <= '\u257F' || ch == ' ';

    /// <summary>A line of box drawing only: a rule (top, separator, bottom).</summary>
    public static bool IsRule(string line)
    {
        var t = line.Trim();
        return t.Length >= 3 && t.All(IsRuleChar) && t.Any(ch => ch is '─' or '━' or '═') ;
    }

    /// <summary>A row: text between vertical bars, at least two cells.</summary>
    public static bool IsRow(string line)
    {
        var t = line.Trim();
        return t.Length > 2 && IsBar(t[0]) && t[1..].Any(IsBar);
    }

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        var rows = new List<RawRow>();
        for (int i = 0; i <= doc.Lines.Count; i++)
        {
            DocumentBudget.Tick("finding tables");
            var line = i < doc.Lines.Count && !claims.IsClaimed(i + 1) ? doc.Lines[i] : "";
            if (IsRule(line)) continue;
            if (IsRow(line)) { rows.Add(new RawRow(i + 1, Split(line))); continue; }
            if (rows.Count >= 2) yield return new RawGrid(rows);
            rows = [];
        }
    }

    static string[] Split(string line)
    {
        var t = line.Trim();
        var cells = new List<string>();
        int start = 1;
        for (int i = 1; i < t.Length; i++)
            if (IsBar(t[i])) { cells.Add(t[start..i].Trim()); start = i + 1; }
        if (start < t.Length && t[start..].Trim().Length > 0) cells.Add(t[start..].Trim());
        int n = cells.Count;
        while (n > 1 && cells[n - 1].Length == 0) n--;
        return [.. cells.Take(n)];
    }
}
