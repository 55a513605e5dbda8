using System.Data.Common;
using System.Globalization;
using System.Text;
using Kessan.Facts;
using Kessan.Proof;

namespace Kessan.Storage;

/// <summary>
/// What both backends share: the schema's shape (integer keys for companies, concepts, labels, periods and units;
/// every row keyed by company), versioned migrations, batched writes with a savepoint per document, and the
/// queries with their filters pushed into SQL. A backend supplies its DDL, how values travel, and its bulk insert.
/// </summary>
public abstract class SqlFactStore : IFactStore
{
    protected DbConnection Connection { get; }

    // Dimension ids by their text, filled as documents are written; cleared whenever a transaction that may have
    // created some of them rolls back (the ids would point at nothing).
    readonly Dictionary<string, long> _companies = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> _concepts = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> _labels = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> _units = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> _periods = new(StringComparer.Ordinal);

    protected SqlFactStore(DbConnection connection) => Connection = connection;

    /// <summary>Each migration's statements, in order; migration n brings the store to schema version n.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>A value as this backend stores it (SQLite: decimals and dates as text).</summary>
    protected abstract object ToDb(object? value, ColumnKind kind);

    /// <summary>PostgreSQL interns dimensions in their own short transactions (no lock held across a batch); SQLite in the batch's.</summary>
    protected abstract bool DimensionsInOwnTransaction { get; }

    protected abstract void BulkInsert(DbTransaction tx, string table, (string Name, ColumnKind Kind)[] columns, IEnumerable<object?[]> rows);

    /// <summary>
    /// A statement run before a document's claim, in the same command, that serialises writers of one release's
    /// versions across processes (PostgreSQL: an advisory lock on <c>@l</c>, the lineage); none where the store has one
    /// writer at a time.
    /// </summary>
    protected virtual string LockLineageSql => "";

    /// <summary>A failure worth retrying the whole batch for (a deadlock between two ingest processes).</summary>
    protected virtual bool IsTransient(Exception e) => false;

    /// <summary>
    /// A failure of the store itself (disk full, an I/O error, the server gone), not of the document being written, as
    /// the line a person reads (store, reason, what to do); null for a document's own error. It ends the batch: its
    /// transaction rolls back whole and no later document is tried, since each would fail the same way.
    /// </summary>
    protected virtual string? StoreFault(DbException e) => null;

    protected abstract DbTransaction Begin();

    /// <summary>Brings the schema to the latest version; each migration in its own transaction with its version row.</summary>
    protected void Migrate(Func<int> currentVersion)
    {
        int current = currentVersion();
        for (int v = current + 1; v <= Migrations.Count; v++)
        {
            using var tx = Begin();
            Exec(tx, Migrations[v - 1]);
            Exec(tx, "DELETE FROM schema_version");
            Exec(tx, $"INSERT INTO schema_version (version) VALUES ({v})");
            tx.Commit();
        }
    }

    protected int Exec(DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(tx, sql, args);
        return cmd.ExecuteNonQuery();
    }

    protected object? Scalar(DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(tx, sql, args);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    // The write path's statements (claim, version, dimension ids), kept per connection and re-run with new values: a
    // command is prepared once, not once per document.
    readonly Dictionary<string, DbCommand> _writes = new(StringComparer.Ordinal);

    int ExecCached(DbTransaction tx, string sql, params (string Name, object? Value)[] args) => Cached(tx, sql, args).ExecuteNonQuery();

    object? ScalarCached(DbTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        var v = Cached(tx, sql, args).ExecuteScalar();
        return v is DBNull ? null : v;
    }

    DbCommand Cached(DbTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        if (!_writes.TryGetValue(sql, out var cmd))
        {
            cmd = Connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, _) in args) Add(cmd, name, null);
            _writes[sql] = cmd;
        }
        cmd.Transaction = tx;
        for (int i = 0; i < args.Length; i++) cmd.Parameters[i].Value = args[i].Value ?? DBNull.Value;
        return cmd;
    }

    protected DbCommand Command(DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = Connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) Add(cmd, name, value);
        return cmd;
    }

    protected static DbParameter Add(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    public bool Contains(string sha256) => Scalar(null, "SELECT 1 FROM documents WHERE sha256 = @sha", ("@sha", sha256)) is not null;

    public IReadOnlySet<string> KnownHashes()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        using var cmd = Command(null, "SELECT sha256 FROM documents");
        using var r = cmd.ExecuteReader();
        while (r.Read()) set.Add(r.GetString(0));
        return set;
    }

    /// <summary>Versions belong together when they are the same release: same name, company, period reported and language.</summary>
    public static string Lineage(PendingDocument d) =>
        string.Join('\u001f', d.Doc.Name, d.Meta.Company, Value.Iso(d.Meta.ReportingEnd), d.Meta.Language);

    static string PeriodKey(Fact f) => $"{(f.PeriodStart is { } s ? Value.Iso(s) : "")}|{Value.Iso(f.PeriodEnd)}|{f.FiscalPeriod}";

    public IReadOnlyList<SaveResult> SaveBatch(IReadOnlyList<PendingDocument> documents)
    {
        if (documents.Count == 0) return [];
        for (int attempt = 1; ; attempt++)
        {
            try { return SaveBatchOnce(documents); }
            catch (Exception e) when (IsTransient(e) && attempt < 5)
            {
                ClearDimensions();
                Thread.Sleep(50 * attempt);
            }
            catch (DbException e) when (StoreFault(e) is { } fault)
            {
                ClearDimensions();
                throw new StoreException(fault, e);
            }
            catch
            {
                ClearDimensions();
                throw;
            }
        }
    }

    void ClearDimensions()
    {
        _companies.Clear(); _concepts.Clear(); _labels.Clear(); _units.Clear(); _periods.Clear();
    }

    IReadOnlyList<SaveResult> SaveBatchOnce(IReadOnlyList<PendingDocument> documents)
    {
        if (DimensionsInOwnTransaction)
        {
            using var dimTx = Begin();
            Intern(dimTx, documents);
            dimTx.Commit();
        }
        // First as one unit: every document claimed, then the rows of all of them in one bulk insert per table
        // (PostgreSQL: a round trip per claim and three COPYs per batch, not a savepoint, five statements and three
        // COPYs per document). Should any statement fail, nothing of this attempt is kept and the batch is written
        // again a document at a time, each inside its savepoint, so only the document at fault is rejected.
        if (TrySave(documents, careful: false) is { } results) return results;
        ClearDimensions();
        if (DimensionsInOwnTransaction)
        {
            using var dimTx = Begin();
            Intern(dimTx, documents);
            dimTx.Commit();
        }
        return TrySave(documents, careful: true)!;
    }

    /// <summary>
    /// One transaction over the batch. Careful: a savepoint per document around its claim and rows, a failing document
    /// rolled back alone. Not careful: no savepoints and the rows of all documents written together; null (the
    /// transaction rolled back) when a statement failed.
    /// </summary>
    SaveResult[]? TrySave(IReadOnlyList<PendingDocument> documents, bool careful)
    {
        using var tx = Begin();
        if (!DimensionsInOwnTransaction) Intern(tx, documents);
        var results = new SaveResult[documents.Count];
        var claimed = new List<Claimed>(documents.Count);
        try
        {
            for (int i = 0; i < documents.Count; i++)
            {
                if (!careful)
                {
                    var (outcome, claim) = Claim(tx, documents[i]);
                    if (claim is { } c) claimed.Add(c);
                    results[i] = new SaveResult(outcome);
                    continue;
                }
                var savepoint = "doc" + i.ToString(CultureInfo.InvariantCulture);
                tx.Save(savepoint);
                try
                {
                    var (outcome, claim) = Claim(tx, documents[i]);
                    if (claim is { } c) WriteRows(tx, [c]);
                    results[i] = new SaveResult(outcome);
                    tx.Release(savepoint);
                    if (claim is { } kept) claimed.Add(kept);
                }
                catch (DbException e) when (!IsTransient(e) && StoreFault(e) is null)
                {
                    tx.Rollback(savepoint);
                    tx.Release(savepoint);
                    results[i] = new SaveResult(StoreOutcome.Failed, $"{documents[i].Doc.Name}: not stored: {e.Message}");
                }
            }
            if (claimed.Count > 0)
            {
                if (!careful) WriteRows(tx, claimed);
                var batch = new Batch(claimed);
                RecordRestated(tx, batch);
                RecordCounts(tx, batch);
            }
        }
        catch (DbException e) when (!careful && !IsTransient(e) && StoreFault(e) is null)
        {
            tx.Rollback();
            return null;
        }
        tx.Commit();
        Committed(claimed.Sum(c => (long)c.Doc.Facts.Count));
        return results;
    }

    /// <summary>After a batch is committed: <paramref name="facts"/> new fact rows are in the store.</summary>
    protected virtual void Committed(long facts) { }

    /// <summary>A document whose row is inserted (its id claimed), waiting for its facts, findings and lines.</summary>
    readonly record struct Claimed(PendingDocument Doc, long Company, long Id);

    void WriteRows(DbTransaction tx, IReadOnlyList<Claimed> claimed)
    {
        BulkInsert(tx, "facts", FactRow.Columns, claimed.SelectMany(c => FactRows(c.Doc, c.Company, c.Id)));
        if (claimed.Any(c => c.Doc.Findings.Count > 0))
            BulkInsert(tx, "findings", FindingRow.Columns, claimed.SelectMany(c => FindingRows(c.Doc, c.Company, c.Id)));
        BulkInsert(tx, "document_text", TextColumns, claimed.Select(c => TextRow(c.Doc, c.Company, c.Id)));
    }

    /// <summary>
    /// Records the groups (company, concept, table, unit, period dates) in which a fact of these documents meets a
    /// stored fact of another value, the restated groups <see cref="RestatementCandidates"/> reads. Run after the
    /// batch's facts are in, so whichever of two differing values is written second finds the first (and two in one
    /// batch find each other): every group with two values is recorded. A superset of what latest versions report
    /// (older versions count too); the reader checks each group. One seek of the history index per written fact: the
    /// subquery's <c>OFFSET 0</c> keeps PostgreSQL from turning it into a hash semi-join, which scanned the whole history
    /// for every batch whenever the statistics lagged the store's growth (the same in SQLite, where it changes nothing).
    /// </summary>
    void RecordRestated(DbTransaction tx, Batch batch)
    {
        Exec(tx, $"""
            {LockRestatedSql(batch.CompanyIds)}INSERT INTO restated_groups (company_id, concept_id, table_kind, unit_id, period_id)
            SELECT DISTINCT f.company_id, f.concept_id, f.table_kind, f.unit_id, f.period_id
            FROM facts f CROSS JOIN periods p
            WHERE {BatchRows("f", batch.Companies, batch.Documents)} AND f.convenience = 0 AND f.table_kind IN {HistoryTables} AND p.id = f.period_id
              AND EXISTS (SELECT 1 FROM periods q CROSS JOIN facts h
                          WHERE q.end_date = p.end_date AND (q.start_date = p.start_date OR (q.start_date IS NULL AND p.start_date IS NULL))
                            AND h.company_id = f.company_id AND h.concept_id = f.concept_id AND h.table_kind = f.table_kind
                            AND h.unit_id = f.unit_id AND h.period_id = q.id AND h.convenience = 0 AND h.value <> f.value
                          LIMIT 1 OFFSET 0)
            ON CONFLICT DO NOTHING
            """);
    }

    /// <summary>
    /// Counts the batch's facts by the columns listings filter on and its findings by rule and severity, per document
    /// (migration 6): what <see cref="PageStart"/> and the listings' totals read instead of the rows. Counted from the
    /// values the rows were written from (the same keys and codes <see cref="FactRow.Fill"/> takes), in memory: grouping
    /// the rows just written in SQL read every fact back and sorted it (10,000 releases: 0.7 s of the writer's time).
    /// </summary>
    void RecordCounts(DbTransaction tx, Batch batch)
    {
        var factCounts = new List<object?[]>();
        var findingCounts = new List<object?[]>();
        foreach (var c in batch.Claimed)
        {
            foreach (var g in c.Doc.Facts.CountBy(f => (Status: f.Status.Code(), f.Table, Unit: _units[f.Unit], Period: _periods[PeriodKey(f)])))
                factCounts.Add([c.Company, c.Id, g.Key.Status, g.Key.Table, g.Key.Unit, g.Key.Period, g.Value]);
            foreach (var g in c.Doc.Findings.CountBy(f => (f.Rule, Severity: f.Severity.Code())))
                findingCounts.Add([c.Company, c.Id, g.Key.Rule, g.Key.Severity, g.Value]);
        }
        BulkInsert(tx, "fact_counts", FactCountColumns, factCounts);
        if (findingCounts.Count > 0) BulkInsert(tx, "finding_counts", FindingCountColumns, findingCounts);
    }

    static readonly (string Name, ColumnKind Kind)[] FactCountColumns =
        [("company_id", ColumnKind.BigInt), ("document_id", ColumnKind.BigInt), ("status", ColumnKind.Text), ("table_kind", ColumnKind.Text),
         ("unit_id", ColumnKind.BigInt), ("period_id", ColumnKind.BigInt), ("n", ColumnKind.Int)];

    static readonly (string Name, ColumnKind Kind)[] FindingCountColumns =
        [("company_id", ColumnKind.BigInt), ("document_id", ColumnKind.BigInt), ("rule", ColumnKind.Text), ("severity", ColumnKind.Text), ("n", ColumnKind.Int)];

    /// <summary>A committed batch's documents and their keys, as the recording statements name them (integer lists).</summary>
    sealed class Batch(IReadOnlyList<Claimed> claimed)
    {
        public IReadOnlyList<Claimed> Claimed { get; } = claimed;
        public IReadOnlyList<long> CompanyIds { get; } = claimed.Select(c => c.Company).Distinct().Order().ToList();
        public string Companies => string.Join(", ", CompanyIds);
        public string Documents { get; } = string.Join(", ", claimed.Select(c => c.Id));
    }

    /// <summary>The batch's rows of a table (alias), found by their documents' keys (ids, not parameters: at most a batch of integers).</summary>
    protected virtual string BatchRows(string alias, string companies, string documents) =>
        $"{alias}.company_id IN ({companies}) AND {alias}.document_id IN ({documents})";

    /// <summary>
    /// Concurrent writers (PostgreSQL) take a lock per company, in id order, before recording: a writer's check then
    /// sees the facts of any other batch of the company committed before it, so no pair of values written at once is
    /// missed. SQLite has one writer at a time.
    /// </summary>
    protected virtual string LockRestatedSql(IEnumerable<long> companies) => "";

    /// <summary>Every company, concept, label, unit and period of the batch gets its integer key (sorted, so two writers take them in one order).</summary>
    void Intern(DbTransaction tx, IReadOnlyList<PendingDocument> documents)
    {
        InternNames(tx, "companies", New(documents.Select(d => d.Meta.Company), _companies), _companies);
        var facts = documents.SelectMany(d => d.Facts).ToList();
        InternNames(tx, "concepts", New(facts.Select(f => f.Concept), _concepts), _concepts);
        InternNames(tx, "labels", New(facts.Select(f => f.Label), _labels), _labels);
        InternNames(tx, "units", New(facts.Select(f => f.Unit), _units), _units);
        var periods = facts.Select(f => new PeriodRow(PeriodKey(f), f.PeriodStart, f.PeriodEnd, f.FiscalPeriod))
            .Where(p => !_periods.ContainsKey(p.Key)).DistinctBy(p => p.Key).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (periods.Count > 0) InternPeriods(tx, periods, _periods);

        static List<string> New(IEnumerable<string> names, Dictionary<string, long> known) =>
            names.Where(n => !known.ContainsKey(n)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A period as the <c>periods</c> table holds it.</summary>
    protected readonly record struct PeriodRow(string Key, DateOnly? Start, DateOnly End, string Fiscal);

    /// <summary>
    /// Gives each name (sorted, so two writers take them in one order; none in <paramref name="ids"/> yet) its id in a
    /// dimension table, inserting the ones the table lacks. Here a statement pair per name; PostgreSQL does all in one.
    /// </summary>
    protected virtual void InternNames(DbTransaction tx, string table, IReadOnlyList<string> names, Dictionary<string, long> ids)
    {
        foreach (var name in names) Id(tx, ids, table, name);
    }

    /// <summary>As <see cref="InternNames"/>, for periods (keyed by their dates and fiscal label).</summary>
    protected virtual void InternPeriods(DbTransaction tx, IReadOnlyList<PeriodRow> periods, Dictionary<string, long> ids)
    {
        foreach (var p in periods)
        {
            ExecCached(tx, "INSERT INTO periods (key, start_date, end_date, fiscal) VALUES (@k, @s, @e, @f) ON CONFLICT (key) DO NOTHING",
                ("@k", p.Key), ("@s", ToDb(p.Start, ColumnKind.Date)), ("@e", ToDb(p.End, ColumnKind.Date)), ("@f", p.Fiscal));
            ids[p.Key] = Convert.ToInt64(ScalarCached(tx, "SELECT id FROM periods WHERE key = @k", ("@k", p.Key)), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Runs a cached write statement and reads (id, key) pairs from its last result set into <paramref name="ids"/>.</summary>
    protected void ReadIds(DbTransaction tx, string sql, Dictionary<string, long> ids, params (string Name, object? Value)[] args)
    {
        using var r = Cached(tx, sql, args).ExecuteReader();
        do
        {
            while (r.FieldCount == 2 && r.Read()) ids[r.GetString(1)] = Id(r, 0);
        } while (r.NextResult());
    }

    long Id(DbTransaction tx, Dictionary<string, long> cache, string table, string name)
    {
        if (cache.TryGetValue(name, out var id)) return id;
        ExecCached(tx, $"INSERT INTO {table} (name) VALUES (@n) ON CONFLICT (name) DO NOTHING", ("@n", name));
        id = Convert.ToInt64(ScalarCached(tx, $"SELECT id FROM {table} WHERE name = @n", ("@n", name)), CultureInfo.InvariantCulture);
        cache[name] = id;
        return id;
    }

    (StoreOutcome Outcome, Claimed? Claim) Claim(DbTransaction tx, PendingDocument d)
    {
        long company = _companies[d.Meta.Company];
        var lineage = Lineage(d);
        // One statement (one round trip on PostgreSQL, after the lineage lock it is sent with): the content key claims
        // the document — a second writer of the same bytes inserts nothing and stores nothing — and the version is the
        // release's latest plus one, read under the lock.
        var cmd = Cached(tx, LockLineageSql + """
            INSERT INTO documents (company_id, name, path, sha256, lineage, version, latest, language, reporting_end, restatement_note,
                                   ingested_at, fact_count, finding_count)
            SELECT @c, @name, @path, @sha, @l, COALESCE(MAX(version), 0) + 1, 1, @lang, @end, @note, @at, @facts, @findings
            FROM documents WHERE company_id = @c AND lineage = @l
            ON CONFLICT (company_id, sha256) DO NOTHING
            RETURNING id, version
            """,
            [("@c", company), ("@name", d.Doc.Name), ("@path", Path.GetFullPath(d.Doc.Path)), ("@sha", d.Doc.Sha256), ("@l", lineage),
            ("@lang", d.Meta.Language), ("@end", ToDb(d.Meta.ReportingEnd, ColumnKind.Date)), ("@note", d.Meta.RestatementNote),
            ("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ("@facts", d.Facts.Count), ("@findings", d.Findings.Count)]);
        long? id = null;
        int version = 0;
        using (var r = cmd.ExecuteReader())
        {
            // The lock's result set (PostgreSQL) comes first; the claim's is the one with two columns.
            do
            {
                if (r.FieldCount == 2 && r.Read())
                {
                    id = Id(r, 0);
                    version = Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture);
                }
            } while (r.NextResult());
        }
        if (id is not { } claimed) return (StoreOutcome.Unchanged, null);
        if (version > 1)
            ExecCached(tx, "UPDATE documents SET latest = 0 WHERE company_id = @c AND lineage = @l AND latest = 1 AND version < @v",
                ("@c", company), ("@l", lineage), ("@v", version));
        return (version == 1 ? StoreOutcome.Added : StoreOutcome.NewVersion, new Claimed(d, company, claimed));
    }

    IEnumerable<object?[]> FactRows(PendingDocument d, long company, long id)
    {
        var row = new object?[FactRow.Columns.Length];
        int seq = 0;
        foreach (var f in d.Facts)
        {
            var keys = new FactKeys(company, id, _concepts[f.Concept], _labels[f.Label], _periods[PeriodKey(f)], _units[f.Unit]);
            FactRow.Fill(row, f, keys, ++seq);
            yield return row;
        }
    }

    static readonly (string Name, ColumnKind Kind)[] TextColumns =
        [("company_id", ColumnKind.BigInt), ("document_id", ColumnKind.BigInt), ("line_count", ColumnKind.Int), ("text", ColumnKind.Text)];

    /// <summary>
    /// The document's lines joined by line feeds, one row (migration 8). A line never holds a line feed (the reader
    /// split on them), so splitting the text again gives the lines back exactly. PostgreSQL text holds no NUL: the
    /// view shows the replacement character where the file had one.
    /// </summary>
    static object?[] TextRow(PendingDocument d, long company, long id) =>
        [company, id, d.Doc.Lines.Count, string.Join('\n', d.Doc.Lines).Replace('\0', '\uFFFD')];

    public DocumentPage DocumentLines(string sha256, int from, int count)
    {
        if (DocumentText(sha256) is not { } stored) return new DocumentPage(0, []);
        var list = new List<DocumentLine>();
        int line = 1, start = 0;
        var text = stored.Text;
        for (; line <= stored.LineCount && line < (long)from + count; line++)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            if (line >= from) list.Add(new DocumentLine(line, text[start..end]));
            start = Math.Min(end + 1, text.Length);
        }
        return new DocumentPage(stored.LineCount, list);
    }

    (int LineCount, string Text)? DocumentText(string sha256)
    {
        using var cmd = Command(null, """
            SELECT t.line_count, t.text
            FROM documents d JOIN document_text t ON t.company_id = d.company_id AND t.document_id = d.id
            WHERE d.sha256 = @sha
            ORDER BY d.id LIMIT 1
            """, ("@sha", sha256));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return (Value.Int(r, 0)!.Value, r.GetString(1));
    }

    public (long Count, long MaxId) Generation()
    {
        using var cmd = Command(null, "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM documents");
        using var r = cmd.ExecuteReader();
        r.Read();
        return (Id(r, 0), Id(r, 1));
    }

    static IEnumerable<object?[]> FindingRows(PendingDocument d, long company, long id)
    {
        var row = new object?[FindingRow.Columns.Length];
        int seq = 0;
        foreach (var g in d.Findings)
        {
            FindingRow.Fill(row, g, company, id, ++seq);
            yield return row;
        }
    }

    public IReadOnlyList<StoredDocument> Documents() => ReadDocuments(Command(null, DocumentsSql("")));

    /// <summary>The documents holding the query's facts: each document probed for the concepts by one seek of the history index (company, concept).</summary>
    public IReadOnlyList<StoredDocument> Documents(FactQuery query)
    {
        var cmd = Command(null, "");
        var where = new List<string>();
        if (!query.AllVersions) where.Add(LatestVersion);
        if (query.Doc is { } doc) { where.Add("d.name = @doc"); Add(cmd, "@doc", doc); }
        if (query.Company is { } company) { where.Add("d.company_id = (SELECT id FROM companies WHERE name = @company)"); Add(cmd, "@company", company); }
        var concepts = ConceptNames(query);
        if (concepts is not null)
        {
            if (concepts.Count == 0) where.Add("1 = 0");
            else
            {
                where.Add("EXISTS (SELECT 1 FROM facts f WHERE f.company_id = d.company_id AND f.document_id = d.id AND f.concept_id IN (SELECT id FROM concepts WHERE name IN ("
                    + string.Join(", ", concepts.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture))) + ")))");
                for (int i = 0; i < concepts.Count; i++) Add(cmd, "@k" + i.ToString(CultureInfo.InvariantCulture), concepts[i]);
            }
        }
        cmd.CommandText = DocumentsSql(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "");
        return ReadDocuments(cmd);
    }

    /// <summary>The concepts a query names (one, or a set), or null when it names none.</summary>
    static List<string>? ConceptNames(FactQuery query)
    {
        if (query.Concept is null && query.Concepts is null) return null;
        var names = new List<string>();
        if (query.Concept is { } one) names.Add(one);
        if (query.Concepts is { } many)
        {
            // Both given: a fact must match both filters, so only the one concept if it is in the set.
            if (query.Concept is not null) return many.Contains(query.Concept) ? names : [];
            names.AddRange(many.Distinct());
        }
        return names;
    }

    static string DocumentsSql(string where) => $"""
        SELECT d.id, d.name, d.sha256, d.version, d.ingested_at, c.name, d.language, d.reporting_end, d.restatement_note,
               d.path, d.latest, d.fact_count, d.finding_count
        FROM documents d JOIN companies c ON c.id = d.company_id
        {where}
        ORDER BY d.name, d.id
        """;

    static List<StoredDocument> ReadDocuments(DbCommand command)
    {
        using var cmd = command;
        using var r = cmd.ExecuteReader();
        var list = new List<StoredDocument>();
        while (r.Read())
            list.Add(new StoredDocument(Id(r, 0), r.GetString(1), r.GetString(2), Value.Int(r, 3)!.Value,
                Value.Instant(r, 4),
                new DocumentMeta(r.GetString(5), r.GetString(6), Value.Date(r, 7)!.Value, r.IsDBNull(8) ? null : r.GetString(8)),
                r.GetString(9), Value.Int(r, 10) != 0, Value.Int(r, 11)!.Value, Value.Int(r, 12)!.Value));
        return list;
    }

    /// <summary>
    /// The one place the "latest version" rule is written in SQL: listings and history read a release's latest version
    /// (<c>documents.latest</c>, maintained by <see cref="Claim"/>) unless a query asks for every version.
    /// </summary>
    protected const string LatestVersion = "d.latest = 1";

    public IEnumerable<Fact> Facts(FactQuery query)
    {
        if (query.Limit is not null || query.Offset > 0) return FactPage(query);
        var cmd = Command(null, "");
        // Documents outside in listing order, each one's facts by its key: a concept is one seek of the history index
        // per document (company, concept), never a scan of every fact for the concept's rows and a sort of them.
        var conditions = FactConditions(query, cmd);
        conditions.Add(FactRow.DocumentOfFact);
        cmd.CommandText = $"""
            SELECT {FactRow.Select}
            FROM {FactRow.FromDocumentsFirst}
            {Where(conditions)}
            ORDER BY d.name, d.version, d.id, f.seq
            """;
        return Stream(cmd, FactRow.Read);
    }

    /// <summary>
    /// One page of a fact listing, read so that its cost is the page's, not the store's. Documents drive, in listing
    /// order from their (name, version) index, and each contributes its facts by its primary-key range (or, with a
    /// concept, by one seek of the company-first history index), so the page stops reading once it is full. The page's keys are
    /// chosen from the facts' keys and the documents alone, and only those rows are joined to their dimensions. A deep
    /// page without a concept starts at the document holding its first row, found from per-document counts
    /// (<see cref="PageStart"/>), instead of stepping over its offset row by row; documents without a fact matching
    /// the fact filters are passed over by one seek of their counts.
    /// </summary>
    IEnumerable<Fact> FactPage(FactQuery query)
    {
        var cmd = Command(null, "");
        var conditions = FactConditions(query, cmd);
        if (HasFieldFilters(query))
            conditions.Add($"EXISTS (SELECT 1 FROM fact_counts c WHERE c.company_id = d.company_id AND c.document_id = d.id AND {string.Join(" AND ", FieldConditions(query, cmd, "c"))})");
        long offset = Math.Max(0, query.Offset);
        if (offset > 0 && query.Concept is null && query.Concepts is null)
        {
            if (PageStart(offset, c => (DocumentConditions(query, c), FactCount(query, c))) is not { } start)
            {
                cmd.Dispose();
                return [];
            }
            conditions.AddRange(start.Conditions(cmd));
            offset = start.Skip;
        }
        conditions.Add("f.company_id = d.company_id AND f.document_id = d.id");
        // SQLite keeps a CROSS JOIN's left table outer; PostgreSQL plans it like any inner join.
        cmd.CommandText = $"""
            SELECT {FactRow.Select}
            FROM (
                SELECT d.name AS page_name, d.version AS page_version, d.id AS page_doc, f.company_id AS page_company, f.seq AS page_seq
                FROM documents d CROSS JOIN facts f
                WHERE {string.Join(" AND ", conditions)}
                ORDER BY d.name, d.version, d.id, f.seq
                {Paging(offset, query.Limit)}) page
            CROSS JOIN {FactRow.From}
            WHERE f.company_id = page.page_company AND f.document_id = page.page_doc AND f.seq = page.page_seq
            ORDER BY page.page_name, page.page_version, page.page_doc, page.page_seq
            """;
        return Stream(cmd, FactRow.Read);
    }

    /// <summary>LIMIT/OFFSET, which read the same in SQLite and PostgreSQL (a negative limit would mean "all" in SQLite only).</summary>
    static string Paging(long offset, int? limit) => limit is null && offset <= 0 ? ""
        : $"LIMIT {(limit is { } l ? Math.Max(0, l) : long.MaxValue).ToString(CultureInfo.InvariantCulture)} OFFSET {Math.Max(0, offset).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// How many of a document's facts a listing without a concept holds, as an expression over <c>d</c>: the document's
    /// own fact count, or the sum of its counts matching the fact filters (one seek of <c>fact_counts</c>).
    /// </summary>
    string FactCount(FactQuery query, DbCommand cmd) => PerDocument("fact_counts", FieldConditions(query, cmd, "c"), "d.fact_count");

    static string PerDocument(string counts, List<string> conditions, string whole) => conditions.Count == 0 ? whole
        : $"(SELECT SUM(c.n) FROM {counts} c WHERE c.company_id = d.company_id AND c.document_id = d.id AND {string.Join(" AND ", conditions)})";

    /// <summary>A listing's total from per-document counts: the documents' own, or the sum of their matching counts.</summary>
    long Total(DbCommand cmd, List<string> documents, string counts, List<string> conditions, string whole)
    {
        cmd.CommandText = conditions.Count == 0
            ? $"SELECT COALESCE(SUM({whole}), 0) FROM documents d {Where(documents)}"
            : $"SELECT COALESCE(SUM(c.n), 0) FROM documents d JOIN {counts} c ON c.company_id = d.company_id AND c.document_id = d.id {Where([.. documents, .. conditions])}";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The document a page starts in, and how many of its listed rows come before the page.</summary>
    readonly record struct Start(long Id, string Name, int Version, long Skip)
    {
        /// <summary>The listing's rows from this document on, in listing order (the name bound lets the index seek).</summary>
        public string[] Conditions(DbCommand cmd)
        {
            Add(cmd, "@startName", Name);
            Add(cmd, "@startVersion", Version);
            Add(cmd, "@startId", Id);
            return ["d.name >= @startName", "(d.name > @startName OR d.version > @startVersion OR (d.version = @startVersion AND d.id >= @startId))"];
        }
    }

    /// <summary>
    /// Where a listing's row number <paramref name="offset"/> (0-based) is, read from per-document counts, never from
    /// the rows: <paramref name="listing"/> gives the documents' conditions and each one's count of listed rows. The
    /// documents are read in listing order from their name index and summed here until the offset is passed, so a
    /// page near the start reads a few documents and one anywhere at most the documents (a window function would
    /// count every document first). Null past the end.
    /// </summary>
    Start? PageStart(long offset, Func<DbCommand, (List<string> Where, string Count)> listing)
    {
        using var cmd = Command(null, "");
        var (where, count) = listing(cmd);
        cmd.CommandText = $"SELECT d.id, d.name, d.version, {count} FROM documents d {Where(where)} ORDER BY d.name, d.version, d.id";
        using var r = cmd.ExecuteReader();
        long upto = 0;
        while (r.Read())
        {
            long n = r.IsDBNull(3) ? 0 : Id(r, 3);
            if (upto + n > offset)
                return new Start(Id(r, 0), r.GetString(1), Value.Int(r, 2)!.Value, offset - upto);
            upto += n;
        }
        return null;
    }

    public long CountFacts(FactQuery query)
    {
        using var cmd = Command(null, "");
        if (query.Concept is not null || query.Concepts is not null)
        {
            var conditions = FactConditions(query, cmd);
            conditions.Add(FactRow.DocumentOfFact);
            cmd.CommandText = $"SELECT COUNT(*) FROM documents d CROSS JOIN facts f {Where(conditions)}";
        }
        else // whole documents' facts, or their counts by the fact filters: never the facts themselves
            return Total(cmd, DocumentConditions(query, cmd), "fact_counts", FieldConditions(query, cmd, "c"), "d.fact_count");
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    static string Where(IReadOnlyCollection<string> conditions) => conditions.Count > 0 ? "WHERE " + string.Join(" AND ", conditions) : "";

    /// <summary>Every condition of a fact query over <c>d</c> and <c>f</c>, its parameters added to <paramref name="cmd"/>.</summary>
    List<string> FactConditions(FactQuery query, DbCommand cmd)
    {
        var conditions = DocumentConditions(query, cmd, facts: true);
        if (ConceptCondition(query, cmd) is { } concept) conditions.Add(concept);
        conditions.AddRange(FieldConditions(query, cmd, "f"));
        return conditions;
    }

    /// <summary>A parameter added once however many conditions (over the facts and over their counts) read it.</summary>
    static void AddOnce(DbCommand cmd, string name, object? value)
    {
        if (!cmd.Parameters.Contains(name)) Add(cmd, name, value);
    }

    /// <summary>
    /// A query's conditions on its documents (<c>d</c>): version, name, content hash, company. With
    /// <paramref name="facts"/> the company is also a condition on the facts (<c>f</c>): a key of the history index
    /// (company, concept), not only a filter after the join.
    /// </summary>
    static List<string> DocumentConditions(FactQuery query, DbCommand cmd, bool facts = false)
    {
        var where = new List<string>();
        if (!query.AllVersions) where.Add(LatestVersion);
        if (query.Doc is { } doc) { where.Add("d.name = @doc"); AddOnce(cmd, "@doc", doc); }
        if (query.DocSha256 is { } sha) { where.Add("d.sha256 = @sha"); AddOnce(cmd, "@sha", sha); }
        if (query.Company is { } company)
        {
            where.Add("d.company_id = (SELECT id FROM companies WHERE name = @company)");
            if (facts) where.Add("f.company_id = (SELECT id FROM companies WHERE name = @company)");
            AddOnce(cmd, "@company", company);
        }
        return where;
    }

    /// <summary>A query's concept condition on the facts (<c>f</c>, by concept id), or null without one.</summary>
    static string? ConceptCondition(FactQuery query, DbCommand cmd)
    {
        if (query.Concept is { } concept)
        {
            AddOnce(cmd, "@concept", concept);
            return "f.concept_id = (SELECT id FROM concepts WHERE name = @concept)";
        }
        if (query.Concepts is not { } concepts) return null;
        var names = concepts.Distinct().ToList();
        if (names.Count == 0) return "1 = 0";
        for (int i = 0; i < names.Count; i++) AddOnce(cmd, "@k" + i.ToString(CultureInfo.InvariantCulture), names[i]);
        return $"f.concept_id IN (SELECT id FROM concepts WHERE name IN ({string.Join(", ", names.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)))}))";
    }

    static bool HasFieldFilters(FactQuery q) => q.Unit is not null || q.Status is not null || q.Table is not null || q.Period is not null;

    /// <summary>
    /// A query's conditions on a fact's own columns that the per-document counts also hold (unit, status, table,
    /// period), over <paramref name="alias"/>: <c>f</c> for the facts, <c>c</c> for <c>fact_counts</c>.
    /// </summary>
    List<string> FieldConditions(FactQuery query, DbCommand cmd, string alias)
    {
        var where = new List<string>();
        if (query.Unit is { } unit) { where.Add($"{alias}.unit_id = (SELECT id FROM units WHERE name = @unit)"); AddOnce(cmd, "@unit", unit); }
        if (query.Status is { } status) { where.Add($"{alias}.status = @status"); AddOnce(cmd, "@status", status); }
        if (query.Table is { } table) { where.Add($"{alias}.table_kind = @table"); AddOnce(cmd, "@table", table); }
        if (query.Period is { } period) where.Add($"{alias}.period_id IN (SELECT p.id FROM periods p WHERE {PeriodMatch(period, cmd)})");
        return where;
    }

    /// <summary>A period filter over <c>periods p</c>: its fiscal label, or (an ISO date) its fiscal label or end date.</summary>
    string PeriodMatch(string period, DbCommand cmd)
    {
        AddOnce(cmd, "@period", period);
        if (!DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)) return "p.fiscal = @period";
        AddOnce(cmd, "@end", ToDb(end, ColumnKind.Date));
        return "(p.fiscal = @period OR p.end_date = @end)";
    }

    public IReadOnlyList<string> ConceptNames() => Names("SELECT name FROM concepts ORDER BY name");

    public IReadOnlyList<StoredPeriod> Periods()
    {
        using var cmd = Command(null, "SELECT start_date, end_date, fiscal FROM periods ORDER BY end_date, start_date");
        using var r = cmd.ExecuteReader();
        var list = new List<StoredPeriod>();
        while (r.Read()) list.Add(new StoredPeriod(Value.Date(r, 0), Value.Date(r, 1)!.Value, r.GetString(2)));
        return list;
    }

    public IEnumerable<Finding> Findings(string? doc = null) => Findings(new FindingQuery(doc));

    /// <summary>
    /// Findings in listing order (document, then line). A page is read as a fact page is (<see cref="FactPage"/>):
    /// documents drive in listing order, a deep page starts at the document holding its first row (from the documents'
    /// finding counts, or their counts by rule and severity), and documents without a matching finding are passed over
    /// by one seek of their counts.
    /// </summary>
    public IEnumerable<Finding> Findings(FindingQuery query)
    {
        var cmd = Command(null, "");
        var conditions = FindingDocumentConditions(query, cmd);
        var kinds = FindingKindConditions(query, cmd, "g");
        conditions.AddRange(kinds);
        if (kinds.Count > 0)
            conditions.Add($"EXISTS (SELECT 1 FROM finding_counts c WHERE c.company_id = d.company_id AND c.document_id = d.id AND {string.Join(" AND ", FindingKindConditions(query, cmd, "c"))})");
        long offset = Math.Max(0, query.Offset);
        if (offset > 0)
        {
            if (PageStart(offset, c => (FindingDocumentConditions(query, c), PerDocument("finding_counts", FindingKindConditions(query, c, "c"), "d.finding_count"))) is not { } start)
            {
                cmd.Dispose();
                return [];
            }
            conditions.AddRange(start.Conditions(cmd));
            offset = start.Skip;
        }
        conditions.Add("g.company_id = d.company_id AND g.document_id = d.id");
        cmd.CommandText = $"""
            SELECT {FindingRow.Select}
            FROM documents d CROSS JOIN findings g
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY d.name, d.version, d.id, g.line, g.seq
            {Paging(offset, query.Limit)}
            """;
        return Stream(cmd, FindingRow.Read);
    }

    public long CountFindings(FindingQuery query)
    {
        using var cmd = Command(null, "");
        return Total(cmd, FindingDocumentConditions(query, cmd), "finding_counts", FindingKindConditions(query, cmd, "c"), "d.finding_count");
    }

    static List<string> FindingDocumentConditions(FindingQuery query, DbCommand cmd)
    {
        var where = new List<string> { LatestVersion };
        if (query.Doc is { } doc) { where.Add("d.name = @doc"); AddOnce(cmd, "@doc", doc); }
        return where;
    }

    /// <summary>A finding query's rule and severity, over the findings (<c>g</c>) or their counts (<c>c</c>).</summary>
    static List<string> FindingKindConditions(FindingQuery query, DbCommand cmd, string alias)
    {
        var where = new List<string>();
        if (query.Rule is { } rule) { where.Add($"{alias}.rule = @rule"); AddOnce(cmd, "@rule", rule); }
        if (query.Severity is { } severity) { where.Add($"{alias}.severity = @severity"); AddOnce(cmd, "@severity", severity); }
        return where;
    }

    /// <summary>An integer column as either backend returns it (SQLite Int64; PostgreSQL Int32 or Int64).</summary>
    static long Id(DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    static IEnumerable<T> Stream<T>(DbCommand cmd, Func<DbDataReader, T> read)
    {
        using (cmd)
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) yield return read(r);
        }
    }

    const string HistoryTables = "('income', 'income_ytd', 'balance', 'cashflow', 'kpi')";

    /// <summary>What a history row adds to <see cref="FactRow.Select"/>: its release's place among the others, its note, the fact's position.</summary>
    const string HistorySelect = FactRow.Select + ", d.reporting_end, d.ingested_at, d.id, d.restatement_note, f.seq";

    static HistoryFact ReadHistory(DbDataReader r) => new(FactRow.Read(r), Value.Date(r, 24)!.Value,
        Value.Instant(r, 25), Id(r, 26),
        Value.Int(r, 28)!.Value, r.IsDBNull(27) ? null : r.GetString(27));

    /// <summary>
    /// The candidate groups are the restated groups recorded at write time (migration 5), read company by company in
    /// name order (companies' name index outside, each company's groups in key order inside: SQLite needs no sort; the
    /// reader checks the order, ReleaseHistory.Restatements). A group is a period's dates, not its label (releases label
    /// one quarter differently): a group recorded under several periods of its dates is read once, from its lowest
    /// period id (NOT EXISTS), and finds its facts through the periods of those dates (periods_dates). Every version's
    /// facts count when a group is recorded, a superset of what latest versions report; the reader compares each group.
    /// </summary>
    public IEnumerable<HistoryFact> RestatementCandidates()
    {
        var from = FactRow.From.TrimStart();
        if (!from.StartsWith("facts f", StringComparison.Ordinal)) throw new InvalidOperationException("FactRow.From must start with facts f");
        var cmd = Command(null, $"""
            SELECT {HistorySelect}
            FROM companies c0 CROSS JOIN restated_groups r CROSS JOIN periods pp CROSS JOIN periods q CROSS JOIN {from}
            WHERE r.company_id = c0.id AND pp.id = r.period_id
              AND NOT EXISTS (SELECT 1 FROM restated_groups r2 CROSS JOIN periods p2
                              WHERE r2.company_id = r.company_id AND r2.concept_id = r.concept_id AND r2.table_kind = r.table_kind
                                AND r2.unit_id = r.unit_id AND r2.period_id < r.period_id AND p2.id = r2.period_id
                                AND p2.end_date = pp.end_date AND (p2.start_date = pp.start_date OR (p2.start_date IS NULL AND pp.start_date IS NULL)))
              AND q.end_date = pp.end_date AND (q.start_date = pp.start_date OR (q.start_date IS NULL AND pp.start_date IS NULL))
              AND f.company_id = r.company_id AND f.concept_id = r.concept_id AND f.table_kind = r.table_kind AND f.unit_id = r.unit_id
              AND f.period_id = q.id AND f.convenience = 0 AND {LatestVersion}
            ORDER BY c0.name{Collate}, r.company_id, r.concept_id, r.table_kind, r.unit_id
            """);
        return Stream(cmd, ReadHistory);
    }

    /// <summary>
    /// Companies come in name order (ordinal, as <c>ReleaseHistory</c> sorts them): SQLite compares text by its bytes
    /// and reads the companies' name index in that order; PostgreSQL is told to ("C").
    /// </summary>
    protected virtual string Collate => "";

    public IEnumerable<HistoryFact> SeriesFacts(string concept, string? company = null, string? unit = null)
    {
        var cmd = Command(null, "");
        var where = SeriesWhere(cmd, concept, company, unit);
        // Companies by name, each one range of an index (company and concept lead every fact index but the key), sorted
        // within the company: a reader has the first company's points at once. (With the documents joined freely
        // SQLite scanned the documents first and sorted every row.)
        cmd.CommandText = $"""
            SELECT {HistorySelect} FROM companies c0 CROSS JOIN {FactRow.FromFactsFirst}
            WHERE f.company_id = c0.id AND {FactRow.DocumentOfFact} AND {where}
            ORDER BY c0.name{Collate}, f.company_id, f.document_id, f.seq
            """;
        return Stream(cmd, ReadHistory);
    }

    string SeriesWhere(DbCommand cmd, string concept, string? company, string? unit)
    {
        var where = $"{LatestVersion} AND f.concept_id = (SELECT id FROM concepts WHERE name = @concept) AND f.convenience = 0 AND f.table_kind IN {HistoryTables}";
        Add(cmd, "@concept", concept);
        if (company is not null) { where += " AND f.company_id = (SELECT id FROM companies WHERE name = @company)"; Add(cmd, "@company", company); }
        if (unit is not null) { where += " AND f.unit_id = (SELECT id FROM units WHERE name = @unit)"; Add(cmd, "@unit", unit); }
        return where;
    }

    // Companies by name, each one range of the guidance index (company, concept, document, …, WHERE guidance): no sort,
    // and in SQLite no page of the facts table (the index holds the whole row).
    public IEnumerable<HistoryFact> GuidanceFacts() => Stream(Command(null, $"""
        SELECT {HistorySelect} FROM companies c0 CROSS JOIN {FactRow.FromFactsFirst}
        WHERE f.company_id = c0.id AND f.table_kind = 'guidance' AND {FactRow.DocumentOfFact} AND {LatestVersion}
        ORDER BY c0.name{Collate}, f.company_id, f.concept_id, f.document_id, f.seq
        """), ReadHistory);

    // The forecasts' periods first (target and base, from the guidance index and the periods, a few bytes each), then
    // the candidates: every history row of each forecast (company, concept) pair, as its key and period, from the
    // history index alone (company, concept, table kind; no page of the facts table), each judged against its pair's
    // target and base periods once all are read; then the rows of the accepted keys, in one statement whose key list is one bound value (PickedKeys).
    public IReadOnlyList<HistoryFact> GuidanceActuals(Func<DateOnly?, DateOnly, DateOnly?, DateOnly, bool> canJudge)
    {
        // Each read is taken whole before its ids are looked up: PostgreSQL runs one command at a time on a connection.
        var forecasts = new List<(long Company, long Concept, long Period, DateOnly? BaseStart, DateOnly? BaseEnd)>();
        using (var cmd = Command(null, """
            SELECT g.company_id, g.concept_id, g.period_id, g.base_start, g.base_end FROM facts g CROSS JOIN documents dg
            WHERE g.table_kind = 'guidance' AND dg.company_id = g.company_id AND dg.id = g.document_id AND dg.latest = 1
            """))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) forecasts.Add((Id(r, 0), Id(r, 1), Id(r, 2), Value.Date(r, 3), Value.Date(r, 4)));
        if (forecasts.Count == 0) return [];
        // The pairs as a VALUES list would be long; the guidance index gives them again, in the history index's order.
        var candidates = new List<(long Company, long Concept, long Document, long Seq, long Period)>();
        using (var cmd = Command(null, $"""
            SELECT h.company_id, h.concept_id, h.document_id, h.seq, h.period_id
            FROM (SELECT DISTINCT g.company_id, g.concept_id FROM facts g WHERE g.table_kind = 'guidance') pair CROSS JOIN facts h
            WHERE h.company_id = pair.company_id AND h.concept_id = pair.concept_id AND h.convenience = 0 AND h.table_kind IN {HistoryTables}
            """))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) candidates.Add((Id(r, 0), Id(r, 1), Id(r, 2), Id(r, 3), Id(r, 4)));
        // Read after the rows that name them, so every period they name is here (periods are never deleted).
        var periods = new Dictionary<long, (DateOnly? Start, DateOnly End)>();
        using (var cmd = Command(null, "SELECT id, start_date, end_date FROM periods"))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) periods[Id(r, 0)] = (Value.Date(r, 1), Value.Date(r, 2)!.Value);
        var targets = new Dictionary<(long Company, long Concept), List<(DateOnly? Start, DateOnly End)>>();
        foreach (var g in forecasts)
        {
            if (!targets.TryGetValue((g.Company, g.Concept), out var of)) targets[(g.Company, g.Concept)] = of = [];
            of.Add(periods[g.Period]);
            if (g.BaseEnd is { } baseEnd) of.Add((g.BaseStart, baseEnd));
        }
        var keys = new List<(long Company, long Document, long Seq)>();
        foreach (var c in candidates)
        {
            // A pair forecast only by an earlier version of its document has no targets.
            if (!targets.TryGetValue((c.Company, c.Concept), out var of)) continue;
            var (start, end) = periods[c.Period];
            if (of.Any(t => canJudge(t.Start, t.End, start, end))) keys.Add((c.Company, c.Document, c.Seq));
        }
        var rows = new List<HistoryFact>();
        if (keys.Count > 0)
        {
            using var cmd = Command(null, "");
            cmd.CommandText = $"""
                SELECT {HistorySelect} FROM {PickedKeys(cmd, keys)} CROSS JOIN {FactRow.FromFactsFirst}
                WHERE f.company_id = picked.company_id AND f.document_id = picked.document_id AND f.seq = picked.seq AND {FactRow.DocumentOfFact} AND {LatestVersion}
                """;
            rows.AddRange(Stream(cmd, ReadHistory));
        }
        rows.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Fact.Company, b.Fact.Company);
            if (c == 0) c = a.DocumentId.CompareTo(b.DocumentId);
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        });
        return rows;
    }

    List<string> Names(string sql)
    {
        using var cmd = Command(null, sql);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    /// <summary>
    /// Fact keys (company, document, position) as a row source <c>picked(company_id, document_id, seq)</c>, bound as
    /// one or a few parameters however many keys there are: a statement with a parameter per key took as long to
    /// prepare as to run (7,000 keys were 21,000 parameters in four statements).
    /// </summary>
    protected abstract string PickedKeys(DbCommand cmd, IReadOnlyList<(long Company, long Document, long Seq)> keys);

    public virtual IFactStore Concurrent => this;

    public virtual void Dispose()
    {
        foreach (var cmd in _writes.Values) cmd.Dispose();
        _writes.Clear();
        Connection.Dispose();
    }
}
