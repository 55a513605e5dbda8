using System.Net;
using Kessan.Application;
using Kessan.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kessan.Web.Tests;

/// <summary>Where the shared seeds and wild releases are, from wherever the test runner starts.</summary>
static class Shared
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "seeds")) && Directory.Exists(Path.Combine(candidate, "wild"))) return candidate;
                if (File.Exists(Path.Combine(dir.FullName, "Kessan.slnx")) && Directory.Exists(Path.Combine(dir.FullName, "..", "shared", "seeds")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
            throw new DirectoryNotFoundException("../shared (seeds and wild releases) not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>A real SQLite store built once from the seeds, the wild releases and a hostile release, shared by the web tests.</summary>
public sealed class StoreFixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("kessan-web-").FullName;
    public string Db => Path.Combine(Dir, "store.db");

    public StoreFixture()
    {
        var hostile = Path.Combine(Dir, "hostile");
        Directory.CreateDirectory(hostile);
        File.WriteAllText(Path.Combine(hostile, Hostile.FileName), Hostile.Release());
        using var store = StoreTarget.Open(Db);
        var files = IngestService.Expand([Path.Combine(Shared.Root, "seeds"), Path.Combine(Shared.Root, "wild", "docs"), hostile]);
        var reports = new IngestService(store).Run(files).ToList();
        if (reports.Count == 0) throw new InvalidOperationException("nothing ingested");
    }

    /// <summary>The API in memory (TestServer), with extra settings.</summary>
    public WebApplicationFactory<Program> Factory(Dictionary<string, string?>? settings = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting(KessanWeb.DbKey, Db);
            foreach (var (k, v) in settings ?? []) b.UseSetting(k, v);
        });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition("store")]
public sealed class StoreCollection : ICollectionFixture<StoreFixture>;

/// <summary>A release of our own whose labels are full of SQL and HTML metacharacters (it must come back as text everywhere).</summary>
static class Hostile
{
    public const string FileName = "hostile_release_201303.txt";
    public const string SqlLabel = "Product revenues'); DROP TABLE facts;-- \"x\" OR 1=1";
    public const string HtmlLabel = "<img src=x onerror=alert(1)> & revenues";

    public static string Release() => string.Join('\n',
    [
        "ZELQUIN MATERIALS CORPORATION REPORTS RESULTS FOR THE QUARTER ENDED MARCH 31, 2013",
        "",
        "                          ZELQUIN MATERIALS CORPORATION",
        "                 CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS",
        "           (In millions of Japanese yen (JPY))",
        "",
        "                                                     Three Months Ended",
        "                                                   March 31,      March 31,",
        "                                                     2013           2012",
        "                                                  -----------    -----------",
        "Revenues:",
        $"  {SqlLabel,-48}{34,7}{25,15}",
        $"  {HtmlLabel,-48}{7,7}{19,15}",
        "                                                  -----------    -----------",
        "    Total revenues                                         41             44",
        "  Cost of revenues                                         19             20",
        "  Operating income                                         22             24",
        "  Net income (loss)                                        22             24",
        "",
    ]);
}
