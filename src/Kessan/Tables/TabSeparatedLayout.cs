using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>Tables whose cells are separated by tabs (text extracted from PDF with tab stops): consecutive tabbed lines.</summary>
public sealed class TabSeparatedLayout : ITableLayout
{
    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        var rows = new List<RawRow>();
        for (int i = 0; i < doc.Lines.Count; i++)
        {
            DocumentBudget.Tick("finding tables");
            var line = doc.Lines[i];
            if (line.Contains('\t') && !claims.IsClaimed(i + 1))
            {
                rows.Add(new RawRow(i + 1, SplitCells(line)));
                continue;
            }
            if (rows.Count > 0) { yield return new RawGrid(rows); rows = []; }
        }
        if (rows.Count > 0) yield return new RawGrid(rows);
    }

    static string[] SplitCells(string line)
    {
        var cells = line.Split('\t');
        int n = cells.Length;
        while (n > 1 && string.IsNullOrWhiteSpace(cells[n - 1])) n--;
        var trimmed = new string[n];
        for (int i = 0; i < n; i++) trimmed[i] = cells[i].Trim();
        return trimmed;
    }
}
