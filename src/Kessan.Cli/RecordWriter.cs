using System.Globalization;
using CsvHelper;
using Kessan.Application;

namespace Kessan.Cli;

/// <summary>How a table view is laid out: its columns, its noun ("12 facts"), and the widest it may print.</summary>
sealed record TableLayout(string[]? Columns = null, string Noun = "rows", int? MaxWidth = null, string[]? Shrinkable = null, string? Legend = null);

/// <summary>Writes records as JSON lines, CSV or aligned text columns: the three formats every listing command offers.</summary>
static class RecordWriter
{
    public static void Write(IEnumerable<ContractRecord> records, string format, TextWriter output, string[]? tableColumns = null, string? noun = null) =>
        Write(records, format, output, new TableLayout(tableColumns, noun ?? "rows"));

    public static void Write(IEnumerable<ContractRecord> records, string format, TextWriter output, TableLayout layout)
    {
        switch (format)
        {
            case "jsonl": WriteJsonLines(records, output); break;
            case "csv": WriteCsv(records, output); break;
            case "table": WriteTable(records.ToList(), output, layout); break;
            default: throw new UsageException($"unknown format '{format}' (table, csv, jsonl)");
        }
    }

    static void WriteJsonLines(IEnumerable<ContractRecord> records, TextWriter output)
    {
        foreach (var record in records) output.WriteLine(RecordJson.ToJson(record));
    }

    public static void WriteCsv(IEnumerable<ContractRecord> records, TextWriter output)
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
            foreach (var (_, value) in record) csv.WriteField(value is ContractRecord nested ? RecordJson.ToJson(nested) : RecordJson.Text(value));
            csv.NextRecord();
        }
    }

    /// <summary>
    /// Plain aligned columns (numbers right-aligned with thousands separators): readable in a terminal, stable when piped.
    /// With a width limit the shrinkable text columns are cut (with "…") widest first until the line fits.
    /// </summary>
    static void WriteTable(List<ContractRecord> records, TextWriter output, TableLayout layout)
    {
        if (records.Count == 0) { output.WriteLine($"0 {layout.Noun}"); return; }
        var columns = layout.Columns ?? records[0].Select(f => f.Name).ToArray();
        var rows = records.Select(r => columns.Select(c => Cell(r[c], layout.MaxWidth is null)).ToArray()).ToList();
        var numeric = columns.Select(c => records.All(r => r[c] is null or decimal or int or long)).ToArray();
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();
        if (layout.MaxWidth is { } max)
        {
            var shrink = columns.Select((c, i) => layout.Shrinkable?.Contains(c) == true ? i : -1).Where(i => i >= 0).ToList();
            while (widths.Sum() + 2 * (widths.Length - 1) > max && shrink.Count > 0)
            {
                int widest = shrink.MaxBy(i => widths[i]);
                if (widths[widest] <= 8) break;
                widths[widest]--;
            }
            foreach (var r in rows)
                for (int i = 0; i < r.Length; i++)
                    if (r[i].Length > widths[i]) r[i] = r[i][..(widths[i] - 1)] + "…";
        }
        void Line(string[] cells) => output.WriteLine(string.Join("  ", cells.Select((c, i) => numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Line(columns.Select((c, i) => c.Length > widths[i] ? c[..widths[i]] : c).ToArray());
        foreach (var r in rows) Line(r);
        output.WriteLine($"{rows.Count} {layout.Noun}");
        if (layout.Legend is { } legend) output.WriteLine(legend);
    }

    static string Cell(object? v, bool cut) => v switch
    {
        decimal d => d.ToString("#,0.##########", CultureInfo.InvariantCulture),
        string s when cut && s.Length > 60 => s[..59] + "…",
        _ => RecordJson.Text(v),
    };
}

/// <summary>A mistake in how a command was called: exit code 2.</summary>
sealed class UsageException(string message) : Exception(message);
