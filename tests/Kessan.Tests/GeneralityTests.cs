using System.Globalization;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// Releases of companies, layouts and phrasings Kessan has no company file for (self-written fixtures, invented
/// companies and figures whose identities hold): a UK IFRS half year in £m with 26/52-week columns and pence per share,
/// a German quarterly statement with decimal commas, en-dash minus signs, "Q3 2024" beside "9M 2024" and "n.m."
/// cells, a Hong Kong annual announcement in RMB'000 with a Notes column and year-only columns, and an EDGAR EX-99.1
/// HTML page with "$" and ")" in their own cells under "Three Months Ended" / "Six Months Ended" spans. Each must read
/// every figure with its concept, dates, unit and scale, prove clean, and say so when a release leaves something out.
/// </summary>
public sealed class GeneralityTests
{
    static string Fixture(string name) => TestPaths.Fixture(name);

    static DocumentAnalysis Analyze(string path) => TestPaths.Analyze(path);

    /// <summary>The same release with one edit, written beside the test (what a release that omits something looks like).</summary>
    static DocumentAnalysis AnalyzeEdited(string fixture, string from, string to) => AnalyzeEdited(fixture, (from, to));

    /// <summary>The same release with each edit made in turn.</summary>
    static DocumentAnalysis AnalyzeEdited(string fixture, params (string From, string To)[] edits)
    {
        var text = File.ReadAllText(Fixture(fixture));
        foreach (var (from, to) in edits)
        {
            Assert.Contains(from, text);
            text = text.Replace(from, to);
        }
        using var dir = new TestPaths.TempDir();
        var path = dir.File(fixture);
        File.WriteAllText(path, text);
        return Analyze(path);
    }

    static Fact One(DocumentAnalysis a, string label, string start, string end)
    {
        DateOnly? s = start.Length == 0 ? null : DateOnly.Parse(start, CultureInfo.InvariantCulture);
        var e = DateOnly.Parse(end, CultureInfo.InvariantCulture);
        return Assert.Single(a.Proof.Facts, f => f.Label == label && f.PeriodStart == s && f.PeriodEnd == e && f.Table != "narrative");
    }

    static void NoErrors(DocumentAnalysis a) =>
        Assert.DoesNotContain(a.Proof.Findings, f => f.Severity != Severity.Info && f.Rule != "narrative");

    [Fact]
    public void Uk_ifrs_half_year_in_pounds_million_with_week_periods_and_pence()
    {
        var a = Analyze(Fixture("aldermoor-h1-2025-uk.txt"));
        NoErrors(a);
        Assert.All(a.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Ok, f.Status));
        // "26 weeks ended 28 June 2025" and "52 weeks ended 28 December 2024": exact week spans, "£m" under each date.
        var revenue = One(a, "Revenue", "2024-12-29", "2025-06-28");
        Assert.Equal(("us-gaap:Revenues", 1_482_600_000m, "GBP", "income_ytd"), (revenue.Concept, revenue.Value, revenue.Unit, revenue.Table));
        Assert.Equal(2_904_800_000m, One(a, "Revenue", "2023-12-31", "2024-12-28").Value);
        Assert.Equal(-962_100_000m, One(a, "Cost of sales", "2024-12-29", "2025-06-28").Value);
        Assert.Equal("us-gaap:IncomeTaxExpenseBenefit", One(a, "Taxation", "2023-12-31", "2024-06-29").Concept);
        Assert.Equal("us-gaap:GeneralAndAdministrativeExpense", One(a, "Administrative expenses", "2024-12-29", "2025-06-28").Concept);
        // "Profit for the period attributable to: Owners of the parent / Non-controlling interests".
        Assert.Equal((118_400_000m, "us-gaap:NetIncomeLoss"), (One(a, "Owners of the parent", "2024-12-29", "2025-06-28").Value, One(a, "Owners of the parent", "2024-12-29", "2025-06-28").Concept));
        Assert.Equal("us-gaap:MinorityInterestInNetIncomeLossOfConsolidatedEntities", One(a, "Non-controlling interests", "2024-12-29", "2025-06-28").Concept);
        // Pence are hundredths of a pound; per-share figures are otherwise never scaled.
        var eps = One(a, "Basic (pence)", "2024-12-29", "2025-06-28");
        Assert.Equal(("us-gaap:EarningsPerShareBasic", 0.237m, "GBP/share"), (eps.Concept, eps.Value, eps.Unit));
        Assert.Equal(500_000_000m, Assert.Single(a.Proof.Facts, f => f.Unit == "count" && f.Label == "Basic" && f.PeriodEnd == new DateOnly(2025, 6, 28)).Value);
        // A net-assets balance sheet (liabilities printed negative, "Net assets" = "Total equity") closes the release.
        var equity = One(a, "Total equity", "", "2024-12-28");
        Assert.Equal((703_100_000m, "balance"), (equity.Value, equity.Table));
        Assert.Equal(-882_800_000m, One(a, "Total liabilities", "", "2025-06-28").Value);
    }

    [Fact]
    public void Uk_release_without_its_scale_is_flagged_not_read_as_pounds()
    {
        // The same release with its "£m" unit rows gone: the figures are neither scaled silently nor passed as proven.
        var a = AnalyzeEdited("aldermoor-h1-2025-uk.txt", "£m                £m                £m", "");
        var revenue = One(a, "Revenue", "2024-12-29", "2025-06-28");
        Assert.Equal(FactStatus.Flagged, revenue.Status);
        Assert.Contains(a.Proof.Findings, f => f.Rule == "parse" && f.Severity == Severity.Warning && f.Message.Contains("prints no scale", StringComparison.Ordinal));
    }

    [Fact]
    public void European_quarterly_statement_with_decimal_commas_quarter_and_nine_month_columns()
    {
        var a = Analyze(Fixture("velmora-q3-2024-eu.txt"));
        NoErrors(a);
        // "Q3 2024" is the quarter, "9M 2024" the nine months to its end, though the header names both durations.
        var q3 = One(a, "Revenue", "2024-07-01", "2024-09-30");
        Assert.Equal((1_248_600_000m, "EUR", "1.248,6"), (q3.Value, q3.Unit, q3.Printed));
        Assert.Equal(3_561_900_000m, One(a, "Revenue", "2023-01-01", "2023-09-30").Value);
        // "−811,6" (minus sign) and "–18,7" (en dash) are negative; "n.m." is no figure.
        Assert.Equal(-811_600_000m, One(a, "Cost of sales", "2024-07-01", "2024-09-30").Value);
        Assert.Equal(-18_700_000m, One(a, "Financial result", "2024-07-01", "2024-09-30").Value);
        Assert.Equal(2_600_000m, One(a, "Other operating income/expenses", "2023-07-01", "2023-09-30").Value);
        Assert.Equal("us-gaap:OperatingIncomeLoss", One(a, "EBIT", "2024-01-01", "2024-09-30").Concept);
        // The change column printed only on some lines is its own column, not glued to the figure beside it.
        Assert.DoesNotContain(a.Proof.Facts, f => f.Table != "narrative" && (f.Printed.Contains('%') || f.Printed.Contains(' ')));
        Assert.Equal(4, a.Proof.Facts.Count(f => f.Label == "Revenue" && f.Table != "narrative"));
        var eps = One(a, "Earnings per share (€)", "2024-01-01", "2024-09-30");
        Assert.Equal((3.71m, "EUR/share"), (eps.Value, eps.Unit));
        Assert.Equal(4_520_600_000m, One(a, "Total equity and liabilities", "", "2024-09-30").Value);
        Assert.Equal("us-gaap:LiabilitiesAndStockholdersEquity", One(a, "Total equity and liabilities", "", "2023-12-31").Concept);
    }

    [Fact]
    public void European_statement_without_a_currency_is_flagged()
    {
        var a = AnalyzeEdited("velmora-q3-2024-eu.txt", "€ million ", "  million ");
        var q3 = One(a, "Revenue", "2024-07-01", "2024-09-30");
        Assert.Equal((TableBuilder.UnknownCurrency, FactStatus.Flagged), (q3.Unit, q3.Status));
        Assert.Contains(a.Proof.Findings, f => f.Rule == "parse" && f.Severity != Severity.Info);
    }

    [Fact]
    public void Hong_kong_announcement_in_rmb_thousands_with_notes_column_and_year_columns()
    {
        var a = Analyze(Fixture("hanshan-fy2024-hk.txt"));
        NoErrors(a);
        Assert.All(a.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Ok, f.Status));
        // "2024" over "RMB'000" under "For the year ended 31 December 2024": the calendar year, in thousands of yuan.
        var revenue = One(a, "Revenue", "2024-01-01", "2024-12-31");
        Assert.Equal((3_586_240_000m, "CNY", "3,586,240"), (revenue.Value, revenue.Unit, revenue.Printed));
        Assert.Equal(3_214_870_000m, One(a, "Revenue", "2023-01-01", "2023-12-31").Value);
        // The note number "6" printed before the figure is a reference, not part of it.
        Assert.Equal(-31_250_000m, One(a, "Finance costs", "2024-01-01", "2024-12-31").Value);
        Assert.Equal(394_410_000m, One(a, "Profit before tax", "2024-01-01", "2024-12-31").Value);
        Assert.Equal(287_360_000m, One(a, "Owners of the parent", "2024-01-01", "2024-12-31").Value);
        // RMB cents per share: hundredths of a yuan.
        Assert.Equal((0.2395m, "CNY/share"), (One(a, "Basic and diluted (RMB cents)", "2024-01-01", "2024-12-31").Value, One(a, "Basic and diluted (RMB cents)", "2024-01-01", "2024-12-31").Unit));
        Assert.Equal(621_870_000m, One(a, "Trade receivables", "", "2024-12-31").Value);
        Assert.Equal(1_986_010_000m, One(a, "Total equity", "", "2023-12-31").Value);
        Assert.Equal("us-gaap:MinorityInterest", One(a, "Non-controlling interests", "", "2024-12-31").Concept);
    }

    [Fact]
    public void Year_columns_without_a_dated_title_are_no_periods()
    {
        // Without "For the year ended 31 December 2024" and its balance-sheet date, "2024" says no day: nothing is guessed.
        var text = File.ReadAllText(Fixture("hanshan-fy2024-hk.txt"))
            .Replace("For the year ended 31 December 2024\n", "\n").Replace("\n31 December 2024\n", "\n\n");
        using var dir = new TestPaths.TempDir();
        var path = dir.File("undated.txt");
        File.WriteAllText(path, text);
        var error = Assert.Throws<DocumentRejectedException>(() => Analyze(path));
        Assert.Contains("no financial table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Edgar_html_with_sign_and_parenthesis_cells_under_spanning_headers()
    {
        var a = Analyze(Fixture("cobaltine-q2-2025-ex99.htm"));
        NoErrors(a);
        // 52/53-week year (balance sheet at December 28, 2024): the quarter is 13 weeks, the six months 26.
        var q = One(a, "Net revenue", "2025-03-30", "2025-06-28");
        Assert.Equal((2_418_000_000m, "USD", "us-gaap:Revenues"), (q.Value, q.Unit, q.Concept));
        Assert.Equal(4_251_000_000m, One(a, "Net revenue", "2023-12-31", "2024-06-29").Value);
        // "(" glued to the digits and ")" in the next cell: negative.
        Assert.Equal(-12_000_000m, One(a, "Interest and other income (expense), net", "2025-03-30", "2025-06-28").Value);
        Assert.Equal((2.22m, "USD/share"), (Assert.Single(a.Proof.Facts, f => f.Concept == "us-gaap:EarningsPerShareBasic" && f.PeriodStart == new DateOnly(2024, 12, 29)).Value, "USD/share"));
        Assert.Equal(252_000_000m, Assert.Single(a.Proof.Facts, f => f.Concept == "us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding" && f.PeriodStart == new DateOnly(2024, 12, 29)).Value);
        Assert.Equal(4_514_000_000m, One(a, "Total assets", "", "2024-12-28").Value);
        Assert.All(a.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Ok, f.Status));
    }

    [Theory]
    [InlineData("1.248,6", 1248.6, 1)]
    [InlineData("437,0", 437.0, 1)]
    [InlineData("−2.409,3", -2409.3, 1)]
    [InlineData("–18,7", -18.7, 1)]
    [InlineData("(71,30)", -71.30, 2)]
    [InlineData("12 345,67", 12345.67, 2)]
    public void Decimal_comma_figures_read_as_printed(string printed, double value, int decimals)
    {
        using var german = NumberToken.ReadDecimalCommas(true);
        var t = NumberToken.Parse(printed);
        Assert.Equal((CellKind.Number, (decimal)value, decimals), (t.Kind, t.Value, t.Decimals));
    }

    [Theory]
    [InlineData("1,234")]    // a thousands separator, not a decimal comma
    [InlineData("1.23,4")]   // groups of three only
    [InlineData("1,2,3")]
    public void Ambiguous_or_malformed_commas_are_not_decimal_commas(string printed)
    {
        using var german = NumberToken.ReadDecimalCommas(true);
        var t = NumberToken.Parse(printed);
        Assert.False(t.Kind == CellKind.Number && t.Decimals > 0);
    }

    [Fact]
    public void A_comma_is_a_decimal_mark_only_where_the_document_writes_decimals_so()
    {
        // "10,5" in a release that writes "1,248.6" is damage (a comma for a point), not ten and a half.
        Assert.Equal(CellKind.Text, NumberToken.Parse("10,5").Kind);
        Assert.True(NumberToken.DecimalCommaDocument(["Revenue  1.248,6  1.190,2", "Cost  −2.409,3  −2.330,1", "Revenue rose to €1,248.6 million."]));
        Assert.False(NumberToken.DecimalCommaDocument(["Revenue  1,248.6  1,190.2  10,5", "Cost  2,409.3  2,330.1  1.234,5"]));
    }

    [Theory]
    [InlineData("30.06.2025", 2025, 6, 30)]
    [InlineData("30/06/2025", 2025, 6, 30)]
    [InlineData("06/30/2025", 2025, 6, 30)]
    [InlineData("31-03-2025", 2025, 3, 31)]
    [InlineData("2025-09-30", 2025, 9, 30)]
    [InlineData("30.09.25", 2025, 9, 30)]
    [InlineData("31-Mar-25", 2025, 3, 31)]
    [InlineData("30-Jun-2025", 2025, 6, 30)]
    [InlineData("Mar-25", 2025, 3, 31)]
    [InlineData("Dec'24", 2024, 12, 31)]
    [InlineData("Sep 2025", 2025, 9, 30)]
    [InlineData("Dec. 2024", 2024, 12, 31)]
    // Both parts could be the month: the one reading that is a month's end (a closing date) is the date.
    [InlineData("12/31/2024", 2024, 12, 31)]
    [InlineData("04/30/2025", 2025, 4, 30)]
    public void Dates_in_figures_are_closing_dates(string header, int y, int m, int d) =>
        Assert.Equal(new PeriodAnchor.EndDate(new DateOnly(y, m, d)), Assert.Single(PeriodHeader.Find(header)));

    [Theory]
    // A quarter or the interim of a fiscal year named by its closing month ends that many quarters before it.
    [InlineData("2025年3月期第2四半期", 2024, 9, 30)]
    [InlineData("平成26年3月期第1四半期", 2013, 6, 30)]
    [InlineData("2025年3月期中間期", 2024, 9, 30)]
    [InlineData("2025年12月期第3四半期", 2025, 9, 30)]
    [InlineData("2024年3月期", 2024, 3, 31)]
    public void Japanese_fiscal_periods_named_by_the_year_end_close_on_their_own_quarter(string header, int y, int m, int d) =>
        Assert.Equal(new PeriodAnchor.EndDate(new DateOnly(y, m, d)), Assert.Single(PeriodHeader.Find(header)));

    [Theory]
    [InlineData("(自 2023年4月1日 至 2023年9月30日)")]
    [InlineData("2023年4月1日~2023年9月30日")]
    [InlineData("2024年3月期第2四半期 (2023年4月1日~2023年9月30日)")]
    public void A_from_to_range_is_one_period(string header) =>
        Assert.Equal(new PeriodAnchor.Span(new Periods.Period(new DateOnly(2023, 4, 1), new DateOnly(2023, 9, 30))), Assert.Single(PeriodHeader.Find(header)));

    [Fact]
    public void To_without_from_joins_no_two_columns_dates() =>
        Assert.All(PeriodHeader.Find("至 2023年9月30日)         至 2024年9月30日)"), a => Assert.IsType<PeriodAnchor.EndDate>(a));

    [Theory]
    [InlineData("Q3/2025", 2025, 3)]
    [InlineData("Q3-2025", 2025, 3)]
    [InlineData("Q3 FY2025/26", 2026, 3)]
    public void Quarters_with_a_separator_or_a_split_year_name_their_quarter(string header, int year, int quarter) =>
        Assert.Equal(new PeriodAnchor.FiscalQuarter(year, quarter), Assert.Single(PeriodHeader.Find(header)));

    [Theory]
    [InlineData("FY 2024/25", 2025)]
    [InlineData("FY24/25", 2025)]
    [InlineData("2024/25", 2025)]
    [InlineData("FY2025/2026", 2026)]
    public void A_fiscal_year_printed_as_two_years_is_the_year_it_ends_in(string header, int year)
    {
        var (text, anchor) = Assert.Single(PeriodHeader.FindWithText(header));
        Assert.Equal(new PeriodAnchor.FullYear(year), anchor);
        Assert.Equal(header, text);
    }

    [Theory]
    [InlineData("H1/2025", 2025, 1)]
    [InlineData("HY 2025", 2025, 1)]
    public void Interim_labels_name_the_first_half(string header, int year, int half) =>
        Assert.Equal(new PeriodAnchor.FiscalHalf(year, half), Assert.Single(PeriodHeader.Find(header)));

    [Theory]
    [InlineData("01/03/2025")] // 1 March or 3 January: neither a month's end, so no date
    [InlineData("1.2.25")]     // numbering, not a date
    [InlineData("31.02.2025")] // no such day in figures
    [InlineData("12,450.32")]
    [InlineData("12/13")]      // two figures, not a split year without FY
    public void Figures_that_are_no_certain_date_are_no_period(string header) => Assert.Empty(PeriodHeader.Find(header));

    [Theory]
    [InlineData("9M 2024", 2024, 9)]
    [InlineData("6M FY25", 2025, 6)]
    public void Month_count_labels_name_months_to_a_quarter_end(string header, int year, int months) =>
        Assert.Equal(new PeriodAnchor.FiscalMonths(year, months), Assert.Single(PeriodHeader.Find(header)));

    [Theory]
    [InlineData("Q3 FY2024", 2024, 3)]
    [InlineData("3Q24", 2024, 3)]
    public void Fiscal_period_labels_name_their_quarter(string header, int year, int quarter) =>
        Assert.Equal(new PeriodAnchor.FiscalQuarter(year, quarter), Assert.Single(PeriodHeader.Find(header)));

    [Theory]
    [InlineData("FY2024", 2024)]
    [InlineData("FY24", 2024)]
    [InlineData("FY 2023", 2023)]
    public void Fiscal_year_labels_name_the_year(string header, int year) =>
        Assert.Equal(new PeriodAnchor.FullYear(year), Assert.Single(PeriodHeader.Find(header)));

    [Fact]
    public void A_forecast_for_a_dated_quarter_is_guidance_and_one_whose_period_is_not_read_is_no_figure_of_this_quarter()
    {
        var a = AnalyzeEdited("northwind-q2-2005-ruled.txt", "up 16% from the same quarter a year ago.",
            "up 16% from the same quarter a year ago.\n\nFor the quarter ending September 30, 2005, the company expects total revenues to be between "
            + "$67.0 million and $70.5 million. Looking further out, the company expects operating income of $9.9 million in the coming period.");
        var g = Assert.Single(a.Proof.Facts, f => f.Table == "guidance");
        Assert.Equal(("us-gaap:Revenues", (DateOnly?)new DateOnly(2005, 7, 1), new DateOnly(2005, 9, 30), 67_000_000m, (decimal?)70_500_000m, "USD"),
            (g.Concept, g.PeriodStart, g.PeriodEnd, g.Low, g.High, g.Unit));
        // "the coming period" names no period Kessan reads: $9.9 million is not the second quarter's operating income.
        Assert.DoesNotContain(a.Proof.Facts, f => f.Value == 9_900_000m);
    }

    [Fact]
    public void A_per_share_column_beside_a_money_column_of_the_same_period_is_per_share_never_scaled()
    {
        // "Pretax | Per Diluted Share" under each quarter, in a table "($ in millions, except per share amounts)".
        var a = Analyze(Fixture("ostrava-q2-2025-items.txt"));
        var items = a.Proof.Facts.Where(f => f.Label.StartsWith("Restructuring charges", StringComparison.Ordinal)).ToList();
        var pretax = Assert.Single(items, f => f.PeriodEnd == new DateOnly(2025, 6, 30) && f.Unit == "USD");
        Assert.Equal((14_000_000m, "$14.0"), (pretax.Value, pretax.Printed));
        var perShare = Assert.Single(items, f => f.PeriodEnd == new DateOnly(2025, 6, 30) && f.Unit == "USD/share");
        Assert.Equal((0.22m, "$0.22", 2), (perShare.Value, perShare.Printed, perShare.Decimals));
        // Its own concept: a money concept never carries a per-share unit.
        Assert.NotEqual(pretax.Concept, perShare.Concept);
        Assert.Equal("Restructuring charges per share", perShare.Label);
        Assert.Equal((-0.04m, "USD/share"), Assert.Single(a.Proof.Facts, f => f.Label == "Total per share" && f.PeriodEnd == new DateOnly(2024, 6, 30)) is var t ? (t.Value, t.Unit) : default);
        // No figure of the table's per-share columns is stored at the table's scale.
        Assert.DoesNotContain(a.Proof.Facts, f => f.Unit == "USD" && f.Printed is "$0.22" or "0.05" or "(0.14)" or "$0.27" or "$0.10");
        // The statement beside it is read as before: money in millions, earnings per share unscaled.
        Assert.Equal(812_000_000m, One(a, "Net sales", "2025-04-01", "2025-06-30").Value);
        Assert.Equal(("USD/share", 1.91m), One(a, "Diluted earnings per share", "2025-04-01", "2025-06-30") is var e ? (e.Unit, e.Value) : default);
    }

    [Fact]
    public void A_line_printed_under_two_sections_is_two_concepts_and_a_ttm_column_is_the_twelve_months_to_its_quarter()
    {
        var a = Analyze(Fixture("ostrava-q2-2025-segments.txt"));
        // "Power Tools" under "Revenues:" and under "Operating income (loss):": one name would mix both in every series.
        var tools = a.Proof.Facts.Where(f => f.Label == "Power Tools" && f.PeriodEnd == new DateOnly(2025, 6, 30)).ToList();
        Assert.Equal(2, tools.Count);
        Assert.Equal(2, tools.Select(f => f.Concept).Distinct().Count());
        Assert.Equal([101_900_000m, 548_000_000m], tools.Select(f => f.Value).Order());
        Assert.All(a.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Ok, f.Status));
        // "TTM" over "Q2 2025": July 2024 to June 2025, beside the quarter's own column.
        var fcf = a.Proof.Facts.Where(f => f.Label == "Free cash flow" && f.PeriodEnd == new DateOnly(2025, 6, 30)).ToList();
        Assert.Equal(327_200_000m, Assert.Single(fcf, f => f.PeriodStart == new DateOnly(2024, 7, 1)).Value);
        Assert.Equal(88_200_000m, Assert.Single(fcf, f => f.PeriodStart == new DateOnly(2025, 4, 1)).Value);
        Assert.Equal(79_200_000m, One(a, "Free cash flow", "2024-07-01", "2024-09-30").Value);
    }

    [Fact]
    public void A_schedule_whose_rows_are_years_is_not_the_quarter_of_its_column()
    {
        // "Estimated future amortization as of June 30, 2025": Fiscal 2026 … Thereafter are the rows' years, not Q2 2025.
        var a = AnalyzeEdited("ostrava-q2-2025-items.txt", "$ (0.04)\n", """
            $ (0.04)


                Estimated future amortization expense ($ in millions):

                                                 June 30,       June 30,
                                                   2025           2024
                Fiscal 2026                      $ 40.2         $ 36.1
                Fiscal 2027                        38.0           33.4
                Thereafter                         51.5           60.2
                Total                            $ 129.7        $ 129.7

            """);
        var schedule = a.Proof.Facts.Where(f => f.Label is "Fiscal 2026" or "Fiscal 2027" or "Thereafter").ToList();
        Assert.Equal(6, schedule.Count);
        Assert.All(schedule, f => Assert.Equal(FactStatus.Flagged, f.Status));
        Assert.Contains(a.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("prints years as its rows ('Fiscal 2026'"));
        // The statement above it keeps its figures.
        Assert.Equal(FactStatus.Ok, One(a, "Net sales", "2025-04-01", "2025-06-30").Status);
    }

    [Fact]
    public void Dates_with_no_length_are_days_in_a_supplementary_table_and_a_flagged_guess_in_a_statement()
    {
        // Inventories and store counts under bare dates: balances at those days, not the quarters ending on them; the
        // stores are counted, not in millions.
        var supplement = AnalyzeEdited("ostrava-q2-2025-items.txt", "$ (0.04)\n", """
            $ (0.04)


                Inventories and stores ($ in millions):

                                   June 30,   June 30,   December 31,
                                     2025       2024         2024
                Inventories        $ 301.4    $ 288.0      $ 275.9
                Number of stores        57         54           55
                Full-time employees  1,204      1,150        1,180
                Online sales          41.2       36.5        150.3

            """);
        var stores = supplement.Proof.Facts.Where(f => f.Label == "Number of stores").ToList();
        Assert.Equal(3, stores.Count);
        Assert.All(stores, f => Assert.Null(f.PeriodStart));
        Assert.Equal((55m, "count"), Assert.Single(stores, f => f.PeriodEnd == new DateOnly(2024, 12, 31)) is var s ? (s.Value, s.Unit) : default);
        Assert.Equal(301_400_000m, One(supplement, "Inventories", "", "2025-06-30").Value);
        Assert.Equal((1_204m, "count"), One(supplement, "Full-time employees", "", "2025-06-30") is var fte ? (fte.Value, fte.Unit) : default);
        Assert.Equal(FactStatus.Ok, One(supplement, "Net sales", "2025-04-01", "2025-06-30").Status);
        Assert.Equal(FactStatus.Ok, One(supplement, "Inventories", "", "2025-06-30").Status);
        // A flow in that table ("Online sales") has a period the table does not state: read as at the day, and flagged.
        var online = supplement.Proof.Facts.Where(f => f.Label == "Online sales").ToList();
        Assert.Equal(3, online.Count);
        Assert.All(online, f => Assert.Equal(FactStatus.Flagged, f.Status));
        Assert.Contains(supplement.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("'Online sales' reads as a flow"));

        // An income statement headed by its dates alone may be a quarter, a half or a year: read as the quarter, and said.
        var statement = AnalyzeEdited("ostrava-q2-2025-items.txt", "Three Months Ended June 30,", "June 30,");
        var sales = One(statement, "Net sales", "2025-04-01", "2025-06-30");
        Assert.Equal((812_000_000m, FactStatus.Flagged), (sales.Value, sales.Status));
        Assert.Contains(statement.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("does not say how long its periods run"));
    }

    [Fact]
    public void A_position_in_a_supplementary_table_of_quarters_is_as_at_the_quarters_end()
    {
        // Highlights under "Three Months Ended": the sales run over the quarter, the assets and book value are at its end.
        var a = AnalyzeEdited("ostrava-q2-2025-items.txt", "$ (0.04)\n", """
            $ (0.04)


                Financial highlights ($ in millions, except per share amounts):

                                           Three Months Ended June 30,
                                             2025            2024
                Online sales                 41.2            36.5
                Total assets              1,912.4         1,850.0
                Book value per share        12.40           11.95
                Return on equity (%)         14.1            13.2

            """);
        var online = One(a, "Online sales", "2025-04-01", "2025-06-30");
        Assert.Equal(41_200_000m, online.Value);
        var assets = One(a, "Total assets", "", "2025-06-30");
        Assert.Equal(1_912_400_000m, assets.Value);
        Assert.Null(assets.PeriodStart);
        var book = One(a, "Book value per share", "", "2024-06-30");
        Assert.Equal((11.95m, "USD/share"), (book.Value, book.Unit));
        // A ratio of a flow to a balance is the quarter's, not a position.
        Assert.Equal(14.1m, One(a, "Return on equity (%)", "2025-04-01", "2025-06-30").Value);
    }

    [Fact]
    public void A_release_in_Norwegian_kroner_states_its_currency_and_its_net_profit_is_a_known_line()
    {
        // The same half year reported in NOK: "NOK million" over each column, "Net profit" for the period's profit and
        // the per-share figures in kroner. Before, NOK was no currency Kessan knew: every figure was stored as XXX.
        var a = AnalyzeEdited("aldermoor-h1-2025-uk.txt",
            ("                                                         £m                £m                £m\n",
             "                                                NOK million       NOK million       NOK million\n"),
            ("Revenue rose 6.6% to £1,482.6m.", "Revenue rose 6.6% to NOK 1,482.6 million. Earnings per share rose NOK 2.9, helped by a NOK 26 million disposal gain."),
            ("Profit for the period                                 122.7", "Net profit                                            122.7"),
            ("  Basic (pence)      ", "  Basic (NOK)        "),
            ("  Diluted (pence)    ", "  Diluted (NOK)      "));
        var revenue = One(a, "Revenue", "2024-12-29", "2025-06-28");
        Assert.Equal((1_482_600_000m, "NOK", FactStatus.Ok), (revenue.Value, revenue.Unit, revenue.Status));
        var profit = One(a, "Net profit", "2024-12-29", "2025-06-28");
        Assert.Equal(("us-gaap:ProfitLoss", 122_700_000m, "NOK"), (profit.Concept, profit.Value, profit.Unit));
        Assert.Equal((23.7m, "NOK/share"), One(a, "Basic (NOK)", "2024-12-29", "2025-06-28") is var eps ? (eps.Value, eps.Unit) : default);
        Assert.DoesNotContain(a.Proof.Facts, f => f.Unit.StartsWith(TableBuilder.UnknownCurrency, StringComparison.Ordinal));
        // The disposal gain is not the earnings per share the sentence names first: a per-share line is never "26 million".
        Assert.DoesNotContain(a.Proof.Facts, f => f.Table == "narrative" && f.Concept == "us-gaap:EarningsPerShareBasic" && f.Value == 26_000_000m);
    }

    [Fact]
    public void Columns_headed_by_spans_of_months_are_those_months_and_a_currency_code_with_m_is_millions()
    {
        // A Nordic interim report: "SEK m" over "Jul-Sep 2025 | Jul-Sep 2024 | Jan-Sep 2025 | Jan-Sep 2024 | Jan-Dec 2024".
        // Before, no column had a period and the release was rejected.
        var a = Analyze(Fixture("skarv-q3-2025-nordic.txt"));
        NoErrors(a);
        Assert.Equal((2_410_000_000m, "SEK", FactStatus.Ok), One(a, "Net sales", "2025-07-01", "2025-09-30") is var q ? (q.Value, q.Unit, q.Status) : default);
        Assert.Equal(7_180_000_000m, One(a, "Net sales", "2025-01-01", "2025-09-30").Value);
        Assert.Equal(8_950_000_000m, One(a, "Net sales", "2024-01-01", "2024-12-31").Value);
        var eps = One(a, "Earnings per share, SEK", "2024-07-01", "2024-09-30");
        Assert.Equal(("us-gaap:EarningsPerShareBasic", 2.05m, "SEK/share"), (eps.Concept, eps.Value, eps.Unit));
        Assert.Equal("us-gaap:ProfitLoss", One(a, "Net profit", "2025-07-01", "2025-09-30").Concept);

        // "MSEK" is the same caption; a span that wraps the year ("Oct-Mar 2025") ends in the year it prints.
        var m = AnalyzeEdited("skarv-q3-2025-nordic.txt", ("SEK m    ", "MSEK     "), ("Jan-Dec 2024", "Oct-Mar 2025"));
        Assert.Equal((2_410_000_000m, "SEK"), One(m, "Net sales", "2025-07-01", "2025-09-30") is var n ? (n.Value, n.Unit) : default);
        Assert.Equal(8_950_000_000m, One(m, "Net sales", "2024-10-01", "2025-03-31").Value);
    }

    [Fact]
    public void A_line_under_non_current_liabilities_is_the_non_current_element_not_the_current_one()
    {
        // "Income taxes payable" printed under "Current liabilities" and again under "Non-current liabilities".
        var a = AnalyzeEdited("aldermoor-h1-2025-uk.txt",
            ("Trade and other payables                             (402.8)           (389.5)           (395.1)\n",
             "Trade and other payables                             (390.0)           (380.0)           (385.0)\n" +
             "Income taxes payable                                  (12.8)             (9.5)            (10.1)\n"),
            ("Borrowings                                           (420.0)           (440.0)           (430.0)\n",
             "Borrowings                                           (400.0)           (430.0)           (420.0)\n" +
             "Income taxes payable                                  (20.0)            (10.0)            (10.0)\n"));
        var taxes = a.Proof.Facts.Where(f => f.Label == "Income taxes payable" && f.PeriodEnd == new DateOnly(2025, 6, 28)).ToList();
        Assert.Equal(2, taxes.Count);
        Assert.Equal(["us-gaap:AccruedIncomeTaxesCurrent", "us-gaap:AccruedIncomeTaxesNoncurrent"], taxes.OrderBy(f => f.Line).Select(f => f.Concept));
        Assert.All(taxes, f => Assert.Equal(FactStatus.Ok, f.Status));
    }

    [Fact]
    public void A_total_closes_the_section_it_names_and_the_sections_opened_inside_it()
    {
        // "Receivables:" opens inside "Current assets:" and no row closes it: "Total current assets" closes both, so
        // "Other assets" below it is no current line (it would be read as OtherAssetsCurrent).
        var a = AnalyzeEdited("northwind-q2-2005-edgar.txt",
            ("   Accounts receivable, net ..................       30,115         27,640\n",
             "   Receivables:\n" +
             "      Trade ..................................       20,115         17,640\n" +
             "      Other ..................................       10,000         10,000\n"));
        var other = One(a, "Other assets", "", "2005-06-30");
        Assert.Equal(("us-gaap:OtherAssetsNoncurrent", 3_442_000m, FactStatus.Ok), (other.Concept, other.Value, other.Status));
        Assert.Equal(20_115_000m, One(a, "Trade", "", "2005-06-30").Value);
    }

    [Fact]
    public void A_line_the_taxonomy_does_not_place_at_the_head_of_a_section_adds_into_its_total()
    {
        // "Notes payable and other borrowings" opens "Current liabilities:", above the lines the taxonomy places there.
        var a = AnalyzeEdited("northwind-q2-2005-edgar.txt",
            ("Current liabilities:\n",
             "Current liabilities:\n   Notes payable and other borrowings ........        1,000          1,000\n"),
            ("      Total current liabilities ..............       23,135         21,590\nLong-term debt ...............................       10,000         10,000\n",
             "      Total current liabilities ..............       24,135         22,590\nLong-term debt ...............................        9,000          9,000\n"));
        NoErrors(a);
        Assert.Equal(FactStatus.Ok, One(a, "Total current liabilities", "", "2005-06-30").Status);
        Assert.Contains(a.Proof.Findings, f => f.Rule == "sum" && f.Message.StartsWith("'Notes payable and other borrowings' adds into 'Total current liabilities'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_label_wrapped_over_a_paragraph_of_its_own_is_one_line_not_a_section()
    {
        // Three lines set apart by blank lines, the figures on the last: one item, not a heading over "Services
        // transaction" (a heading that would stay open over every line below it and name them).
        var a = AnalyzeEdited("ostrava-q2-2025-items.txt",
            ("    Gain on sale of a business       -          -         (9.0)     (0.14)\n",
             "    Gain on sale of a business       -          -         (9.0)     (0.14)\n\n" +
             "    Accelerated depreciation\n" +
             "     resulting from the Plant\n" +
             "     Services transaction          4.0       0.06           -          -\n"),
            ("    Total                       $ 17.5     $ 0.27       $ (2.5)    $ (0.04)",
             "    Total                       $ 21.5     $ 0.33       $ (2.5)    $ (0.04)"));
        var item = One(a, "Accelerated depreciation resulting from the Plant Services transaction", "2025-04-01", "2025-06-30");
        Assert.Equal((4_000_000m, FactStatus.Ok), (item.Value, item.Status));
        Assert.All(a.Proof.Facts.Where(f => !f.Label.StartsWith("Accelerated", StringComparison.Ordinal)), f => Assert.DoesNotContain("Accelerated", f.Concept));
    }

    [Fact]
    public void A_column_named_by_its_fiscal_year_alone_is_that_year_and_flagged_where_no_year_end_is_stated()
    {
        Assert.Equal([new PeriodAnchor.FullYear(2025)], PeriodHeader.Find("Fiscal Year 2025"));
        Assert.Equal([new PeriodAnchor.FullYear(2024)], PeriodHeader.Find("Full year 2024"));
        Assert.Equal([new PeriodAnchor.FiscalQuarter(2024, 3)], PeriodHeader.Find("third quarter of fiscal 2024"));
        Assert.DoesNotContain(new PeriodAnchor.FullYear(2024), PeriodHeader.Find("Fiscal 2024 Fourth Quarter"));
        // "Fiscal 2025 | Fiscal 2024" over an income statement, and nothing in the release says when its year ends:
        // read as calendar years (so no figure is lost), flagged, and said.
        var a = AnalyzeEdited("ostrava-q2-2025-items.txt",
            ("                                    Three Months Ended June 30,\n                                       2025           2024\n",
             "                                     Fiscal 2025    Fiscal 2024\n"));
        var sales = One(a, "Net sales", "2025-01-01", "2025-12-31");
        Assert.Equal((812_000_000m, FactStatus.Flagged), (sales.Value, sales.Status));
        Assert.Contains(a.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("neither the taxonomy nor the release states the issuer's fiscal year end"));
    }

    [Fact]
    public void A_text_table_of_one_value_column_is_read_under_its_period_header()
    {
        const string Regions = """
            $ (0.04)


                               NET SALES BY REGION
                            (in millions of dollars)

                                              Three Months Ended
                                                June 30, 2025

                Americas                            $ 500.0
                Europe                                212.0
                Asia                                  100.0
                Total net sales                     $ 812.0

            """;
        var a = AnalyzeEdited("ostrava-q2-2025-items.txt", "$ (0.04)\n", Regions);
        Assert.Equal((212_000_000m, "USD", FactStatus.Ok), One(a, "Europe", "2025-04-01", "2025-06-30") is var e ? (e.Value, e.Unit, e.Status) : default);
        Assert.Equal(812_000_000m, One(a, "Total net sales", "2025-04-01", "2025-06-30").Value);
        // The same lines without a period over their column are a list, not a table: no figure of theirs is a fact.
        var list = AnalyzeEdited("ostrava-q2-2025-items.txt", "$ (0.04)\n", Regions.Replace("Three Months Ended", "").Replace("June 30, 2025", "")
            .Replace("NET SALES BY REGION", "The figures below are shown for information only and are not a table of results."));
        Assert.DoesNotContain(list.Proof.Facts, f => f.Label is "Europe" or "Americas");
    }

    [Fact]
    public void A_bare_dollar_is_the_dollar_the_release_declares_its_amounts_in()
    {
        const string Title = "Ostrava Tool Works, Inc. Reports Second Quarter 2025 Results\n";
        var canadian = AnalyzeEdited("ostrava-q2-2025-items.txt",
            (Title, Title + "\nAll amounts are in Canadian dollars unless otherwise noted.\n"));
        Assert.Equal((812_000_000m, "CAD"), One(canadian, "Net sales", "2025-04-01", "2025-06-30") is var n ? (n.Value, n.Unit) : default);
        Assert.Equal("CAD/share", One(canadian, "Diluted earnings per share", "2025-04-01", "2025-06-30").Unit);
        // A dollar named in passing declares nothing: "$" stays the U.S. dollar.
        var passing = AnalyzeEdited("ostrava-q2-2025-items.txt",
            (Title, Title + "\nA weaker Australian dollar reduced sales in the region by 2 percent.\n"));
        Assert.Equal("USD", One(passing, "Net sales", "2025-04-01", "2025-06-30").Unit);
        // A supplementary table's caption that names its dollar is read so, whatever the release's "$" is.
        var caption = AnalyzeEdited("ostrava-q2-2025-items.txt",
            ("($ in millions, except per share amounts)", "(in millions of Canadian dollars, except per share amounts)"));
        Assert.Equal("CAD", caption.Proof.Facts.First(f => f.Label == "Restructuring charges" && f.PeriodEnd == new DateOnly(2025, 6, 30) && !f.Unit.EndsWith("/share", StringComparison.Ordinal)).Unit);
    }

    [Fact]
    public void Lines_the_label_says_are_percent_or_physical_quantities_are_not_money_in_millions()
    {
        // "Operating margin (%)" and "Shipments (thousand tonnes)" in a table "(in millions of dollars, …)": 15.1
        // percent and 42,300 tonnes, not $15,100,000 and $42,300,000,000.
        var a = AnalyzeEdited("ostrava-q2-2025-items.txt",
            ("    Operating income                   122.5          103.7\n",
             "    Operating income                   122.5          103.7\n" +
             "    Operating margin (%)                15.1           13.6\n" +
             "    Shipments (thousand tonnes)         42.3           40.8\n" +
             "    Average price per tonne ($)         19.2           18.6\n" +
             "    Production, thousand barrels/day    85.2           80.1\n"));
        Assert.Equal((15.1m, "percent"), One(a, "Operating margin (%)", "2025-04-01", "2025-06-30") is var m ? (m.Value, m.Unit) : default);
        Assert.Equal((42_300m, "count"), One(a, "Shipments (thousand tonnes)", "2025-04-01", "2025-06-30") is var t ? (t.Value, t.Unit) : default);
        // A unit after the label's last comma is the line's own scale too.
        Assert.Equal((85_200m, "count"), One(a, "Production, thousand barrels/day", "2025-04-01", "2025-06-30") is var b ? (b.Value, b.Unit) : default);
        // A price per tonne is money, printed in dollars under the caption's millions: nothing proves which, so it is flagged.
        var price = One(a, "Average price per tonne ($)", "2025-04-01", "2025-06-30");
        Assert.Equal(("USD", FactStatus.Flagged), (price.Unit, price.Status));
        Assert.Contains(a.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("is a price per unit"));
        Assert.Equal(FactStatus.Ok, One(a, "Net income", "2025-04-01", "2025-06-30").Status);
    }

    [Fact]
    public void Results_in_the_indian_format_in_lakhs_with_dates_in_figures_and_numbered_items()
    {
        // "Quarter ended" over 30.06.2025 / 31.03.2025 / 30.06.2024 and "Year ended" over 31.03.2025, "(Rs. in Lakhs)",
        // items numbered "1", "4", "a)" … "f)", sums printed after the label ("Total income (1+2)"), a wrapped item
        // whose figures stand on the line below, "Other expenses" among expenses by nature. Before: rejected (no
        // period in any header); then every line an extension ("1 Revenue from operations").
        var a = Analyze(Fixture("ganges-q1-2026-india.txt"));
        NoErrors(a);
        Assert.All(a.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Ok, f.Status));
        var revenue = One(a, "Revenue from operations", "2025-04-01", "2025-06-30");
        Assert.Equal(("us-gaap:Revenues", 821_460_000m, "INR", "income"), (revenue.Concept, revenue.Value, revenue.Unit, revenue.Table));
        Assert.Equal(3_348_020_000m, One(a, "Revenue from operations", "2024-04-01", "2025-03-31").Value);
        Assert.Equal(890_235_000m, One(a, "Revenue from operations", "2025-01-01", "2025-03-31").Value);
        Assert.Equal("ifrs-full:RawMaterialsAndConsumablesUsed", One(a, "Cost of materials consumed", "2025-04-01", "2025-06-30").Concept);
        var inventories = One(a, "Changes in inventories of finished goods, work-in-progress and stock-in-trade", "2025-04-01", "2025-06-30");
        Assert.Equal(("ifrs-full:IncreaseDecreaseInInventoriesOfFinishedGoodsAndWorkInProgress", -11_040_000m), (inventories.Concept, inventories.Value));
        Assert.Equal("us-gaap:OtherCostAndExpenseOperating", One(a, "Other expenses", "2025-04-01", "2025-06-30").Concept);
        Assert.Equal("us-gaap:NonoperatingIncomeExpense", One(a, "Other income", "2025-04-01", "2025-06-30").Concept);
        Assert.Equal("ext:TotalIncome", One(a, "Total income", "2025-04-01", "2025-06-30").Concept);
        Assert.Equal(("us-gaap:ProfitLoss", 59_430_000m), One(a, "Net profit for the period", "2025-04-01", "2025-06-30") is var p ? (p.Concept, p.Value) : default);
        var eps = One(a, "Basic and diluted (Rs.)", "2025-04-01", "2025-06-30");
        Assert.Equal(("us-gaap:EarningsPerShareBasicAndDiluted", 2.97m, "INR/share"), (eps.Concept, eps.Value, eps.Unit));

        // "(₹ in crore)" is the same table a hundred times larger.
        var crore = AnalyzeEdited("ganges-q1-2026-india.txt", ("(Rs. in Lakhs)", "(₹ in crore) "));
        Assert.Equal((82_146_000_000m, "INR"), One(crore, "Revenue from operations", "2025-04-01", "2025-06-30") is var c ? (c.Value, c.Unit) : default);
    }

    [Fact]
    public void Hong_kong_interim_results_with_note_references_rules_under_subtotals_and_rmb_cents()
    {
        // "CONDENSED CONSOLIDATED STATEMENT OF PROFIT OR LOSS", "Six months ended 30 June" over "2025 2024" over
        // "Notes RMB'000 RMB'000", a note number between label and figures ("11 820,400"), a dashed rule under every
        // subtotal, "Basic and diluted (RMB cents)". Before: the rules cut the statement into headless fragments and its figures were lost.
        var a = Analyze(Fixture("lotus-harbour-interim-2025-hk.txt"));
        NoErrors(a);
        Assert.All(a.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Ok, f.Status));
        var revenue = One(a, "Revenue", "2025-01-01", "2025-06-30");
        Assert.Equal(("us-gaap:Revenues", 1_254_310_000m, "CNY"), (revenue.Concept, revenue.Value, revenue.Unit));
        Assert.Equal(1_102_845_000m, One(a, "Revenue", "2024-01-01", "2024-06-30").Value);
        Assert.Equal(("us-gaap:NetIncomeLoss", 145_120_000m), One(a, "Owners of the Company", "2025-01-01", "2025-06-30") is var o ? (o.Concept, o.Value) : default);
        var eps = One(a, "Basic and diluted (RMB cents)", "2025-01-01", "2025-06-30");
        Assert.Equal(("us-gaap:EarningsPerShareBasicAndDiluted", 0.1483m, "CNY/share"), (eps.Concept, eps.Value, eps.Unit));
        Assert.Equal(820_400_000m, One(a, "Property, plant and equipment", "", "2025-06-30").Value);
        Assert.Equal("ifrs-full:EquityAttributableToOwnersOfParent", One(a, "Equity attributable to owners of the Company", "", "2025-06-30").Concept);

        // The statement that also holds other comprehensive income is the income statement all the same.
        var oci = AnalyzeEdited("lotus-harbour-interim-2025-hk.txt", ("STATEMENT OF PROFIT OR LOSS\n", "STATEMENT OF PROFIT OR LOSS AND OTHER COMPREHENSIVE INCOME\n"));
        Assert.Equal("income", One(oci, "Revenue", "2025-01-01", "2025-06-30").Table.Split('_')[0]);
    }

    [Fact]
    public void A_per_share_line_in_a_summary_table_in_money_is_the_per_share_concept()
    {
        // "Basic earnings per share (pence)" in a "Financial summary" table headed £m: EarningsPerShareBasic in pence,
        // not an extension line of money.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("summary.txt");
        File.WriteAllText(path, """
            Brackwater Group plc
            Interim results for the six months ended 30 June 2025

            Financial summary
                                               H1 2025     H1 2024    Change
                                                    £m          £m         %
            Revenue                              412.6       388.1        6.3
            Basic earnings per share (pence)      18.2        15.9       14.5
            """);
        var a = Analyze(path);
        var eps = One(a, "Basic earnings per share (pence)", "2025-01-01", "2025-06-30");
        Assert.Equal(("us-gaap:EarningsPerShareBasic", 0.182m, "GBP/share"), (eps.Concept, eps.Value, eps.Unit));
    }

    [Fact]
    public void A_label_in_capitals_names_its_extension_in_words()
    {
        var t = TaxonomyLoader.Default;
        // "NET CURRENT ASSETS" is shouted whole; in mixed case (and beside Japanese) a short word in capitals is an acronym.
        Assert.Equal("ext:NetCurrentAssets", t.Resolve("NET CURRENT ASSETS", StatementKind.Balance, [], null, null).Concept.Name);
        Assert.Equal("ext:IPTransitRevenue", t.Resolve("IP transit revenue", StatementKind.Kpi, [], null, null).Concept.Name);
        Assert.Equal("ext:IPサービス接続", t.Resolve("IP サービス接続", StatementKind.Kpi, [], null, null).Concept.Name);
    }

    static DocumentAnalysis AnalyzeText(string text, string name = "release.txt")
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File(name);
        File.WriteAllText(path, text);
        return Analyze(path);
    }

    [Fact]
    public void A_change_column_compares_the_columns_a_year_or_a_quarter_apart()
    {
        // "1Q25 | 4Q24 | 1Q24 | QoQ | YoY" and "3Q25 | 3Q24 | Var. % | 9M25 | 9M24 | Var. %": the QoQ column is 1Q25
        // against 4Q24 (not the nearest column, 1Q24), the second "Var. %" 9M25 against 9M24 (not 3Q25). Before, each
        // correct change was an error and flagged its figures.
        var quarters = AnalyzeText("""
            Hanbit Semicon Co., Ltd.
            1Q25 Earnings Results for the quarter ended March 31, 2025

            Income Statement
            (Unit: KRW billion)            1Q25      4Q24      1Q24       QoQ       YoY
            Revenue                      3,120.5   2,980.2   2,640.8      4.7%     18.2%
            Cost of sales                2,010.4   1,950.1   1,790.3      3.1%     12.3%
            Gross profit                 1,110.1   1,030.1     850.5      7.8%     30.5%
            Operating profit               699.9     627.3     470.4     11.6%     48.8%
            Net profit                     540.3     480.6     360.2     12.4%     50.0%
            """);
        Assert.DoesNotContain(quarters.Proof.Findings, f => f.Rule == "change" && f.Severity != Severity.Info);
        Assert.All(quarters.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Ok, f.Status));
        Assert.Equal((3_120_500_000_000m, "KRW"), One(quarters, "Revenue", "2025-01-01", "2025-03-31") is var r ? (r.Value, r.Unit) : default);

        var spans = AnalyzeText("""
            Tupinamba Energia S.A.
            Results for the nine months ended September 30, 2025

            Consolidated Income Statement
            (R$ million)                  3Q25       3Q24    Var. %       9M25       9M24    Var. %
            Net revenue                4,512.3    4,101.8     10.0%   13,208.4   12,055.1      9.6%
            Cost of goods sold        (3,010.6)  (2,790.2)     7.9%   (8,840.0)  (8,300.7)      6.5%
            Gross profit               1,501.7    1,311.6     14.5%    4,368.4    3,754.4     16.4%
            Operating income             889.2      729.8     21.8%    2,558.1    2,033.2     25.8%
            """);
        Assert.DoesNotContain(spans.Proof.Findings, f => f.Rule == "change" && f.Severity != Severity.Info);
        Assert.Equal((13_208_400_000m, "BRL"), One(spans, "Net revenue", "2025-01-01", "2025-09-30") is var n ? (n.Value, n.Unit) : default);

        // A damaged change is still found: 9.6% printed as 19.6% against 9M25 / 9M24.
        var damaged = AnalyzeText("""
            Tupinamba Energia S.A.
            Results for the nine months ended September 30, 2025

            Consolidated Income Statement
            (R$ million)                  3Q25       3Q24    Var. %       9M25       9M24    Var. %
            Net revenue                4,512.3    4,101.8     10.0%   13,208.4   12,055.1     19.6%
            Cost of goods sold        (3,010.6)  (2,790.2)     7.9%   (8,840.0)  (8,300.7)      6.5%
            Gross profit               1,501.7    1,311.6     14.5%    4,368.4    3,754.4     16.4%
            Operating income             889.2      729.8     21.8%    2,558.1    2,033.2     25.8%
            """);
        Assert.Contains(damaged.Proof.Findings, f => f.Rule == "change" && f.Severity == Severity.Error && f.Line == 6);
    }

    [Fact]
    public void Columns_named_by_fiscal_halves_take_the_year_end_the_release_states_in_words()
    {
        // "1H25" under "Half-year results for the six months ended 31 December 2024": the first half of a year ending
        // in June, July to December 2024. Before: read as January to June 2025 (a calendar year assumed), flagged.
        var a = AnalyzeText("""
            Wattle Resources Limited
            Half-year results for the six months ended 31 December 2024

            Financial summary
            A$m                              1H25        1H24     Change %
            Revenue                         842.6       790.1          6.6
            Net profit                      120.5       101.2         19.1
            Earnings per share (cents)       21.4        18.0         18.9
            """);
        var revenue = One(a, "Revenue", "2024-07-01", "2024-12-31");
        Assert.Equal((842_600_000m, "AUD", FactStatus.Ok), (revenue.Value, revenue.Unit, revenue.Status));
        Assert.Equal(790_100_000m, One(a, "Revenue", "2023-07-01", "2023-12-31").Value);
        Assert.Equal(0.214m, One(a, "Earnings per share (cents)", "2024-07-01", "2024-12-31").Value);

        // "Q1 FY26" for the quarter ended 30 June 2025 is a year ending in March.
        var q = AnalyzeText("""
            Ganges Polymers Limited
            Results for the quarter ended 30 June 2025

            Key figures
            (Rs. crore)                   Q1 FY26     Q1 FY25
            Revenue from operations        821.46      765.51
            Net profit                      59.43       48.39
            Earnings per share (Rs.)         2.97        2.42
            """);
        Assert.Equal(8_214_600_000m, One(q, "Revenue from operations", "2025-04-01", "2025-06-30").Value);

        // "FY 2024/25" for the year ended 31 March 2025: April 2024 to March 2025.
        var split = AnalyzeText("""
            Brackwater Group plc
            Preliminary results for the year ended 31 March 2025

            Financial summary
            £m                          FY 2024/25    FY 2023/24
            Revenue                          842.6         790.1
            Operating profit                 120.5         101.2
            Profit before tax                110.4         105.0
            Profit for the year               82.9          79.6

            """);
        Assert.Equal((842_600_000m, FactStatus.Ok), One(split, "Revenue", "2024-04-01", "2025-03-31") is var y ? (y.Value, y.Status) : default);
        Assert.Equal(790_100_000m, One(split, "Revenue", "2023-04-01", "2024-03-31").Value);

        // Without a stated period the calendar stays an assumption, and the release says so.
        var unstated = AnalyzeText("""
            Wattle Resources Limited
            Half-year results

            Financial summary
            A$m                              1H25        1H24     Change %
            Revenue                         842.6       790.1          6.6
            Net profit                      120.5       101.2         19.1
            Earnings per share (cents)       21.4        18.0         18.9
            """);
        Assert.Equal(FactStatus.Flagged, One(unstated, "Revenue", "2025-01-01", "2025-06-30").Status);
    }

    [Fact]
    public void Dollars_in_mm_are_millions_and_a_per_share_unit_in_the_label_is_not_part_of_it()
    {
        // "($MM, except per share)", as oil and gas and Latin American releases print millions; "Diluted EPS ($/share)".
        var a = AnalyzeText("""
            Red Mesa Petroleum Corp.
            Third quarter 2025 results for the three months ended September 30, 2025

            Selected Financial Data
            ($MM, except per share)               3Q 2025    2Q 2025    3Q 2024
            Total revenues                          1,204      1,150      1,098
            Net income                                210        190        175
            Diluted EPS ($/share)                    1.12       1.01       0.93
            """);
        var revenue = One(a, "Total revenues", "2025-07-01", "2025-09-30");
        Assert.Equal(("us-gaap:Revenues", 1_204_000_000m, "USD", FactStatus.Ok), (revenue.Concept, revenue.Value, revenue.Unit, revenue.Status));
        var eps = One(a, "Diluted EPS ($/share)", "2024-07-01", "2024-09-30");
        Assert.Equal(("us-gaap:EarningsPerShareDiluted", 0.93m, "USD/share"), (eps.Concept, eps.Value, eps.Unit));
    }

    [Fact]
    public void A_condensed_ifrs_balance_sheet_names_its_subtotals_plainly()
    {
        // "Non-current assets 2,410.0", "Equity 1,950.0", "Current liabilities 1,030.1": subtotals by their plain names
        // with figures, in an HTML page headed "in € million" over "30 Sep 2025 | 31 Dec 2024". Before: extensions.
        var a = AnalyzeText("""
            <html><body><h1>Nordvik Industrie SE reports third-quarter 2025 results</h1>
            <h2>Consolidated balance sheet (condensed)</h2>
            <table>
            <tr><th>in € million</th><th>30 Sep 2025</th><th>31 Dec 2024</th></tr>
            <tr><td>Non-current assets</td><td>2,410.0</td><td>2,380.5</td></tr>
            <tr><td>Cash and cash equivalents</td><td>1,890.2</td><td>1,760.1</td></tr>
            <tr><td><b>Total assets</b></td><td><b>4,300.2</b></td><td><b>4,140.6</b></td></tr>
            <tr><td>Equity</td><td>1,950.0</td><td>1,870.3</td></tr>
            <tr><td>Non-current liabilities</td><td>1,320.1</td><td>1,300.0</td></tr>
            <tr><td>Current liabilities</td><td>1,030.1</td><td>970.3</td></tr>
            <tr><td><b>Total equity and liabilities</b></td><td><b>4,300.2</b></td><td><b>4,140.6</b></td></tr>
            </table></body></html>
            """, "release.html");
        NoErrors(a);
        Assert.Equal(("us-gaap:NoncurrentAssets", 2_410_000_000m, "EUR"), One(a, "Non-current assets", "", "2025-09-30") is var n ? (n.Concept, n.Value, n.Unit) : default);
        Assert.Equal("us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", One(a, "Equity", "", "2024-12-31").Concept);
        Assert.Equal("us-gaap:LiabilitiesNoncurrent", One(a, "Non-current liabilities", "", "2025-09-30").Concept);
        Assert.Equal("us-gaap:LiabilitiesCurrent", One(a, "Current liabilities", "", "2025-09-30").Concept);
        Assert.All(a.Proof.Facts, f => Assert.Equal(FactStatus.Ok, f.Status));
    }

    [Fact]
    public void A_forecast_for_the_full_year_is_of_the_year_not_of_the_quarter_forecast_before_it()
    {
        // "For the full year 2025 … revenue in the range of $4.80 billion to $4.85 billion" after a fourth-quarter
        // forecast in the same paragraph: before, it took the quarter's period (a silent wrong period, status ok).
        const string head = """
            Acme Widgets Inc. Reports Third Quarter 2025 Results

            Revenue for the third quarter was $1.21 billion, up 8% year over year.

            Outlook
            For the fourth quarter of 2025, Acme expects revenue of between $1.25 billion and $1.30 billion.

            """;
        const string tail = """


            CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS
            (In millions)
                                                  Three Months Ended
                                              September 30,   September 30,
                                                  2025            2024
            Revenue                              $1,210          $1,120
            Cost of revenue                         700             660
            Gross profit                            510             460
            Net income                             $210            $175

            """;
        Fact Forecast(DocumentAnalysis a, decimal low) => Assert.Single(a.Proof.Facts, f => f.Table == "guidance" && f.Low == low);

        var year = AnalyzeText(head + "For the full year 2025, the company now expects revenue in the range of $4.80 billion to $4.85 billion." + tail);
        Assert.Equal(new DateOnly(2025, 10, 1), Forecast(year, 1_250_000_000m).PeriodStart);
        var fy = Forecast(year, 4_800_000_000m);
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), (fy.PeriodStart!.Value, fy.PeriodEnd));

        // "Q1 2026" and "FY26" name their periods in a sentence as they do in a header.
        var q1 = AnalyzeText(head + "For Q1 2026 the company expects revenue of $1.10 billion to $1.15 billion." + tail);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)), Forecast(q1, 1_100_000_000m) is var f1 ? (f1.PeriodStart!.Value, f1.PeriodEnd) : default);

        // A forecast of a span Kessan does not read is left out, not given the quarter's period.
        var unread = AnalyzeText(head + "For the coming year the company expects revenue of $5.1 billion to $5.3 billion." + tail);
        Assert.DoesNotContain(unread.Proof.Facts, f => f.Table == "guidance" && f.Low == 5_100_000_000m);
    }

    [Fact]
    public void Thousands_grouped_by_spaces_are_one_figure_in_a_release_that_groups_them_so()
    {
        // A Swedish interim report printing "2 410" and "-1 702": before, every row with a grouped figure was lost
        // (its figures read as two cells each) and the table kept only the rows under a thousand.
        var a = AnalyzeText("""
            Lindqvist Bygg AB
            Interim report January–September 2025

            Condensed income statement
            SEK m                              Jul-Sep 2025    Jul-Sep 2024    Jan-Sep 2025    Jan-Sep 2024
            Net sales                                 2 410           2 205           7 180           6 650
            Cost of sales                            -1 702          -1 580          -5 070          -4 760
            Gross profit                                708             625           2 110           1 890
            Selling and administrative expenses        -402            -371          -1 210          -1 120
            Operating profit                            306             254             900             770
            Net financial items                         -21             -18             -60             -55
            Profit before tax                           285             236             840             715
            Income tax                                  -59             -49            -173            -148
            Net profit                                  226             187             667             567

            """);
        NoErrors(a);
        var sales = One(a, "Net sales", "2025-07-01", "2025-09-30");
        Assert.Equal((2_410_000_000m, "2 410", FactStatus.Ok), (sales.Value, sales.Printed, sales.Status));
        Assert.Equal(-4_760_000_000m, One(a, "Cost of sales", "2024-01-01", "2024-09-30").Value);
        Assert.Equal(36, a.Proof.Facts.Count(f => f.Table != "narrative"));

        // French style: spaces group the thousands and a comma marks the decimals, with no figure grouped otherwise.
        var fr = AnalyzeText("""
            Groupe Maréchal SA
            First-half results for the six months ended 30 June 2025

            Consolidated income statement
            (in € millions)                          H1 2025        H1 2024
            Revenue                                  1 248,6        1 190,2
            Cost of sales                             -802,4         -771,0
            Gross margin                               446,2          419,2
            Operating expenses                        -241,1         -230,6
            Operating income                           205,1          188,6
            Net financial expense                      -21,3          -19,8
            Income before tax                          183,8          168,8
            Income tax                                 -47,8          -43,9
            Net income                                 136,0          124,9

            """);
        NoErrors(fr);
        var revenue = One(fr, "Revenue", "2025-01-01", "2025-06-30");
        Assert.Equal((1_248_600_000m, "EUR", FactStatus.Ok), (revenue.Value, revenue.Unit, revenue.Status));
        Assert.Equal(-771_000_000m, One(fr, "Cost of sales", "2024-01-01", "2024-06-30").Value);
        Assert.Equal("us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments", One(fr, "Income before tax", "2025-01-01", "2025-06-30").Concept);

        // In the same process, a release that groups by commas still reads "12 345" as two cells.
        Assert.Equal(CellKind.Text, NumberToken.Parse("12 345").Kind);
        using (NumberToken.ReadSpaceGroups(true))
        {
            Assert.Equal(1_234_567.8m, NumberToken.Parse("1 234 567.8").Value);
            Assert.Equal(-1_702m, NumberToken.Parse("(1 702)").Value);
            Assert.Equal(CellKind.Text, NumberToken.Parse("12 34").Kind);
            Assert.Equal(CellKind.Text, NumberToken.Parse("1234 567").Kind);
        }
    }

    [Fact]
    public void Columns_whose_header_does_not_line_up_with_their_figures_are_not_proven()
    {
        // A tight PDF layout: the header's words ("Q3 2025 Q3 2024 Δ % 9M 2025 …") stand a space apart, wider than
        // the figures under them, so positions give two columns the same period. Before, "3,802.1" (9M 2025) was
        // stored as 9M 2024, status ok.
        var a = AnalyzeText("""
            Nordvik Industrie SE reports third-quarter 2025 results

            Key figures
                 in € million      Q3 2025 Q3 2024 Δ % 9M 2025 9M 2024 Δ %
            Revenue                1,284.5 1,190.2 7.9 3,802.1 3,551.0 7.1
            EBIT                   142.3   120.8   17.8 401.2  350.9   14.3
            Net income             98.4    84.1    17.0 280.6  241.2   16.3

            """);
        Assert.Contains(a.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("same period"));
        Assert.All(a.Proof.Facts.Where(f => f.Table != "narrative" && f.Label == "Revenue"), f => Assert.Equal(FactStatus.Flagged, f.Status));
    }

    [Theory]
    [InlineData("Turnover", StatementKind.Income, "us-gaap:Revenues")]
    [InlineData("Profit from operations", StatementKind.Income, "us-gaap:OperatingIncomeLoss")]
    [InlineData("Net profit after tax", StatementKind.Kpi, "us-gaap:ProfitLoss")]
    [InlineData("Profit after tax", StatementKind.Income, "us-gaap:ProfitLoss")]
    [InlineData("Income before tax", StatementKind.Income, "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments")]
    [InlineData("Operating income (EBIT)", StatementKind.Income, "us-gaap:OperatingIncomeLoss")]
    [InlineData("Operating result", StatementKind.Income, "us-gaap:OperatingIncomeLoss")]
    [InlineData("Research and development costs", StatementKind.Income, "us-gaap:ResearchAndDevelopmentExpense")]
    [InlineData("SG&A expenses", StatementKind.Income, "us-gaap:SellingGeneralAndAdministrativeExpense")]
    [InlineData("Total liabilities and net assets", StatementKind.Balance, "us-gaap:LiabilitiesAndStockholdersEquity")]
    public void Lines_as_uk_australian_and_european_releases_name_them(string label, StatementKind table, string concept) =>
        Assert.Equal(concept, TaxonomyLoader.Default.Resolve(label, table, [], null, null).Concept.Name);

    [Theory]
    [InlineData("Cash and cash equivalents at 1 January", "kessan:CashAtBeginningOfPeriod")]
    [InlineData("Cash and cash equivalents at 30 June 2025", "kessan:CashAtEndOfPeriod")]
    [InlineData("Cash and cash equivalents at March 31, 2025", "kessan:CashAtEndOfPeriod")]
    [InlineData("Income tax paid", "us-gaap:IncomeTaxesPaidNet")]
    public void Cash_flow_lines_that_print_their_day_are_the_opening_or_closing_line(string label, string concept)
    {
        Assert.Equal(concept, TaxonomyLoader.Default.Resolve(label, StatementKind.CashFlow, [], null, null).Concept.Name);
        // A day that is neither a month's first nor its end says neither.
        Assert.False(TaxonomyLoader.Default.Resolve("Cash and cash equivalents at 15 June", StatementKind.CashFlow, [], null, null).Known);
    }

    [Fact]
    public void A_quarterly_release_whose_balance_sheet_compares_the_last_quarter_and_year_end_keeps_a_december_year()
    {
        // "3Q25 2Q25 3Q24" with QoQ/YoY columns in "(Unit: KRW billion)", and a balance sheet over "Sep. 30, 2025  Jun. 30,
        // 2025  Dec. 31, 2024" whose longest label reaches under the first date. Before: June (the quarter before) was read
        // as the year end, so 3Q25 was dated January to March with status ok, and the September column was dropped.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("quarter.txt");
        File.WriteAllText(path, """
            Daebong Materials Co., Ltd.
            Earnings Release - Third Quarter 2025

            1. Consolidated Income Statement
            (Unit: KRW billion)
                                            3Q25       2Q25       3Q24        QoQ        YoY
            Revenue                        9,120      8,800      8,400       3.6%       8.6%
            Cost of sales                  7,020      6,900      6,600
            Gross profit                   2,100      1,900      1,800
            Operating profit                 610        540        500      13.0%      22.0%
            Net income                       430        380        350      13.2%      22.9%

            2. Consolidated Statement of Financial Position
            (Unit: KRW billion)
                                      Sep. 30, 2025   Jun. 30, 2025   Dec. 31, 2024
            Total assets                    52,000          51,000          49,000
            Total liabilities               22,000          21,500          20,700
            Total equity                    30,000          29,500          28,300
            Total liabilities and equity    52,000          51,000          49,000
            """);
        var a = Analyze(path);
        NoErrors(a);
        var revenue = One(a, "Revenue", "2025-07-01", "2025-09-30");
        Assert.Equal(("us-gaap:Revenues", 9_120_000_000_000m, "KRW", FactStatus.Ok), (revenue.Concept, revenue.Value, revenue.Unit, revenue.Status));
        Assert.Equal(8_800_000_000_000m, One(a, "Revenue", "2025-04-01", "2025-06-30").Value);
        Assert.Equal(8_400_000_000_000m, One(a, "Revenue", "2024-07-01", "2024-09-30").Value);
        Assert.Equal(52_000_000_000_000m, One(a, "Total liabilities and equity", "", "2025-09-30").Value);
        Assert.Equal(51_000_000_000_000m, One(a, "Total assets", "", "2025-06-30").Value);
        Assert.Equal(49_000_000_000_000m, One(a, "Total assets", "", "2024-12-31").Value);
        Assert.DoesNotContain(a.Proof.Facts, f => f.Table != "narrative" && f.PeriodEnd.Month == 3);
    }

    [Fact]
    public void A_day_spanning_two_year_columns_is_a_day_not_a_two_digit_year()
    {
        // "Three months ended  Year ended" over "December 31  December 31" (each centred over two columns) over
        // "2025 2024 2025 2024". Before: the lone "December 31" was read as December 2031.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("annual.txt");
        File.WriteAllText(path, """
            Bow River Midstream Ltd.
            Fourth Quarter and Fiscal 2025 Results

            Consolidated Statements of Earnings
            (in millions of Canadian dollars, except per share amounts)
                                                Three months ended       Year ended
                                                   December 31           December 31
                                                 2025       2024       2025       2024
            Revenue                               610        580      2,400      2,250
            Operating income                      140        120        520        470
            Net earnings                           95         80        350        310
            """);
        var a = Analyze(path);
        NoErrors(a);
        var q4 = One(a, "Revenue", "2025-10-01", "2025-12-31");
        Assert.Equal((610_000_000m, "CAD", FactStatus.Ok), (q4.Value, q4.Unit, q4.Status));
        Assert.Equal(580_000_000m, One(a, "Revenue", "2024-10-01", "2024-12-31").Value);
        Assert.Equal(2_400_000_000m, One(a, "Revenue", "2025-01-01", "2025-12-31").Value);
        Assert.Equal(310_000_000m, One(a, "Net earnings", "2024-01-01", "2024-12-31").Value);
        Assert.DoesNotContain(a.Proof.Facts, f => f.PeriodEnd.Year > 2025);
    }

    [Fact]
    public void A_column_of_figures_under_no_readable_period_is_a_finding_not_a_silent_loss()
    {
        // "Q3 2025  Q3 2024  Adjusted": the third column prints figures but no period. Before: dropped with nothing said.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("adjusted.txt");
        File.WriteAllText(path, """
            Corvel Fasteners Inc.
            Third Quarter 2025 Results

            Consolidated Statements of Income
            (in millions of U.S. dollars)
                                     Q3 2025     Q3 2024    Adjusted
            Revenue                    410         380         395
            Operating income            52          47          50
            Net income                  31          28          30
            """);
        var a = Analyze(path);
        var unread = Assert.Single(a.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("no period"));
        Assert.Contains("'Adjusted'", unread.Message);
        Assert.Equal(Severity.Warning, unread.Severity);
        Assert.DoesNotContain(a.Proof.Facts, f => f.Value == 395_000_000m);
        Assert.Equal(410_000_000m, Assert.Single(a.Proof.Facts, f => f.Label == "Revenue" && f.PeriodEnd.Year == 2025 && f.Table != "narrative").Value);
    }

    [Fact]
    public void A_bare_dollar_of_an_issuer_marked_as_australian_is_the_australian_dollar_flagged()
    {
        // "$'000" under "ABN 11 222 333 444" and no sentence naming the currency. Before: stored as USD with status ok.
        const string release = """
            Wattle Creek Mining Limited
            ABN 11 222 333 444
            Half-year report
            Revenue for the half-year rose 6% to $84.1 million.

            Consolidated statement of profit or loss
            For the half-year ended 31 December 2025
                                                      2025          2024
                                                     $'000         $'000
            Revenue                                 84,100        79,300
            Profit before income tax                12,400        11,000
            Profit for the half-year                 8,700         7,700
            """;
        using var dir = new TestPaths.TempDir();
        var path = dir.File("wattle.txt");
        File.WriteAllText(path, release);
        var a = Analyze(path);
        var revenue = Assert.Single(a.Proof.Facts, f => f.Label == "Revenue" && f.PeriodEnd == new DateOnly(2025, 12, 31) && f.Table != "narrative");
        Assert.Equal((84_100_000m, "AUD", FactStatus.Flagged), (revenue.Value, revenue.Unit, revenue.Status));
        Assert.Contains(a.Proof.Findings, f => f.Rule == "parse" && f.Message.Contains("ABN 11 222 333 444") && f.Message.Contains("AUD"));
        Assert.DoesNotContain(a.Proof.Facts, f => f.Unit.StartsWith("USD", StringComparison.Ordinal));
        // The text's bare dollar is the same inferred dollar, and as doubtful.
        var said = Assert.Single(a.Proof.Facts, f => f.Table == "narrative" && f.Printed == "$84.1 million");
        Assert.Equal(("AUD", FactStatus.Flagged), (said.Unit, said.Status));

        // A sentence that declares the dollar is the release's word: no inference, no flag for the currency.
        var declared = dir.File("declared.txt");
        File.WriteAllText(declared, release.Replace("Half-year report\n", "Half-year report\nAll amounts are in US dollars unless otherwise stated.\n"));
        var d = Analyze(declared);
        Assert.Equal("USD", Assert.Single(d.Proof.Facts, f => f.Label == "Revenue" && f.PeriodEnd == new DateOnly(2025, 12, 31) && f.Table != "narrative").Unit);
        Assert.DoesNotContain(d.Proof.Findings, f => f.Message.Contains("bare dollar"));
    }

    [Fact]
    public void Date_columns_of_a_half_year_report_run_as_long_as_the_release_says()
    {
        // "31 Dec 2025 | 31 Dec 2024" over a statement of profit or loss, the length said only in the report's heading.
        // Before: read as the quarters ending on those days, flagged, and the text's "for the half-year" figure a quarter's.
        const string release = """
            Bellbird Freight Limited
            Half-year report for the six months ended 31 December 2025
            All amounts are in Australian dollars unless otherwise stated.
            Revenue for the half-year rose 7% to $52.4 million.

            Consolidated statement of profit or loss
                                                31 Dec 2025   31 Dec 2024
                                                     $'000         $'000
            Revenue                                 52,400        49,000
            Profit before income tax                 8,100         7,500
            Income tax expense                      (2,400)       (2,200)
            Profit for the half-year                 5,700         5,300
            """;
        using var dir = new TestPaths.TempDir();
        var path = dir.File("bellbird.txt");
        File.WriteAllText(path, release);
        var a = Analyze(path);
        var revenue = Assert.Single(a.Proof.Facts, f => f.Label == "Revenue" && f.PeriodEnd == new DateOnly(2025, 12, 31) && f.Table != "narrative");
        Assert.Equal((new DateOnly(2025, 7, 1), 52_400_000m, "AUD", FactStatus.Ok), (revenue.PeriodStart, revenue.Value, revenue.Unit, revenue.Status));
        Assert.Equal(new DateOnly(2024, 7, 1), Assert.Single(a.Proof.Facts, f => f.Label == "Revenue" && f.PeriodEnd == new DateOnly(2024, 12, 31)).PeriodStart);
        Assert.DoesNotContain(a.Proof.Findings, f => f.Message.Contains("does not say how long"));
        var said = Assert.Single(a.Proof.Facts, f => f.Table == "narrative");
        Assert.Equal((new DateOnly(2025, 7, 1), new DateOnly(2025, 12, 31)), (said.PeriodStart, said.PeriodEnd));

        // A release that gives the day two lengths says neither for the table: its columns stay an assumption, flagged.
        var both = dir.File("both.txt");
        File.WriteAllText(both, release.Replace("All amounts", "Second quarter ended 31 December 2025 results are in the appendix.\nAll amounts"));
        var b = Analyze(both);
        Assert.Contains(b.Proof.Findings, f => f.Message.Contains("does not say how long"));
        Assert.All(b.Proof.Facts.Where(f => f.Table != "narrative"), f => Assert.Equal(FactStatus.Flagged, f.Status));
    }

    [Fact]
    public void A_phrase_over_each_pair_of_year_columns_heads_both_wherever_it_stands_over_them()
    {
        // "Full Year" printed right of its pair's centre stands over the last column only. Before: the full year 2025
        // column was left unread, and the text's "For the full year" figure was stored as the fourth quarter's.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("q4.txt");
        File.WriteAllText(path, """
            Tidewater Analytics, Inc. Reports Fourth Quarter and Fiscal 2025 Results
            Revenue for the fourth quarter was $46.0 million. For the full year, revenue was $171.0 million.
            For the full year, we expect revenue growth of 10%, to $188.0 million.

            CONSOLIDATED STATEMENTS OF OPERATIONS
            (In thousands)
                                        Fourth Quarter            Full Year
                                      2025        2024        2025        2024
            Revenue                  $46,000     $41,000    $171,000    $150,000
            Cost of revenue           12,000      11,000      45,000      40,000
            Gross profit              34,000      30,000     126,000     110,000
            Operating expenses        25,000      23,000      96,000      88,000
            Income from operations     9,000       7,000      30,000      22,000

            CONDENSED CONSOLIDATED BALANCE SHEETS
            (In thousands)
                                   December 31,   December 31,
                                       2025           2024
            Total assets             $210,000       $190,000
            Total liabilities          90,000         85,000
            Total stockholders' equity 120,000       105,000
            Total liabilities and stockholders' equity  $210,000   $190,000
            """);
        var a = Analyze(path);
        Revenue(new DateOnly(2025, 10, 1), 46_000_000m);
        Revenue(new DateOnly(2024, 10, 1), 41_000_000m);
        Revenue(new DateOnly(2025, 1, 1), 171_000_000m);
        Revenue(new DateOnly(2024, 1, 1), 150_000_000m);
        Assert.DoesNotContain(a.Proof.Findings, f => f.Rule == "parse");
        var said = Assert.Single(a.Proof.Facts, f => f.Table == "narrative" && f.Value == 171_000_000m);
        Assert.Equal((new DateOnly(2025, 1, 1), FactStatus.Ok), (said.PeriodStart, said.Status));
        // The forecast "for the full year" names no year a fourth-quarter release has left: no figure of the year ended.
        Assert.DoesNotContain(a.Proof.Facts, f => f.Value == 188_000_000m && f.PeriodEnd <= new DateOnly(2025, 12, 31));

        void Revenue(DateOnly start, decimal value) =>
            Assert.Equal((value, FactStatus.Ok), Assert.Single(a.Proof.Facts, f => f.Label == "Revenue" && f.Table != "narrative" && f.PeriodStart == start) is var f ? (f.Value, f.Status) : default);
    }

    [Fact]
    public void A_tanshin_in_text_reads_its_year_end_its_ranges_over_two_lines_and_a_ratio_under_its_own_heading()
    {
        // Before: "(自 2024年4月1日" over "至 2024年9月30日)" was not read as a range, the "2026年3月期" year end was not
        // read either, and 累計 made the statement's columns the nine months from January (status ok); the financial
        // position block, whose ratio has its own heading, was no table.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("tanshin.txt");
        File.WriteAllText(path, """
            2026年3月期 第2四半期決算短信〔日本基準〕(連結)
            上場会社名  株式会社ミドリ工機          上場取引所 東

            1.2026年3月期第2四半期の連結業績（2025年4月1日～2025年9月30日）
            (1) 連結経営成績（累計）                                   (％表示は、対前年同四半期増減率)
                                売上高            営業利益
                              百万円     ％     百万円     ％
            2026年3月期第2四半期  21,000   5.0    2,100   5.0
            2025年3月期第2四半期  20,000   2.0    2,000   1.0

            (2) 連結財政状態
                                総資産        純資産       自己資本比率
                               百万円        百万円          ％
            2026年3月期第2四半期   80,000       50,000         62.5
            2025年3月期           78,000       48,000         61.5

            四半期連結損益計算書
                                               (単位：百万円)
                                 前第2四半期連結累計期間    当第2四半期連結累計期間
                                     (自 2024年4月1日          (自 2025年4月1日
                                      至 2024年9月30日)         至 2025年9月30日)
            売上高                          20,000                   21,000
            売上原価                        15,000                   15,700
            売上総利益                       5,000                    5,300
            販売費及び一般管理費             3,000                    3,200
            営業利益                         2,000                    2,100
            経常利益                         2,050                    2,150
            税金等調整前四半期純利益           2,050                    2,150
            法人税等                           650                      700
            四半期純利益                     1,400                    1,450

            （注）記載金額は百万円未満を切り捨てて表示しております。
            """);
        var a = Analyze(path);
        var sales = a.Proof.Facts.Where(f => f.Label == "売上高").ToList();
        Assert.Equal(4, sales.Count);
        Assert.All(sales, f => Assert.Equal((4, 1, 9, 30), (f.PeriodStart!.Value.Month, f.PeriodStart.Value.Day, f.PeriodEnd.Month, f.PeriodEnd.Day)));
        Assert.All(sales, f => Assert.Equal(FactStatus.Ok, f.Status));
        Assert.Equal("FY2026 6M", Assert.Single(sales, f => f.Value == 21_000_000_000m && f.Line > 20).FiscalPeriod);
        var assets = a.Proof.Facts.Where(f => f.Concept == "us-gaap:Assets").OrderBy(f => f.PeriodEnd).ToList();
        Assert.Equal([new DateOnly(2025, 3, 31), new DateOnly(2025, 9, 30)], assets.Select(f => f.PeriodEnd));
        Assert.Equal(80_000_000_000m, assets[1].Value);
        Assert.DoesNotContain(a.Proof.Facts, f => f.Value == 62.5m);
    }

    [Theory]
    // A year ending on the Saturday nearest 31 January, known by its 53-week year (3 February 2024): the year before ended
    // 28 January 2023, so its third quarter is the 13 weeks to 28 October 2023.
    [InlineData(1, "2024-02-03", 2024, 3, "2023-07-30", "2023-10-28")]
    [InlineData(1, "2024-02-03", 2024, 4, "2023-10-29", "2024-02-03")]
    // The last Saturday of December: 27 December 2025, and 28 December 2024 a year before.
    [InlineData(12, "2025-12-27", 2025, 4, "2025-09-28", "2025-12-27")]
    [InlineData(12, "2025-12-27", 2026, 1, "2025-12-28", "2026-03-28")]
    public void A_week_based_calendar_runs_its_quarters_from_the_year_ends_the_release_prints(int month, string known, int year, int quarter, string start, string end)
    {
        var calendar = new Periods.FiscalCalendar(month, false, Periods.PeriodConvention.Weekly) { YearEnds = [DateOnly.Parse(known, CultureInfo.InvariantCulture)] };
        Assert.Equal(new Periods.Period(DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture)), calendar.Quarter(year, quarter));
    }

    [Fact]
    public void Fiscal_quarter_columns_of_a_week_based_year_close_on_the_printed_year_end()
    {
        // "Fourth Quarter / Full Year" over years, the balance sheet at December 27, 2025 and December 28, 2024.
        // Before: the columns ran to December 31, status ok.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("weeks.txt");
        File.WriteAllText(path, """
            Lantern Bay Brands, Inc. Reports Fourth Quarter and Full Year 2025 Results

            CONSOLIDATED STATEMENTS OF EARNINGS
            (in millions)
                                       Fourth Quarter          Full Year
                                      2025       2024       2025       2024
            Net sales                $410.0     $380.0   $1,600.0   $1,500.0
            Cost of products sold     270.0      250.0    1,050.0      990.0
            Gross profit              140.0      130.0      550.0      510.0
            Operating expenses         90.0       85.0      350.0      330.0
            Operating income           50.0       45.0      200.0      180.0

            CONSOLIDATED BALANCE SHEETS
            (in millions)
                                          December 27,   December 28,
                                              2025           2024
            Total assets                   $2,300.0       $2,200.0
            Total liabilities               1,300.0        1,250.0
            Total shareholders' equity      1,000.0          950.0
            Total liabilities and shareholders' equity   $2,300.0   $2,200.0
            """);
        var a = Analyze(path);
        var sales = a.Proof.Facts.Where(f => f.Label == "Net sales").ToDictionary(f => f.Value);
        Assert.Equal((new DateOnly(2025, 9, 28), new DateOnly(2025, 12, 27)), (sales[410_000_000m].PeriodStart, sales[410_000_000m].PeriodEnd));
        Assert.Equal((new DateOnly(2024, 12, 29), new DateOnly(2025, 12, 27)), (sales[1_600_000_000m].PeriodStart, sales[1_600_000_000m].PeriodEnd));
        Assert.Equal((new DateOnly(2023, 12, 31), new DateOnly(2024, 12, 28)), (sales[1_500_000_000m].PeriodStart, sales[1_500_000_000m].PeriodEnd));
    }

    [Fact]
    public void A_balance_sheet_dated_a_year_apart_beside_third_quarter_columns_ends_the_quarter_not_the_year()
    {
        // "September 30, 2025 / September 30, 2024" and "Q3 2025 / Q3 2024". Before: September was taken for the year end,
        // so "Q3 2025" ran April to June 2025, status ok.
        using var dir = new TestPaths.TempDir();
        var path = dir.File("q3.txt");
        File.WriteAllText(path, """
            Bluefin Logistics Corp. Third Quarter 2025 Results

            CONSOLIDATED STATEMENTS OF OPERATIONS
            (in millions of U.S. dollars)
                                          Q3 2025    Q3 2024
            Revenue                         520.0      480.0
            Operating expenses              450.0      420.0
            Operating income                 70.0       60.0

            CONSOLIDATED BALANCE SHEETS
            (in millions of U.S. dollars)
                                    September 30, 2025   September 30, 2024
            Total assets                       2,100.0            1,950.0
            Total liabilities                  1,200.0            1,150.0
            Total equity                         900.0              800.0
            Total liabilities and equity       2,100.0            1,950.0
            """);
        var a = Analyze(path);
        var revenue = Assert.Single(a.Proof.Facts, f => f.Label == "Revenue" && f.Value == 520_000_000m);
        Assert.Equal((new DateOnly(2025, 7, 1), new DateOnly(2025, 9, 30), "FY2025 Q3"), (revenue.PeriodStart, revenue.PeriodEnd, revenue.FiscalPeriod));
    }
}
