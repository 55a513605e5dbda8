namespace Kessan.Reading;

/// <summary>
/// Collapses text that PDF extraction printed several times over (bold faked by overprinting, or a header
/// repeated per column): <c>営業収益：営業収益：営業収益：営業収益：</c> → <c>営業収益：</c>,
/// <c>2003年年年年6月期、月期、月期、月期、</c> → <c>2003年6月期、</c>.
/// </summary>
/// <remarks>
/// Only runs that contain a CJK character and repeat at least three times back to back (blanks between
/// repetitions allowed) collapse: real labels and figures never do, so Latin text and numbers are untouched.
/// A repeated unit is one word, never spanning a blank or a tab: a unit row printing <c>百万円 % 百万円 %</c> once per
/// column pair (spaced by pdftotext, tab-separated in HTML) is not text printed over itself.
/// Linear in practice: the inner loop only runs at CJK characters, and units are bounded.
/// </remarks>
public static class RepeatCollapser
{
    const int MaxUnit = 48;
    const int MinRepeats = 3;

    public static string Collapse(string line)
    {
        if (!HasCjk(line)) return line;
        var sb = new System.Text.StringBuilder(line.Length);
        int i = 0;
        while (i < line.Length)
        {
            int skipTo = -1;
            if (!char.IsWhiteSpace(line[i]))
            {
                bool unitHasCjk = false;
                for (int len = 1; len <= MaxUnit && i + len <= line.Length; len++)
                {
                    var unit = line.AsSpan(i, len);
                    unitHasCjk |= IsCjk(unit[^1]);
                    // A repeated run of several words ("百万円 % 百万円 % 百万円 %", a unit row printed once per column
                    // pair) is columns, not text printed over itself: a unit is one word.
                    if (char.IsWhiteSpace(unit[^1])) break;
                    if (!unitHasCjk) continue;
                    // A repetition starts with the unit's first character: most lengths fail on that cheap test.
                    int probe = i + len;
                    while (probe < line.Length && line[probe] == ' ') probe++;
                    if (probe >= line.Length || line[probe] != unit[0]) continue;
                    int repeats = 1, next = i + len, end = i + len;
                    while (true)
                    {
                        int j = next;
                        while (j < line.Length && line[j] == ' ') j++;
                        if (j + len <= line.Length && line.AsSpan(j, len).SequenceEqual(unit))
                        {
                            repeats++;
                            end = j + len;
                            next = end;
                        }
                        else break;
                    }
                    if (repeats >= MinRepeats) { skipTo = end; sb.Append(unit); break; }
                }
            }
            if (skipTo >= 0) i = skipTo;
            else sb.Append(line[i++]);
        }
        return sb.ToString();
    }

    static bool IsCjk(char ch) => ch is >= '\u3040' and <= '\u9FFF';

    static bool HasCjk(ReadOnlySpan<char> s)
    {
        foreach (var ch in s)
            if (IsCjk(ch)) return true;
        return false;
    }
}
