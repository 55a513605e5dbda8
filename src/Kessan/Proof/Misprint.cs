namespace Kessan.Proof;

/// <summary>
/// Whether one printed figure is a plausible misprint of another: one digit changed, one digit dropped or added,
/// two adjacent digits swapped, or the sign flipped — the damage OCR and retyping do. Used only to say which cell
/// of a single failing identity is the likely culprit, never to repair on its own.
/// </summary>
internal static class Misprint
{
    public static bool IsNeighbour(string a, bool negA, string b, bool negB)
    {
        if (a == b) return negA != negB && a.Trim('0').Length > 0;
        if (negA != negB) return false;
        if (a.Length == b.Length)
        {
            int first = -1, count = 0;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) { if (count++ == 0) first = i; }
            if (count == 1) return true;
            return count == 2 && first + 1 < a.Length && a[first] == b[first + 1] && a[first + 1] == b[first];
        }
        if (Math.Abs(a.Length - b.Length) != 1) return false;
        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        int k = 0;
        while (k < shorter.Length && longer[k] == shorter[k]) k++;
        return longer.AsSpan(k + 1).SequenceEqual(shorter.AsSpan(k));
    }

    /// <summary>
    /// The value, among the figures one keystroke away from <paramref name="slot"/>'s printed one (a digit changed,
    /// dropped or added, two adjacent digits swapped, the sign flipped), whose printed interval meets
    /// <paramref name="implied"/>; the one nearest its middle, or null.
    /// </summary>
    public static decimal? Find(Slot slot, Interval implied)
    {
        if (slot.Kind != SlotKind.Number || slot.Cell is null) return null;
        var digits = slot.Digits(slot.Printed);
        int decimals = slot.Cell.Number.IsNumber ? slot.Cell.Number.Decimals : 0;
        bool neg = slot.Printed < 0;
        decimal? best = null;
        void Try(string d, bool negative)
        {
            if (d.Length == 0 || d.Length > 20) return;
            var units = decimal.Parse(d, System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < decimals; i++) units /= 10;
            var v = (negative ? -units : units) * slot.Multiplier;
            if (v == slot.Printed || !implied.Intersects(Interval.Around(v, slot.Half))) return;
            if (best is null || Math.Abs(v - implied.Mid) < Math.Abs(best.Value - implied.Mid)) best = v;
        }
        Try(digits, !neg);
        for (int i = 0; i < digits.Length; i++)
        {
            for (char c = '0'; c <= '9'; c++)
                if (c != digits[i]) Try(digits[..i] + c + digits[(i + 1)..], neg);
            Try(digits.Remove(i, 1), neg);
            if (i + 1 < digits.Length && digits[i] != digits[i + 1])
                Try(digits[..i] + digits[i + 1] + digits[i] + digits[(i + 2)..], neg);
        }
        for (int i = 0; i <= digits.Length; i++)
            for (char c = '0'; c <= '9'; c++)
                Try(digits.Insert(i, c.ToString()), neg);
        // A leading digit lost before a zero takes the zero with it when the figure is read again (6,014,693 → 14,693).
        for (char c = '1'; c <= '9'; c++)
            for (int zeros = 1; zeros <= 2; zeros++)
                Try(c + new string('0', zeros) + digits, neg);
        return best;
    }
}
