using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kessan.Web.Tests;

/// <summary>The HTTP API over a real store: problem details for bad parameters, server-side paging, security headers, the API-key rule.</summary>
[Collection("store")]
public sealed class ApiTests(StoreFixture store)
{
    static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Theory]
    [InlineData("/api/facts?limit=abc", "limit")]
    [InlineData("/api/facts?limit=0", "limit")]
    [InlineData("/api/facts?limit=100000", "limit")]
    [InlineData("/api/facts?offset=-1", "offset")]
    [InlineData("/api/facts?status=wrong", "status")]
    [InlineData("/api/facts?bogus=1", "bogus")]
    [InlineData("/api/facts?concept=", "concept")]
    [InlineData("/api/facts?concept=us-gaap:Revenuez", "concept")]
    [InlineData("/api/facts?docSha256=zz", "sha256")]
    [InlineData("/api/series", "concept")]
    [InlineData("/api/series?concept=us-gaap:Revenues&basis=best", "basis")]
    [InlineData("/api/statements/wrong?doc=0000000000000000000000000000000000000000000000000000000000000000", "kind")]
    [InlineData("/api/documents/not-a-hash/lines", "sha256")]
    [InlineData("/api/documents/0000000000000000000000000000000000000000000000000000000000000000/lines?count=999999", "count")]
    [InlineData("/api/findings?severity=fatal", "severity")]
    [InlineData("/api/companies?x=1", "x")]
    public async Task A_bad_parameter_is_400_problem_details_with_the_reason(string url, string parameter)
    {
        using var factory = store.Factory();
        var response = await factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json(response);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Unknown_things_are_404_and_writes_are_405_as_problem_details()
    {
        using var factory = store.Factory();
        var client = factory.CreateClient();
        var missing = await client.GetAsync("/api/documents/" + new string('0', 64));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var post = await client.PostAsync("/api/facts", new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        var nowhere = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
    }

    [Fact]
    public async Task Facts_are_paged_on_the_server_in_a_stable_order()
    {
        using var factory = store.Factory();
        var client = factory.CreateClient();
        var first = await Json(await client.GetAsync("/api/facts?limit=7"));
        var second = await Json(await client.GetAsync("/api/facts?limit=7&offset=7"));
        var both = await Json(await client.GetAsync("/api/facts?limit=14"));
        Assert.Equal(7, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        long total = first.GetProperty("total").GetInt64();
        Assert.True(total > 5000, $"total {total}");
        string Key(JsonElement f) => $"{f.GetProperty("docSha256")}|{f.GetProperty("line")}|{f.GetProperty("column")}|{f.GetProperty("concept")}|{f.GetProperty("periodEnd")}";
        var pages = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(Key).ToList();
        Assert.Equal(both.GetProperty("items").EnumerateArray().Select(Key).ToList(), pages);
        var last = await Json(await client.GetAsync($"/api/facts?limit=10&offset={total - 3}"));
        Assert.Equal(3, last.GetProperty("items").GetArrayLength());
        Assert.False(last.GetProperty("hasMore").GetBoolean());

        var filtered = await Json(await client.GetAsync("/api/facts?concept=us-gaap:Revenues&unit=JPY&status=ok&limit=500"));
        Assert.NotEqual(0, filtered.GetProperty("items").GetArrayLength());
        foreach (var f in filtered.GetProperty("items").EnumerateArray())
        {
            Assert.Equal("us-gaap:Revenues", f.GetProperty("concept").GetString());
            Assert.Equal("JPY", f.GetProperty("unit").GetString());
            Assert.Equal("ok", f.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Every_endpoint_answers_json_with_the_contract_fields()
    {
        using var factory = store.Factory();
        var client = factory.CreateClient();
        var docs = await Json(await client.GetAsync("/api/documents?limit=500"));
        var iij = docs.GetProperty("items").EnumerateArray().First(d => d.GetProperty("doc").GetString() == "000_8c753eb766e5dec2.txt");
        var sha = iij.GetProperty("sha256").GetString()!;
        var statement = await Json(await client.GetAsync($"/api/statements/income?doc={sha}"));
        var cells = statement.GetProperty("rows").EnumerateArray().SelectMany(r => r.GetProperty("cells").EnumerateArray()).Where(c => c.ValueKind == JsonValueKind.Object).ToList();
        Assert.NotEmpty(cells);
        // Every cell's printed token is on its source line of the stored text.
        var lines = await Json(await client.GetAsync($"/api/documents/{sha}/lines?from=1&count=2000"));
        var text = lines.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("line").GetInt32(), l => l.GetProperty("text").GetString()!);
        foreach (var c in cells)
            Assert.Contains(c.GetProperty("printed").GetString()!, text[c.GetProperty("line").GetInt32()]);
        foreach (var url in new[] { "/api/findings", "/api/restatements", "/api/guidance", "/api/metrics" })
        {
            var page = await Json(await client.GetAsync(url + "?limit=5"));
            Assert.True(page.GetProperty("items").GetArrayLength() > 0, url);
        }
        var series = await Json(await client.GetAsync("/api/series?concept=us-gaap:Revenues&basis=first-reported"));
        Assert.True(series.GetArrayLength() > 3);
        var openapi = await Json(await client.GetAsync("/openapi/v1.json"));
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/facts", out _));
    }

    [Fact]
    public async Task Every_dashboard_page_is_the_one_shell_page_with_the_header_once()
    {
        using var factory = store.Factory();
        var client = factory.CreateClient();
        var shell = await client.GetStringAsync("/");
        Assert.Equal(1, shell.Split("<header>").Length - 1);
        Assert.Contains("href=\"facts.html\"", shell);
        foreach (var page in new[] { "index", "company", "statement", "document", "facts", "findings", "history" })
        {
            var r = await client.GetAsync($"/{page}.html?x=1");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
            Assert.Equal(shell, await r.Content.ReadAsStringAsync());
            // app.js knows the page by its path name.
            Assert.Contains($"{page}:", (await client.GetStringAsync("/app.js")).Replace(" ", ""));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/other.html")).StatusCode);
    }

    [Fact]
    public async Task Security_headers_are_on_every_response()
    {
        using var factory = store.Factory();
        var client = factory.CreateClient();
        foreach (var url in new[] { "/", "/app.js", "/api/documents", "/api/facts?limit=x", "/nowhere" })
        {
            var r = await client.GetAsync(url);
            var csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", r.Headers.GetValues("Referrer-Policy").Single());
        }
        var other = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        other.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(other)).StatusCode);
        var longQuery = await client.GetAsync("/api/facts?concept=" + new string('a', 3000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longQuery.StatusCode);
    }

    [Fact]
    public async Task With_an_api_key_every_api_call_must_present_it()
    {
        const string key = "0123456789abcdef-secret";
        using var factory = store.Factory(new() { [KessanWeb.ApiKeyKey] = key });
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/documents")).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        wrong.Headers.Add("X-Api-Key", key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        var right = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        right.Headers.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);
        var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        bearer.Headers.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
        // The dashboard's static files carry no data and load without it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", false, null, true)]
    [InlineData("http://localhost:5080", false, null, true)]
    [InlineData("http://[::1]:5080", false, null, true)]
    [InlineData("http://0.0.0.0:5080", false, null, false)]
    [InlineData("http://0.0.0.0:5080", true, null, false)]
    [InlineData("http://0.0.0.0:5080", false, "0123456789abcdef", false)]
    [InlineData("http://0.0.0.0:5080", true, "short", false)]
    [InlineData("http://0.0.0.0:5080", true, "0123456789abcdef", true)]
    [InlineData("http://192.168.1.5:5080", true, "0123456789abcdef", true)]
    [InlineData("not a url", false, null, false)]
    public void Binding_beyond_loopback_needs_the_flag_and_an_api_key(string url, bool allowRemote, string? key, bool accepted)
    {
        var options = new ServeOptions { Db = "x.db", Urls = [url], AllowRemote = allowRemote, ApiKey = key };
        Assert.Equal(accepted, options.Problem() is null);
        if (!accepted) Assert.Throws<ServeOptionsException>(() => KessanWeb.Build(options));
    }

    [Fact]
    public void Keys_compare_by_content_only()
    {
        Assert.True(ServeOptions.KeyMatches("0123456789abcdef", "0123456789abcdef"));
        Assert.False(ServeOptions.KeyMatches("0123456789abcdeF", "0123456789abcdef"));
        Assert.False(ServeOptions.KeyMatches("", "0123456789abcdef"));
        Assert.False(ServeOptions.KeyMatches(null, "0123456789abcdef"));
    }

    [Fact]
    public async Task A_client_over_the_rate_limit_gets_429()
    {
        using var factory = store.Factory(new() { [KessanWeb.RateLimitKey] = "5" });
        var client = factory.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 12; i++) codes.Add((await client.GetAsync("/api/companies")).StatusCode);
        Assert.Contains(HttpStatusCode.OK, codes);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
    }

    [Fact]
    public async Task Metacharacters_in_labels_and_concepts_come_back_as_text()
    {
        using var factory = store.Factory();
        var client = factory.CreateClient();
        var docs = await Json(await client.GetAsync("/api/documents?limit=500"));
        var doc = docs.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("doc").GetString() == Hostile.FileName);
        var facts = await Json(await client.GetAsync($"/api/facts?docSha256={doc.GetProperty("sha256").GetString()}&limit=500"));
        var labels = facts.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("label").GetString()!).ToList();
        var sql = Assert.Single(labels.Distinct(), l => l.Contains("DROP TABLE facts", StringComparison.Ordinal));
        var html = Assert.Single(labels.Distinct(), l => l.Contains("<img src=x onerror=", StringComparison.Ordinal));
        // The store is whole (the "DROP TABLE" was a value, not a statement) and the concept filter takes the name literally.
        var concept = facts.GetProperty("items").EnumerateArray().First(f => f.GetProperty("label").GetString() == sql).GetProperty("concept").GetString()!;
        var byConcept = await Json(await client.GetAsync("/api/facts?concept=" + Uri.EscapeDataString(concept)));
        Assert.All(byConcept.GetProperty("items").EnumerateArray(), f => Assert.Equal(concept, f.GetProperty("concept").GetString()));
        var injected = await client.GetAsync("/api/facts?concept=" + Uri.EscapeDataString("x' OR '1'='1"));
        Assert.Equal(HttpStatusCode.BadRequest, injected.StatusCode);
        var allFacts = await Json(await client.GetAsync("/api/facts?limit=1"));
        Assert.True(allFacts.GetProperty("total").GetInt64() > 5000);
        // JSON escapes the HTML-significant characters: the raw body never holds a tag.
        var raw = await client.GetStringAsync($"/api/facts?docSha256={doc.GetProperty("sha256").GetString()}&limit=500");
        Assert.DoesNotContain("<img", raw);
        Assert.Contains(html, labels);
    }
}
