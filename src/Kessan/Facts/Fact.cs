namespace Kessan.Facts;

public enum FactStatus { Ok, Flagged, Repaired }

/// <summary>
/// One figure a release states: what (concept, label), when (explicit dates), how much (exact value in base
/// units, with its unit), and where (document, line, cell, the token as printed).
/// Guidance adds its range (<see cref="Low"/>, <see cref="High"/>; either may be open) and, for a growth rate,
/// the base period it grows from. <see cref="Footnote"/> is the text of the notes the row's marks point to.
/// <see cref="Decimals"/> is the printed precision in XBRL's sense: <c>10,563,578</c> in thousands → −3, <c>0.89</c> → 2
/// (null where the figure has no printed precision, e.g. a guidance word such as "break-even").
/// <see cref="Line"/> is a line of the file as a person opens it (for HTML, the source line of the figure's cell).
/// </summary>
public sealed record Fact(
    string Doc,
    string DocSha256,
    string Company,
    string Concept,
    string Label,
    string Table,
    DateOnly? PeriodStart,
    DateOnly PeriodEnd,
    string FiscalPeriod,
    decimal Value,
    string Unit,
    bool Convenience,
    int Line,
    int Column,
    string Printed,
    FactStatus Status,
    string Lang,
    bool KnownConcept,
    decimal? Low = null,
    decimal? High = null,
    DateOnly? BaseStart = null,
    DateOnly? BaseEnd = null,
    string? Footnote = null,
    int? Decimals = null)
{
    /// <summary>
    /// Where the figure was read in the document's rendering (line and cell), which the proof pairs it to its cell by;
    /// <see cref="Line"/> is the file's line. Null for a fact not read in this process (loaded from a store).
    /// </summary>
    internal Tables.CellSource? Rendered { get; init; }
}

public static class FactStatusCodes
{
    public static string Code(this FactStatus s) => s switch
    {
        FactStatus.Flagged => "flagged",
        FactStatus.Repaired => "repaired",
        _ => "ok",
    };

    public static FactStatus Parse(string s) => s switch
    {
        "flagged" => FactStatus.Flagged,
        "repaired" => FactStatus.Repaired,
        _ => FactStatus.Ok,
    };
}
