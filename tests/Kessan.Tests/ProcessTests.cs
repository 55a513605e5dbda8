using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>One corpus of 200 distinct releases and its uninterrupted single-process ingest, shared by the process tests.</summary>
public sealed class TwoHundredReleases : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public string Folder { get; }
    public string ReferenceDb { get; }
    public IReadOnlyList<string> Facts { get; }
    public IReadOnlyList<string> Findings { get; }

    public TwoHundredReleases()
    {
        Folder = Corpus.Copies(_dir.File("corpus"), 200);
        ReferenceDb = _dir.File("reference.db");
        using var store = new SqliteFactStore(ReferenceDb);
        var reports = new Ingestor(store, TaxonomyLoader.Default).IngestAll(Ingestor.Expand([Folder])).ToList();
        if (reports.Count(r => r.Status == IngestStatus.Added) != 200) throw new InvalidOperationException("reference ingest did not add 200 documents");
        (Facts, Findings) = Dump(store);
    }

    public static (IReadOnlyList<string> Facts, IReadOnlyList<string> Findings) Dump(IFactStore store) =>
        (store.Facts(new FactQuery()).Select(f => JsonSerializer.Serialize(f)).ToList(), store.Findings().Select(Key).ToList());

    static string Key(Finding f) => $"{f.Rule}|{f.Severity}|{f.Doc}|{f.Line}|{f.Concept}|{f.PeriodEnd}|{f.Expected}|{f.Found}|{f.Message}|{f.Repair?.Value}|{string.Join(";", f.Repair?.Evidence ?? [])}";

    public void Dispose() => _dir.Dispose();
}

/// <summary>Real processes: kills at random points, signals, and several writers on one PostgreSQL database.</summary>
public sealed partial class ProcessTests(TwoHundredReleases corpus) : IClassFixture<TwoHundredReleases>, IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    static int Signal(int pid, int signal)
    {
        using var kill = Process.Start("kill", ["-" + signal.ToString(System.Globalization.CultureInfo.InvariantCulture), pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    const int SIGINT = 2, SIGTERM = 15;

    [Fact]
    public void Fifty_kills_at_random_points_then_a_rerun_leave_the_store_an_uninterrupted_run_makes()
    {
        var db = _dir.File("killed.db");
        var random = new Random(20261201);
        for (int kill = 0; kill < 50; kill++)
        {
            using var p = Corpus.Start("ingest", corpus.Folder, "--db", db);
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            // From before the store is open to well into the writing: startup takes ~0.2 s.
            Thread.Sleep(random.Next(50, 900));
            p.Kill();
            p.WaitForExit();
        }
        var (exit, stdout, _) = Corpus.Run("ingest", corpus.Folder, "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("ingested 200 documents", stdout);

        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", cmd.ExecuteScalar());
        }
        using var store = new SqliteFactStore(db);
        Assert.Equal(200, store.Documents().Count);
        var (facts, findings) = TwoHundredReleases.Dump(store);
        Assert.Equal(corpus.Facts, facts);
        Assert.Equal(corpus.Findings, findings);
    }

    [Theory]
    [InlineData(SIGTERM, 143)]
    [InlineData(SIGINT, 130)]
    public async Task A_signal_stops_ingest_commits_nothing_in_flight_prints_what_was_committed_and_a_rerun_completes(int signal, int expectedExit)
    {
        // A thousand small releases: at 256 documents a commit the ingest commits at least four times, so a signal sent
        // after the first commit finds work in flight (200 did not: on a loaded machine the first commit held most of
        // them). A run whose last commit still lands before the signal is tried again on a new store; the test fails if
        // none is interrupted.
        const int count = 1000;
        var folder = Corpus.Copies(_dir.File($"signal{signal}-corpus"), count);
        string db = "", output = "", errors = "";
        int exitCode = 0, added = count;
        for (int attempt = 1; attempt <= 5; attempt++)
        {
            db = _dir.File($"signal{signal}-{attempt}.db");
            using var p = Corpus.Start("ingest", folder, "--db", db);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            // Wait until the store holds some documents, then signal mid-ingest.
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(30) && !p.HasExited && Committed(db) < 1) Thread.Sleep(10);
            if (p.HasExited) continue;
            Assert.Equal(0, Signal(p.Id, signal));
            Assert.True(p.WaitForExit(20_000), "ingest did not stop on the signal");
            (exitCode, output, errors) = (p.ExitCode, await stdout, await stderr);
            added = int.Parse(SummaryAdded().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (added < count) break;
        }
        Assert.True(added < count, "in five runs the ingest committed every document before the signal could interrupt it");
        Assert.Equal(expectedExit, exitCode);
        Assert.Contains("interrupted", errors);
        // What the summary says was committed is exactly what the store holds.
        Assert.Equal(added, Committed(db));

        var (exit, again, _) = Corpus.Run("ingest", folder, "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains($"{count - added} added", again);
        // The same facts as one uninterrupted ingest of the folder.
        using var store = new SqliteFactStore(db);
        using var reference = new SqliteFactStore(_dir.File($"signal{signal}-reference.db"));
        Assert.Equal(count, new Ingestor(reference, TaxonomyLoader.Default).IngestAll(Ingestor.Expand([folder])).Count(r => r.Status == IngestStatus.Added));
        Assert.Equal(TwoHundredReleases.Dump(reference).Facts, TwoHundredReleases.Dump(store).Facts);
    }

    [Fact]
    public void A_store_another_process_keeps_locked_is_one_clear_line_exit_1_no_document_rejected_and_a_rerun_completes()
    {
        // Another writer holds the file's write lock past the wait (SQLite's busy timeout, 30 s): the ingest stops with one
        // line naming the store, not one rejection per document as if each were at fault, and stores nothing half-way.
        var db = _dir.File("locked.db");
        var folder = Corpus.Copies(_dir.File("locked-corpus"), 3);
        using (var created = new SqliteFactStore(db)) { }
        using (var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            holder.Open();
            using var cmd = holder.CreateCommand();
            cmd.CommandText = "BEGIN IMMEDIATE; INSERT INTO schema_version (version) SELECT MAX(version) FROM schema_version";
            cmd.ExecuteNonQuery();
            var (exit, stdout, stderr) = Corpus.Run("ingest", folder, "--db", db);
            Assert.Equal(1, exit);
            var line = Assert.Single(stderr.Trim().Split('\n'));
            Assert.Contains($"{db}: the store is locked by another process writing to it (waited 30 s); rerun when it is done", line);
            Assert.DoesNotContain("rejected:", stdout + stderr);
            Assert.DoesNotContain("   at ", stderr);
            cmd.CommandText = "ROLLBACK";
            cmd.ExecuteNonQuery();
        }
        Assert.Equal(0, Committed(db));
        var (again, summary, _) = Corpus.Run("ingest", folder, "--db", db);
        Assert.Equal(0, again);
        Assert.Contains("3 added", summary);
    }

    [Fact]
    public async Task A_full_disk_is_one_clear_line_exit_1_every_stored_document_whole_and_a_rerun_completes_the_corpus()
    {
        // A real full disk: a tmpfs smaller than the store, mounted in a private mount namespace (unshare: root inside a
        // user namespace when the tests are not root), so it is this one process's and vanishes with it.
        // A thousand small releases, so that at 256 documents a commit the disk fills after a commit has landed (200
        // could all be one batch on a loaded machine, and then nothing is stored to check).
        const int count = 1000;
        var folder = Corpus.Copies(_dir.File("full-disk-corpus"), count);
        var referenceDb = _dir.File("full-disk-reference.db");
        IReadOnlyList<string> referenceFacts, referenceFindings;
        using (var reference = new SqliteFactStore(referenceDb))
        {
            Assert.Equal(count, new Ingestor(reference, TaxonomyLoader.Default).IngestAll(Ingestor.Expand([folder])).Count(r => r.Status == IngestStatus.Added));
            (referenceFacts, referenceFindings) = TwoHundredReleases.Dump(reference);
        }
        var disk = Directory.CreateDirectory(_dir.File("small-disk")).FullName;
        var after = Directory.CreateDirectory(_dir.File("after")).FullName;
        long size = Math.Max(1 << 20, new FileInfo(referenceDb).Length * 2 / 5);
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-rm", "sh", "-c",
            "mount -t tmpfs -o size=$1 kessan-full \"$2\" || exit 99; dotnet \"$3\" ingest \"$4\" --db \"$2/store.db\" >\"$5/out\" 2>\"$5/err\"; " +
            "echo $? >\"$5/rc\"; cp \"$2\"/store.db* \"$5\"/",
            "sh", size.ToString(System.Globalization.CultureInfo.InvariantCulture), disk, Path.Combine(AppContext.BaseDirectory, "kessan.dll"), folder, after })
            psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(180_000), "ingest onto the small disk did not finish");
            Assert.True(p.ExitCode == 0, $"could not mount a small tmpfs (unshare -rm, mount -t tmpfs): exit {p.ExitCode}: {await err}");
        }
        var stderr = File.ReadAllText(Path.Combine(after, "err"));
        Assert.Equal("1", File.ReadAllText(Path.Combine(after, "rc")).Trim());
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("store.db: the disk is full; free space and rerun", line);
        Assert.DoesNotContain("   at ", stderr);

        // Nothing half-written: the file is sound and every document it holds has all its facts and findings.
        var db = Path.Combine(after, "store.db");
        int stored;
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", cmd.ExecuteScalar());
            cmd.CommandText = """
                SELECT COUNT(*) FROM documents d WHERE d.fact_count <> (SELECT COUNT(*) FROM facts f WHERE f.document_id = d.id)
                    OR d.finding_count <> (SELECT COUNT(*) FROM findings g WHERE g.document_id = d.id)
                """;
            Assert.Equal(0L, cmd.ExecuteScalar());
            cmd.CommandText = "SELECT COUNT(*) FROM documents";
            stored = Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.InRange(stored, 1, count - 1);

        // With space again, a rerun stores the rest: the store an uninterrupted run makes.
        var (exit, stdout, _) = Corpus.Run("ingest", folder, "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains($"{count - stored} added", stdout);
        using var store = new SqliteFactStore(db);
        var (facts, findings) = TwoHundredReleases.Dump(store);
        Assert.Equal(referenceFacts, facts);
        Assert.Equal(referenceFindings, findings);
    }

    [GeneratedRegex(@"ingested \d+ documents: (\d+) added")]
    private static partial Regex SummaryAdded();

    static int Committed(string db)
    {
        if (!File.Exists(db)) return 0;
        try
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM documents";
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { return 0; }
    }

    static int CommittedPg(string db)
    {
        try
        {
            using var c = new Npgsql.NpgsqlConnection(db);
            c.Open();
            using var cmd = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM documents", c);
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException) { return 0; } // no schema yet
    }

    [Fact]
    public async Task Four_ingest_processes_on_one_postgresql_store_claim_each_document_once_and_a_killed_one_is_retried()
    {
        var db = PostgresServer.NewDatabase();
        // A worker killed mid-claim: once it has committed a batch it is writing the next one, and its open transaction
        // (and so its claims) vanish with it; the four that follow must store those documents.
        int committedBeforeKill;
        using (var killed = Corpus.Start("ingest", corpus.Folder, "--db", db))
        {
            _ = killed.StandardOutput.ReadToEndAsync();
            _ = killed.StandardError.ReadToEndAsync();
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(120) && !killed.HasExited && CommittedPg(db) == 0) Thread.Sleep(10);
            Assert.False(killed.HasExited, "the first worker finished before it could be killed");
            killed.Kill();
            killed.WaitForExit();
            committedBeforeKill = CommittedPg(db);
        }
        Assert.InRange(committedBeforeKill, 1, 199);
        var processes = Enumerable.Range(0, 4).Select(_ => Corpus.Start("ingest", corpus.Folder, "--db", db)).ToList();
        var outputs = processes.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
        foreach (var p in processes) Assert.True(p.WaitForExit(180_000));
        for (int i = 0; i < processes.Count; i++)
            Assert.True(processes[i].ExitCode == 0, $"process {i} exited {processes[i].ExitCode}: {string.Join('\n', (await outputs[i].Err).Split('\n').Where(l => !l.StartsWith("note:", StringComparison.Ordinal)))}");
        using var store = new PostgresFactStore(db);
        var docs = store.Documents();
        Assert.Equal(200, docs.Count);
        Assert.Equal(200, docs.Select(d => d.Sha256).Distinct().Count());
        int addedByFour = 0;
        foreach (var o in outputs) addedByFour += int.Parse(SummaryAdded().Match(await o.Out).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // Each document added by exactly one process: what the killed worker committed, and the rest once among the four.
        Assert.Equal(200 - committedBeforeKill, addedByFour);
        var (facts, findings) = TwoHundredReleases.Dump(store);
        Assert.Equal(corpus.Facts, facts);
        Assert.Equal(corpus.Findings, findings);
        foreach (var p in processes) p.Dispose();
    }

    [Fact]
    public async Task A_listing_whose_reader_closes_the_pipe_stops_at_once_with_sigpipes_exit_code()
    {
        // About 12,000 facts as JSON lines: far more than a pipe's buffer, so the writer meets the closed pipe mid-listing.
        using var p = Corpus.Start("facts", "--db", corpus.ReferenceDb, "--format", "jsonl");
        var err = p.StandardError.ReadToEndAsync();
        Assert.StartsWith("{\"doc\":", p.StandardOutput.ReadLine());
        p.StandardOutput.Close();   // what `| head -1` does once it has its line
        // Console.Out would ignore the broken pipe and write every remaining row into it; a hang here fails the test.
        Assert.True(p.WaitForExit(60_000), "kessan facts went on writing into a closed pipe");
        Assert.Equal(141, p.ExitCode);
        Assert.DoesNotContain("Exception", await err);
    }

    [Fact]
    public void Output_into_a_file_leaves_the_shared_offset_after_it_so_the_next_writer_appends()
    {
        // `{ kessan documents; echo done; } > file`: the shell's writers share one offset into the file; kessan's output
        // must move it, or `echo` overwrites kessan's first line.
        var file = Path.Combine(Path.GetTempPath(), $"kessan-offset-{Guid.NewGuid():N}.txt");
        try
        {
            string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
            var psi = new System.Diagnostics.ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add($"{{ echo before; dotnet {Quote(Corpus.Cli)} documents --db {Quote(corpus.ReferenceDb)} --format csv; echo after; }} > {Quote(file)}");
            using var p = System.Diagnostics.Process.Start(psi)!;
            var err = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(120_000));
            Assert.True(p.ExitCode == 0, err);
            var lines = File.ReadAllLines(file);
            Assert.Equal("before", lines[0]);
            Assert.Equal("after", lines[^1]);
            var (_, alone, _) = Corpus.Run("documents", "--db", corpus.ReferenceDb, "--format", "csv");
            Assert.Equal(alone.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'), lines[1..^1]);
        }
        finally { File.Delete(file); }
    }
}
