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
