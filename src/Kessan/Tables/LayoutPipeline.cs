using Kessan.Reading;
using Kessan.Taxonomy;

namespace Kessan.Tables;

/// <summary>A way releases lay tables out in text; each finds its grids and leaves their meaning to <see cref="TableBuilder"/>.</summary>
/// <remarks>
/// A layout reads only lines no earlier layout of the pipeline claimed (<paramref name="claims"/>): that is how a
/// document mixing a pipe table, a ruled table and loose whitespace columns is read once, each table by the one
/// parser that understands its syntax, and no layout has to know another's.
/// </remarks>
public interface ITableLayout
{
    IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims);
}

public static class TableLayoutExtensions
{
    /// <summary>A layout on its own, as if it were the first of the pipeline (tests, tools).</summary>
    public static IEnumerable<RawGrid> FindGrids(this ITableLayout layout, SourceDocument doc) =>
        layout.FindGrids(doc, new LineClaims(doc.Lines.Count));
}

/// <summary>Which lines of a document a table has already claimed (1-based line numbers, as everywhere in provenance).</summary>
public sealed class LineClaims(int lineCount)
{
    readonly bool[] _claimed = new bool[lineCount + 2];

    public int LineCount => lineCount;

    public bool IsClaimed(int line) => line >= 1 && line <= lineCount && _claimed[line];

    public void Claim(int first, int last)
    {
        for (int n = Math.Max(1, first); n <= Math.Min(lineCount, last); n++) _claimed[n] = true;
    }

    /// <summary>Lines of the text a table claimed: the prose reader reads the rest.</summary>
    public IReadOnlySet<int> Claimed()
    {
        var set = new HashSet<int>();
        for (int n = 1; n <= lineCount; n++) if (_claimed[n]) set.Add(n);
        return set;
    }
}

/// <summary>
/// The layouts, in the order they read a document: the most explicit syntax first (tabs, pipes, delimiters, box
/// drawing, rules), loose whitespace columns last, so the whitespace layout only reads what no table claimed.
/// Modelled on Markdig's <c>MarkdownPipelineBuilder</c>: one place registers every parser, and a new layout is one
/// line here plus its own class.
/// </summary>
public sealed class LayoutPipeline
{
    public IReadOnlyList<ITableLayout> Layouts { get; }

    internal LayoutPipeline(IReadOnlyList<ITableLayout> layouts) => Layouts = layouts;

    /// <summary>Every layout Kessan knows, in reading order.</summary>
    public static LayoutPipeline Default(Vocabulary vocabulary) => new LayoutPipelineBuilder()
        // Tables whose rows are periods (TDnet summaries) first: their lines must not be read again as tabbed rows.
        .Use(new TransposedTableLayout(vocabulary))
        .Use(new TabSeparatedLayout())
        .Use(new PipeTableLayout())
        .Use(new BoxDrawingLayout())
        .Use(new DelimitedLayout())
        .Use(new RuledTextLayout())
        .Use(new FixedWidthLayout(vocabulary))
        .Use(new WhitespaceTableLayout(vocabulary))
        .Build();

    /// <summary>The grids of a document, and the lines their tables claimed, each layout after the ones before it.</summary>
    public (List<RawGrid> Grids, LineClaims Claims) FindGrids(SourceDocument doc)
    {
        var claims = new LineClaims(doc.Lines.Count);
        var grids = new List<RawGrid>();
        foreach (var layout in Layouts)
        {
            // Claimed after the layout has finished, so a layout sees its own tables' lines as free while it reads.
            var found = new List<RawGrid>();
            // A layout that reads through lines an earlier one claimed is cut there: one printed figure, one meaning.
            foreach (var grid in layout.FindGrids(doc, claims))
            {
                DocumentBudget.Tick("finding tables");
                if (!grid.Rows.Any(r => claims.IsClaimed(r.Line))) { found.Add(grid); continue; }
                var run = new List<RawRow>();
                foreach (var row in grid.Rows)
                {
                    if (!claims.IsClaimed(row.Line)) { run.Add(row); continue; }
                    if (run.Count > 0) found.Add(grid with { Rows = run });
                    run = [];
                }
                if (run.Count > 0) found.Add(grid with { Rows = run });
            }
            foreach (var grid in found)
            {
                claims.Claim(grid.Rows.Min(r => r.Line), grid.Rows.Max(r => r.Line));
                // A re-oriented grid also consumed its heading, unit row and figures' own lines.
                foreach (var line in grid.AllLines) claims.Claim(line, line);
            }
            grids.AddRange(found);
            DocumentBudget.Check("finding tables");
        }
        // Stable: two grids starting on one line keep the pipeline's order.
        return (grids.OrderBy(g => g.FirstLine).ToList(), claims);
    }
}

/// <summary>Registers layouts in reading order (see <see cref="LayoutPipeline"/>).</summary>
public sealed class LayoutPipelineBuilder
{
    readonly List<ITableLayout> _layouts = [];

    public LayoutPipelineBuilder Use(ITableLayout layout) { _layouts.Add(layout); return this; }

    /// <summary>A layout read before the first registered layout of type <typeparamref name="T"/>.</summary>
    public LayoutPipelineBuilder InsertBefore<T>(ITableLayout layout) where T : ITableLayout
    {
        int at = _layouts.FindIndex(l => l is T);
        _layouts.Insert(at < 0 ? _layouts.Count : at, layout);
        return this;
    }

    public LayoutPipeline Build() => new([.. _layouts]);
}
