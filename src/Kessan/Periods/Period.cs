namespace Kessan.Periods;

/// <summary>
/// A reporting period with explicit dates: a duration (<see cref="Start"/> … <see cref="End"/>, both
/// inclusive) or an instant (<see cref="Start"/> null, a balance-sheet date).
/// </summary>
public readonly record struct Period
{
    public DateOnly? Start { get; }
    public DateOnly End { get; }

    public Period(DateOnly? start, DateOnly end)
    {
        if (start is { } s && s > end) throw new ArgumentException($"a period cannot start ({s:yyyy-MM-dd}) after it ends ({end:yyyy-MM-dd})");
        Start = start;
        End = end;
    }

    public void Deconstruct(out DateOnly? start, out DateOnly end) => (start, end) = (Start, End);

    public bool IsInstant => Start is null;

    public static Period Instant(DateOnly end) => new(null, end);

    /// <summary>The <paramref name="months"/> calendar months that end with the month of <paramref name="end"/>.</summary>
    public static Period MonthsEnding(DateOnly end, int months)
    {
        var firstOfEndMonth = new DateOnly(end.Year, end.Month, 1);
        return new(firstOfEndMonth.AddMonths(1 - months), end);
    }

    /// <summary>The <paramref name="weeks"/> whole weeks that end on <paramref name="end"/> (52/53-week years: "13 weeks ended November 2, 2024").</summary>
    public static Period WeeksEnding(DateOnly end, int weeks) => new(end.AddDays(1 - 7 * weeks), end);

    /// <summary>
    /// The length in months: exact for periods of whole calendar months, else the nearest whole number of months
    /// (13 weeks → 3, 39 weeks → 9, 21 Dec – 20 Dec → 12), so a week-based quarter is a quarter.
    /// </summary>
    public int Months
    {
        get
        {
            if (Start is not { } s) return 0;
            if (s.Day == 1 && End.Day == DateTime.DaysInMonth(End.Year, End.Month))
                return (End.Year - s.Year) * 12 + End.Month - s.Month + 1;
            var days = End.DayNumber - s.DayNumber + 1;
            return (int)Math.Round(days / 30.436875m, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The same span <paramref name="months"/> months later (earlier when negative), month ends kept as month ends.</summary>
    public Period Shift(int months)
    {
        var endMonth = new DateOnly(End.Year, End.Month, 1).AddMonths(months);
        var end = End.Day == DateTime.DaysInMonth(End.Year, End.Month) ? endMonth.AddMonths(1).AddDays(-1) : End.AddMonths(months);
        return new Period(Start?.AddMonths(months), end);
    }

    public override string ToString() => Start is { } s ? $"{s:yyyy-MM-dd}..{End:yyyy-MM-dd}" : $"{End:yyyy-MM-dd}";
}

/// <summary>How long a column's period runs, as its header says: months, weeks, or the year to date.</summary>
public abstract record Duration
{
    public sealed record Months(int Count) : Duration;
    public sealed record Weeks(int Count) : Duration;
    /// <summary>"Year to date", "累計": from the start of the fiscal year to the column's date.</summary>
    public sealed record YearToDate : Duration;
    /// <summary>A half of the fiscal year ("H1", "first half", 上半期), the first (1) or the second (2).</summary>
    public sealed record Half(int Which) : Duration;
}

/// <summary>How a company's periods end: on the last day of a month, on a fixed day of the month (the 20th), or on a weekday (52/53-week years).</summary>
public enum PeriodConvention { MonthEnd, FixedDay, Weekly }

/// <summary>
/// A company's fiscal year: the month it ends in, whether "FY2002" names its start or its end year, and how its
/// periods end (a strategy: month ends, a fixed day, or 52/53-week years whose quarters are 13 weeks).
/// </summary>
public sealed record FiscalCalendar(int YearEndMonth, bool NamedByStartYear, PeriodConvention Convention = PeriodConvention.MonthEnd)
{
    public static readonly FiscalCalendar CalendarYear = new(12, false);

    int StartMonth => YearEndMonth % 12 + 1;

    /// <summary>The days a 52/53-week calendar's years are known to end on (printed by the release), in order.</summary>
    public IReadOnlyList<DateOnly> YearEnds { get; init; } = [];

    /// <summary>True for a day that can close this calendar's year: in its year-end month, or in a week-based year's first
    /// days of the next month.</summary>
    public bool IsYearEnd(DateOnly date) =>
        (Convention == PeriodConvention.Weekly && date.Day <= 7 ? date.AddDays(-date.Day) : date).Month == YearEndMonth;

    /// <summary>
    /// The last day of fiscal year <paramref name="fiscalYear"/> of a 52/53-week calendar, from the nearest year end the
    /// release prints: a year before or after is 52 weeks away, or 53 where that keeps the end nearer its month's end.
    /// Null when none is printed.
    /// </summary>
    DateOnly? WeekYearEnd(int fiscalYear)
    {
        if (Convention != PeriodConvention.Weekly || YearEnds.Count == 0) return null;
        var known = YearEnds.MinBy(e => Math.Abs(FiscalYearOf(e) - fiscalYear));
        int steps = fiscalYear - FiscalYearOf(known);
        if (Math.Abs(steps) > 50) return null;
        var end = known;
        for (int i = 0; i < Math.Abs(steps); i++)
        {
            // Week-based years end on one weekday nearest their month's end (a 53rd week brings it back): of the two
            // days a year away, the one nearer that month's last day.
            int sign = Math.Sign(steps);
            var month = end.Month == YearEndMonth ? end : end.AddDays(-end.Day);
            int year = month.Year + sign;
            var target = new DateOnly(year, YearEndMonth, DateTime.DaysInMonth(year, YearEndMonth));
            var (short52, long53) = (end.AddDays(sign * 364), end.AddDays(sign * 371));
            end = Math.Abs(short52.DayNumber - target.DayNumber) <= Math.Abs(long53.DayNumber - target.DayNumber) ? short52 : long53;
        }
        return end;
    }

    /// <summary>The fiscal year a date falls in, by this calendar's naming (a 52/53-week year may end a few days into the next month).</summary>
    public int FiscalYearOf(DateOnly date)
    {
        if (Convention == PeriodConvention.Weekly && date.Day <= 7) date = date.AddDays(-date.Day);
        int endYear = date.Month <= YearEndMonth ? date.Year : date.Year + 1;
        return NamedByStartYear && YearEndMonth != 12 ? endYear - 1 : endYear;
    }

    /// <summary>The three months of quarter <paramref name="quarter"/> (1–4) of fiscal year <paramref name="fiscalYear"/>.</summary>
    public Period Quarter(int fiscalYear, int quarter)
    {
        // A 52/53-week year whose end is printed: quarters of 13 weeks from the previous year's end, the fourth to this one's.
        if (WeekYearEnd(fiscalYear) is { } yearEnd && WeekYearEnd(fiscalYear - 1) is { } previous)
            return new Period(previous.AddDays(91 * (quarter - 1) + 1), quarter == 4 ? yearEnd : previous.AddDays(91 * quarter));
        var start = YearStart(fiscalYear).AddMonths(3 * (quarter - 1));
        var end = start.AddMonths(3).AddDays(-1);
        return new Period(start, end);
    }

    /// <summary>The half <paramref name="which"/> (1 or 2) of fiscal year <paramref name="fiscalYear"/>.</summary>
    public Period HalfYear(int fiscalYear, int which)
    {
        if (WeekYearEnd(fiscalYear) is { } yearEnd && WeekYearEnd(fiscalYear - 1) is { } previous)
            return which == 1 ? new Period(previous.AddDays(1), previous.AddDays(182)) : new Period(previous.AddDays(183), yearEnd);
        var start = YearStart(fiscalYear).AddMonths(6 * (which - 1));
        return new Period(start, start.AddMonths(6).AddDays(-1));
    }

    DateOnly YearStart(int fiscalYear) =>
        new(YearEndMonth == 12 || NamedByStartYear ? fiscalYear : fiscalYear - 1, StartMonth, 1);

    /// <summary>
    /// The period of a column that ends on <paramref name="end"/> and runs <paramref name="duration"/> (null: an instant),
    /// by this calendar's convention: 3 months of a 52/53-week year are 13 weeks; of a year that ends on the 20th,
    /// the 21st three months before to the 20th.
    /// </summary>
    public Period Ending(DateOnly end, Duration? duration)
    {
        switch (duration)
        {
            case null: return Period.Instant(end);
            case Duration.Weeks w: return Period.WeeksEnding(end, w.Count);
            case Duration.Months m: return MonthsEnding(end, m.Count);
            case Duration.Half h: return MonthsEnding(end, 6);
            default:
                var fyEnd = Convention == PeriodConvention.Weekly && end.Day <= 7 ? end.AddDays(-end.Day) : end;
                int months = ((fyEnd.Month - YearEndMonth) % 12 + 12) % 12;
                return MonthsEnding(end, months == 0 ? 12 : months);
        }
    }

    Period MonthsEnding(DateOnly end, int months)
    {
        bool monthEnd = end.Day == DateTime.DaysInMonth(end.Year, end.Month);
        return Convention switch
        {
            PeriodConvention.Weekly when months % 3 == 0 && !monthEnd => Period.WeeksEnding(end, months / 3 * 13),
            PeriodConvention.FixedDay when !monthEnd => new Period(end.AddMonths(-months).AddDays(1), end),
            _ when !monthEnd && Convention == PeriodConvention.MonthEnd => new Period(end.AddMonths(-months).AddDays(1), end),
            _ => Period.MonthsEnding(end, months),
        };
    }

    /// <summary>"FY2002 Q3", "FY2002 9M", "FY2002" or, for an instant, the quarter it closes: derived, never a key.</summary>
    public string Label(Period p)
    {
        int fy = FiscalYearOf(p.End);
        var fyStart = YearStart(fy);
        var end = Convention == PeriodConvention.Weekly && p.End.Day <= 7 ? p.End.AddDays(-p.End.Day) : p.End;
        int monthsIntoYear = (end.Year - fyStart.Year) * 12 + end.Month - fyStart.Month + 1;
        bool endsQuarter = monthsIntoYear % 3 == 0;
        if (p.IsInstant || p.Months == 3)
            return endsQuarter ? $"FY{fy} Q{monthsIntoYear / 3}" : $"FY{fy} M{monthsIntoYear}";
        if (p.Months == 12 && monthsIntoYear == 12) return $"FY{fy}";
        return $"FY{fy} {p.Months}M";
    }
}
