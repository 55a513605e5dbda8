using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Kessan.Web;

/// <summary>
/// The dashboard: static files embedded in this assembly (the same from any working directory), no templating.
/// Data reaches the page only as JSON from the API and is rendered as text by the scripts.
/// </summary>
internal sealed class StaticFiles(RequestDelegate next)
{
    sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>The dashboard's pages: one HTML file (index.html, the header's one source) answers each of them; app.js renders the page its path names.</summary>
    static readonly FrozenSet<string> Pages = new[] { "/", "/index.html", "/company.html", "/statement.html", "/document.html", "/facts.html",
        "/findings.html", "/history.html" }.ToFrozenSet(StringComparer.Ordinal);

    static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(StaticFiles).Assembly;
        var map = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            map[name["wwwroot".Length..]] = new Asset(bytes, type, "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"");
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (Pages.Contains(path)) path = "/index.html";
        if (ctx.Request.Path.StartsWithSegments("/api") || !Assets.TryGetValue(path, out var asset)) return next(ctx);
        if (ctx.Request.QueryString.HasValue && !path.EndsWith(".html", StringComparison.Ordinal)) return next(ctx);
        ctx.Response.Headers.ETag = asset.ETag;
        ctx.Response.Headers.CacheControl = "no-cache";
        if (ctx.Request.Headers.IfNoneMatch == asset.ETag)
        {
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        ctx.Response.ContentType = asset.ContentType;
        ctx.Response.ContentLength = asset.Bytes.Length;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.Body.WriteAsync(asset.Bytes).AsTask();
    }
}
