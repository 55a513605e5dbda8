using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kessan.Facts;
using Kessan.Proof;

namespace Kessan.Application.Export;

/// <summary>
/// The store as a workbook (Open XML, written row by row so a large store is streamed): a Facts sheet (every contract
/// field), a Findings sheet, and a sheet per statement of each release in the release's own layout (its rows in order,
/// its periods as columns with each value's status beside it, then YoY %, QoQ %, % of total). Numbers are numbers with
/// a number format of their printed precision, dates are dates, the header row is frozen and filtered.
/// </summary>
public static class XlsxExport
{
    /// <summary>Excel's last row; a longer facts listing continues on "Facts 2", "Facts 3", ….</summary>
    const int MaxRows = 1_048_576;

    // Cell formats (indexes into the stylesheet built below).
    const uint Header = 1, Date = 2, Title = 3, Percent = 4, FirstNumber = 5; // FirstNumber + k: k decimals, k = 0..10
    const int MaxDecimals = 10;

    /// <summary>The statement sheets: for each release and statement table, the release's reporting period (else its latest).</summary>
    internal static IReadOnlyList<(string Name, StatementRef Statement)> StatementSheets(KessanQueries q)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Facts", "Findings" };
        var sheets = new List<(string, StatementRef)>();
        foreach (var g in q.Statements().GroupBy(s => (s.DocSha256, s.Table)))
        {
            var s = g.Where(x => x.ReportingPeriod).OrderBy(x => x.PeriodStart is { } st ? x.PeriodEnd.DayNumber - st.DayNumber : 0).FirstOrDefault()
                ?? g.OrderByDescending(x => x.PeriodEnd).First();
            var stem = Path.GetFileNameWithoutExtension(s.Doc);
            var table = s.Table switch { "income" => "IS", "income_ytd" => "IS YTD", "balance" => "BS", _ => "CF" };
            var name = Unique(names, Clean($"{Cut(stem, 14)} {table} {s.FiscalPeriod}"));
            sheets.Add((name, s));
        }
        return sheets;
    }

    static string Cut(string s, int n) => s.Length <= n ? s : s[..n];

    /// <summary>A sheet name Excel accepts: no []:*?/\, at most 31 characters.</summary>
    static string Clean(string s) => Cut(new string(s.Select(c => "[]:*?/\\".Contains(c) ? '_' : c).ToArray()).Trim('\''), 31);

    static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (int i = 2; !names.Add(candidate); i++) candidate = Cut(name, 31 - 1 - i.ToString(CultureInfo.InvariantCulture).Length) + "~" + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    public static long Write(KessanQueries q, Stream stream)
    {
        using var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var book = doc.AddWorkbookPart();
        book.Workbook = new Workbook();
        var styles = book.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        styles.Stylesheet.Save();
        var sheets = new List<(string Name, string Id, string FilterRange)>();

        long facts = 0;
        // Facts: one sheet per million rows.
        using (var all = KessanExport.AllFacts(q).GetEnumerator())
        {
            bool more = all.MoveNext();
            for (int part = 1; part == 1 || more; part++)
            {
                var name = part == 1 ? "Facts" : $"Facts {part}";
                var (id, range) = Sheet(book, FactHeaders, 1, w =>
                {
                    int n = 0;
                    while (more && n < MaxRows - 1)
                    {
                        WriteRow(w, n + 2, FactCells(all.Current));
                        n++; facts++;
                        more = all.MoveNext();
                    }
                    return n;
                }, null);
                sheets.Add((name, id, range));
            }
        }
        var findings = q.Findings().Items;
        var (fid, frange) = Sheet(book, FindingHeaders, 1, w =>
        {
            int n = 0;
            foreach (var g in findings) WriteRow(w, ++n + 1, FindingCells(g));
            return n;
        }, null);
        sheets.Add(("Findings", fid, frange));

        foreach (var (name, sref) in StatementSheets(q))
        {
            var s = q.Statement(sref, sref.Languages.Contains("en") ? "en" : sref.Languages[0]);
            var headers = new List<string> { "line item", "concept", "unit" };
            foreach (var c in s.Columns) { headers.Add(ColumnHeader(c)); headers.Add("status"); }
            headers.AddRange(["YoY %", "QoQ %", "% of total"]);
            var title = $"{s.Company} — {s.Table} — {s.FiscalPeriod} ({(s.PeriodStart is { } st ? $"{st:yyyy-MM-dd} to " : "as of ")}{s.PeriodEnd:yyyy-MM-dd}) — {s.Doc}";
            var (sid, srange) = Sheet(book, headers, 2, w =>
            {
                int n = 0;
                foreach (var r in s.Rows)
                {
                    var cells = new List<Cell?> { Text(r.Label), Text(r.Concept), Text(r.Unit) };
                    foreach (var c in r.Cells) { cells.Add(c is null ? null : Number(c.Value, c.Decimals)); cells.Add(c is null ? null : Text(c.Status)); }
                    cells.Add(Pct(r.YoYPercent)); cells.Add(Pct(r.QoQPercent)); cells.Add(Pct(r.PercentOfTotal));
                    WriteRow(w, ++n + 2, cells);
                }
                return n;
            }, title);
            sheets.Add((name, sid, srange));
        }

        var sheetList = new Sheets();
        var defined = new DefinedNames();
        for (int i = 0; i < sheets.Count; i++)
        {
            sheetList.Append(new Sheet { Name = sheets[i].Name, SheetId = (uint)(i + 1), Id = sheets[i].Id });
            // Excel keeps each sheet's filter range as this hidden name.
            defined.Append(new DefinedName($"'{sheets[i].Name.Replace("'", "''")}'!{sheets[i].FilterRange}") { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
        }
        book.Workbook.Append(sheetList);
        book.Workbook.Append(defined);
        book.Workbook.Save();
        return facts;
    }

    static string ColumnHeader(StatementColumn c) => c.Role switch
    {
        StatementRoles.Convenience => $"{c.FiscalPeriod} USD convenience",
        StatementRoles.PriorYear => $"{c.FiscalPeriod} prior year",
        StatementRoles.PriorQuarter => $"{c.FiscalPeriod} prior quarter",
        _ => c.Convenience ? $"{c.FiscalPeriod} USD convenience"
            : c.PeriodStart is { } s ? $"{c.FiscalPeriod} {s:yyyy-MM-dd}–{c.PeriodEnd:yyyy-MM-dd}" : $"{c.FiscalPeriod} {c.PeriodEnd:yyyy-MM-dd}",
    };

    static readonly string[] FactHeaders = ["doc", "docSha256", "company", "concept", "label", "table", "periodStart", "periodEnd", "fiscalPeriod",
        "value", "unit", "convenience", "line", "column", "printed", "status", "decimals", "lang", "low", "high"];

    static IEnumerable<Cell?> FactCells(Fact f) =>
    [
        Text(f.Doc), Text(f.DocSha256), Text(f.Company), Text(f.Concept), Text(f.Label), Text(f.Table), DateCell(f.PeriodStart), DateCell(f.PeriodEnd),
        Text(f.FiscalPeriod), Number(f.Value, f.Decimals), Text(f.Unit), Text(f.Convenience ? "true" : "false"), Integer(f.Line), Integer(f.Column),
        Text(f.Printed), Text(f.Status.Code()), f.Decimals is { } d ? Integer(d) : null, Text(f.Lang),
        f.Low is { } lo ? Number(lo, f.Decimals) : null, f.High is { } hi ? Number(hi, f.Decimals) : null,
    ];

    static readonly string[] FindingHeaders = ["rule", "severity", "doc", "line", "concept", "periodEnd", "expected", "found", "message", "repair", "evidence"];

    static IEnumerable<Cell?> FindingCells(Finding g) =>
    [
        Text(g.Rule), Text(g.Severity.Code()), Text(g.Doc), Integer(g.Line), g.Concept is { } c ? Text(c) : null, DateCell(g.PeriodEnd),
        g.Expected is { } e ? Number(e, null) : null, g.Found is { } x ? Number(x, null) : null, Text(g.Message),
        g.Repair is { } r ? Number(r.Value, null) : null, g.Repair is { } rr ? Text(string.Join("; ", rr.Evidence)) : null,
    ];

    /// <summary>A worksheet: optional title row, the header row (frozen, filtered), then the rows <paramref name="body"/> writes.</summary>
    static (string Id, string FilterRange) Sheet(WorkbookPart book, IReadOnlyList<string> headers, int headerRow, Func<OpenXmlWriter, int> body, string? title)
    {
        var part = book.AddNewPart<WorksheetPart>();
        int rows;
        using (var w = OpenXmlWriter.Create(part))
        {
            w.WriteStartElement(new Worksheet());
            w.WriteElement(new SheetViews(new SheetView(
                new Pane { VerticalSplit = headerRow, TopLeftCell = $"A{headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{headerRow + 1}", SequenceOfReferences = new ListValue<StringValue> { InnerText = $"A{headerRow + 1}" } })
            { WorkbookViewId = 0 }));
            w.WriteElement(new Columns(headers.Select((h, i) => new Column
            { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Math.Clamp(h.Length + 4, 10, 48), CustomWidth = true })));
            w.WriteStartElement(new SheetData());
            if (title is not null) WriteRow(w, 1, [Styled(Text(title), Title)]);
            WriteRow(w, headerRow, headers.Select(h => Styled(Text(h), Header)));
            rows = body(w);
            w.WriteEndElement();
            var range = $"A{headerRow}:{ColumnName(headers.Count - 1)}{headerRow + Math.Max(rows, 0)}";
            w.WriteElement(new AutoFilter { Reference = range });
            w.WriteEndElement();
        }
        return (book.GetIdOfPart(part), $"$A${headerRow}:${ColumnName(headers.Count - 1)}${headerRow + rows}");
    }

    static void WriteRow(OpenXmlWriter w, int index, IEnumerable<Cell?> cells)
    {
        w.WriteStartElement(new Row { RowIndex = (uint)index });
        int col = 0;
        foreach (var c in cells)
        {
            if (c is not null)
            {
                c.CellReference = ColumnName(col) + index.ToString(CultureInfo.InvariantCulture);
                w.WriteElement(c);
            }
            col++;
        }
        w.WriteEndElement();
    }

    static string ColumnName(int index)
    {
        var s = "";
        for (int n = index + 1; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    static Cell Text(string s) => new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s) { Space = SpaceProcessingModeValues.Preserve }) };

    static Cell Styled(Cell c, uint style) { c.StyleIndex = style; return c; }

    /// <summary>A number shown with its printed precision (decimals in XBRL's sense: 2 → two places; negative or none → whole).</summary>
    static Cell Number(decimal v, int? decimals)
    {
        int places = Math.Clamp(Math.Max(decimals ?? 0, Scale(v)), 0, MaxDecimals);
        return new Cell { CellValue = new CellValue(RecordJson.Number(v)), DataType = CellValues.Number, StyleIndex = FirstNumber + (uint)places };
    }

    static int Scale(decimal v) => RecordJson.Number(v) is var s && s.IndexOf('.') is var i and >= 0 ? s.Length - i - 1 : 0;

    static Cell Integer(int v) => new() { CellValue = new CellValue(v.ToString(CultureInfo.InvariantCulture)), DataType = CellValues.Number, StyleIndex = FirstNumber };

    static Cell? Pct(decimal? v) => v is { } p ? new Cell { CellValue = new CellValue(RecordJson.Number(p)), DataType = CellValues.Number, StyleIndex = Percent } : null;

    /// <summary>A date as Excel's day serial with a date format (a date, not text).</summary>
    static Cell? DateCell(DateOnly? d) => d is { } day
        ? new Cell { CellValue = new CellValue((day.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture)), DataType = CellValues.Number, StyleIndex = Date }
        : null;

    static Stylesheet Stylesheet()
    {
        var formats = new NumberingFormats();
        formats.Append(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" });
        formats.Append(new NumberingFormat { NumberFormatId = 165, FormatCode = "0.0" });
        for (int k = 0; k <= MaxDecimals; k++)
            formats.Append(new NumberingFormat { NumberFormatId = (uint)(166 + k), FormatCode = k == 0 ? "#,##0" : "#,##0." + new string('0', k) });
        formats.Count = (uint)formats.ChildElements.Count;
        var cellFormats = new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true });
        for (int k = 0; k <= MaxDecimals; k++) cellFormats.Append(new CellFormat { NumberFormatId = (uint)(166 + k), ApplyNumberFormat = true });
        cellFormats.Count = (uint)cellFormats.ChildElements.Count;
        return new Stylesheet(
            formats,
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            cellFormats);
    }
}
