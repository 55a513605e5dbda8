namespace Kessan.Reading;

/// <summary>A release as read: its name, the hash of its exact bytes, and its text as numbered lines.</summary>
/// <remarks>
/// <see cref="Lines"/> is 0-based in memory; every provenance the product reports is 1-based. For text
/// <c>Lines[i]</c> is line <c>i + 1</c> of the file; for a rendered document (HTML) it is line <c>i + 1</c> of the
/// rendering, and <see cref="Origin"/> says which file line that is.
/// </remarks>
public sealed record SourceDocument(string Name, string Path, string Sha256, IReadOnlyList<string> Lines)
{
    /// <summary>What reading had to judge (an encoding inferred from byte evidence, nesting flattened): said, never silent.</summary>
    public IReadOnlyList<Tables.ReadingNote> ReadingNotes { get; init; } = [];

    public string LineText(int lineNumber) => Lines[lineNumber - 1];

    /// <summary>
    /// Where each of <see cref="Lines"/> stands in the file: identity for text, the HTML source positions for a
    /// rendered page. Stages work in the numbering of <see cref="Lines"/>; provenance is given through this map.
    /// </summary>
    public SourceMap Origin { get; init; } = SourceMap.Identity;

    /// <summary>The file line a person opens for 1-based rendered line <paramref name="line"/> and its 1-based <paramref name="cell"/> (0: the line as a whole).</summary>
    public int FileLine(int line, int cell = 0) => Origin.Line(line, cell);

    /// <summary>The file line of a figure at <paramref name="at"/> in the rendering: the one place a cell's provenance is decided.</summary>
    public int FileLine(Tables.CellSource at) => Origin.Line(at.Line, at.Column);

    /// <summary>The file lines rendered line <paramref name="line"/> was read from (a table row printed one cell per file line spans several).</summary>
    internal IReadOnlySet<int> FileLines(int line) => Origin.LinesOf(line);

    /// <summary>The figures the page tags in inline XBRL, placed on the lines and cells of this rendering (none for most documents).</summary>
    public IReadOnlyList<TaggedFact> Tagged { get; init; } = [];
}

/// <summary>A document Kessan refuses, with the place and the reason a person can act on.</summary>
public sealed class DocumentRejectedException(string file, int? line, string reason)
    : Exception(line is { } l ? $"{file}:{l}: {reason}" : $"{file}: {reason}")
{
    public string File { get; } = file;
    public int? Line { get; } = line;
    public string Reason { get; } = reason;
}
