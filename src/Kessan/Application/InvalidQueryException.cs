namespace Kessan.Application;

/// <summary>
/// A question the store cannot answer as asked: an unknown concept, period, document, unit or format, or a bad paging
/// argument. The message names the parameter and, where the store knows similar values, the nearest ones
/// (<see cref="Suggestions"/>), so a host can answer 400 (HTTP) or exit 2 (CLI) with something to act on.
/// </summary>
public sealed class InvalidQueryException(string parameter, string message, IReadOnlyList<string>? suggestions = null, bool notInStore = false) : Exception(message)
{
    public string Parameter { get; } = parameter;
    public IReadOnlyList<string> Suggestions { get; } = suggestions ?? [];

    /// <summary>
    /// The question was well formed but names what the store does not hold (yet): its answer is empty. The CLI's listing
    /// commands exit 0 for it (the contract), saying why on stderr; a malformed argument is a usage error.
    /// </summary>
    public bool NotInStore { get; } = notInStore;
}
