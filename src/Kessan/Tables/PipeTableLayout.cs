using System.Text.RegularExpressions;
using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// Markdown pipe tables (<c>| label | 1,234 | … |</c>), the shape OCR and PDF-to-markdown converters print.
/// Such tables come damaged, so this layout repairs what is mechanical and keeps the rest for the proof stage:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>separator rows (<c>|---|--|</c>, markdown alignment rows <c>|:---|---:|</c>, ASCII rules <c>+----+</c>) are dropped; markup (<c>&lt;u&gt;</c>, <c>&lt;i&gt;</c>) and LaTeX residue
/// (<c>$\mathbf{USD}$</c>) are stripped; a cell of punctuation only (<c>.,</c>, <c>-,,/</c>, <c>()</c>) is blank;</item>
/// <item>spacer columns, blank in every row, are removed;</item>
/// <item>digit groups separated by spaces (<c>17 660 992</c>) are one number;</item>
/// <item>a header-like row (text beside the label, no figures) after figure rows starts a new table.</item>
/// </list>
/// Damaged figures (<c>7.064</c> for <c>7,064</c>) and merged cells (<c>17,660,882 6,028,260</c>) are kept as printed:
/// where their figures belong is for the identities to prove (and flag), not for the reader to guess silently.
/// </remarks>
public sealed partial class PipeTableLayout : ITableLayout
{
    [GeneratedRegex(@"^\|?[\s:\-|]*$")]
    private static partial Regex SeparatorRow();

    [GeneratedRegex(@"^\s*\+[-=+:\s]*-[-=+:\s]*\+\s*$")]
    private static partial Regex AsciiRule();

    [GeneratedRegex(@"</?[A-Za-z][^>]{0,20}>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\\[A-Za-z]+|[{}$]")]
    private static partial Regex Latex();

    [GeneratedRegex(@"^\d{1,3}(?: \d{3})+(?:\.\d+)?$")]
    private static partial Regex SpaceGrouped();

    public static bool IsPipeRow(string line)
    {
        var t = line.AsSpan().TrimStart();
        return t.Length > 1 && t[0] == '|' && t[1..].Contains('|');
    }

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        var block = new List<RawRow>();
        for (int i = 0; i <= doc.Lines.Count; i++)
        {
            DocumentBudget.Tick("finding tables");
            var line = i < doc.Lines.Count ? doc.Lines[i] : "";
            if (IsPipeRow(line) && !claims.IsClaimed(i + 1))
            {
                if (!SeparatorRow().IsMatch(line)) block.Add(new RawRow(i + 1, Split(line)));
                continue;
            }
            // ASCII-art rules inside the table (`+------+------+`, as psql and many converters draw them) separate
            // row groups; they do not end it.
            if (block.Count > 0 && AsciiRule().IsMatch(line)) continue;
            if (block.Count == 0) continue;
            foreach (var grid in Shape(block)) yield return grid;
            block = [];
        }
    }

    static string[] Split(string line)
    {
        var t = line.Trim();
        if (t.StartsWith('|')) t = t[1..];
        if (t.EndsWith('|')) t = t[..^1];
        var parts = t.Split('|');
        for (int j = 0; j < parts.Length; j++) parts[j] = CleanCell(parts[j], label: j == 0);
        return parts;
    }

    static string CleanCell(string cell, bool label)
    {
        var s = cell.Trim();
        if (s.Length == 0) return s;
        if (s.Contains('<')) s = Markup().Replace(s, " ");
        if (s.Contains('\\') || s.Contains('$')) s = Latex().Replace(s, " ").Replace("\\", " ");
        s = string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (label) return s;
        if (!s.Any(char.IsLetterOrDigit)) return s is "-" or "—" or "–" ? s : "";
        if (SpaceGrouped().IsMatch(s)) s = s.Replace(' ', ',');
        return s;
    }

    static IEnumerable<RawGrid> Shape(List<RawRow> block)
    {
        int width = block.Max(r => r.Cells.Count);
        var cells = block.Select(r => Enumerable.Range(0, width).Select(j => j < r.Cells.Count ? r.Cells[j] : "").ToArray()).ToList();

        var keep = Enumerable.Range(0, width).Where(j => j == 0 || cells.Any(r => r[j].Length > 0)).ToArray();
        var rows = new List<RawRow>();
        bool seenFigures = false;
        for (int i = 0; i < cells.Count; i++)
        {
            var kept = keep.Select(j => cells[i][j]).ToArray();
            int n = kept.Length;
            while (n > 1 && kept[n - 1].Length == 0) n--;
            var row = new RawRow(block[i].Line, kept[..n]);
            bool figures = kept.Skip(1).Any(c => NumberToken.Parse(c).Kind is CellKind.Number or CellKind.NotAvailable);
            bool headerLike = !figures && kept.Skip(1).Any(c => c.Length > 0);
            if (headerLike && seenFigures && rows.Count > 0)
            {
                yield return new RawGrid(rows);
                rows = [];
                seenFigures = false;
            }
            if (figures) seenFigures = true;
            rows.Add(row);
        }
        if (rows.Count > 0) yield return new RawGrid(rows);
    }
}
