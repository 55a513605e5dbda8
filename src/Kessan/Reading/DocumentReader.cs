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
                var html = TextDecoder.Decode(name, bytes, HtmlTextRenderer.DeclaredCharset(bytes)).Text;
                if (!InlineXbrl.HasFigures(html))
                    return new SourceDocument(name, path, Sha(bytes), Normalize(HtmlTextRenderer.Render(html)));
                // Inline XBRL: the same parse gives the text and, for each tagged figure, the cell it is rendered in.
                using (var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html))
                {
                    var placed = new Dictionary<AngleSharp.Dom.IElement, (int Line, int Cell)>();
                    var lines = Normalize(HtmlTextRenderer.Render(page, placed));
                    return new SourceDocument(name, path, Sha(bytes), lines) { Tagged = InlineXbrl.Read(page, placed, lines) };
                }
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
        return new SourceDocument(name, path, Sha(bytes), SplitLines(text));
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
