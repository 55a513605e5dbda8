using Kessan.Periods;
using Kessan.Taxonomy;

namespace Kessan.Tables;

/// <summary>A row of cells as a layout found it, before any interpretation. <c>Cells[0]</c> is the label cell.</summary>
public sealed record RawRow(int Line, IReadOnlyList<string> Cells)
{
    /// <summary>
    /// Where each cell is printed, when not on <see cref="Line"/> at its own index: a layout that re-orients a
    /// table (periods printed as rows) gives each figure the line and cell it stands in, so provenance stays true.
    /// </summary>
    public IReadOnlyList<CellSource?>? Sources { get; init; }

    public CellSource? SourceOf(int cell) => Sources is { } s && cell < s.Count ? s[cell] : null;
}

/// <summary>The rendered line and 1-based cell a figure is printed in (the rendering's coordinates, not the file's).</summary>
public sealed record CellSource(int Line, int Column);

/// <summary>A block of rows a layout recognised as one table.</summary>
public sealed record RawGrid(IReadOnlyList<RawRow> Rows)
{
    public int FirstLine => Rows[0].Line;

    /// <summary>The last line the grid reads: its last row's, or a later figure or note a re-oriented grid consumed.</summary>
    public int LastLine => Math.Max(Rows[^1].Line, AllLines.Max());

    /// <summary>
    /// The lines that name this grid, as the layout read them (a heading and a unit row it consumed); when set they
    /// are the table's context in place of the lines printed above its first row.
    /// </summary>
    public string? Caption { get; init; }

    /// <summary>Further lines the layout consumed for this grid (its heading, unit row, notes): no other layout reads them.</summary>
    public IReadOnlyList<int> Claims { get; init; } = [];

    /// <summary>Every line this grid holds: its rows', its cells' and its claims.</summary>
    public IEnumerable<int> AllLines =>
        Rows.Select(r => r.Line).Concat(Rows.SelectMany(r => r.Sources ?? []).OfType<CellSource>().Select(s => s.Line)).Concat(Claims);
}

/// <summary>A column of an interpreted table: what its cells mean and which period they belong to.</summary>
public sealed record TableColumn(int Index, ColumnRole Role, string Header, Period? Period, string? Currency);

/// <summary>A printed cell: where it is, what it says, and the number it reads as.</summary>
public sealed record TableCell(int Column, string Printed, NumberToken Number)
{
    /// <summary>Where the figure is printed when that is not its row's line and cell (a re-oriented table).</summary>
    public CellSource? Source { get; init; }

    /// <summary>The line and 1-based cell of the rendering the figure stands in: its own source, else its row's line.</summary>
    public CellSource Address(TableRow row) => Source ?? new CellSource(row.Line, Column + 1);
}

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

    /// <summary>Why the currency is <see cref="Evidence.Inferred"/>, as the finding says it; empty otherwise.</summary>
    public string CurrencyReason { get; init; } = "";

    /// <summary>
    /// True when the table prints dates and nothing says how long its periods run, so its columns are read as the
    /// quarters ending on them: a guess, and every figure of the table is flagged.
    /// </summary>
    public bool LengthAssumed { get; init; }

    /// <summary>
    /// True when a supplementary table prints dates and nothing says how long its periods run, so its figures are read
    /// as at those dates: right for balances and counts, a guess for a line that reads as a flow (its figure is flagged).
    /// </summary>
    public bool AtDatesAssumed { get; init; }

    /// <summary>
    /// True when a column is named by its fiscal period alone ("Fiscal 2025", "Q2 2026") and nothing states the
    /// issuer's fiscal year end: its dates are the calendar year's by assumption, and every figure of the table is flagged.
    /// </summary>
    public bool CalendarAssumed { get; init; }

    /// <summary>Value columns that print figures under a header naming no period: their figures are not facts.</summary>
    public IReadOnlyList<TableColumn> UnreadColumns { get; init; } = [];

    /// <summary>The caption that states the table's scale and currency, as printed (for findings and notes).</summary>
    public string Caption { get; init; } = "";

    public int FirstLine => Rows.Count > 0 ? Rows[0].Line : 0;
    public int LastLine => Rows.Count > 0 ? Rows[^1].Line : 0;

    public TableColumn? Column(int index) => index < Columns.Count ? Columns[index] : null;
}

/// <summary>Something a person should know about how a document was read: not fatal, never silent.</summary>
public sealed record ReadingNote(int Line, string Message);
