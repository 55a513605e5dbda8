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

    public static bool IsTagLine(string line) => line.Length > 0 && line.TrimStart().StartsWith('<') && TagLine().IsMatch(line);
}
