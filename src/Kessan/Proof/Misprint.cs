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

    /// <summary>The value in <paramref name="implied"/> that <paramref name="slot"/>'s printed figure is a misprint of, if any.</summary>
    public static decimal? Find(Slot slot, Interval implied, decimal? point)
    {
        if (slot.Kind != SlotKind.Number || slot.Step == 0) return null;
        var printed = slot.Digits(slot.Printed);
        bool neg = slot.Printed < 0;
        var step = slot.Step;
        var lo = Math.Ceiling((implied.Lo - 0.000001m) / step);
        var hi = Math.Floor((implied.Hi + 0.000001m) / step);
        if (hi - lo <= 60)
        {
            for (var k = lo; k <= hi; k++)
            {
                var v = k * step;
                if (v != slot.Printed && IsNeighbour(printed, neg, slot.Digits(v), v < 0)) return v;
            }
            return null;
        }
        if (point is { } p && p != slot.Printed && IsNeighbour(printed, neg, slot.Digits(p), p < 0)) return p;
        return null;
    }
}
