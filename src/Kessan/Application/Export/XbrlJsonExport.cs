using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kessan.Facts;
using Kessan.Taxonomy;

namespace Kessan.Application.Export;

/// <summary>
/// The store as an xBRL-JSON report (XBRL OIM, <c>https://xbrl.org/2021/xbrl-json</c>): one fact per reported value of
/// the statements and KPI tables with the core dimensions concept, entity, period and unit, and decimals from the
/// printed precision. Where several releases report one concept, period and unit, the latest release's value is the
/// fact (a report holds no inconsistent duplicates; <c>kessan restatements</c> lists the others). Convenience
/// translations, narrative repeats of table figures and guidance ranges are not reported values and are left out.
/// </summary>
public static partial class XbrlJsonExport
{
    public const string DocumentType = "https://xbrl.org/2021/xbrl-json";
    static readonly string[] Tables = ["income", "income_ytd", "balance", "cashflow", "kpi"];

    /// <summary>The namespaces of the prefixes Kessan's concepts and units use; a company prefix gets one of its own.</summary>
    static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["xbrl"] = "https://xbrl.org/2021",
        ["xbrli"] = "http://www.xbrl.org/2003/instance",
        ["iso4217"] = "http://www.xbrl.org/2003/iso4217",
        ["us-gaap"] = "http://fasb.org/us-gaap/2024",
        ["ifrs-full"] = "https://xbrl.ifrs.org/taxonomy/2024-03-27/ifrs-full",
        ["kessan"] = "https://kessan.dev/taxonomy/kessan",
        ["entity"] = "https://kessan.dev/entity",
    };

    public static long Write(KessanQueries q, Stream stream)
    {
        var documents = q.Documents().Where(d => d.Latest).ToDictionary(d => d.Sha256);
        // One value per concept, entity, period and unit: the latest release's (by the day it reports on, then ingestion).
        var chosen = new Dictionary<(string, string, DateOnly?, DateOnly, string), Fact>();
        foreach (var f in KessanExport.AllFacts(q))
        {
            if (f.Convenience || !Tables.Contains(f.Table) || !documents.TryGetValue(f.DocSha256, out var doc)) continue;
            var key = (f.Concept, f.Company, f.PeriodStart, f.PeriodEnd, f.Unit);
            if (chosen.TryGetValue(key, out var other))
            {
                var before = documents[other.DocSha256];
                bool later = (doc.Meta.ReportingEnd, doc.IngestedAt) .CompareTo((before.Meta.ReportingEnd, before.IngestedAt)) > 0;
                // The same release printing a figure twice (a summary and the statement): its first printing.
                if (!later) continue;
            }
            chosen[key] = f;
        }

        var prefixes = new SortedSet<string>(StringComparer.Ordinal) { "xbrl", "xbrli", "iso4217", "us-gaap", "ifrs-full", "entity" };
        foreach (var c in q.Taxonomy.Companies) prefixes.Add(c.Prefix);
        var facts = chosen.Values.OrderBy(f => f.Company, StringComparer.Ordinal).ThenBy(f => f.PeriodEnd).ThenBy(f => f.Concept, StringComparer.Ordinal).ToList();
        foreach (var f in facts)
        {
            prefixes.Add(Prefix(f.Concept));
            foreach (var part in UnitParts(Unit(f, q.Taxonomy))) prefixes.Add(part);
        }

        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteStartObject("documentInfo");
        w.WriteString("documentType", DocumentType);
        w.WriteStartObject("namespaces");
        foreach (var p in prefixes) w.WriteString(p, Known.GetValueOrDefault(p) ?? $"https://kessan.dev/taxonomy/{p}");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("facts");
        long n = 0;
        foreach (var f in facts)
        {
            var unit = Unit(f, q.Taxonomy);
            bool percent = f.Unit == "percent";
            w.WriteStartObject("f" + (++n).ToString(CultureInfo.InvariantCulture));
            // OIM numbers travel as strings (no float rounding); a percentage is the pure ratio it states.
            w.WriteString("value", RecordJson.Number(percent ? f.Value / 100m : f.Value));
            if (f.Decimals is { } d) w.WriteNumber("decimals", percent ? d + 2 : d);
            w.WriteStartObject("dimensions");
            w.WriteString("concept", f.Concept);
            w.WriteString("entity", Entity(f.Company));
            w.WriteString("period", Period(f.PeriodStart, f.PeriodEnd));
            w.WriteString("unit", unit);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        return n;
    }

    static string Prefix(string qname) => qname.Split(':', 2) is [var p, _] ? p : "kessan";

    /// <summary>
    /// OIM's period: an instant is the end of its day (the next day at midnight); a duration runs from its first day's
    /// start to the end of its last day.
    /// </summary>
    public static string Period(DateOnly? start, DateOnly end)
    {
        static string T(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";
        return start is { } s ? $"{T(s)}/{T(end.AddDays(1))}" : T(end.AddDays(1));
    }

    /// <summary>The entity as scheme-prefix:identifier; the identifier is the company's name as a token.</summary>
    public static string Entity(string company)
    {
        var id = NotToken().Replace(company.Normalize(System.Text.NormalizationForm.FormKC).Trim(), "_");
        return "entity:" + (id.Length > 0 ? id : "unknown");
    }

    /// <summary>Kessan's unit as an OIM unit string: currencies in iso4217, shares and pure in xbrli, others in kessan.</summary>
    public static string Unit(Fact f, TaxonomySet taxonomy)
    {
        var u = f.Unit;
        if (u == "count") return taxonomy.Find(f.Concept)?.Type == ConceptType.Shares ? "xbrli:shares" : "xbrli:pure";
        if (u == "percent") return "xbrli:pure";
        if (u == "shares") return "xbrli:shares";
        if (Currency().IsMatch(u)) return "iso4217:" + u;
        if (u.Split('/') is [var num, var den] && Currency().IsMatch(num))
            return $"iso4217:{num}/{(den is "share" or "shares" ? "xbrli:shares" : "kessan:" + Local(den))}";
        return "kessan:" + Local(u);
    }

    static string Local(string s) => NotName().Replace(s, "_");

    static IEnumerable<string> UnitParts(string unit) => unit.Split('/', '*').Select(Prefix);

    [GeneratedRegex("^[A-Z]{3}$")] private static partial Regex Currency();
    [GeneratedRegex(@"[^\p{L}\p{Nd}_.-]+")] private static partial Regex NotToken();
    [GeneratedRegex(@"[^A-Za-z0-9_.-]+")] private static partial Regex NotName();
}
