using Kessan.Taxonomy;

namespace Kessan.Proof.Rules;

/// <summary>
/// <c>balance</c>: total assets = total liabilities + minority interest + shareholders' equity, in every period
/// column of a balance sheet; where the sheet prints "total liabilities and shareholders' equity", that line equals
/// its three parts and total assets equals it. Concepts are the standard US-GAAP elements.
/// Tolerance: the printed rounding of the figures involved (± half a unit each).
/// </summary>
internal sealed class BalanceRule : IProofRule
{
    const string Assets = "us-gaap:Assets", Liabilities = "us-gaap:Liabilities", Minority = "us-gaap:MinorityInterest",
        Equity = "us-gaap:StockholdersEquity", Total = "us-gaap:LiabilitiesAndStockholdersEquity";

    public void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes)
    {
        for (int ti = 0; ti < sheet.Tables.Count; ti++)
        {
            var table = sheet.Tables[ti];
            if (table.Kind != StatementKind.Balance) continue;
            var a = sheet.Find(ti, Assets);
            var l = sheet.Find(ti, Liabilities);
            var m = sheet.Find(ti, Minority);
            var e = sheet.Find(ti, Equity);
            var t = sheet.Find(ti, Total);
            // "% of total assets" columns balance like the figures (the assets line reads 100.0).
            var percent = table.Columns.Where(col => col.Role == Kessan.Taxonomy.ColumnRole.PercentOfTotal && col.Period is not null);
            foreach (var column in ProofSheet.MoneyColumns(table).Concat(percent))
            {
                int c = column.Index;
                if (l is not null && e is not null && (t ?? a) is { } whole)
                {
                    var parts = new List<Slot> { whole.Slots[c], l.Slots[c] };
                    if (m is not null) parts.Add(m.Slots[c]);
                    parts.Add(e.Slots[c]);
                    if (parts[0].Kind == SlotKind.Blank) continue;
                    var weights = parts.Select((_, i) => i == 0 ? 1m : -1m).ToArray();
                    var w = whole;
                    constraints.Add(new LinearConstraint("balance", parts[0], [.. parts], weights,
                        () => $"'{w.Row.Label}' (line {w.Line}) = liabilities + minority interest + equity",
                        target => target == parts[0]
                            ? $"liabilities + minority interest + equity (lines {string.Join(", ", parts.Skip(1).Select(p => p.Line))})"
                            : $"{w.Row.Label} (line {w.Line}) − the other parts of the balance"));
                }
                if (a is not null && t is not null && a.Slots[c].Kind != SlotKind.Blank && column.Role != Kessan.Taxonomy.ColumnRole.PercentOfTotal)
                {
                    Slot sa = a.Slots[c], st = t.Slots[c];
                    constraints.Add(new LinearConstraint("balance", sa, [sa, st], [1, -1],
                        () => $"total assets (line {sa.Line}) = total liabilities and equity (line {st.Line})",
                        target => target == sa ? $"total liabilities and equity (line {st.Line})" : $"total assets (line {sa.Line})"));
                }
            }
        }
    }
}
