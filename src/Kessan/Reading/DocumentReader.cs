using System.Security.Cryptography;
using System.Text;

namespace Kessan.Reading;

/// <summary>Reads a release file into a <see cref="SourceDocument"/>: decoded, normalised, split into lines.</summary>
public static class DocumentReader
{
    public static SourceDocument Read(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (!File.Exists(path))
            throw new DocumentRejectedException(path, null, "no such file");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
            throw new DocumentRejectedException(name, null, "the file is empty");
        switch (System.IO.Path.GetExtension(path).ToLowerInvariant())
        {
            case ".pdf":
                if (!bytes.AsSpan().StartsWith("%PDF-"u8))
                    throw new DocumentRejectedException(name, 1, "named .pdf but does not start with %PDF-");
                return FromText(name, path, bytes, PdfTextExtractor.Extract(name, path));
            case ".html" or ".htm" or ".xhtml":
                return new SourceDocument(name, path, Sha(bytes),
                    Normalize(HtmlTextRenderer.Render(TextDecoder.Decode(name, bytes, HtmlTextRenderer.DeclaredCharset(bytes)).Text)));
            default:
                return Read(name, path, bytes);
        }
    }

    /// <summary>A document whose text came from a converter (PDF): hashed by its own bytes, read as text.</summary>
    static SourceDocument FromText(string name, string path, byte[] bytes, string text) =>
        new(name, path, Sha(bytes), SplitLines(text));

    static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static SourceDocument Read(string name, string path, byte[] bytes)
    {
        if (bytes.Length == 0)
            throw new DocumentRejectedException(name, null, "the file is empty");
        var text = TextDecoder.Decode(name, bytes).Text;
        return new SourceDocument(name, path, Sha(bytes), Unwrap(SplitLines(text)));
    }

    /// <summary>
    /// A complete EDGAR submission read as its release: the EX-99 exhibits' <c>&lt;TEXT&gt;</c> bodies, not the SEC
    /// header or the 8-K cover (whose addresses and codes would otherwise read as tables). Text exhibits keep
    /// their place (every other line blanked) so each figure's line is the file's own line; an HTML exhibit is
    /// rendered as HTML, as if it were its own file. Any other text is returned as it is.
    /// </summary>
    static string[] Unwrap(string[] lines)
    {
        var parts = Kessan.Tables.EdgarMarkup.ReleaseParts(Kessan.Tables.EdgarMarkup.Parts(lines));
        if (parts.Count == 0) return lines;
        if (parts.Any(p => p.IsHtml))
        {
            var rendered = new List<string>();
            foreach (var part in parts)
            {
                var body = lines[part.First..(part.Last + 1)];
                if (part.IsHtml) rendered.AddRange(Normalize(HtmlTextRenderer.Render(string.Join('\n', body))));
                else rendered.AddRange(body);
                rendered.Add("");
            }
            return [.. rendered];
        }
        var kept = new string[lines.Length];
        Array.Fill(kept, "");
        foreach (var part in parts)
            for (int i = part.First; i <= part.Last; i++) kept[i] = lines[i];
        return kept;
    }

    static string[] SplitLines(string text)
    {
        return Normalize(text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'));
    }

    /// <summary>NFKC, then text printed several times over collapsed to one (<see cref="RepeatCollapser"/>).</summary>
    static string[] Normalize(IReadOnlyList<string> raw)
    {
        var lines = new string[raw.Count];
        for (int i = 0; i < lines.Length; i++) lines[i] = RepeatCollapser.Collapse(TextNormalizer.Normalize(raw[i]));
        return lines;
    }
}
