using System.CommandLine;
using Kessan.Web;
using Microsoft.Extensions.Hosting;

namespace Kessan.Cli;

/// <summary>
/// <c>kessan serve</c>: the HTTP API and the dashboard over one store. Loopback only unless <c>--allow-remote</c> is given
/// together with an API key (<c>$KESSAN_API_KEY</c> or <c>--api-key</c>); every other default is in <see cref="KessanWeb"/>.
/// </summary>
static class ServeCommand
{
    public static Command Create(Option<string> db, TextWriter stdout, TextWriter stderr)
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = $"addresses to listen on, separated by ';' (default {ServeOptions.DefaultUrl}; loopback only unless --allow-remote)",
            DefaultValueFactory = _ => [ServeOptions.DefaultUrl],
            AllowMultipleArgumentsPerToken = true,
        };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "allow listening on addresses other than loopback (needs an API key)" };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"key every API call must present in X-Api-Key (default: ${ServeOptions.ApiKeyVariable}; prefer the variable, a flag shows in the process list)",
        };
        var rate = new Option<int>("--rate-limit") { Description = "requests per second one client may make", DefaultValueFactory = _ => 2000 };
        var cmd = new Command("serve", "HTTP API and web dashboard over the store (http://127.0.0.1:5080 by default).");
        cmd.Options.Add(urls);
        cmd.Options.Add(allowRemote);
        cmd.Options.Add(apiKey);
        cmd.Options.Add(rate);
        cmd.SetAction(async (pr, ct) =>
        {
            var key = pr.GetValue(apiKey) ?? (Environment.GetEnvironmentVariable(ServeOptions.ApiKeyVariable) is { Length: > 0 } k ? k : null);
            var options = new ServeOptions
            {
                Db = pr.GetValue(db)!,
                Urls = pr.GetValue(urls)!.SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                AllowRemote = pr.GetValue(allowRemote),
                ApiKey = key,
                RateLimit = pr.GetValue(rate),
            };
            Microsoft.AspNetCore.Builder.WebApplication app;
            try { app = KessanWeb.Build(options); }
            catch (ServeOptionsException e)
            {
                stderr.WriteLine($"kessan: {e.Message}");
                return KessanCommand.Usage;
            }
            await app.StartAsync(ct);
            stdout.WriteLine($"kessan: serving {options.Db} on {string.Join(", ", options.Urls)} (dashboard at /, API at /api, OpenAPI at /openapi/v1.json); Ctrl-C stops");
            await app.WaitForShutdownAsync(ct);
            await app.DisposeAsync();
            return KessanCommand.Ok;
        });
        return cmd;
    }
}
