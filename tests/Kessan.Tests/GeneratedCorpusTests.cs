using System.Security.Cryptography;
using System.Text.Json;
using Kessan.Analysis;
using Kessan.Cli.Bench;
using Kessan.Ingestion;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// The benchmark's generated corpus is what a corpus of real releases is like: deterministic for a seed; a company's
/// comparative columns print what its own earlier release reported for that quarter (except the reclassifications
/// planted on purpose); forecasts are read as guidance and judged against later releases; and what the store answers
/// about them (guidance, restatements) equals the answer computed from every fact, on both backends.
/// </summary>
public sealed class GeneratedCorpusTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    static List<JsonElement> Truth(string dir) =>
        File.ReadLines(Path.Combine(dir, "truth.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    [Fact]
    public void A_generated_corpus_is_deterministic_and_comparatives_match_the_companys_other_releases()
    {
        var (a, b) = (_dir.File("a"), _dir.File("b"));
        new ReleaseGenerator(5).Generate(a, 400);
        new ReleaseGenerator(5).Generate(b, 400);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(a, "truth.jsonl"))), SHA256.HashData(File.ReadAllBytes(Path.Combine(b, "truth.jsonl"))));
        var truth = Truth(a);
        var reclassified = truth.Where(t => t.TryGetProperty("restatement", out _)).Select(t => (S(t, "doc"), S(t, "periodEnd"))).ToHashSet();
        Assert.NotEmpty(reclassified);
        Assert.Contains(truth, t => S(t, "table") == "guidance");
        // Every figure of a company for one period and line has one value across its releases, unless a release
        // restates it on purpose (a reclassified line) or a total is printed off on purpose (a planted defect).
        var defects = truth.Where(t => t.TryGetProperty("defect", out _)).Select(t => (S(t, "doc"), t.GetProperty("line").GetInt32())).ToHashSet();
        var figures = truth.Where(t => S(t, "table") is "income" or "balance"
                && !defects.Contains((S(t, "doc"), t.GetProperty("line").GetInt32()))
                && !(reclassified.Contains((S(t, "doc"), S(t, "periodEnd"))) && S(t, "label") is "Sales and marketing" or "General and administrative"))
            .GroupBy(t => (S(t, "company"), S(t, "table"), S(t, "label"), S(t, "periodStart"), S(t, "periodEnd")));
        var shared = figures.Where(g => g.Select(t => S(t, "doc")).Distinct().Count() > 1).ToList();
        Assert.True(shared.Count > 100, $"{shared.Count} figures printed by more than one release");
        Assert.All(shared, g => Assert.Single(g.Select(t => t.GetProperty("value").GetDecimal()).Distinct()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void The_stores_guidance_and_restatements_of_a_generated_corpus_equal_the_answers_from_every_fact(string backend)
    {
        var corpus = _dir.File("corpus");
        new ReleaseGenerator(7).Generate(corpus, 480);
        var taxonomy = TaxonomyLoader.Load(Path.Combine(corpus, "taxonomy"));
        using IFactStore store = backend == "postgres" ? new PostgresFactStore(PostgresServer.NewDatabase()) : new SqliteFactStore(_dir.File("g.db"));
        new Ingestor(store, taxonomy).IngestAll(Ingestor.Expand([corpus]).ToList()).ToList();

        var whole = new ReleaseHistory(store.Facts(new FactQuery()), store.Documents(), taxonomy);
        var guidance = ReleaseHistory.Guidance(store).ToList();
        Assert.Equal(JsonSerializer.Serialize(whole.Guidance()), JsonSerializer.Serialize(guidance));
        Assert.True(guidance.Count > 100, $"{guidance.Count} forecasts");
        // Forecasts of dollar and yen reporters alike find their actuals in a later release of the company.
        Assert.Contains(guidance, o => o.Verdict is not null && o.Guidance.Unit == "USD");
        Assert.Contains(guidance, o => o.Verdict is not null && o.Guidance.Unit == "JPY");
        var companyOfDoc = store.Documents().ToDictionary(d => d.Name, d => d.Meta.Company);
        Assert.All(guidance.Where(o => o.Actual is not null), o => Assert.Equal(o.Guidance.Company, companyOfDoc[o.ActualSource!.Doc]));

        var restatements = ReleaseHistory.Restatements(store, taxonomy).ToList();
        Assert.Equal(JsonSerializer.Serialize(whole.Restatements()), JsonSerializer.Serialize(restatements));
        // Each planted reclassification whose quarter another release of the company reports is found, and the
        // corpus is not one restatement per figure: comparatives match their first report.
        var truth = Truth(corpus);
        var reported = truth.Where(t => S(t, "label") == "Sales and marketing").Select(t => (S(t, "company"), S(t, "periodEnd"), S(t, "doc"))).ToList();
        var companyOf = truth.Where(t => S(t, "company").Length > 0).GroupBy(t => S(t, "doc")).ToDictionary(g => g.Key, g => S(g.First(), "company"));
        var expected = truth.Where(t => t.TryGetProperty("restatement", out _))
            .Where(t => reported.Any(r => r.Item1 == companyOf[S(t, "doc")] && r.Item2 == S(t, "periodEnd") && r.Item3 != S(t, "doc"))).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, t => Assert.Contains(restatements, r => r.Concept == "us-gaap:SellingAndMarketingExpense"
            && r.PeriodEnd.ToString("yyyy-MM-dd") == S(t, "periodEnd") && (r.First.Doc == S(t, "doc") || r.Latest.Doc == S(t, "doc"))));
        Assert.True(restatements.Count < truth.Count / 100, $"{restatements.Count} restatements of {truth.Count} true facts");
    }
}
