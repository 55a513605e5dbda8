using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Kessan.Tests;

/// <summary>
/// Issue 11: "a 200 MB file of repeated statements ran 287 s ignoring SIGTERM, then committed one document". A signal
/// that arrives while one long document is being analysed stops it there: nothing of it is stored, exit 143, and the
/// process does not first finish the document.
/// </summary>
public sealed class InFlightSignalTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    /// <summary>A statement of 40,000 lines whose proof runs for tens of seconds (the layout-sum search is quadratic).</summary>
    string LongStatement()
    {
        var random = new Random(5);
        var sb = new StringBuilder("Longwater Inc.\n\nCONSOLIDATED STATEMENTS OF INCOME (In thousands of U.S. dollars)\n\n");
        sb.Append("\tThree Months Ended June 30, 2025\tThree Months Ended June 30, 2024\n");
        long a = 0, b = 0;
        for (int i = 0; i < 40_000; i++)
        {
            int x = random.Next(1, 999), y = random.Next(1, 999);
            (a, b) = (a + x, b + y);
            sb.Append(CultureInfo.InvariantCulture, $"Revenue item {i}\t{x:N0}\t{y:N0}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"Total revenues\t{a:N0}\t{b:N0}\nNet income\t{a / 10:N0}\t{b / 10:N0}\n");
        var path = _dir.File("longwater.txt");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task A_sigterm_during_one_long_documents_analysis_stops_it_there_and_stores_nothing_of_it()
    {
        var doc = LongStatement();
        var db = _dir.File("inflight.db");
        // No time budget: only the signal can stop the analysis.
        using var p = Corpus.Start("ingest", doc, "--db", db, "--time-limit", "0");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Thread.Sleep(2_500);
        Assert.False(p.HasExited, "ingest finished before the signal: the document is not long enough to interrupt");
        using (var kill = Process.Start("kill", ["-15", p.Id.ToString(CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        var signalled = Stopwatch.StartNew();
        Assert.True(p.WaitForExit(15_000), "ingest went on analysing the document after SIGTERM");
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(15));
        Assert.Equal(143, p.ExitCode);
        Assert.Contains("interrupted", await stderr);
        Assert.Contains("ingested 0 documents: 0 added", await stdout);
        // Nothing of the document in flight: a store with no document (or none at all).
        if (File.Exists(db))
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM facts";
            Assert.Equal(0L, Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture));
        }
    }
}
