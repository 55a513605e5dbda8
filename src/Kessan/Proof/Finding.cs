namespace Kessan.Proof;

public enum Severity { Error, Warning, Info }

/// <summary>A proven value for a printed cell, with the rules that agree on it.</summary>
public sealed record Repair(decimal Value, IReadOnlyList<string> Evidence);

/// <summary>
/// What a rule found: which rule, how serious, where (document, line, concept, period end), what was expected and
/// what is printed, in base units (yen, dollars, shares; percent for % and change cells), and — when two or more
/// independent rules agree on one value — the repair.
/// </summary>
public sealed record Finding(
    string Rule,
    Severity Severity,
    string Doc,
    int Line,
    string? Concept,
    DateOnly? PeriodEnd,
    decimal? Expected,
    decimal? Found,
    string Message,
    Repair? Repair = null);

public static class SeverityCodes
{
    public static string Code(this Severity s) => s switch { Severity.Error => "error", Severity.Warning => "warning", _ => "info" };

    public static Severity Parse(string s) => s switch { "error" => Severity.Error, "warning" => Severity.Warning, _ => Severity.Info };
}
