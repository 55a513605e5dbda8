using System.Globalization;
using System.Text.RegularExpressions;
using Kessan.Periods;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Facts;

/// <summary>
/// Facts stated in prose: narrative figures ("an operating loss of JPY567 million in 3Q02" → table <c>narrative</c>)
/// and guidance ("For 4Q02, IIJ expects total revenues to be between JPY12.5 billion and JPY13.0 billion" → table
/// <c>guidance</c> with low and high). A figure whose concept the sentence does not name is not a fact.
/// </summary>
public sealed partial class ProseReader(TaxonomySet taxonomy)
{
    readonly SentenceScanner _scanner = new(taxonomy);

    [GeneratedRegex(@"(?<a>\d[\d,]*(?:\.\d+)?)\s*[-–~〜]\s*(?<b>\d[\d,]*(?:\.\d+)?)\s*(?<scale>億円|百万円|billion|million)")]
    private static partial Regex CompactRange();

    [GeneratedRegex(@"^\s*(?:and|to|[-–~〜])\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RangeConnector();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthetical();

    [GeneratedRegex(@"(?<q1>approximately|about|roughly|more than|over|at least|約)?\s*(?<n>\d+(?:\.\d+)?)\s*%\s*(?<q2>超|以上|増)?", RegexOptions.IgnoreCase)]
    private static partial Regex GrowthRate();

    [GeneratedRegex(@"\bgrow|growth|増|成長", RegexOptions.IgnoreCase)]
    private static partial Regex GrowthWord();

    [GeneratedRegex(@"break[- ]?even|ブレークイーブン|収支均衡", RegexOptions.IgnoreCase)]
    private static partial Regex BreakEven();

    [GeneratedRegex(@"\bpositive\b|黒字", RegexOptions.IgnoreCase)]
    private static partial Regex Positive();

    /// <summary>"break-even level of operating income", "breakeven in operating income", "positive operating income".</summary>
    [GeneratedRegex(@"^\s*(?:level\s+)?(?:(?:of|in|at)\s+(?:the\s+)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex NamesWhatFollows();

    /// <param name="flows">Concepts the document's income and KPI tables report: a narrative figure about anything else cannot be checked.</param>
    /// <returns>The prose facts, and the first sentence that explains changed figures (a write-off, a restatement), if any.</returns>
    /// <param name="currency">The currency the release reports in (its statements'), or null when they state none: then only amounts that print their currency are read.</param>
    /// <summary>Words that name a period of their own: a year, a half, a quarter, months, a fiscal year (English and
    /// Japanese) — not a comparison's base ("year over year", "the prior year", "a year ago").</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!(?:prior|previous|last|over|a)[- ])\b(?:years?|quarters?)\b(?![- ]over|\s+ago)|\b(?:annual|half|months|fiscal|FY\d*|\d{4})\b|通期|年度|上期|下期|四半期", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex NamesASpan();

    public (List<Fact> Facts, string? RestatementNote) Read(SourceDocument doc, Company? company, FiscalCalendar calendar, string? currency, IReadOnlyList<Table> tables, Period current, IReadOnlySet<string> flows)
    {
        var tableLines = tables.SelectMany(t => t.Rows.Select(r => r.Line)).ToHashSet();
        var vocabulary = taxonomy.Narrative;
        var facts = new List<Fact>();
        int[]? lastParagraph = null;
        Period? lastFuture = null;
        // The line and period a paragraph's sentences last spoke of: "売上高は 8,344 百万円。前年同期比 15.3％減…".
        string? restatementNote = null;
        int[]? narrativeParagraph = null;
        ConceptMention? lastMention = null;
        Period? lastPeriod = null;
        foreach (var sentence in SentenceScanner.Sentences(doc, tableLines))
        {
            var text = sentence.Text;
            if (restatementNote is null && taxonomy.History.Restatement.IsMatch(text) && !vocabulary.Boilerplate.IsMatch(text))
                restatementNote = $"line {sentence.LineAt(0)}: {text.Trim()}";
            var amounts = SentenceScanner.Amounts(text, currency);
            bool cue = vocabulary.Guidance.IsMatch(text);
            bool change = text.Contains('%') && (EnglishChange().IsMatch(text) || JapaneseChange().IsMatch(text));
            bool sameParagraph = ReferenceEquals(sentence.Lines, narrativeParagraph);
            if (!sameParagraph) (narrativeParagraph, lastMention, lastPeriod) = (sentence.Lines, null, null);
            if ((amounts.Count == 0 && !cue && !change) || vocabulary.Exclude.IsMatch(text) || vocabulary.Boilerplate.IsMatch(text)) continue;
            var mentions = _scanner.Mentions(text);
            if (mentions.Count == 0 && !(change && lastMention is not null)) continue;
            var periods = _scanner.Periods(text, calendar, current);
            // "For 2Q02, IIJ expects revenues … . Operating income is expected to …": a forecast with no period of its
            // own speaks of the one its paragraph just named.
            // Not a sentence that names a span of its own Kessan does not read ("for the year", "for 2026"): that
            // forecast is of another period than the one before it, and is left out rather than given that period.
            if (periods.Count == 0 && cue && ReferenceEquals(sentence.Lines, lastParagraph) && lastFuture is { } inherited && !NamesASpan().IsMatch(text))
                periods = [new PeriodMention(text.Length, text.Length, inherited)];
            var future = periods.Where(p => p.Period.End > current.End).ToList();
            if (future.Count > 0) (lastParagraph, lastFuture) = (sentence.Lines, future[^1].Period);
            else if (!ReferenceEquals(sentence.Lines, lastParagraph)) (lastParagraph, lastFuture) = (sentence.Lines, null);
            var ctx = new Context(doc, company, calendar, sentence, mentions, periods, current, currency);
            bool looksAhead = cue && !vocabulary.Past.IsMatch(text);
            if (looksAhead && future.Count > 0) { ReadGuidance(ctx, amounts, facts); continue; }
            // A forecast whose period the sentence does not name in a way Kessan reads is no figure of the release's
            // own period: reading its amounts as narrative facts of the current quarter would store a forecast as an actual.
            if (looksAhead && periods.Count == 0) continue;
            // "For the full year, we expect …" names no year: in a fourth-quarter release it speaks of the next one, though
            // the words read as the year just ended. A forecast that names the year only so is no figure of it.
            if (looksAhead && future.Count == 0 && SentenceScanner.NamesTheYearAlone(text)) continue;
            var narrative = ctx with { Mentions = mentions.Where(m => flows.Contains(m.Concept)).ToList() };
            int before = facts.Count;
            ReadNarrative(narrative, amounts.Where(a => !InRange(text, a, amounts)).ToList(), facts);
            if (facts.Count > before)
            {
                // The sentence's subject: its first figure ("Revenues … JPY 9,185 million …, an increase of 10.1% from …").
                var subject = facts[before];
                lastMention = narrative.Mentions.FirstOrDefault(m => m.Concept == subject.Concept);
                lastPeriod = new Period(subject.PeriodStart, subject.PeriodEnd);
            }
            if (change) ReadChanges(narrative, lastMention, lastPeriod, facts);
        }
        return (facts, restatementNote);
    }

    sealed record Context(SourceDocument Doc, Company? Company, FiscalCalendar Calendar, SentenceScanner.Sentence Sentence,
        List<ConceptMention> Mentions, List<PeriodMention> Periods, Period Current, string? Currency);

    /// <summary>An amount that ends a range ("90-95億円", "JPY9.0 billion to JPY9.5 billion") is not a level.</summary>
    static bool InRange(string text, ProseAmount a, List<ProseAmount> amounts)
    {
        foreach (Match m in CompactRange().Matches(text))
            if (a.Start < m.Index + m.Length && m.Index < a.End) return true;
        return amounts.Any(b => (b.End <= a.Start && IsConnector(text[b.End..a.Start])) || (a.End <= b.Start && IsConnector(text[a.End..b.Start])));
    }

    static bool IsConnector(string between) => RangeConnector().IsMatch(Parenthetical().Replace(between, ""));

    void ReadNarrative(Context ctx, List<ProseAmount> amounts, List<Fact> facts)
    {
        var text = ctx.Sentence.Text;
        var postfix = new HashSet<int>();
        for (int i = 0; i < amounts.Count; i++)
        {
            var a = amounts[i];
            // "JPY151 million of operating profit": a concept right after the amount names it; else the nearest before.
            var after = ctx.Mentions.FirstOrDefault(m => m.Start >= a.End && m.Start - a.End <= 4 && text[a.End..m.Start].Trim() is "" or "of");
            ConceptMention mention;
            int sign;
            if (after.Text is not null) { mention = after; sign = after.Sign; postfix.Add(after.Start); }
            else
            {
                mention = ctx.Mentions.LastOrDefault(m => m.End <= a.Start);
                // A name that followed an earlier amount ("the JPY243 million adjusted EBITDA loss") gave that amount its
                // sign, not this one.
                sign = postfix.Contains(mention.Start) ? 0 : mention.Sign;
            }
            if (mention.Text is null) continue;
            if (mention.End <= a.Start && taxonomy.Narrative.Delta.IsMatch(text[mention.End..a.Start])) continue;
            // A per-share line is never "$269 million": an amount printed at a scale is another figure of the sentence
            // ("earnings per share increased $0.04 because of a $269 million price reduction").
            if (a.Precision >= 1_000m && taxonomy.Find(mention.Concept) is { Type: ConceptType.PerShare or ConceptType.PerAds }) continue;
            // Words just before the amount give it its sign whatever the line: "compared to a loss of JPY300 million".
            var lead = text[Math.Max(mention.End <= a.Start ? mention.End : 0, a.Start - 24)..a.Start];
            if (taxonomy.Narrative.Loss.IsMatch(lead)) sign = -1;
            else if (taxonomy.Narrative.Profit.IsMatch(lead)) sign = 1;
            int clauseEnd = ClauseEnd(text, a.End, i + 1 < amounts.Count ? amounts[i + 1].Start : text.Length);
            var period = ctx.Periods.FirstOrDefault(p => p.Start >= a.End && p.Start < clauseEnd) is { End: > 0 } following ? following.Period
                : ctx.Periods.LastOrDefault(p => p.End <= a.Start) is { End: > 0 } preceding ? preceding.Period
                : ctx.Current;
            var value = sign switch { < 0 => -Math.Abs(a.Value), > 0 => Math.Abs(a.Value), _ => a.Value };
            facts.Add(Make(ctx, "narrative", mention, period, value, a.Currency, a.Start, a.Printed));
        }
    }

    [GeneratedRegex(@"\b(?<dir>increase|decrease|decline|rise|fall|drop|increased|decreased|declined|rose|fell|grew|dropped)d?\s+(?:of\s+|by\s+)?(?:approximately\s+)?(?<n>\d+(?:\.\d+)?)\s*%", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishChange();

    [GeneratedRegex(@"(?<rel>前年同期比|前期比)\s*(?<n>\d+(?:\.\d+)?)\s*%\s*(?<dir>増|減)")]
    private static partial Regex JapaneseChange();

    [GeneratedRegex(@"^\W*(?:compared\s+(?:to|with)|from|over|versus|against)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ComparedTo();

    /// <summary>
    /// Changes stated in words ("a decrease of 3.8% compared to 3Q01", "increased 12.4% … compared to 3Q01",
    /// "前年同期比15.3%減"): a percent fact of the line the sentence names, for the period it speaks of, with the
    /// period it compares to as its base — so the narrative rule can check it against the tables.
    /// </summary>
    void ReadChanges(Context ctx, ConceptMention? inherited, Period? inheritedPeriod, List<Fact> facts)
    {
        var text = ctx.Sentence.Text;
        foreach (Match m in EnglishChange().Matches(text).Concat(JapaneseChange().Matches(text)).OrderBy(m => m.Index))
        {
            // A Japanese change follows its figure in the next sentence ("売上高は 8,344 百万円。前年同期比 15.3％減"); an
            // English one names its line in its own sentence.
            var mention = ctx.Mentions.LastOrDefault(x => x.End <= m.Index) is { Text: not null } named ? named
                : m.Groups["rel"].Success ? inherited : null;
            if (mention is not { } c) continue;
            // The period the change is of: the one the sentence (or its paragraph) stated its figure for; else the first
            // period it names before the change; else the release's own quarter.
            Period current;
            if (inheritedPeriod is { } stated) current = stated;
            else if (ctx.Periods.FirstOrDefault(p => p.End <= m.Index) is { End: > 0 } first) current = first.Period;
            else current = ctx.Current;
            Period? basis = null;
            if (m.Groups["rel"].Success)
                basis = current.Shift(m.Groups["rel"].Value == "前期比" ? -3 : -12);
            else
            {
                // "… compared to 3Q01": the first period after the change word, in its clause.
                var after = ctx.Periods.FirstOrDefault(p => p.Start >= m.Index + m.Length && p.Start - (m.Index + m.Length) <= 40
                    && ComparedTo().IsMatch(text[(m.Index + m.Length)..p.Start].Replace("million", "").Trim(' ', ',')));
                if (after.End > 0) basis = after.Period;
            }
            if (basis is not { } b || b == current) continue;
            if (!Tables.NumberToken.TryParseFigure(m.Groups["n"].Value, out var n)) continue; // beyond any real figure
            var dir = m.Groups["dir"].Value.ToLowerInvariant();
            bool down = dir.StartsWith("decre") || dir.StartsWith("decl") || dir.StartsWith("fall") || dir.StartsWith("fell") || dir.StartsWith("drop") || dir == "減";
            facts.Add(Make(ctx, "narrative", c, current, down ? -n : n, "percent", m.Index, m.Value.Trim())
                with { BaseStart = b.Start, BaseEnd = b.End });
        }
    }


    /// <summary>Where the clause an amount stands in ends: at the next amount, or at a comma or semicolon after it.</summary>
    static int ClauseEnd(string text, int from, int limit)
    {
        for (int k = from; k < limit; k++)
            if (text[k] is ',' or ';' or '、' or '。') return k;
        return limit;
    }

    void ReadGuidance(Context ctx, List<ProseAmount> amounts, List<Fact> facts)
    {
        var text = ctx.Sentence.Text;
        var future = ctx.Periods.Where(p => p.Period.End > ctx.Current.End).ToList();
        if (future.Count == 0) return;

        Period Target(int at) =>
            future.FirstOrDefault(p => p.Start >= at && p.Start < ClauseEnd(text, at, text.Length)) is { End: > 0 } f ? f.Period
            : future.LastOrDefault(p => p.End <= at) is { End: > 0 } b ? b.Period
            : future[0].Period;

        // A range follows what it forecasts ("revenues to be between …"); "break-even" and "positive" usually
        // precede it ("a break-even level of operating income").
        ConceptMention? Concept(int at, int end, bool preferAfter = false)
        {
            if (preferAfter && ctx.Mentions.FirstOrDefault(m => m.Start >= end && m.Start - end <= 30) is { Text: not null } next
                && NamesWhatFollows().IsMatch(text[end..next.Start])) return next;
            var before = ctx.Mentions.LastOrDefault(m => m.End <= at && !ctx.Periods.Any(p => p.Start > m.End && p.End <= at && p.Period.End <= ctx.Current.End));
            if (before.Text is not null) return before;
            var after = ctx.Mentions.FirstOrDefault(m => m.Start >= end && m.Start - end <= 40);
            return after.Text is null ? null : after;
        }

        var used = new List<(int, int)>();
        // Ranges: "between JPY12.5 billion (…) and JPY13.0 billion", "JPY580 million to JPY730 million", "105-110億円".
        foreach (Match m in CompactRange().Matches(text))
        {
            var scale = SentenceScanner.Amounts("1" + m.Groups["scale"].Value, "JPY")[0].Value;
            // A bound beyond any real figure is no guidance (and must not overflow times its scale).
            if (!Tables.NumberToken.TryParseFigure(m.Groups["a"].Value, out var lo) || !Tables.NumberToken.TryParseFigure(m.Groups["b"].Value, out var hi)) continue;
            (lo, hi) = (lo * scale, hi * scale);
            var scaleWord = m.Groups["scale"].Value;
            AddRange(m.Index, m.Index + m.Length, lo, hi, m.Value, scaleWord is "億円" or "百万円" ? "JPY" : ctx.Currency);
        }
        for (int i = 0; i + 1 < amounts.Count; i++)
        {
            var (a, b) = (amounts[i], amounts[i + 1]);
            if (used.Any(u => a.Start < u.Item2 && u.Item1 < b.End)) continue;
            if (!IsConnector(text[a.End..b.Start])) continue;
            AddRange(a.Start, b.End, a.Value, b.Value, text[a.Start..b.End], a.Currency);
            i++;
        }
        foreach (Match m in BreakEven().Matches(text)) AddRange(m.Index, m.Index + m.Length, 0m, 0m, m.Value, ctx.Currency, preferAfter: true);
        foreach (Match m in Positive().Matches(text)) AddRange(m.Index, m.Index + m.Length, 0m, null, m.Value, ctx.Currency, preferAfter: true);
        if (GrowthWord().IsMatch(text))
            foreach (Match m in GrowthRate().Matches(text))
            {
                if (used.Any(u => m.Index < u.Item2 && u.Item1 < m.Index + m.Length)) continue;
                if (!Tables.NumberToken.TryParseFigure(m.Groups["n"].Value, out var n)) continue; // beyond any real figure
                var q = (m.Groups["q1"].Value + m.Groups["q2"].Value).ToLowerInvariant();
                decimal? hi = q is "more than" or "over" or "at least" or "超" or "以上" ? null : n;
                var mention = Concept(m.Index, m.Index + m.Length);
                if (mention is not { } c) continue;
                var target = Target(m.Index);
                var basis = ctx.Periods.Where(p => p.Period.End < target.Start!.Value && p.Period.Months == target.Months).Select(p => (Period?)p.Period).LastOrDefault();
                if (basis is null && taxonomy.Narrative.YearOverYear.IsMatch(text))
                    basis = target.Shift(-12);
                if (basis is null) continue;
                used.Add((m.Index, m.Index + m.Length));
                facts.Add(Make(ctx, "guidance", c, target, n, "percent", m.Index, m.Value.Trim())
                    with { Low = n, High = hi, BaseStart = basis.Value.Start, BaseEnd = basis.Value.End });
            }

        // A forecast whose currency neither the sentence nor the release's statements state is not read: no guess.
        void AddRange(int start, int end, decimal lo, decimal? hi, string printed, string? unit, bool preferAfter = false)
        {
            if (unit is null) return;
            if (used.Any(u => start < u.Item2 && u.Item1 < end)) return;
            if (Concept(start, end, preferAfter) is not { } mention) return;
            used.Add((start, end));
            var target = Target(start);
            var (low, high) = hi is { } h && h < lo ? (h, (decimal?)lo) : (lo, hi);
            facts.Add(Make(ctx, "guidance", mention, target, high is { } top ? (low + top) / 2 : low, unit, start, printed.Trim())
                with { Low = low, High = high });
        }
    }

    Fact Make(Context ctx, string table, ConceptMention mention, Period period, decimal value, string unit, int at, string printed)
    {
        var rendered = new CellSource(ctx.Sentence.LineAt(at), ctx.Sentence.ColumnAt(at) + 1);
        // The column is a character column of the rendered line: only the line maps to the file.
        return new(
            ctx.Doc.Name, ctx.Doc.Sha256, ctx.Company?.Name ?? "", mention.Concept, mention.Text, table,
            period.Start, period.End, ctx.Calendar.Label(period), value, unit, Convenience: false,
            ctx.Doc.FileLine(rendered.Line), rendered.Column, printed, FactStatus.Ok,
            TaxonomySet.LanguageOf(ctx.Sentence.Text), KnownConcept: taxonomy.Find(mention.Concept) is not null) { Rendered = rendered };
    }
}
