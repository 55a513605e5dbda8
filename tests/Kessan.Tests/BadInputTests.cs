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
