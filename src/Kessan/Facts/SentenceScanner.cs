using System.Globalization;
using System.Text.RegularExpressions;
using Kessan.Periods;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Facts;

/// <summary>An amount printed in prose: its value in base units, its sign as printed, and how finely it was rounded.</summary>
public readonly record struct ProseAmount(int Start, int End, string Printed, decimal Value, decimal Precision, string Currency);

/// <summary>A phrase naming a concept in prose.</summary>
public readonly record struct ConceptMention(int Start, int End, string Text, string Concept, int Sign);

/// <summary>A period named in prose ("3Q02", "in the first half of fiscal 2002", "前年同期").</summary>
public readonly record struct PeriodMention(int Start, int End, Period Period);

/// <summary>
/// The shared reading of prose for narrative and guidance: sentences of the non-table lines, and in each the
/// amounts (<c>JPY10.6 billion</c>, <c>1,206 million</c>, <c>8,344 百万円</c>, <c>13.7 億円</c>), concept
/// mentions and period mentions, with their positions.
/// </summary>
public sealed partial class SentenceScanner
{
    [GeneratedRegex(@"(?<![A-Za-z0-9.,])(?<neg>\(-\)|\(\+\)|▲|△|-)?\s?(?<cur>JPY|USD|EUR|GBP|US\$|¥|￥|Y|\$|€|£)?\s?(?<neg2>\(-\)|\(\+\))?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?<scale>billion|million|thousand|億円|百万円|千円)", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();


    [GeneratedRegex(@"(?<=[.。!?])\s+|(?<=。)")]
    private static partial Regex SentenceEnd();

    // The release's own fiscal year by words that name no year: "for the full year", "in the fiscal year".
    const string YearAlonePattern = @"(?<=\b(?:for|in)\s+the\s+)(?:full|fiscal|whole)[- ]year(?![- ]?(?:\s*(?:of\s+)?\d|\s+end))";

    [GeneratedRegex(@"(?:(?:the\s+)?(?<half>first|second)\s+half\s+of\s+(?:the\s+)?(?:full\s+)?(?:fiscal\s+(?:year\s+)?|FY)(?<hy>\d{4}))|(?:(?:the\s+)?full\s+(?:(?<fy1>\d{4})\s+fiscal\s+year|fiscal\s+year\s+(?<fy2>\d{4})))|(?:(?:fiscal\s+(?:year\s+)?|full[- ]year\s+(?:of\s+)?|FY\s?)(?<fy3>\d{4}))|(?:(?<fy4>\d{4})\s+full[- ]year)|(?:(?<jfy>\d{4})\s*年度\s*(?:(?<jh>上期|下期)|通期))|(?:(?:the\s+)?(?<ord>first|second|third|fourth)[\s-]+quarter\s+(?:of\s+)?(?:fiscal\s+)?(?<oy>\d{4}))|(?<!年度\s*)(?<jfull>通期|" + YearAlonePattern + @")|(?<!\d\s*)(?<jprev>前年度)", RegexOptions.IgnoreCase)]
    private static partial Regex FiscalSpan();

    [GeneratedRegex(YearAlonePattern, RegexOptions.IgnoreCase)]
    private static partial Regex YearAlone();

    /// <summary>True when the sentence names the fiscal year by words alone ("for the full year").</summary>
    public static bool NamesTheYearAlone(string sentence) => YearAlone().IsMatch(sentence);

    readonly TaxonomySet _taxonomy;
    /// <summary>Phrases by their first (lower-case) character, longest first: a sentence is scanned once, left to right.</summary>
    readonly Dictionary<char, (string Phrase, string Concept, int Sign)[]> _phrases;

    public SentenceScanner(TaxonomySet taxonomy)
    {
        _taxonomy = taxonomy;
        // The concepts' own labels (one sign: the table's) and the narrative aliases, longest first.
        var phrases = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in taxonomy.Concepts)
        {
            if (c.Tables.Count > 0 && !c.Tables.Any(t => t is "income" or "kpi")) continue;
            foreach (var label in c.Labels.Values.SelectMany(l => l))
                if (label.Length >= (TaxonomySet.LanguageOf(label) == "ja" ? 2 : 8)) phrases.TryAdd(label, (c.Name, 0));
        }
        foreach (var a in taxonomy.Narrative.Aliases) phrases[a.Phrase] = (a.Concept, a.Sign);
        _phrases = phrases.Select(kv => (Phrase: kv.Key.ToLowerInvariant(), Concept: kv.Value.Item1, Sign: kv.Value.Item2))
            .GroupBy(p => p.Phrase[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Phrase.Length).ToArray());
    }

    /// <summary>A sentence of prose, and where each of its characters stands in the document (1-based line, 0-based column).</summary>
    public sealed record Sentence(string Text, int Offset, int[] Lines, int[] Columns)
    {
        public int LineAt(int index) => Lines[Math.Clamp(Offset + index, 0, Lines.Length - 1)];
        public int ColumnAt(int index) => Columns[Math.Clamp(Offset + index, 0, Columns.Length - 1)];
    }

    /// <summary>
    /// Sentences of the prose outside tables. Lines wrapped by a PDF extractor are joined into their paragraph first
    /// (without a space between two CJK characters), so a sentence split over lines is read whole.
    /// </summary>
    public static IEnumerable<Sentence> Sentences(SourceDocument doc, HashSet<int> tableLines)
    {
        var text = new System.Text.StringBuilder();
        var lines = new List<int>();
        var columns = new List<int>();
        for (int i = 0; i <= doc.Lines.Count; i++)
        {
            var line = i < doc.Lines.Count ? doc.Lines[i] : "";
            bool prose = !tableLines.Contains(i + 1) && !line.Contains('\t') && !line.TrimStart().StartsWith('|') && line.Trim().Length > 0;
            if (!prose)
            {
                foreach (var s in Split(text.ToString(), lines, columns)) yield return s;
                text.Clear(); lines.Clear(); columns.Clear();
                continue;
            }
            var trimmed = line.Trim();
            int lead = line.IndexOf(trimmed[0]);
            if (text.Length > 0 && !(IsCjk(text[^1]) && IsCjk(trimmed[0])))
            {
                text.Append(' '); lines.Add(i + 1); columns.Add(lead);
            }
            for (int c = 0; c < trimmed.Length; c++) { text.Append(trimmed[c]); lines.Add(i + 1); columns.Add(lead + c); }
        }
    }

    static bool IsCjk(char c) => c >= '\u3000' && c <= '\u9FFF' || c >= '\uFF00' && c <= '\uFFEF';

    static IEnumerable<Sentence> Split(string paragraph, List<int> lineList, List<int> columnList)
    {
        if (paragraph.Length == 0) yield break;
        var (lines, columns) = (lineList.ToArray(), columnList.ToArray());
        int start = 0;
        foreach (Match m in SentenceEnd().Matches(paragraph))
        {
            if (m.Index > start) yield return Slice(start, m.Index);
            start = m.Index + m.Length;
        }
        if (start < paragraph.Length) yield return Slice(start, paragraph.Length);

        Sentence Slice(int from, int to) => new(paragraph[from..to], from, lines, columns);
    }

    /// <summary>
    /// The amounts of a sentence in the release's reporting currency: the one printed with the amount ("$41.1 billion",
    /// "€220 million", "8,344 百万円"), else the currency the release's statements are in. An amount in another currency
    /// is a convenience translation and is skipped; with no currency printed and none known, nothing is read.
    /// </summary>
    public static List<ProseAmount> Amounts(string sentence, string? reporting)
    {
        var list = new List<ProseAmount>();
        foreach (Match m in Amount().Matches(sentence))
        {
            var scaleWord = m.Groups["scale"].Value;
            var currency = m.Groups["cur"].Value switch
            {
                "JPY" or "¥" or "￥" or "Y" => "JPY",
                "USD" or "US$" => "USD",
                "$" => reporting is "USD" or "CAD" or "AUD" or "HKD" or "SGD" ? reporting : "USD",
                "EUR" or "€" => "EUR",
                "GBP" or "£" => "GBP",
                _ => scaleWord is "億円" or "百万円" or "千円" ? "JPY" : reporting,
            };
            if (currency is null || reporting is not null && currency != reporting) continue;
            var num = m.Groups["num"].Value;
            if (!Tables.NumberToken.TryParseFigure(num, out var value)) continue; // beyond any real figure: no fact
            int decimals = num.Contains('.') ? num.Length - num.IndexOf('.') - 1 : 0;
            decimal scale = m.Groups["scale"].Value.ToLowerInvariant() switch
            {
                "billion" => 1_000_000_000m,
                "million" or "百万円" => 1_000_000m,
                "thousand" or "千円" => 1_000m,
                "億円" => 100_000_000m,
                _ => 1m,
            };
            var sign = m.Groups["neg"].Value + m.Groups["neg2"].Value;
            bool negative = sign is "(-)" or "▲" or "△" or "-";
            var precision = scale / Pow10(decimals);
            list.Add(new ProseAmount(m.Index, m.Index + m.Length, m.Value.Trim(), Precision.Normalize((negative ? -value : value) * scale), precision, currency));
        }
        return list;
    }

    static decimal Pow10(int n) { decimal p = 1; for (int i = 0; i < n; i++) p *= 10; return p; }

    public List<ConceptMention> Mentions(string sentence)
    {
        var lower = sentence.ToLowerInvariant();
        var list = new List<ConceptMention>();
        for (int i = 0; i < lower.Length; i++)
        {
            if (!_phrases.TryGetValue(lower[i], out var candidates)) continue;
            if (i > 0 && lower[i] < 128 && char.IsLetterOrDigit(lower[i - 1])) continue; // a Latin phrase starts a word
            foreach (var (phrase, concept, sign) in candidates)
            {
                int end = i + phrase.Length;
                if (end > lower.Length || string.CompareOrdinal(lower, i, phrase, 0, phrase.Length) != 0) continue;
                if (phrase[^1] < 128 && end < lower.Length && char.IsLetterOrDigit(lower[end])) continue;
                list.Add(new ConceptMention(i, end, sentence[i..end], concept, sign));
                i = end - 1;
                break;
            }
        }
        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        // "Dedicated access services revenues": the specific name is the mention, not the generic word after it.
        for (int k = list.Count - 1; k > 0; k--)
            if (list[k].Start - list[k - 1].End <= 1) list.RemoveAt(k);
        return list;
    }

    /// <summary>Quarters, fiscal years and halves, and periods relative to the release's own quarter.</summary>
    public List<PeriodMention> Periods(string sentence, FiscalCalendar calendar, Period current)
    {
        var list = new List<PeriodMention>();
        foreach (Match m in FiscalSpan().Matches(sentence))
        {
            Period? p = null;
            if (m.Groups["hy"].Success)
            {
                int fy = int.Parse(m.Groups["hy"].Value, CultureInfo.InvariantCulture);
                var q = calendar.Quarter(fy, m.Groups["half"].Value.Equals("first", StringComparison.OrdinalIgnoreCase) ? 2 : 4);
                p = new Period(q.End.AddDays(1).AddMonths(-6), q.End);
            }
            else if (new[] { "fy1", "fy2", "fy3", "fy4" }.FirstOrDefault(g => m.Groups[g].Success) is { } fyGroup)
                p = FiscalYear(calendar, int.Parse(m.Groups[fyGroup].Value, CultureInfo.InvariantCulture));
            else if (m.Groups["jfy"].Success)
            {
                int fy = int.Parse(m.Groups["jfy"].Value, CultureInfo.InvariantCulture);
                if (m.Groups["jh"].Success)
                {
                    var q = calendar.Quarter(fy, m.Groups["jh"].Value == "上期" ? 2 : 4);
                    p = new Period(q.End.AddDays(1).AddMonths(-6), q.End);
                }
                else p = FiscalYear(calendar, fy);
            }
            else if (m.Groups["jfull"].Success) p = FiscalYear(calendar, calendar.FiscalYearOf(current.End));
            else if (m.Groups["jprev"].Success) p = FiscalYear(calendar, calendar.FiscalYearOf(current.End) - 1);
            else if (m.Groups["ord"].Success)
            {
                int q = Array.IndexOf(["first", "second", "third", "fourth"], m.Groups["ord"].Value.ToLowerInvariant()) + 1;
                p = calendar.Quarter(int.Parse(m.Groups["oy"].Value, CultureInfo.InvariantCulture), q);
            }
            if (p is { } period) list.Add(new PeriodMention(m.Index, m.Index + m.Length, period));
        }
        foreach (Match m in QuarterToken().Matches(sentence))
        {
            if (list.Any(l => m.Index < l.End && l.Start < m.Index + m.Length)) continue;
            Period? p = PeriodHeader.Find(m.Value) is [PeriodAnchor.FiscalQuarter q] ? calendar.Quarter(q.FiscalYear, q.Quarter)
                : PeriodHeader.Find(m.Value) is [PeriodAnchor.FullYear y] ? FiscalYear(calendar, y.Year)
                : m.Groups["jq"].Success ? calendar.Quarter(calendar.FiscalYearOf(current.End), int.Parse(m.Groups["jq"].Value, CultureInfo.InvariantCulture))
                : null;
            if (p is { } period) list.Add(new PeriodMention(m.Index, m.Index + m.Length, period));
        }
        // "the quarter ending March 31, 2003", "the six months ended June 30, 2002", "fiscal year ending March 31, 2004",
        // and day first: "the six months ended 31 December 2025".
        foreach (Match m in DatedSpan().Matches(sentence))
        {
            if (list.Any(l => m.Index < l.End && l.Start < m.Index + m.Length)) continue;
            if (DatedPeriod(m) is { } period) list.Add(new PeriodMention(m.Index, m.Index + m.Length, period));
        }
        foreach (var rule in _taxonomy.Narrative.RelativePeriods)
            foreach (Match m in rule.Pattern.Matches(sentence))
                list.Add(new PeriodMention(m.Index, m.Index + m.Length, current.Shift(rule.Value)));
        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        return list;
    }

    // "3Q02", "Q4 2025", "Q4'25", "FY26", "2003 年度第 1 四半期", and "第2四半期" (a quarter of the release's own fiscal year).
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:[1-4]Q\s?'?\d{2}|Q[1-4]\s?(?:FY)?'?(?:\d{4}|\d{2})|FY\s?'?\d{2}|\d{4}\s*年度\s*第\s*[1-4]\s*四半期|(?<!年度\s*)第\s*(?<jq>[1-4])\s*四半期)(?![A-Za-z0-9])")]
    private static partial Regex QuarterToken();

    [GeneratedRegex(@"\b(?<span>quarter|three[- ]months?|six[- ]months?|nine[- ]months?|half[- ]year|(?:fiscal\s+)?year|twelve[- ]months?)\s+end(?:ing|ed)\s+(?:(?<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?<day>\d{1,2}),?|(?<day>\d{1,2})\s+(?<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?)\s+(?<year>\d{4})", RegexOptions.IgnoreCase)]
    private static partial Regex DatedSpan();

    /// <summary>
    /// A span that prints its end date: its months back from that date. A month-end date starts the span on the first
    /// of its first month; any other end (a 52/53-week year) the day after the same date that many months before.
    /// </summary>
    static Period? DatedPeriod(Match m)
    {
        int month = DateTime.ParseExact(m.Groups["month"].Value[..3], "MMM", CultureInfo.InvariantCulture).Month;
        int year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture), day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
        if (day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        var end = new DateOnly(year, month, day);
        var span = m.Groups["span"].Value.ToLowerInvariant();
        int months = span.StartsWith("quarter") || span.StartsWith("three") ? 3 : span.StartsWith("six") || span.StartsWith("half") ? 6
            : span.StartsWith("nine") ? 9 : 12;
        var start = day == DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, 1).AddMonths(1 - months)
            : end.AddMonths(-months).AddDays(1);
        return new Period(start, end);
    }

    static Period FiscalYear(FiscalCalendar calendar, int fy)
    {
        var q1 = calendar.Quarter(fy, 1);
        var q4 = calendar.Quarter(fy, 4);
        return new Period(q1.Start, q4.End);
    }

}
