using Kessan.Analysis;

namespace Kessan.Tests;

/// <summary>
/// Which figures can judge a forecast: the store reads only these (ReleaseHistory.CanJudge), so a figure the judge
/// needs and the window leaves out would turn a judged forecast into one without an actual.
/// </summary>
public class GuidanceWindowTests
{
    static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // A fourth-quarter target (Jan–Mar 2003 of a year ending in March): the quarter itself, the year ending with it
    // and the nine months before it (quarter = year − nine months).
    [InlineData("2003-01-01", "2003-03-31", "2003-01-01", "2003-03-31", true)]
    [InlineData("2003-01-01", "2003-03-31", "2002-04-01", "2003-03-31", true)]
    [InlineData("2003-01-01", "2003-03-31", "2002-04-01", "2002-12-31", true)]
    // The quarter before and the same quarter a year earlier judge nothing.
    [InlineData("2003-01-01", "2003-03-31", "2002-10-01", "2002-12-31", false)]
    [InlineData("2003-01-01", "2003-03-31", "2002-01-01", "2002-03-31", false)]
    // A full-year target: its parts (the half, the quarters after it) and the year itself; a later quarter does not.
    [InlineData("2002-04-01", "2003-03-31", "2002-04-01", "2002-09-30", true)]
    [InlineData("2002-04-01", "2003-03-31", "2002-10-01", "2002-12-31", true)]
    [InlineData("2002-04-01", "2003-03-31", "2003-04-01", "2003-06-30", false)]
    public void A_forecast_is_judged_by_its_period_its_parts_and_the_figures_its_fourth_quarter_is_derived_from(
        string targetStart, string targetEnd, string start, string end, bool judges) =>
        Assert.Equal(judges, ReleaseHistory.CanJudge(D(targetStart), D(targetEnd), D(start), D(end)));

    [Fact]
    public void An_instant_target_is_judged_by_the_figure_at_that_date_alone()
    {
        Assert.True(ReleaseHistory.CanJudge(null, D("2003-03-31"), null, D("2003-03-31")));
        Assert.False(ReleaseHistory.CanJudge(null, D("2003-03-31"), null, D("2002-12-31")));
    }
}
