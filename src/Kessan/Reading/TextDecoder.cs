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

        // A CJK decoding counts only when its text reads as Japanese: Latin-1 bytes are often valid Shift_JIS too
        // (é before a letter is a kanji, À–ß are half-width katakana), and "Revenueイ" is mojibake, not Japanese.
        var sjis = TryDecode(Legacy.Value.ShiftJis, span) is { } s1 && PlausiblyJapanese(s1) ? s1 : null;
        var euc = TryDecode(Legacy.Value.EucJp, span) is { } s2 && PlausiblyJapanese(s2) ? s2 : null;
        if (sjis is null && euc is null)
        {
            if (LooksLatin(span)) return (Windows1252.GetString(span), "windows-1252");
            throw new DocumentRejectedException(name, LineOf(span, utf8Error),
                $"undecidable encoding: not valid UTF-8 (byte {utf8Error}), nor Shift_JIS or EUC-JP that reads as Japanese, nor Latin-1/windows-1252 text; save the file as UTF-8");
        }
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

    static readonly Lazy<Encoding> Cp1252 = new(() => { _ = Legacy.Value; return Encoding.GetEncoding(1252); }); // after the provider is registered
    static Encoding Windows1252 => Cp1252.Value;

    /// <summary>
    /// Byte evidence of Latin-1 / windows-1252 text: every byte above ASCII is, in windows-1252, a letter (é, ü, ß)
    /// or a typographic mark (’ “ ” – — • © ® ° € £ and the no-break space), none is a code point windows-1252 leaves
    /// undefined, and they stand alone or in pairs among ASCII (as accents do in words), not in the long runs of
    /// two-byte CJK text or of binary data.
    /// </summary>
    static bool LooksLatin(ReadOnlySpan<byte> span)
    {
        int high = 0, runs = 0, longRuns = 0, run = 0;
        var cp1252 = Windows1252;
        Span<char> one = stackalloc char[1];
        for (int i = 0; i <= span.Length; i++)
        {
            byte b = i < span.Length ? span[i] : (byte)0;
            if (b >= 0x80)
            {
                if (b is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D) return false; // undefined in windows-1252
                cp1252.GetChars(span.Slice(i, 1), one);
                if (!char.IsLetter(one[0]) && !Typographic.Contains(one[0])) return false;
                high++;
                run++;
                continue;
            }
            if (i < span.Length && b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C) return false; // control bytes: binary
            if (run > 0) { runs++; if (run > 3) longRuns++; run = 0; }
        }
        return high > 0 && longRuns * 10 <= runs;
    }

    const string Typographic = "\u00A0’‘“”‚„–—•…€£¥¢©®™°±§¶·×÷½¼¾¹²³«»‹›¿¡ªºµ´¨¯¸¬¦¤†‡ˆ˜‰";

    /// <summary>
    /// Text that reads as Japanese rather than as mis-decoded Latin bytes: ideographs and kana, mostly next to each
    /// other (Japanese words are runs of them), few half-width katakana (what stray Latin-1 letters become in Shift_JIS)
    /// and few other non-ASCII characters.
    /// </summary>
    static bool PlausiblyJapanese(string text)
    {
        int cjk = 0, adjacent = 0, halfWidth = 0, other = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch < 0x80) continue;
            if (IsCjk(ch))
            {
                cjk++;
                if ((i > 0 && IsCjk(text[i - 1])) || (i + 1 < text.Length && IsCjk(text[i + 1]))) adjacent++;
            }
            else if (ch is >= '\uFF61' and <= '\uFF9F') halfWidth++;
            else other++;
        }
        return cjk >= 2 && adjacent * 2 >= cjk && halfWidth * 4 <= cjk && other * 10 <= cjk;

        static bool IsCjk(char c) => c is >= '\u3000' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF' or >= '\uFF01' and <= '\uFF5E';
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
