using System.Text;

namespace Kessan.Reading;

/// <summary>
/// Canonical form of a release's text: NFKC for full-width digits, letters and punctuation
/// (<c>１２３</c>, <c>（</c>, <c>％</c>, ideographic space) so every later stage sees one alphabet.
/// </summary>
/// <remarks>
/// Superscript digits and parentheses (<c>⁽²⁾</c>, <c>¹</c>) are kept as they are: NFKC would turn
/// them into ordinary digits and a footnote mark would become part of a label or a number.
/// </remarks>
public static class TextNormalizer
{
    public static string Normalize(string line)
    {
        if (IsPlainAscii(line)) return line;
        var result = new StringBuilder(line.Length);
        int start = 0;
        for (int i = 0; i < line.Length; i++)
        {
            if (!IsSuperscript(line[i])) continue;
            AppendNormalized(result, line, start, i);
            result.Append(line[i]);
            start = i + 1;
        }
        AppendNormalized(result, line, start, line.Length);
        return result.ToString();
    }

    public static bool IsSuperscript(char c) =>
        c is '¹' or '²' or '³' || (c >= '\u2070' && c <= '\u207F');

    static void AppendNormalized(StringBuilder sb, string s, int from, int to)
    {
        if (to <= from) return;
        var chunk = s.AsSpan(from, to - from).ToString();
        sb.Append(chunk.IsNormalized(NormalizationForm.FormKC) ? chunk : chunk.Normalize(NormalizationForm.FormKC));
    }

    static bool IsPlainAscii(string s)
    {
        foreach (var c in s) if (c > 0x7E) return false;
        return true;
    }
}
