namespace Kessan.Application;

/// <summary>
/// A question the store cannot answer as asked: an unknown concept, period, document, unit or format, or a bad paging
/// argument. The message names the parameter and, where the store knows similar values, the nearest ones
/// (<see cref="Suggestions"/>), so a host can answer 400 (HTTP) or exit 2 (CLI) with something to act on.
/// </summary>
public sealed class InvalidQueryException(string parameter, string message, IReadOnlyList<string>? suggestions = null) : Exception(message)
{
    public string Parameter { get; } = parameter;
    public IReadOnlyList<string> Suggestions { get; } = suggestions ?? [];
}
