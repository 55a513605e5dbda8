using Kessan.Application;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Kessan.Analysis;
using Kessan.Ingestion;
using Kessan.Storage;
using Kessan.Taxonomy;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Kessan.Cli.Bench;

/// <summary>
/// The benchmark: ingest a generated corpus into SQLite (and PostgreSQL), against the floor measured in the same run —
/// reading the same bytes, and inserting as many minimal fact rows (document, concept, period, value, line) with a
/// prepared statement in one transaction (SQLite) or binary COPY (PostgreSQL). Also recall against truth.jsonl,
/// planted defects found, peak memory and query latencies.
/// </summary>
sealed class BenchRunner(TextWriter stdout, TextWriter stderr)
{
    static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    TaxonomySet _taxonomy = TaxonomyLoader.Default;

    public void Run(string corpus, string sqlitePath, string? pg, int repetitions)
    {
        var files = Ingestor.Expand([corpus]).ToList();
        stdout.WriteLine($"corpus: {files.Count} releases in {corpus}");
        // The generated companies' taxonomy files (as KESSAN_TAXONOMY would name them): whose release each one is.
        var companies = Path.Combine(corpus, "taxonomy");
        _taxonomy = Directory.Exists(companies) ? TaxonomyLoader.Load(companies) : TaxonomyLoader.Default;
        stdout.WriteLine($"taxonomy: {_taxonomy.Companies.Count} companies{(Directory.Exists(companies) ? $" (with {companies})" : "")}");

        var sw = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var f in files) { var b = File.ReadAllBytes(f); bytes += b.Length; SHA256.HashData(b); }
        double readFloor = sw.Elapsed.TotalSeconds;
        stdout.WriteLine($"floor: read + hash {bytes / 1e6:0.0} MB in {F(readFloor * 1000)} ms");

        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(sqlitePath + suffix);
        var (sqliteSeconds, facts) = Ingest(new SqliteFactStore(sqlitePath), files, "SQLite");
        double insertFloor = SqliteFloor(sqlitePath + ".floor", facts);
        Report("SQLite", files.Count, facts, sqliteSeconds, readFloor + insertFloor, insertFloor);
        stdout.WriteLine($"SQLite store: {new FileInfo(sqlitePath).Length / 1e6:0.0} MB for {bytes / 1e6:0.0} MB of releases");
        stdout.WriteLine($"peak memory (VmHWM) after the SQLite ingest: {PeakMb():0} MB");

        using (var store = new SqliteFactStore(sqlitePath))
        {
            Recall(store, Path.Combine(corpus, "truth.jsonl"));
            // --queries 0: the ingest figures alone (the history queries over a large store take minutes).
            if (repetitions > 0) Queries(store, repetitions, "SQLite");
        }

        if (pg is not null)
        {
            var (pgSeconds, pgFacts) = Ingest(new PostgresFactStore(pg), files, "PostgreSQL");
            double pgFloor = PostgresFloor(pg, pgFacts);
            Report("PostgreSQL", files.Count, pgFacts, pgSeconds, readFloor + pgFloor, pgFloor);
            using var store = new PostgresFactStore(pg);
            if (repetitions > 0) Queries(store, repetitions, "PostgreSQL");
        }
        stdout.WriteLine($"peak memory (VmHWM) of the whole run: {PeakMb():0} MB");
    }

    /// <summary>The query round alone, over a store built before (a store of millions of facts is built once, kept out of the repository).</summary>
    public void QueriesOnly(string target, string? taxonomyFolder, int repetitions)
    {
        if (taxonomyFolder is not null) _taxonomy = TaxonomyLoader.Load(taxonomyFolder);
        using var store = StoreTarget.OpenExisting(target);
        stdout.WriteLine($"store: {target}, {store.Documents().Count} documents");
        Queries(store, repetitions, target.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite");
    }

    (double Seconds, long Facts) Ingest(IFactStore store, List<string> files, string name)
    {
        using (store)
        {
            var sw = Stopwatch.StartNew();
            var reports = new Ingestor(store, _taxonomy).IngestAll(files).ToList();
            var seconds = sw.Elapsed.TotalSeconds;
            int rejected = reports.Count(r => r.Status == IngestStatus.Rejected);
            if (rejected > 0) stderr.WriteLine($"{name}: {rejected} rejected, e.g. {reports.First(r => r.Status == IngestStatus.Rejected).Error}");
            return (seconds, reports.Sum(r => (long)r.Facts));
        }
    }

    void Report(string name, int docs, long facts, double seconds, double floor, double insertFloor) =>
        stdout.WriteLine($"{name}: ingest {docs} docs, {facts} facts in {F(seconds)} s = {F(docs / seconds)} docs/s, {facts / seconds:0} facts/s; " +
                         $"floor {F(floor)} s (insert {F(insertFloor)} s); ingest ÷ floor = {F(seconds / floor)}");

    static double PeakMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }

    static double SqliteFloor(string path, long rows)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using (var ddl = c.CreateCommand())
        {
            ddl.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE f (document_id INTEGER, concept_id INTEGER, period_id INTEGER, value TEXT, line INTEGER)";
            ddl.ExecuteNonQuery();
        }
        var sw = Stopwatch.StartNew();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO f VALUES (@d, @c, @p, @v, @l)";
        var ps = new[] { "@d", "@c", "@p", "@v", "@l" }.Select(n => { var p = cmd.CreateParameter(); p.ParameterName = n; cmd.Parameters.Add(p); return p; }).ToArray();
        cmd.Prepare();
        for (long i = 0; i < rows; i++)
        {
            ps[0].Value = i / 600; ps[1].Value = i % 300; ps[2].Value = i % 40; ps[3].Value = (i * 1000).ToString(CultureInfo.InvariantCulture); ps[4].Value = i % 500;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        var seconds = sw.Elapsed.TotalSeconds;
        c.Close();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        return seconds;
    }

    static double PostgresFloor(string target, long rows)
    {
        using var c = new NpgsqlConnection(PostgresFactStore.ConnectionString(target));
        c.Open();
        using (var ddl = new NpgsqlCommand("DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor (document_id bigint, concept_id bigint, period_id bigint, value numeric, line integer)", c))
            ddl.ExecuteNonQuery();
        var sw = Stopwatch.StartNew();
        using (var w = c.BeginBinaryImport("COPY bench_floor FROM STDIN (FORMAT BINARY)"))
        {
            for (long i = 0; i < rows; i++)
            {
                w.StartRow();
                w.Write(i / 600, NpgsqlDbType.Bigint); w.Write(i % 300, NpgsqlDbType.Bigint); w.Write(i % 40, NpgsqlDbType.Bigint);
                w.Write((decimal)(i * 1000), NpgsqlDbType.Numeric); w.Write((int)(i % 500), NpgsqlDbType.Integer);
            }
            w.Complete();
        }
        var seconds = sw.Elapsed.TotalSeconds;
        using (var drop = new NpgsqlCommand("DROP TABLE bench_floor", c)) drop.ExecuteNonQuery();
        return seconds;
    }

    void Recall(IFactStore store, string truthPath)
    {
        var stored = store.Facts(new FactQuery()).Select(f => (f.Doc, f.Line, f.PeriodEnd, f.Unit, f.Value)).ToHashSet();
        var defectLines = store.Findings().Where(f => f.Severity != Kessan.Proof.Severity.Info).Select(f => (f.Doc, f.Line)).ToHashSet();
        int total = 0, found = 0, defects = 0, defectsFound = 0;
        // A release byte for byte the same as another (one quarter issued twice) is stored once, under the first name:
        // its true facts are found under that name.
        var storedName = store.Documents().GroupBy(d => d.Sha256, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        var names = store.Documents().Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var twinOf = new Dictionary<string, string>(StringComparer.Ordinal);
        string Stored(string doc)
        {
            if (names.Contains(doc)) return doc;
            if (twinOf.TryGetValue(doc, out var twin)) return twin;
            var path = Path.Combine(Path.GetDirectoryName(truthPath)!, doc);
            var sha = File.Exists(path) ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))) : "";
            return twinOf[doc] = storedName.GetValueOrDefault(sha, doc);
        }
        var planted = new List<(string Doc, string Company, DateOnly End)>();
        // Which releases print each company's "Sales and marketing" of a quarter (the line a reclassification moves).
        var reported = new Dictionary<(string Company, DateOnly End), HashSet<string>>();
        var companyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(truthPath))
        {
            var t = JsonDocument.Parse(line).RootElement;
            var doc = Stored(t.GetProperty("doc").GetString()!);
            if (t.TryGetProperty("restatement", out _))
            {
                planted.Add((doc, "", DateOnly.ParseExact(t.GetProperty("periodEnd").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
                continue;
            }
            int at = t.GetProperty("line").GetInt32();
            if (t.TryGetProperty("defect", out _))
            {
                defects++;
                if (defectLines.Contains((doc, at))) defectsFound++;
                continue;
            }
            total++;
            var end = DateOnly.ParseExact(t.GetProperty("periodEnd").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            companyOf[doc] = t.GetProperty("company").GetString()!;
            if (t.GetProperty("label").GetString() == "Sales and marketing")
                (reported.TryGetValue((companyOf[doc], end), out var docs) ? docs : reported[(companyOf[doc], end)] = []).Add(doc);
            if (stored.Contains((doc, at, end, t.GetProperty("unit").GetString()!, t.GetProperty("value").GetDecimal()))) found++;
        }
        stdout.WriteLine($"recall: {found} of {total} true facts ({100.0 * found / Math.Max(1, total):0.0}%); planted defects found: {defectsFound} of {defects}");
        // A planted reclassification is a restatement only where another release of the company reports that quarter.
        var expected = planted.Where(p => reported.TryGetValue((companyOf[p.Doc], p.End), out var docs) && docs.Any(d => d != p.Doc)).ToList();
        var restated = ReleaseHistory.Restatements(store, _taxonomy).Select(r => (r.First.Doc, r.Latest.Doc, r.PeriodEnd, r.Kind)).ToList();
        var restatedAt = restated.SelectMany(r => new[] { (r.Item1, r.PeriodEnd), (r.Item2, r.PeriodEnd) }).ToHashSet();
        int restatementsFound = expected.Count(p => restatedAt.Contains((p.Doc, p.End)));
        stdout.WriteLine($"restatements: {restated.Count} reported ({restated.Count(r => r.Kind == "reclassification")} reclassifications); " +
            $"planted reclassifications found: {restatementsFound} of {expected.Count} with an earlier or later report of their quarter ({planted.Count} planted)");
    }

    void Queries(IFactStore store, int repetitions, string name)
    {
        var taxonomy = _taxonomy;
        var docs = store.Documents();
        var doc = docs[docs.Count / 2].Name;
        // Counted by the store: enumerating every fact in listing order would sort the whole store in memory.
        long total = store.CountFacts(new FactQuery(Concept: "us-gaap:Revenues"));
        Time(name, "series us-gaap:Revenues", repetitions, () => ReleaseHistory.Series(store, "us-gaap:Revenues", Basis.Latest).Count());
        Time(name, "facts --concept us-gaap:Assets", repetitions, () => store.Facts(new FactQuery(Concept: "us-gaap:Assets")).Count());
        // One company's questions: what a person asks of a store of many companies (the index range of one company).
        var company = docs[docs.Count / 2].Meta.Company;
        Time(name, $"series us-gaap:Revenues --company '{company}'", repetitions,
            () => ReleaseHistory.Series(store, "us-gaap:Revenues", Basis.Latest, company: company).Count());
        Time(name, $"facts --concept us-gaap:Assets --company '{company}'", repetitions,
            () => store.Facts(new FactQuery(Concept: "us-gaap:Assets", Company: company)).Count());
        Time(name, $"check --doc {doc}", repetitions, () => store.Findings(doc).Count());
        Time(name, $"facts --doc {doc}", repetitions, () => store.Facts(new FactQuery(Doc: doc)).Count());
        Time(name, "restatements", Math.Min(3, repetitions), () => ReleaseHistory.Restatements(store, taxonomy).Count());
        Time(name, "guidance", Math.Min(3, repetitions), () => ReleaseHistory.Guidance(store).Count());
        // A person reads a long answer as it comes: the first rows of the cross-company questions, streamed.
        First(name, "series us-gaap:Revenues", repetitions, () => ReleaseHistory.Series(store, "us-gaap:Revenues", Basis.Latest));
        First(name, "restatements", Math.Min(3, repetitions), () => ReleaseHistory.Restatements(store, taxonomy));
        stdout.WriteLine($"{name}: store holds {store.CountFacts(new FactQuery())} facts of latest versions ({total} us-gaap:Revenues)");
    }

    /// <summary>Time to the first 100 rows of a streamed answer (the rest is not read).</summary>
    void First<T>(string store, string what, int n, Func<IEnumerable<T>> query) =>
        Time(store, $"{what} (first 100 rows)", n, () => query().Take(100).Count());

    void Time(string store, string what, int n, Func<int> query)
    {
        query();
        var times = new List<double>();
        int rows = 0;
        for (int i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            rows = query();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
        stdout.WriteLine($"{store}: {what}: {rows} rows, median {F(times[times.Count / 2])} ms, p95 {F(p95)} ms");
    }
}
