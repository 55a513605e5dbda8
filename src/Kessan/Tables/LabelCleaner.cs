using System.Text.RegularExpressions;
using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// Turns a printed row label into the label a person reads: markup removed, footnote marks
/// (<c>(2)</c>, <c>⁽²⁾</c>, <c>¹</c>, <c>^(*3)</c>, <c>^(*)3)</c>) taken out and kept as references.
/// </summary>
public static partial class LabelCleaner
{
    [GeneratedRegex(@"<[^>]{1,20}>")]
    private static partial Regex Markup();

    // The last alternative: a digit glued to the end of a Japanese label ("減価償却費3") is a footnote mark the
    // PDF printed as a superscript.
    [GeneratedRegex(@"\^\(\*\)?(\d{1,2})\)?|\(\*(\d{1,2})\)|\((\d{1,2})\)|([\u2070-\u2079\u00B9\u00B2\u00B3\u207D\u207E]+)|(?<=[\u3040-\u30FF\u4E00-\u9FFF])(\d)$")]
    private static partial Regex FootnoteMark();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>
    /// An item number before a label, as results in a numbered format print it ("1 Revenue from operations",
    /// "4. Expenses", "a) Cost of materials consumed", "(ii) Deferred tax", "IV. Total expenses"): not part of the line's name.
    /// Only before a Latin word, so "1株当たり" keeps its figure.
    /// </summary>
    [GeneratedRegex(@"^(?:\d{1,2}[.)]?|[IVX]{1,4}[.)]|\(?[a-zA-Z]\)|[a-z]\.|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)|(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))\s+(?=[A-Za-z])")]
    private static partial Regex ItemNumber();

    /// <summary>The sum an item number formula prints after a label ("Total income (1+2)", "Profit before tax (III-IV)").</summary>
    [GeneratedRegex(@"\s*\(\s*(?:\d{1,2}|[IVX]{1,4}|[a-z])(?:\s*[+\-–−]\s*(?:\d{1,2}|[IVX]{1,4}|[a-z]))+\s*\)\s*$")]
    private static partial Regex ItemFormula();

    /// <summary>Whether a label opens with an item number or letter ("a) Cost of materials"): it starts a line, it does not continue one.</summary>
    public static bool StartsWithItemNumber(string label) => ItemNumber().IsMatch(label);

    /// <summary>Dot leaders between a label and its figures ("Revenues ..........").</summary>
    [GeneratedRegex(@"(?:\s*\.){3,}")]
    private static partial Regex DotLeader();

    public static (string Label, IReadOnlyList<string> Footnotes) Clean(string printed)
    {
        // Each regex runs only on a label that holds what it looks for: most labels are plain words, and these
        // replacements ran on every row of every table.
        var text = printed.Contains('<') ? Markup().Replace(printed, "") : printed;
        if (text.Contains("...") || text.Contains(". . .")) text = DotLeader().Replace(text, " ");
        List<string>? notes = null;
        if (MayHoldFootnote(text)) text = FootnoteMark().Replace(text, m =>
        {
            var digits = m.Groups[1].Success ? m.Groups[1].Value
                : m.Groups[2].Success ? m.Groups[2].Value
                : m.Groups[3].Success ? m.Groups[3].Value
                : m.Groups[5].Success ? m.Groups[5].Value
                : SuperscriptDigits(m.Groups[4].Value);
            if (digits.Length > 0) (notes ??= []).Add(digits);
            return " ";
        });
        if (HasSpaceRun(text)) text = Spaces().Replace(text, " ");
        text = text.Trim().TrimEnd(':').Trim();
        if (text.EndsWith(')')) text = ItemFormula().Replace(text, "");
        text = ItemNumber().Replace(text, "");
        return (text, notes ?? (IReadOnlyList<string>)[]);
    }

    // The characters a footnote mark starts with; the mark glued to a Japanese label is a final digit (\d: any digit,
    // before the end or a final line break, as $ reads it).
    static readonly System.Buffers.SearchValues<char> FootnoteStarts =
        System.Buffers.SearchValues.Create("^(\u2070\u2071\u2072\u2073\u2074\u2075\u2076\u2077\u2078\u2079\u00B9\u00B2\u00B3\u207D\u207E");

    static bool MayHoldFootnote(string text) =>
        text.AsSpan().ContainsAny(FootnoteStarts) || (text.Length > 0 && (char.IsDigit(text[^1]) || text[^1] == '\n'));

    /// <summary>Whether <see cref="Spaces"/> would change the text: a whitespace other than a space, or two in a row.</summary>
    static bool HasSpaceRun(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i])) continue;
            if (text[i] != ' ' || (i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]))) return true;
        }
        return false;
    }

    static string SuperscriptDigits(string s)
    {
        var chars = new List<char>();
        foreach (var ch in s)
        {
            int d = ch switch { '¹' => 1, '²' => 2, '³' => 3, >= '\u2070' and <= '\u2079' => ch - '\u2070', _ => -1 };
            if (d >= 0) chars.Add((char)('0' + d));
        }
        return new string([.. chars]);
    }

    /// <summary>True for text made of superscript marks only — a footnote column, not a value.</summary>
    public static bool IsOnlyFootnote(string cell) => cell.Length > 0 && cell.All(c => TextNormalizer.IsSuperscript(c) || c == ' ');
}
