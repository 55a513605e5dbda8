namespace Kessan.Reading;

/// <summary>A release as read: its name, the hash of its exact bytes, and its text as numbered lines.</summary>
/// <remarks>
/// <see cref="Lines"/> is 0-based in memory; every provenance the product reports is 1-based
/// (<c>Lines[i]</c> is line <c>i + 1</c> of the file).
/// </remarks>
public sealed record SourceDocument(string Name, string Path, string Sha256, IReadOnlyList<string> Lines)
{
    /// <summary>What reading had to judge (an encoding inferred from byte evidence, nesting flattened): said, never silent.</summary>
    public IReadOnlyList<Tables.ReadingNote> ReadingNotes { get; init; } = [];

    public string LineText(int lineNumber) => Lines[lineNumber - 1];

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
