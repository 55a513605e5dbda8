using Kessan.Application;
using Kessan.Facts;

namespace Kessan.Cli;

/// <summary>
/// Facts in the contract's shape: every field for csv and jsonl; for the table view the readable ones, fitted to the
/// terminal (80–120 columns: labels and names cut, never figures) unless <c>--wide</c> asks for every column uncut.
/// </summary>
static class FactWriter
{
    // "unit" carries a mark for a convenience translation so the narrow view needs no column of its own.
    static readonly string[] Narrow = ["doc", "line", "fiscalPeriod", "concept", "label", "value", "unit", "status"];
    static readonly string[] Wide = ["doc", "line", "column", "table", "concept", "label", "periodStart", "periodEnd", "fiscalPeriod",
        "value", "unit", "convenience", "printed", "decimals", "status"];
    const string ConvenienceMark = "*";

    public static void Write(IEnumerable<Fact> facts, string format, TextWriter output, bool wide = false, int? width = null)
    {
        if (format != "table")
        {
            RecordWriter.Write(facts.Select(ContractRecords.Fact), format, output);
            return;
        }
        var list = facts.ToList();
        var records = list.Select(f =>
        {
            var r = ContractRecords.Fact(f);
            if (!wide && f.Convenience)
            {
                int i = r.FindIndex(x => x.Name == "unit");
                r[i] = ("unit", f.Unit + ConvenienceMark);
            }
            return r;
        });
        var legend = !wide && list.Any(f => f.Convenience) ? $"{ConvenienceMark} convenience translation (not a reported figure)" : null;
        RecordWriter.Write(records, "table", output, wide
            ? new TableLayout(Wide, "facts")
            : new TableLayout(Narrow, "facts", width ?? TerminalWidth(), ["label", "concept", "doc"], legend));
    }

    /// <summary>The terminal's width, held to 80–120; 120 when output is not a terminal (a pipe, a file, a test).</summary>
    static int TerminalWidth()
    {
        try
        {
            if (!Console.IsOutputRedirected && Console.WindowWidth > 0) return Math.Clamp(Console.WindowWidth, 80, 120);
        }
        catch (IOException) { }
        return 120;
    }
}
