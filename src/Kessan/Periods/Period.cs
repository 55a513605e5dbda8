namespace Kessan.Periods;

/// <summary>
/// A reporting period with explicit dates: a duration (<see cref="Start"/> … <see cref="End"/>, both
/// inclusive) or an instant (<see cref="Start"/> null, a balance-sheet date).
/// </summary>
public readonly record struct Period(DateOnly? Start, DateOnly End)
{
    public bool IsInstant => Start is null;

    public static Period Instant(DateOnly end) => new(null, end);

    /// <summary>The <paramref name="months"/> calendar months that end with the month of <paramref name="end"/>.</summary>
    public static Period MonthsEnding(DateOnly end, int months)
    {
        var firstOfEndMonth = new DateOnly(end.Year, end.Month, 1);
        return new(firstOfEndMonth.AddMonths(1 - months), end);
    }

    public int Months => Start is { } s ? (End.Year - s.Year) * 12 + End.Month - s.Month + 1 : 0;

    /// <summary>The same span <paramref name="months"/> months later (earlier when negative), month ends kept as month ends.</summary>
    public Period Shift(int months)
    {
        var endMonth = new DateOnly(End.Year, End.Month, 1).AddMonths(months);
        var end = End.Day == DateTime.DaysInMonth(End.Year, End.Month) ? endMonth.AddMonths(1).AddDays(-1) : End.AddMonths(months);
        return new Period(Start?.AddMonths(months), end);
    }

    public override string ToString() => Start is { } s ? $"{s:yyyy-MM-dd}..{End:yyyy-MM-dd}" : $"{End:yyyy-MM-dd}";
}

/// <summary>A company's fiscal year: the month it ends in and whether "FY2002" names its start or its end year.</summary>
public sealed record FiscalCalendar(int YearEndMonth, bool NamedByStartYear)
{
    public static readonly FiscalCalendar CalendarYear = new(12, false);

    int StartMonth => YearEndMonth % 12 + 1;

    /// <summary>The fiscal year a date falls in, by this calendar's naming.</summary>
    public int FiscalYearOf(DateOnly date)
    {
        int endYear = date.Month <= YearEndMonth ? date.Year : date.Year + 1;
        return NamedByStartYear && YearEndMonth != 12 ? endYear - 1 : endYear;
    }

    /// <summary>The three months of quarter <paramref name="quarter"/> (1–4) of fiscal year <paramref name="fiscalYear"/>.</summary>
    public Period Quarter(int fiscalYear, int quarter)
    {
        var start = YearStart(fiscalYear).AddMonths(3 * (quarter - 1));
        var end = start.AddMonths(3).AddDays(-1);
        return new Period(start, end);
    }

    DateOnly YearStart(int fiscalYear) =>
        new(YearEndMonth == 12 || NamedByStartYear ? fiscalYear : fiscalYear - 1, StartMonth, 1);

    /// <summary>"FY2002 Q3", "FY2002 9M", "FY2002" or, for an instant, the quarter it closes: derived, never a key.</summary>
    public string Label(Period p)
    {
        int fy = FiscalYearOf(p.End);
        var fyStart = YearStart(fy);
        int monthsIntoYear = (p.End.Year - fyStart.Year) * 12 + p.End.Month - fyStart.Month + 1;
        bool endsQuarter = monthsIntoYear % 3 == 0;
        if (p.IsInstant || p.Months == 3)
            return endsQuarter ? $"FY{fy} Q{monthsIntoYear / 3}" : $"FY{fy} M{monthsIntoYear}";
        if (p.Months == 12 && monthsIntoYear == 12) return $"FY{fy}";
        return $"FY{fy} {p.Months}M";
    }
}
