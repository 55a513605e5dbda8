using System.Globalization;
using System.Text.RegularExpressions;
using Kessan.Analysis;
using Kessan.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kessan.Web;

/// <summary>
/// The API: each endpoint reads its query parameters through <see cref="Params"/> (unknown names, bad numbers, values
/// out of range: 400 with the reason) and answers from <see cref="WebQueries"/>. Values reach SQL only as parameters.
/// </summary>
internal static partial class Endpoints
{
    public const int MaxLimit = 500, DefaultLimit = 50, MaxLines = 2000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/documents", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "company", "allVersions", "offset", "limit");
            return q.Documents(p.Text("company"), p.Bool("allVersions"), p.Offset(), p.Limit());
        }).WithSummary("Stored documents (latest versions unless allVersions=true), paged.");

        api.MapGet("/documents/{sha256}", (HttpContext ctx, string sha256, WebQueries q) =>
        {
            new Params(ctx);
            return q.Document(Params.Sha(sha256));
        }).WithSummary("One document by its content hash.");

        api.MapGet("/documents/{sha256}/lines", (HttpContext ctx, string sha256, WebQueries q) =>
        {
            var p = new Params(ctx, "from", "count");
            return q.Lines(Params.Sha(sha256), p.Int("from", 1, 1, int.MaxValue), p.Int("count", 200, 1, MaxLines));
        }).WithSummary("Lines of a document's text as the store keeps it (never read from the source file).");

        api.MapGet("/companies", (HttpContext ctx, WebQueries q) =>
        {
            new Params(ctx);
            return q.Companies();
        }).WithSummary("Companies with their documents and facts.");

        api.MapGet("/companies/charts", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "company", "basis");
            return q.Charts(p.Required("company"), p.Basis());
        }).WithSummary("Revenue by segment, margins and cash over the quarters, on the latest or first-reported basis.");

        api.MapGet("/facts", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "doc", "docSha256", "company", "concept", "period", "unit", "status", "table", "offset", "limit");
            var query = new FactFilter(p.Text("doc"), p.Text("concept"), p.Text("period"), p.Text("unit"),
                p.OneOf("status", "ok", "flagged", "repaired"), p.OneOf("table", "income", "income_ytd", "balance", "cashflow", "kpi", "narrative", "guidance"))
            {
                DocSha256 = p.Text("docSha256") is { } sha ? Params.Sha(sha) : null,
                Company = p.Text("company"),
            };
            return q.Facts(query, p.Offset(), p.Limit());
        }).WithSummary("Facts filtered by document, company, concept, period (fiscal label or end date), unit and status; paged on the server.");

        api.MapGet("/findings", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "doc", "rule", "severity", "offset", "limit");
            return q.Findings(p.Text("doc"), p.Text("rule"), p.OneOf("severity", "error", "warning", "info"), p.Offset(), p.Limit());
        }).WithSummary("Findings with expected and found values and the repair evidence, paged.");

        api.MapGet("/restatements", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "concept", "kind", "offset", "limit");
            return q.Restatements(p.Text("concept"), p.OneOf("kind", "restatement", "reclassification", "unexplained"), p.Offset(), p.Limit());
        }).WithSummary("The same concept and period reported differently by two releases, classified; paged.");

        api.MapGet("/series", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "concept", "basis", "unit", "company");
            return q.Series(p.Required("concept"), p.Basis(), p.Text("unit"), p.Text("company"));
        }).WithSummary("One concept across periods on the chosen basis.");

        api.MapGet("/guidance", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "concept", "offset", "limit");
            return q.Guidance(p.Text("concept"), p.Offset(), p.Limit());
        }).WithSummary("Forward-looking ranges with the actual where known; paged.");

        api.MapGet("/metrics", (HttpContext ctx, WebQueries q) =>
        {
            var p = new Params(ctx, "metric", "offset", "limit");
            return q.Metrics(p.Text("metric"), p.Offset(), p.Limit());
        }).WithSummary("Derived metrics with their formula and inputs; paged.");

        api.MapGet("/statements/{kind}", (HttpContext ctx, string kind, WebQueries q) =>
        {
            var p = new Params(ctx, "doc");
            return q.Statement(kind, Params.Sha(p.Required("doc")));
        }).WithSummary("A statement (income, balance, cashflow) of one document rebuilt from the store, every cell with its source line, printed token and status.");
    }

    /// <summary>Query parameters of one request, checked as they are read.</summary>
    internal sealed partial class Params
    {
        const int MaxText = 256;
        readonly IQueryCollection _query;

        public Params(HttpContext ctx, params string[] allowed)
        {
            _query = ctx.Request.Query;
            foreach (var (name, values) in _query)
            {
                if (!allowed.Contains(name, StringComparer.Ordinal))
                    throw new BadParameterException(name, allowed.Length == 0 ? "this endpoint takes no parameters"
                        : $"unknown parameter; this endpoint takes {string.Join(", ", allowed)}");
                if (values.Count > 1) throw new BadParameterException(name, "given more than once");
            }
        }

        public string? Text(string name)
        {
            var v = _query[name].FirstOrDefault();
            if (v is null) return null;
            if (v.Length == 0) throw new BadParameterException(name, "empty; leave the parameter out to match everything");
            if (v.Length > MaxText) throw new BadParameterException(name, $"longer than {MaxText} characters");
            if (v.Any(char.IsControl)) throw new BadParameterException(name, "contains control characters");
            return v;
        }

        public string Required(string name) => Text(name) ?? throw new BadParameterException(name, "required");

        public int Int(string name, int fallback, int min, int max)
        {
            var v = Text(name);
            if (v is null) return fallback;
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw new BadParameterException(name, $"'{v}' is not a whole number");
            if (n < min || n > max) throw new BadParameterException(name, $"{n} is outside {min}…{max}");
            return n;
        }

        public int Offset() => Int("offset", 0, 0, 100_000_000);

        public int Limit() => Int("limit", DefaultLimit, 1, MaxLimit);

        public bool Bool(string name) => Text(name) switch
        {
            null or "false" => false,
            "true" => true,
            var v => throw new BadParameterException(name, $"'{v}' is not true or false"),
        };

        public string? OneOf(string name, params string[] values)
        {
            var v = Text(name);
            if (v is null || values.Contains(v, StringComparer.Ordinal)) return v;
            throw new BadParameterException(name, $"'{v}' is not one of {string.Join(", ", values)}");
        }

        public Basis Basis() => OneOf("basis", "latest", "first-reported") == "first-reported" ? Analysis.Basis.FirstReported : Analysis.Basis.Latest;

        public static string Sha(string value) => ShaPattern().IsMatch(value) ? value
            : throw new BadParameterException("sha256", "not a document's content hash (64 lowercase hex digits)");

        [GeneratedRegex("^[0-9a-f]{64}$")]
        private static partial Regex ShaPattern();
    }
}
