using Kessan.Reading;
using System.Globalization;
using Kessan.Facts;
using Kessan.Tables;

namespace Kessan.Proof;

/// <summary>What the proof decided about one place of the grid.</summary>
internal sealed record Verdict(FactStatus Status, decimal? Value, Slot? MovedFrom = null);

/// <summary>
/// Finds the cells that explain failing identities and proposes their true values.
/// <list type="number">
/// <item>Placements: an unreadable cell holding two figures (merged) or a figure beside an empty place (shifted) is
/// tried in the places the grid allows; a placement every identity it touches accepts is kept and flagged.</item>
/// <item>Repairs: a cell that two or more failing identities implicate, and for which one value satisfies every
/// identity it takes part in, is the culprit; when that value is unique at the printed precision it is a repair
/// (<see cref="Repair"/> lists the agreeing identities), otherwise the cell is flagged.</item>
/// <item>What remains fails one identity alone: a finding, never a repair, naming the cell whose printed figure is
/// one keystroke from the value the identity needs, else the identity's subject (the total).</item>
/// </list>
/// </summary>
internal sealed class Solver
{
    static readonly string[] Priority = ["tie", "sum", "rollforward", "balance", "translation", "per-share", "ratio", "change", "parse"];

    readonly ProofSheet _sheet;
    readonly List<Constraint> _constraints;
    readonly Dictionary<Slot, List<Constraint>> _of = [];
    /// <summary>Moves on whenever a cell's value changes, so remembered checks are redone.</summary>
    int _generation;
    public int Generation => _generation;
    public List<Finding> Findings { get; } = [];
    public Dictionary<Slot, Verdict> Verdicts { get; } = [];

    public Solver(ProofSheet sheet, List<Constraint> constraints)
    {
        _sheet = sheet;
        _constraints = constraints;
        foreach (var k in constraints)
            foreach (var s in k.Slots)
            {
                if (!_of.TryGetValue(s, out var list)) _of[s] = list = [];
                list.Add(k);
            }
    }

    public IReadOnlyList<Constraint> Of(Slot s) => _of.TryGetValue(s, out var l) ? l : [];

    static int Rank(string rule) { int i = Array.IndexOf(Priority, rule); return i < 0 ? Priority.Length : i; }

    bool IsOpen(Constraint k)
    {
        var r = k.Check(_generation);
        if (r == CheckResult.Fails) return true;
        if (r != CheckResult.Unknown) return false;
        int unknown = 0;
        foreach (var s in k.Slots) if (s.Kind == SlotKind.Unknown) unknown++;
        return unknown == 1;
    }

    public void Run()
    {
        Precision();
        if (!_constraints.Any(IsOpen)) { ExactFoot(); return; }
        // Merged cells first (an unreadable cell must not be solved as one figure), then the repairs several
        // identities agree on, then shifted figures (judged once misread ones are repaired), then repairs again.
        PlaceMerged();
        Localise();
        if (PlaceShifted()) Localise();
        Remaining();
        Repeated();
        ExactFoot();
    }

    /// <summary>
    /// A figure printed with fewer or more decimals than the rest of its row in columns of the same kind (per ADS
    /// "(57.7)" among "(37.03)"): a digit was lost or added. A <c>parse</c> warning.
    /// </summary>
    void Precision()
    {
        foreach (var rows in _sheet.Rows)
            foreach (var row in rows)
                foreach (var group in row.Slots.Values.Where(s => s.Kind == SlotKind.Number).GroupBy(s => s.Role))
                {
                    var counts = group.GroupBy(s => s.Cell!.Number.Decimals).OrderByDescending(g => g.Count()).ToList();
                    if (counts.Count < 2 || counts[0].Count() < 2 || counts[1].Count() > 1) continue;
                    var odd = counts[1].Single();
                    if (odd.Value == 0) continue;
                    Findings.Add(Make("parse", Severity.Warning, odd, null, odd.Value,
                        $"{odd.Label} (line {odd.Line}) prints {odd.PrintedText} with {odd.Cell!.Number.Decimals} decimals where the rest of its row prints {counts[0].Key}: a digit may be lost or added"));
                    Verdicts.TryAdd(odd, new Verdict(FactStatus.Flagged, null));
                }
    }

    // ---- placements: merged and shifted cells ---------------------------------------------------------------

    void PlaceMerged()
    {
        foreach (var u in _sheet.Slots.Where(s => s.Kind == SlotKind.Unknown && s.IsMoney).ToList())
        {
            DocumentBudget.Tick("proving");
            var parts = (u.Cell?.Printed ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) continue;
            var t1 = NumberToken.Parse(parts[0]);
            var t2 = NumberToken.Parse(parts[1]);
            if (!t1.IsNumber || !t2.IsNumber) continue;
            var options = new List<(Slot Slot, decimal Value)[]>();
            foreach (var (n, far) in Neighbours(u))
            {
                if (n.Kind == SlotKind.Number) continue;
                // The first figure read belongs above or left of the second.
                options.Add(far < 0
                    ? [(n, t1.Value * n.Multiplier), (u, t2.Value * u.Multiplier)]
                    : [(u, t1.Value * u.Multiplier), (n, t2.Value * n.Multiplier)]);
            }
            TryOptions(u, options, $"the cell '{u.PrintedText}' on line {u.Line} holds two figures", merged: true);
        }
    }

    bool PlaceShifted()
    {
        int before = Verdicts.Count;
        var unexplained = Unexplained();
        var open = unexplained.SelectMany(k => k.Slots).Where(s => s.Kind == SlotKind.Number && s.IsMoney && !s.Changed).Distinct().ToList();
        foreach (var s in open)
        {
            DocumentBudget.Tick("proving");
            var options = new List<(Slot Slot, decimal Value)[]>();
            foreach (var (n, far) in Neighbours(s))
                if (far != 0 && n.Kind == SlotKind.Blank && n.Row != s.Row)
                    options.Add([(n, s.Value / s.Multiplier * n.Multiplier), (s, decimal.MinValue)]);
            TryOptions(s, options, $"the figure {s.PrintedText} printed on line {s.Line} belongs to another line");
        }

        // An empty place an identity needs, beside a figure of its column that may have slipped out of it.
        var empty = unexplained.SelectMany(k => k.Slots).Where(s => s.Kind == SlotKind.Blank && s.IsMoney && !s.Changed).Distinct().ToList();
        foreach (var b in empty)
        {
            DocumentBudget.Tick("proving");
            var options = new List<(Slot Slot, decimal Value)[]>();
            foreach (var (n, _) in Neighbours(b))
                if (n.Kind == SlotKind.Number && !n.Changed && n.Row != b.Row)
                    options.Add([(b, n.Value / n.Multiplier * b.Multiplier), (n, decimal.MinValue)]);
            if (options.Count == 1)
                TryOptions(options[0][1].Slot, options, $"the figure {options[0][1].Slot.PrintedText} printed on line {options[0][1].Slot.Line} belongs to line {b.Line}");
            else
                foreach (var o in options)
                    TryOptions(o[1].Slot, [o], $"the figure {o[1].Slot.PrintedText} printed on line {o[1].Slot.Line} belongs to line {b.Line}");
        }
        return Verdicts.Count > before;
    }

    /// <summary>The places next to a slot in its column (rows above and below, far = ∓1) and its row (far = 0).</summary>
    IEnumerable<(Slot Slot, int Far)> Neighbours(Slot s)
    {
        var rows = _sheet.Rows[s.Table.Index];
        int i = s.Row.Index;
        if (i > 0 && rows[i - 1].Slots.TryGetValue(s.Column.Index, out var up)) yield return (up, -1);
        if (i + 1 < rows.Count && rows[i + 1].Slots.TryGetValue(s.Column.Index, out var down)) yield return (down, 1);
    }

    /// <summary>
    /// Tries each placement; keeps the one that makes the most identities it touches hold — more than before, and
    /// breaking none that held — when every figure it places is vouched for by identities that now hold (two for
    /// a moved figure; for a split cell, one each and two for one of them, the printed cell being evidence too).
    /// </summary>
    void TryOptions(Slot origin, List<(Slot Slot, decimal Value)[]> options, string what, bool merged = false)
    {
        if (options.Count == 0) return;
        var accepted = new List<((Slot Slot, decimal Value)[] Option, List<Constraint> Agree, int Score)>();
        foreach (var option in options)
        {
            var saved = option.Select(o => (o.Slot.Kind, o.Slot.Value, o.Slot.Half)).ToArray();
            var touched = option.SelectMany(o => Of(o.Slot)).Distinct().ToList();
            var before = touched.Select(k => k.Check(_generation)).ToList();
            Apply(option);
            var after = touched.Select(k => k.Check(_generation)).ToList();
            bool breaksNone = !before.Where((r, i) => r == CheckResult.Holds && after[i] != CheckResult.Holds).Any();
            int score = after.Count(r => r == CheckResult.Holds), scoreBefore = before.Count(r => r == CheckResult.Holds);
            var agree = touched.Where((k, i) => after[i] == CheckResult.Holds).ToList();
            var placed = option.Where(o => o.Value != decimal.MinValue).Select(o => agree.Count(k => k.Involves(o.Slot))).ToList();
            bool vouched = merged ? placed.All(n => n >= 1) && placed.Any(n => n >= 2) : placed.All(n => n >= 2);
            if (breaksNone && vouched && score > scoreBefore) accepted.Add((option, agree, score));
            for (int i = 0; i < option.Length; i++)
                (option[i].Slot.Kind, option[i].Slot.Value, option[i].Slot.Half) = saved[i];
            _generation++;
        }
        if (accepted.Count > 1)
        {
            int top = accepted.Max(a => a.Score);
            accepted = accepted.Where(a => a.Score == top).ToList();
        }
        if (accepted.Count != 1) return;
        var (chosen, agreeing, _) = accepted[0];
        Apply(chosen);
        foreach (var (slot, value) in chosen)
        {
            slot.Changed = true;
            if (value == decimal.MinValue) { Verdicts[slot] = new Verdict(FactStatus.Flagged, null); continue; }
            var evidence = agreeing.Where(k => k.Involves(slot)).OrderBy(k => Rank(k.Rule)).Select(k => k.Evidence(slot)).ToList();
            var rule = agreeing.Where(k => k.Involves(slot)).OrderBy(k => Rank(k.Rule)).First().Rule;
            Verdicts[slot] = new Verdict(FactStatus.Repaired, value, origin != slot ? origin : null);
            Findings.Add(Make(rule, Severity.Error, slot, value, slot == origin && origin.PrintedKind == SlotKind.Number ? origin.Printed : null,
                $"{what}: {Fmt(value / slot.Multiplier)} placed on line {slot.Line} ({slot.Label}) is the placement every identity accepts",
                new Repair(value, evidence)));
        }
    }

    void Apply((Slot Slot, decimal Value)[] option)
    {
        _generation++;
        foreach (var (slot, value) in option)
        {
            if (value == decimal.MinValue) { slot.Kind = SlotKind.Blank; slot.Value = 0; continue; }
            slot.Kind = SlotKind.Number;
            slot.Value = value;
        }
    }

    // ---- repairs: cells several identities implicate --------------------------------------------------------

    /// <summary>Failing identities a culprit could explain: not those a release's rounding-to-foot already explains.</summary>
    HashSet<Constraint> Unexplained() => _constraints.Where(k => IsOpen(k) && AdjustedToFoot(k) is null).ToHashSet();

    void Localise()
    {
        var open = Unexplained();
        var tried = new HashSet<Slot>();
        while (open.Count > 0)
        {
            (Slot Slot, Interval I, List<Constraint> S, List<Constraint> E, bool Plausible)? best = null;
            foreach (var c in open.SelectMany(k => k.Slots).Distinct())
            {
                DocumentBudget.Tick("localising misprints");
                if (c.Changed || tried.Contains(c)) continue;
                if (c.Kind == SlotKind.Blank && !c.IsMoney) continue;
                var all = Of(c).Where(k => k.OthersKnown(c)).ToList();
                // The identities that can hold together for one value of c (the most intervals sharing a point):
                // one that disagrees with the rest may involve another damaged cell, found in a later round.
                var (S, I) = Agreeing(c, all);
                if (I is null) continue;
                // Left out may be only identities that fail now: a value for c must not break one that holds.
                if (S.Count < all.Count && all.Except(S).Any(k => k.Check(_generation) == CheckResult.Holds)) continue;
                var E = S.Where(open.Contains).ToList();
                if (E.Count == 0) continue;
                if (best is { } cur && (E.Count < cur.E.Count || E.Count == cur.E.Count && cur.Plausible)) continue;
                // Between equally implicated cells, the one whose printed figure is a keystroke from the value wins.
                bool plausible = c.Kind != SlotKind.Number || Misprint.Find(c, I.Value) is not null;
                if (best is null || E.Count > best.Value.E.Count || plausible)
                    best = (c, I.Value, S, E, plausible);
            }
            if (best is not { } b || b.E.Count < 2 && b.Slot.Kind != SlotKind.Unknown) break;
            tried.Add(b.Slot);
            Accept(b.Slot, b.I, b.S, b.E);
            open = Unexplained();
        }
    }

    /// <summary>The largest set of <paramref name="all"/> whose implied intervals for <paramref name="c"/> share a point, and their intersection.</summary>
    static (List<Constraint> S, Interval? I) Agreeing(Slot c, List<Constraint> all)
    {
        var withInterval = new List<(Constraint K, Interval I)>(all.Count);
        foreach (var k in all) if (k.Implied(c) is { } imp) withInterval.Add((k, imp));
        if (withInterval.Count == 0) return ([], null);
        Interval? whole = null;
        foreach (var (_, imp) in withInterval) { whole = whole is null ? imp : whole.Value.Intersect(imp); if (whole is null) break; }
        if (whole is not null) return (withInterval.Select(x => x.K).ToList(), whole);
        // Sweep the end points: the point inside the most intervals.
        var events = new List<(decimal At, int Delta)>(withInterval.Count * 2);
        foreach (var (_, imp) in withInterval) { events.Add((imp.Lo, 1)); events.Add((imp.Hi, -1)); }
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : b.Delta.CompareTo(a.Delta));
        int depth = 0, bestDepth = 0;
        decimal at = 0;
        foreach (var (x, d) in events)
        {
            depth += d;
            if (depth > bestDepth) { bestDepth = depth; at = x; }
        }
        var clique = withInterval.Where(w => w.I.Contains(at)).ToList();
        Interval? meet = null;
        foreach (var (_, imp) in clique) meet = meet is null ? imp : meet.Value.Intersect(imp) ?? Interval.Point(at);
        return (clique.Select(x => x.K).ToList(), meet);
    }

    void Accept(Slot c, Interval I, List<Constraint> S, List<Constraint> E)
    {
        var (value, unique) = Choose(c, I, S);
        var printedKind = c.Kind;
        decimal? found = c.Kind == SlotKind.Number ? c.Value : null;
        c.Kind = SlotKind.Number;
        c.Value = value;
        c.Changed = true;
        _generation++;
        var agree = S.Where(k => k.Check(_generation) == CheckResult.Holds).OrderBy(k => Rank(k.Rule)).ToList();
        bool repair = unique && agree.Count >= 2;
        var rule = printedKind == SlotKind.Unknown ? "parse" : E.OrderBy(k => Rank(k.Rule)).First().Rule;
        var shown = c.IsMoney ? Fmt(value / c.Multiplier) : Fmt(value);
        var what = c.Role switch
        {
            SlotRole.Percent => $"{c.Label} % of total",
            SlotRole.Change => $"{c.Label} {c.Column.Header.Trim()}",
            SlotRole.Convenience => $"{c.Label} (USD)",
            _ => c.Label,
        };
        string message = printedKind switch
        {
            SlotKind.Unknown => $"'{c.PrintedText}' on line {c.Line} ({what}) is not a number",
            SlotKind.Blank => $"{what} (line {c.Line}) is blank",
            _ => $"{what} (line {c.Line}) printed {c.PrintedText}",
        } + $" but {E.Count} {(E.Count == 1 ? "identity needs" : "identities need")} {shown}: " + string.Join("; ", E.Select(k => k.Text))
          + (repair ? $" — repaired, {agree.Count} rules agree" : unique ? "" : " (the value is not determined to the printed precision)");
        Findings.Add(Make(rule, Severity.Error, c, value, found, message, repair ? new Repair(value, agree.Select(k => k.Evidence(c)).ToList()) : null));
        Verdicts[c] = new Verdict(repair ? FactStatus.Repaired : FactStatus.Flagged, repair ? value : null);
    }

    /// <summary>
    /// The value a culprit must have: the one exact ±1 sum value all its sums agree on, else the only value on the
    /// printed grid inside the interval every identity allows; else the grid value nearest the middle (not unique).
    /// </summary>
    static (decimal Value, bool Unique) Choose(Slot c, Interval I, List<Constraint> S)
    {
        var points = S.Select(k => k.Point(c)).OfType<decimal>().Where(I.Contains).Distinct().ToList();
        if (points.Count == 1) return (points[0], true);
        var step = c.Step == 0 ? 1 : c.Step;
        var lo = Math.Ceiling((I.Lo - c.Half - 0.000001m) / step);
        var hi = Math.Floor((I.Hi + c.Half + 0.000001m) / step);
        if (lo == hi) return (lo * step, true);
        return (Math.Round(I.Mid / step) * step, false);
    }

    // ---- single failures ------------------------------------------------------------------------------------

    void Remaining()
    {
        var named = new HashSet<Slot>();
        foreach (var k in _constraints.Where(IsOpen).OrderBy(k => k.Subject.Line))
        {
            DocumentBudget.Tick("proving");
            if (k.Slots.FirstOrDefault(s => s.Kind == SlotKind.Unknown) is { } u)
            {
                if (!named.Add(u)) continue;
                var imp = k.Implied(u);
                Findings.Add(Make("parse", Severity.Error, u, imp?.Mid, null,
                    $"'{u.PrintedText}' on line {u.Line} ({u.Label}) is not a number; {k.Text} needs about {(imp is { } i ? Fmt(i.Mid / u.Multiplier) : "?")} (one identity: not repaired)"));
                Verdicts.TryAdd(u, new Verdict(FactStatus.Flagged, null));
                continue;
            }
            if (AdjustedToFoot(k) is { } rounded && named.Add(k.Subject))
            {
                var subj = k.Subject;
                Findings.Add(Make(k.Rule, Severity.Warning, subj, rounded, subj.Value,
                    $"{k.Text}: printed {subj.PrintedText}, rounded {Fmt(rounded / (subj.IsMoney ? subj.Multiplier : 1))}; one unit off so that its column adds up as printed (adjusted to foot)"));
                Verdicts.TryAdd(subj, new Verdict(FactStatus.Flagged, null));
                continue;
            }
            var suspects = new List<(Slot Slot, decimal Value)>();
            foreach (var s in k.Slots)
                if (!s.Changed && k.Implied(s) is { } imp && Misprint.Find(s, imp) is { } v) suspects.Add((s, v));
            if (suspects.Count > 0)
            {
                foreach (var (s, v) in suspects)
                {
                    if (!named.Add(s)) continue;
                    Findings.Add(Make(k.Rule, Severity.Error, s, v, s.Value,
                        $"{k.Text} fails; {s.Label} (line {s.Line}) printed {s.PrintedText} would tie as {Fmt(v / (s.IsMoney ? s.Multiplier : 1))}, one keystroke away"
                        + (suspects.Count > 1 ? $" (one of {suspects.Count} lines that could be the misprint: {string.Join(", ", suspects.Select(x => x.Slot.Line))})" : "")
                        + " (one identity: not repaired)"));
                    Verdicts.TryAdd(s, new Verdict(FactStatus.Flagged, null));
                }
                continue;
            }
            var subject = k.Subject;
            var expected = k.Point(subject) ?? k.Implied(subject)?.Mid;
            named.Add(subject);
            Findings.Add(Make(k.Rule, Severity.Error, subject, expected, subject.Kind == SlotKind.Number ? subject.Value : null,
                $"{k.Text} fails: expected {Show(subject, k.Implied(subject))}, found {subject.PrintedText}"));
            Verdicts.TryAdd(subject, new Verdict(FactStatus.Flagged, null));
        }
        // Unreadable figures no identity could place.
        foreach (var u in _sheet.Slots.Where(s => s.Kind == SlotKind.Unknown && s.IsMoney && ProofSheet.IsStatement(s.Table)))
            if (named.Add(u))
                Findings.Add(Make("parse", Severity.Error, u, null, null, $"'{u.PrintedText}' on line {u.Line} ({u.Label}) is not a number"));
    }

    /// <summary>
    /// A statement row no identity places among the others that prints the figures of the row next to it (after repairs) in most of
    /// its columns — a section header that caught the row below it, a row printed twice: a <c>warning</c>, its facts
    /// flagged, since they are not figures of the line they stand on.
    /// </summary>
    void Repeated()
    {
        foreach (var rows in _sheet.Rows)
            foreach (var r in rows)
            {
                DocumentBudget.Tick("proving");
                if (!ProofSheet.IsStatement(r.Table)) continue;
                var own = r.Slots.Values.Where(s => s.IsMoney).ToList();
                // Covered: placed in the statement by an identity with other lines (its own %, change and USD cells do not place it).
                if (own.Any(s => Of(s).Any(k => k.Rule is not ("ratio" or "change" or "translation")))) continue;
                var numbers = own.Where(s => s.Kind == SlotKind.Number).ToList();
                if (numbers.Count < 2) continue;
                foreach (var n in new[] { r.Index - 1, r.Index + 1 }.Where(i => i >= 0 && i < rows.Count).Select(i => rows[i]))
                {
                    int same = numbers.Count(s => n.Slots.TryGetValue(s.Column.Index, out var t) && t.Kind == SlotKind.Number && t.Value == s.Value);
                    if (same < 2 || same < numbers.Count - 1) continue;
                    var first = numbers[0];
                    Findings.Add(Make("tie", Severity.Warning, first, null, null,
                        $"{r.Row.Label} (line {r.Line}) repeats the figures of {n.Row.Label} (line {n.Line}) in {same} of {numbers.Count} columns: a row printed twice or caught by its neighbour, not figures of its own"));
                    foreach (var s in own) Verdicts.TryAdd(s, new Verdict(FactStatus.Flagged, null));
                    break;
                }
            }
    }

    /// <summary>
    /// A derived cell (a % of total, a USD translation) one unit of its last digit away from the rounded value, in a
    /// column whose sum through this cell adds up exactly as printed: the release moved the rounding to make the column
    /// foot. Reported as a warning with the rounded value; returns that value, or null when this is not the case.
    /// </summary>
    decimal? AdjustedToFoot(Constraint k)
    {
        var s = k.Subject;
        if (k.Rule is not ("ratio" or "translation") || s.Kind != SlotKind.Number || k.Implied(s) is not { } imp) return null;
        var step = s.Step;
        var rounded = Math.Round(imp.Mid / step, MidpointRounding.AwayFromZero) * step;
        if (Math.Abs(rounded - s.Value) > step + 0.000001m || !imp.Intersects(Interval.Around(s.Value, s.Half + step))) return null;
        bool foots = Of(s).OfType<LinearConstraint>().Any(c => c != k && c.IsExact && c.Rule is "sum" or "rollforward" or "balance" && c.Check(_generation) == CheckResult.Holds && c.Residual() == 0);
        return foots ? rounded : null;
    }

    /// <summary>
    /// Figures that tie within rounding but do not add up exactly as printed (same precision, ±1 weights): a
    /// <c>warning</c>, since statements in thousands normally foot to the unit. Named like a single failure.
    /// </summary>
    void ExactFoot()
    {
        foreach (var k in _constraints.OfType<LinearConstraint>())
        {
            DocumentBudget.Tick("proving");
            if (!k.IsExact || k.Check(_generation) != CheckResult.Holds) continue;
            if (k.Slots.Any(s => s.Changed || s.Kind == SlotKind.Unknown || s.Role == SlotRole.Convenience)) continue;
            var half = k.Subject.Half;
            if (k.Slots.Any(s => s.Kind == SlotKind.Number && s.Half != half)) continue;
            var residual = k.Residual();
            if (residual == 0) continue;
            var suspects = new List<(Slot Slot, decimal Value)>();
            foreach (var s in k.Slots)
                if (k.Point(s) is { } p && s.Kind == SlotKind.Number && Misprint.Find(s, Interval.Point(p)) is { } v) suspects.Add((s, v));
            if (suspects.Count == 0) suspects.Add((k.Subject, k.Point(k.Subject) ?? 0));
            foreach (var (s, v) in suspects)
            {
                Findings.Add(Make(k.Rule, Severity.Warning, s, v, s.Value,
                    $"{k.Text} holds within rounding but is off by {Fmt(Math.Abs(residual) / s.Multiplier)} as printed; {s.Label} (line {s.Line}) printed {s.PrintedText} would foot exactly as {Fmt(v / s.Multiplier)}"));
                Verdicts.TryAdd(s, new Verdict(FactStatus.Flagged, null));
            }
        }
    }

    Finding Make(string rule, Severity severity, Slot s, decimal? expected, decimal? found, string message, Repair? repair = null) =>
        new(rule, severity, _sheet.Doc.Name, s.Line, s.Concept, s.Period?.End, Tidy(expected), Tidy(found), message,
            repair is null ? null : repair with { Value = Tidy(repair.Value)!.Value });

    /// <summary>A value as a finding states it: to 4 decimals of its base unit (a quotient is not a finite decimal), no trailing zeros.</summary>
    static decimal? Tidy(decimal? v) => v is { } d ? Math.Round(d, 4) / 1.0000000000000000000000000000m : null;

    static string Show(Slot s, Interval? i)
    {
        if (i is not { } v) return "?";
        var m = s.IsMoney ? s.Multiplier : 1;
        return v.Width / m < 1 ? Fmt(v.Mid / m) : $"{Fmt(v.Lo / m)} … {Fmt(v.Hi / m)}";
    }

    static string Fmt(decimal v) => Math.Round(v, 4).ToString("#,0.####", CultureInfo.InvariantCulture);
}
