using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Kessan.Facts;

namespace Kessan.Cli;

/// <summary>Writes facts as an aligned table, CSV or JSON lines (the contract's shape, exact decimals).</summary>
static class FactWriter
{
    static readonly string[] Columns =
        ["doc", "concept", "label", "table", "periodStart", "periodEnd", "fiscalPeriod", "value", "unit", "convenience", "line", "column", "printed", "status"];

    public static void Write(IEnumerable<Fact> facts, string format, TextWriter output)
    {
        switch (format)
        {
            case "jsonl": WriteJsonLines(facts, output); break;
            case "csv": WriteCsv(facts, output); break;
            case "table": WriteTable(facts, output); break;
            default: throw new UsageException($"unknown format '{format}' (table, csv, jsonl)");
        }
    }

    static string Date(DateOnly? d) => d is { } v ? v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    static string[] Cells(Fact f) =>
    [
        f.Doc, f.Concept, f.Label, f.Table, Date(f.PeriodStart), Date(f.PeriodEnd), f.FiscalPeriod,
        f.Value.ToString(CultureInfo.InvariantCulture), f.Unit, f.Convenience ? "true" : "false",
        f.Line.ToString(CultureInfo.InvariantCulture), f.Column.ToString(CultureInfo.InvariantCulture), f.Printed, f.Status.Code(),
    ];

    static void WriteJsonLines(IEnumerable<Fact> facts, TextWriter output)
    {
        var buffer = new MemoryStream();
        foreach (var f in facts)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("doc", f.Doc);
                w.WriteString("docSha256", f.DocSha256);
                w.WriteString("company", f.Company);
                w.WriteString("concept", f.Concept);
                w.WriteString("label", f.Label);
                w.WriteString("table", f.Table);
                if (f.PeriodStart is { } s) w.WriteString("periodStart", Date(s)); else w.WriteNull("periodStart");
                w.WriteString("periodEnd", Date(f.PeriodEnd));
                w.WriteString("fiscalPeriod", f.FiscalPeriod);
                w.WriteNumber("value", f.Value);
                w.WriteString("unit", f.Unit);
                w.WriteBoolean("convenience", f.Convenience);
                w.WriteNumber("line", f.Line);
                w.WriteNumber("column", f.Column);
                w.WriteString("printed", f.Printed);
                w.WriteString("status", f.Status.Code());
                w.WriteString("lang", f.Lang);
                if (f.Table == "guidance")
                {
                    if (f.Low is { } low) w.WriteNumber("low", low); else w.WriteNull("low");
                    if (f.High is { } high) w.WriteNumber("high", high); else w.WriteNull("high");
                    if (f.BaseEnd is { } baseEnd)
                    {
                        w.WriteString("baseStart", Date(f.BaseStart));
                        w.WriteString("baseEnd", Date(baseEnd));
                    }
                }
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    static void WriteCsv(IEnumerable<Fact> facts, TextWriter output)
    {
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var c in Columns) csv.WriteField(c);
        csv.NextRecord();
        foreach (var f in facts)
        {
            foreach (var c in Cells(f)) csv.WriteField(c);
            csv.NextRecord();
        }
    }

    /// <summary>Plain aligned columns: readable in a terminal and stable when piped.</summary>
    static void WriteTable(IEnumerable<Fact> facts, TextWriter output)
    {
        string[] headers = ["doc", "line", "concept", "label", "period", "value", "unit", "printed", "status"];
        var rows = facts.Select(f => new[]
        {
            f.Doc, f.Line.ToString(CultureInfo.InvariantCulture), Truncate(f.Concept, 56), Truncate(f.Label, 48),
            f.PeriodStart is null ? Date(f.PeriodEnd) : $"{Date(f.PeriodStart)}..{Date(f.PeriodEnd)}",
            f.Value.ToString("#,0.####", CultureInfo.InvariantCulture), f.Convenience ? f.Unit + "*" : f.Unit, f.Printed, f.Status.Code(),
        }).ToList();
        var widths = headers.Select((h, i) => rows.Count == 0 ? h.Length : Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        bool[] right = [false, true, false, false, false, true, false, true, false];
        void Line(string[] cells) => output.WriteLine(string.Join("  ", cells.Select((c, i) => right[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        foreach (var r in rows) Line(r);
        output.WriteLine($"{rows.Count} facts (* convenience translation)");
    }

    static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
