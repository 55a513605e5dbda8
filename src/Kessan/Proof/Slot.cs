using System.Globalization;
using Kessan.Facts;
using Kessan.Periods;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof;

internal enum SlotRole { Value, Convenience, Percent, Change }

/// <summary>Number: a printed figure. Blank: no figure (zero where a rule adds it up). Unknown: unreadable text.</summary>
internal enum SlotKind { Number, Blank, Unknown }

/// <summary>
/// One place of a statement grid (a row × a figure column), printed or blank: what the rules reason about.
/// Values are in base units (the table's scale applied to money rows); percent and change cells in percent.
/// </summary>
internal sealed class Slot
{
    public required Table Table { get; init; }
    public required ProofRow Row { get; init; }
    public required TableColumn Column { get; init; }
    public required SlotRole Role { get; init; }
    /// <summary>Base units per printed unit: the table's scale for money rows, 1 for per-share, counts and percents.</summary>
    public required decimal Multiplier { get; init; }
    public TableCell? Cell { get; set; }
    public SlotKind Kind { get; set; }
    public SlotKind PrintedKind { get; init; }
    /// <summary>The printed figure, in base units (0 when blank or unreadable).</summary>
    public decimal Printed { get; init; }
    /// <summary>Half a unit of the last printed digit, in base units.</summary>
    public decimal Half { get; set; }
    /// <summary>The value the rules use now: the printed one, or the one a proven repair or placement gave.</summary>
    public decimal Value { get; set; }
    public bool Changed { get; set; }
    public Fact? Fact { get; set; }

    /// <summary>The file line the figure is printed on (its cell's; its row's for a blank), as findings report it.</summary>
    public required int Line { get; init; }
    /// <summary>Set in a per-share column beside the row's money column: the figure's own concept, label and kind.</summary>
    public Facts.PerShareColumns? PerShare { get; init; }
    public string Concept => PerShare?.Match.Concept.Name ?? Row.Concept;
    public ConceptType Type => PerShare?.Match.Concept.Type ?? Row.Type;
    public bool Known => PerShare?.Match.Known ?? Row.Known;
    /// <summary>The figure's period, as the resolver decided it for the fact (a position is at its column's end).</summary>
    public Period? Period => Row.Resolved.PeriodIn(Column);
    public bool IsMoney => Role is SlotRole.Value or SlotRole.Convenience;

    public Interval Interval => Kind == SlotKind.Blank ? Interval.Point(0) : Interval.Around(Value, Half);

    public string Label => PerShare?.Label ?? Row.Row.Label;

    public string PrintedText => Cell?.Printed ?? "blank";

    public string Describe() => Role switch
    {
        SlotRole.Percent => $"% column {Cell?.Printed ?? "blank"} (line {Line})",
        SlotRole.Change => $"{Column.Header.Trim()} {Cell?.Printed ?? "blank"} (line {Line})",
        _ => $"{Table.Kind.Code()} line {Line} ({Label}{(Role == SlotRole.Convenience ? ", USD" : "")} {Cell?.Printed ?? "blank"})",
    };

    /// <summary>A base-unit value as it would be printed in this cell's precision, without separators or sign.</summary>
    public string Digits(decimal baseValue)
    {
        var printedUnits = Math.Abs(baseValue / Multiplier);
        int decimals = Cell?.Number.IsNumber == true ? Cell.Number.Decimals : 0;
        return Math.Round(printedUnits, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture).Replace(".", "");
    }

    public decimal Step => 2 * Half;

    public override string ToString() => $"{Line}:{Column.Index} {Label} {PrintedText}";
}

/// <summary>A statement row with its concept (as the fact builder resolves it) and its position in its table.</summary>
internal sealed class ProofRow
{
    public required Table Table { get; init; }
    public required TableRow Row { get; init; }
    public required int Index { get; init; }
    public required string Concept { get; init; }
    public required ConceptType Type { get; init; }
    public required bool Known { get; init; }
    /// <summary>The file line of the row (its label's), as findings report it; <see cref="TableRow.Line"/> is the rendering's.</summary>
    public required int Line { get; init; }
    /// <summary>The row as the resolver read it: the one decision of its concept, kind and periods.</summary>
    public required ResolvedRow Resolved { get; init; }
    public Dictionary<int, Slot> Slots { get; } = [];
}
