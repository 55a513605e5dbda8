using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Kessan.Storage;
using Kessan.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kessan.Web;

/// <summary>
/// The HTTP host: JSON API under <c>/api</c>, the OpenAPI description at <c>/openapi/v1.json</c>, and the dashboard's
/// static files, in one process. Security defaults: loopback only (other addresses need an explicit flag and an API
/// key), GET and HEAD only, small request limits, a per-client rate limit, security headers with a strict
/// Content-Security-Policy, problem details for every error.
/// </summary>
public static class KessanWeb
{
    /// <summary>Configuration keys (command line <c>--Kessan:Db=…</c>, environment <c>Kessan__Db</c>, or in-memory from <see cref="ServeOptions"/>).</summary>
    public const string DbKey = "Kessan:Db", AllowRemoteKey = "Kessan:AllowRemote", ApiKeyKey = "Kessan:ApiKey", RateLimitKey = "Kessan:RateLimit";

    /// <summary>The application for <c>kessan serve</c>: refuses options that break the binding rule.</summary>
    public static WebApplication Build(ServeOptions options)
    {
        if (options.Problem() is { } problem) throw new ServeOptionsException(problem);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DbKey] = options.Db,
            [AllowRemoteKey] = options.AllowRemote ? "true" : "false",
            [ApiKeyKey] = options.ApiKey,
            [RateLimitKey] = options.RateLimit.ToString(CultureInfo.InvariantCulture),
        });
        builder.WebHost.UseUrls([.. options.Urls]);
        // The endpoints answer from SQLite synchronously (it has no asynchronous I/O), each on a pool thread: with the
        // pool's default of one thread per core, a burst of requests waits for the pool to grow (about a thread a
        // second) and every request times out behind them. Start with enough threads for the connections the store pool keeps.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);
        var app = Configure(builder);
        // Fail at start, not on the first request, when the store cannot be read.
        app.Services.GetRequiredService<StorePool>().Use(s => s.Generation());
        return app;
    }

    /// <summary>The application from configuration (Program's entry point, and WebApplicationFactory in tests).</summary>
    public static WebApplication Build(string[] args) => Configure(WebApplication.CreateSlimBuilder(args));

    /// <summary>The options as the configuration gives them, read when first needed (tests set them after the builder is made).</summary>
    internal static ServeOptions Options(IConfiguration config) => new()
    {
        Db = config[DbKey] is { Length: > 0 } db ? db : "./kessan.db",
        AllowRemote = bool.TryParse(config[AllowRemoteKey], out var remote) && remote,
        ApiKey = config[ApiKeyKey] is { Length: > 0 } key ? key : null,
        RateLimit = int.TryParse(config[RateLimitKey], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : 2000,
    };

    /// <summary>
    /// Requests worked on at once (twice the stores the pool opens: static files and cached answers need none), and
    /// waiting: a short queue, so a waiting request is answered within about a second at the rate two cores answer the
    /// slow pages (a queue of 1,024 held each request ~17 s at 60 requests/s, past any client's patience).
    /// </summary>
    internal static readonly int InFlightLimit = StorePool.DefaultLimit * 2, InFlightQueue = InFlightLimit * 4;

    static WebApplication Configure(WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 16 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestHeaderCount = 50;
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.MaxConcurrentConnections = 2000;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
        var services = builder.Services;
        services.AddSingleton(sp => Options(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp =>
        {
            var db = sp.GetRequiredService<ServeOptions>().Db;
            return new StorePool(() => OpenStore(db), StorePool.DefaultLimit);
        });
        services.AddSingleton(sp => new WebQueries(sp.GetRequiredService<StorePool>(), TaxonomyLoader.Default));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.Converters.Add(new ExactDecimalConverter());
            // HTML-significant characters (< > & quote apostrophe) escaped in every string; other text (Japanese) kept as is.
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Two limits, both checked before any work: requests per second per client (429), and requests the server
            // works on at once (503 once its queue is full). Without the second, a burst beyond what two cores answer put
            // every request on a pool thread at once and all of them timed out together, instead of most being answered
            // in turn and the excess told at once to come back.
            var perClient = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var rate = ctx.RequestServices.GetRequiredService<ServeOptions>().RateLimit;
                var client = ctx.Connection.RemoteIpAddress?.ToString() ?? "local";
                return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = rate,
                    TokensPerPeriod = rate,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            var inFlight = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("server",
                _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = InFlightLimit,
                    QueueLimit = InFlightQueue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, inFlight);
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "1";
                // The token bucket's refusal carries when to retry; the concurrency limiter's does not.
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out _))
                    await Problems.Write(ctx.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                        "this client has made more requests per second than the server allows; retry after a second");
                else
                    await Problems.Write(ctx.HttpContext, StatusCodes.Status503ServiceUnavailable, "Server busy",
                        $"the server is answering {InFlightLimit} requests and {InFlightQueue} more are waiting; retry after a second");
            };
        });

        var app = builder.Build();
        app.UseMiddleware<SecurityMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Never a stack trace or an exception message to the client; the log keeps the detail.
            ExceptionHandler = ctx => Problems.Write(ctx, StatusCodes.Status500InternalServerError, "Server error",
                ctx.Features.Get<IExceptionHandlerFeature>()?.Error is StoreException ? "the store could not be read" : "the request could not be answered"),
        });
        app.UseStatusCodePages(ctx => ctx.HttpContext.Response.HasStarted ? Task.CompletedTask
            : Problems.Write(ctx.HttpContext, ctx.HttpContext.Response.StatusCode, ReasonPhrase(ctx.HttpContext.Response.StatusCode), null));
        app.UseRateLimiter();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<QueryErrorMiddleware>();
        app.MapOpenApi();
        Endpoints.Map(app);
        app.UseMiddleware<StaticFiles>();
        return app;
    }

    static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } p ? p : "Error";

    static IFactStore OpenStore(string db) => Kessan.Application.StoreTarget.OpenExisting(db);
}

/// <summary>RFC 7807 problem details, written the same way by every error path.</summary>
internal static class Problems
{
    public static Task Write(HttpContext ctx, int status, string title, string? detail, string? parameter = null)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/problem+json";
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (parameter is not null) body["parameter"] = parameter;
        body["instance"] = ctx.Request.Path.Value;
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>A bad parameter (400) or a name the store does not hold (404), said as problem details with the reason.</summary>
internal sealed class QueryErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try { await next(ctx); }
        catch (BadParameterException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            await Problems.Write(ctx, StatusCodes.Status400BadRequest, "Bad parameter", e.Message, e.Parameter);
        }
        catch (Kessan.Application.InvalidQueryException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            await Problems.Write(ctx, StatusCodes.Status400BadRequest, "Bad parameter", e.Message, e.Parameter);
        }
        catch (NotFoundException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            await Problems.Write(ctx, StatusCodes.Status404NotFound, "Not found", e.Message);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            await Problems.Write(ctx, e.StatusCode, "Bad request", e.Message);
        }
    }
}

/// <summary>
/// Security headers on every response; GET and HEAD only; loopback clients and Host headers only unless remote
/// serving was allowed (DNS rebinding cannot reach a loopback server through another name).
/// </summary>
internal sealed class SecurityMiddleware(RequestDelegate next)
{
    static void Secure(HttpContext ctx)
    {
        var h = ctx.Response.Headers;
        h.ContentSecurityPolicy = Csp;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h["Cross-Origin-Resource-Policy"] = "same-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        if (ctx.Request.Path.StartsWithSegments("/api")) h.CacheControl = "no-store";
    }

    const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
                       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext ctx, ServeOptions options)
    {
        Secure(ctx);
        // Again as the response starts: an error path that clears the response (exception handler) keeps them.
        ctx.Response.OnStarting(() => { Secure(ctx); return Task.CompletedTask; });
        var h = ctx.Response.Headers;

        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
        {
            h.Allow = "GET, HEAD";
            return Problems.Write(ctx, StatusCodes.Status405MethodNotAllowed, "Method not allowed", "this server only reads: use GET");
        }
        if (ctx.Request.ContentLength is > 0)
            return Problems.Write(ctx, StatusCodes.Status413PayloadTooLarge, "Request body not accepted", "requests carry no body");
        if (ctx.Request.QueryString.Value is { Length: > 2048 })
            return Problems.Write(ctx, StatusCodes.Status414UriTooLong, "Query too long", "the query string is limited to 2048 characters");
        if (!options.AllowRemote)
        {
            var remote = ctx.Connection.RemoteIpAddress;
            if (remote is not null && !IPAddress.IsLoopback(remote))
                return Problems.Write(ctx, StatusCodes.Status403Forbidden, "Forbidden", "this server answers its own machine only");
            var host = ctx.Request.Host.Host;
            if (host.Length > 0 && !(host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
                return Problems.Write(ctx, StatusCodes.Status400BadRequest, "Bad host", "the Host header must name this machine's loopback address");
        }
        return next(ctx);
    }
}

/// <summary>With an API key configured, every API call presents it (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>), compared in constant time.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext ctx, ServeOptions options)
    {
        if (options.ApiKey is not { } expected || !(ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/openapi")))
            return next(ctx);
        string? presented = ctx.Request.Headers["X-Api-Key"].FirstOrDefault();
        if (presented is null && ctx.Request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
            presented = auth["Bearer ".Length..];
        if (ServeOptions.KeyMatches(presented, expected)) return next(ctx);
        ctx.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Write(ctx, StatusCodes.Status401Unauthorized, "API key required", "present the server's API key in the X-Api-Key header");
    }
}

/// <summary>Decimals as exact JSON numbers without trailing zeros (a stored <c>1000.0</c> is <c>1000</c>), never through a double.</summary>
internal sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value / 1.000000000000000000000000000000000m);
}
