using System.Globalization;

namespace Kessan.Tables;

public enum CellKind { Blank, NotAvailable, Number, Text }

/// <summary>
/// One printed cell read as a number: <c>3,404,016</c>, <c>(566,520)</c>, <c>(3.8%)</c>, <c>(-)251</c>,
/// <c>▲97</c>, <c>-5.7%</c>. A blank or a dash is no value (not zero); <c>n/a</c> is not available.
/// </summary>
public readonly partial record struct NumberToken(CellKind Kind, decimal Value, bool IsPercent, int Decimals)
{
    public static readonly NumberToken Blank = new(CellKind.Blank, 0, false, 0);
    public static readonly NumberToken NotAvailable = new(CellKind.NotAvailable, 0, false, 0);
    public static readonly NumberToken Text = new(CellKind.Text, 0, false, 0);

    public bool IsNumber => Kind == CellKind.Number;

    public static NumberToken Parse(ReadOnlySpan<char> printed)
    {
        scoped ReadOnlySpan<char> s = printed.Trim();
        if (s.IsEmpty) return Blank;
        if (s is "-" or "—" or "–" or "―" or "−" or "--" or "*") return Blank;
        if (IsNotAvailable(s)) return NotAvailable;

        bool negative = false;
        // (1,234) and (5.7%) and the (-)251 / (+)50 forms.
        if (s.StartsWith("(-)") || s.StartsWith("(−)")) { negative = true; s = s[3..].TrimStart(); }
        else if (s.StartsWith("(+)")) s = s[3..].TrimStart();
        if (s.Length >= 2 && s[0] == '(' && s[^1] == ')') { negative = !negative; s = s[1..^1].Trim(); }
        // A dash before the digits is a minus: hyphen, minus sign, and the en dash European releases print ("–18,7").
        if (!s.IsEmpty && s[0] is '▲' or '△' or '-' or '−' or '–') { negative = !negative; s = s[1..].TrimStart(); }
        else if (!s.IsEmpty && s[0] == '+') s = s[1..].TrimStart();

        bool percent = false;
        if (!s.IsEmpty && s[^1] == '%') { percent = true; s = s[..^1].TrimEnd(); }
        // A currency sign printed inside the cell belongs to the column, not the value.
        if (!s.IsEmpty && s[0] is '$' or '¥' or '￥' or '€' or '£') s = s[1..].TrimStart();
        if (s.Length >= 2 && s[0] == '(' && s[^1] == ')') { negative = !negative; s = s[1..^1].Trim(); }

        // "2 410", "1 234 567.8": thousands grouped by spaces, in a document that groups them so.
        Span<char> ungrouped = t_spaceGroups ? stackalloc char[MaxTokenChars] : default;
        if (t_spaceGroups && s.Length <= MaxTokenChars + 6 && s.IndexOfAny(GroupSpaces) > 0 && Ungroup(s, ungrouped) is var n0 and > 0)
            s = ungrouped[..n0];
        if (!IsWellFormed(s, out int decimals))
            return t_decimalComma && TryDecimalComma(s, out var european, out int places) ? new NumberToken(CellKind.Number, negative ? -european : european, percent, places) : Text;
        // A figure longer than any real one (a 29-digit run of OCR noise, a 5 M-character line) is text, not a fact:
        // the proof reports it as a cell that is not a number, and no scale can push it past decimal's range.
        int integerDigits = (s.IndexOf('.') is var dot and >= 0 ? dot : s.Length) - s.Count(',');
        if (integerDigits > MaxIntegerDigits || decimals > MaxDecimals) return Text;
        // Bounded by the checks above (at most 18 + 10 digits, 5 separators each 3 digits): a fixed buffer, never
        // a stack allocation the size of the input.
        Span<char> digits = stackalloc char[MaxTokenChars];
        int n = 0;
        foreach (var ch in s) if (ch != ',') digits[n++] = ch;
        if (!decimal.TryParse(digits[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return Text;
        return new NumberToken(CellKind.Number, negative ? -value : value, percent, decimals);
    }

    /// <summary>
    /// The most integer digits a figure may print: 10^18 times the largest scale (10^9, "billion") stays far inside
    /// decimal's 7.9 × 10^28, so no product of a figure and its scale can overflow.
    /// </summary>
    public const int MaxIntegerDigits = 18;

    /// <summary>The most decimals a figure may print (rates print 2–4); beyond that decimal would round silently.</summary>
    public const int MaxDecimals = 10;

    const int MaxTokenChars = MaxIntegerDigits + 1 + MaxDecimals;

    /// <summary>
    /// A figure from prose (<c>12.5</c>, <c>1,234</c>; separators ignored): false for one longer than any real figure
    /// (see <see cref="MaxIntegerDigits"/>), so a 40-digit run in a sentence is no fact rather than an overflow.
    /// </summary>
    public static bool TryParseFigure(string printed, out decimal value)
    {
        value = 0;
        var plain = printed.Replace(",", "");
        int dot = plain.IndexOf('.');
        int whole = dot >= 0 ? dot : plain.Length, frac = dot >= 0 ? plain.Length - dot - 1 : 0;
        if (whole == 0 || whole > MaxIntegerDigits || frac > MaxDecimals) return false;
        return decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    static bool IsNotAvailable(ReadOnlySpan<char> s)
    {
        if (s.Length > 6) return false; // the longest spelling below; no copy of a long cell
        foreach (var na in NotAvailableSpellings)
            if (s.Equals(na, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    static readonly string[] NotAvailableSpellings = ["n/a", "na", "n.a", "n.a.", "nm", "n.m.", "—n/a"];

    static readonly System.Buffers.SearchValues<char> GroupSpaces = System.Buffers.SearchValues.Create(" \u00A0\u202F\u2009");

    static bool IsGroupSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009';

    /// <summary>Digits of <c>2 410</c> / <c>1 234 567.8</c> without their group spaces (a first group of 1–3 digits,
    /// then groups of exactly 3), into <paramref name="into"/>: their count, or 0 when the spaces group nothing.</summary>
    static int Ungroup(ReadOnlySpan<char> s, Span<char> into)
    {
        int n = 0, group = 0, groups = 0;
        bool fraction = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c)) { group++; into[n++] = c; if (n == into.Length) return 0; continue; }
            if (fraction) return 0;
            if (IsGroupSpace(c))
            {
                if (group == 0 || group > 3 || groups > 0 && group != 3) return 0;
                groups++;
                group = 0;
                continue;
            }
            if (c == '.' && groups > 0 && group == 3) { fraction = true; into[n++] = c; group = 0; continue; }
            return 0;
        }
        return groups > 0 && (fraction || group == 3) ? n : 0;
    }

    // Whether the document being read groups thousands with spaces ("2 410"), decided once per document by its own
    // figures (SpaceGroupedDocument). Elsewhere "12 345" is two cells that a single space separates.
    [ThreadStatic] static bool t_spaceGroups;

    /// <summary>Reads figures grouped by spaces on this thread until the scope is disposed (<paramref name="on"/>: the document writes them).</summary>
    public static SpaceGroupScope ReadSpaceGroups(bool on)
    {
        var scope = new SpaceGroupScope(t_spaceGroups);
        t_spaceGroups = on;
        return scope;
    }

    public readonly struct SpaceGroupScope(bool previous) : IDisposable
    {
        public void Dispose() => t_spaceGroups = previous;
    }

    /// <summary>Whether <paramref name="left"/> and <paramref name="right"/>, one space apart, are one figure grouped by
    /// spaces: a signed first group of 1–3 digits (or groups already joined) and a group of exactly 3 digits after it
    /// (with its decimals, closing parenthesis or %).</summary>
    public static bool JoinsGroup(string left, string right)
    {
        if (right.Length < 3 || !char.IsAsciiDigit(right[0]) || !char.IsAsciiDigit(right[1]) || !char.IsAsciiDigit(right[2])) return false;
        if (right.Length > 3 && right[3] is not ('.' or ',' or ')' or '%')) return false;
        int digits = 0;
        for (int i = left.Length - 1; i >= 0 && char.IsAsciiDigit(left[i]); i--) digits++;
        if (digits == 0 || digits > 3) return false;
        var head = left.AsSpan(0, left.Length - digits);
        // Before the last group: nothing, a sign, or earlier groups ("1 234" + "567").
        return head.IsEmpty || head is "-" or "−" or "–" or "(" or "+" or "▲" or "△" || IsGroupSpace(head[^1]) && digits == 3;
    }

    /// <summary>Whether figures are read grouped by spaces on this thread (a layout joins "2" and "410" only then).</summary>
    public static bool SpaceGroups => t_spaceGroups;

    /// <summary>
    /// A document groups thousands with spaces when at least three of its figures print so ("2 410", "-1 702") and
    /// more of them than figures grouped by commas ("2,410").
    /// </summary>
    public static bool SpaceGroupedDocument(IReadOnlyList<string> lines)
    {
        int spaced = 0, commas = 0;
        foreach (var line in lines)
        {
            for (int i = 1; i + 3 < line.Length; i++)
            {
                char c = line[i];
                if (!(IsGroupSpace(c) || c == ',') || !char.IsAsciiDigit(line[i - 1])) continue;
                if (!char.IsAsciiDigit(line[i + 1]) || !char.IsAsciiDigit(line[i + 2]) || !char.IsAsciiDigit(line[i + 3])) continue;
                if (i + 4 < line.Length && char.IsAsciiDigit(line[i + 4])) continue;
                int run = 0;
                for (int k = i - 1; k >= 0 && char.IsAsciiDigit(line[k]); k--) run++;
                if (run > 3) continue;
                if (c == ',') commas++; else spaced++;
            }
        }
        // A short release may print only two such figures ("1 248,6", "1 190,2"): enough where none is grouped by commas.
        return spaced >= 3 && spaced > commas || spaced >= 2 && commas == 0;
    }

    // Whether the document being read writes decimals with a comma: decided once per document (by its own grouped
    // figures, see DecimalCommaDocument) on the thread that analyses it. In a release that writes "1,248.6" a "10,5"
    // is damage, not ten and a half, so the comma is read as a decimal mark only where the document says so.
    [ThreadStatic] static bool t_decimalComma;

    /// <summary>Reads figures with a decimal comma on this thread until the scope is disposed (<paramref name="on"/>: the document writes them).</summary>
    public static DecimalCommaScope ReadDecimalCommas(bool on)
    {
        var scope = new DecimalCommaScope(t_decimalComma);
        t_decimalComma = on;
        return scope;
    }

    public readonly struct DecimalCommaScope(bool previous) : IDisposable
    {
        public void Dispose() => t_decimalComma = previous;
    }

    /// <summary>
    /// A document writes decimals with a comma when its grouped figures say so: at least three printed as
    /// <c>1.248,6</c> and more of them than of <c>1,248.6</c> (an English sentence in a German release keeps its own);
    /// or, where no figure is grouped by dots or commas, when its table rows print decimals after a comma
    /// (<c>-802,4   -771,0</c>, six or more) well beyond those after a point.
    /// </summary>
    public static bool DecimalCommaDocument(IReadOnlyList<string> lines)
    {
        int comma = 0, dot = 0, rowComma = 0, rowDot = 0;
        foreach (var line in lines)
        {
            bool commas = line.IndexOf(',') >= 0, dots = line.IndexOf('.') >= 0;
            if (commas && dots)
            {
                comma += GroupedDecimalComma().Count(line);
                dot += GroupedDecimalPoint().Count(line);
            }
            // A row of figures with decimals and no thousands grouped by dots ("-802,4   -771,0", "1 248,6"): two or
            // more on one line, as table rows print them, not a list in a sentence.
            if (commas && line.Contains("  ") && PlainDecimalComma().Count(line) is var c && c >= 2) rowComma += c;
            if (dots && line.Contains("  ") && PlainDecimalPoint().Count(line) is var d && d >= 2) rowDot += d;
        }
        return comma >= 3 && comma > dot || comma == 0 && dot == 0 && rowComma >= 6 && rowComma > 2 * rowDot;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d{1,2}(?![\d.,])")]
    private static partial System.Text.RegularExpressions.Regex GroupedDecimalComma();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.,])\d{1,3},\d{1,2}(?![\d.,])")]
    private static partial System.Text.RegularExpressions.Regex PlainDecimalComma();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.,])\d{1,3}\.\d{1,2}(?![\d.,])")]
    private static partial System.Text.RegularExpressions.Regex PlainDecimalPoint();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d{1,2}(?![\d.,])")]
    private static partial System.Text.RegularExpressions.Regex GroupedDecimalPoint();

    /// <summary>
    /// A figure printed with a decimal comma (<c>1.248,6</c>, <c>437,0</c>, <c>12,50</c>; dots or spaces group the
    /// thousands). Only the unambiguous form: one or two digits after the comma, which no thousands separator has.
    /// </summary>
    static bool TryDecimalComma(ReadOnlySpan<char> s, out decimal value, out int decimals)
    {
        value = 0;
        decimals = 0;
        int comma = s.LastIndexOf(',');
        if (comma <= 0 || s.Length - comma - 1 is < 1 or > 2 || s[..comma].Contains(',')) return false;
        var frac = s[(comma + 1)..];
        foreach (var ch in frac) if (!char.IsAsciiDigit(ch)) return false;
        var whole = s[..comma];
        bool grouped = whole.IndexOfAny(['.', ' ', '\u00A0', '\u202F']) >= 0;
        int group = 0, digits = 0;
        bool first = true;
        foreach (var ch in whole)
        {
            if (char.IsAsciiDigit(ch)) { group++; digits++; continue; }
            if (ch is not ('.' or ' ' or '\u00A0' or '\u202F')) return false;
            if ((first && group is < 1 or > 3) || (!first && group != 3)) return false;
            first = false;
            group = 0;
        }
        if (grouped && group != 3 || digits > MaxIntegerDigits) return false;
        Span<char> invariant = stackalloc char[MaxTokenChars];
        int n = 0;
        foreach (var ch in whole) if (char.IsAsciiDigit(ch)) invariant[n++] = ch;
        invariant[n++] = '.';
        foreach (var ch in frac) invariant[n++] = ch;
        decimals = frac.Length;
        return decimal.TryParse(invariant[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Digits with thousands separators in groups of three and at most one decimal point.</summary>
    static bool IsWellFormed(ReadOnlySpan<char> s, out int decimals)
    {
        decimals = 0;
        if (s.IsEmpty) return false;
        int dot = s.IndexOf('.');
        var whole = dot >= 0 ? s[..dot] : s;
        var frac = dot >= 0 ? s[(dot + 1)..] : [];
        if (whole.IsEmpty || frac.Contains('.') || frac.Contains(',')) return false;
        foreach (var ch in frac) if (!char.IsAsciiDigit(ch)) return false;
        if (dot >= 0 && frac.IsEmpty) return false;
        decimals = frac.Length;
        if (!whole.Contains(','))
        {
            foreach (var ch in whole) if (!char.IsAsciiDigit(ch)) return false;
            return true;
        }
        int group = 0;
        bool first = true;
        for (int i = 0; i < whole.Length; i++)
        {
            var ch = whole[i];
            if (ch == ',')
            {
                if ((first && (group < 1 || group > 3)) || (!first && group != 3)) return false;
                first = false;
                group = 0;
            }
            else if (char.IsAsciiDigit(ch)) group++;
            else return false;
        }
        return group == 3;
    }
}
