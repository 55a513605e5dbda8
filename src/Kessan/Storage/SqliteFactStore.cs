using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kessan.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Values are kept as decimal text, never REAL, so no figure passes
/// through a double. Rows use integer keys for every repeated string; facts live in a WITHOUT ROWID table keyed by
/// (document, position), so a document's rows are appended together and read back in order without another index.
/// </summary>
public sealed class SqliteFactStore : SqlFactStore
{
    static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE concepts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE labels (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE units (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE periods (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, start_date TEXT, end_date TEXT NOT NULL, fiscal TEXT NOT NULL);
        CREATE TABLE documents (
            id               INTEGER PRIMARY KEY,
            company_id       INTEGER NOT NULL REFERENCES companies(id),
            name             TEXT NOT NULL,
            path             TEXT NOT NULL,
            sha256           TEXT NOT NULL,
            lineage          TEXT NOT NULL,
            version          INTEGER NOT NULL,
            latest           INTEGER NOT NULL,
            language         TEXT NOT NULL,
            reporting_end    TEXT NOT NULL,
            restatement_note TEXT,
            ingested_at      TEXT NOT NULL,
            fact_count       INTEGER NOT NULL,
            finding_count    INTEGER NOT NULL,
            UNIQUE (company_id, sha256),
            UNIQUE (company_id, lineage, version));
        CREATE INDEX documents_sha ON documents (sha256);
        CREATE INDEX documents_name ON documents (name);
        CREATE TABLE facts (
            company_id   INTEGER NOT NULL,
            document_id  INTEGER NOT NULL,
            seq          INTEGER NOT NULL,
            concept_id   INTEGER NOT NULL,
            label_id     INTEGER NOT NULL,
            period_id    INTEGER NOT NULL,
            unit_id      INTEGER NOT NULL,
            table_kind   TEXT NOT NULL,
            value        TEXT NOT NULL,
            convenience  INTEGER NOT NULL,
            line         INTEGER NOT NULL,
            col          INTEGER NOT NULL,
            printed      TEXT NOT NULL,
            status       TEXT NOT NULL,
            lang         TEXT NOT NULL,
            known        INTEGER NOT NULL,
            low          TEXT,
            high         TEXT,
            base_start   TEXT,
            base_end     TEXT,
            footnote     TEXT,
            decimals     INTEGER,
            PRIMARY KEY (document_id, seq)) WITHOUT ROWID;
        CREATE INDEX facts_concept ON facts (concept_id);
        CREATE INDEX facts_guidance ON facts (concept_id) WHERE table_kind = 'guidance';
        CREATE TABLE findings (
            company_id   INTEGER NOT NULL,
            document_id  INTEGER NOT NULL,
            seq          INTEGER NOT NULL,
            rule         TEXT NOT NULL,
            severity     TEXT NOT NULL,
            line         INTEGER NOT NULL,
            concept      TEXT,
            period_end   TEXT,
            expected     TEXT,
            found        TEXT,
            message      TEXT NOT NULL,
            repair_value TEXT,
            evidence     TEXT,
            PRIMARY KEY (document_id, seq)) WITHOUT ROWID;
        """,
        // 2: a concept's rows of one company (series --company, facts --concept with a company) come from one index range;
        // the same index serves a concept alone (its prefix), so the concept-only index goes.
        """
        CREATE INDEX facts_concept_company ON facts (concept_id, company_id);
        DROP INDEX facts_concept;
        """,
        // 3: the document's text as read, line by line, so the document view never reads the source file.
        """
        CREATE TABLE document_lines (
            company_id   INTEGER NOT NULL,
            document_id  INTEGER NOT NULL,
            line         INTEGER NOT NULL,
            text         TEXT NOT NULL,
            PRIMARY KEY (document_id, line)) WITHOUT ROWID;
        """,
        // 4: restatements' grouped scan reads this index alone, in its order (company, concept, table, unit, period, with
        // the value to compare; the facts' key, document and position, is part of every index of a WITHOUT ROWID table):
        // no row of the table for the facts that are never restated (convenience translations never are); a candidate
        // group's dates find their period labels through periods_dates.
        """
        CREATE INDEX facts_history ON facts (company_id, concept_id, table_kind, unit_id, period_id, value) WHERE convenience = 0;
        CREATE INDEX periods_dates ON periods (end_date, start_date);
        """,
        // 5: the restated groups (company, concept, table, unit, one period of the group's dates), recorded as batches
        // are written (SqlFactStore.RecordRestated), so restatements read these groups' facts only, never the whole
        // history index. Filled here from the facts already stored: one grouped scan, once.
        """
        CREATE TABLE restated_groups (
            company_id   INTEGER NOT NULL,
            concept_id   INTEGER NOT NULL,
            table_kind   TEXT NOT NULL,
            unit_id      INTEGER NOT NULL,
            period_id    INTEGER NOT NULL,
            PRIMARY KEY (company_id, concept_id, table_kind, unit_id, period_id)) WITHOUT ROWID;
        INSERT INTO restated_groups (company_id, concept_id, table_kind, unit_id, period_id)
        SELECT h.company_id, h.concept_id, h.table_kind, h.unit_id, MIN(pp.id)
        FROM facts h CROSS JOIN periods pp
        WHERE pp.id = h.period_id AND h.convenience = 0 AND h.table_kind IN ('income', 'income_ytd', 'balance', 'cashflow', 'kpi')
        GROUP BY h.company_id, h.concept_id, h.table_kind, h.unit_id, pp.start_date, pp.end_date
        HAVING MIN(h.value) <> MAX(h.value);
        """,
        // 6: listings page at the cost of a page. A document's facts counted by the fact columns a listing filters on
        // (status, table, unit, period) and its findings by rule and severity, written with the document: a filtered
        // page's start is found from these counts in listing order (SqlFactStore.PageStart), its total is their sum,
        // and documents holding nothing that matches are skipped by one seek here. Listings read documents in
        // (name, version) order from one index, so a page stops reading once it is full. Filled from what is stored.
        """
        DROP INDEX documents_name;
        CREATE INDEX documents_name ON documents (name, version);
        CREATE TABLE fact_counts (
            company_id   INTEGER NOT NULL,
            document_id  INTEGER NOT NULL,
            status       TEXT NOT NULL,
            table_kind   TEXT NOT NULL,
            unit_id      INTEGER NOT NULL,
            period_id    INTEGER NOT NULL,
            n            INTEGER NOT NULL,
            PRIMARY KEY (document_id, status, table_kind, unit_id, period_id)) WITHOUT ROWID;
        INSERT INTO fact_counts (company_id, document_id, status, table_kind, unit_id, period_id, n)
        SELECT company_id, document_id, status, table_kind, unit_id, period_id, COUNT(*)
        FROM facts GROUP BY company_id, document_id, status, table_kind, unit_id, period_id;
        CREATE TABLE finding_counts (
            company_id   INTEGER NOT NULL,
            document_id  INTEGER NOT NULL,
            rule         TEXT NOT NULL,
            severity     TEXT NOT NULL,
            n            INTEGER NOT NULL,
            PRIMARY KEY (document_id, rule, severity)) WITHOUT ROWID;
        INSERT INTO finding_counts (company_id, document_id, rule, severity, n)
        SELECT company_id, document_id, rule, severity, COUNT(*)
        FROM findings GROUP BY company_id, document_id, rule, severity;
        """,
        // 7: the forecasts in company order from their own index, every column of a guidance row in it: `guidance`
        // reads the few guidance rows (about one per release) as one range instead of one page of the facts per row
        // (at 5 M facts, 45,000 forecasts took 0.7 s of page reads; the index holds the same rows in a few MB).
        // And one company-first index of the facts instead of two: the history index takes every row (convenience
        // translations as a key column) and the concept-first index goes. A release's facts are one company's, so
        // they land in one place of a company-first index, where a concept-first index took them at one place per
        // concept: with releases of many companies interleaved, every batch rewrote a page per concept and company
        // (10,000 releases: 2.7 GB written for a 139 MB store, 34 s; without it 1.0 GB, 21 s). A question about a
        // concept across companies goes through the companies, one seek each (SqlFactStore.ByCompany).
        """
        DROP INDEX IF EXISTS facts_concept_company;
        DROP INDEX IF EXISTS facts_history;
        CREATE INDEX facts_history ON facts (company_id, concept_id, convenience, table_kind, unit_id, period_id, value);
        DROP INDEX IF EXISTS facts_guidance;
        CREATE INDEX facts_guidance ON facts (company_id, concept_id, document_id, seq, label_id, period_id, unit_id, value,
            convenience, line, col, printed, status, lang, known, low, high, base_start, base_end, footnote, decimals)
            WHERE table_kind = 'guidance';
        """,
        // 8: a document's text as one value (its lines joined by line feeds) instead of a row per line: a release has
        // about as many lines as facts, and a row per line cost the writer a B-tree insert each (10,000 releases:
        // 675,725 line rows beside 624,993 facts). The document view reads one row and slices it.
        """
        CREATE TABLE document_text (
            company_id   INTEGER NOT NULL,
            document_id  INTEGER NOT NULL,
            line_count   INTEGER NOT NULL,
            text         TEXT NOT NULL,
            PRIMARY KEY (document_id)) WITHOUT ROWID;
        INSERT INTO document_text (company_id, document_id, line_count, text)
        SELECT company_id, document_id, COUNT(*), group_concat(text, char(10) ORDER BY line)
        FROM document_lines GROUP BY company_id, document_id;
        DROP TABLE document_lines;
        """,
    ];

    readonly SqliteConnection _sqlite;
    readonly string _path;

    /// <param name="path">the store file</param>
    /// <param name="create">false for read commands: a missing file is an error, never a new empty store</param>
    public SqliteFactStore(string path, bool create = true) : base(Open(path, create))
    {
        _sqlite = (SqliteConnection)Connection;
        _path = path;
        try
        {
            using (var cmd = _sqlite.CreateCommand())
            {
                // WAL: readers never block the writer and a crash loses at most the open transaction. NORMAL
                // synchronisation is durable at each checkpoint, the sensible setting with WAL. 64 MB of page cache.
                // A checkpoint every 16,384 pages (64 MB of log) rather than SQLite's 1,000: a page the batches rewrite
                // again and again (the fact index's, the documents') is copied into the file once per checkpoint, so
                // fewer checkpoints write less (10,000 releases: 0.93 → 0.68 GB written, commits 3.2 → 1.9 s).
                cmd.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA busy_timeout = " + BusyTimeoutMs + "; PRAGMA wal_autocheckpoint = 16384;";
                cmd.ExecuteNonQuery();
            }
            Migrate(CurrentVersion);
        }
        catch (SqliteException e)
        {
            _sqlite.Dispose();
            throw new StoreException(Describe(path, e), e);
        }
    }

    static SqliteConnection Open(string path, bool create)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new StoreException($"{path}: is a directory, not a store file; give --db a file path (e.g. {Path.Combine(path, "kessan.db")})");
        if (!create && !File.Exists(full))
            throw new StoreNotFoundException($"{path}: no such store; ingest releases into it first (kessan ingest <files> --db {path})");
        if (create && Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Pooling = false,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        }.ToString());
        try { connection.Open(); }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException(Describe(path, e), e);
        }
        return connection;
    }

    // How long a writer waits for another process's write transaction on the same file before giving up.
    const int BusyTimeoutMs = 30_000;

    static string Describe(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => $"{path}: the store is locked by another process writing to it (waited {BusyTimeoutMs / 1000} s); rerun when it is done (documents already committed are kept)",
        26 => $"{path}: not a Kessan store (the file is not a SQLite database); point --db at a store or a new file path",
        8 => $"{path}: the store is read-only; make the file (and its folder, for the WAL) writable or use another --db",
        14 => $"{path}: cannot open the store file (check the folder exists and is writable)",
        13 => $"{path}: the disk is full; free space and rerun (documents already committed are kept)",
        10 => $"{path}: the disk could not be read or written (I/O error); check the device and rerun (documents already committed are kept)",
        11 => $"{path}: the store file is damaged (SQLite reports it corrupt); restore it from a copy or ingest into a new file",
        _ => $"{path}: store error: {e.Message}",
    };

    // Locked by another process, full, unreadable, read-only or damaged: the file's fault, never one document's.
    protected override string? StoreFault(DbException e) =>
        e is SqliteException { SqliteErrorCode: 5 or 6 or 8 or 10 or 11 or 13 or 14 or 26 } s ? Describe(_path, s) : null;

    int CurrentVersion()
    {
        using var cmd = _sqlite.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'facts')";
        var tables = new List<string>();
        using (var r = cmd.ExecuteReader()) while (r.Read()) tables.Add(r.GetString(0));
        if (tables.Contains("schema_version"))
        {
            cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        if (tables.Contains("facts"))
            throw new StoreException($"{_sqlite.DataSource}: written by an older Kessan (schema without versions); ingest the releases into a new store file");
        return 0;
    }

    protected override IReadOnlyList<string> Migrations => Schema;

    protected override bool DimensionsInOwnTransaction => false;

    // The grouped scan (a co-routine) yields its groups in GROUP BY order (company name first) and each group's facts
    // are read inside it: already in order. An ORDER BY here would sort every candidate row a second time.
    // Document ids are the store's own keys: the batch's rows are its documents' ranges of the primary key.
    protected override string BatchRows(string alias, string companies, string documents) => $"{alias}.document_id IN ({documents})";

    // BEGIN IMMEDIATE (deferred: false): the write lock is taken up front, so two writer processes queue on the
    // busy timeout instead of failing when a read transaction tries to upgrade.
    protected override DbTransaction Begin() => _sqlite.BeginTransaction(deferred: false);

    protected override object ToDb(object? value, ColumnKind kind) => value switch
    {
        null => DBNull.Value,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    // The bulk INSERTs, prepared once per connection and kept: each row rebinds its values by position and steps the
    // statement (SQLite's own C API; ADO.NET's per-execution work — binding by name, a data reader per row — was most
    // of the store's time).
    readonly Dictionary<string, Insert> _inserts = new(StringComparer.Ordinal);

    /// <summary>
    /// A prepared INSERT and the values its parameters hold. SQLite keeps a parameter's value across
    /// <c>sqlite3_reset</c>, so a row rebinds only what differs from the row before (a document's rows repeat its
    /// company, document, table, status and language, and most leave the same optional columns empty): each bind is a
    /// call through the serialized connection's mutex and a copy. Decimals always rebind: 1.0 equals 1.00 but is
    /// printed differently.
    /// </summary>
    sealed class Insert(sqlite3_stmt stmt, int width) : IDisposable
    {
        public readonly sqlite3_stmt Stmt = stmt;
        public readonly object?[] Bound = new object?[width];
        // False until a row has bound every parameter, and again after a failed row (what it left bound is unknown).
        public bool Known;
        public void Dispose() => Stmt.Dispose();
    }

    static bool Same(object? bound, object? value) => (bound, value) switch
    {
        (null, null) => true,
        (long a, long b) => a == b,
        (int a, int b) => a == b,
        (bool a, bool b) => a == b,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (DateOnly a, DateOnly b) => a == b,
        _ => false,
    };

    /// <summary>One prepared INSERT per table, kept for the connection, its values rebound by position for each row.</summary>
    protected override void BulkInsert(DbTransaction tx, string table, (string Name, ColumnKind Kind)[] columns, IEnumerable<object?[]> rows)
    {
        var db = _sqlite.Handle!;
        if (!_inserts.TryGetValue(table, out var insert))
        {
            var sql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)))})";
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out var prepared), db);
            _inserts[table] = insert = new Insert(prepared, columns.Length);
        }
        var stmt = insert.Stmt;
        var bound = insert.Bound;
        Span<byte> text = stackalloc byte[256];
        foreach (var row in rows)
        {
            bool known = insert.Known;
            insert.Known = false;
            // No declared type: each value binds as what it is (integer keys as integers, decimals and dates as their text).
            for (int i = 0; i < row.Length; i++)
            {
                var value = row[i];
                if (known && Same(bound[i], value)) continue;
                int at = i + 1, rc;
                switch (value)
                {
                    case null: rc = raw.sqlite3_bind_null(stmt, at); break;
                    case long l: rc = raw.sqlite3_bind_int64(stmt, at, l); break;
                    case int n: rc = raw.sqlite3_bind_int64(stmt, at, n); break;
                    case bool b: rc = raw.sqlite3_bind_int64(stmt, at, b ? 1 : 0); break;
                    // Encoded into the stack buffer when it fits: the string overload allocates a byte array per value.
                    case string str when Encoding.UTF8.TryGetBytes(str, text, out int written):
                        rc = raw.sqlite3_bind_text(stmt, at, text[..written]); break;
                    case string str: rc = raw.sqlite3_bind_text(stmt, at, str); break;
                    case decimal d when d.TryFormat(text, out int written, default, CultureInfo.InvariantCulture):
                        rc = raw.sqlite3_bind_text(stmt, at, text[..written]); break;
                    case DateOnly d when d.TryFormat(text, out int written, "yyyy-MM-dd", CultureInfo.InvariantCulture):
                        rc = raw.sqlite3_bind_text(stmt, at, text[..written]); break;
                    case var o: rc = raw.sqlite3_bind_text(stmt, at, Convert.ToString(ToDb(o, columns[i].Kind), CultureInfo.InvariantCulture)); break;
                }
                if (rc != raw.SQLITE_OK) { raw.sqlite3_reset(stmt); SqliteException.ThrowExceptionForRC(rc, db); }
                bound[i] = value;
            }
            int step = raw.sqlite3_step(stmt);
            raw.sqlite3_reset(stmt);
            if (step != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(step, db);
            insert.Known = true;
        }
    }

    // One JSON array of [company, document, position] triples, unpacked by json_each: the facts are then found by their
    // primary key, one seek per key.
    protected override string PickedKeys(DbCommand cmd, IReadOnlyList<(long Company, long Document, long Seq)> keys)
    {
        var json = new StringBuilder(keys.Count * 24).Append('[');
        for (int i = 0; i < keys.Count; i++)
            json.Append(i == 0 ? "[" : ",[").Append(keys[i].Company).Append(',').Append(keys[i].Document).Append(',').Append(keys[i].Seq).Append(']');
        Add(cmd, "@picked", json.Append(']').ToString());
        return "(SELECT k.value ->> 0 AS company_id, k.value ->> 1 AS document_id, k.value ->> 2 AS seq FROM json_each(@picked) k) picked";
    }

    // A second connection to the same file (WAL: it reads while this one reads or writes): for a question asked while
    // a stream is open, or a read run beside another on a second core. Opened the first time one is needed.
    SqliteFactStore? _concurrent;
    public override IFactStore Concurrent => _concurrent ??= new SqliteFactStore(_path, create: false);

    public override void Dispose()
    {
        _concurrent?.Dispose();
        foreach (var insert in _inserts.Values) insert.Dispose();
        _inserts.Clear();
        base.Dispose();
    }
}

/// <summary>A read command pointed at a store that does not exist (a usage mistake: exit 2).</summary>
public sealed class StoreNotFoundException(string message) : Exception(message);
