using System.Text;
using System.Text.RegularExpressions;
using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// Delimited exports pasted into a release or saved as text: semicolon- or comma-separated lines
/// (<c>Net sales;1 234,5;1 198,0</c>, <c>"Net sales","1,234","1,198"</c>), one table per block of consecutive lines
/// with the same number of fields.
/// </summary>
/// <remarks>
/// <para>A block is at least three lines with the same field count (three or more; quoted fields may hold the
/// delimiter), two of them with figures. Prose has commas too, but never the same count on three lines running
/// with figures in the fields, and never a field longer than a sentence.</para>
/// <para>Semicolon files come from locales that write decimals with a comma: when a block's figures use a comma
/// as the decimal mark (<c>2.427,8</c>, <c>(71,3)</c>, never three digits after it), it is read as one; spaces
/// and dots grouping thousands are dropped.</para>
/// </remarks>
public sealed partial class DelimitedLayout : ITableLayout
{
    const int MinLines = 3;
    const int MaxField = 100;

    [GeneratedRegex(@"^[(\-−]?\d{1,3}(?:[.\u00A0\u202F ]\d{3})*,\d{1,2}\)?%?$|^[(\-−]?\d+,\d{1,2}\)?%?$")]
    private static partial Regex DecimalComma();

    public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims)
    {
        // Semicolons first: a semicolon export's decimal commas must not read as a comma export.
        var mine = new LineClaims(doc.Lines.Count);
        foreach (var delimiter in (char[])[';', ','])
        {
            int i = 0;
            while (i < doc.Lines.Count)
            {
                DocumentBudget.Tick("finding tables");
                var first = Fields(doc.Lines[i], delimiter);
                if (claims.IsClaimed(i + 1) || mine.IsClaimed(i + 1) || first is null) { i++; continue; }
                int end = i;
                var block = new List<string[]> { first };
                while (end + 1 < doc.Lines.Count && !claims.IsClaimed(end + 2) && !mine.IsClaimed(end + 2) && Fields(doc.Lines[end + 1], delimiter) is { } f && f.Length == first.Length)
                {
                    block.Add(f);
                    end++;
                }
                if (block.Count >= MinLines && block.Count(r => r.Skip(1).Any(IsFigure)) >= 2)
                {
                    bool decimalComma = delimiter == ';' && block.SelectMany(r => r.Skip(1)).Any(c => DecimalComma().IsMatch(c));
                    var rows = new List<RawRow>();
                    for (int k = 0; k < block.Count; k++)
                        rows.Add(new RawRow(i + k + 1, block[k].Select((c, j) => j > 0 && decimalComma ? Invariant(c) : c).ToArray()));
                    mine.Claim(i + 1, end + 1);
                    yield return new RawGrid(rows);
                }
                i = end + 1;
            }
        }
    }

    static bool IsFigure(string cell) => NumberToken.Parse(cell).Kind is CellKind.Number || DecimalComma().IsMatch(cell);

    /// <summary>A figure with a decimal comma as the invariant figure the rest of Kessan reads: <c>2.427,8</c> → <c>2427.8</c>.</summary>
    static string Invariant(string cell)
    {
        if (!DecimalComma().IsMatch(cell)) return cell;
        var sb = new StringBuilder(cell.Length);
        foreach (var ch in cell)
        {
            if (ch is '.' or ' ' or '\u00A0' or '\u202F') continue;
            sb.Append(ch == ',' ? '.' : ch);
        }
        return sb.ToString();
    }

    /// <summary>The fields of a delimited line (quotes honoured, <c>""</c> an escaped quote), or null when it is not one.</summary>
    static string[]? Fields(string line, char delimiter)
    {
        if (line.IndexOf(delimiter) < 0 || line.Contains('\t') || line.TrimStart().StartsWith('|')) return null;
        var fields = new List<string>();
        var quotedField = new List<bool>();
        var sb = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else sb.Append(ch);
            }
            else if (ch == '"' && sb.ToString().Trim().Length == 0) { sb.Clear(); quoted = true; wasQuoted = true; }
            else if (ch == delimiter) { fields.Add(sb.ToString().Trim()); quotedField.Add(wasQuoted); sb.Clear(); wasQuoted = false; }
            // Runs of spaces outside quotes are fixed-width columns ("Total cash, cash equivalents   126,843"), not an export.
            else if (ch == ' ' && i + 1 < line.Length && line[i + 1] == ' ' && delimiter == ',') return null;
            else sb.Append(ch);
        }
        if (quoted) return null;
        fields.Add(sb.ToString().Trim());
        quotedField.Add(wasQuoted);
        // An unquoted field of three digits after a digit is a thousands group cut by the delimiter: "1,234" in
        // a comma export is quoted, so this line is not one.
        if (delimiter == ',')
            for (int k = 1; k < fields.Count; k++)
                if (!quotedField[k] && fields[k].Length == 3 && fields[k].All(char.IsAsciiDigit) && fields[k - 1].Length > 0 && char.IsAsciiDigit(fields[k - 1][^1]))
                    return null;
        // An export's trailing delimiter leaves an empty last field.
        if (fields.Count > 1 && fields[^1].Length == 0) fields.RemoveAt(fields.Count - 1);
        if (fields.Count < 3 || fields.Any(f => f.Length > MaxField)) return null;
        return [.. fields];
    }
}
