using System.Globalization;
using Kessan.Application;
using Kessan.Proof;

namespace Kessan.Cli;

/// <summary>Writes findings as text (one line each, then a count) or JSON lines (the contract's shape, exact decimals).</summary>
static class FindingWriter
{
    public static void Write(IEnumerable<Finding> findings, string format, TextWriter output)
    {
        switch (format)
        {
            case "jsonl":
                foreach (var f in findings) output.WriteLine(RecordJson.ToJson(ContractRecords.Finding(f)));
                break;
            case "text": WriteText(findings, output); break;
            default: throw new UsageException($"unknown format '{format}' (text, jsonl)");
        }
    }

    static void WriteText(IEnumerable<Finding> findings, TextWriter output)
    {
        int n = 0, errors = 0, repairs = 0;
        foreach (var f in findings)
        {
            n++;
            if (f.Severity == Severity.Error) errors++;
            if (f.Repair is not null) repairs++;
            var text = string.Create(CultureInfo.InvariantCulture, $"{f.Doc}:{f.Line}: {f.Severity.Code()} [{f.Rule}]{(f.PeriodEnd is { } d ? $" {d:yyyy-MM-dd}" : "")} {f.Message}");
            if (f.Repair is { } r) text += $" => repair {RecordJson.Number(r.Value)} ({string.Join("; ", r.Evidence)})";
            output.WriteLine(text);
        }
        output.WriteLine($"{n} findings: {errors} errors, {repairs} repairs");
    }
}
