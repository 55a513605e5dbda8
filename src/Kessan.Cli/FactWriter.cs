using Kessan.Facts;

namespace Kessan.Cli;

/// <summary>Facts in the contract's shape: every field for csv and jsonl, the readable ones for the table view.</summary>
static class FactWriter
{
    static readonly string[] TableColumns = ["doc", "line", "table", "concept", "label", "periodStart", "periodEnd", "value", "unit", "printed", "status"];

    public static void Write(IEnumerable<Fact> facts, string format, TextWriter output) =>
        RecordWriter.Write(facts.Select(ToRecord), format, output, TableColumns, "facts");

    public static Record ToRecord(Fact f)
    {
        var r = new Record()
            .Add("doc", f.Doc).Add("docSha256", f.DocSha256).Add("company", f.Company)
            .Add("concept", f.Concept).Add("label", f.Label).Add("table", f.Table)
            .Add("periodStart", f.PeriodStart).Add("periodEnd", f.PeriodEnd).Add("fiscalPeriod", f.FiscalPeriod)
            .Add("value", f.Value).Add("unit", f.Unit).Add("convenience", f.Convenience)
            .Add("line", f.Line).Add("column", f.Column).Add("printed", f.Printed).Add("status", f.Status.Code()).Add("decimals", f.Decimals)
            .Add("lang", f.Lang)
            // Guidance ranges (null for other facts; either end may be open) and a growth rate's base period.
            .Add("low", f.Low).Add("high", f.High).Add("baseStart", f.BaseStart).Add("baseEnd", f.BaseEnd);
        return r;
    }
}
