using Kessan.Analysis;
using Kessan.Facts;
using Kessan.Proof;
using Kessan.Storage;

namespace Kessan.Application;

/// <summary>
/// The contract's shapes (CONTRACT.md): each answer of <see cref="KessanQueries"/> as the ordered fields every host
/// prints. A field is named here once; the CLI's jsonl/csv/table and the HTTP JSON read the same record.
/// </summary>
public static class ContractRecords
{
    public static ContractRecord Fact(Fact f) => new ContractRecord()
        .Add("doc", f.Doc).Add("docSha256", f.DocSha256).Add("company", f.Company)
        .Add("concept", f.Concept).Add("label", f.Label).Add("table", f.Table)
        .Add("periodStart", f.PeriodStart).Add("periodEnd", f.PeriodEnd).Add("fiscalPeriod", f.FiscalPeriod)
        .Add("value", f.Value).Add("unit", f.Unit).Add("convenience", f.Convenience)
        .Add("line", f.Line).Add("column", f.Column).Add("printed", f.Printed).Add("status", f.Status.Code()).Add("decimals", f.Decimals)
        .Add("lang", f.Lang)
        // Guidance ranges (null for other facts; either end may be open) and a growth rate's base period.
        .Add("low", f.Low).Add("high", f.High).Add("baseStart", f.BaseStart).Add("baseEnd", f.BaseEnd);

    /// <summary>A finding; <c>repair</c> is present only where a value is proven (the contract's example).</summary>
    public static ContractRecord Finding(Finding g)
    {
        var r = new ContractRecord()
            .Add("rule", g.Rule).Add("severity", g.Severity.Code()).Add("doc", g.Doc).Add("line", g.Line)
            .Add("concept", g.Concept).Add("periodEnd", g.PeriodEnd).Add("expected", g.Expected).Add("found", g.Found)
            .Add("message", g.Message);
        if (g.Repair is { } repair) r.Add("repair", new ContractRecord().Add("value", repair.Value).Add("evidence", repair.Evidence.ToArray()));
        return r;
    }

    public static ContractRecord Document(StoredDocument d) => new ContractRecord()
        .Add("doc", d.Name).Add("path", d.Path).Add("sha256", d.Sha256).Add("company", d.Meta.Company)
        .Add("periodEnd", d.Meta.ReportingEnd).Add("language", d.Meta.Language).Add("version", d.Version).Add("latest", d.Latest)
        .Add("facts", d.FactCount).Add("findings", d.FindingCount).Add("ingestedAt", d.IngestedAt);

    public static ContractRecord Restatement(Restatement r) => new ContractRecord()
        .Add("concept", r.Concept).Add("label", r.Label).Add("table", r.Table)
        .Add("periodStart", r.PeriodStart).Add("periodEnd", r.PeriodEnd).Add("fiscalPeriod", r.FiscalPeriod).Add("unit", r.Unit)
        .Add("firstValue", r.FirstValue).Add("firstDoc", r.First.Doc).Add("firstLine", r.First.Line)
        .Add("latestValue", r.LatestValue).Add("latestDoc", r.Latest.Doc).Add("latestLine", r.Latest.Line)
        .Add("kind", r.Kind).Add("explanation", r.Explanation);

    public static ContractRecord SeriesPoint(string concept, Basis basis, SeriesPoint p) => new ContractRecord()
        .Add("concept", concept).Add("periodStart", p.PeriodStart).Add("periodEnd", p.PeriodEnd)
        .Add("fiscalPeriod", p.FiscalPeriod).Add("value", p.Value).Add("unit", p.Unit)
        .Add("doc", p.Source.Doc).Add("line", p.Source.Line).Add("printed", p.Source.Printed)
        .Add("derived", p.Derived).Add("reports", p.Reports).Add("basis", BasisCode(basis));

    /// <summary>A forecast: its range as printed (<c>low</c>, <c>high</c>; never a midpoint) and the actual once reported.</summary>
    public static ContractRecord Guidance(GuidanceOutcome o) => new ContractRecord()
        .Add("concept", o.Guidance.Concept).Add("label", o.Guidance.Label)
        .Add("periodStart", o.Guidance.PeriodStart).Add("periodEnd", o.Guidance.PeriodEnd).Add("fiscalPeriod", o.Guidance.FiscalPeriod)
        .Add("low", o.Guidance.Low).Add("high", o.Guidance.High).Add("unit", o.Guidance.Unit)
        .Add("baseStart", o.Guidance.BaseStart).Add("baseEnd", o.Guidance.BaseEnd)
        .Add("doc", o.Guidance.Doc).Add("line", o.Guidance.Line).Add("printed", o.Guidance.Printed)
        .Add("actual", o.Actual).Add("actualDoc", o.ActualSource?.Doc).Add("actualLine", o.ActualSource?.Line)
        .Add("actualPrinted", o.ActualSource?.Printed).Add("verdict", o.Verdict);

    public static ContractRecord Metric(Metric m) => new ContractRecord()
        .Add("metric", m.Name).Add("periodStart", m.PeriodStart).Add("periodEnd", m.PeriodEnd).Add("fiscalPeriod", m.FiscalPeriod)
        .Add("value", m.Value).Add("unit", m.Unit).Add("formula", m.Formula)
        .Add("inputs", m.Inputs.Select(i => $"{i.Doc}:{i.Line}").ToArray())
        .Add("printed", m.Printed).Add("printedDoc", m.PrintedSource?.Doc).Add("printedLine", m.PrintedSource?.Line).Add("agrees", m.Agrees);

    public static string BasisCode(Basis b) => b == Basis.FirstReported ? "first-reported" : "latest";

    public static Basis ParseBasis(string? code) => code switch
    {
        null or "" or "latest" => Basis.Latest,
        "first-reported" => Basis.FirstReported,
        _ => throw new InvalidQueryException("basis", $"unknown basis '{code}' (latest, first-reported)"),
    };
}
