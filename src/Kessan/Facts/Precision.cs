using System.Text.RegularExpressions;
using Kessan.Tables;

namespace Kessan.Facts;

/// <summary>How finely a figure was printed: half a unit of its last printed digit, the rounding every check allows.</summary>
public static partial class Precision
{
    [GeneratedRegex(@"\d[\d,]*(?:\.(\d+))?")]
    private static partial Regex FirstNumber();

    /// <summary>A figure in base units printed as <paramref name="printed"/> (thousands: "2,275,704" → 500 yen).</summary>
    public static decimal HalfUnit(decimal value, string printed)
    {
        var token = NumberToken.Parse(printed);
        if (!token.IsNumber || token.Value == 0) return 0;
        var unit = Math.Abs(value / token.Value);
        for (int i = 0; i < token.Decimals; i++) unit /= 10;
        return unit / 2;
    }

    /// <summary>The same value without trailing zeros of its scale ("2,427.8" × 1,000,000 is 2427800000, not 2427800000.0).</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>
    /// Half a unit of the last digit of a figure with <paramref name="decimals"/> places (2 → 0.005), XBRL's negative
    /// decimals included (−6, a figure in millions → 500,000).
    /// </summary>
    public static decimal HalfStep(int decimals)
    {
        decimal h = 0.5m;
        for (int i = 0; i < decimals; i++) h /= 10;
        for (int i = 0; i > decimals; i--) h *= 10;
        return h;
    }

    /// <summary>XBRL's decimals of a figure printed with <paramref name="printedDecimals"/> places in units of <paramref name="multiplier"/>:
    /// "10,563,578" in thousands → −3, "0.89" → 2, "2,427.8" in millions → −5.</summary>
    public static int XbrlDecimals(int printedDecimals, decimal multiplier)
    {
        int d = printedDecimals;
        for (var m = multiplier; m >= 10; m /= 10) d--;
        return d;
    }

    /// <summary>The first number of a phrase as printed ("approximately 10%" → 0.5, "a decrease of 3.8%" → 0.05).</summary>
    public static decimal HalfUnitOfNumberIn(string text)
    {
        var decimals = FirstNumber().Match(text).Groups[1].Length;
        decimal unit = 1;
        for (int i = 0; i < decimals; i++) unit /= 10;
        return unit / 2;
    }
}
