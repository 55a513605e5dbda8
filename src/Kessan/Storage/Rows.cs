using System.Data.Common;
using System.Globalization;
using Kessan.Facts;
using Kessan.Proof;

namespace Kessan.Storage;

/// <summary>How a column travels: SQLite keeps decimals and dates as text, PostgreSQL as numeric and date.</summary>
public enum ColumnKind { BigInt, Int, Text, Decimal, Date }

/// <summary>The integer keys of the repeated strings of one fact (interned once per store, not stored per row).</summary>
public readonly record struct FactKeys(long Company, long Document, long Concept, long Label, long Period, long Unit);

/// <summary>
/// The one mapping between a <see cref="Fact"/> and a row, shared by both stores: the column list (with the kind
/// each backend converts), the values of one fact, and the fact read back from <see cref="Select"/>. A field added
/// to <see cref="Fact"/> is added here (and to each backend's migration), nowhere else.
/// </summary>
public static class FactRow
{
    public static readonly (string Name, ColumnKind Kind)[] Columns =
    [
        ("company_id", ColumnKind.BigInt), ("document_id", ColumnKind.BigInt), ("seq", ColumnKind.Int),
        ("concept_id", ColumnKind.BigInt), ("label_id", ColumnKind.BigInt), ("period_id", ColumnKind.BigInt), ("unit_id", ColumnKind.BigInt),
        ("table_kind", ColumnKind.Text), ("value", ColumnKind.Decimal), ("convenience", ColumnKind.Int), ("line", ColumnKind.Int),
        ("col", ColumnKind.Int), ("printed", ColumnKind.Text), ("status", ColumnKind.Text), ("lang", ColumnKind.Text), ("known", ColumnKind.Int),
        ("low", ColumnKind.Decimal), ("high", ColumnKind.Decimal), ("base_start", ColumnKind.Date), ("base_end", ColumnKind.Date),
        ("footnote", ColumnKind.Text), ("decimals", ColumnKind.Int),
    ];

    /// <summary>The values of <see cref="Columns"/> for one fact, in order (null for SQL NULL).</summary>
    public static void Fill(object?[] row, Fact f, FactKeys k, int seq)
    {
        row[0] = k.Company; row[1] = k.Document; row[2] = seq;
        row[3] = k.Concept; row[4] = k.Label; row[5] = k.Period; row[6] = k.Unit;
        row[7] = f.Table; row[8] = f.Value; row[9] = f.Convenience ? 1 : 0; row[10] = f.Line;
        row[11] = f.Column; row[12] = f.Printed; row[13] = f.Status.Code(); row[14] = f.Lang; row[15] = f.KnownConcept ? 1 : 0;
        row[16] = f.Low; row[17] = f.High; row[18] = f.BaseStart; row[19] = f.BaseEnd;
        row[20] = f.Footnote; row[21] = f.Decimals;
    }

    /// <summary>The select list <see cref="Read"/> expects, over <see cref="From"/>.</summary>
    public const string Select = """
        d.name, d.sha256, c.name, k.name, l.name, f.table_kind, p.start_date, p.end_date, p.fiscal, f.value, u.name, f.convenience,
        f.line, f.col, f.printed, f.status, f.lang, f.known, f.low, f.high, f.base_start, f.base_end, f.footnote, f.decimals
        """;

    const string Dimensions = """

        JOIN companies c ON c.id = d.company_id
        JOIN concepts k ON k.id = f.concept_id
        JOIN labels l ON l.id = f.label_id
        JOIN periods p ON p.id = f.period_id
        JOIN units u ON u.id = f.unit_id
        """;

    /// <summary>Facts joined to their document and dimensions; the company key is part of every join (Citus co-location).</summary>
    public const string From = "facts f\nJOIN documents d ON d.company_id = f.company_id AND d.id = f.document_id" + Dimensions;

    /// <summary>
    /// <see cref="From"/> with the documents joined after the facts whatever the planner estimates (SQLite keeps a CROSS
    /// JOIN's order; PostgreSQL plans it as any join), for reads driven by an index range of the facts in the order it
    /// gives; <see cref="DocumentOfFact"/> goes into the WHERE clause.
    /// </summary>
    public const string FromFactsFirst = "facts f\nCROSS JOIN documents d" + Dimensions;

    /// <summary>
    /// <see cref="From"/> with the documents outside, in the order their conditions or listing order pick them, and
    /// each document's facts found by its key (the primary key, or the history index's company and concept):
    /// listings and counts, whatever they filter on; <see cref="DocumentOfFact"/> goes into the WHERE clause.
    /// </summary>
    public const string FromDocumentsFirst = "documents d\nCROSS JOIN facts f" + Dimensions;

    public const string DocumentOfFact = "d.company_id = f.company_id AND d.id = f.document_id";

    public static Fact Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        Value.Date(r, 6), Value.Date(r, 7)!.Value, r.GetString(8), Value.Dec(r, 9)!.Value, r.GetString(10), Value.Int(r, 11) != 0,
        Value.Int(r, 12)!.Value, Value.Int(r, 13)!.Value, r.GetString(14), FactStatusCodes.Parse(r.GetString(15)), r.GetString(16), Value.Int(r, 17) != 0,
        Value.Dec(r, 18), Value.Dec(r, 19), Value.Date(r, 20), Value.Date(r, 21), r.IsDBNull(22) ? null : r.GetString(22), Value.Int(r, 23));
}

/// <summary>The one mapping between a <see cref="Finding"/> and a row, shared by both stores.</summary>
public static class FindingRow
{
    public static readonly (string Name, ColumnKind Kind)[] Columns =
    [
        ("company_id", ColumnKind.BigInt), ("document_id", ColumnKind.BigInt), ("seq", ColumnKind.Int),
        ("rule", ColumnKind.Text), ("severity", ColumnKind.Text), ("line", ColumnKind.Int), ("concept", ColumnKind.Text),
        ("period_end", ColumnKind.Date), ("expected", ColumnKind.Decimal), ("found", ColumnKind.Decimal), ("message", ColumnKind.Text),
        ("repair_value", ColumnKind.Decimal), ("evidence", ColumnKind.Text),
    ];

    public static void Fill(object?[] row, Finding g, long company, long document, int seq)
    {
        row[0] = company; row[1] = document; row[2] = seq;
        row[3] = g.Rule; row[4] = g.Severity.Code(); row[5] = g.Line; row[6] = g.Concept;
        row[7] = g.PeriodEnd; row[8] = g.Expected; row[9] = g.Found; row[10] = g.Message;
        row[11] = g.Repair?.Value;
        // Evidence items are one line each; stored newline-separated.
        row[12] = g.Repair is { } r ? string.Join('\n', r.Evidence) : null;
    }

    public const string Select = "d.name, g.rule, g.severity, g.line, g.concept, g.period_end, g.expected, g.found, g.message, g.repair_value, g.evidence";

    public const string From = "findings g JOIN documents d ON d.company_id = g.company_id AND d.id = g.document_id";

    public static Finding Read(DbDataReader r) => new(
        r.GetString(1), SeverityCodes.Parse(r.GetString(2)), r.GetString(0), Value.Int(r, 3)!.Value,
        r.IsDBNull(4) ? null : r.GetString(4), Value.Date(r, 5), Value.Dec(r, 6), Value.Dec(r, 7), r.GetString(8),
        Value.Dec(r, 9) is { } v ? new Repair(v, r.IsDBNull(10) ? [] : r.GetString(10).Split('\n')) : null);
}

/// <summary>Reading a column whichever way the backend stored it (text in SQLite, native types in PostgreSQL).</summary>
static class Value
{
    public static decimal? Dec(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetValue(i) switch
    {
        decimal d => d,
        string s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture),
        var o => Convert.ToDecimal(o, CultureInfo.InvariantCulture),
    };

    public static DateOnly? Date(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetValue(i) switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        string s => IsoDate(s),
        var o => throw new InvalidCastException($"not a date: {o}"),
    };

    // Dates are written as yyyy-MM-dd (Iso): read by their digits, a fifth of ParseExact's cost on a history read.
    static DateOnly IsoDate(string s)
    {
        if (s.Length == 10 && s[4] == '-' && s[7] == '-' && int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int y)
            && int.TryParse(s.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            && int.TryParse(s.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int d)
            && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y == 0 ? 1 : y, m) && y >= 1)
            return new DateOnly(y, m, d);
        return DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>An instant written with the round-trip pattern ("O"); anything else by the general parser.</summary>
    public static DateTimeOffset Instant(DbDataReader r, int i)
    {
        var s = r.GetString(i);
        return DateTimeOffset.TryParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t
            : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);
    }

    public static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
