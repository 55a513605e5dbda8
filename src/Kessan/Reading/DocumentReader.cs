using System.Security.Cryptography;
using System.Text;
using Kessan.Tables;

namespace Kessan.Reading;

/// <summary>Reads a release file into a <see cref="SourceDocument"/>: decoded, normalised, split into lines.</summary>
public static class DocumentReader
{
    public static SourceDocument Read(string path) => Read(path, ReadLimits.Default);

    /// <summary>
    /// Reads <paramref name="path"/> within <paramref name="limits"/>: only a regular file (a FIFO would block, a device
    /// never ends), and only one no larger than the size limit, both checked before a byte is read.
    /// </summary>
    public static SourceDocument Read(string path, ReadLimits limits)
    {
        var name = System.IO.Path.GetFileName(path);
        var (kind, size) = FileProbe.Probe(path);
        if (kind == FileKind.Missing)
            throw new DocumentRejectedException(path, null, "no such file");
        if (kind != FileKind.Regular)
            throw new DocumentRejectedException(name, null, $"not a regular file ({FileProbe.Describe(kind)}); only regular files are read");
        if (size > limits.MaxBytes)
            throw new DocumentRejectedException(name, null, TooLarge(limits, size));
        var bytes = ReadBounded(name, path, limits);
        if (bytes.Length == 0)
            throw new DocumentRejectedException(name, null, "the file is empty");
        switch (System.IO.Path.GetExtension(path).ToLowerInvariant())
        {
            case ".pdf":
                if (!bytes.AsSpan().StartsWith("%PDF-"u8))
                    throw new DocumentRejectedException(name, 1, "named .pdf but does not start with %PDF-");
                return FromText(name, path, bytes, PdfTextExtractor.Extract(name, path));
            case ".html" or ".htm" or ".xhtml":
                var notes = new List<ReadingNote>();
                var (html, encoding) = TextDecoder.Decode(name, bytes, HtmlTextRenderer.DeclaredCharset(bytes));
                EncodingNote(bytes, encoding, notes);
                if (!InlineXbrl.HasFigures(html))
                {
                    var rendering = HtmlTextRenderer.RenderMapped(html, notes);
                    return new SourceDocument(name, path, Sha(bytes), Normalize(rendering.Lines)) { ReadingNotes = notes, Origin = rendering.Map };
                }
                // Inline XBRL: the same parse gives the text and, for each tagged figure, the cell it is rendered in.
                using (var page = HtmlTextRenderer.Parse(html))
                {
                    var placed = new Dictionary<AngleSharp.Dom.IElement, (int Line, int Cell)>();
                    var rendering = HtmlTextRenderer.RenderMapped(page, placed, notes);
                    var lines = Normalize(rendering.Lines);
                    return new SourceDocument(name, path, Sha(bytes), lines) { Tagged = InlineXbrl.Read(page, placed, lines), ReadingNotes = notes, Origin = rendering.Map };
                }
            default:
                return Read(name, path, bytes);
        }
    }

    static string TooLarge(ReadLimits limits, long size) =>
        $"{limits.Describe(size)} is more than the size limit of {limits.Describe(limits.MaxBytes)} per document; " +
        $"raise it with --max-size or {ReadLimits.MaxSizeVariable} if this is a genuine release";

    /// <summary>
    /// The file's bytes, never more than the limit: a file that grows while it is read (or a special file that
    /// slipped past the check) is cut off at the limit and rejected, not read until memory runs out.
    /// </summary>
    static byte[] ReadBounded(string name, string path, ReadLimits limits)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limits.MaxBytes)
                throw new DocumentRejectedException(name, null, TooLarge(limits, buffer.Length + n) + " (it grew while being read)");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>A document whose text came from a converter (PDF): hashed by its own bytes, read as text.</summary>
    static SourceDocument FromText(string name, string path, byte[] bytes, string text) =>
        new(name, path, Sha(bytes), SplitLines(text));

    static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static SourceDocument Read(string name, string path, byte[] bytes)
    {
        if (bytes.Length == 0)
            throw new DocumentRejectedException(name, null, "the file is empty");
        var (text, encoding) = TextDecoder.Decode(name, bytes);
        var notes = new List<ReadingNote>();
        EncodingNote(bytes, encoding, notes);
        var (lines, origin) = Unwrap(SplitLines(text));
        return new SourceDocument(name, path, Sha(bytes), lines) { ReadingNotes = notes, Origin = origin };
    }

    /// <summary>Text read as windows-1252 by byte evidence (not declared, not UTF-8) says so, at its first such byte.</summary>
    static void EncodingNote(byte[] bytes, string encoding, List<ReadingNote> notes)
    {
        if (encoding != "windows-1252") return;
        int first = Array.FindIndex(bytes, b => b >= 0x80);
        int line = first < 0 ? 1 : bytes.AsSpan(0, first).Count((byte)'\n') + 1;
        notes.Add(new ReadingNote(line, "not UTF-8: read as windows-1252 (Latin-1), since every byte above ASCII is an accented letter or a typographic mark standing among ASCII text; save the file as UTF-8 to be sure"));
    }

    /// <summary>
    /// A complete EDGAR submission read as its release: the EX-99 exhibits' <c>&lt;TEXT&gt;</c> bodies, not the SEC
    /// header or the 8-K cover (whose addresses and codes would otherwise read as tables). Text exhibits keep
    /// their place (every other line blanked) so each figure's line is the file's own line; an HTML exhibit is
    /// rendered as HTML, as if it were its own file. Any other text is returned as it is.
    /// </summary>
    static (string[] Lines, SourceMap Origin) Unwrap(string[] lines)
    {
        var parts = Kessan.Tables.EdgarMarkup.ReleaseParts(Kessan.Tables.EdgarMarkup.Parts(lines));
        if (parts.Count == 0) return (lines, SourceMap.Identity);
        if (parts.Any(p => p.IsHtml))
        {
            // Parts laid end to end: each keeps the file lines it came from (its place in the submission).
            var rendered = new List<string>();
            var maps = new List<(SourceMap, int)>();
            foreach (var part in parts)
            {
                var body = lines[part.First..(part.Last + 1)];
                if (part.IsHtml)
                {
                    var rendering = HtmlTextRenderer.RenderMapped(string.Join('\n', body));
                    rendered.AddRange(Normalize(rendering.Lines));
                    maps.Add((rendering.Map.Offset(part.First + 1, rendering.Lines.Count), rendering.Lines.Count));
                }
                else
                {
                    rendered.AddRange(body);
                    maps.Add((SourceMap.Identity.Offset(part.First + 1, body.Length), body.Length));
                }
                rendered.Add("");
                maps.Add((SourceMap.Identity, 1));
            }
            return ([.. rendered], SourceMap.Concat(maps));
        }
        var kept = new string[lines.Length];
        Array.Fill(kept, "");
        foreach (var part in parts)
            for (int i = part.First; i <= part.Last; i++) kept[i] = lines[i];
        return (kept, SourceMap.Identity);
    }

    static string[] SplitLines(string text)
    {
        return Normalize(text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'));
    }

    /// <summary>NFKC, then text printed several times over collapsed to one (<see cref="RepeatCollapser"/>).</summary>
    static string[] Normalize(IReadOnlyList<string> raw)
    {
        var lines = new string[raw.Count];
        for (int i = 0; i < lines.Length; i++)
        {
            if ((i & 1023) == 0) DocumentBudget.Check("normalising text");
            lines[i] = RepeatCollapser.Collapse(TextNormalizer.Normalize(raw[i]));
        }
        return lines;
    }
}
