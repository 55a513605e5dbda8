using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// A figure whose printed precision breaks its column's pattern (issue 11: truncation and plausibility): three
/// decimals in a column of whole thousands, a separator missing in a column that groups every figure. Each is a
/// <c>parse</c> warning on the figure's own line, and its fact is not stored as <c>ok</c> unless an identity proves it.
/// </summary>
public sealed class PrintedPatternTests
{
    // Written for these tests: a balance sheet in thousands whose lines add up by position only (no identity of the
    // taxonomy proves each figure), with one column damaged as OCR damages figures.
    const string Clean = """
        Quarrow Ltd.

        CONSOLIDATED BALANCE SHEET (In thousands of U.S. dollars)

        	June 30, 2025	December 31, 2024
        Cash and cash equivalents	12,480	11,905
        Trade receivables	8,312	7,764
        Inventories	5,127	4,980
        Prepaid expenses	1,244	1,310
        Other current assets	2,031	1,876
        Property and equipment	18,655	18,102
        Deferred tax assets	3,408	3,377
        """;

    static (IReadOnlyList<Fact> Facts, IReadOnlyList<Finding> Findings) Analyze(string text)
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("quarrow.txt");
        File.WriteAllText(path, text);
        using var store = new SqliteFactStore(dir.File("t.db"));
        var proof = new Ingestor(store, TaxonomyLoader.Default).Analyze(DocumentReader.Read(path)).Proof;
        return (proof.Facts, proof.Findings);
    }

    static int LineOf(string text, string token) => Array.FindIndex(text.Split('\n'), l => l.Contains(token, StringComparison.Ordinal)) + 1;

    static List<Finding> PatternFindings(IReadOnlyList<Finding> findings) =>
        findings.Where(f => f.Rule == "parse" && f.Message.Contains("of its column", StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_clean_column_has_no_finding()
    {
        var (facts, findings) = Analyze(Clean);
        Assert.Equal(14, facts.Count(f => f.Table == "balance"));
        Assert.Empty(PatternFindings(findings));
    }

    [Fact]
    public void Three_decimals_in_a_column_of_whole_figures_is_a_parse_finding_on_its_line()
    {
        var damaged = Clean.Replace("Inventories\t5,127", "Inventories\t5.127");
        var (facts, findings) = Analyze(damaged);
        var finding = Assert.Single(PatternFindings(findings));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(LineOf(damaged, "5.127"), finding.Line);
        Assert.Equal(new DateOnly(2025, 6, 30), finding.PeriodEnd);
        Assert.Contains("3 decimals", finding.Message);
        var fact = Assert.Single(facts, f => f.Printed == "5.127");
        Assert.Equal(FactStatus.Flagged, fact.Status);
        // The rest of the column, and the other column, are as printed.
        Assert.All(facts.Where(f => f.Table == "balance" && f != fact), f => Assert.NotEqual(FactStatus.Flagged, f.Status));
    }

    [Fact]
    public void A_figure_missing_its_thousands_separator_in_a_grouped_column_is_a_parse_finding()
    {
        var damaged = Clean.Replace("18,102", "18102");
        var (facts, findings) = Analyze(damaged);
        var finding = Assert.Single(PatternFindings(findings));
        Assert.Equal(LineOf(damaged, "18102"), finding.Line);
        Assert.Equal(new DateOnly(2024, 12, 31), finding.PeriodEnd);
        Assert.Contains("without the thousands separators", finding.Message);
        Assert.Equal(FactStatus.Flagged, Assert.Single(facts, f => f.Printed == "18102").Status);
    }

    [Fact]
    public void A_column_that_prints_no_separators_at_all_is_a_pattern_not_a_finding()
    {
        // Many releases print 12480 throughout: only a lone exception among grouped figures is suspect.
        var plain = Clean.Replace(",", "");
        Assert.Empty(PatternFindings(Analyze(plain).Findings));
    }
}
