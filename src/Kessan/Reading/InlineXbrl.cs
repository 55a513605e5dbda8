using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Kessan.Periods;

namespace Kessan.Reading;

/// <summary>
/// A figure the page tags in inline XBRL (<c>ix:nonFraction</c>): the element name, its context's period, unit and
/// value as the tags define it (the printed digits × 10^scale, negated by <c>sign="-"</c>), and where the figure stands
/// in the rendering (1-based line and cell; 0 when it is not in a table cell).
/// </summary>
public sealed record TaggedFact(string Name, string ContextRef, Period? Period, string? Unit, decimal Value, int? Decimals,
    string Printed, int Line, int Cell);

/// <summary>
/// Reads the inline XBRL of a page: <c>ix:nonFraction</c> figures with <c>contextRef</c>, <c>unitRef</c>, <c>scale</c>,
/// <c>sign</c>, <c>decimals</c> and <c>format</c>; contexts and units from <c>ix:resources</c>. The same code reads a
/// TDnet summary (tse-ed-t names) and an EDGAR filing (us-gaap names): nothing here knows a taxonomy.
/// </summary>
/// <remarks>
/// TDnet keeps some pages' contexts in a separate instance file. A context the page does not define is dated by its
/// name (<c>CurrentYearDuration</c>, <c>PriorYearInstant</c>, <c>NextYearDuration…</c>) against the period range
/// the page states first (<c>(平成25年4月1日~平成26年3月31日)</c>): current is that range, prior and next a year
/// before and after, an instant its end. Any other name stays undated (no period to hold against).
/// </remarks>
public static partial class InlineXbrl
{
    [GeneratedRegex(@"^(Current|Prior|Next)(Year|Quarter)?\w*?(Duration|Instant)", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeContext();

    /// <summary>Whether the markup carries inline XBRL figures at all (a cheap test before parsing for them).</summary>
    public static bool HasFigures(string html) => html.Contains("ix:nonFraction", StringComparison.OrdinalIgnoreCase);

    public static List<TaggedFact> Read(IDocument document, IReadOnlyDictionary<IElement, (int Line, int Cell)> placed, IReadOnlyList<string> lines)
    {
        var contexts = new Dictionary<string, Period>(StringComparer.Ordinal);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in document.All)
        {
            switch (Local(e))
            {
                case "context" when e.GetAttribute("id") is { } id:
                    var start = Child(e, "startdate");
                    var end = Child(e, "enddate");
                    var instant = Child(e, "instant");
                    if (instant is not null && Date(instant) is { } i) contexts[id] = Period.Instant(i);
                    else if (Date(start) is { } s && Date(end) is { } en && s <= en) contexts[id] = new Period(s, en);
                    break;
                case "unit" when e.GetAttribute("id") is { } uid:
                    units[uid] = UnitOf(e);
                    break;
            }
        }
        var stated = StatedPeriod(lines);
        var facts = new List<TaggedFact>();
        foreach (var e in document.All)
        {
            if (Local(e) != "nonfraction" || e.GetAttribute("contextRef") is not { } contextRef) continue;
            if (string.Equals(e.GetAttribute("xsi:nil"), "true", StringComparison.OrdinalIgnoreCase)) continue;
            var printed = e.TextContent.Trim();
            if (Parse(printed, e.GetAttribute("format")) is not { } digits) continue;
            int scale = int.TryParse(e.GetAttribute("scale"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sc) ? sc : 0;
            decimal value = digits * Pow10(scale) * (e.GetAttribute("sign") == "-" ? -1 : 1);
            int? decimals = int.TryParse(e.GetAttribute("decimals"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : null;
            var period = contexts.TryGetValue(contextRef, out var p) ? p : ByName(contextRef, stated);
            var unit = e.GetAttribute("unitRef") is { } u ? units.GetValueOrDefault(u, u) : null;
            var (line, cell) = placed.TryGetValue(e, out var at) ? at : (0, 0);
            facts.Add(new TaggedFact(e.GetAttribute("name") ?? "", contextRef, period, unit, value, decimals, printed, line, cell));
        }
        return facts;
    }

    /// <summary>The element's local name without its prefix, lower case ("xbrli:startDate" → "startdate").</summary>
    static string Local(IElement e)
    {
        var name = e.LocalName;
        int colon = name.IndexOf(':');
        return (colon >= 0 ? name[(colon + 1)..] : name).ToLowerInvariant();
    }

    static IElement? Child(IElement e, string local) => e.Descendants<IElement>().FirstOrDefault(c => Local(c) == local);

    static DateOnly? Date(IElement? e) =>
        e is not null && DateOnly.TryParseExact(e.TextContent.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>"JPY", "USD", "shares", "pure", "JPY/share" (a divide of a currency by shares): the units Kessan's facts use.</summary>
    static string UnitOf(IElement unit)
    {
        static string Measure(IElement? m)
        {
            var text = m?.TextContent.Trim() ?? "";
            var local = text.Contains(':') ? text[(text.IndexOf(':') + 1)..] : text;
            return local switch { "shares" => "shares", "pure" => "pure", _ => local };
        }
        var numerator = Child(unit, "unitnumerator");
        var denominator = Child(unit, "unitdenominator");
        if (numerator is not null && denominator is not null)
        {
            var den = Measure(Child(denominator, "measure"));
            return $"{Measure(Child(numerator, "measure"))}/{(den == "shares" ? "share" : den)}";
        }
        return Measure(Child(unit, "measure"));
    }

    /// <summary>
    /// The printed digits by the tag's format: <c>numdotdecimal</c> (1,234.5, the default), <c>numcommadecimal</c>
    /// (1.234,5), <c>zerodash</c> / <c>fixed-zero</c> (a dash is zero). Anything else unreadable is no figure.
    /// </summary>
    static decimal? Parse(string printed, string? format)
    {
        var f = (format ?? "").ToLowerInvariant();
        if (printed is "-" or "—" or "―" or "–") return f.Contains("zero") ? 0m : null;
        var s = printed.Replace(" ", "").Replace("\u00A0", "");
        if (f.Contains("numcommadecimal") || f.Contains("num-comma-decimal")) s = s.Replace(".", "").Replace(',', '.');
        else s = s.Replace(",", "");
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    static decimal Pow10(int n)
    {
        decimal r = 1;
        for (int k = 0; k < Math.Abs(n); k++) r *= 10;
        return n >= 0 ? r : 1 / r;
    }

    /// <summary>The first period range the page prints: the period its "current" contexts name.</summary>
    static Period? StatedPeriod(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
            if (Tables.PeriodHeader.Find(line).OfType<Tables.PeriodAnchor.Span>().FirstOrDefault() is { } span) return span.Period;
        return null;
    }

    static Period? ByName(string contextRef, Period? stated)
    {
        var m = RelativeContext().Match(contextRef);
        if (!m.Success || stated is not { } current) return null;
        bool prior = m.Groups[1].Value.Equals("Prior", StringComparison.OrdinalIgnoreCase);
        bool next = m.Groups[1].Value.Equals("Next", StringComparison.OrdinalIgnoreCase);
        bool instant = m.Groups[3].Value.Equals("Instant", StringComparison.OrdinalIgnoreCase);
        var unit = m.Groups[2].Success ? m.Groups[2].Value.ToLowerInvariant() : "";
        // "Year" names fiscal years: datable from the stated range only when that range is a year (on a quarterly
        // page PriorYearInstant is the last year end, which the range does not give). "Quarter" contexts need the
        // company's calendar. Other names ("CurrentAccumulatedQ2Duration") are the stated period and the same a year before.
        if (unit == "quarter" || (unit == "year" && current.Months != 12)) return null;
        var period = prior ? current.Shift(-12) : next ? current.Shift(12) : current;
        return instant ? Period.Instant(period.End) : period;
    }
}
