using System.Security.Cryptography;
using System.Text;

namespace Kessan.Reading;

/// <summary>Reads a release file into a <see cref="SourceDocument"/>: decoded, normalised, split into lines.</summary>
public static class DocumentReader
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SourceDocument Read(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (!File.Exists(path))
            throw new DocumentRejectedException(path, null, "no such file");
        var bytes = File.ReadAllBytes(path);
        return Read(name, path, bytes);
    }

    public static SourceDocument Read(string name, string path, byte[] bytes)
    {
        if (bytes.Length == 0)
            throw new DocumentRejectedException(name, null, "the file is empty");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var text = Decode(name, bytes);
        return new SourceDocument(name, path, sha, SplitLines(text));
    }

    static string Decode(string name, byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        int nul = span.IndexOf((byte)0);
        if (nul >= 0)
            throw new DocumentRejectedException(name, LineOf(span, nul), $"binary content (a NUL byte at offset {nul}); expected a text release");
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException e)
        {
            int offset = e.Index >= 0 ? e.Index : 0;
            throw new DocumentRejectedException(name, LineOf(span, offset), $"not valid UTF-8 text at byte {offset}");
        }
    }

    static int LineOf(ReadOnlySpan<byte> bytes, int offset) => bytes[..Math.Min(offset, bytes.Length)].Count((byte)'\n') + 1;

    static string[] SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (int i = 0; i < lines.Length; i++) lines[i] = TextNormalizer.Normalize(lines[i]);
        return lines;
    }
}
