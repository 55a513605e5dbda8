using Kessan.Facts;
using Kessan.Proof;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// A sentence's period words can give dates a few days off the ones the release's tables print for that quarter (a
/// 52/53-week calendar, a fiscal year named by its other end). Such a figure is held against the table of the nearest
/// period, never left "ok" unchecked; a figure in another unit than the tables state its line in is not that line's.
/// </summary>
public sealed class NarrativePeriodTests
{
    static Fact Make(string table, string concept, DateOnly start, DateOnly end, decimal value, string printed, string unit = "USD") =>
        new("release.txt", "sha", "Retailer", concept, "Net income", table, start, end, "", value, unit, false, 10, 2, printed, FactStatus.Ok, "en", true);

    static readonly DateOnly Q3Start = new(2024, 8, 4), Q3End = new(2024, 11, 2), PriorStart = new(2023, 7, 30), PriorEnd = new(2023, 10, 28);

    static readonly Fact[] Tables =
    [
        Make("income", "us-gaap:NetIncomeLoss", Q3Start, Q3End, 44_200_000m, "44,200"),
        Make("income", "us-gaap:NetIncomeLoss", PriorStart, PriorEnd, 51_800_000m, "51,800"),
    ];

    static (List<Finding> Findings, List<Fact> Facts) Check(params Fact[] narrative) =>
        new NarrativeCheck(TaxonomyLoader.Default).Check([.. Tables, .. narrative]);

    [Fact]
    public void A_sentence_figure_dated_a_few_days_off_a_table_period_is_read_as_that_period_when_it_agrees()
    {
        // "compared with net income of $51.8 million for the third quarter of fiscal 2023", read as August–October.
        var (findings, facts) = Check(Make("narrative", "us-gaap:NetIncomeLoss", new(2023, 8, 1), new(2023, 10, 31), 51_800_000m, "$51.8 million"));
        var read = facts.Single(f => f.Table == "narrative");
        Assert.Equal((PriorStart, PriorEnd, FactStatus.Ok), (read.PeriodStart!.Value, read.PeriodEnd, read.Status));
        Assert.Contains(findings, f => f.Severity == Severity.Info && f.Message.Contains("read as the period that table prints, 2023-07-30 to 2023-10-28"));
    }

    [Fact]
    public void A_sentence_figure_that_disagrees_with_the_nearest_table_period_is_never_left_ok()
    {
        // "net income for the third quarter of fiscal 2024 was $44.2 million", its fiscal year read by the other end.
        var (findings, facts) = Check(Make("narrative", "us-gaap:NetIncomeLoss", new(2023, 8, 1), new(2023, 10, 31), 44_200_000m, "$44.2 million"));
        var read = facts.Single(f => f.Table == "narrative");
        Assert.Equal(FactStatus.Flagged, read.Status);
        // It equals the same line of the other quarter: read as that one's, flagged (the words did not say so).
        Assert.Equal((Q3Start, Q3End), (read.PeriodStart!.Value, read.PeriodEnd));
        Assert.Contains(findings, f => f.Rule == "narrative" && f.Message.Contains("not of"));

        // A figure equal to no period's is flagged with a warning naming the nearest period.
        (findings, facts) = Check(Make("narrative", "us-gaap:NetIncomeLoss", new(2023, 8, 1), new(2023, 10, 31), 298_000_000m, "$298.0 million"));
        Assert.Equal(FactStatus.Flagged, facts.Single(f => f.Table == "narrative").Status);
        Assert.Contains(findings, f => f.Severity == Severity.Warning && f.Message.Contains("nearest its own, 2023-07-30 to 2023-10-28"));
    }

    [Fact]
    public void Periods_more_than_a_week_apart_are_other_periods_and_the_figure_stays_unchecked()
    {
        var (findings, facts) = Check(Make("narrative", "us-gaap:NetIncomeLoss", new(2023, 7, 1), new(2023, 9, 30), 51_800_000m, "$51.8 million"));
        var read = facts.Single(f => f.Table == "narrative");
        Assert.Equal((new DateOnly(2023, 7, 1), FactStatus.Ok), (read.PeriodStart!.Value, read.Status));
        Assert.Contains(findings, f => f.Severity == Severity.Info && f.Message.Contains("cannot be checked"));
    }

    [Fact]
    public void A_money_figure_for_a_line_the_tables_state_per_share_is_flagged()
    {
        // "increased … diluted net income per common share by $21.9 billion, $77.1 billion, and $6.26, respectively".
        var eps = Make("income", "us-gaap:EarningsPerShareDiluted", Q3Start, Q3End, 0.88m, "0.88", "USD/share");
        var money = Make("narrative", "us-gaap:EarningsPerShareDiluted", Q3Start, Q3End, 77_100_000_000m, "$77.1 billion");
        var (findings, facts) = new NarrativeCheck(TaxonomyLoader.Default).Check([.. Tables, eps, money]);
        Assert.Equal(FactStatus.Flagged, facts.Single(f => f.Table == "narrative").Status);
        Assert.Contains(findings, f => f.Severity == Severity.Warning && f.Message.Contains("in USD/share"));
    }
}
