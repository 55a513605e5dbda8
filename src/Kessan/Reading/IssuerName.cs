using System.Text.RegularExpressions;

namespace Kessan.Reading;

/// <summary>
/// Who issued a release the taxonomy has no company file for, as the release itself says: TDnet's 上場会社名 field, an
/// EDGAR submission's COMPANY CONFORMED NAME, a headline ("Sears Reports Second Quarter 2004 Results", "ARKEMA:
/// SECOND-QUARTER 2026 RESULTS"), a letterhead line that is a legal name ("The Buckle, Inc."; also before "Consolidated
/// Financial Results for …" on the same line), or a dateline naming the
/// company with its ticker ("— Oracle Corporation (NYSE: ORCL) today announced"). History questions are asked within
/// one company, so two unknown issuers must never share one: a release that names none is its own issuer
/// (<see cref="Unidentified"/>), never "" beside every other.
/// </summary>
public static partial class IssuerName
{
    const int HeadLines = 15, DatelineLines = 60;

    static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
        { "the", "company", "group", "corporation", "corp", "inc", "holdings", "management", "we", "our", "board", "firm" };

    [GeneratedRegex(@"(?:上場会社名|会社名|Company [Nn]ame)\s*[:：]?\s*(?<name>[^\t]+?)\s*(?:\t|\s{2,}|上場取引所|Listing:|Stock exchange listing|$)")]
    private static partial Regex TdnetField();

    [GeneratedRegex(@"^\s*COMPANY CONFORMED NAME:\s*(?<name>\S.*?)\s*$")]
    private static partial Regex EdgarHeader();

    [GeneratedRegex(@"^\s*(?<name>[A-Z][A-Za-z0-9&.,'’\- ]{0,60}?)\s+(?:Reports|Announces|Posts|Delivers|Releases)\s+(?:Record\s+|Strong\s+|Preliminary\s+)?(?:First|Second|Third|Fourth|Full|Fiscal|Annual|Interim|Half|Q[1-4]|[1-4]Q|\d{4}|Results|Quarterly|Financial|Earnings|Sales)", RegexOptions.IgnoreCase)]
    private static partial Regex Headline();

    [GeneratedRegex(@"^\s*(?<name>[A-Z][A-Z0-9&.\- ]{1,40}):\s+\S.*\bRESULTS\b")]
    private static partial Regex CapsHeadline();

    [GeneratedRegex(@"^\s*(?<name>(?:The\s+)?[A-Z][\p{L}0-9&.'’\- ]{0,50}?,?\s+(?:Inc\.?|Incorporated|Corporation|Corp\.|Company|Co\., Ltd\.|Co\.|Ltd\.?|Limited|plc|PLC|AG|SE|S\.A\.|N\.V\.|LLC|Holdings|ASA|AB|A/S|Oyj|SA|S\.p\.A\.|SpA|NV|GmbH|KGaA|Berhad|Bhd|Tbk|PCL|INC\.?|INCORPORATED|CORPORATION|CORP\.|COMPANY|CO\., LTD\.|LTD\.?|LIMITED|HOLDINGS))\s*(?:$|(?=(?:Consolidated\s+)?(?:Financial\s+Results|Earnings\s+Release|Summary\s+of)\b))")]
    private static partial Regex LegalNameLine();

    [GeneratedRegex(@"(?:^|--|—|–)\s*(?<name>[A-Z][A-Za-z0-9&.,'’\- ]{1,60}?)\s*\((?:NYSE|NASDAQ|Nasdaq|NYSE American|NYSE MKT|AMEX|TSX|LSE|OTC)\s*:", RegexOptions.None)]
    private static partial Regex Dateline();

    [GeneratedRegex(@"[®™©]")]
    private static partial Regex Marks();

    /// <summary>The issuer's name as the release prints it and the line it is on, or null when the release names none Kessan reads.</summary>
    public static (string Name, int Line)? Find(SourceDocument doc)
    {
        var lines = doc.Lines;
        int head = Math.Min(lines.Count, DatelineLines);
        foreach (var pattern in new[] { TdnetField(), EdgarHeader() })
            for (int i = 0; i < head; i++)
                if (pattern.Match(lines[i]) is { Success: true } m && Clean(m.Groups["name"].Value) is { } name) return (name, i + 1);
        var first = NonEmpty(lines).Take(HeadLines).ToList();
        foreach (var pattern in new[] { Headline(), CapsHeadline(), LegalNameLine() })
            foreach (var (text, line) in first)
                if (pattern.Match(text) is { Success: true } m && Clean(m.Groups["name"].Value) is { } name) return (name, line);
        for (int i = 0; i < head; i++)
            if (Dateline().Match(lines[i]) is { Success: true } m && Clean(m.Groups["name"].Value) is { } name && name.Contains(' ')) return (name, i + 1);
        return null;
    }

    /// <summary>The issuer of a release that names none: the release alone (its file name), so it is nobody else's.</summary>
    public static string Unidentified(SourceDocument doc) => $"unidentified issuer of {doc.Name}";

    static IEnumerable<(string Text, int Line)> NonEmpty(IReadOnlyList<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
            if (!string.IsNullOrWhiteSpace(lines[i])) yield return (lines[i], i + 1);
    }

    static string? Clean(string raw)
    {
        var name = Regex.Replace(Marks().Replace(raw, ""), @"\s+", " ").Trim(' ', ',', '-', '—', '–', ':');
        // A name is a few words, not a sentence or a heading word ("Exhibit", "Document").
        if (name.Length < 2 || name.Length > 80 || name.Split(' ').Length > 8) return null;
        if (name.StartsWith("Exhibit", StringComparison.OrdinalIgnoreCase) || name.Equals("Document", StringComparison.OrdinalIgnoreCase)) return null;
        // "The Company Reports Record Results" names nobody: two issuers read as "The Company" would be one.
        if (name.Split(' ').All(w => Generic.Contains(w.Trim('.', ',')))) return null;
        return name;
    }
}
