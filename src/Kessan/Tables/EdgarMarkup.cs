using System.Text.RegularExpressions;

namespace Kessan.Tables;

/// <summary>
/// The SGML tags EDGAR text filings wrap around documents and tables (<c>&lt;TABLE&gt;</c>, <c>&lt;CAPTION&gt;</c>,
/// <c>&lt;S&gt; &lt;C&gt; &lt;C&gt;</c>, <c>&lt;PAGE&gt;</c>, <c>&lt;TYPE&gt;EX-99.1</c>). A line of nothing but such tags says nothing
/// about a table's content, so the layouts and the title search read it as a blank line.
/// </summary>
public static partial class EdgarMarkup
{
    [GeneratedRegex(@"^(?:\s*</?[A-Z][A-Z0-9\-]*>[^<>\s]*)+\s*$")]
    private static partial Regex TagLine();

    [GeneratedRegex(@"<\s*(?:html|body|tr|td|div|p|font)[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    public static bool IsTagLine(string line) => line.Length > 0 && line.TrimStart().StartsWith('<') && TagLine().IsMatch(line);

    /// <summary>One <c>&lt;DOCUMENT&gt;</c> of a submission: its type and the 0-based lines of its <c>&lt;TEXT&gt;</c> body.</summary>
    public sealed record Part(string Type, int First, int Last, bool IsHtml);

    /// <summary>
    /// The documents of a complete EDGAR submission (<c>&lt;SEC-DOCUMENT&gt;</c>, the SEC header, then one
    /// <c>&lt;DOCUMENT&gt;</c> per form and exhibit); empty for any other text. Found by the tags EDGAR prints on
    /// lines of their own, so a release that merely mentions them is not taken for a submission.
    /// </summary>
    public static List<Part> Parts(IReadOnlyList<string> lines)
    {
        var parts = new List<Part>();
        string? type = null;
        int body = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            var t = lines[i].Trim();
            if (t.StartsWith("<DOCUMENT>", StringComparison.Ordinal)) { type = ""; body = -1; continue; }
            if (type is null) continue;
            if (body < 0 && t.StartsWith("<TYPE>", StringComparison.Ordinal)) { type = t[6..].Trim(); continue; }
            if (body < 0 && t.StartsWith("<TEXT>", StringComparison.Ordinal)) { body = i + 1; continue; }
            if (body >= 0 && t.StartsWith("</TEXT>", StringComparison.Ordinal))
            {
                bool html = false;
                for (int k = body; k < i && !html; k++) html = HtmlTag().IsMatch(lines[k]);
                parts.Add(new Part(type, body, i - 1, html));
                type = null;
                body = -1;
            }
        }
        return parts;
    }

    /// <summary>
    /// The parts of a submission a release is read from: its EX-99 exhibits (the press release an 8-K furnishes),
    /// else every part that is text (a 10-Q filed as one document); never the SEC header, the cover form of an
    /// 8-K, or encoded graphics.
    /// </summary>
    public static List<Part> ReleaseParts(List<Part> parts)
    {
        var exhibits = parts.Where(p => p.Type.StartsWith("EX-99", StringComparison.OrdinalIgnoreCase)).ToList();
        if (exhibits.Count > 0) return exhibits;
        return parts.Where(p => !p.Type.StartsWith("GRAPHIC", StringComparison.OrdinalIgnoreCase)
                                && !p.Type.StartsWith("ZIP", StringComparison.OrdinalIgnoreCase)
                                && !p.Type.StartsWith("EXCEL", StringComparison.OrdinalIgnoreCase)
                                && !p.Type.StartsWith("XML", StringComparison.OrdinalIgnoreCase)
                                && !p.Type.StartsWith("JSON", StringComparison.OrdinalIgnoreCase)
                                && !p.Type.StartsWith("PDF", StringComparison.OrdinalIgnoreCase)).ToList();
    }
}
