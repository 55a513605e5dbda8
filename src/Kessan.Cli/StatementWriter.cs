using System.Globalization;
using CsvHelper;
using Kessan.Application;

namespace Kessan.Cli;

/// <summary>
/// A regenerated statement as a table (the release's rows, a column per period, then YoY %, QoQ %, % of total; a
/// value not proven ok is marked), CSV (a value and a status column per period) or JSON lines (one row each, every cell
/// with its period, status and source).
/// </summary>
static class StatementWriter
{
    public static void Write(Statement s, string format, TextWriter output)
    {
        switch (format)
        {
            case "jsonl":
                foreach (var r in ContractRecords.StatementRows(s)) output.WriteLine(RecordJson.ToJson(r));
                break;
            case "csv": WriteCsv(s, output); break;
            case "table": WriteTable(s, output); break;
            default: throw new UsageException($"unknown format '{format}' (table, csv, jsonl)");
        }
    }

    /// <summary>What a column is called: its fiscal period, and for a comparison or a translation what it is.</summary>
    public static string Header(StatementColumn c) => c.Role switch
    {
        StatementRoles.Convenience => $"{c.FiscalPeriod} (USD conv.)",
        StatementRoles.PriorYear => $"{c.FiscalPeriod} (prior year{(c.Source == "store" ? ", stored" : "")})",
        StatementRoles.PriorQuarter => $"{c.FiscalPeriod} (prior quarter{(c.Source == "store" ? ", stored" : "")})",
        _ when c.Convenience => $"{c.FiscalPeriod} (USD conv.)",
        _ => c.PeriodStart is { } start ? $"{c.FiscalPeriod} ({start:yyyy-MM-dd}–{c.PeriodEnd:yyyy-MM-dd})" : $"{c.FiscalPeriod} ({c.PeriodEnd:yyyy-MM-dd})",
    };

    static void WriteCsv(Statement s, TextWriter output)
    {
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "order", "line", "concept", "label", "unit" }) csv.WriteField(h);
        foreach (var c in s.Columns) { csv.WriteField(Header(c)); csv.WriteField(Header(c) + " status"); }
        foreach (var h in new[] { "yoyPercent", "qoqPercent", "percentOfTotal" }) csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in s.Rows)
        {
            csv.WriteField(r.Order); csv.WriteField(r.Line); csv.WriteField(r.Concept); csv.WriteField(r.Label); csv.WriteField(r.Unit);
            foreach (var cell in r.Cells) { csv.WriteField(RecordJson.Text(cell?.Value)); csv.WriteField(cell?.Status ?? ""); }
            csv.WriteField(RecordJson.Text(r.YoYPercent)); csv.WriteField(RecordJson.Text(r.QoQPercent)); csv.WriteField(RecordJson.Text(r.PercentOfTotal));
            csv.NextRecord();
        }
    }

    static void WriteTable(Statement s, TextWriter output)
    {
        var title = s.Table switch { "income" => "Income statement", "income_ytd" => "Income statement (year to date)", "balance" => "Balance sheet", _ => "Cash-flow statement" };
        output.WriteLine($"{title} — {s.Company} — {s.FiscalPeriod} ({(s.PeriodStart is { } st ? $"{st:yyyy-MM-dd} to " : "as of ")}{s.PeriodEnd:yyyy-MM-dd}) — from {s.Doc}");
        var headers = new List<string> { s.Lang == "ja" ? "科目" : "line item", "unit" };
        headers.AddRange(s.Columns.Select(Header));
        headers.AddRange(["YoY %", "QoQ %", "% of total"]);
        var rows = s.Rows.Select(r =>
        {
            var cells = new List<string> { r.Label, r.Unit };
            cells.AddRange(r.Cells.Select(Value));
            cells.AddRange([Percent(r.YoYPercent), Percent(r.QoQPercent), Percent(r.PercentOfTotal)]);
            return cells.ToArray();
        }).ToList();
        var widths = headers.Select((h, i) => Math.Max(Width(h), rows.Count == 0 ? 0 : rows.Max(r => Width(r[i])))).ToArray();
        void Line(IReadOnlyList<string> cells) =>
            output.WriteLine(string.Join("  ", cells.Select((c, i) => i < 2 ? Pad(c, widths[i], left: false) : Pad(c, widths[i], left: true))).TrimEnd());
        Line(headers);
        foreach (var r in rows) Line(r);
        output.WriteLine($"{s.Rows.Count} lines; [F] flagged by a finding, [R] repaired (the proven value; the release prints another)");
    }

    static string Value(StatementCell? c) => c is null ? "" : c.Value.ToString("#,0.##########", CultureInfo.InvariantCulture) + c.Status switch
    {
        "flagged" => " [F]",
        "repaired" => " [R]",
        _ => "",
    };

    static string Percent(decimal? p) => p is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "";

    /// <summary>Display width: CJK characters take two columns in a terminal.</summary>
    static int Width(string s) => s.Sum(ch => ch >= 0x1100 && (ch <= 0x115f || (ch >= 0x2e80 && ch <= 0xa4cf) || (ch >= 0xac00 && ch <= 0xd7a3) || (ch >= 0xf900 && ch <= 0xfaff) || (ch >= 0xfe30 && ch <= 0xfe4f) || (ch >= 0xff00 && ch <= 0xff60) || (ch >= 0xffe0 && ch <= 0xffe6)) ? 2 : 1);

    static string Pad(string s, int width, bool left)
    {
        var pad = new string(' ', Math.Max(0, width - Width(s)));
        return left ? pad + s : s + pad;
    }
}
