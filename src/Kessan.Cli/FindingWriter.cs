using System.Globalization;
using System.Text.Json;
using Kessan.Proof;

namespace Kessan.Cli;

/// <summary>Writes findings as text (one line each, then a count) or JSON lines (the contract's shape, exact decimals).</summary>
static class FindingWriter
{
    public static void Write(IEnumerable<Finding> findings, string format, TextWriter output)
    {
        switch (format)
        {
            case "jsonl": WriteJsonLines(findings, output); break;
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
            if (f.Repair is { } r) text += string.Create(CultureInfo.InvariantCulture, $" => repair {r.Value} ({string.Join("; ", r.Evidence)})");
            output.WriteLine(text);
        }
        output.WriteLine($"{n} findings: {errors} errors, {repairs} repairs");
    }

    static void WriteJsonLines(IEnumerable<Finding> findings, TextWriter output)
    {
        var buffer = new MemoryStream();
        foreach (var f in findings)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("rule", f.Rule);
                w.WriteString("severity", f.Severity.Code());
                w.WriteString("doc", f.Doc);
                w.WriteNumber("line", f.Line);
                if (f.Concept is { } c) w.WriteString("concept", c); else w.WriteNull("concept");
                if (f.PeriodEnd is { } d) w.WriteString("periodEnd", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); else w.WriteNull("periodEnd");
                if (f.Expected is { } e) w.WriteNumber("expected", e); else w.WriteNull("expected");
                if (f.Found is { } x) w.WriteNumber("found", x); else w.WriteNull("found");
                w.WriteString("message", f.Message);
                if (f.Repair is { } r)
                {
                    w.WriteStartObject("repair");
                    w.WriteNumber("value", r.Value);
                    w.WriteStartArray("evidence");
                    foreach (var ev in r.Evidence) w.WriteStringValue(ev);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }
}
