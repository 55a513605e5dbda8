using Kessan.Periods;
using Kessan.Reading;
using Kessan.Tables;

namespace Kessan.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("3,404,016", "3404016", false)]
    [InlineData("(566,520)", "-566520", false)]
    [InlineData("(3.8%)", "-3.8", true)]
    [InlineData("32.2%", "32.2", true)]
    [InlineData("(-)251", "-251", false)]
    [InlineData("(+)50", "50", false)]
    [InlineData("▲97", "-97", false)]
    [InlineData("△1,234", "-1234", false)]
    [InlineData("-5.7%", "-5.7", true)]
    [InlineData("0", "0", false)]
    [InlineData("(50.40)", "-50.40", false)]
    [InlineData("$1,234", "1234", false)]
    public void Numbers_read_as_printed(string printed, string value, bool percent)
    {
        var t = NumberToken.Parse(printed);
        Assert.Equal(CellKind.Number, t.Kind);
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), t.Value);
        Assert.Equal(percent, t.IsPercent);
    }

    [Theory]
    [InlineData("", CellKind.Blank)]
    [InlineData("-", CellKind.Blank)]
    [InlineData("n.a", CellKind.NotAvailable)]
    [InlineData("NA", CellKind.NotAvailable)]
    [InlineData("n/a", CellKind.NotAvailable)]
    [InlineData("10,5", CellKind.Text)]
    [InlineData("1,23,456", CellKind.Text)]
    [InlineData("17,660,882 6,028,260", CellKind.Text)]
    [InlineData("7.064.1", CellKind.Text)]
    [InlineData("Dec 31, 2002", CellKind.Text)]
    public void Blanks_dashes_and_damage_are_not_numbers(string printed, CellKind kind) =>
        Assert.Equal(kind, NumberToken.Parse(printed).Kind);

    [Fact]
    public void Full_width_text_is_normalised_but_superscript_footnotes_survive()
    {
        Assert.Equal("売上高 (1,234) 5%", TextNormalizer.Normalize("売上高　（１，２３４）　５％"));
        Assert.Equal("Restricted Cash⁽²⁾", TextNormalizer.Normalize("Restricted Cash⁽²⁾"));
    }

    [Theory]
    [InlineData("Dedicated access services(2)", "Dedicated access services", "2")]
    [InlineData("Restricted Cash⁽²⁾", "Restricted Cash", "2")]
    [InlineData("Others ⁴", "Others", "4")]
    [InlineData("インターネットデータセンター接続サービス契約数 ^(*)3)", "インターネットデータセンター接続サービス契約数", "3")]
    [InlineData("<i>IIJ DSL/F</i> ^(*3) Maximum 1.5Mbps", "IIJ DSL/F Maximum 1.5Mbps", "3")]
    [InlineData("Current Assets:", "Current Assets", null)]
    [InlineData("IJ4U (Dial-up access services for retail market)", "IJ4U (Dial-up access services for retail market)", null)]
    public void Labels_lose_markup_and_footnote_marks(string printed, string label, string? footnote)
    {
        var (clean, notes) = LabelCleaner.Clean(printed);
        Assert.Equal(label, clean);
        if (footnote is null) Assert.Empty(notes); else Assert.Equal([footnote], notes);
    }

    static readonly FiscalCalendar March = new(3, NamedByStartYear: true);
    static readonly Duration Q = new Duration.Months(3);

    [Fact]
    public void Header_dates_and_quarter_labels_become_explicit_periods()
    {
        var dec = Assert.Single(PeriodHeader.Find("Dec 31, 2002"));
        Assert.Equal(new Period(new DateOnly(2002, 10, 1), new DateOnly(2002, 12, 31)), dec.Resolve(Q, March));
        Assert.Equal(new Period(new DateOnly(2002, 4, 1), new DateOnly(2002, 12, 31)), dec.Resolve(new Duration.Months(9), March));
        Assert.Equal(Period.Instant(new DateOnly(2003, 9, 30)), Assert.Single(PeriodHeader.Find("Sept 30, 2003")).Resolve(null, March));
        Assert.Equal(new Period(new DateOnly(2002, 4, 1), new DateOnly(2002, 6, 30)), Assert.Single(PeriodHeader.Find("2002年6月期")).Resolve(Q, March));
        Assert.Equal(new Period(new DateOnly(2002, 10, 1), new DateOnly(2002, 12, 31)), Assert.Single(PeriodHeader.Find("3Q02")).Resolve(Q, March));
        Assert.Equal(new Period(new DateOnly(2002, 1, 1), new DateOnly(2002, 3, 31)), Assert.Single(PeriodHeader.Find("4Q01")).Resolve(Q, March));
        Assert.Equal(new Period(new DateOnly(2003, 4, 1), new DateOnly(2003, 6, 30)), Assert.Single(PeriodHeader.Find("2003 年度第 1 四半期")).Resolve(Q, March));
        Assert.Equal(new DateOnly(2002, 12, 31), Assert.Single(PeriodHeader.Find("December 02")).Resolve(Q, March).End);
        Assert.Equal(2, PeriodHeader.Find("Jun 30, 2001 Jun 30, 2000").Count);
        Assert.Empty(PeriodHeader.Find("% of Total Revenues"));
    }

    [Fact]
    public void Fiscal_labels_follow_the_company_calendar()
    {
        Assert.Equal("FY2002 Q3", March.Label(new Period(new DateOnly(2002, 10, 1), new DateOnly(2002, 12, 31))));
        Assert.Equal("FY2002 Q4", March.Label(new Period(new DateOnly(2003, 1, 1), new DateOnly(2003, 3, 31))));
        Assert.Equal("FY2002 9M", March.Label(new Period(new DateOnly(2002, 4, 1), new DateOnly(2002, 12, 31))));
        Assert.Equal("FY2002", March.Label(new Period(new DateOnly(2002, 4, 1), new DateOnly(2003, 3, 31))));
        Assert.Equal("FY2003 Q1", March.Label(Period.Instant(new DateOnly(2003, 6, 30))));
        Assert.Equal("FY2024 Q2", FiscalCalendar.CalendarYear.Label(new Period(new DateOnly(2024, 4, 1), new DateOnly(2024, 6, 30))));
    }

    [Fact]
    public void Periods_shift_by_months_keeping_month_ends()
    {
        var q = new Period(new DateOnly(2002, 10, 1), new DateOnly(2002, 12, 31));
        Assert.Equal(new Period(new DateOnly(2001, 10, 1), new DateOnly(2001, 12, 31)), q.Shift(-12));
        Assert.Equal(new Period(new DateOnly(2002, 7, 1), new DateOnly(2002, 9, 30)), q.Shift(-3));
        Assert.Equal(Period.Instant(new DateOnly(2003, 2, 28)), Period.Instant(new DateOnly(2002, 11, 30)).Shift(3));
    }
}
