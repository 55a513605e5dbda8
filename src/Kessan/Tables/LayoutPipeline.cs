using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// Runs the table layouts in the order they are registered. Each layout claims the lines of the grids it finds
/// (their rows, the cells a re-oriented grid reads, and the headings and notes it consumed); a later layout does not
/// read a claimed line again, so two layouts never give one printed figure two meanings. A later layout's grid that
/// runs through claimed lines is cut there.
/// </summary>
public static class LayoutPipeline
{
    public static List<RawGrid> FindGrids(SourceDocument doc, IEnumerable<ITableLayout> layouts)
    {
        var claimed = new HashSet<int>();
        var grids = new List<RawGrid>();
        foreach (var layout in layouts)
        {
            var found = new List<RawGrid>();
            foreach (var grid in layout.FindGrids(doc))
            {
                if (!grid.Rows.Any(r => claimed.Contains(r.Line))) { found.Add(grid); continue; }
                var run = new List<RawRow>();
                foreach (var row in grid.Rows)
                {
                    if (!claimed.Contains(row.Line)) { run.Add(row); continue; }
                    if (run.Count > 0) found.Add(grid with { Rows = run });
                    run = [];
                }
                if (run.Count > 0) found.Add(grid with { Rows = run });
            }
            // A layout's own grids do not claim against each other: only what earlier layouts read is taken.
            foreach (var g in found) claimed.UnionWith(g.AllLines);
            grids.AddRange(found);
        }
        return grids;
    }
}
