using System.Text;

namespace Kessan.Reading;

/// <summary>
/// Decodes a text release whatever encoding it was saved in: UTF-8 (with or without BOM), UTF-16 with a BOM,
/// Shift_JIS / CP932 and EUC-JP (Japanese filings of the era). Legacy code pages come from
/// <see cref="CodePagesEncodingProvider"/>, in-box in .NET.
/// </summary>
/// <remarks>
/// Detection is strict decoding, not guessing: a byte sequence either is valid in an encoding or it is not.
/// UTF-8 is tried first (valid multi-byte UTF-8 is almost never accidental); then CP932 and EUC-JP are both
/// tried strictly. When both accept the bytes, the one whose text reads as Japanese (kana, common kanji) wins
/// by a clear margin; a tie is undecidable and the document is rejected rather than read as mojibake.
/// </remarks>
public static class TextDecoder
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    static readonly Lazy<(Encoding ShiftJis, Encoding EucJp)> Legacy = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return (Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
                Encoding.GetEncoding(51932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));
    });

    public static Encoding ShiftJis => Legacy.Value.ShiftJis;
    public static Encoding EucJp => Legacy.Value.EucJp;

    /// <summary>
    /// The text of <paramref name="bytes"/> and the name of the encoding it was read in. A charset the document
    /// declares (HTML's <c>&lt;meta charset&gt;</c>) is honoured after a byte-order mark, when the bytes are valid in it.
    /// </summary>
    public static (string Text, string Encoding) Decode(string name, byte[] bytes, string? declaredCharset = null)
    {
        ReadOnlySpan<byte> span = bytes;
        if (declaredCharset is not null && !span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && !span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            && Declared(declaredCharset) is { } declared && TryDecode(declared, span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? span[3..] : span, strict: false) is { } declaredText)
            return (declaredText, declared.WebName);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (Utf16(name, span[2..], littleEndian: true), "utf-16le");
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (Utf16(name, span[2..], littleEndian: false), "utf-16be");
        bool bom = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        if (bom) span = span[3..];
        int nul = span.IndexOf((byte)0);
        if (nul >= 0)
            throw new DocumentRejectedException(name, LineOf(span, nul),
                $"binary content (a NUL byte at offset {nul}); expected a text release (UTF-16 needs a byte-order mark)");
        int utf8Error;
        try { return (StrictUtf8.GetString(span), "utf-8"); }
        catch (DecoderFallbackException e) { utf8Error = e.Index >= 0 ? e.Index : 0; }
        if (bom)
            throw new DocumentRejectedException(name, LineOf(span, utf8Error), $"marked UTF-8 by its byte-order mark but not valid UTF-8 at byte {utf8Error}");

        var sjis = TryDecode(Legacy.Value.ShiftJis, span);
        var euc = TryDecode(Legacy.Value.EucJp, span);
        if (sjis is null && euc is null)
            throw new DocumentRejectedException(name, LineOf(span, utf8Error),
                $"undecidable encoding: not valid UTF-8 (byte {utf8Error}), Shift_JIS or EUC-JP");
        if (euc is null) return (sjis!, "shift_jis");
        if (sjis is null) return (euc, "euc-jp");
        int a = JapaneseScore(sjis), b = JapaneseScore(euc);
        if (a > b * 2 && a > 0) return (sjis, "shift_jis");
        if (b > a * 2 && b > 0) return (euc, "euc-jp");
        throw new DocumentRejectedException(name, null,
            "undecidable encoding: the bytes read as both Shift_JIS and EUC-JP and neither is clearly Japanese text; save the file as UTF-8");
    }

    static string Utf16(string name, ReadOnlySpan<byte> span, bool littleEndian)
    {
        if (span.Length % 2 != 0)
            throw new DocumentRejectedException(name, null, "UTF-16 byte-order mark but an odd number of bytes");
        var enc = new UnicodeEncoding(bigEndian: !littleEndian, byteOrderMark: false, throwOnInvalidBytes: true);
        try { return enc.GetString(span); }
        catch (DecoderFallbackException e) { throw new DocumentRejectedException(name, null, $"not valid UTF-16 at byte {e.Index}"); }
    }

    /// <summary>The text, or null when the bytes are not valid in the encoding or decode to characters no release
    /// contains (C1 controls, private-use code points: what stray bytes become in CP932's lenient corners).</summary>
    static Encoding? Declared(string charset)
    {
        _ = Legacy.Value; // registers the code-page provider
        try { return Encoding.GetEncoding(charset.Trim(), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback); }
        catch (ArgumentException) { return null; }
    }

    static string? TryDecode(Encoding encoding, ReadOnlySpan<byte> span, bool strict = true)
    {
        string text;
        try { text = encoding.GetString(span); }
        catch (DecoderFallbackException) { return null; }
        if (!strict) return text;
        foreach (var ch in text)
            if (ch is >= '\u0080' and <= '\u009F' or >= '\uE000' and <= '\uF8FF') return null;
        return text;
    }

    /// <summary>Characters typical of Japanese prose and tables: hiragana, katakana, CJK ideographs, full-width forms.</summary>
    static int JapaneseScore(string text)
    {
        int score = 0;
        foreach (var ch in text)
        {
            if (ch is >= '\u3040' and <= '\u30FF') score += 3;        // kana
            else if (ch is >= '\u4E00' and <= '\u9FFF') score += 2;   // common ideographs
            else if (ch is >= '\u3000' and <= '\u303F' or >= '\uFF01' and <= '\uFF5E') score += 1;
            else if (ch is >= '\uFF61' and <= '\uFF9F') score -= 1;   // half-width katakana: rare in releases, typical of mis-decoding
            else if (ch >= '\u0080' && ch < '\u3000') score -= 2;
        }
        return score;
    }

    static int LineOf(ReadOnlySpan<byte> bytes, int offset) => bytes[..Math.Min(offset, bytes.Length)].Count((byte)'\n') + 1;
}
