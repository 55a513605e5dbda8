using Kessan.Periods;
using Kessan.Taxonomy;

namespace Kessan.Tables;

/// <summary>A row of cells as a layout found it, before any interpretation. <c>Cells[0]</c> is the label cell.</summary>
public sealed record RawRow(int Line, IReadOnlyList<string> Cells);

/// <summary>A block of rows a layout recognised as one table.</summary>
public sealed record RawGrid(IReadOnlyList<RawRow> Rows)
{
    public int FirstLine => Rows[0].Line;
    public int LastLine => Rows[^1].Line;
}

/// <summary>A column of an interpreted table: what its cells mean and which period they belong to.</summary>
public sealed record TableColumn(int Index, ColumnRole Role, string Header, Period? Period, string? Currency);

/// <summary>A printed cell: where it is, what it says, and the number it reads as.</summary>
public sealed record TableCell(int Column, string Printed, NumberToken Number);

/// <summary>
/// A row of an interpreted table. <see cref="Sections"/> are the section headers above it, outermost first
/// ("Revenues", "Connectivity and value-added services"). Percent and change cells stay here for the proof stage.
/// </summary>
public sealed record TableRow(int Line, string Label, IReadOnlyList<string> Footnotes, IReadOnlyList<string> Sections, IReadOnlyList<TableCell> Cells, bool IsSection)
{
    /// <summary>A scale its own label or section prints ("Shares used in computing earnings per share (in thousands)").</summary>
    public decimal? OwnScale { get; init; }

    /// <summary>True when the label was not printed but derived from the rows it totals (a label-less subtotal).</summary>
    public bool DerivedLabel { get; init; }
}

/// <summary>Where a table's currency or scale comes from: printed with the table, printed elsewhere in the release, or nowhere.</summary>
public enum Evidence { Stated, Document, Inferred, Unstated }

/// <summary>
/// A table with its meaning: kind, title, scale, unit, language, columns with periods, rows with sections.
/// <see cref="Unit"/> is the table's currency for statements (ISO 4217; <c>XXX</c> where the release states none)
/// and the KPI unit otherwise. <see cref="ShareScale"/> is the scale share counts are printed in when the caption
/// says so ("shares in thousands"; 1 for "except share amounts"); null when it says nothing of shares.
/// </summary>
public sealed record Table(
    int Index,
    StatementKind Kind,
    string Title,
    decimal Scale,
    string Unit,
    string Language,
    IReadOnlyList<TableColumn> Columns,
    IReadOnlyList<TableRow> Rows)
{
    /// <summary>False when no line above the table names its scale: its figures are as printed until proven otherwise.</summary>
    public bool ScaleStated { get; init; } = true;

    public decimal? ShareScale { get; init; }

    /// <summary>How the table's currency is known; <see cref="Evidence.Unstated"/> makes every money fact of it flagged.</summary>
    public Evidence CurrencyEvidence { get; init; } = Evidence.Stated;

    /// <summary>The caption that states the table's scale and currency, as printed (for findings and notes).</summary>
    public string Caption { get; init; } = "";

    public int FirstLine => Rows.Count > 0 ? Rows[0].Line : 0;
    public int LastLine => Rows.Count > 0 ? Rows[^1].Line : 0;

    public TableColumn? Column(int index) => index < Columns.Count ? Columns[index] : null;
}

/// <summary>Something a person should know about how a document was read: not fatal, never silent.</summary>
public sealed record ReadingNote(int Line, string Message);
