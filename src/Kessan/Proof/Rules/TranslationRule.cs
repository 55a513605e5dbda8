using System.Globalization;
using System.Text.RegularExpressions;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>translation</c>: a USD convenience cell = the JPY cell of the same row and period ÷ the convenience rate of the
/// footnote ("JPY 118.75 = US$1, the approximate exchange rate on December 31, 2002"). The rate of a table is the
/// nearest such note below it, else the nearest above; the rate and its date are recorded as an <c>info</c> finding.
/// Tolerance: USD ± half its last printed unit against (JPY ± half its last printed unit) ÷ rate; the rate is exact.
/// A dash beside a yen figure whose translation rounds to zero is that zero.
/// </summary>
internal sealed partial class TranslationRule : IProofRule
{
    [GeneratedRegex(@"JPY\s*(\d{2,4}(?:\.\d+)?)\s*=\s*(?:U\.?S\.?)?\s*\\?\$\s*1(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex RateNote();

    [GeneratedRegex(@"(?:exchange|rate)\s+(?:rate\s+)?on\s+(.{6,30})", RegexOptions.IgnoreCase)]
    private static partial Regex RateDate();

    /// <summary>How far the rate's date may stand from the translated column's date (a month end falling on a weekend).</summary>
    const int MaxRateAgeDays = 10;

    public sealed record Rate(decimal PerDollar, DateOnly? Date, int Line);

    public static List<Rate> Rates(Reading.SourceDocument doc)
    {
        var rates = new List<Rate>();
        for (int i = 0; i < doc.Lines.Count; i++)
        {
            var line = doc.Lines[i];
            if (!line.Contains("JPY", StringComparison.OrdinalIgnoreCase)) continue;
            var m = RateNote().Match(line);
            if (!m.Success) continue;
            DateOnly? date = null;
            var d = RateDate().Match(line, m.Index);
            if (d.Success && PeriodHeader.Find(d.Groups[1].Value) is [PeriodAnchor.EndDate e, ..]) date = e.End;
            rates.Add(new Rate(decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), date, i + 1));
        }
        return rates;
    }

    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        List<Rate>? rates = null;
        var noted = new HashSet<int>();
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var table = sheet.Tables[ti];
            var usdColumns = table.Columns.Where(c => c.Role == ColumnRole.Convenience && c.Period is not null).ToList();
            if (usdColumns.Count == 0) continue;
            rates ??= Rates(sheet.Doc);
            var rate = rates.Where(r => r.Line > table.LastLine).MinBy(r => r.Line) ?? rates.Where(r => r.Line < table.FirstLine).MaxBy(r => r.Line);
            if (rate is null) continue;
            if (noted.Add(rate.Line))
                notes.Add(new Finding("translation", Severity.Info, sheet.Doc.Name, sheet.Doc.FileLine(rate.Line), null, rate.Date, rate.PerDollar, null,
                    string.Create(CultureInfo.InvariantCulture, $"convenience rate JPY {rate.PerDollar} = USD 1{(rate.Date is { } d ? $" on {d:yyyy-MM-dd}" : "")}")));
            foreach (var uc in usdColumns)
            {
                // The rate is "the approximate rate of exchange" at the column's date: a note dated far from it is suspect.
                if (rate.Date is { } rd && uc.Period is { } up && Math.Abs(rd.DayNumber - up.End.DayNumber) > MaxRateAgeDays)
                    notes.Add(new Finding("translation", Severity.Warning, sheet.Doc.Name, sheet.Doc.FileLine(rate.Line), null, up.End, rate.PerDollar, null,
                        $"the convenience rate is dated {rd:yyyy-MM-dd}, {Math.Abs(rd.DayNumber - up.End.DayNumber)} days from the USD column's {up.End:yyyy-MM-dd} (table at line {sheet.Doc.FileLine(table.FirstLine)})"));
                var jc = table.Columns.Where(c => c.Role == ColumnRole.Value && c.Period == uc.Period).MinBy(c => Math.Abs(c.Index - uc.Index));
                if (jc is null) continue;
                foreach (var row in sheet.Rows[ti])
                {
                    Slot u = row.Slots[uc.Index], j = row.Slots[jc.Index];
                    if (u.Kind == SlotKind.Blank && j.Kind == SlotKind.Blank) continue;
                    // Per-share rows print no USD; a blank USD beside such a figure is not a missing translation.
                    if (u.Kind == SlotKind.Blank && row.Type != Taxonomy.ConceptType.Monetary) continue;
                    var r = rate.PerDollar;
                    // A dash beside a yen figure whose translation rounds to nothing ("11" thousand yen is 92 dollars,
                    // 0 in thousands of dollars) prints that nothing: not a missing translation.
                    if (u.Kind == SlotKind.Blank && j.Kind != SlotKind.Blank && Math.Abs(j.Value / r) < table.Scale / 2) continue;
                    constraints.Add(new LinearConstraint("translation", u, [u, j], [1, -1 / r],
                        () => string.Create(CultureInfo.InvariantCulture, $"USD on line {u.Line} = JPY ÷ {r}"),
                        target => target == u
                            ? string.Create(CultureInfo.InvariantCulture, $"JPY {j.PrintedText} ÷ {r} (line {j.Line})")
                            : string.Create(CultureInfo.InvariantCulture, $"USD {u.PrintedText} × {r} (line {u.Line})")));
                }
            }
        }
    }
}
