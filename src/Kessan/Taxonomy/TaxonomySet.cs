using System.Globalization;
using System.Text;
using Kessan.Reading;

namespace Kessan.Taxonomy;

/// <summary>Where a printed row label lands: a concept, and whether the taxonomy knew the label.</summary>
public sealed record ConceptMatch(Concept Concept, bool Known);

/// <summary>The loaded taxonomy: vocabulary, concepts indexed by label, and the companies it knows.</summary>
public sealed partial class TaxonomySet
{
    readonly Dictionary<string, List<Concept>> _byLabel = new(StringComparer.Ordinal);
    readonly Dictionary<string, Concept> _byName = new(StringComparer.Ordinal);
    // Company names by their first word (ASCII letters and digits, any case), so a line is matched against the names
    // its own words begin, not against every company the taxonomy knows; names beginning otherwise (Japanese) apart.
    readonly Dictionary<string, List<(int Order, string Name)>> _namesByFirstWord = new(StringComparer.OrdinalIgnoreCase);
    readonly List<(int Order, string Name)> _otherNames = [];

    public Vocabulary Vocabulary { get; }
    public NarrativeVocabulary Narrative { get; }
    public HistoryVocabulary History { get; }
    public IReadOnlyList<Segment> Segments { get; init; } = [];
    public IReadOnlyList<Company> Companies { get; }
    public IReadOnlyCollection<Concept> Concepts => _byName.Values;

    public TaxonomySet(Vocabulary vocabulary, NarrativeVocabulary narrative, HistoryVocabulary history, IEnumerable<Concept> concepts, IReadOnlyList<Company> companies)
    {
        History = history;
        Vocabulary = vocabulary;
        Narrative = narrative;
        Companies = companies;
        for (int i = 0; i < companies.Count; i++)
            foreach (var name in companies[i].Names)
            {
                if (name.Length == 0) continue;
                if (FirstWord(name) is { } word)
                {
                    if (!_namesByFirstWord.TryGetValue(word, out var list)) _namesByFirstWord[word] = list = [];
                    list.Add((i, name));
                }
                else _otherNames.Add((i, name));
            }
        foreach (var c in concepts)
        {
            _byName[c.Name] = c;
            foreach (var label in c.Labels.Values.SelectMany(l => l))
            {
                var key = LabelKey(label);
                if (!_byLabel.TryGetValue(key, out var list)) _byLabel[key] = list = [];
                list.Add(c);
            }
        }
    }

    public Concept? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The company whose name a release mentions first, or null when the taxonomy knows none.</summary>
    public Company? DetectCompany(SourceDocument doc)
    {
        // Line by line: the first line naming any company decides, a release naming its company on its first line costs
        // one line. A name counts as a whole word ("Bedyn Industries" is not named by "VANBEDYN INDUSTRIES"), and where
        // several are named on the line the longest, the most specific, wins (taxonomy order breaks a tie). Only the
        // names a word of the line begins are tried, so the cost is the line's, however many companies there are.
        var lookup = _namesByFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int i = 0; i < doc.Lines.Count; i++)
        {
            var line = doc.Lines[i];
            (int Order, int Length) best = (-1, 0);
            void Try(int order, string name)
            {
                if ((name.Length > best.Length || (name.Length == best.Length && order < best.Order)) && NamedIn(line, name)) best = (order, name.Length);
            }
            for (int at = 0; at < line.Length;)
            {
                if (!char.IsAsciiLetterOrDigit(line[at])) { at++; continue; }
                int end = at;
                while (end < line.Length && char.IsAsciiLetterOrDigit(line[end])) end++;
                if ((at == 0 || !IsWordChar(line[at - 1])) && lookup.TryGetValue(line.AsSpan(at, end - at), out var names))
                    foreach (var (order, name) in names) Try(order, name);
                at = end;
            }
            foreach (var (order, name) in _otherNames) Try(order, name);
            if (best.Order >= 0) return Companies[best.Order];
        }
        return null;
    }

    /// <summary>A name's first word when it begins with an ASCII letter or digit, else null.</summary>
    static string? FirstWord(string name)
    {
        int end = 0;
        while (end < name.Length && char.IsAsciiLetterOrDigit(name[end])) end++;
        return end == 0 ? null : name[..end];
    }

    /// <summary>Whether <paramref name="line"/> holds <paramref name="name"/> (any case) not inside a longer word.</summary>
    static bool NamedIn(string line, string name)
    {
        if (name.Length == 0) return false;
        for (int at = line.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = line.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            int end = at + name.Length;
            bool openBefore = at == 0 || !(IsWordChar(line[at - 1]) && IsWordChar(name[0]));
            bool openAfter = end == line.Length || !(IsWordChar(line[end]) && IsWordChar(name[^1]));
            if (openBefore && openAfter) return true;
        }
        return false;
    }

    // Letters and digits of alphabetic scripts join words; Japanese and Chinese names are written without spaces, so
    // a CJK character next to a name is no part of it.
    static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || (char.IsLetterOrDigit(c) && c < '\u3000');

    /// <summary>
    /// The concept of a row: by its label, within the table kind, the sections above it and the type its unit implies.
    /// An unknown label becomes a generated extension concept of the company (never dropped).
    /// </summary>
    public ConceptMatch Resolve(string label, StatementKind table, IReadOnlyList<string> sections, ConceptType? expectedType, Company? company)
    {
        var tableCode = table.Code();
        Concept? best = null;
        int bestScore = int.MinValue;
        // A label naming its unit in parentheses or after a comma ("Basic (pence)", "Earnings per share (€)", "Earnings per
        // share, SEK") is the line without it.
        if ((_byLabel.TryGetValue(LabelKey(label), out var candidates) || UnitSuffix().Match(label) is { Success: true } unit
                && _byLabel.TryGetValue(LabelKey(label[..unit.Index]), out candidates)))
        {
            // A label two lines of different kinds share ("Basic" per share, "Basic" weighted shares) is told apart
            // by what the label or the sections above it say the figures are, innermost first.
            if (expectedType is null && candidates.Select(c => c.Type).Distinct().Skip(1).Any() && TypeHint(label, sections) is { } hint
                && candidates.Any(c => c.Type == hint))
                expectedType = hint;
            bool? noncurrent = table == StatementKind.Balance ? NoncurrentSide(sections) : null;
            Concept? twin = null;
            foreach (var c in candidates)
            {
                if (c.Tables.Count > 0 && !c.Tables.Contains(tableCode)) continue;
                if (expectedType is { } t && c.Type != t) continue;
                // "Income taxes payable" under "Non-current liabilities:" is not AccruedIncomeTaxesCurrent: it is the
                // element's non-current twin, where the taxonomy has it, else a line of its own.
                if (noncurrent is { } side && NamedNoncurrent(c.Name) is { } named && named != side)
                {
                    twin ??= Find(side ? c.Name[..^"Current".Length] + "Noncurrent" : c.Name[..^"Noncurrent".Length] + "Current") is { } t2 && t2.Type == c.Type ? t2 : null;
                    continue;
                }
                if (c.IsExtension && company is not null && !c.Name.StartsWith(company.Prefix + ":", StringComparison.Ordinal)) continue;
                int score = 0;
                if (c.Section is not null)
                {
                    if (!sections.Any(s => c.Section.IsMatch(s))) continue;
                    score += 4;
                }
                if (c.Tables.Count > 0) score += 2;
                if (c.IsExtension) score += 1;
                if (score > bestScore) (best, bestScore) = (c, score);
            }
            best ??= twin;
        }
        if (best is not null) return new ConceptMatch(best, true);
        // "Cash and cash equivalents at 1 January" / "… at 30 June 2025" in a cash-flow statement: the opening or the
        // closing line, as a date on the first of a month or at a month's end says.
        if (table == StatementKind.CashFlow && DatedBalance().Match(label) is { Success: true } dated && dated.Groups["head"].Value.Length > 0)
        {
            int day = int.Parse(dated.Groups["d1"].Success ? dated.Groups["d1"].Value : dated.Groups["d2"].Value, CultureInfo.InvariantCulture);
            var side = day == 1 ? "beginning of period" : day >= 28 ? "end of period" : null;
            if (side is not null && Resolve($"{dated.Groups["head"].Value}, {side}", table, sections, expectedType, company) is { Known: true } opening)
                return opening;
        }
        return new ConceptMatch(Generate(label, sections, expectedType ?? ConceptType.Monetary, company), false);
    }

    /// <summary>
    /// The balance-sheet side the sections above a line state, innermost first: true non-current, false current, null
    /// neither. Not the label's words: "Long-term debt, net of current portion" is the non-current line.
    /// </summary>
    bool? NoncurrentSide(IReadOnlyList<string> sections)
    {
        for (int i = sections.Count - 1; i >= 0; i--)
        {
            if (Vocabulary.NoncurrentSections?.IsMatch(sections[i]) == true) return true;
            if (Vocabulary.CurrentSections?.IsMatch(sections[i]) == true) return false;
        }
        return null;
    }

    /// <summary>The side an element's name states by the US-GAAP and IFRS convention (…Noncurrent, …Current), if it states one.</summary>
    static bool? NamedNoncurrent(string name) =>
        name.EndsWith("Noncurrent", StringComparison.Ordinal) ? true : name.EndsWith("Current", StringComparison.Ordinal) ? false : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<head>.+?),?\s+at\s+(?:(?<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+(?<d2>\d{1,2}))(?:,?\s+\d{4})?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DatedBalance();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:\s*\((?:in\s+)?(?:pence|p|cents?|[A-Z]{3}(?:\s+cents)?|HK\s?cents|[$€£¥₹]|Rs\.?|euros?|yen|dollars?|rupees?|(?:US)?[$€£¥₹]\s?/\s?share)\)|,\s*(?:in\s+)?(?:pence|cents|(?-i:[A-Z]{3})|[$€£¥]|euros?|yen|dollars?))\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex UnitSuffix();

    /// <summary>
    /// The kind of figure the label, else the sections above it (innermost first), name by the vocabulary's row units
    /// ("Basic weighted average shares": shares; a column header "Earnings Per Share": per share).
    /// </summary>
    public ConceptType? TypeHint(string label, IReadOnlyList<string> sections)
    {
        foreach (var text in Enumerable.Reverse(sections).Prepend(label))
            foreach (var rule in Vocabulary.RowUnits)
                if (rule.Pattern.IsMatch(text)) return rule.Value;
        return null;
    }

    /// <summary>
    /// A deterministic extension name: the company prefix and the label in PascalCase, after the name of the section
    /// it is printed under: "Google Cloud" under "Revenues:" and under "Operating income (loss):" are two lines, as
    /// "Other" under investing and under operating are; one name for both would mix their figures in every series.
    /// </summary>
    static Concept Generate(string label, IReadOnlyList<string> sections, ConceptType type, Company? company)
    {
        var prefix = company?.Prefix ?? "ext";
        var local = Pascal(label);
        if (sections.Count > 0) local = Pascal(sections[^1]) + local;
        var labels = new Dictionary<string, IReadOnlyList<string>> { [LanguageOf(label)] = [label] };
        return new Concept($"{prefix}:{local}", type, null, 1, [], null, labels, IsExtension: true);
    }

    /// <summary>"ja" when the text has a Japanese letter (kana or kanji; CJK punctuation such as ・ does not count).</summary>
    public static string LanguageOf(string text)
    {
        foreach (var ch in text)
            if (ch >= '\u3040' && ch <= '\u9FFF' && char.IsLetter(ch)) return "ja";
        return "en";
    }

    /// <summary>The matching key of a label: letters and digits only, lower case ("Income(Loss) before…" = "Income (loss) before…").</summary>
    public static string LabelKey(string label)
    {
        var sb = new StringBuilder(label.Length);
        foreach (var ch in label)
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }

    /// <summary>"Net income (loss)" → NetIncomeLoss; a word printed in capitals ("REVENUES") is a word, not an acronym, past three letters.</summary>
    static string Pascal(string label)
    {
        var sb = new StringBuilder(label.Length);
        // A label in capitals ("NET CURRENT ASSETS") is shouted whole, short words too; in a label in mixed case a
        // word in capitals of up to three letters is an acronym ("EBIT", "IT").
        bool allCaps = label.Contains(' ') && label.All(c => !char.IsLetter(c) || char.IsAsciiLetterUpper(c));
        int i = 0;
        while (i < label.Length)
        {
            if (!char.IsLetterOrDigit(label[i])) { i++; continue; }
            int start = i;
            while (i < label.Length && char.IsLetterOrDigit(label[i])) i++;
            var word = label.AsSpan(start, i - start);
            bool shouting = (allCaps || word.Length > 3) && !word.ContainsAnyExcept(UpperLetters);
            sb.Append(char.ToUpper(word[0], CultureInfo.InvariantCulture));
            foreach (var ch in word[1..]) sb.Append(shouting ? char.ToLowerInvariant(ch) : ch);
        }
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, 'X');
        return sb.ToString();
    }

    static readonly System.Buffers.SearchValues<char> UpperLetters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
}
