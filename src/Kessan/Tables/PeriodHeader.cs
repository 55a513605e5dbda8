using System.Text.RegularExpressions;
using Kessan.Periods;

namespace Kessan.Tables;

/// <summary>What a column header says about time: a closing date, a fiscal quarter or half, or a month.</summary>
public abstract record PeriodAnchor
{
    /// <summary>A printed date ("Dec 31, 2002", "2002年6月期", "30th June 2026"): the period's end; the duration comes from the header or title.</summary>
    public sealed record EndDate(DateOnly End) : PeriodAnchor;

    /// <summary>A fiscal quarter ("3Q02", "Q2'26", "First Quarter 2022", "2003年度第1四半期"): its dates come from the company's calendar.</summary>
    public sealed record FiscalQuarter(int FiscalYear, int Quarter) : PeriodAnchor;

    /// <summary>A fiscal half ("H1 2026", "1H FY2026"): its dates come from the company's calendar.</summary>
    public sealed record FiscalHalf(int FiscalYear, int Half) : PeriodAnchor;

    /// <summary>A fiscal year ("FY2024", "FY24", "FY 2024"): its dates come from the company's calendar.</summary>
    public sealed record FullYear(int Year) : PeriodAnchor;

    /// <summary>Months of a fiscal year to a quarter's end ("9M 2024", "6M FY25"): its dates come from the company's calendar.</summary>
    public sealed record FiscalMonths(int FiscalYear, int Months) : PeriodAnchor;

    /// <summary>
    /// A printed date range ("平成24年12月21日~平成25年12月20日"): the period itself, whatever its length or the day it
    /// ends on; a balance sheet takes its end as the instant.
    /// </summary>
    public sealed record Span(Period Period) : PeriodAnchor;

    /// <summary>The period this anchor names for a column that runs <paramref name="duration"/> (null: an instant, a balance-sheet date).</summary>
    public Period Resolve(Duration? duration, FiscalCalendar calendar) => this switch
    {
        Span s when duration is null => Period.Instant(s.Period.End),
        Span s => s.Period,
        FiscalQuarter q when duration is null => Period.Instant(calendar.Quarter(q.FiscalYear, q.Quarter).End),
        // A span the column's header states beside its quarter ("TTM Q2 2026", "Q2 2024 YTD") runs to the quarter's end.
        FiscalQuarter q when duration is not (Duration.Months { Count: 3 } or Duration.Weeks { Count: 13 or 14 }) => calendar.Ending(calendar.Quarter(q.FiscalYear, q.Quarter).End, duration),
        FiscalQuarter q => calendar.Quarter(q.FiscalYear, q.Quarter),
        // "9M 2024" is the nine months to the end of the third quarter, whatever the table's header says elsewhere.
        FiscalMonths m when duration is null => Period.Instant(calendar.Quarter(m.FiscalYear, m.Months / 3).End),
        FiscalMonths m => calendar.Ending(calendar.Quarter(m.FiscalYear, m.Months / 3).End, new Duration.Months(m.Months)),
        FullYear y when duration is null => Period.Instant(calendar.Quarter(y.Year, 4).End),
        FullYear y => new Period(calendar.Quarter(y.Year, 1).Start, calendar.Quarter(y.Year, 4).End),
        FiscalHalf h when duration is null => Period.Instant(calendar.HalfYear(h.FiscalYear, h.Half).End),
        FiscalHalf { Half: 1 } h => calendar.HalfYear(h.FiscalYear, 1),
        // The second half's column of a half-year release is the year to date (H1 + H2) only if the header says so.
        FiscalHalf h => calendar.HalfYear(h.FiscalYear, 2),
        EndDate d => calendar.Ending(d.End, duration),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The last day the anchor reaches, for ordering and calendar detection.</summary>
    public DateOnly? EndOf(FiscalCalendar calendar) => this switch
    {
        EndDate d => d.End,
        Span s => s.Period.End,
        FiscalQuarter q => calendar.Quarter(q.FiscalYear, q.Quarter).End,
        FiscalHalf h => calendar.HalfYear(h.FiscalYear, h.Half).End,
        FullYear y => calendar.Quarter(y.Year, 4).End,
        FiscalMonths m => calendar.Quarter(m.FiscalYear, m.Months / 3).End,
        _ => null,
    };
}

/// <summary>Reads period anchors out of header text, English and Japanese.</summary>
public static partial class PeriodHeader
{
    [GeneratedRegex(@"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishDate();

    [GeneratedRegex(@"(\d{4})\s*年+\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")]
    private static partial Regex JapaneseDate();

    [GeneratedRegex(@"(\d{4})\s*年+\s*(\d{1,2})\s*月")]
    private static partial Regex JapaneseMonth();

    [GeneratedRegex(@"(\d{4})\s*年度\s*第\s*([1-4])\s*四半期")]
    private static partial Regex JapaneseQuarter();

    /// <summary>A year and a month range, "2005 年（4-6月）": the period it states, from the first month's start to the last's end.</summary>
    /// <summary>A span of months and its year, as Nordic and European reports head columns: "Jul-Sep 2025", "Jan–Dec 2024".</summary>
    [GeneratedRegex(@"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*[-–—]\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+'?(\d{4}|\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishMonthRange();

    [GeneratedRegex(@"(\d{4})\s*年\s*\(\s*(\d{1,2})\s*[-–~〜]\s*(\d{1,2})\s*月\s*\)")]
    private static partial Regex JapaneseMonthRange();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:([1-4])Q[\s/-]?(?:FY)?'?(\d{2}|\d{4})|Q([1-4])[\s/-]?(?:FY)?'?(\d{2}|\d{4}))(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterLabel();

    [GeneratedRegex(@"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+'?(\d{2}|\d{4})\b(?!\s*,)(?!\s*\d)", RegexOptions.IgnoreCase)]
    private static partial Regex MonthYear();

    // Japanese dates with a western or an era year (平成26年3月31日, 令和元年5月1日): Meiji/Taishō years are not
    // reporting periods, so Shōwa, Heisei and Reiwa are enough.
    const string JaDate = @"(?:(昭和|平成|令和)\s*(元|\d{1,2})|(\d{4}))\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日";

    /// <summary>A date range as TDnet headings print a period: "(平成25年4月1日~平成26年3月31日)", and as statements'
    /// column headers do, over two lines: "(自 2023年4月1日 至 2023年9月30日)".</summary>
    // 至 ("to") joins two dates only after 自 ("from"): "30日)  至 2024年9月30日" are the ends of two columns' ranges.
    [GeneratedRegex(@"(?:(?<from>自)\s*)?" + JaDate + @"\s*(?(from)(?:至|[~〜\-–−])|[~〜\-–−])\s*" + JaDate)]
    private static partial Regex JapaneseDateRange();

    /// <summary>
    /// A quarter or the interim of a fiscal year named by the month it ends: "2025年3月期第2四半期", "平成26年3月期中間期".
    /// Its end is that many quarters before the year's end (September 2024), not the year's end itself.
    /// </summary>
    [GeneratedRegex(@"(?:(昭和|平成|令和)\s*(元|\d{1,2})|(\d{4}))\s*年\s*(\d{1,2})\s*月期\s*(?:第\s*([1-4])\s*四半期|(中間期|上期|上半期))")]
    private static partial Regex JapaneseFiscalPart();

    /// <summary>An era date or month: "平成26年3月31日", "平成26年3月期" (the period ends with that month).</summary>
    [GeneratedRegex(@"(昭和|平成|令和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")]
    private static partial Regex EraDate();

    /// <summary>The western year of an era year: 平成1 = 1989, 令和1 = 2019, 昭和1 = 1926; 元年 is the first year.</summary>
    public static int? EraYear(string era, string year)
    {
        int y = year == "元" ? 1 : int.TryParse(year, out var v) ? v : 0;
        if (y <= 0) return null;
        return era switch { "昭和" => 1925 + y, "平成" => 1988 + y, "令和" => 2018 + y, _ => null };
    }

    static bool TryJaDate(GroupCollection g, int first, out DateOnly date)
    {
        date = default;
        int? year = g[first + 2].Success ? int.Parse(g[first + 2].Value) : EraYear(g[first].Value, g[first + 1].Value);
        return year is { } y && TryDate(y, int.Parse(g[first + 3].Value), int.Parse(g[first + 4].Value), out date);
    }

    /// <summary>Day before month: "30th June 2026", "31 December 2025", "1st January 2026", and hyphenated as
    /// spreadsheets print it: "31-Mar-2025", "30-Jun-25".</summary>
    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+|-)(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?(?:,?\s+(\d{4})|-(\d{4}|\d{2}))\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    /// <summary>A fiscal year printed as the two calendar years it spans: "FY 2024/25", "FY24/25", "2024/25", "FY2025/26".</summary>
    [GeneratedRegex(@"(?<![\d/])(?:(FY\s?)(\d{4}|\d{2})|(\d{4}))/(\d{4}|\d{2})(?![\d/])", RegexOptions.IgnoreCase)]
    private static partial Regex SplitYear();

    /// <summary>
    /// A split fiscal year written as the year it ends in, padded to the printed length so positions still point
    /// into the printed text: "FY 2024/25" → "FY 2025   ", "2024/25" → "FY2025 ". Two years that do not follow one
    /// another ("30/06", "12/13" without FY) are left alone.
    /// </summary>
    static string EndYears(string text, List<(int At, int Length)> spans) => SplitYear().Replace(text, m =>
    {
        string from = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, to = m.Groups[4].Value;
        if (Year(to) != Year(from) + 1) return m.Value;
        var written = (m.Groups[1].Success ? m.Groups[1].Value : "FY") + (to.Length == 4 ? to : from.Length == 4 ? Year(to).ToString(System.Globalization.CultureInfo.InvariantCulture) : to);
        if (written.Length > m.Length) return m.Value;
        spans.Add((m.Index, m.Length));
        return written.PadRight(m.Length);
    });

    /// <summary>"HY 2025", "HY25": the half year an interim report covers, the first half.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])HY\s?'?(\d{2}|\d{4})(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex InterimLabel();

    /// <summary>An abbreviated month and its year: "Sep 2025", "Dec. 2024" (a month's end, as "September 2025" is).</summary>
    [GeneratedRegex(@"\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(\d{4})\b(?!\s*\d)", RegexOptions.IgnoreCase)]
    private static partial Regex ShortMonthName();

    /// <summary>A month and year as spreadsheets print them: "Mar-25", "Jun-2025", "Dec'24".</summary>
    [GeneratedRegex(@"(?<![\w-])(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[-'’](\d{4}|\d{2})(?![\w-])", RegexOptions.IgnoreCase)]
    private static partial Regex ShortMonthYear();

    /// <summary>
    /// A date in figures: "30.06.2025", "30/06/2025", "06/30/2025", "31-03-2025", "2025-06-30", "30.06.25". Day and
    /// month are told apart by the figures (a part above 12 is the day) or, where both could be either, by which
    /// reading is a month's end, as a closing date is; a date that stays ambiguous ("01/03/2025") is not read.
    /// Dots are day-first as everywhere that prints them.
    /// </summary>
    [GeneratedRegex(@"(?<![\d.,/-])(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})([./-])(\d{1,2})\5(\d{4}|\d{2}))(?![\d/-]|\.\d)")]
    private static partial Regex NumericDate();

    static bool TryNumericDate(Match m, out DateOnly date)
    {
        date = default;
        if (m.Groups[1].Success)
            return TryExact(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), out date);
        string a = m.Groups[4].Value, b = m.Groups[6].Value, y = m.Groups[7].Value;
        // A two-figure year only after a two-figure day and month ("30.06.25"), not in "1.2.25"-like numbering.
        if (y.Length == 2 && (a.Length != 2 || b.Length != 2)) return false;
        int first = int.Parse(a), second = int.Parse(b), year = Year(y);
        bool dayFirst = TryExact(year, second, first, out var dm), monthFirst = TryExact(year, first, second, out var md);
        if (m.Groups[5].Value == ".") { date = dm; return dayFirst; }
        if (dayFirst && monthFirst)
        {
            bool dmEnd = IsMonthEnd(dm), mdEnd = IsMonthEnd(md);
            if (dmEnd == mdEnd) return false;
            date = dmEnd ? dm : md;
            return true;
        }
        date = dayFirst ? dm : md;
        return dayFirst || monthFirst;

        static bool IsMonthEnd(DateOnly d) => d.Day == DateTime.DaysInMonth(d.Year, d.Month);
    }

    /// <summary>A date exactly as printed (no day past the month's end: figures are not a header's typo of a month's end).</summary>
    static bool TryExact(int y, int m, int d, out DateOnly date)
    {
        date = default;
        if (!Plausible(y) || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>A quarter in words: "First Quarter 2022", "third quarter of fiscal 2024".</summary>
    [GeneratedRegex(@"\b(first|second|third|fourth)[- ]quarter\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?)?(\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterWords();

    /// <summary>A half year: "H1 2026", "H1'26", "1H FY2026", "first half 2026".</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:H([12])|([12])H)[\s/-]?(?:FY)?'?(\d{2}|\d{4})(?![A-Za-z0-9])|\b(first|second)[- ]half\s+(?:of\s+)?(?:fiscal\s+)?(\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLabel();

    /// <summary>Months to a quarter's end: "9M 2024", "6M FY24", "9M'24" (the months' count says which quarter closes them).</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])(3|6|9|12)M[\s/-]?(?:FY)?'?(\d{2}|\d{4})(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex MonthsLabel();

    /// <summary>
    /// A fiscal year alone: "FY2024", "FY24", "FY 2024", "Fiscal 2024", "Fiscal Year 2024", "Full Year 2024" (not the year
    /// of a quarter or half: "Q3 FY2024", "FY2024 Q3", "third quarter of fiscal 2024", "Fiscal 2024 Fourth Quarter").
    /// </summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9]|[1-4]Q\s?|Q[1-4]\s?|[12]H\s?|H[12]\s?|M\s?)FY\s?'?(\d{4}|\d{2})(?![A-Za-z0-9])(?!\s?(?:Q[1-4]|[1-4]Q|H[12]|[12]H|\d{1,2}M)\b)"
        + @"|(?<!(?:quarter|half|Q[1-4]|[1-4]Q|H[12]|[12]H)\s+(?:of\s+)?)\b(?:fiscal\s+(?:year\s+)?|full[- ]year\s+)(\d{4})\b(?!\s+(?:(?:first|second|third|fourth)\s+)?(?:quarter|half)|\s?(?:Q[1-4]|[1-4]Q|H[12]|[12]H)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FiscalYearLabel();

    static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Every anchor in a header cell, in order of appearance (a merged cell may hold two).</summary>
    public static List<PeriodAnchor> Find(string text) => FindWithText(text).Select(f => f.Anchor).ToList();

    /// <summary>Every anchor in a header text with the words that print it, in order of appearance.</summary>
    public static List<(string Text, PeriodAnchor Anchor)> FindWithText(string text)
    {
        // Every anchor pattern needs a digit (\d: any Unicode digit): most lines of prose have none, and need no regex.
        if (!HasDigit(text)) return [];
        var printed = text;
        List<(int At, int Length)> split = [];
        if (text.Contains('/')) text = EndYears(text, split);
        var found = new List<(int At, PeriodAnchor Anchor, int Length)>();
        foreach (Match m in EnglishDate().Matches(text))
            if (TryDate(int.Parse(m.Groups[3].Value), MonthIndex(m.Groups[1].Value), int.Parse(m.Groups[2].Value), out var d))
                found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
        foreach (Match m in JapaneseQuarter().Matches(text))
            if (Plausible(int.Parse(m.Groups[1].Value)))
                found.Add((m.Index, new PeriodAnchor.FiscalQuarter(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)), m.Length));
        // A printed range states the period whole: its two dates are not two anchors.
        foreach (Match m in JapaneseDateRange().Matches(text))
            if (TryJaDate(m.Groups, 1, out var from) && TryJaDate(m.Groups, 6, out var to) && from <= to)
                found.Add((m.Index, new PeriodAnchor.Span(new Period(from, to)), m.Length));
        foreach (Match m in JapaneseFiscalPart().Matches(text))
        {
            int? year = m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : EraYear(m.Groups[1].Value, m.Groups[2].Value);
            int quartersLeft = m.Groups[5].Success ? 4 - int.Parse(m.Groups[5].Value) : 2;
            // A range printed beside it ("(2024年4月1日~2024年9月30日)") states the same period whole.
            if (year is { } y && Plausible(y) && MonthEnd(y, int.Parse(m.Groups[4].Value)) is { } yearEnd
                && LastDay(yearEnd.AddMonths(-3 * quartersLeft)) is var end && !found.Any(f => f.Anchor is PeriodAnchor.Span s && s.Period.End == end))
                found.Add((m.Index, new PeriodAnchor.EndDate(end), m.Length));
        }
        if (found.Count == 0)
            foreach (Match m in EraDate().Matches(text))
            {
                if (EraYear(m.Groups[1].Value, m.Groups[2].Value) is not { } y) continue;
                int month = int.Parse(m.Groups[3].Value);
                DateOnly? end = !m.Groups[4].Success ? MonthEnd(y, month)
                    : TryDate(y, month, int.Parse(m.Groups[4].Value), out var exact) ? exact : null;
                if (end is { } d) found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
            }
        if (found.Count == 0)
        {
            foreach (Match m in JapaneseDate().Matches(text))
                if (TryDate(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), out var d))
                    found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
            if (found.Count == 0)
                foreach (Match m in JapaneseMonthRange().Matches(text))
                {
                    int y = int.Parse(m.Groups[1].Value), from = int.Parse(m.Groups[2].Value), to = int.Parse(m.Groups[3].Value);
                    if (from is >= 1 and <= 12 && MonthEnd(to < from ? y + 1 : y, to) is { } d)
                        found.Add((m.Index, new PeriodAnchor.Span(new Period(new DateOnly(y, from, 1), d)), m.Length));
                }
            if (found.Count == 0)
                foreach (Match m in JapaneseMonth().Matches(text))
                    if (MonthEnd(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) is { } d)
                        found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
        }
        foreach (Match m in QuarterLabel().Matches(text))
        {
            var q = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value;
            var y = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[4].Value;
            if (!Plausible(Year(y))) continue; // "Q3 0001" is no fiscal year
            found.Add((m.Index, new PeriodAnchor.FiscalQuarter(Year(y), int.Parse(q)), m.Length));
        }
        foreach (Match m in MonthsLabel().Matches(text))
            if (Plausible(Year(m.Groups[2].Value)))
                found.Add((m.Index, new PeriodAnchor.FiscalMonths(Year(m.Groups[2].Value), int.Parse(m.Groups[1].Value)), m.Length));
        foreach (Match m in FiscalYearLabel().Matches(text))
            if (Year(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) is var fy && Plausible(fy))
                found.Add((m.Index, new PeriodAnchor.FullYear(fy), m.Length));
        foreach (Match m in DayMonthYear().Matches(text))
            if (TryDate(Year(m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value), MonthIndex(m.Groups[2].Value), int.Parse(m.Groups[1].Value), out var d))
                found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
        // Dates in figures need a separator, spreadsheet months a hyphen or an apostrophe: most headers have neither.
        bool separated = text.AsSpan().IndexOfAny("./-") >= 0;
        if (separated)
            foreach (Match m in NumericDate().Matches(text))
                if (TryNumericDate(m, out var d))
                    found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
        // The rarer forms, only where nothing above read the header (a header prints one form of its periods).
        if (found.Count == 0)
        {
            foreach (Match m in InterimLabel().Matches(text))
                if (Plausible(Year(m.Groups[1].Value)))
                    found.Add((m.Index, new PeriodAnchor.FiscalHalf(Year(m.Groups[1].Value), 1), m.Length));
            foreach (Match m in ShortMonthName().Matches(text))
                if (MonthEnd(int.Parse(m.Groups[2].Value), MonthIndex(m.Groups[1].Value)) is { } d)
                    found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
        }
        if (separated || text.AsSpan().IndexOfAny("'’") >= 0)
            foreach (Match m in ShortMonthYear().Matches(text))
                if (MonthEnd(Year(m.Groups[2].Value), MonthIndex(m.Groups[1].Value)) is { } d)
                    found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
        foreach (Match m in QuarterWords().Matches(text))
            found.Add((m.Index, new PeriodAnchor.FiscalQuarter(int.Parse(m.Groups[2].Value),
                Array.IndexOf(["first", "second", "third", "fourth"], m.Groups[1].Value.ToLowerInvariant()) + 1), m.Length));
        foreach (Match m in HalfLabel().Matches(text))
        {
            if (m.Groups[5].Success)
                found.Add((m.Index, new PeriodAnchor.FiscalHalf(int.Parse(m.Groups[5].Value), m.Groups[4].Value.Equals("first", StringComparison.OrdinalIgnoreCase) ? 1 : 2), m.Length));
            else
                found.Add((m.Index, new PeriodAnchor.FiscalHalf(Year(m.Groups[3].Value), int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)), m.Length));
        }
        // "Jul-Sep 2025" is the months it names, of the year it prints; a span that wraps ("Oct-Mar 2025") ends in that year.
        foreach (Match m in EnglishMonthRange().Matches(text))
        {
            int from = MonthIndex(m.Groups[1].Value), to = MonthIndex(m.Groups[2].Value), y = Year(m.Groups[3].Value);
            if (MonthEnd(y, to) is { } end && Plausible(y - 1))
                found.Add((m.Index, new PeriodAnchor.Span(new Period(new DateOnly(from <= to ? y : y - 1, from, 1), end)), m.Length));
        }
        foreach (Match m in MonthYear().Matches(text))
            if (MonthEnd(Year(m.Groups[2].Value), MonthIndex(m.Groups[1].Value)) is { } d)
                found.Add((m.Index, new PeriodAnchor.EndDate(d), m.Length));
        // Longest first at each place, and a match inside another ("June 2026" in "30th June 2026") is not a second anchor.
        found.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : b.Length.CompareTo(a.Length));
        var kept = new List<(string, PeriodAnchor)>(found.Count);
        int reached = -1;
        foreach (var f in found)
        {
            if (f.At < reached) continue;
            // An anchor read from a split year ("FY 2024/25") prints the whole of it.
            int length = f.Length;
            foreach (var (at, n) in split)
                if (f.At >= at && f.At < at + n) length = Math.Max(length, at + n - f.At);
            kept.Add((printed.Substring(f.At, length), f.Anchor));
            reached = f.At + length;
        }
        return kept;
    }

    static bool HasDigit(string text)
    {
        foreach (var c in text) if (char.IsDigit(c)) return true;
        return false;
    }

    static int MonthIndex(string name) => Array.IndexOf(Months, name[..3].ToLowerInvariant()) + 1;

    // Two-digit years pivot as POSIX strptime does: 00–68 are 2000s, 69–99 are 1900s.
    static int Year(string y) => y.Length == 4 ? int.Parse(y) : int.Parse(y) is var v && v <= 68 ? 2000 + v : 1900 + v;

    /// <summary>
    /// A header date as a period end. A day past the month's end ("Feb 30, 2002", "June 31") is read as the month's
    /// end, which is what a closing date in a header means, so the column keeps its period; a year no release
    /// reports ("Dec 31, 0001") is no date. <see cref="ImpossibleDates"/> names both, for the reading notes.
    /// </summary>
    static bool TryDate(int y, int m, int d, out DateOnly date)
    {
        date = default;
        if (!Plausible(y) || m < 1 || m > 12 || d < 1 || d > 31) return false;
        date = new DateOnly(y, m, Math.Min(d, DateTime.DaysInMonth(y, m)));
        return true;
    }

    /// <summary>Years a release may report on (as for month headers); outside them a "date" is a typo or noise.</summary>
    static bool Plausible(int year) => year is > 1900 and < 2200;

    /// <summary>Each printed date in <paramref name="text"/> that no calendar has, with what reading made of it.</summary>
    public static IEnumerable<(string Printed, string Problem)> ImpossibleDates(string text)
    {
        foreach (Match m in EnglishDate().Matches(text))
            if (Impossible(int.Parse(m.Groups[3].Value), MonthIndex(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) is { } p) yield return (m.Value, p);
        foreach (Match m in JapaneseDate().Matches(text))
            if (Impossible(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)) is { } p) yield return (m.Value, p);

        static string? Impossible(int y, int m, int d)
        {
            if (!Plausible(y)) return $"the year {y} is not one a release reports on: not read as a period";
            if (m is < 1 or > 12 || d < 1 || d > 31) return "no such date: not read as a period";
            int last = DateTime.DaysInMonth(y, m);
            return d > last ? $"no such date: read as {new DateOnly(y, m, last):yyyy-MM-dd}, the month's end" : null;
        }
    }

    static DateOnly LastDay(DateOnly d) => new(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));
    static DateOnly? MonthEnd(int y, int m) => m is >= 1 and <= 12 && Plausible(y) ? new DateOnly(y, m, DateTime.DaysInMonth(y, m)) : null;
}
