using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Kessan.Web;

namespace Kessan.Cli.Bench;

/// <summary>
/// <c>kessan bench serve</c>: a load test of the HTTP API with a real HttpClient on 127.0.0.1. Requests are sent at a
/// fixed rate (open loop: a slow answer does not slow the sender), mixed over every endpoint with parameters drawn
/// from the store, and each latency is measured from the moment the request was due (no coordinated omission).
/// Reports p50/p95/p99 and errors per endpoint. Bounded: --seconds × --rps requests at most.
/// </summary>
static class ServeBench
{
    public static Command Create(Option<string> db, TextWriter stdout, TextWriter stderr)
    {
        var seconds = new Option<int>("--seconds") { Description = "length of the timed run", DefaultValueFactory = _ => 60 };
        var rps = new Option<int>("--rps") { Description = "requests per second, mixed over the endpoints", DefaultValueFactory = _ => 1000 };
        var url = new Option<string?>("--url") { Description = "a running `kessan serve` to measure (default: start one in this process on 127.0.0.1)" };
        var seed = new Option<int>("--seed") { Description = "random seed for the request mix", DefaultValueFactory = _ => 1 };
        var cmd = new Command("serve", "Load-test the HTTP API over a store: N requests/s of mixed calls for S seconds; p50/p95/p99 and errors per endpoint.");
        cmd.Options.Add(seconds);
        cmd.Options.Add(rps);
        cmd.Options.Add(url);
        cmd.Options.Add(seed);
        cmd.SetAction(async (pr, ct) =>
        {
            var target = pr.GetValue(url);
            Microsoft.AspNetCore.Builder.WebApplication? app = null;
            if (target is null)
            {
                app = KessanWeb.Build(new ServeOptions { Db = pr.GetValue(db)!, Urls = ["http://127.0.0.1:0"], RateLimit = 1_000_000 });
                await app.StartAsync(ct);
                target = app.Urls.First();
            }
            try { return await Run(new Uri(target), pr.GetValue(seconds), pr.GetValue(rps), pr.GetValue(seed), stdout, ct); }
            finally { if (app is not null) await app.DisposeAsync(); }
        });
        return cmd;
    }

    sealed record Target(string Endpoint, string Path);

    static async Task<int> Run(Uri baseUri, int seconds, int rps, int seed, TextWriter stdout, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        var random = new Random(seed);
        var targets = await Targets(http, random, ct);
        stdout.WriteLine($"bench serve: {baseUri} — {targets.Select(t => t.Endpoint).Distinct().Count()} endpoints, {targets.Count} distinct requests");

        // Cold: each distinct endpoint once, in turn (first answers compute what the server then keeps until the store changes).
        foreach (var group in targets.GroupBy(t => t.Endpoint))
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(group.First().Path, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cold {group.Key,-22} {(int)response.StatusCode} {sw.Elapsed.TotalMilliseconds,9:F1} ms"));
        }
        // A short warm-up at the target rate, not counted.
        await Load(http, targets, rps, Math.Min(5, seconds), random, ct);
        var (latencies, errors, sent, wall) = await Load(http, targets, rps, seconds, random, ct);

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timed run: {sent} requests in {wall.TotalSeconds:F1} s = {sent / wall.TotalSeconds:F0} req/s (target {rps}); errors {errors.Values.Sum()}"));
        stdout.WriteLine($"  {"endpoint",-22} {"n",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} errors");
        foreach (var (endpoint, list) in latencies.OrderBy(e => e.Key, StringComparer.Ordinal))
            stdout.WriteLine(Row(endpoint, list, errors.GetValueOrDefault(endpoint)));
        stdout.WriteLine(Row("all", latencies.Values.SelectMany(l => l).ToList(), errors.Values.Sum()));
        return errors.Values.Sum() == 0 ? 0 : 1;
    }

    static string Row(string name, List<double> list, int errors)
    {
        list.Sort();
        double P(double q) => list.Count == 0 ? 0 : list[Math.Min(list.Count - 1, (int)Math.Ceiling(q * list.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"  {name,-22} {list.Count,7} {P(0.50),8:F1} {P(0.95),8:F1} {P(0.99),8:F1} {(list.Count > 0 ? list[^1] : 0),8:F1} {errors}");
    }

    static async Task<(Dictionary<string, List<double>>, Dictionary<string, int>, int, TimeSpan)> Load(
        HttpClient http, IReadOnlyList<Target> targets, int rps, int seconds, Random random, CancellationToken ct)
    {
        var latencies = targets.Select(t => t.Endpoint).Distinct().ToDictionary(e => e, _ => new List<double>(), StringComparer.Ordinal);
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        var gate = new object();
        int total = rps * seconds;
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < total && !ct.IsCancellationRequested; i++)
        {
            double due = i * 1000.0 / rps;
            double wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1) await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
            var target = targets[random.Next(targets.Count)];
            inFlight.Add(Task.Run(async () =>
            {
                bool ok;
                try
                {
                    using var response = await http.GetAsync(target.Path, HttpCompletionOption.ResponseContentRead, ct);
                    ok = response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception) when (!ct.IsCancellationRequested) { ok = false; }
                double ms = clock.Elapsed.TotalMilliseconds - due;
                lock (gate)
                {
                    latencies[target.Endpoint].Add(ms);
                    if (!ok) errors[target.Endpoint] = errors.GetValueOrDefault(target.Endpoint) + 1;
                }
            }, ct));
        }
        await Task.WhenAll(inFlight);
        return (latencies, errors, inFlight.Count, clock.Elapsed);
    }

    /// <summary>The request mix: every endpoint, with documents, concepts and companies the store holds.</summary>
    static async Task<List<Target>> Targets(HttpClient http, Random random, CancellationToken ct)
    {
        async Task<JsonElement> Get(string path)
        {
            using var response = await http.GetAsync(path, ct);
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
        }
        var docsPage = await Get("/api/documents?limit=1");
        long docCount = docsPage.GetProperty("total").GetInt64();
        var docs = new List<(string Name, string Sha)>();
        for (int i = 0; i < 20; i++)
        {
            var d = (await Get($"/api/documents?limit=1&offset={random.NextInt64(docCount)}")).GetProperty("items")[0];
            docs.Add((d.GetProperty("doc").GetString()!, d.GetProperty("sha256").GetString()!));
        }
        var companies = (await Get("/api/companies")).EnumerateArray().Select(c => c.GetProperty("company").GetString()!).ToList();
        var concepts = new[] { "us-gaap:Revenues", "us-gaap:Assets", "us-gaap:OperatingIncomeLoss", "us-gaap:NetIncomeLoss" };
        long facts = (await Get("/api/facts?limit=1")).GetProperty("total").GetInt64();
        string E(string s) => Uri.EscapeDataString(s);
        var list = new List<Target>();
        for (int i = 0; i < 20; i++)
        {
            var (name, sha) = docs[i];
            var company = companies[random.Next(companies.Count)];
            var concept = concepts[random.Next(concepts.Length)];
            list.Add(new("documents", $"/api/documents?offset={random.NextInt64(Math.Max(1, docCount - 50))}&limit=50"));
            list.Add(new("document", $"/api/documents/{sha}"));
            list.Add(new("document lines", $"/api/documents/{sha}/lines?from=1&count=200"));
            list.Add(new("companies", "/api/companies"));
            list.Add(new("company charts", $"/api/companies/charts?company={E(company)}&basis={(i % 2 == 0 ? "latest" : "first-reported")}"));
            list.Add(new("facts", $"/api/facts?offset={random.NextInt64(Math.Min(facts, 10_000))}&limit=50"));
            list.Add(new("facts by doc", $"/api/facts?doc={E(name)}&limit=100"));
            list.Add(new("facts by concept", $"/api/facts?concept={E(concept)}&offset={random.Next(0, 500)}&limit=50"));
            list.Add(new("facts by status", $"/api/facts?status=flagged&limit=50"));
            list.Add(new("findings", $"/api/findings?offset={random.Next(0, 1000)}&limit=50"));
            list.Add(new("findings by doc", $"/api/findings?doc={E(name)}"));
            list.Add(new("restatements", $"/api/restatements?offset={random.Next(0, 1000)}&limit=50"));
            list.Add(new("series", $"/api/series?concept={E(concept)}&company={E(company)}"));
            list.Add(new("guidance", "/api/guidance?limit=50"));
            list.Add(new("metrics", "/api/metrics?limit=50"));
            list.Add(new("statement", $"/api/statements/{(i % 3 == 0 ? "income" : i % 3 == 1 ? "balance" : "cashflow")}?doc={sha}"));
        }
        return list;
    }
}
