using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kessan.Web.Tests;

/// <summary>
/// The dashboard in Debian's Chromium (headless, driven by Playwright; no browser download) over a real server on
/// 127.0.0.1 and a store built from the seeds and the wild releases.
/// </summary>
[Collection("store")]
public sealed class BrowserTests(StoreFixture store) : IAsyncLifetime
{
    const string Chromium = "/usr/bin/chromium";
    Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _factory;
    IPlaywright? _playwright;
    IBrowser? _browser;
    string _base = "";
    static readonly HttpClient Http = new();

    public async Task InitializeAsync()
    {
        _factory = store.Factory();
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        _base = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _factory?.Dispose();
    }

    async Task<JsonElement> Api(string path) => JsonDocument.Parse(await Http.GetStringAsync(_base + path)).RootElement;

    /// <summary>A page that records console errors, CSP violations and dialogs (a script injected through data would open one).</summary>
    async Task<(IPage Page, List<string> Problems)> Open()
    {
        var page = await _browser!.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add("console: " + m.Text); };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Dialog += async (_, d) => { problems.Add("dialog: " + d.Message); await d.DismissAsync(); };
        return (page, problems);
    }

    static string Shots
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    [Fact]
    public async Task Company_charts_have_one_point_per_quarter_the_api_reports()
    {
        const string company = "Internet Initiative Japan Inc.";
        var data = await Api("/api/companies/charts?company=" + Uri.EscapeDataString(company) + "&basis=latest");
        int Points(string series) => data.GetProperty(series).EnumerateArray().Sum(s => s.GetProperty("points").GetArrayLength());
        Assert.True(Points("revenue") > 0 && Points("margins") > 0 && Points("cash") > 0);

        var (page, problems) = await Open();
        await page.GotoAsync(_base + "/company.html?company=" + Uri.EscapeDataString(company));
        await page.WaitForSelectorAsync("body[data-ready=charts]", new() { Timeout = 30_000 });
        foreach (var (canvas, series) in new[] { ("revenue", "revenue"), ("margins", "margins"), ("cash", "cash") })
        {
            // Non-null data points Chart.js holds for the canvas, counted in the browser.
            int drawn = await page.EvaluateAsync<int>($"() => Chart.getChart('{canvas}').data.datasets.reduce((n, d) => n + d.data.filter(v => v !== null).length, 0)");
            Assert.Equal(Points(series), drawn);
            var box = await page.Locator("#" + canvas).BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 100 });
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "company.png"), FullPage = true });
        Assert.Empty(problems);

        // The other basis is another answer of the server, drawn the same way.
        var first = await Api("/api/companies/charts?company=" + Uri.EscapeDataString(company) + "&basis=first-reported");
        await page.SelectOptionAsync("#basis", "first-reported");
        await page.WaitForSelectorAsync("body[data-ready=charts]", new() { Timeout = 30_000 });
        Assert.Contains("basis=first-reported", page.Url);
        int firstPoints = first.GetProperty("revenue").EnumerateArray().Sum(s => s.GetProperty("points").GetArrayLength());
        Assert.Equal(firstPoints, await page.EvaluateAsync<int>("() => Chart.getChart('revenue').data.datasets.reduce((n, d) => n + d.data.filter(v => v !== null).length, 0)"));
    }

    [Fact]
    public async Task A_number_shows_its_source_on_hover_and_a_click_opens_its_line_highlighted()
    {
        var docs = await Api("/api/documents?limit=500");
        var sha = docs.GetProperty("items").EnumerateArray().First(d => d.GetProperty("doc").GetString() == "000_8c753eb766e5dec2.txt").GetProperty("sha256").GetString()!;
        var (page, problems) = await Open();
        await page.GotoAsync($"{_base}/statement.html?doc={sha}&kind=income");
        await page.WaitForSelectorAsync("body[data-ready=statement]", new() { Timeout = 30_000 });
        var cell = page.Locator("#statement a.cell").Nth(3);
        var line = await cell.GetAttributeAsync("data-line");
        var printed = await cell.GetAttributeAsync("data-printed");
        var title = await cell.GetAttributeAsync("title");
        Assert.Contains($"line {line}", title);
        Assert.Contains($"printed {printed}", title);
        Assert.Matches("(ok|flagged|repaired)$", title!);
        await cell.HoverAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "statement.png"), FullPage = true });
        await cell.ClickAsync();
        await page.WaitForSelectorAsync("body[data-ready=document]", new() { Timeout = 30_000 });
        var highlighted = page.Locator(".doc .ln.hl");
        Assert.Equal(1, await highlighted.CountAsync());
        Assert.Equal(line, await highlighted.GetAttributeAsync("data-line"));
        Assert.Contains(printed!, await highlighted.Locator(".tx").TextContentAsync());
        Assert.True(await highlighted.IsVisibleAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "document.png") });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_japanese_label_renders_in_a_cjk_font()
    {
        var docs = await Api("/api/documents?limit=500");
        var ja = docs.GetProperty("items").EnumerateArray().First(d => d.GetProperty("language").GetString() == "ja");
        var facts = await Api($"/api/facts?docSha256={ja.GetProperty("sha256").GetString()}&limit=500");
        var label = facts.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("label").GetString()!)
            .First(l => l.Any(c => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff'));
        var (page, problems) = await Open();
        await page.GotoAsync($"{_base}/facts.html?doc={Uri.EscapeDataString(ja.GetProperty("doc").GetString()!)}");
        var cell = page.Locator("td", new() { HasTextString = label }).First;
        await cell.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(label, await cell.TextContentAsync());
        var box = await cell.BoundingBoxAsync();
        Assert.True(box is { Width: > 10, Height: > 5 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.fonts.check('16px \"Noto Sans CJK JP\"', '売上高')"), "Noto Sans CJK JP is not available to Chromium (fonts-noto-cjk)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "japanese.png"), FullPage = true });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Metacharacters_in_labels_render_as_text_in_the_dashboard()
    {
        var (page, problems) = await Open();
        await page.GotoAsync($"{_base}/facts.html?doc={Hostile.FileName}");
        var sqlCell = page.Locator("td", new() { HasTextString = "DROP TABLE facts" }).First;
        await sqlCell.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains(Hostile.SqlLabel, await sqlCell.TextContentAsync());
        var htmlCell = page.Locator("td", new() { HasTextString = "<img src=x onerror=" }).First;
        var text = await htmlCell.TextContentAsync();
        Assert.StartsWith("<img src=x onerror=", text);
        Assert.EndsWith("& revenues", text);
        // No element came from the data: the page holds no <img> and no script but its own.
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "hostile.png"), FullPage = true });
        Assert.Empty(problems);
    }
}
