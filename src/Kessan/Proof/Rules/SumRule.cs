using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>sum</c> (and <c>rollforward</c> in cash-flow statements): a printed subtotal equals its printed children with
/// the taxonomy's calculation weights (parent and weight "as printed"). A child concept the table does not print is
/// replaced by its own printed children. Where the taxonomy's weights do not add up but another sign for one line, or
/// a line the taxonomy does not place (an extension, an "Others"), does in more period columns — and in at least
/// two — the weight is inferred from the columns and recorded as an <c>info</c> finding.
/// Tolerance: the rounding the printed precision allows (each figure ± half a unit of its last digit; n + 1 figures
/// give the sum ± (n + 1)/2 units), no more.
/// </summary>
internal sealed class SumRule : IProofRule
{
    const int MaxExtras = 3;

    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        var children = ChildIndex(sheet.Taxonomy);
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var table = sheet.Tables[ti];
            var rows = sheet.Rows[ti];
            if (rows.Count == 0) continue;
            var present = rows.Select(r => r.Concept).ToHashSet();
            var columns = ProofSheet.MoneyColumns(table).ToList();
            // "% of total" columns add up like the figures they describe (releases round them so they do).
            var percentColumns = table.Columns.Where(c => c.Role == ColumnRole.PercentOfTotal && c.Period is not null).ToList();
            string rule = table.Kind == StatementKind.CashFlow ? "rollforward" : "sum";
            foreach (var parent in rows)
            {
                DocumentBudget.Tick("proving sums");
                if (!children.ContainsKey(parent.Concept)) continue;
                var terms = new List<(ProofRow Row, int Weight)>();
                Expand(sheet, ti, parent, parent.Concept, 1, children, terms, 0);
                if (terms.Count == 0) continue;
                // One printed line of a subtotal the taxonomy builds from several (営業利益 over 売上高 alone, as a
                // summary page prints them, its costs not printed) is a selection of lines, not a sum.
                if (terms.Count == 1 && children[parent.Concept].Count > 1) continue;
                var used = terms.Select(t => t.Row).Append(parent).ToHashSet();
                int first = terms.Min(t => t.Row.Index), last = Math.Max(terms.Max(t => t.Row.Index), parent.Index);
                first = Math.Min(first, parent.Index);
                // Lines of the subtotal's own section above its first placed line ("Notes payable, current" over
                // "Accounts payable" under "Current liabilities:") are the section's, as the lines between are.
                while (first > 0 && !used.Contains(rows[first - 1]) && rows[first - 1].Row.Sections.SequenceEqual(parent.Row.Sections)) first--;
                var extras = rows.Where(r => r.Index >= first && r.Index < last && !used.Contains(r)
                        && (sheet.Taxonomy.Find(r.Concept)?.Parent is not { } p || !present.Contains(p))
                        && !children.ContainsKey(r.Concept) && r.Type == parent.Type)
                    .Take(MaxExtras + 1).ToList();
                if (extras.Count > MaxExtras) extras.Clear();

                bool closesSection = parent.Row.Sections is [.., var heading] && TableBuilder.Closes(parent.Row.Label, heading);
                // An unplaced line of the section the subtotal closes and names adds into it as printed, as the section's
                // other lines do ("Notes payable, current" in "Current liabilities:" into "Total current liabilities");
                // another is not assumed to. The columns may decide otherwise (below).
                var baseWeights = terms.Select(t => t.Weight).Concat(extras.Select(r => closesSection && r.Row.Sections.SequenceEqual(parent.Row.Sections) ? 1 : 0)).ToArray();
                var allRows = terms.Select(t => t.Row).Concat(extras).ToArray();
                var chosen = baseWeights;
                int baseScore = Score(parent, allRows, baseWeights, columns, out int evaluable);
                if (baseScore < evaluable)
                {
                    int bestScore = baseScore, bestCount = 0;
                    int[]? best = null;
                    foreach (var alt in Alternatives(baseWeights, terms.Count))
                    {
                        DocumentBudget.Tick("proving sums");
                        // Each line whose weight the columns would decide must speak in two columns at least — or, for
                        // a line the taxonomy does not place, make every column add up ("Current debt" printed once).
                        int s = Score(parent, allRows, alt, columns, out int altEvaluable);
                        if (!Supported(allRows, baseWeights, alt, columns) && !(s == altEvaluable && s >= 2 && PlacesOnly(baseWeights, alt, terms.Count))) continue;
                        if (s > bestScore) { bestScore = s; best = alt; bestCount = 1; }
                        else if (s == bestScore && best is not null) bestCount++;
                    }
                    if (best is not null && bestCount == 1 && bestScore >= 2)
                    {
                        chosen = best;
                        for (int i = 0; i < allRows.Length; i++)
                        {
                            if (chosen[i] == baseWeights[i]) continue;
                            var r = allRows[i];
                            var what = baseWeights[i] == 0 ? "is not placed under it by the taxonomy" : $"has weight {baseWeights[i]:+0;-0} in the taxonomy";
                            notes.Add(new Finding(rule, Severity.Info, sheet.Doc.Name, r.Line, r.Concept, null, chosen[i], baseWeights[i] == 0 ? null : baseWeights[i],
                                $"'{r.Row.Label}' adds into '{parent.Row.Label}' (line {parent.Line}) with weight {chosen[i]:+0;-0} as printed, inferred from {bestScore} period columns; it {what}"));
                        }
                    }
                }

                // A misprint breaks one or two columns of an identity, not all of them: children that add up in no
                // column at all mean the taxonomy's structure is not this table's (a line it does not know, a subtotal
                // it places elsewhere). That is said as info and not checked, never reported as wrong figures.
                // A misprint breaks an identity in a column or two while the lines around it stay in place. Terms that
                // add up in no column while lines between them are left unplaced mean the taxonomy's structure is not
                // this table's (a line it does not know, a subtotal it expects elsewhere): said as info, not checked,
                // never reported as wrong figures. With every line between the terms placed, a failure is the figures'.
                int holds = Score(parent, allRows, chosen, columns, out int checkable);
                if (holds > 0)
                    for (int i = terms.Count; i < allRows.Length; i++)
                        if (chosen[i] != 0 && chosen[i] == baseWeights[i])
                            notes.Add(new Finding(rule, Severity.Info, sheet.Doc.Name, allRows[i].Line, allRows[i].Concept, null, chosen[i], null,
                                $"'{allRows[i].Row.Label}' adds into '{parent.Row.Label}' (line {parent.Line}) as a line of its section; it is not placed under it by the taxonomy"));
                var placed = allRows.Where((_, i) => chosen[i] != 0).ToHashSet();
                bool complete = rows.Where(r => r.Index > first && r.Index < last && r != parent && r.Type == parent.Type).All(placed.Contains);
                if (checkable > 0 && holds == 0 && !complete)
                {
                    notes.Add(new Finding(rule, Severity.Info, sheet.Doc.Name, parent.Line, parent.Concept, null, null, null,
                        $"'{parent.Row.Label}' (line {parent.Line}) is not checked as the sum of lines {string.Join(", ", placed.Select(r => r.Line))}: they add up to it in none of {checkable} columns and lines between them are not placed, so the table is not laid out as the taxonomy expects"));
                    continue;
                }

                foreach (var column in columns.Concat(percentColumns))
                {
                    var slots = new List<Slot> { parent.Slots[column.Index] };
                    var weights = new List<decimal> { 1 };
                    for (int i = 0; i < allRows.Length; i++)
                    {
                        if (chosen[i] == 0) continue;
                        slots.Add(allRows[i].Slots[column.Index]);
                        weights.Add(-chosen[i]);
                    }
                    if (slots.All(s => s.Kind == SlotKind.Blank)) continue;
                    if (column.Role == ColumnRole.PercentOfTotal && slots[0].Kind == SlotKind.Blank) continue;
                    if (slots.Any(s => s.Cell?.Number.Kind == CellKind.NotAvailable)) continue;
                    var p = parent;
                    var lines = slots.Skip(1).Select(s => s.Line).ToList();
                    constraints.Add(new LinearConstraint(rule, slots[0], [.. slots], [.. weights],
                        () => $"'{p.Row.Label}' (line {p.Line}) = sum of lines {string.Join(", ", lines)}",
                        target => target == slots[0]
                            ? $"sum of lines {string.Join(", ", lines)}"
                            : $"{p.Row.Label} (line {p.Line}) − other lines"));
                }
            }
        }
    }

    /// <summary>How many period columns the weights tie out in; <paramref name="evaluable"/> counts columns with a verdict.</summary>
    static int Score(ProofRow parent, ProofRow[] rows, int[] weights, List<TableColumn> columns, out int evaluable)
    {
        int holds = 0;
        evaluable = 0;
        foreach (var column in columns)
        {
            var p = parent.Slots[column.Index];
            if (p.Kind != SlotKind.Number) continue;
            var acc = p.Interval;
            bool known = true;
            for (int i = 0; i < rows.Length; i++)
            {
                if (weights[i] == 0) continue;
                var s = rows[i].Slots[column.Index];
                if (s.Kind == SlotKind.Unknown) { known = false; break; }
                acc -= s.Interval.Times(weights[i]);
            }
            if (!known) continue;
            evaluable++;
            if (acc.Contains(0)) holds++;
        }
        return holds;
    }

    /// <summary>True when the alternative changes only lines the taxonomy left unplaced (it flips no taxonomy weight).</summary>
    static bool PlacesOnly(int[] baseWeights, int[] alt, int termCount)
    {
        for (int i = 0; i < termCount; i++) if (alt[i] != baseWeights[i]) return false;
        return true;
    }

    static bool Supported(ProofRow[] rows, int[] baseWeights, int[] alt, List<TableColumn> columns)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            if (alt[i] == baseWeights[i]) continue;
            int n = 0;
            foreach (var c in columns)
                if (rows[i].Slots[c.Index] is { Kind: SlotKind.Number } s && s.Value != 0) n++;
            if (n < 2) return false;
        }
        return true;
    }

    /// <summary>One taxonomy weight flipped, or the unplaced lines given −1/0/+1.</summary>
    static IEnumerable<int[]> Alternatives(int[] baseWeights, int termCount)
    {
        int extras = baseWeights.Length - termCount;
        int combos = 1;
        for (int i = 0; i < extras; i++) combos *= 3;
        for (int flip = -1; flip < termCount; flip++)
            for (int c = 0; c < combos; c++)
            {
                if (flip < 0 && c == 0) continue;
                var w = (int[])baseWeights.Clone();
                if (flip >= 0) w[flip] = -w[flip];
                int code = c;
                for (int e = 0; e < extras; e++) { w[termCount + e] = code % 3 - 1; code /= 3; }
                if (flip >= 0 && c != 0) continue; // one change at a time: a flip, or a placement of unplaced lines
                yield return w;
            }
    }

    static void Expand(ProofSheet sheet, int ti, ProofRow parent, string concept, int sign, Dictionary<string, List<(string Concept, int Weight)>> children,
        List<(ProofRow Row, int Weight)> terms, int depth)
    {
        if (depth > 4 || !children.TryGetValue(concept, out var kids)) return;
        foreach (var (child, weight) in kids)
        {
            var row = sheet.Find(ti, child, parent.Index);
            if (row is not null && row != parent) terms.Add((row, sign * weight));
            else if (row is null) Expand(sheet, ti, parent, child, sign * weight, children, terms, depth + 1);
        }
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TaxonomySet, Dictionary<string, List<(string, int)>>> Cache = new();

    static Dictionary<string, List<(string Concept, int Weight)>> ChildIndex(TaxonomySet taxonomy) =>
        Cache.GetValue(taxonomy, t =>
        {
            var index = new Dictionary<string, List<(string, int)>>(StringComparer.Ordinal);
            foreach (var c in t.Concepts)
                if (c.Parent is { } p)
                {
                    if (!index.TryGetValue(p, out var list)) index[p] = list = [];
                    list.Add((c.Name, c.Weight));
                }
            return index;
        });
}
