using System.Globalization;

namespace Kessan.Tables;

public enum CellKind { Blank, NotAvailable, Number, Text }

/// <summary>
/// One printed cell read as a number: <c>3,404,016</c>, <c>(566,520)</c>, <c>(3.8%)</c>, <c>(-)251</c>,
/// <c>▲97</c>, <c>-5.7%</c>. A blank or a dash is no value (not zero); <c>n/a</c> is not available.
/// </summary>
public readonly record struct NumberToken(CellKind Kind, decimal Value, bool IsPercent, int Decimals)
{
    public static readonly NumberToken Blank = new(CellKind.Blank, 0, false, 0);
    public static readonly NumberToken NotAvailable = new(CellKind.NotAvailable, 0, false, 0);
    public static readonly NumberToken Text = new(CellKind.Text, 0, false, 0);

    public bool IsNumber => Kind == CellKind.Number;

    public static NumberToken Parse(ReadOnlySpan<char> printed)
    {
        var s = printed.Trim();
        if (s.IsEmpty) return Blank;
        if (s is "-" or "—" or "–" or "―" or "−" or "--" or "*") return Blank;
        if (IsNotAvailable(s)) return NotAvailable;

        bool negative = false;
        // (1,234) and (5.7%) and the (-)251 / (+)50 forms.
        if (s.StartsWith("(-)") || s.StartsWith("(−)")) { negative = true; s = s[3..].TrimStart(); }
        else if (s.StartsWith("(+)")) s = s[3..].TrimStart();
        if (s.Length >= 2 && s[0] == '(' && s[^1] == ')') { negative = !negative; s = s[1..^1].Trim(); }
        if (!s.IsEmpty && s[0] is '▲' or '△' or '-' or '−') { negative = !negative; s = s[1..].TrimStart(); }
        else if (!s.IsEmpty && s[0] == '+') s = s[1..].TrimStart();

        bool percent = false;
        if (!s.IsEmpty && s[^1] == '%') { percent = true; s = s[..^1].TrimEnd(); }
        // A currency sign printed inside the cell belongs to the column, not the value.
        if (!s.IsEmpty && s[0] is '$' or '¥' or '￥' or '€' or '£') s = s[1..].TrimStart();
        if (s.Length >= 2 && s[0] == '(' && s[^1] == ')') { negative = !negative; s = s[1..^1].Trim(); }

        if (!IsWellFormed(s, out int decimals)) return Text;
        Span<char> digits = stackalloc char[s.Length];
        int n = 0;
        foreach (var ch in s) if (ch != ',') digits[n++] = ch;
        if (!decimal.TryParse(digits[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return Text;
        return new NumberToken(CellKind.Number, negative ? -value : value, percent, decimals);
    }

    static bool IsNotAvailable(ReadOnlySpan<char> s)
    {
        Span<char> lower = stackalloc char[s.Length];
        s.ToLowerInvariant(lower);
        return lower is "n/a" or "na" or "n.a" or "n.a." or "nm" or "n.m." or "—n/a";
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
