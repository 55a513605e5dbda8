using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kessan.Application;
using Kessan.Application.Export;
using Kessan.Cli;

namespace Kessan.Tests;

/// <summary>Exports of the whole store (seeds and wild releases): facts as CSV/JSONL, the workbook read back by LibreOffice, xBRL-JSON against the OIM rules.</summary>
[Collection(StatementStoreCollection.Name)]
public sealed class ExportTests(StatementStoreFixture store) : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    static readonly string[] ReportedTables = ["income", "income_ytd", "balance", "cashflow", "kpi"];

    static async Task<(int Exit, string Out, string Err)> Kessan(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = await KessanCommand.RunAsync(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Csv_and_jsonl_hold_every_fact_with_its_contract_fields()
    {
        using var q = KessanQueries.Open(store.Db);
        var facts = q.AllFacts().ToList();
        var jsonl = _dir.File("facts.jsonl");
        var csv = _dir.File("facts.csv");
        Assert.Equal(0, (await Kessan("export", "--format", "jsonl", "--out", jsonl, "--db", store.Db)).Exit);
        Assert.Equal(0, (await Kessan("export", "--format", "csv", "--out", csv, "--db", store.Db)).Exit);
        var lines = File.ReadAllLines(jsonl);
        Assert.Equal(facts.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var e = JsonDocument.Parse(lines[i]).RootElement;
            foreach (var field in new[] { "doc", "docSha256", "company", "concept", "label", "table", "periodStart", "periodEnd", "fiscalPeriod", "value", "unit", "convenience", "line", "column", "printed", "status", "decimals" })
                Assert.True(e.TryGetProperty(field, out _), field);
            Assert.Equal(facts[i].Value, e.GetProperty("value").GetDecimal());
            Assert.Equal(facts[i].FiscalPeriod, e.GetProperty("fiscalPeriod").GetString());
            Assert.Equal(facts[i].Convenience, e.GetProperty("convenience").GetBoolean());
        }
        using var reader = new CsvHelper.CsvReader(new StreamReader(csv), CultureInfo.InvariantCulture);
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(facts.Count, rows.Count);
        Assert.Equal(facts.Select(f => f.Value), rows.Select(r => decimal.Parse((string)r["value"], CultureInfo.InvariantCulture)));
        Assert.Equal(facts.Select(f => f.Decimals?.ToString(CultureInfo.InvariantCulture) ?? ""), rows.Select(r => (string)r["decimals"]));

        var missingFolder = await Kessan("export", "--format", "csv", "--out", _dir.File("no/such/folder/x.csv"), "--db", store.Db);
        Assert.Equal(2, missingFolder.Exit);
        Assert.Contains("does not exist", missingFolder.Err);
    }

    [Fact]
    public void The_workbook_read_back_by_LibreOffice_equals_the_store()
    {
        using var q = KessanQueries.Open(store.Db);
        var xlsx = _dir.File("store.xlsx");
        Assert.Equal(q.AllFacts().Count(), KessanExport.Write(q, "xlsx", xlsx));

        // The workbook's own structure: a frozen, filtered header on every sheet, dates as dates.
        using (var doc = SpreadsheetDocument.Open(xlsx, false))
        {
            var book = doc.WorkbookPart!;
            var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToList();
            Assert.Equal("Facts", sheets[0].Name!.Value);
            Assert.Equal("Findings", sheets[1].Name!.Value);
            foreach (var sheet in sheets)
            {
                var ws = ((WorksheetPart)book.GetPartById(sheet.Id!)).Worksheet;
                Assert.Equal(PaneStateValues.Frozen, ws.Descendants<Pane>().Single().State!.Value);
                Assert.NotNull(ws.Elements<AutoFilter>().SingleOrDefault());
            }
            var facts = ((WorksheetPart)book.GetPartById(sheets[0].Id!)).Worksheet;
            var periodEnd = facts.Descendants<Row>().Skip(1).First().Elements<Cell>().Single(c => c.CellReference!.Value!.StartsWith("H", StringComparison.Ordinal));
            var style = book.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)periodEnd.StyleIndex!.Value);
            var format = book.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == style.NumberFormatId!.Value);
            Assert.Equal("yyyy-mm-dd", format.FormatCode!.Value);
            Assert.Null(periodEnd.DataType?.Value is CellValues.InlineString or CellValues.String ? "text" : null);
        }

        var csvDir = Directory.CreateDirectory(_dir.File("csv")).FullName;
        Convert(xlsx, csvDir);
        string SheetCsv(string name) => Path.Combine(csvDir, $"store-{name}.csv");

        var stored = q.AllFacts().ToList();
        var factRows = ReadCsv(SheetCsv("Facts"));
        Assert.Equal(stored.Count, factRows.Count - 1);
        var header = factRows[0].ToList();
        int Col(string name) => header.IndexOf(name);
        for (int i = 0; i < stored.Count; i++)
        {
            var (f, row) = (stored[i], factRows[i + 1]);
            Assert.Equal(f.Doc, row[Col("doc")]);
            Assert.Equal(f.Concept, row[Col("concept")]);
            Assert.Equal(f.Value, decimal.Parse(row[Col("value")], NumberStyles.Float, CultureInfo.InvariantCulture));
            Assert.Equal(f.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row[Col("periodEnd")]);
            Assert.Equal(f.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", row[Col("periodStart")]);
            Assert.Equal(f.Line.ToString(CultureInfo.InvariantCulture), row[Col("line")]);
            Assert.Equal(f.Status.ToString().ToLowerInvariant(), row[Col("status")]);
        }

        var findings = q.Findings().Items;
        var findingRows = ReadCsv(SheetCsv("Findings"));
        Assert.Equal(findings.Count, findingRows.Count - 1);
        Assert.Equal(findings.Select(g => g.Found), findingRows.Skip(1).Select(r => r[7].Length == 0 ? (decimal?)null : decimal.Parse(r[7], NumberStyles.Float, CultureInfo.InvariantCulture)));

        var statements = XlsxExport.StatementSheets(q);
        Assert.True(statements.Count >= 30, $"{statements.Count} statement sheets");
        foreach (var (name, sref) in statements)
        {
            var s = q.Statement(sref, sref.Languages.Contains("en") ? "en" : sref.Languages[0]);
            var rows = ReadCsv(SheetCsv(name));
            Assert.Contains(s.Doc, rows[0][0]);
            Assert.Equal(s.Rows.Count, rows.Count - 2);
            for (int r = 0; r < s.Rows.Count; r++)
            {
                var row = rows[r + 2];
                Assert.Equal(s.Rows[r].Concept, row[1]);
                for (int c = 0; c < s.Columns.Count; c++)
                {
                    var cell = s.Rows[r].Cells[c];
                    var text = row[3 + 2 * c];
                    if (cell is null) { Assert.Equal("", text); continue; }
                    Assert.Equal(cell.Value, decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
                    Assert.Equal(cell.Status, row[4 + 2 * c]);
                }
            }
        }
    }

    /// <summary>Every sheet to its own CSV, raw values (not as shown), through LibreOffice headless.</summary>
    void Convert(string xlsx, string outDir)
    {
        var psi = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-env:UserInstallation=file://" + _dir.File("lo-profile"), "--headless",
                     "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", outDir, xlsx])
            psi.ArgumentList.Add(a);
        Process proc;
        try { proc = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("soffice not found: install the Debian package libreoffice-calc-nogui to read the workbook back");
            return;
        }
        using (proc)
        {
            var err = proc.StandardError.ReadToEndAsync();
            proc.StandardOutput.ReadToEnd();
            Assert.True(proc.WaitForExit(300_000), "soffice did not finish in 300 s");
            Assert.True(proc.ExitCode == 0, $"soffice failed: {err.Result}");
        }
        Assert.True(File.Exists(Path.Combine(outDir, "store-Facts.csv")), "soffice wrote no CSV of the Facts sheet (is libreoffice-calc-nogui installed?)");
    }

    static List<string[]> ReadCsv(string path)
    {
        using var reader = new CsvHelper.CsvReader(new StreamReader(path, Encoding.UTF8),
            new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, DetectColumnCountChanges = false });
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        return rows;
    }

    [Fact]
    public void The_xbrl_json_report_follows_the_OIM_rules_and_holds_every_reported_value()
    {
        using var q = KessanQueries.Open(store.Db);
        var path = _dir.File("store.json");
        long written = KessanExport.Write(q, "xbrl-json", path);
        var bytes = File.ReadAllBytes(path);
        AssertUniqueMemberNames(bytes);
        var root = JsonDocument.Parse(bytes).RootElement;

        var info = root.GetProperty("documentInfo");
        Assert.Equal("https://xbrl.org/2021/xbrl-json", info.GetProperty("documentType").GetString());
        var namespaces = info.GetProperty("namespaces").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        foreach (var required in new[] { "us-gaap", "ifrs-full", "iso4217", "xbrli" }) Assert.True(namespaces.ContainsKey(required), required);
        Assert.All(namespaces, p => Assert.True(Uri.TryCreate(p.Value, UriKind.Absolute, out _), p.Key));
        Assert.Contains(q.Taxonomy.Companies, c => namespaces.ContainsKey(c.Prefix));

        var qname = new Regex(@"^([A-Za-z_][\w.-]*):([\p{L}_][\p{L}\p{Nd}_.-]*)$");
        var measure = @"[A-Za-z_][\w.-]*:[\p{L}_][\p{L}\p{Nd}_.-]*";
        var unitForm = new Regex($"^{measure}(\\*{measure})*(/{measure}(\\*{measure})*)?$");
        var dateTime = @"\d{4}-\d{2}-\d{2}T00:00:00";
        var period = new Regex($"^{dateTime}(/{dateTime})?$");
        var numeric = new Regex(@"^-?(\d+(\.\d+)?)$");
        string PrefixOf(string s) => qname.Match(s).Groups[1].Value;

        var facts = root.GetProperty("facts").EnumerateObject().ToList();
        Assert.Equal(written, facts.Count);
        var dimensions = new Dictionary<string, string>();
        foreach (var fact in facts)
        {
            var v = fact.Value;
            Assert.Equal(JsonValueKind.String, v.GetProperty("value").ValueKind);
            Assert.Matches(numeric, v.GetProperty("value").GetString()!);
            if (v.TryGetProperty("decimals", out var decimals)) Assert.True(decimals.TryGetInt32(out _), fact.Name);
            var d = v.GetProperty("dimensions");
            var concept = d.GetProperty("concept").GetString()!;
            var entity = d.GetProperty("entity").GetString()!;
            var when = d.GetProperty("period").GetString()!;
            var unit = d.GetProperty("unit").GetString()!;
            Assert.Matches(qname, concept);
            Assert.Matches(qname, entity);
            Assert.Matches(period, when);
            Assert.Matches(unitForm, unit);
            foreach (var prefix in new[] { PrefixOf(concept), PrefixOf(entity) }.Concat(unit.Split('/', '*').Select(PrefixOf)))
                Assert.True(namespaces.ContainsKey(prefix), $"{fact.Name}: prefix {prefix} not declared");
            if (when.Split('/') is [var start, var end])
                Assert.True(DateTime.Parse(start, CultureInfo.InvariantCulture) < DateTime.Parse(end, CultureInfo.InvariantCulture), fact.Name);
            // One value per concept, entity, period and unit: no duplicates to reconcile.
            Assert.True(dimensions.TryAdd($"{concept}|{entity}|{when}|{unit}", v.GetProperty("value").GetString()!), $"{fact.Name}: duplicate");
        }

        // Every reported value of the statements and KPI tables has its fact, with a value some release reports for it.
        var reported = q.AllFacts().Where(f => !f.Convenience && ReportedTables.Contains(f.Table)).ToList();
        foreach (var group in reported.GroupBy(f => $"{f.Concept}|{XbrlJsonExport.Entity(f.Company)}|{XbrlJsonExport.Period(f.PeriodStart, f.PeriodEnd)}|{XbrlJsonExport.Unit(f, q.Taxonomy)}"))
        {
            Assert.True(dimensions.TryGetValue(group.Key, out var value), $"no fact for {group.Key}");
            var f = group.First();
            var expected = group.Select(x => x.Unit == "percent" ? x.Value / 100m : x.Value).ToList();
            Assert.Contains(decimal.Parse(value, CultureInfo.InvariantCulture), expected);
        }
        Assert.Equal(reported.Select(f => (f.Concept, f.Company, f.PeriodStart, f.PeriodEnd, f.Unit)).Distinct().Count(), facts.Count);
        Assert.Contains(dimensions.Keys, k => k.EndsWith("|iso4217:JPY", StringComparison.Ordinal));
        Assert.Contains(dimensions.Keys, k => k.EndsWith("|iso4217:USD", StringComparison.Ordinal));
        Assert.Contains(dimensions.Keys, k => k.EndsWith("/xbrli:shares", StringComparison.Ordinal));
        Assert.Contains(dimensions.Keys, k => k.EndsWith("|xbrli:pure", StringComparison.Ordinal));
        Assert.Contains(dimensions.Keys, k => !k.Split('|')[2].Contains('/'));
        Assert.Contains(dimensions.Keys, k => k.Split('|')[2].Contains('/'));
    }

    /// <summary>JSON member names unique in every object (a parser keeps the last of two, so duplicates must be caught on the tokens).</summary>
    static void AssertUniqueMemberNames(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var scopes = new Stack<HashSet<string>>();
        while (reader.Read())
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: scopes.Push([]); break;
                case JsonTokenType.EndObject: scopes.Pop(); break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    Assert.True(scopes.Peek().Add(name), $"duplicate member {name}");
                    break;
            }
    }
}
