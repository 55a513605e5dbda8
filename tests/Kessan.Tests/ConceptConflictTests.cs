using Kessan.Facts;
using Kessan.Proof;

namespace Kessan.Tests;

/// <summary>One concept, one value per period and unit: table figures that disagree under one name are flagged with a finding.</summary>
public sealed class ConceptConflictTests
{
    static readonly DateOnly Start = new(2025, 4, 1), End = new(2025, 6, 30);

    static Fact Figure(string table, int line, decimal value, string printed, int decimals, string concept = "us-gaap:SellingAndMarketingExpense") =>
        new("r.txt", "sha", "Co", concept, "Sales and marketing", table, Start, End, "FY2025 Q2", value, "USD", false, line, 2, printed,
            FactStatus.Ok, "en", true, Decimals: decimals);

    [Fact]
    public void A_supplementary_table_figure_that_disagrees_with_the_agreeing_statements_is_the_one_flagged()
    {
        var facts = new List<Fact>
        {
            Figure("income", 10, 2_241_000_000m, "2,241", -6),
            Figure("income", 40, 2_241_000_000m, "2,241", -6),
            Figure("kpi", 90, 46_000_000m, "46", -6),
        };
        var findings = new List<Finding>();
        var result = ConceptConflicts.Check(facts, findings);
        Assert.Equal([FactStatus.Ok, FactStatus.Ok, FactStatus.Flagged], result.Select(f => f.Status));
        var finding = Assert.Single(findings);
        Assert.Equal(("tie", Severity.Warning, 90, 46_000_000m, (decimal?)2_241_000_000m), (finding.Rule, finding.Severity, finding.Line, finding.Found, finding.Expected));
        Assert.Contains("income line 10", finding.Message);
    }

    [Fact]
    public void Two_statement_lines_under_one_name_are_both_flagged()
    {
        var facts = new List<Fact> { Figure("balance", 10, 914_000_000m, "914", -6), Figure("balance", 30, 837_000_000m, "837", -6) };
        var findings = new List<Finding>();
        var result = ConceptConflicts.Check(facts, findings);
        Assert.All(result, f => Assert.Equal(FactStatus.Flagged, f.Status));
        Assert.Equal([10, 30], findings.Select(f => f.Line));
    }

    [Fact]
    public void Figures_that_agree_within_their_printed_rounding_are_one_value()
    {
        // $13.6 billion in the highlights and 13,589 million in the statement: the same figure, rounded.
        var facts = new List<Fact> { Figure("kpi", 4, 13_600_000_000m, "$13.6", -8), Figure("income", 50, 13_589_000_000m, "13,589", -6) };
        var findings = new List<Finding>();
        Assert.Same(facts, ConceptConflicts.Check(facts, findings));
        Assert.Empty(findings);
        // One digit further off is not.
        facts[0] = Figure("kpi", 4, 13_700_000_000m, "$13.7", -8);
        Assert.Equal(FactStatus.Flagged, ConceptConflicts.Check(facts, findings)[0].Status);
    }

    [Fact]
    public void Other_periods_units_and_sentences_are_not_compared()
    {
        var facts = new List<Fact>
        {
            Figure("income", 10, 2_241_000_000m, "2,241", -6),
            Figure("income", 12, 0.5m, "0.50", 2) with { Unit = "USD/share" },
            Figure("income", 14, 2_125_000_000m, "2,125", -6) with { PeriodStart = Start.AddYears(-1), PeriodEnd = End.AddYears(-1) },
            Figure("narrative", 3, 2_300_000_000m, "$2.3 billion", -8),
        };
        var findings = new List<Finding>();
        Assert.Same(facts, ConceptConflicts.Check(facts, findings));
        Assert.Empty(findings);
    }
}
