using Kessan.Analysis;
using Kessan.Facts;
using Kessan.Proof;
using Kessan.Storage;

namespace Kessan.Web;

/// <summary>One page of a list: the items, where it starts, its size, and whether more follow (no count of millions of rows).</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, int Offset, int Limit, bool HasMore, long Total);

/// <summary>A fact as the contract's JSONL prints it.</summary>
internal sealed record FactRecord(string Doc, string DocSha256, string Company, string Concept, string Label, string Table,
    DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, decimal Value, string Unit, bool Convenience,
    int Line, int Column, string Printed, string Status, int? Decimals, decimal? Low, decimal? High, string Lang, string? Footnote)
{
    public static FactRecord From(Fact f) => new(f.Doc, f.DocSha256, f.Company, f.Concept, f.Label, f.Table, f.PeriodStart, f.PeriodEnd,
        f.FiscalPeriod, f.Value, f.Unit, f.Convenience, f.Line, f.Column, f.Printed, f.Status.Code(), f.Decimals, f.Low, f.High, f.Lang, f.Footnote);
}

internal sealed record RepairRecord(decimal Value, IReadOnlyList<string> Evidence);

/// <summary>A finding as <c>kessan check --format jsonl</c> prints it, plus the document's content hash for the link to its text.</summary>
internal sealed record FindingRecord(string Rule, string Severity, string Doc, string? DocSha256, int Line, string? Concept, DateOnly? PeriodEnd,
    decimal? Expected, decimal? Found, string Message, RepairRecord? Repair)
{
    public static FindingRecord From(Finding g, string? sha) => new(g.Rule, g.Severity.Code(), g.Doc, sha, g.Line, g.Concept, g.PeriodEnd,
        g.Expected, g.Found, g.Message, g.Repair is { } r ? new RepairRecord(r.Value, r.Evidence) : null);
}

internal sealed record DocumentRecord(string Doc, string Sha256, string Path, string Company, DateOnly PeriodEnd, string Language,
    int Version, bool Latest, int Facts, int Findings, DateTimeOffset IngestedAt)
{
    public static DocumentRecord From(StoredDocument d) => new(d.Name, d.Sha256, d.Path, d.Meta.Company, d.Meta.ReportingEnd, d.Meta.Language,
        d.Version, d.Latest, d.FactCount, d.FindingCount, d.IngestedAt);
}

internal sealed record SourceRecord(string Doc, string? DocSha256, int Line, string Printed);

internal sealed record RestatementRecord(string Concept, string Label, string Table, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod,
    string Unit, decimal FirstValue, SourceRecord First, decimal LatestValue, SourceRecord Latest, string Kind, string Explanation);

internal sealed record SeriesRecord(string Concept, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, decimal Value, string Unit,
    SourceRecord Source, bool Derived, int Reports, string Basis);

internal sealed record GuidanceRecord(string Concept, string Label, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod,
    decimal? Low, decimal? High, string Unit, SourceRecord Source, decimal? Actual, SourceRecord? ActualSource, string? Verdict);

internal sealed record MetricRecord(string Metric, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, decimal Value, string Unit,
    string Formula, IReadOnlyList<SourceRecord> Inputs, decimal? Printed, SourceRecord? PrintedSource, bool? Agrees);

/// <summary>A regenerated statement of one document: its rows in the document's order, one cell per column the release prints.</summary>
internal sealed record StatementRecord(string Kind, string Doc, string DocSha256, string Company, IReadOnlyList<StatementColumn> Columns,
    IReadOnlyList<StatementRow> Rows);

internal sealed record StatementColumn(int Index, DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, string Unit, bool Convenience, string Table);

internal sealed record StatementRow(string Concept, string Label, int Line, IReadOnlyList<StatementCell?> Cells);

internal sealed record StatementCell(decimal Value, string Printed, string Status, int Line, int Column);

internal sealed record DocumentText(string Doc, string Sha256, int From, int LineCount, IReadOnlyList<DocumentLine> Lines);

internal sealed record CompanyRecord(string Company, int Documents, int Facts, DateOnly FirstPeriodEnd, DateOnly LastPeriodEnd);

/// <summary>The company page's charts: each series a list of quarter points, on one basis.</summary>
internal sealed record CompanyCharts(string Company, string Basis, string? Unit, IReadOnlyList<ChartSeries> Revenue,
    IReadOnlyList<ChartSeries> Margins, IReadOnlyList<ChartSeries> Cash);

internal sealed record ChartSeries(string Name, string Concept, string Unit, IReadOnlyList<ChartPoint> Points);

internal sealed record ChartPoint(DateOnly? PeriodStart, DateOnly PeriodEnd, string FiscalPeriod, decimal Value, SourceRecord? Source);

internal static class Convert2
{
    public static SourceRecord Source(SourceRef s, Func<string, string?> sha) => new(s.Doc, sha(s.Doc), s.Line, s.Printed);
}
