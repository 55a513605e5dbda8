using System.Globalization;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Facts;

/// <summary>A figure printed unlike the rest of its column: where it stands and what breaks the pattern.</summary>
public sealed record PrintedOddity(ResolvedRow Row, ResolvedCell Cell, string Message);

/// <summary>
/// A column of a statement prints its figures one way — with so many decimals, with thousands separators — and a
/// figure that breaks the way of all the others was most likely damaged on the way (a digit lost or added by OCR, a
/// separator dropped, a cell cut short): a <c>parse</c> finding on that figure's line, and its fact flagged.
/// </summary>
/// <remarks>
/// Read per column and per kind of row (money, per share, share counts print their own precision), from the printed
/// tokens only, before the proof: it needs no identity to hold. The proof's row-wise check (a figure with other
/// decimals than the rest of its row) is the same idea across a row; this one reads down a column, where statements
/// hold one precision over many more figures. A pattern needs at least <see cref="MinimumAgreeing"/> agreeing
/// figures and exactly one exception, so a column whose figures simply vary is no finding; a zero is never one
/// (<c>0</c> among <c>12.5</c> is how releases print nothing).
/// </remarks>
public static class PrintedPattern
{
    /// <summary>How many figures of a column must agree before one exception is a finding.</summary>
    public const int MinimumAgreeing = 4;

    public static IReadOnlyList<PrintedOddity> Find(Table table, IReadOnlyList<ResolvedRow> rows)
    {
        var oddities = new List<PrintedOddity>();
        var groups = rows.Where(r => !r.Row.IsSection)
            .SelectMany(r => r.Cells.Select(c => (Row: r, Cell: c)))
            .GroupBy(x => (x.Cell.Column.Index, x.Row.Type));
        foreach (var group in groups)
        {
            var figures = group.Where(x => x.Cell.Cell.Number.IsNumber && !x.Cell.Cell.Number.IsPercent).ToList();
            if (figures.Count <= MinimumAgreeing) continue;
            var marked = new HashSet<ResolvedCell>(ReferenceEqualityComparer.Instance);

            // Decimals: 1,234 | 2,345 | … | 3,456.7 — or 0.89 | 0.91 | … | 0.9.
            var byDecimals = figures.GroupBy(x => x.Cell.Cell.Number.Decimals).OrderByDescending(g => g.Count()).ToList();
            if (byDecimals.Count == 2 && byDecimals[0].Count() >= MinimumAgreeing && byDecimals[1].Count() == 1
                && byDecimals[1].Single() is var odd && odd.Cell.Cell.Number.Value != 0)
            {
                int usual = byDecimals[0].Key, printed = odd.Cell.Cell.Number.Decimals;
                oddities.Add(new PrintedOddity(odd.Row, odd.Cell,
                    $"'{odd.Row.Row.Label}' prints {odd.Cell.Cell.Printed} with {printed} decimal{(printed == 1 ? "" : "s")} where the other {byDecimals[0].Count()} figures of its column print {usual}: a digit may be lost or added (OCR or a damaged copy)"));
                marked.Add(odd.Cell);
            }

            // Thousands separators: 1,234 | 12,345 | … | 23456 — a separator dropped, or digits run together.
            var large = figures.Where(x => Math.Abs(x.Cell.Cell.Number.Value) >= 1000 && !marked.Contains(x.Cell)).ToList();
            var ungrouped = large.Where(x => !x.Cell.Cell.Printed.Contains(',')).ToList();
            if (ungrouped.Count == 1 && large.Count - 1 >= MinimumAgreeing)
            {
                var bare = ungrouped[0];
                oddities.Add(new PrintedOddity(bare.Row, bare.Cell,
                    string.Create(CultureInfo.InvariantCulture,
                        $"'{bare.Row.Row.Label}' prints {bare.Cell.Cell.Printed} without the thousands separators the other {large.Count - 1} figures of its column print: a separator may be lost or digits run together (OCR or a damaged copy)")));
            }
        }
        return oddities;
    }
}
