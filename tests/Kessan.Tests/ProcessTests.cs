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
        var db = _dir.File($"signal{signal}.db");
        using var p = Corpus.Start("ingest", corpus.Folder, "--db", db);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // Wait until the store holds some documents, then signal mid-ingest.
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30) && !p.HasExited && Committed(db) < 5) Thread.Sleep(20);
        Assert.False(p.HasExited, "ingest finished before it could be interrupted");
        Assert.Equal(0, Signal(p.Id, signal));
        Assert.True(p.WaitForExit(20_000), "ingest did not stop on the signal");
        Assert.Equal(expectedExit, p.ExitCode);
        Assert.Contains("interrupted", await stderr);
        var added = int.Parse(SummaryAdded().Match(await stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(added < 200);
        // What the summary says was committed is exactly what the store holds.
        Assert.Equal(added, Committed(db));

        var (exit, again, _) = Corpus.Run("ingest", corpus.Folder, "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains($"{200 - added} added", again);
        using var store = new SqliteFactStore(db);
        Assert.Equal(corpus.Facts, TwoHundredReleases.Dump(store).Facts);
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

    [Fact]
    public async Task Four_ingest_processes_on_one_postgresql_store_claim_each_document_once_and_a_killed_one_is_retried()
    {
        var db = PostgresServer.NewDatabase();
        // A worker killed mid-claim: its open transaction (and so its claims) vanish with it.
        using (var killed = Corpus.Start("ingest", corpus.Folder, "--db", db))
        {
            _ = killed.StandardOutput.ReadToEndAsync();
            _ = killed.StandardError.ReadToEndAsync();
            Thread.Sleep(1500);
            killed.Kill();
            killed.WaitForExit();
        }
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
        Assert.True(addedByFour <= 200 && addedByFour > 0);
        var (facts, findings) = TwoHundredReleases.Dump(store);
        Assert.Equal(corpus.Facts, facts);
        Assert.Equal(corpus.Findings, findings);
        foreach (var p in processes) p.Dispose();
    }
}
