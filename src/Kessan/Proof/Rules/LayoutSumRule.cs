using Kessan.Reading;
using System.Text.RegularExpressions;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>sum</c> (<c>rollforward</c> in cash-flow statements) inferred from the layout and the figures, for the lines the
/// taxonomy does not place (real statements are mostly extension lines with no parent). A statement is read top to
/// bottom as a stack of items: a row that equals a contiguous run of the items directly above it — with weights ±1,
/// in every period column within the printed rounding and in at least two columns with a non-zero subtotal, so a
/// coincidence is not a structure — is a subtotal; its run collapses into it, so a later subtotal can take it as one
/// term ("Gross profit = Sales − Cost of sales", "Operating income = Gross profit − Total operating expenses",
/// "Net income = Income before taxes − Taxes", "Cash at end = Net change + Cash at beginning").
/// The search is bounded (runs of ≤ <see cref="MaxRun"/> items with few sign patterns — all +, first + and the rest −,
/// one sign flipped from either — and ≤ <see cref="MaxLongRun"/> items for the first two), simplest first, so the
/// proof stays linear in the rows. Each inferred subtotal is recorded as an <c>info</c> finding.
/// A row whose label says it is a total ("Total …", "Net …", "… income", a label-less subtotal) may also be taken
/// with the one run that holds in all columns but one: a misprint breaks a column, not the structure, and the
/// broken column is then a finding. Where the taxonomy states a structure for the row that holds in some column,
/// that one is kept; one that holds in no column gives way to the inferred one.
/// Tolerance: each figure ± half a unit of its last printed digit (Arkema rounds every figure on its own), no more.
/// </summary>
internal sealed partial class LayoutSumRule : IProofRule
{
    const int MaxRun = 12, MaxLongRun = 30;

    // A label that says the row totals others: "Total …", "Net …", "Gross profit", "Income before income taxes",
    // "Operating income", "Net cash provided by …", "Cash at end of period". Not "Retained earnings" or "Other – net".
    [GeneratedRegex(@"^\s*(total|net|gross|subtotal)\b|\btotal\b|\b(income|profit|earnings|loss|\(loss\))\s+(before|from|for|attributable)\b|^\s*(operating|ordinary)\s+(income|profit|loss)|\b(end|beginning) of (the )?(period|year|quarter|half)", RegexOptions.IgnoreCase)]
    private static partial Regex TotalLabel();

    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        var bySubject = new Dictionary<ProofRow, List<Constraint>>();
        foreach (var c in constraints)
            if (c is LinearConstraint && c.Rule is "sum" or "rollforward" or "balance")
            {
                if (!bySubject.TryGetValue(c.Subject.Row, out var list)) bySubject[c.Subject.Row] = list = [];
                list.Add(c);
            }
        var covered = constraints.SelectMany(c => c.Slots).Select(s => s.Row).ToHashSet();

        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var table = sheet.Tables[ti];
            if (!ProofSheet.IsStatement(table)) continue;
            var columns = ProofSheet.MoneyColumns(table).ToList();
            if (columns.Count == 0) continue;
            string rule = table.Kind == StatementKind.CashFlow ? "rollforward" : "sum";
            var stack = new List<ProofRow>();
            var subtotals = new HashSet<ProofRow>();
            foreach (var row in sheet.Rows[ti])
            {
                // Each row searches the run above it: a statement of many thousand rows must stop within its budget.
                DocumentBudget.Check("proving layout sums");
                if (row.Type != ConceptType.Monetary || row.Row.IsSection) continue;
                if (!columns.Any(c => row.Slots.TryGetValue(c.Index, out var s) && s.Kind == SlotKind.Number)) continue;

                var stated = bySubject.GetValueOrDefault(row);
                bool statedHolds = stated is not null && stated.Any(c => c.Check() == CheckResult.Holds);
                bool gated = TotalLabel().IsMatch(row.Row.Label) || row.Row.DerivedLabel;
                // Only a row labelled as a total takes a subtotal into its run: "Retained earnings" is not
                // "Total assets − Total liabilities − the other equity lines", though the figures say so.
                int reach = 0;
                while (reach < stack.Count && (gated || !subtotals.Contains(stack[stack.Count - 1 - reach]))) reach++;
                var found = Infer(row, stack.GetRange(stack.Count - reach, reach), columns, gated, out bool partial);
                if (statedHolds) subtotals.Add(row);
                if (found is not { } f)
                {
                    stack.Add(row);
                    continue;
                }
                subtotals.Add(row);
                var (k, weights) = f;
                var terms = stack.GetRange(stack.Count - k, k);
                stack.RemoveRange(stack.Count - k, k);
                stack.Add(row);
                if (statedHolds) continue; // the taxonomy's structure ties here: it is the one checked
                // A partial run is taken only to keep checking a total whose terms nothing else checks.
                if (partial && covered.Contains(row) && terms.All(covered.Contains)) continue;
                if (stated is not null)
                    foreach (var c in stated) constraints.Remove(c);

                var formula = string.Join(" ", terms.Select((t, i) => (weights[i] > 0 ? (i == 0 ? "" : "+ ") : "− ") + $"line {t.Line}")).Trim();
                notes.Add(new Finding(rule, Severity.Info, sheet.Doc.Name, row.Line, row.Concept, null, null, null,
                    $"'{Name(row)}' (line {row.Line}) = {formula}, inferred from the layout and the figures ({(partial ? "every period column but one" : "every period column")})"
                    + (stated is not null ? "; the taxonomy's structure for it holds in no column" : "")));
                foreach (var column in columns)
                {
                    var slots = new List<Slot> { row.Slots[column.Index] };
                    var w = new List<decimal> { 1 };
                    for (int i = 0; i < terms.Count; i++)
                    {
                        slots.Add(terms[i].Slots[column.Index]);
                        w.Add(-weights[i]);
                    }
                    if (slots.All(s => s.Kind == SlotKind.Blank)) continue;
                    if (slots.Any(s => s.Cell?.Number.Kind == CellKind.NotAvailable)) continue;
                    var lines = formula;
                    var label = Name(row);
                    var subject = slots[0];
                    constraints.Add(new LinearConstraint(rule, subject, [.. slots], [.. w],
                        () => $"'{label}' (line {subject.Line}) = {lines} (inferred from the layout)",
                        target => target == subject ? lines : $"{label} (line {subject.Line}) − the other lines of its run"));
                }
            }
        }
    }

    static string Name(ProofRow row) => row.Row.Label.Length > 0 ? row.Row.Label : row.Concept;

    /// <summary>
    /// The simplest run of the stack's top items (fewest items, then simplest signs) the row is the subtotal of, holding
    /// in every column (≥ 2 non-zero); else, for a row labelled as a total, the only run holding in all columns but one.
    /// Items that are zero or blank in every column just beyond the run are taken into it.
    /// </summary>
    static (int K, int[] Weights)? Infer(ProofRow row, List<ProofRow> stack, List<TableColumn> columns, bool gated, out bool partial)
    {
        partial = false;
        (int, int[])? partialBest = null, weakBest = null;
        int partialCount = 0, weakCount = 0;
        int maxK = Math.Min(stack.Count, MaxLongRun);
        for (int k = 1; k <= maxK; k++)
        {
            var items = stack.GetRange(stack.Count - k, k);
            // A farthest item that adds nothing in any column makes the same run as k − 1 items: counted once.
            bool idle = items[0].Slots.Values.All(s => s.Kind == SlotKind.Blank || s.Kind == SlotKind.Number && s.Value == 0);
            foreach (var weights in Patterns(k))
            {
                var (holds, fails, nonZero) = Score(row, items, weights, columns);
                if (fails == 0 && nonZero >= 2)
                    return Extend(row, stack, k, weights, columns);
                // Holding wherever it can be evaluated, but with one non-zero column only (another unreadable).
                if (gated && !idle && fails == 0 && nonZero == 1)
                {
                    weakCount++;
                    weakBest ??= (k, weights);
                }
                if (gated && !idle && fails == 1 && holds >= 1 && nonZero >= 1 && holds + fails >= 2)
                {
                    partialCount++;
                    partialBest ??= (k, weights);
                }
            }
        }
        if (weakCount > 0) return weakCount == 1 ? weakBest : null;
        if (partialCount == 1 && partialBest is { } p)
        {
            partial = true;
            return p;
        }
        return null;
    }

    /// <summary>Takes into the run the items beyond it that are zero or blank in every column (they add nothing, sign free).</summary>
    static (int, int[]) Extend(ProofRow row, List<ProofRow> stack, int k, int[] weights, List<TableColumn> columns)
    {
        var list = weights.ToList();
        while (k < stack.Count && k < MaxLongRun)
        {
            var next = stack[stack.Count - k - 1];
            if (!columns.All(c => next.Slots.TryGetValue(c.Index, out var s) && (s.Kind == SlotKind.Blank || s.Kind == SlotKind.Number && s.Value == 0))) break;
            if (!columns.Any(c => next.Slots[c.Index].Kind == SlotKind.Number)) break; // a blank row is no item of the run
            list.Insert(0, 1);
            k++;
        }
        return (k, [.. list]);
    }

    /// <summary>Sign patterns for a run of k items, simplest first, each once: all +, first + and the rest −, then one sign flipped from either.</summary>
    static List<int[]> Patterns(int k)
    {
        var plus = Enumerable.Repeat(1, k).ToArray();
        var less = plus.Select((_, i) => i == 0 ? 1 : -1).ToArray();
        var result = new List<int[]> { plus };
        if (k >= 2) result.Add(less);
        if (k <= MaxRun)
            foreach (var basis in k >= 2 ? new[] { plus, less } : [plus])
                for (int j = 0; j < k; j++)
                {
                    var w = (int[])basis.Clone();
                    w[j] = -w[j];
                    if (!result.Any(r => r.AsSpan().SequenceEqual(w))) result.Add(w);
                }
        return result;
    }

    static (int Holds, int Fails, int NonZero) Score(ProofRow row, List<ProofRow> items, int[] weights, List<TableColumn> columns)
    {
        int holds = 0, fails = 0, nonZero = 0;
        foreach (var column in columns)
        {
            if (!row.Slots.TryGetValue(column.Index, out var p) || p.Kind == SlotKind.Unknown) continue;
            if (p.Cell?.Number.Kind == CellKind.NotAvailable) continue;
            var acc = p.Interval;
            bool known = true, any = p.Kind == SlotKind.Number;
            for (int i = 0; i < items.Count; i++)
            {
                if (!items[i].Slots.TryGetValue(column.Index, out var s) || s.Kind == SlotKind.Unknown) { known = false; break; }
                if (s.Kind == SlotKind.Number) any = true;
                acc -= s.Interval.Times(weights[i]);
            }
            if (!known || !any) continue;
            if (acc.Contains(0))
            {
                holds++;
                if (p.Kind == SlotKind.Number && p.Value != 0) nonZero++;
            }
            else fails++;
        }
        return (holds, fails, nonZero);
    }
}
