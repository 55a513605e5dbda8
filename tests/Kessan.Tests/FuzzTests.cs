using System.Text;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Taxonomy;
using NumberToken = global::Kessan.Tables.NumberToken;

namespace Kessan.Tests;

/// <summary>
/// A seeded property harness over hostile input: random bytes, random mutations and truncations of real releases
/// (../shared/seeds, ../shared/wild/docs, the samples), 10 MB lines, a million tiny lines, deep or unclosed HTML,
/// NULs, mixed encodings, 40-digit numbers and impossible dates. For every case: no exception escapes, no document
/// is rejected for an unexpected reason (a bug), and every table fact's value is its printed token times a power of
/// ten (its scale) or a proven repair.
/// </summary>
/// <remarks>
/// Short by default (a few dozen cases); <c>KESSAN_FUZZ_CASES=2000</c> runs a long one and <c>KESSAN_FUZZ_SEED</c>
/// replays a seed (each failure message names its seed and case).
/// </remarks>
public sealed class FuzzTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("KESSAN_FUZZ_SEED"), out var s) ? s : 20261201;
    static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("KESSAN_FUZZ_CASES"), out var c) ? c : 12;

    static readonly Lazy<List<(string Name, byte[] Bytes)>> Corpus = new(() =>
    {
        var files = new List<string>();
        files.AddRange(Directory.GetFiles(TestPaths.Seeds, "*.txt"));
        var wild = Path.Combine(TestPaths.Shared, "wild", "docs");
        // PDFs need pdftotext on every mutation; the text and HTML releases exercise the readers Kessan owns.
        if (Directory.Exists(wild)) files.AddRange(Directory.GetFiles(wild).Where(f => !f.EndsWith(".pdf", StringComparison.Ordinal)));
        files.AddRange(Directory.GetFiles(TestPaths.Samples));
        return files.Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
    });

    /// <summary>Reads one case through the whole pass but the store and checks the properties.</summary>
    void Check(string label, string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        using var store = new SqliteFactStore(_dir.File("fuzz.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default) { Limits = ReadLimits.Default with { TimeLimit = TimeSpan.FromSeconds(120) } };
        Ingestor.Prepared prepared;
        try { prepared = ingestor.Prepare(path, new HashSet<string>()); }
        catch (Exception e) { Assert.Fail($"{label}: exception escaped Prepare: {e}"); return; }
        if (prepared.Outcome is { Status: IngestStatus.Rejected } rejected)
        {
            Assert.False(rejected.Error!.Contains("unexpected"), $"{label}: {rejected.Error}");
            return;
        }
        foreach (var fact in prepared.Pending?.Facts ?? [])
        {
            if (fact.Table is "narrative" or "guidance" || fact.Status == FactStatus.Repaired) continue;
            var token = NumberToken.Parse(fact.Printed);
            Assert.True(token.IsNumber, $"{label}: fact {fact.Concept} line {fact.Line} prints '{fact.Printed}', which is not a number");
            var ratio = token.Value == 0 ? (fact.Value == 0 ? 1 : 0) : Math.Abs(fact.Value / token.Value);
            Assert.True(IsScale(ratio), $"{label}: fact {fact.Concept} line {fact.Line} = {fact.Value}, printed '{fact.Printed}' (× {ratio})");
        }
    }

    static bool IsScale(decimal ratio)
    {
        for (decimal p = 1; p <= 1_000_000_000_000m; p *= 10) if (ratio == p) return true;
        return false;
    }

    [Fact]
    public void Random_bytes_and_mutated_and_truncated_releases_never_crash_nor_store_an_unprinted_value()
    {
        var random = new Random(Seed);
        var corpus = Corpus.Value;
        for (int i = 0; i < Cases; i++)
        {
            var (name, original) = corpus[random.Next(corpus.Count)];
            var kind = random.Next(4);
            var bytes = kind switch
            {
                0 => RandomBytes(random),
                1 => Truncate(random, original),
                _ => Mutate(random, original),
            };
            Check($"seed {Seed} case {i} ({name}, {(kind == 0 ? "random" : kind == 1 ? "truncated" : "mutated")})", kind == 0 ? $"case{i}{Ext(random)}" : $"case{i}{Path.GetExtension(name)}", bytes);
        }
    }

    static string Ext(Random r) => r.Next(3) switch { 0 => ".txt", 1 => ".html", _ => ".htm" };

    static byte[] RandomBytes(Random r)
    {
        var b = new byte[r.Next(1, 4096)];
        r.NextBytes(b);
        return b;
    }

    static byte[] Truncate(Random r, byte[] original) => original[..r.Next(1, original.Length)];

    static readonly string[] Insertions =
    [
        "\0", "\u00e9t\u00e9", "1234567890123456789012345678901234567890", "(9,999,999,999,999,999,999,999,999)",
        "Feb 30, 2002", "Dec 31, 0001", "2002年2月30日", "0000年13月1日", "<div><div><table><tr><td>", "</td></tr></table>",
        "\t\t\t", "|", "-----", "▲", "%", "n/a", "\r", "\f", "<![CDATA[", "&#xFFFF;", "&nbsp;",
    ];

    static byte[] Mutate(Random r, byte[] original)
    {
        var b = original.ToList();
        int edits = r.Next(1, 8);
        for (int e = 0; e < edits && b.Count > 0; e++)
        {
            int at = r.Next(b.Count);
            switch (r.Next(6))
            {
                case 0: b[at] = (byte)r.Next(256); break;                                                  // flip a byte
                case 1: b.RemoveRange(at, Math.Min(b.Count - at, r.Next(1, 200))); break;                    // drop a run
                case 2: b.InsertRange(at, b.Skip(r.Next(b.Count)).Take(r.Next(1, 400)).ToList()); break;    // repeat a run
                case 3: b.InsertRange(at, Encoding.UTF8.GetBytes(Insertions[r.Next(Insertions.Length)])); break;
                case 4: b.InsertRange(at, Encoding.Latin1.GetBytes("Soci\u00e9t\u00e9 G\u00e9n\u00e9rale \u00a9")); break; // another encoding
                default:
                    // A figure replaced by a 40-digit one.
                    int digit = b.FindIndex(at, x => x is >= (byte)'0' and <= (byte)'9');
                    if (digit >= 0) b.InsertRange(digit, Encoding.ASCII.GetBytes(new string('7', 40)));
                    break;
            }
        }
        return [.. b];
    }

    [Fact]
    public void Huge_lines_many_lines_and_deep_html_end_in_bounded_time()
    {
        var sample = File.ReadAllText(Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"));
        Check("10 MB line", "long-line.txt", Encoding.UTF8.GetBytes(sample + new string('8', 10_000_000) + "\n"));
        Check("1 MB line of figures", "long-figures.txt", Encoding.UTF8.GetBytes(sample + string.Concat(Enumerable.Repeat("1,234\t", 150_000)) + "\n"));
        Check("a million tiny lines", "tiny-lines.txt", Encoding.UTF8.GetBytes(sample + string.Concat(Enumerable.Repeat("1\n", 1_000_000))));
        Check("unclosed html", "unclosed.html", Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<table><tr><td>1,234<td>", 1_000))));
        Check("deep html", "deep.html", Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div>", 5_000)) + "<table><tr><td>x</td></tr></table>"));
        Check("NULs", "nuls.txt", new byte[100_000]);
        Check("mixed encodings", "mixed.txt", [.. Encoding.UTF8.GetBytes(sample), .. Encoding.Latin1.GetBytes("Caf\u00e9\n"), .. TextDecoder.ShiftJis.GetBytes("売上高\n")]);
    }
}
