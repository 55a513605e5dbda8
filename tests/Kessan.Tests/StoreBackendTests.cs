using System.Text.Json;
using Kessan.Analysis;
using Kessan.Cli;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Taxonomy;
using Npgsql;

namespace Kessan.Tests;

/// <summary>The seeds, the sample and ../shared/wild ingested once into a real SQLite file and once into a real PostgreSQL database.</summary>
public sealed class BothBackendsFixture : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public string SqlitePath { get; }
    public string PostgresTarget { get; }

    public BothBackendsFixture()
    {
        SqlitePath = _dir.File("both.db");
        PostgresTarget = PostgresServer.NewDatabase();
        var inputs = Ingestor.Expand([TestPaths.Seeds, TestPaths.Samples, Path.Combine(TestPaths.Shared, "wild", "docs")]).ToList();
        foreach (var target in new[] { SqlitePath, PostgresTarget })
        {
            using var store = Open(target);
            new Ingestor(store, TaxonomyLoader.Default).IngestAll(inputs).ToList();
        }
    }

    public IFactStore Open(string target) => target.StartsWith("Host=", StringComparison.Ordinal) ? new PostgresFactStore(target) : new SqliteFactStore(target);

    public void Dispose() => _dir.Dispose();
}

/// <summary>The same behaviour from both stores: facts, findings, history questions, identity, versions, errors.</summary>
public sealed class StoreBackendTests(BothBackendsFixture both) : IClassFixture<BothBackendsFixture>, IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Backends => new() { "sqlite", "postgres" };

    string NewTarget(string backend) => backend == "postgres" ? PostgresServer.NewDatabase() : _dir.File($"{Guid.NewGuid():N}.db");

    static async Task<(int Exit, string Out, string Err)> Kessan(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = await KessanCommand.RunAsync(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    static string Json<T>(T value) => JsonSerializer.Serialize(value);
    static string Key(Finding f) => $"{f.Rule}|{f.Severity}|{f.Doc}|{f.Line}|{f.Concept}|{f.PeriodEnd}|{f.Expected}|{f.Found}|{f.Message}|{f.Repair?.Value}|{string.Join(";", f.Repair?.Evidence ?? [])}";

    [Fact]
    public void Both_backends_store_and_answer_the_same_on_seeds_sample_and_wild()
    {
        using var sqlite = both.Open(both.SqlitePath);
        using var pg = both.Open(both.PostgresTarget);
        var a = sqlite.Facts(new FactQuery()).ToList();
        var b = pg.Facts(new FactQuery()).ToList();
        Assert.True(a.Count > 4000, $"{a.Count} facts");
        Assert.Equal(a.Select(Json), b.Select(Json));
        Assert.Equal(a, b);
        Assert.Equal(sqlite.Findings().Select(Key), pg.Findings().Select(Key));
        Assert.Equal(sqlite.Documents().Select(d => (d.Name, d.Sha256, d.Version, d.Latest, d.Meta, d.FactCount, d.FindingCount)),
            pg.Documents().Select(d => (d.Name, d.Sha256, d.Version, d.Latest, d.Meta, d.FactCount, d.FindingCount)));
        var taxonomy = TaxonomyLoader.Default;
        Assert.Equal(Json(ReleaseHistory.Restatements(sqlite, taxonomy).ToList()), Json(ReleaseHistory.Restatements(pg, taxonomy).ToList()));
        Assert.Equal(Json(ReleaseHistory.Guidance(sqlite).ToList()), Json(ReleaseHistory.Guidance(pg).ToList()));
        Assert.Equal(Json(ReleaseHistory.Series(sqlite, "us-gaap:Revenues", Basis.Latest).ToList()),
            Json(ReleaseHistory.Series(pg, "us-gaap:Revenues", Basis.Latest).ToList()));
    }

    [Fact]
    public void History_from_the_concepts_a_question_needs_equals_history_from_the_whole_store()
    {
        foreach (var target in new[] { both.SqlitePath, both.PostgresTarget })
        {
            using var store = both.Open(target);
            var taxonomy = TaxonomyLoader.Default;
            var whole = new ReleaseHistory(store.Facts(new FactQuery()), store.Documents(), taxonomy);
            Assert.NotEmpty(whole.Restatements());
            Assert.Equal(Json(whole.Restatements()), Json(ReleaseHistory.Restatements(store, taxonomy).ToList()));
            Assert.Equal(Json(whole.Guidance()), Json(ReleaseHistory.Guidance(store).ToList()));
            foreach (var concept in new[] { "us-gaap:Revenues", "us-gaap:OperatingIncomeLoss", "us-gaap:Assets" })
                foreach (var basis in new[] { Basis.Latest, Basis.FirstReported })
                    Assert.Equal(Json(whole.Series(concept, basis)), Json(ReleaseHistory.Series(store, concept, basis).ToList()));
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void Restatements_from_the_recorded_groups_equal_the_whole_store_with_new_versions_and_after_migrating_a_version_4_store(string backend)
    {
        var db = NewTarget(backend);
        var path = _dir.File($"{backend}-versions.txt");
        File.Copy(Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), path);
        var taxonomy = TaxonomyLoader.Default;
        using (var store = both.Open(db))
        {
            var ingestor = new Ingestor(store, taxonomy);
            ingestor.IngestAll(Ingestor.Expand([TestPaths.Seeds, path]).ToList()).ToList();
            // A new version of a release, its revenue changed: the old version's value is in the store, not the answer.
            File.WriteAllText(path, File.ReadAllText(path).Replace("Total revenues\t108,456\t13,036,439", "Total revenues\t108,456\t13,036,440"));
            ingestor.IngestAll([path]).ToList();
        }
        string Expected(IFactStore store) => Json(new ReleaseHistory(store.Facts(new FactQuery()), store.Documents(), taxonomy).Restatements());
        string expected;
        using (var store = both.Open(db))
        {
            expected = Expected(store);
            Assert.NotEqual("[]", expected);
            Assert.Equal(expected, Json(ReleaseHistory.Restatements(store, taxonomy).ToList()));
        }
        long recorded = Sql(backend, db, "SELECT COUNT(*) FROM restated_groups");
        Assert.True(recorded > 0);
        // The store as version 4 wrote it (no recorded groups): opening it migrates and fills the groups from its facts.
        Sql(backend, db, $"DROP TABLE restated_groups; {Version5}; DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (4)");
        using (var store = both.Open(db))
        {
            Assert.Equal(expected, Expected(store));
            Assert.Equal(expected, Json(ReleaseHistory.Restatements(store, taxonomy).ToList()));
        }
        Assert.True(Sql(backend, db, "SELECT COUNT(*) FROM restated_groups") > 0);
    }

    /// <summary>Takes a store back to schema version 7: the document lines' table (empty here), no document text.</summary>
    const string Version7 = "CREATE TABLE document_lines (company_id bigint NOT NULL, document_id bigint NOT NULL, line integer NOT NULL, text text NOT NULL, PRIMARY KEY (company_id, document_id, line)); DROP TABLE document_text";

    /// <summary>Takes a store back to schema version 5: no per-document counts, the documents' name index on the name alone.</summary>
    const string Version5 = $"{Version7}; DROP TABLE fact_counts; DROP TABLE finding_counts; DROP INDEX documents_name; CREATE INDEX documents_name ON documents (name)";

    /// <summary>Rows of the per-document counts that differ from the stored facts and findings grouped, both ways.</summary>
    static long CountsAmiss(string backend, string db)
    {
        const string Facts = "SELECT company_id, document_id, status, table_kind, unit_id, period_id, COUNT(*) FROM facts GROUP BY company_id, document_id, status, table_kind, unit_id, period_id";
        const string FactCounts = "SELECT company_id, document_id, status, table_kind, unit_id, period_id, n FROM fact_counts";
        const string Findings = "SELECT company_id, document_id, rule, severity, COUNT(*) FROM findings GROUP BY company_id, document_id, rule, severity";
        const string FindingCounts = "SELECT company_id, document_id, rule, severity, n FROM finding_counts";
        return new[] { (Facts, FactCounts), (FactCounts, Facts), (Findings, FindingCounts), (FindingCounts, Findings) }
            .Sum(pair => Sql(backend, db, $"SELECT COUNT(*) FROM ({pair.Item1} EXCEPT {pair.Item2}) x"));
    }

    [Theory, MemberData(nameof(Backends))]
    public void The_per_document_counts_are_the_stored_rows_grouped_as_written_and_as_migrated_from_version_5(string backend)
    {
        var db = NewTarget(backend);
        var path = _dir.File($"{backend}-counts.txt");
        File.Copy(Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), path);
        var filters = new FactQuery[] { new() { Status = "flagged" }, new() { Table = "balance", Unit = "JPY" }, new(AllVersions: true) { Table = "income" } };
        string Listings(IFactStore store) => Json(filters.Select(f => (store.CountFacts(f), store.Facts(f with { Offset = 3, Limit = 40 }).ToList())).ToList()
            .Select(x => new { Total = x.Item1, Page = x.Item2 }))
            + Json(store.Findings(new FindingQuery(Severity: "warning") { Offset = 2, Limit = 9 }).Select(Key)) + store.CountFindings(new FindingQuery(Rule: "sum"));
        string expected;
        using (var store = both.Open(db))
        {
            var ingestor = new Ingestor(store, TaxonomyLoader.Default);
            ingestor.IngestAll(Ingestor.Expand([TestPaths.Seeds, path]).ToList()).ToList();
            File.WriteAllText(path, File.ReadAllText(path).Replace("Total revenues\t108,456\t13,036,439", "Total revenues\t108,456\t13,036,440"));
            ingestor.IngestAll([path]).ToList();
            expected = Listings(store);
        }
        Assert.True(Sql(backend, db, "SELECT COUNT(*) FROM fact_counts") > 0);
        Assert.True(Sql(backend, db, "SELECT COUNT(*) FROM finding_counts") > 0);
        Assert.Equal(0, CountsAmiss(backend, db));
        Sql(backend, db, $"{Version5}; DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (5)");
        using (var store = both.Open(db)) Assert.Equal(expected, Listings(store));
        Assert.Equal(8, SchemaVersion(db));
        Assert.Equal(0, CountsAmiss(backend, db));
    }

    [Theory, MemberData(nameof(Backends))]
    public void The_document_text_is_the_lines_as_read_as_written_and_as_migrated_from_the_rows_of_version_7(string backend)
    {
        var db = NewTarget(backend);
        var path = _dir.File($"{backend}-text.txt");
        File.Copy(Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), path);
        var doc = DocumentReader.Read(path);
        var expected = doc.Lines.Select((l, i) => new DocumentLine(i + 1, l)).ToList();
        // Lines as they come: empty ones and tab-separated ones.
        Assert.Contains(expected, l => l.Text.Length == 0);
        Assert.Contains(expected, l => l.Text.Contains('\t'));
        void Check(IFactStore store)
        {
            Assert.Equal(expected.Count, store.DocumentLines(doc.Sha256, 1, 0).LineCount);
            Assert.Equal(expected, store.DocumentLines(doc.Sha256, 1, expected.Count + 5).Lines);
            Assert.Equal(expected.Skip(1).Take(3), store.DocumentLines(doc.Sha256, 2, 3).Lines);
            Assert.Equal(expected.Skip(expected.Count - 2), store.DocumentLines(doc.Sha256, expected.Count - 1, int.MaxValue).Lines);
            Assert.Empty(store.DocumentLines(doc.Sha256, expected.Count + 1, 10).Lines);
            Assert.Empty(store.DocumentLines(doc.Sha256, 1, 0).Lines);
            Assert.Equal(0, store.DocumentLines(new string('0', 64), 1, 0).LineCount);
        }
        using (var store = both.Open(db))
        {
            new Ingestor(store, TaxonomyLoader.Default).IngestAll([path]).ToList();
            Check(store);
        }
        Assert.Equal(1, Sql(backend, db, "SELECT COUNT(*) FROM document_text"));
        // The store as version 7 wrote it: a row per line, migrated to one text on opening.
        Sql(backend, db, Version7.Replace("; DROP TABLE document_text", ""));
        foreach (var (line, text) in expected)
            Sql(backend, db, $"INSERT INTO document_lines SELECT company_id, document_id, {line}, '{text.Replace("'", "''")}' FROM document_text");
        Sql(backend, db, "DROP TABLE document_text; DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (7)");
        using (var store = both.Open(db)) Check(store);
        Assert.Equal(8, SchemaVersion(db));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Each_row_keeps_its_own_values_where_the_row_before_repeats_or_leaves_out_some_of_them(string backend)
    {
        // SQLite's writer rebinds only the values that differ from the row before: rows that alternate between
        // values and empty optional columns, equal decimals printed at other scales, and a batch that follows another
        // must all come back as written.
        var db = NewTarget(backend);
        var files = Ingestor.Expand([Corpus.Copies(_dir.File($"{backend}-rebind"), 2)]).ToList();
        using var store = both.Open(db);
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        var pending = files.Select(f => ingestor.Prepare(f, new HashSet<string>()).Pending!).ToList();
        var d1 = new DateOnly(2001, 4, 1);
        var d2 = new DateOnly(2002, 3, 31);
        Fact[] Shape(IReadOnlyList<Fact> facts) =>
        [
            facts[0] with { Value = 1.0m, Low = 0.5m, High = 1.50m, BaseStart = d1, BaseEnd = d2, Footnote = "(1)", Decimals = 1 },
            facts[1] with { Value = 1.00m, Low = null, High = null, BaseStart = null, BaseEnd = null, Footnote = null, Decimals = null },
            facts[2] with { Value = 1.000m, Low = null, High = null, BaseStart = null, BaseEnd = null, Footnote = "(2)", Decimals = 3 },
            facts[3] with { Value = 1.000m, Low = 0.50m, High = null, BaseStart = d1, BaseEnd = null, Footnote = "(2)", Decimals = 3 },
            facts[4] with { Value = 0m, Low = null, High = 1.50m, BaseStart = null, BaseEnd = d2, Footnote = null, Decimals = 0 },
            .. facts.Skip(5),
        ];
        var first = pending[0] with { Facts = Shape(pending[0].Facts) };
        // The second batch starts where the first ended: its first row repeats nothing of the last row's empties.
        var second = pending[1] with { Facts = [.. Shape(pending[1].Facts).Reverse()] };
        Assert.All(store.SaveBatch([first]), r => Assert.Equal(StoreOutcome.Added, r.Outcome));
        Assert.All(store.SaveBatch([second]), r => Assert.Equal(StoreOutcome.Added, r.Outcome));
        static string Row(Fact f) => Json(new
        {
            f.Concept, f.Label, Value = f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Low = f.Low?.ToString(System.Globalization.CultureInfo.InvariantCulture), High = f.High?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            f.BaseStart, f.BaseEnd, f.Footnote, f.Decimals, f.Printed, f.Line, f.Column, f.Unit, f.PeriodStart, f.PeriodEnd, f.Status,
        });
        foreach (var doc in new[] { first, second })
            Assert.Equal(doc.Facts.Select(Row), store.Facts(new FactQuery { DocSha256 = doc.Doc.Sha256 }).Select(Row));
    }

    static long Sql(string backend, string db, string sql)
    {
        using System.Data.Common.DbConnection c = backend == "postgres" ? new NpgsqlConnection(db) : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Every_hand_verified_fact_of_the_seeds_is_in_the_postgresql_store()
    {
        using var pg = both.Open(both.PostgresTarget);
        var byKey = pg.Facts(new FactQuery()).ToLookup(f => (f.Doc, f.PeriodEnd, f.Unit, f.Value));
        int checkedFacts = 0;
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Shared, "truth", "seeds-000-002.jsonl")))
        {
            var r = JsonDocument.Parse(line).RootElement;
            var key = (r.GetProperty("doc").GetString()!, DateOnly.Parse(r.GetProperty("period_end").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                // As the seed truth test: the truth's "shares" is Kessan's "count".
                r.GetProperty("unit").GetString() is "shares" ? "count" : r.GetProperty("unit").GetString()!, r.GetProperty("value").GetDecimal());
            Assert.True(byKey[key].Any(f => TaxonomySet.LabelKey(f.Label) == TaxonomySet.LabelKey(r.GetProperty("label").GetString()!)), line);
            checkedFacts++;
        }
        Assert.True(checkedFacts > 1400);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Ingest_is_idempotent_and_a_changed_release_is_a_new_version_listed_with_the_old(string backend)
    {
        var db = NewTarget(backend);
        var path = _dir.File($"{backend}-release.txt");
        File.Copy(Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), path);
        Assert.Contains("1 added", (await Kessan("ingest", path, "--db", db)).Out);
        Assert.Contains("1 unchanged", (await Kessan("ingest", path, "--db", db)).Out);
        File.WriteAllText(path, File.ReadAllText(path).Replace("Total revenues\t108,456\t13,036,439", "Total revenues\t108,456\t13,036,440"));
        Assert.Contains("1 new versions", (await Kessan("ingest", path, "--db", db)).Out);

        var docs = (await Kessan("documents", "--db", db, "--format", "jsonl")).Out.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, docs.Count);
        Assert.Equal([1, 2], docs.Select(d => d.GetProperty("version").GetInt32()));
        Assert.Equal([false, true], docs.Select(d => d.GetProperty("latest").GetBoolean()));
        Assert.All(docs, d => Assert.Equal("Internet Initiative Japan Inc.", d.GetProperty("company").GetString()));
        Assert.All(docs, d => Assert.Equal(Path.GetFullPath(path), d.GetProperty("path").GetString()));
        Assert.All(docs, d => Assert.True(d.GetProperty("facts").GetInt32() > 300));

        using var store = both.Open(db);
        var revenue = store.Facts(new FactQuery(Concept: "us-gaap:Revenues", Period: "2003-03-31")).Where(f => f.Unit == "JPY" && f.Table == "income").Select(f => f.Value);
        Assert.Equal([13_036_440_000m], revenue);
        Assert.Equal(2, store.Facts(new FactQuery(Concept: "us-gaap:Revenues", Period: "2003-03-31", AllVersions: true)).Count(f => f.Unit == "JPY" && f.Table == "income"));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Two_different_releases_with_the_same_file_name_in_two_folders_never_shadow_each_other(string backend)
    {
        var db = NewTarget(backend);
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        File.Copy(Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), _dir.File("a/release.txt"));
        File.Copy(TestPaths.Seed("000"), _dir.File("b/release.txt"));
        var ingest = await Kessan("ingest", _dir.File("a"), _dir.File("b"), "--db", db);
        Assert.Contains("2 added, 0 new versions", ingest.Out);

        using var store = both.Open(db);
        var docs = store.Documents();
        Assert.Equal(2, docs.Count);
        Assert.All(docs, d => Assert.True(d.Latest));
        Assert.Equal(2, docs.Select(d => d.Meta.ReportingEnd).Distinct().Count());
        var facts = store.Facts(new FactQuery(Doc: "release.txt")).ToList();
        foreach (var d in docs) Assert.Equal(d.FactCount, facts.Count(f => f.DocSha256 == d.Sha256));
        // Both releases take part in the history: their revenues are two points of one series.
        var series = ReleaseHistory.Series(store, "us-gaap:Revenues", Basis.Latest).ToList();
        Assert.Contains(series, p => p.PeriodEnd == new DateOnly(2003, 3, 31));
        Assert.Contains(series, p => p.PeriodEnd == new DateOnly(2002, 12, 31));
    }

    [Theory, MemberData(nameof(Backends))]
    public void A_batch_stores_many_documents_each_once_and_the_schema_is_versioned(string backend)
    {
        var db = NewTarget(backend);
        var corpus = Corpus.Copies(_dir.File($"{backend}-corpus"), 12);
        using (var store = both.Open(db))
        {
            var ingestor = new Ingestor(store, TaxonomyLoader.Default) { BatchSize = 5 };
            // A folder named twice is searched once (each real file once); the second ingest finds every document stored.
            var files = Ingestor.Expand([corpus, corpus]).ToList();
            Assert.Equal(12, files.Count);
            var reports = ingestor.IngestAll(files).ToList();
            Assert.Equal(files, reports.Select(r => r.File));
            Assert.Equal(12, reports.Count(r => r.Status == IngestStatus.Added));
            var again = ingestor.IngestAll(files).ToList();
            Assert.Equal(12, again.Count(r => r.Status == IngestStatus.Unchanged));
            reports.AddRange(again);
            Assert.Equal(12, store.Documents().Count);
            Assert.Equal(reports.Sum(r => r.Facts), store.Facts(new FactQuery()).Count());
        }
        // Reopening finds the schema current and keeps the data.
        using (var reopened = both.Open(db))
        {
            Assert.Equal(12, reopened.Documents().Count);
            Assert.Equal(8, SchemaVersion(db)); // migration 2: the (concept, company) index; 3: the document lines; 4: the history index; 5: the restated groups; 6: the per-document counts; 7: the whole-row guidance index; 8: the document text as one value
        }
    }

    static int SchemaVersion(string target)
    {
        if (target.StartsWith("Host=", StringComparison.Ordinal))
        {
            using var c = new NpgsqlConnection(target);
            c.Open();
            using var cmd = new NpgsqlCommand("SELECT version FROM schema_version", c);
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        using var s = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Pooling=False");
        s.Open();
        using var q = s.CreateCommand();
        q.CommandText = "SELECT version FROM schema_version";
        return Convert.ToInt32(q.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Read_commands_never_create_a_store()
    {
        var missing = _dir.File("missing.db");
        foreach (var args in new[] { new[] { "facts" }, ["check"], ["restatements"], ["series", "us-gaap:Revenues"], ["guidance"], ["metrics"], ["documents"] })
        {
            var (exit, _, err) = await Kessan([.. args, "--db", missing]);
            Assert.Equal(2, exit);
            Assert.Contains("no such store", err);
            Assert.False(File.Exists(missing));
        }
    }

    [Fact]
    public async Task Store_errors_are_one_line_with_exit_1()
    {
        var garbage = _dir.File("garbage.db");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var folder = _dir.File("folder.db");
        Directory.CreateDirectory(folder);
        var closedPort = $"Host=127.0.0.1;Port={FreePort()};Database=kessan;Username=kessan;Password=kessan;Timeout=2";
        foreach (var (db, expected) in new[] { (garbage, "not a Kessan store"), (folder, "is a directory"), (closedPort, "unreachable"), ("postgres://kessan:x@127.0.0.1:" + FreePort() + "/kessan", "unreachable") })
            foreach (var args in new[] { new[] { "ingest", Path.Combine(TestPaths.Samples, "iij-4q02-release.txt") }, ["facts"] })
            {
                var (exit, stdout, err) = await Kessan([.. args, "--db", db]);
                Assert.Equal(1, exit);
                Assert.Contains(expected, err);
                Assert.Single(err.Trim().Split('\n'));
                Assert.DoesNotContain("   at ", err);
            }
    }

    [Fact]
    public async Task A_wrong_postgresql_connection_string_is_one_line_naming_what_is_wrong()
    {
        // A running server (the suite's) asked for the wrong things, and strings that are no connection at all.
        var good = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.NewDatabase());
        var wrongPassword = new Npgsql.NpgsqlConnectionStringBuilder(good.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        var noDatabase = new Npgsql.NpgsqlConnectionStringBuilder(good.ConnectionString) { Database = "no_such_database" }.ConnectionString;
        foreach (var (db, expected) in new[]
        {
            (wrongPassword, "refused the connection: password authentication failed"),
            (noDatabase, "refused the connection: database \"no_such_database\" does not exist"),
            ($"postgres://kessan:kessan@127.0.0.1:{good.Port}/no_such_database", "does not exist"),
            ("Host=127.0.0.1;Port=not-a-port;Database=kessan", "not a valid PostgreSQL connection string"),
            ("Host=127.0.0.1;Colour=blue;Database=kessan", "not a valid PostgreSQL connection string"),
            ("postgres://kessan@[not a host/kessan", "not a valid PostgreSQL connection string"),
            ("Host=no-such-host.invalid;Database=kessan;Username=kessan;Timeout=2", "unreachable"),
        })
            foreach (var args in new[] { new[] { "ingest", Path.Combine(TestPaths.Samples, "iij-4q02-release.txt") }, ["facts"] })
            {
                var (exit, _, err) = await Kessan([.. args, "--db", db]);
                Assert.True(exit == 1, $"{db}: exit {exit}: {err}");
                Assert.Contains(expected, err);
                Assert.Single(err.Trim().Split('\n'));
                Assert.DoesNotContain("   at ", err);
                Assert.DoesNotContain("not-the-password", err);
            }
    }

    [Fact, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_read_only_store_is_one_clear_line_for_ingest()
    {
        if (Environment.UserName == "root")
        {
            // root writes whatever the file modes say, so the second ingest runs as the unprivileged 'nobody' user.
            var db = _dir.File("ro.db");
            Assert.Equal(0, (await Kessan("ingest", Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), "--db", db)).Exit);
            File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.SetUnixFileMode(_dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var psi = new System.Diagnostics.ProcessStartInfo("runuser") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-u", "nobody", "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "kessan.dll"), "ingest", TestPaths.Seed("000"), "--db", db }) psi.ArgumentList.Add(a);
            psi.Environment["DOTNET_CLI_HOME"] = "/tmp";
            psi.Environment["HOME"] = "/tmp";
            using var p = System.Diagnostics.Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(1, p.ExitCode);
            Assert.Contains("read-only", await err);
            Assert.Single((await err).Trim().Split('\n'));
        }
        else
        {
            var db = _dir.File("ro.db");
            Assert.Equal(0, (await Kessan("ingest", Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), "--db", db)).Exit);
            File.SetUnixFileMode(db, UnixFileMode.UserRead);
            var (exit, _, err) = await Kessan("ingest", TestPaths.Seed("000"), "--db", db);
            Assert.Equal(1, exit);
            Assert.Contains("read-only", err);
        }
    }

    static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
