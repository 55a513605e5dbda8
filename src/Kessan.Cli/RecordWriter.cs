using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace Kessan.Cli;

/// <summary>A row of output: named fields in order, with typed values (decimal stays exact, null stays null).</summary>
public sealed class Record : List<(string Name, object? Value)>
{
    public Record Add(string name, object? value) { base.Add((name, value)); return this; }
}

/// <summary>Writes records as JSON lines, CSV or aligned text columns: the three formats every listing command offers.</summary>
static class RecordWriter
{
    public static void Write(IEnumerable<Record> records, string format, TextWriter output, string[]? tableColumns = null, string? noun = null)
    {
        switch (format)
        {
            case "jsonl": WriteJsonLines(records, output); break;
            case "csv": WriteCsv(records, output); break;
            case "table": WriteTable(records.ToList(), output, tableColumns, noun ?? "rows"); break;
            default: throw new UsageException($"unknown format '{format}' (table, csv, jsonl)");
        }
    }

    static string Text(object? v) => v switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    static void WriteJsonLines(IEnumerable<Record> records, TextWriter output)
    {
        var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var record in records)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer, options))
            {
                w.WriteStartObject();
                foreach (var (name, value) in record)
                    switch (value)
                    {
                        case null: w.WriteNull(name); break;
                        case decimal d: w.WriteNumber(name, d); break;
                        case int i: w.WriteNumber(name, i); break;
                        case bool b: w.WriteBoolean(name, b); break;
                        case string[] list:
                            w.WriteStartArray(name);
                            foreach (var item in list) w.WriteStringValue(item);
                            w.WriteEndArray();
                            break;
                        default: w.WriteString(name, Text(value)); break;
                    }
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    static void WriteCsv(IEnumerable<Record> records, TextWriter output)
    {
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        bool header = false;
        foreach (var record in records)
        {
            if (!header)
            {
                foreach (var (name, _) in record) csv.WriteField(name);
                csv.NextRecord();
                header = true;
            }
            foreach (var (_, value) in record) csv.WriteField(value is string[] list ? string.Join("; ", list) : Text(value));
            csv.NextRecord();
        }
    }

    /// <summary>Plain aligned columns (numbers right-aligned with thousands separators): readable in a terminal, stable when piped.</summary>
    static void WriteTable(List<Record> records, TextWriter output, string[]? columns, string noun)
    {
        if (records.Count == 0) { output.WriteLine($"0 {noun}"); return; }
        columns ??= records[0].Select(f => f.Name).ToArray();
        var rows = records.Select(r => columns.Select(c => Cell(r.FirstOrDefault(f => f.Name == c).Value)).ToArray()).ToList();
        var numeric = columns.Select((c, i) => records.All(r => r.FirstOrDefault(f => f.Name == c).Value is null or decimal or int)).ToArray();
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();
        void Line(string[] cells) => output.WriteLine(string.Join("  ", cells.Select((c, i) => numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Line(columns);
        foreach (var r in rows) Line(r);
        output.WriteLine($"{rows.Count} {noun}");
    }

    static string Cell(object? v) => v switch
    {
        decimal d => d.ToString("#,0.####", CultureInfo.InvariantCulture),
        string s when s.Length > 60 => s[..59] + "…",
        string[] list => string.Join("; ", list),
        _ => Text(v),
    };
}
