using Kessan.Periods;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Facts;

/// <summary>Turns every value and USD cell of every table into a <see cref="Fact"/> with its concept, period, unit and source.</summary>
public sealed class FactBuilder(TaxonomySet taxonomy)
{
    public List<Fact> Build(SourceDocument doc, Company? company, IReadOnlyList<Table> tables)
    {
        var notes = new NoteIndex(doc);
        var calendar = company?.Calendar ?? FiscalCalendar.CalendarYear;
        var companyName = company?.Name ?? "";
        var facts = new List<Fact>();
        foreach (var table in tables)
        {
            var tableCode = table.Kind.Code();
            ConceptType? expected = table.Kind == StatementKind.Kpi ? TypeOfUnit(table.Unit) : null;
            foreach (var row in table.Rows)
            {
                if (row.IsSection || row.Label.Length == 0) continue;
                var match = taxonomy.Resolve(row.Label, table.Kind, row.Sections, expected, company);
                var rowUnit = RowUnit(match, row.Label);
                var footnote = notes.For(table, row);
                foreach (var cell in row.Cells)
                {
                    if (!cell.Number.IsNumber || cell.Number.IsPercent) continue;
                    var column = table.Column(cell.Column);
                    if (column is not { Period: { } period } || column.Role is not (ColumnRole.Value or ColumnRole.Convenience)) continue;
                    bool convenience = column.Role == ColumnRole.Convenience;
                    var currency = convenience ? "USD" : column.Currency ?? table.Unit;
                    var (unit, scaled) = UnitOf(table, rowUnit, currency);
                    decimal multiplier = scaled ? table.Scale : 1;
                    facts.Add(new Fact(
                        doc.Name, doc.Sha256, companyName,
                        match.Concept.Name, row.Label, tableCode,
                        period.Start, period.End, calendar.Label(period),
                        cell.Number.Value * multiplier,
                        unit, convenience, cell.Source?.Line ?? row.Line, cell.Source?.Column ?? cell.Column + 1, cell.Printed,
                        FactStatus.Ok, table.Language, match.Known, Footnote: footnote.Length > 0 ? footnote : null,
                        Decimals: Precision.XbrlDecimals(cell.Number.Decimals, multiplier)));
                }
            }
        }
        return facts;
    }

    /// <summary>The unit of a row's figures and whether the table's scale applies ("Except for Per Share and ADS Data").</summary>
    static (string Unit, bool Scaled) UnitOf(Table table, ConceptType? rowUnit, string currency) => rowUnit switch
    {
        ConceptType.PerShare => ($"{currency}/share", false),
        ConceptType.PerAds => ($"{currency}/ADS", false),
        ConceptType.Shares => ("shares", false),
        ConceptType.Ads => ("ADS", false),
        _ when table.Kind == StatementKind.Kpi => (table.Unit is "JPY" or "USD" ? currency : table.Unit, true),
        _ => (currency, true),
    };

    /// <summary>
    /// A money table whose scale is not printed ("Other Financial Statistics (JPY)") takes the power of a thousand at
    /// which its figures tie to the same lines of the release's statements (D&amp;A 706 beside 706,463 thousand:
    /// millions) — when at least one line ties and none contradicts; a statement with no such line takes the one scale
    /// all the release's other statements print. Either way a note says so: a scale is never assumed silently.
    /// </summary>
    public static List<Fact> InferUnstatedScales(IReadOnlyList<Table> tables, List<Fact> facts, List<ReadingNote> notes)
    {
        decimal[] factors = [1_000m, 1_000_000m, 1_000_000_000m];
        foreach (var table in tables.Where(t => !t.ScaleStated && t.Unit is "JPY" or "USD"))
        {
            var lines = table.Rows.Select(r => r.Line).ToHashSet();
            // Money cells, USD translations included; per-share and count rows are never scaled.
            var own = facts.Where(f => lines.Contains(f.Line) && f.Table == table.Kind.Code() && f.Unit is "JPY" or "USD").ToList();
            // The other statements only: a table does not vouch for its own scale.
            var statement = facts.Where(f => f.Table is "income" or "income_ytd" or "cashflow" or "balance" && !f.Convenience && !lines.Contains(f.Line))
                .ToLookup(f => (f.Concept, f.PeriodStart, f.PeriodEnd, f.Unit));
            var ratios = own.Where(f => f.Value != 0 && !f.Convenience)
                .SelectMany(f => statement[(f.Concept, f.PeriodStart, f.PeriodEnd, f.Unit)].Select(s => Math.Abs(s.Value / f.Value)))
                .ToList();
            var fits = factors.Select(k => (Factor: k, Ties: ratios.Count(r => Math.Abs(r / k - 1) <= 0.01m))).MaxBy(x => x.Ties);
            // Without a tie, a statement takes the one scale every other statement of the release prints.
            var siblings = tables.Where(t => t != table && t.ScaleStated && t.Kind != StatementKind.Kpi).Select(t => t.Scale).Distinct().ToList();
            decimal? factor = null;
            if (ratios.Count > 0 && fits.Ties == ratios.Count)
            {
                factor = fits.Factor;
                notes.Add(new ReadingNote(table.FirstLine, $"table '{table.Title}' prints no scale; its figures tie to the statements at × {fits.Factor:#,0} ({fits.Ties} lines), so they are read so"));
            }
            else if (ratios.Count == 0 && table.Kind != StatementKind.Kpi && siblings is [var shared] && shared != 1)
            {
                factor = shared;
                notes.Add(new ReadingNote(table.FirstLine, $"table '{table.Title}' prints no scale; every other statement of the release is in × {shared:#,0}, so it is read so"));
            }
            else
                notes.Add(new ReadingNote(table.FirstLine, $"table '{table.Title}' prints no scale and nothing ties it to the statements: its figures are stored as printed units"));
            if (factor is { } k)
            {
                var scaled = own.ToHashSet();
                for (int i = 0; i < facts.Count; i++)
                    if (scaled.Contains(facts[i])) facts[i] = facts[i] with { Value = facts[i].Value * k, Decimals = facts[i].Decimals + Precision.XbrlDecimals(0, k) };
            }
        }
        return facts;
    }

    ConceptType? RowUnit(ConceptMatch match, string label)
    {
        if (match.Known) return match.Concept.Type;
        foreach (var rule in taxonomy.Vocabulary.RowUnits)
            if (rule.Pattern.IsMatch(label)) return rule.Value;
        return null;
    }

    static ConceptType TypeOfUnit(string unit) => unit switch
    {
        "Gbps" => ConceptType.Bandwidth,
        "percent" => ConceptType.Percent,
        "count" => ConceptType.Count,
        _ => ConceptType.Monetary,
    };
}
