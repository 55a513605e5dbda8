using Kessan.Proof;

namespace Kessan.Tests;

public sealed class IntervalTests
{
    [Fact]
    public void Printed_values_are_intervals_and_sums_of_rounded_figures_tie_within_their_rounding()
    {
        // 1.4 + 2.4 = 3.8 printed as 4 when each is rounded to a unit: 1 + 2 vs 4 is consistent (XBRL Calc 1.1).
        var a = Interval.Around(1, 0.5m); var b = Interval.Around(2, 0.5m); var t = Interval.Around(4, 0.5m);
        Assert.True((a + b).Intersects(t));
        Assert.False((a + b).Intersects(Interval.Around(5, 0.5m)));
        Assert.Equal(new Interval(-2.5m, -1.5m), Interval.Around(2, 0.5m).Times(-1));
        Assert.Null(Interval.Divide(Interval.Point(1), new Interval(-1, 1)));
        var q = Interval.Divide(Interval.Around(776_173, 0.5m).Times(100), Interval.Around(10_563_578, 0.5m))!.Value;
        Assert.False(q.Intersects(Interval.Around(7.4m, 0.05m))); // 000's dial-up % is 7.35: printed 7.4 to foot
        Assert.True(q.Intersects(Interval.Around(7.3m, 0.05m)));
    }
}

public sealed class MisprintTests
{
    [Theory]
    [InlineData("12374744", false, "12574744", false, true)]   // one digit
    [InlineData("2767", false, "27617", false, true)]          // a digit dropped
    [InlineData("464481", false, "464418", false, true)]       // adjacent digits swapped
    [InlineData("1719981", true, "1719981", false, true)]      // sign
    [InlineData("12374744", false, "12574745", false, false)]  // two digits
    [InlineData("0", true, "0", false, false)]                 // −0 = 0
    public void One_keystroke_neighbours(string a, bool negA, string b, bool negB, bool expected) =>
        Assert.Equal(expected, Misprint.IsNeighbour(a, negA, b, negB));
}

public sealed class WeightInferenceTests
{
    [Fact]
    public void A_line_printed_with_the_other_sign_in_every_column_gets_its_weight_from_the_columns()
    {
        // "Other expenses" printed positive and subtracted: the taxonomy's +1 (as the seeds print it, negative) fails
        // in all three columns, −1 ties in all three: an info finding records the inference, no error.
        var text = string.Join('\n',
            "Internet Initiative Japan Inc.", "",
            "CONSOLIDATED STATEMENTS OF OPERATIONS",
            "For the Three Months Ended Dec 31, 2002, Dec 31, 2001 and Sept 30, 2002",
            "(Expressed in Thousands of Japanese Yen (JPY))", "",
            "\tDec 31, 2002\tDec 31, 2001\tSept 30, 2002",
            "\tJPY\tJPY\tJPY",
            "Total revenues\t10,563,578\t9,933,634\t10,568,342",
            "Total costs and expenses\t11,130,098\t9,782,257\t10,762,124",
            "Operating income (loss)\t(566,520)\t151,377\t(193,782)",
            "Other expenses\t228,058\t113,705\t160,247",
            "Income(Loss) before income tax expense(benefit)\t(794,578)\t37,672\t(354,029)", "",
            // Text after the excerpt: a statement that reaches the end of the file without its closing row is a cut-off file.
            "The figures above are an excerpt of the statement.", "");
        var doc = Kessan.Reading.DocumentReader.Read("weights.txt", "weights.txt", System.Text.Encoding.UTF8.GetBytes(text));
        var proof = new Kessan.Ingestion.Ingestor(null!, Kessan.Taxonomy.TaxonomyLoader.Default).Analyze(doc).Proof;
        Assert.DoesNotContain(proof.Findings, f => f.Severity != Severity.Info);
        var inferred = Assert.Single(proof.Findings, f => f.Rule == "sum" && f.Severity == Severity.Info);
        Assert.Equal((12, -1m, 1m), (inferred.Line, inferred.Expected, inferred.Found));
        Assert.Contains("inferred from 3 period columns", inferred.Message);
        Assert.Equal(15, proof.Proven);
    }
}

public sealed class NarrativeRereadTests
{
    [Fact]
    public void A_sentence_figure_moved_to_the_period_an_equal_figure_has_is_flagged_not_passed_as_proven()
    {
        // The sentence says the second quarter of 2026, but its figure is the 2025 quarter's: Kessan may read it as
        // that period's, never with status ok, since the period rests on the equal figure and not on the words.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("reread.txt");
        File.WriteAllText(path, "Fernhill Systems Inc. reported net income of $1,195 million for the second quarter of 2026.\n\n"
            + File.ReadAllText(TestPaths.Fixture("fernhill-q2-2026-workiva.txt")));
        var a = TestPaths.Analyze(path);
        var said = Assert.Single(a.Proof.Facts, f => f.Table == "narrative" && f.Concept == "us-gaap:NetIncomeLoss");
        Assert.Equal(1_195_000_000m, said.Value);
        Assert.Equal(new DateOnly(2025, 6, 30), said.PeriodEnd);
        Assert.Equal(Kessan.Facts.FactStatus.Flagged, said.Status);
        Assert.Contains(a.Proof.Findings, f => f.Rule == "narrative" && f.Line == 1 && f.Message.Contains("read as that period's", StringComparison.Ordinal));
    }
}
