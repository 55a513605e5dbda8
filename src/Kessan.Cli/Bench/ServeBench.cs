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
        // A cold answer may take minutes over a large store (the history questions read across it), so the first
        // answers are asked with a long timeout, timed and shown, before the mix is drawn from them.
        using var coldHttp = new HttpClient(new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(15) };
        foreach (var path in new[] { "/api/documents?limit=1", "/api/companies", "/api/facts?limit=1", "/api/findings?limit=1",
                     "/api/restatements?limit=1", "/api/guidance?limit=1", "/api/metrics?limit=1" })
        {
            var sw = Stopwatch.StartNew();
            using var response = await coldHttp.GetAsync(path, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first {path,-28} {(int)response.StatusCode} {sw.Elapsed.TotalMilliseconds,10:F1} ms"));
        }
        var targets = await Targets(coldHttp, random, ct);
        stdout.WriteLine($"bench serve: {baseUri} — {targets.Select(t => t.Endpoint).Distinct().Count()} endpoints, {targets.Count} distinct requests");

        // Cold: each distinct endpoint once, in turn (first answers compute what the server then keeps until the store
        // changes). A cold answer may take minutes over a large store (the history questions), so it has its own timeout.
        foreach (var group in targets.GroupBy(t => t.Endpoint))
        {
            var sw = Stopwatch.StartNew();
            string status;
            try
            {
                using var response = await coldHttp.GetAsync(group.First().Path, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { status = e.GetType().Name; }
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cold {group.Key,-26} {status} {sw.Elapsed.TotalMilliseconds,9:F1} ms"));
        }
        // A short warm-up at the target rate, not counted.
        await Load(http, targets, rps, Math.Min(5, seconds), random, ct);
        var (latencies, errors, sent, wall) = await Load(http, targets, rps, seconds, random, ct);

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timed run: {sent} requests in {wall.TotalSeconds:F1} s = {sent / wall.TotalSeconds:F0} req/s (target {rps}); errors {errors.Values.Sum()}"));
        stdout.WriteLine($"  {"endpoint",-26} {"n",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} errors");
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
            $"  {name,-26} {list.Count,7} {P(0.50),8:F1} {P(0.95),8:F1} {P(0.99),8:F1} {(list.Count > 0 ? list[^1] : 0),8:F1} {errors}");
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

    /// <summary>
    /// The request mix: every endpoint and every filter of the API, with documents, companies, concepts, periods, units,
    /// rules and lines drawn from the store (random rows of its listings). Pages of whole-document listings are drawn
    /// from anywhere in the listing; pages of a listing filtered by a fact's own fields (concept, period, unit, status,
    /// table) from its first 20 pages, as the dashboard pages through them.
    /// </summary>
    static async Task<List<Target>> Targets(HttpClient http, Random random, CancellationToken ct)
    {
        async Task<JsonElement> Get(string path)
        {
            using var response = await http.GetAsync(path, ct);
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
        }
        string E(string s) => Uri.EscapeDataString(s);
        long Total(JsonElement page) => page.GetProperty("total").GetInt64();
        long Anywhere(long total, int limit) => random.NextInt64(Math.Max(1, total - limit + 1));
        long FirstPages(long total, int limit) => random.NextInt64(Math.Max(1, Math.Min(total - limit + 1, 20 * limit)));
        string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;

        long docCount = Total(await Get("/api/documents?limit=1"));
        long factCount = Total(await Get("/api/facts?limit=1"));
        long findingCount = Total(await Get("/api/findings?limit=1"));
        var companies = (await Get("/api/companies")).EnumerateArray().Select(c => S(c, "company")).ToList();
        // Facts at random places of the store: their documents, concepts, periods and units are the parameters.
        var facts = new List<JsonElement>();
        for (int i = 0; i < 20; i++) facts.Add((await Get($"/api/facts?limit=1&offset={random.NextInt64(factCount)}")).GetProperty("items")[0]);
        var findings = new List<JsonElement>();
        for (int i = 0; i < 20 && findingCount > 0; i++) findings.Add((await Get($"/api/findings?limit=1&offset={random.NextInt64(findingCount)}")).GetProperty("items")[0]);
        var restatements = await Get("/api/restatements?limit=500");
        var restated = restatements.GetProperty("items").EnumerateArray().Select(r => S(r, "concept")).Distinct().ToList();
        var guidance = (await Get("/api/guidance?limit=500")).GetProperty("items").EnumerateArray().Select(g => S(g, "concept")).Distinct().ToList();
        var metrics = (await Get("/api/metrics?limit=500")).GetProperty("items").EnumerateArray().Select(m => S(m, "metric")).Distinct().ToList();
        long restatementCount = Total(restatements), guidanceCount = Total(await Get("/api/guidance?limit=1")), metricCount = Total(await Get("/api/metrics?limit=1"));
        string[] statuses = ["flagged", "ok", "repaired"], tables = ["income", "balance", "cashflow", "kpi", "narrative", "guidance"];
        string[] severities = ["error", "warning", "info"], kinds = ["restatement", "reclassification", "unexplained"];
        string[] statics = ["/", "/index.html", "/facts.html", "/company.html", "/app.js", "/style.css", "/lib/chart.umd.min.js"];
        T Pick<T>(IReadOnlyList<T> list) => list[random.Next(list.Count)];

        var list = new List<Target>();
        for (int i = 0; i < 20; i++)
        {
            var f = facts[i];
            string doc = S(f, "doc"), sha = S(f, "docSha256"), concept = S(f, "concept");
            // A release whose company was not identified has an empty company, which no filter takes.
            string company = S(f, "company") is { Length: > 0 } named ? named : Pick(companies.Where(c => c.Length > 0).ToList());
            const int limit = 50;
            list.Add(new("documents", $"/api/documents?offset={Anywhere(docCount, limit)}&limit={limit}"));
            list.Add(new("documents by company", $"/api/documents?company={E(company)}&allVersions=true"));
            list.Add(new("document", $"/api/documents/{sha}"));
            var lineCount = (await Get($"/api/documents/{sha}/lines?count=1")).GetProperty("lineCount").GetInt32();
            list.Add(new("document lines", $"/api/documents/{sha}/lines?from={1 + random.Next(Math.Max(1, lineCount - 100))}&count=400"));
            list.Add(new("companies", "/api/companies"));
            list.Add(new("company charts", $"/api/companies/charts?company={E(company)}&basis={(i % 2 == 0 ? "latest" : "first-reported")}"));
            list.Add(new("facts", $"/api/facts?offset={Anywhere(factCount, limit)}&limit={limit}"));
            list.Add(new("facts by doc", $"/api/facts?doc={E(doc)}&limit=100"));
            list.Add(new("facts by docSha256", $"/api/facts?docSha256={sha}&limit=500"));
            var byCompany = $"/api/facts?company={E(company)}";
            list.Add(new("facts by company", $"{byCompany}&offset={Anywhere(Total(await Get(byCompany + "&limit=1")), limit)}&limit={limit}"));
            var byConcept = $"/api/facts?concept={E(concept)}";
            list.Add(new("facts by concept", $"{byConcept}&offset={FirstPages(Total(await Get(byConcept + "&limit=1")), limit)}&limit={limit}"));
            list.Add(new("facts by concept+company", $"{byConcept}&company={E(company)}&limit={limit}"));
            var byPeriod = $"/api/facts?period={E(i % 2 == 0 ? S(f, "fiscalPeriod") : S(f, "periodEnd"))}";
            list.Add(new("facts by period", $"{byPeriod}&offset={FirstPages(Total(await Get(byPeriod + "&limit=1")), limit)}&limit={limit}"));
            var byUnit = $"/api/facts?unit={E(S(f, "unit"))}";
            list.Add(new("facts by unit", $"{byUnit}&offset={FirstPages(Total(await Get(byUnit + "&limit=1")), limit)}&limit={limit}"));
            var byStatus = $"/api/facts?status={statuses[i % statuses.Length]}";
            list.Add(new("facts by status", $"{byStatus}&offset={FirstPages(Total(await Get(byStatus + "&limit=1")), limit)}&limit={limit}"));
            var byTable = $"/api/facts?table={tables[i % tables.Length]}";
            list.Add(new("facts by table", $"{byTable}&offset={FirstPages(Total(await Get(byTable + "&limit=1")), limit)}&limit={limit}"));
            list.Add(new("findings", $"/api/findings?offset={Anywhere(findingCount, limit)}&limit={limit}"));
            if (findings.Count > 0)
            {
                var g = findings[i % findings.Count];
                list.Add(new("findings by doc", $"/api/findings?doc={E(S(g, "doc"))}"));
                var byRule = $"/api/findings?rule={E(S(g, "rule"))}";
                list.Add(new("findings by rule", $"{byRule}&offset={FirstPages(Total(await Get(byRule + "&limit=1")), limit)}&limit={limit}"));
            }
            list.Add(new("findings by severity", $"/api/findings?severity={severities[i % severities.Length]}&limit={limit}"));
            list.Add(new("restatements", $"/api/restatements?offset={Anywhere(restatementCount, limit)}&limit={limit}"));
            if (restated.Count > 0) list.Add(new("restatements by concept", $"/api/restatements?concept={E(Pick(restated))}"));
            list.Add(new("restatements by kind", $"/api/restatements?kind={kinds[i % kinds.Length]}&limit={limit}"));
            list.Add(new("series", $"/api/series?concept={E(concept)}&company={E(company)}&basis={(i % 2 == 0 ? "latest" : "first-reported")}"));
            list.Add(new("guidance", $"/api/guidance?offset={Anywhere(guidanceCount, limit)}&limit={limit}"));
            if (guidance.Count > 0) list.Add(new("guidance by concept", $"/api/guidance?concept={E(Pick(guidance))}"));
            list.Add(new("metrics", $"/api/metrics?offset={Anywhere(metricCount, limit)}&limit={limit}"));
            if (metrics.Count > 0) list.Add(new("metrics by metric", $"/api/metrics?metric={E(Pick(metrics))}&limit={limit}"));
            list.Add(new("statement", $"/api/statements/{(i % 3 == 0 ? "income" : i % 3 == 1 ? "balance" : "cashflow")}?doc={sha}"));
            list.Add(new("openapi", "/openapi/v1.json"));
            list.Add(new("static files", statics[i % statics.Length]));
        }
        return list;
    }
}
