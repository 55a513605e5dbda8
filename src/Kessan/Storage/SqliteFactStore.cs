using System.Globalization;
using Kessan.Facts;
using Kessan.Proof;
using Kessan.Reading;
using Microsoft.Data.Sqlite;

namespace Kessan.Storage;

/// <summary>
/// The embedded store: one SQLite file. Values are kept as decimal text, never REAL, so no figure passes
/// through a double.
/// </summary>
public sealed class SqliteFactStore : IFactStore
{
    const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA foreign_keys = ON;
        CREATE TABLE IF NOT EXISTS documents (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            sha256      TEXT NOT NULL UNIQUE,
            company     TEXT NOT NULL,
            language    TEXT NOT NULL,
            version     INTEGER NOT NULL,
            ingested_at TEXT NOT NULL,
            reporting_end    TEXT NOT NULL,
            restatement_note TEXT,
            UNIQUE (name, version));
        CREATE TABLE IF NOT EXISTS facts (
            id            INTEGER PRIMARY KEY,
            document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            concept       TEXT NOT NULL,
            label         TEXT NOT NULL,
            table_kind    TEXT NOT NULL,
            period_start  TEXT,
            period_end    TEXT NOT NULL,
            fiscal_period TEXT NOT NULL,
            value         TEXT NOT NULL,
            unit          TEXT NOT NULL,
            convenience   INTEGER NOT NULL,
            line          INTEGER NOT NULL,
            col           INTEGER NOT NULL,
            printed       TEXT NOT NULL,
            status        TEXT NOT NULL,
            lang          TEXT NOT NULL,
            known         INTEGER NOT NULL,
            low           TEXT,
            high          TEXT,
            base_start    TEXT,
            base_end      TEXT,
            footnote      TEXT,
            decimals      INTEGER);
        CREATE INDEX IF NOT EXISTS facts_concept ON facts (concept, period_end);
        CREATE INDEX IF NOT EXISTS facts_document ON facts (document_id);
        CREATE TABLE IF NOT EXISTS findings (
            id            INTEGER PRIMARY KEY,
            document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            rule          TEXT NOT NULL,
            severity      TEXT NOT NULL,
            line          INTEGER NOT NULL,
            concept       TEXT,
            period_end    TEXT,
            expected      TEXT,
            found         TEXT,
            message       TEXT NOT NULL,
            repair_value  TEXT,
            evidence      TEXT);
        CREATE INDEX IF NOT EXISTS findings_document ON findings (document_id);
        """;

    readonly SqliteConnection _connection;

    public SqliteFactStore(string path)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = Schema;
        cmd.ExecuteNonQuery();
    }

    public bool Contains(string sha256) => Contains(sha256, null);

    bool Contains(string sha256, SqliteTransaction? tx)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT 1 FROM documents WHERE sha256 = $sha";
        cmd.Parameters.AddWithValue("$sha", sha256);
        return cmd.ExecuteScalar() is not null;
    }

    public StoreOutcome Save(SourceDocument doc, DocumentMeta meta, IReadOnlyList<Fact> facts, IReadOnlyList<Finding> findings)
    {
        using var tx = _connection.BeginTransaction();
        if (Contains(doc.Sha256, tx)) return StoreOutcome.Unchanged;

        int version;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM documents WHERE name = $name";
            cmd.Parameters.AddWithValue("$name", doc.Name);
            version = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) + 1;
        }

        long documentId;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO documents (name, sha256, company, language, version, ingested_at, reporting_end, restatement_note)
                VALUES ($name, $sha, $company, $language, $version, $at, $end, $note) RETURNING id
                """;
            cmd.Parameters.AddWithValue("$name", doc.Name);
            cmd.Parameters.AddWithValue("$sha", doc.Sha256);
            cmd.Parameters.AddWithValue("$company", meta.Company);
            cmd.Parameters.AddWithValue("$language", meta.Language);
            cmd.Parameters.AddWithValue("$end", Iso(meta.ReportingEnd));
            cmd.Parameters.AddWithValue("$note", (object?)meta.RestatementNote ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$version", version);
            cmd.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            documentId = (long)cmd.ExecuteScalar()!;
        }

        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO facts (document_id, concept, label, table_kind, period_start, period_end, fiscal_period,
                                   value, unit, convenience, line, col, printed, status, lang, known, low, high, base_start, base_end, footnote, decimals)
                VALUES ($doc, $concept, $label, $table, $start, $end, $fiscal, $value, $unit, $conv, $line, $col, $printed, $status, $lang, $known,
                        $low, $high, $base_start, $base_end, $footnote, $decimals)
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$doc", "$concept", "$label", "$table", "$start", "$end", "$fiscal", "$value", "$unit", "$conv", "$line", "$col", "$printed", "$status", "$lang", "$known", "$low", "$high", "$base_start", "$base_end", "$footnote", "$decimals" })
                p[name] = cmd.Parameters.Add(name, SqliteType.Text);
            cmd.Prepare();
            p["$doc"].Value = documentId;
            foreach (var f in facts)
            {
                p["$concept"].Value = f.Concept;
                p["$label"].Value = f.Label;
                p["$table"].Value = f.Table;
                p["$start"].Value = Iso(f.PeriodStart);
                p["$end"].Value = Iso(f.PeriodEnd);
                p["$fiscal"].Value = f.FiscalPeriod;
                p["$value"].Value = f.Value.ToString(CultureInfo.InvariantCulture);
                p["$unit"].Value = f.Unit;
                p["$conv"].Value = f.Convenience ? 1 : 0;
                p["$line"].Value = f.Line;
                p["$col"].Value = f.Column;
                p["$printed"].Value = f.Printed;
                p["$status"].Value = f.Status.Code();
                p["$lang"].Value = f.Lang;
                p["$known"].Value = f.KnownConcept ? 1 : 0;
                p["$low"].Value = Text(f.Low);
                p["$high"].Value = Text(f.High);
                p["$base_start"].Value = Iso(f.BaseStart);
                p["$base_end"].Value = Iso(f.BaseEnd);
                p["$footnote"].Value = (object?)f.Footnote ?? DBNull.Value;
                p["$decimals"].Value = (object?)f.Decimals ?? DBNull.Value;
                cmd.ExecuteNonQuery();
            }
        }
        if (findings.Count > 0)
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO findings (document_id, rule, severity, line, concept, period_end, expected, found, message, repair_value, evidence)
                VALUES ($doc, $rule, $severity, $line, $concept, $end, $expected, $found, $message, $repair, $evidence)
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$doc", "$rule", "$severity", "$line", "$concept", "$end", "$expected", "$found", "$message", "$repair", "$evidence" })
                p[name] = cmd.Parameters.Add(name, SqliteType.Text);
            cmd.Prepare();
            p["$doc"].Value = documentId;
            foreach (var f in findings)
            {
                p["$rule"].Value = f.Rule;
                p["$severity"].Value = f.Severity.Code();
                p["$line"].Value = f.Line;
                p["$concept"].Value = (object?)f.Concept ?? DBNull.Value;
                p["$end"].Value = f.PeriodEnd is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
                p["$expected"].Value = f.Expected is { } x ? x.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
                p["$found"].Value = f.Found is { } y ? y.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
                p["$message"].Value = f.Message;
                p["$repair"].Value = f.Repair is { } r ? r.Value.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
                // Evidence items are one line each; stored newline-separated.
                p["$evidence"].Value = f.Repair is { } rr ? string.Join('\n', rr.Evidence) : DBNull.Value;
                cmd.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return version == 1 ? StoreOutcome.Added : StoreOutcome.NewVersion;
    }

    public IReadOnlyList<StoredDocument> Documents()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, name, sha256, version, ingested_at, company, language, reporting_end, restatement_note
            FROM documents ORDER BY name, version
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<StoredDocument>();
        while (r.Read())
            list.Add(new StoredDocument(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
                new DocumentMeta(r.GetString(5), r.GetString(6), ParseDate(r.GetString(7)), r.IsDBNull(8) ? null : r.GetString(8))));
        return list;
    }

    static object Iso(DateOnly? d) => d is { } v ? v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
    static object Text(decimal? d) => d is { } v ? v.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
    static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    static DateOnly? ParseDate(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ParseDate(r.GetString(i));
    static decimal? ParseDecimal(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : decimal.Parse(r.GetString(i), NumberStyles.Number, CultureInfo.InvariantCulture);

    public IEnumerable<Fact> Facts(FactQuery query)
    {
        using var cmd = _connection.CreateCommand();
        var where = new List<string>();
        if (!query.AllVersions) where.Add("d.version = (SELECT MAX(version) FROM documents d2 WHERE d2.name = d.name)");
        if (query.Doc is { } doc) { where.Add("d.name = $doc"); cmd.Parameters.AddWithValue("$doc", doc); }
        if (query.Concept is { } concept) { where.Add("f.concept = $concept"); cmd.Parameters.AddWithValue("$concept", concept); }
        if (query.Period is { } period)
        {
            where.Add("(f.fiscal_period = $period OR f.period_end = $period)");
            cmd.Parameters.AddWithValue("$period", period);
        }
        cmd.CommandText = $"""
            SELECT d.name, d.sha256, d.company, f.concept, f.label, f.table_kind, f.period_start, f.period_end, f.fiscal_period,
                   f.value, f.unit, f.convenience, f.line, f.col, f.printed, f.status, f.lang, f.known,
                   f.low, f.high, f.base_start, f.base_end, f.footnote, f.decimals
            FROM facts f JOIN documents d ON d.id = f.document_id
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY d.name, d.version, f.id
            """;
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return new Fact(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                ParseDate(r, 6), ParseDate(r.GetString(7)),
                r.GetString(8), ParseDecimal(r, 9)!.Value,
                r.GetString(10), r.GetInt32(11) != 0, r.GetInt32(12), r.GetInt32(13), r.GetString(14),
                FactStatusCodes.Parse(r.GetString(15)), r.GetString(16), r.GetInt32(17) != 0,
                ParseDecimal(r, 18), ParseDecimal(r, 19), ParseDate(r, 20), ParseDate(r, 21), r.IsDBNull(22) ? null : r.GetString(22),
                r.IsDBNull(23) ? null : r.GetInt32(23));
    }

    public IEnumerable<Finding> Findings(string? doc = null)
    {
        using var cmd = _connection.CreateCommand();
        var where = "d.version = (SELECT MAX(version) FROM documents d2 WHERE d2.name = d.name)";
        if (doc is not null) { where += " AND d.name = $doc"; cmd.Parameters.AddWithValue("$doc", doc); }
        cmd.CommandText = $"""
            SELECT d.name, g.rule, g.severity, g.line, g.concept, g.period_end, g.expected, g.found, g.message, g.repair_value, g.evidence
            FROM findings g JOIN documents d ON d.id = g.document_id
            WHERE {where}
            ORDER BY d.name, g.line, g.id
            """;
        using var r = cmd.ExecuteReader();
        static decimal? Dec(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : decimal.Parse(r.GetString(i), NumberStyles.Number, CultureInfo.InvariantCulture);
        while (r.Read())
            yield return new Finding(
                r.GetString(1), SeverityCodes.Parse(r.GetString(2)), r.GetString(0), r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : DateOnly.ParseExact(r.GetString(5), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Dec(r, 6), Dec(r, 7), r.GetString(8),
                r.IsDBNull(9) ? null : new Repair(Dec(r, 9)!.Value, r.IsDBNull(10) ? [] : r.GetString(10).Split('\n')));
    }

    public void Dispose() => _connection.Dispose();
}
