namespace Kessan.Proof;

internal enum CheckResult { Holds, Fails, Unknown }

/// <summary>
/// One identity among printed cells. <see cref="Implied"/> is the interval a cell must lie in for the identity to
/// hold with every other cell anywhere in its own printed interval: the identity holds when the subject's interval
/// meets the interval the others imply (round-to-nearest, as XBRL Calculations 1.1: no tolerance beyond rounding).
/// </summary>
internal abstract class Constraint(string rule, Slot subject, Slot[] slots, Func<string> text)
{
    string? _text;
    public string Rule { get; } = rule;
    public Slot Subject { get; } = subject;
    public Slot[] Slots { get; } = slots;
    /// <summary>What the identity says, for messages ("Total current assets = sum of lines 231–235").</summary>
    public string Text => _text ??= text();

    /// <summary>The interval <paramref name="target"/> must lie in given the other cells' intervals; null when unbounded.</summary>
    public abstract Interval? Implied(Slot target);

    /// <summary>The exact value <paramref name="target"/> must have given the others' printed values, where the identity is a ±1 sum.</summary>
    public virtual decimal? Point(Slot target) => null;

    /// <summary>How this identity reads as evidence for a value of <paramref name="target"/>.</summary>
    public abstract string Evidence(Slot target);

    public bool Involves(Slot s) => Array.IndexOf(Slots, s) >= 0;

    public bool OthersKnown(Slot except)
    {
        foreach (var s in Slots) if (s != except && s.Kind == SlotKind.Unknown) return false;
        return true;
    }

    int _checkedAt = -1;
    CheckResult _result;

    /// <summary><see cref="Check()"/>, remembered until the cells change (<paramref name="generation"/> moves on).</summary>
    public CheckResult Check(int generation)
    {
        if (_checkedAt == generation) return _result;
        _result = Check();
        _checkedAt = generation;
        return _result;
    }

    public CheckResult Check()
    {
        foreach (var s in Slots) if (s.Kind == SlotKind.Unknown) return CheckResult.Unknown;
        var implied = Implied(Subject);
        if (implied is null) return CheckResult.Unknown;
        return implied.Value.Intersects(Subject.Interval) ? CheckResult.Holds : CheckResult.Fails;
    }
}

/// <summary>Σ wᵢ·xᵢ = 0: sums, balance, roll-forward, ties (weights ±1) and translations (weight 1/rate).</summary>
internal sealed class LinearConstraint : Constraint
{
    readonly decimal[] _weights;
    readonly Func<Slot, string> _evidence;

    public LinearConstraint(string rule, Slot subject, Slot[] slots, decimal[] weights, Func<string> text, Func<Slot, string> evidence)
        : base(rule, subject, slots, text)
    {
        _weights = weights;
        _evidence = evidence;
        foreach (var w in weights) if (w != 1 && w != -1) { IsExact = false; return; }
        IsExact = true;
    }

    /// <summary>All weights ±1: the printed figures should add up exactly, not only within rounding.</summary>
    public bool IsExact { get; }

    public decimal WeightOf(Slot s) => _weights[Array.IndexOf(Slots, s)];

    public override Interval? Implied(Slot target)
    {
        int t = Array.IndexOf(Slots, target);
        var acc = Interval.Point(0);
        for (int i = 0; i < Slots.Length; i++)
            if (i != t) acc += Slots[i].Interval.Times(_weights[i]);
        var w = _weights[t];
        return w == 1 ? acc.Times(-1) : w == -1 ? acc : acc.Times(-1 / w);
    }

    public override decimal? Point(Slot target)
    {
        if (!IsExact) return null;
        int t = Array.IndexOf(Slots, target);
        decimal acc = 0;
        for (int i = 0; i < Slots.Length; i++)
            if (i != t) acc += Slots[i].Kind == SlotKind.Blank ? 0 : Slots[i].Value * _weights[i];
        return -acc / _weights[t];
    }

    /// <summary>Σ wᵢ·xᵢ with the printed values: zero when the figures add up exactly as printed.</summary>
    public decimal Residual()
    {
        decimal acc = 0;
        for (int i = 0; i < Slots.Length; i++)
            if (Slots[i].Kind == SlotKind.Number) acc += Slots[i].Value * _weights[i];
        return acc;
    }

    public override string Evidence(Slot target) => _evidence(target);
}

/// <summary>A non-linear identity (ratio, change, per share) with its solution for each of its cells.</summary>
internal sealed class FunctionConstraint(string rule, Slot subject, Slot[] slots, Func<string> text,
    Func<Slot, Interval?> implied, Func<Slot, string> evidence) : Constraint(rule, subject, slots, text)
{
    public override Interval? Implied(Slot target) => implied(target);
    public override string Evidence(Slot target) => evidence(target);
}
