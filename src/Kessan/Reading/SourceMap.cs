namespace Kessan.Reading;

/// <summary>
/// Where each line of a rendering stands in the file it was rendered from: for every rendered line the file line its
/// text starts on, and for a rendered table row the file line of each cell's figure. Immutable, built once by the
/// renderer and carried with the rendered text (<see cref="SourceDocument.Origin"/>).
/// </summary>
/// <remarks>
/// The stages read the rendering (a table row is one line there, its cells tab-separated), so their coordinates are
/// the rendering's; a person opens the file. Provenance (a fact's or a finding's line) is given in file lines through
/// this map, never the rendering's own numbering. A document read as text is its own rendering: <see cref="Identity"/>.
/// </remarks>
public sealed class SourceMap
{
    readonly int[]? _lines;    // index: rendered line − 1 → file line (0: unknown)
    readonly int[]?[]? _cells; // index: rendered line − 1 → per 0-based cell, file line (0: unknown); null for a block line

    SourceMap(int[]? lines, int[]?[]? cells) => (_lines, _cells) = (lines, cells);

    /// <summary>The map of a document whose rendered lines are its file lines.</summary>
    public static SourceMap Identity { get; } = new(null, null);

    public bool IsIdentity => _lines is null;

    /// <summary>
    /// The file line of <paramref name="renderedLine"/> (1-based), and of its 1-based <paramref name="cell"/> when the
    /// renderer placed that cell; the rendered line itself where the map knows nothing of it (identity).
    /// </summary>
    public int Line(int renderedLine, int cell = 0)
    {
        if (_lines is null || renderedLine < 1 || renderedLine > _lines.Length) return renderedLine;
        if (cell >= 1 && _cells![renderedLine - 1] is { } cells && cell <= cells.Length && cells[cell - 1] > 0) return cells[cell - 1];
        return _lines[renderedLine - 1] > 0 ? _lines[renderedLine - 1] : renderedLine;
    }

    /// <summary>Every file line rendered line <paramref name="renderedLine"/> was read from: its own and its cells'.</summary>
    internal IReadOnlySet<int> LinesOf(int renderedLine)
    {
        var lines = new HashSet<int> { Line(renderedLine) };
        if (_cells is not null && renderedLine >= 1 && renderedLine <= _cells.Length && _cells[renderedLine - 1] is { } cells)
            foreach (var c in cells) if (c > 0) lines.Add(c);
        return lines;
    }

    /// <summary>
    /// This map read as the map of a part of a larger file: file lines are shifted by <paramref name="firstLine"/> − 1
    /// (an HTML exhibit starting on line <paramref name="firstLine"/> of an EDGAR submission).
    /// </summary>
    internal SourceMap Offset(int firstLine, int renderedCount)
    {
        int shift = firstLine - 1;
        var lines = new int[renderedCount];
        var cells = new int[]?[renderedCount];
        for (int i = 0; i < renderedCount; i++)
        {
            lines[i] = _lines is null ? i + 1 + shift : _lines[i] > 0 ? _lines[i] + shift : 0;
            if (_cells?[i] is { } c) cells[i] = [.. c.Select(x => x > 0 ? x + shift : 0)];
        }
        return new SourceMap(lines, cells);
    }

    /// <summary>Maps laid end to end, as their renderings are (each <c>Count</c> rendered lines long).</summary>
    internal static SourceMap Concat(IReadOnlyList<(SourceMap Map, int Count)> parts)
    {
        int total = parts.Sum(p => p.Count);
        var lines = new int[total];
        var cells = new int[]?[total];
        int at = 0;
        foreach (var (map, count) in parts)
        {
            for (int i = 0; i < count; i++)
            {
                lines[at + i] = map._lines is null ? 0 : map._lines[i];
                cells[at + i] = map._cells?[i];
            }
            at += count;
        }
        return new SourceMap(lines, cells);
    }

    /// <summary>Collects the map line by line as a renderer emits its lines.</summary>
    internal sealed class Builder
    {
        readonly List<int> _lines = [];
        readonly List<int[]?> _cells = [];

        public int Count => _lines.Count;

        public void Add(int fileLine, int[]? cellLines = null)
        {
            _lines.Add(fileLine);
            _cells.Add(cellLines);
        }

        public SourceMap Build() => new([.. _lines], [.. _cells]);
    }
}
