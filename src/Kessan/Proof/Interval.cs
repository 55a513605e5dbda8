namespace Kessan.Proof;

/// <summary>
/// The values a printed figure may stand for: a printed value rounded to nearest at its precision is the closed
/// interval [v − h, v + h] with h half a unit of its last printed digit (XBRL Calculations 1.1, round-to-nearest).
/// Arithmetic on intervals is exact decimal arithmetic on the end points.
/// </summary>
public readonly record struct Interval(decimal Lo, decimal Hi)
{
    /// <summary>Slack for the last digit of 28-digit decimal division (1/118.75 is not a finite decimal).</summary>
    const decimal Epsilon = 0.000001m;

    public static Interval Point(decimal v) => new(v, v);
    public static Interval Around(decimal v, decimal half) => new(v - half, v + half);

    public decimal Mid => (Lo + Hi) / 2;
    public decimal Width => Hi - Lo;

    public static Interval operator +(Interval a, Interval b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    public static Interval operator -(Interval a, Interval b) => new(a.Lo - b.Hi, a.Hi - b.Lo);

    public Interval Times(decimal k) => k == 1 ? this : k == -1 ? new(-Hi, -Lo) : k >= 0 ? new(Lo * k, Hi * k) : new(Hi * k, Lo * k);

    public static Interval operator *(Interval a, Interval b)
    {
        decimal p1 = a.Lo * b.Lo, p2 = a.Lo * b.Hi, p3 = a.Hi * b.Lo, p4 = a.Hi * b.Hi;
        return new(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4)), Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)));
    }

    /// <summary>a ÷ b, or null when b may be zero (the quotient is then unbounded: no constraint).</summary>
    public static Interval? Divide(Interval a, Interval b)
    {
        if (b.Lo <= 0 && b.Hi >= 0) return null;
        decimal q1 = a.Lo / b.Lo, q2 = a.Lo / b.Hi, q3 = a.Hi / b.Lo, q4 = a.Hi / b.Hi;
        return new(Math.Min(Math.Min(q1, q2), Math.Min(q3, q4)), Math.Max(Math.Max(q1, q2), Math.Max(q3, q4)));
    }

    public bool Intersects(Interval o) => Lo <= o.Hi + Epsilon && o.Lo <= Hi + Epsilon;

    public Interval? Intersect(Interval o)
    {
        if (!Intersects(o)) return null;
        var lo = Math.Max(Lo, o.Lo);
        var hi = Math.Min(Hi, o.Hi);
        return lo <= hi ? new(lo, hi) : new(hi, lo);
    }

    public bool Contains(decimal v) => v >= Lo - Epsilon && v <= Hi + Epsilon;

    public override string ToString() => Lo == Hi ? $"{Lo:0.####}" : $"[{Lo:0.####}, {Hi:0.####}]";
}
