using Kessan.Facts;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof;

/// <summary>
/// A document's tables as the rules see them: every row with its concept, every figure column × row as a
/// <see cref="Slot"/> (blank ones too, so a rule can say a figure is missing or misplaced), linked to its fact.
/// </summary>
internal sealed class ProofSheet
{
    public SourceDocument Doc { get; }
    public TaxonomySet Taxonomy { get; }
    public IReadOnlyList<Table> Tables { get; }
    public List<List<ProofRow>> Rows { get; } = [];
    public List<Slot> Slots { get; } = [];

    public ProofSheet(SourceDocument doc, TaxonomySet taxonomy, IReadOnlyList<ResolvedTable> tables, IReadOnlyList<Fact> facts)
    {
        Doc = doc;
        Taxonomy = taxonomy;
        Tables = tables.Select(t => t.Table).ToList();
        // Facts meet their cells in the rendering's coordinates (a one-line HTML page has one file line for every cell).
        var factAt = new Dictionary<CellSource, Fact>();
        foreach (var f in facts) factAt.TryAdd(f.Rendered ?? new CellSource(f.Line, f.Column), f);

        foreach (var resolved in tables)
        {
            var table = resolved.Table;
            var rows = new List<ProofRow>();
            Rows.Add(rows);
            var figureColumns = table.Columns.Where(c => c.Period is not null && RoleOf(c) is not null).ToList();
            if (figureColumns.Count == 0) continue;
            foreach (var rr in resolved.Rows)
            {
                DocumentBudget.Tick("laying out the proof");
                var row = rr.Row;
                var pr = new ProofRow { Table = table, Row = row, Index = rows.Count, Concept = rr.Concept, Type = rr.Type, Known = rr.Match.Known, Line = doc.FileLine(row.Line), Resolved = rr };
                rows.Add(pr);
                if (!_byConcept.TryGetValue((Rows.Count - 1, pr.Concept), out var same)) _byConcept[(Rows.Count - 1, pr.Concept)] = same = [];
                same.Add(pr);
                foreach (var column in figureColumns)
                {
                    var role = RoleOf(column)!.Value;
                    var cell = row.Cells.FirstOrDefault(c => c.Column == column.Index);
                    // The multiplier the resolver gave the row's figures (scale, share scale, none for per-share).
                    var perShare = rr.PerShareAt(column.Index);
                    decimal multiplier = role is SlotRole.Percent or SlotRole.Change ? 1 : perShare?.Multipliers[column.Index] ?? rr.Multiplier;
                    var kind = cell is null ? SlotKind.Blank : cell.Number.Kind switch
                    {
                        CellKind.Number => SlotKind.Number,
                        CellKind.Blank => SlotKind.Blank,
                        _ => SlotKind.Unknown,
                    };
                    // "$—" is a dash printed after the column's currency sign: no figure, as a bare "—" is.
                    if (kind == SlotKind.Unknown && IsSignedDash(cell!.Printed)) kind = SlotKind.Blank;
                    // A percent sign in a money column is not a money figure.
                    if (kind == SlotKind.Number && cell!.Number.IsPercent && role is SlotRole.Value or SlotRole.Convenience) kind = SlotKind.Unknown;
                    decimal printed = kind == SlotKind.Number ? cell!.Number.Value * multiplier : 0;
                    decimal half = kind == SlotKind.Number ? Precision.HalfStep(cell!.Number.Decimals) * multiplier : 0;
                    var at = cell?.Address(row) ?? new CellSource(row.Line, column.Index + 1);
                    var slot = new Slot
                    {
                        Line = doc.FileLine(at),
                        Table = table, Row = pr, Column = column, Role = role, Multiplier = multiplier, Cell = cell,
                        PerShare = perShare,
                        Kind = kind, PrintedKind = kind, Printed = printed, Value = printed, Half = half,
                        Fact = cell is not null ? factAt.GetValueOrDefault(at) : null,
                    };
                    pr.Slots[column.Index] = slot;
                    Slots.Add(slot);
                }
            }
            // An unreadable or blank cell takes the precision of its column's figures.
            foreach (var column in figureColumns)
            {
                int decimals = rows.Select(r => r.Slots[column.Index]).Where(s => s.Kind == SlotKind.Number).Select(s => s.Cell!.Number.Decimals).DefaultIfEmpty(0).Max();
                foreach (var r in rows)
                {
                    var s = r.Slots[column.Index];
                    if (s.Kind != SlotKind.Number) s.Half = Precision.HalfStep(decimals) * s.Multiplier;
                }
            }
        }
    }

    static bool IsSignedDash(string printed)
    {
        var t = printed.Trim().TrimStart('$', '€', '¥', '£', '(').TrimEnd(')').Trim();
        return t.Length > 0 && t.All(ch => ch is '—' or '–' or '-');
    }

    static SlotRole? RoleOf(TableColumn c) => c.Role switch
    {
        ColumnRole.Value => SlotRole.Value,
        ColumnRole.Convenience => SlotRole.Convenience,
        ColumnRole.PercentOfTotal => SlotRole.Percent,
        ColumnRole.ChangeYoY or ColumnRole.ChangeQoQ => SlotRole.Change,
        _ => null,
    };

    readonly Dictionary<(int Table, string Concept), List<ProofRow>> _byConcept = [];

    /// <summary>The row of a concept in a table; the nearest to row <paramref name="near"/> when it is printed twice.</summary>
    public ProofRow? Find(int table, string concept, int near = -1)
    {
        if (!_byConcept.TryGetValue((table, concept), out var rows)) return null;
        ProofRow? best = null;
        foreach (var r in rows)
            if (best is null || near >= 0 && Math.Abs(r.Index - near) < Math.Abs(best.Index - near)) best = r;
        return best;
    }

    public static bool IsStatement(Table t) => t.Kind is StatementKind.Income or StatementKind.IncomeYtd or StatementKind.Balance or StatementKind.CashFlow;

    /// <summary>The figure columns of a table that hold money (value or USD), in order.</summary>
    public static IEnumerable<TableColumn> MoneyColumns(Table t) =>
        t.Columns.Where(c => c.Period is not null && c.Role is ColumnRole.Value or ColumnRole.Convenience);
}
