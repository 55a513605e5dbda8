using Kessan.Periods;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Facts;

/// <summary>
/// Turns every resolved value and USD cell of every table into a <see cref="Fact"/> with its concept, period, unit,
/// precision and source. Figures of a table whose currency or scale the release does not establish are flagged:
/// the proof names the reason in a finding.
/// </summary>
public static class FactBuilder
{
    public static List<Fact> Build(SourceDocument doc, Company? company, FiscalCalendar calendar, IReadOnlyList<ResolvedTable> tables)
    {
        var notes = new NoteIndex(doc);
        var companyName = company?.Name ?? "";
        var facts = new List<Fact>();
        foreach (var resolved in tables)
        {
            var table = resolved.Table;
            var tableCode = table.Kind.Code();
            var odd = resolved.Oddities.Select(o => o.Cell).ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var row in resolved.Rows)
            {
                DocumentBudget.Tick("building facts");
                var footnote = notes.For(table, row.Row);
                foreach (var cell in row.Cells)
                {
                    var perShare = row.PerShareAt(cell.Column.Index);
                    var match = perShare?.Match ?? row.Match;
                    // The kind of figure as the resolver read it (a per-share column's amount is per share), not the
                    // generated concept's default: "Number of stores" is a count even under a name made for money.
                    var type = perShare is not null ? ConceptType.PerShare : row.Type;
                    bool doubtful = resolved.Doubtful && (type == ConceptType.Monetary || !resolved.Table.ScaleStated || resolved.AllDoubtful) || odd.Contains(cell);
                    var at = cell.Cell.Address(row.Row);
                    facts.Add(new Fact(
                        doc.Name, doc.Sha256, companyName,
                        match.Concept.Name, perShare?.Label ?? row.Row.Label, TableOf(table.Kind, tableCode, cell.Period),
                        cell.Period.Start, cell.Period.End, calendar.Label(cell.Period),
                        cell.Value, cell.Unit, cell.Convenience, doc.FileLine(at), at.Column, cell.Cell.Printed,
                        doubtful ? FactStatus.Flagged : FactStatus.Ok, table.Language, match.Known,
                        Footnote: footnote.Length > 0 ? footnote : null,
                        Decimals: cell.Decimals) { Rendered = at });
                }
            }
        }
        return facts;
    }

    /// <summary>
    /// A figure's table as the contract names it: a statement of operations that prints a quarter beside six or nine
    /// months is <c>income</c> for the quarter and <c>income_ytd</c> for the longer columns (a table of longer columns
    /// only is <c>income_ytd</c> already), so one figure is in one table whichever layout a release prints it in.
    /// </summary>
    static string TableOf(StatementKind kind, string code, Periods.Period period) =>
        kind == StatementKind.Income && !period.IsInstant && period.Months > 3 ? StatementKind.IncomeYtd.Code() : code;
}
