using System.Text;
using Kessan.Cli;
using Microsoft.Data.Sqlite;

namespace Kessan.Tests;

/// <summary>
/// Bad input is rejected with the file (and line) named, exit code 1, and the store left exactly as it was.
/// Runs the real command against a real SQLite file.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    string Db => _dir.File("store.db");

    public void Dispose() => _dir.Dispose();

    static async Task<(int Exit, string Out, string Err)> Kessan(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = await KessanCommand.RunAsync(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    /// <summary>Every row of every table, as text: equal dumps mean an unchanged store.</summary>
    string Dump()
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        var sb = new StringBuilder();
        foreach (var (table, order) in new[] { ("documents", "id"), ("facts", "document_id, seq") })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table} ORDER BY {order}";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                for (int i = 0; i < r.FieldCount; i++) sb.Append(r.GetValue(i)).Append(i + 1 < r.FieldCount ? '|' : '\n');
        }
        return sb.ToString();
    }

    async Task<string> SeededStore()
    {
        var (exit, _, _) = await Kessan("ingest", TestPaths.Samples, "--db", Db);
        Assert.Equal(0, exit);
        return Dump();
    }

    async Task AssertRejected(string file, string expectedReason, int? expectedLine = null)
    {
        var before = await SeededStore();
        var (exit, stdout, stderr) = await Kessan("ingest", file, "--db", Db);
        Assert.Equal(1, exit);
        var name = Path.GetFileName(file);
        Assert.Contains(name, stderr);
        Assert.Contains(expectedReason, stderr);
        if (expectedLine is { } line) Assert.Contains($"{name}:{line}:", stderr);
        Assert.Contains("1 rejected", stdout);
        Assert.Equal(before, Dump());
    }

    [Fact]
    public void A_taxonomy_file_that_cannot_be_used_is_named_with_its_reason_not_a_stack_trace()
    {
        // A user's taxonomy folder (KESSAN_TAXONOMY) with a company whose fiscal year ends in month 13, then one whose
        // label names a line the shipped data names otherwise: one line each naming the file, exit 2, no store written.
        var folder = Directory.CreateDirectory(_dir.File("taxonomy")).FullName;
        var release = _dir.File("r.txt");
        File.WriteAllText(release, "Revenues  1  2\n");
        File.WriteAllText(Path.Combine(folder, "acme.yaml"), "company:\n  name: Acme Corp\n  prefix: acme\n  names: [Acme Corp]\n  fiscalYearEnd: 13\n");
        var env = new Dictionary<string, string> { ["KESSAN_TAXONOMY"] = folder };
        var (exit, _, err) = Corpus.Run(env, "ingest", release, "--db", Db);
        Assert.Equal(2, exit);
        Assert.Equal("kessan: taxonomy acme.yaml: company 'Acme Corp': fiscalYearEnd 13 is not a month (1–12)", err.Trim());
        Assert.False(File.Exists(Db));

        File.WriteAllText(Path.Combine(folder, "acme.yaml"), "concepts:\n  - name: acme:Sales\n    labels:\n      en: [Total revenues]\n");
        (exit, _, err) = Corpus.Run(env, "ingest", release, "--db", Db);
        Assert.Equal(2, exit);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("'Total revenues'", line);
        Assert.Contains("acme.yaml", line);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public async Task Empty_file_is_rejected()
    {
        var f = _dir.File("empty.txt");
        File.WriteAllBytes(f, []);
        await AssertRejected(f, "empty");
    }

    [Fact]
    public async Task Binary_file_is_rejected_with_its_line()
    {
        var f = _dir.File("binary.txt");
        File.WriteAllBytes(f, [.. "line one\nline two\n"u8, 0x00, 0x01, 0xFF, 0x10]);
        await AssertRejected(f, "binary", expectedLine: 3);
    }

    [Fact]
    public async Task Text_without_tables_is_rejected()
    {
        var f = _dir.File("prose.txt");
        File.WriteAllText(f, "Internet Initiative Japan Inc. announced nothing of note this quarter.\n\nRevenues were flat.\n");
        await AssertRejected(f, "no financial table");
    }

    [Fact]
    public async Task Truncated_table_is_rejected_at_the_cut_line()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"));
        int cut = Array.FindIndex(lines, l => l.StartsWith("Sales and marketing\t", StringComparison.Ordinal));
        var cutLine = lines[cut];
        var truncated = lines.Take(cut).Append(cutLine[..cutLine.IndexOf('\t', cutLine.IndexOf('\t') + 1)] + "\t1,2");
        var f = _dir.File("truncated.txt");
        File.WriteAllLines(f, truncated);
        await AssertRejected(f, "truncated", expectedLine: cut + 1);
    }

    [Fact]
    public async Task Missing_path_is_rejected()
    {
        await AssertRejected(_dir.File("no-such-release.txt"), "no such file");
    }

    [Fact]
    public async Task Invalid_utf8_is_rejected()
    {
        // 0x81 is in no encoding Kessan reads: not UTF-8, undefined in windows-1252, no Japanese character here.
        var f = _dir.File("mystery.txt");
        File.WriteAllBytes(f, [.. "Revenues\t1,000\nCaf"u8, 0x81, (byte)'\n']);
        await AssertRejected(f, "UTF-8", expectedLine: 2);
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var (exit, _, stderr) = await Kessan("facts", "--no-such-option");
        Assert.Equal(2, exit);
        Assert.Contains("no-such-option", stderr);
    }
}
