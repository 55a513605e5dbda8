using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Periods;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// TDnet 決算短信 summary pages: tables whose rows are periods, era years, a fiscal year ending on the 20th, and the
/// inline XBRL the page carries held against the table reading. Fixtures are invented companies (ミナト精工: a March
/// year in 平成 years with contexts on the page; ほしぞら書房: a year to 20 August in 令和 years, contexts absent).
/// </summary>
public sealed class TdnetSummaryTests
{
    static string Fixture(string name) => TestPaths.Fixture(name);

    static DocumentAnalysis Analyze(string path) => TestPaths.Analyze(path);

    static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    static Fact One(IEnumerable<Fact> facts, string label, string end) =>
        Assert.Single(facts, f => f.Label == label && f.PeriodEnd == D(end));

    [Fact]
    public void Transposed_summary_rows_become_statement_facts_with_their_periods_and_units()
    {
        var a = Analyze(Fixture("minato-fy2014-tanshin.htm"));
        var facts = a.Proof.Facts;

        var sales = One(facts, "売上高", "2015-03-31");
        Assert.Equal(("us-gaap:Revenues", 12_345_000_000m, "JPY"), (sales.Concept, sales.Value, sales.Unit));
        Assert.StartsWith("income", sales.Table); // a year's results: the income statement (year to date)
        Assert.Equal(D("2014-04-01"), sales.PeriodStart);
        Assert.Equal("FY2015", sales.FiscalPeriod); // the year end the balance sheet dates show: March
        Assert.Equal(D("2013-04-01"), One(facts, "売上高", "2014-03-31").PeriodStart);
        // Provenance: the figure's own line (the 27年3月期 row) and cell, as printed.
        var doc = DocumentReader.Read(Fixture("minato-fy2014-tanshin.htm"));
        Assert.StartsWith("27年3月期\t12,345", doc.LineText(sales.Rendered!.Line));
        Assert.Equal(doc.FileLine(sales.Rendered), sales.Line); // reported as the line of the file
        Assert.Equal((2, "12,345"), (sales.Column, sales.Printed));

        Assert.Equal(-120_000_000m, One(facts, "当期純利益", "2015-03-31").Value); // △ is a minus
        Assert.Equal("jppfs_cor:OrdinaryIncome", One(facts, "経常利益", "2015-03-31").Concept);
        var eps = One(facts, "1株当たり当期純利益", "2015-03-31");
        Assert.Equal((-12.34m, "JPY/share", sales.Table), (eps.Value, eps.Unit, eps.Table)); // per share: never scaled
        Assert.DoesNotContain(facts, f => f.Label == "潜在株式調整後1株当たり当期純利益" && f.PeriodEnd == D("2015-03-31")); // ― is no fact
        Assert.Equal(39.95m, One(facts, "潜在株式調整後1株当たり当期純利益", "2014-03-31").Value);

        var assets = One(facts, "総資産", "2015-03-31");
        Assert.Equal(("balance", (DateOnly?)null, 20_500_000_000m), (assets.Table, assets.PeriodStart, assets.Value)); // an instant at the year end
        var bookValue = One(facts, "1株当たり純資産", "2014-03-31");
        Assert.Equal((840.50m, "JPY/share", (DateOnly?)null), (bookValue.Value, bookValue.Unit, bookValue.PeriodStart));
        Assert.Equal(-900_000_000m, One(facts, "投資活動によるキャッシュ・フロー", "2015-03-31").Value);
        Assert.Equal("cashflow", One(facts, "現金及び現金同等物期末残高", "2015-03-31").Table);

        // Not facts of the statements: % changes and ratios, the （注） comprehensive income, dividends, 個別 figures.
        Assert.DoesNotContain(facts, f => f.Value is 5.2m or 12.2m or 40.0m or 42.4m);
        Assert.DoesNotContain(facts, f => f.Value is 9_000_000_000m or 8_820_000_000m or 800_000_000m or -100_000_000m
            || (f.Unit == "JPY/share" && f.Value is 10m or 12m or 7m));
        Assert.Equal(25, facts.Count(f => f.Table is "income" or "income_ytd" or "balance" or "cashflow"));
    }

    [Fact]
    public void A_unit_row_repeated_per_column_is_not_collapsed_as_overprinted_text()
    {
        // Tabs separate cells: "百万円 | % " per item is a row of units, not PDF text printed over itself.
        Assert.Equal("\t百万円\t%\t百万円\t%\t百万円\t%", RepeatCollapser.Collapse("\t百万円\t%\t百万円\t%\t百万円\t%"));
        Assert.Equal("営業収益:", RepeatCollapser.Collapse("営業収益:営業収益:営業収益:営業収益:"));
    }

    sealed class FixedLayout(params RawGrid[] grids) : ITableLayout
    {
        public IEnumerable<RawGrid> FindGrids(SourceDocument doc, LineClaims claims) => grids;
    }

    [Fact]
    public void A_later_layout_does_not_read_lines_an_earlier_one_claimed()
    {
        var doc = new SourceDocument("d.txt", "d.txt", "0", ["a", "b", "c", "d", "e", "f"]);
        static RawRow R(int line) => new(line, [$"row {line}", "1"]);
        var first = new RawGrid([R(2), R(3)]) { Claims = [5] };
        var later = new RawGrid([R(1), R(2), R(3), R(4), R(5), R(6)]);
        var (grids, _) = new LayoutPipelineBuilder().Use(new FixedLayout(first)).Use(new FixedLayout(later)).Build().FindGrids(doc);
        // The later grid is cut around the claimed rows (2, 3) and the claimed note line (5).
        Assert.Equal([[1], [2, 3], [4], [6]], grids.Select(g => g.Rows.Select(r => r.Line).ToArray()).ToArray());
    }

    [Theory]
    [InlineData("平成26年3月31日", null, "2014-03-31")]
    [InlineData("平成26年3月期", null, "2014-03-31")]
    [InlineData("昭和64年1月7日", null, "1989-01-07")]
    [InlineData("(令和元年5月1日~令和2年3月31日)", "2019-05-01", "2020-03-31")]
    [InlineData("(平成24年12月21日~平成25年12月20日)", "2012-12-21", "2013-12-20")]
    [InlineData("2013年4月1日~2014年3月31日", "2013-04-01", "2014-03-31")]
    public void Era_years_and_stated_ranges_are_read_as_dates(string text, string? start, string end)
    {
        var anchor = Assert.Single(PeriodHeader.Find(text));
        var period = anchor.Resolve(new Duration.Months(12), FiscalCalendar.CalendarYear);
        Assert.Equal(D(end), period.End);
        if (start is not null) Assert.Equal(new Period(D(start), D(end)), period);
        Assert.Equal(Period.Instant(D(end)), anchor.Resolve(null, FiscalCalendar.CalendarYear));
    }

    [Fact]
    public void A_year_ending_on_the_20th_keeps_its_days_in_every_period()
    {
        var facts = Analyze(Fixture("hoshizora-fy2023-tanshin.htm")).Proof.Facts;
        var sales = One(facts, "売上高", "2023-08-20");
        Assert.Equal((D("2022-08-21"), 3_210_000_000m, "FY2023"), (sales.PeriodStart!.Value, sales.Value, sales.FiscalPeriod));
        Assert.Equal(D("2021-08-21"), One(facts, "売上高", "2022-08-20").PeriodStart);
        Assert.Null(One(facts, "純資産", "2022-08-20").PeriodStart);
        Assert.Equal(56.00m, One(facts, "1株当たり当期純利益", "2023-08-20").Value);
        Assert.DoesNotContain(facts, f => f.PeriodEnd.Day == 31 || f.PeriodEnd.Day == 30);
    }

    [Fact]
    public void A_quarterly_summary_in_western_years_dates_quarters_and_the_prior_year_end()
    {
        // An invented first-quarter summary as text with tab stops: quarters to date against the same quarter a year
        // before; the financial position against the last year end.
        string[] lines =
        [
            "2025年3月期 第1四半期決算短信〔日本基準〕(連結)",
            "1.2025年3月期第1四半期の連結業績(2024年4月1日~2024年6月30日)",
            "(1)連結経営成績(累計)\t(%表示は、対前年同四半期増減率)",
            "",
            "\t売上高\t\t営業利益\t",
            "\t百万円\t%\t百万円\t%",
            "2025年3月期第1四半期\t5,500\t10.0\t600\t20.0",
            "2024年3月期第1四半期\t5,000\t△2.0\t500\t―",
            "",
            "(2)連結財政状態",
            "",
            "\t総資産\t純資産",
            "\t百万円\t百万円",
            "2025年3月期第1四半期\t30,000\t12,000",
            "2024年3月期\t29,000\t11,800",
        ];
        var facts = Analyze(new SourceDocument("q1.txt", "q1.txt", "0", lines)).Proof.Facts;
        Assert.Equal(new DateOnly?(D("2024-04-01")), One(facts, "売上高", "2024-06-30").PeriodStart);
        Assert.Equal(new DateOnly?(D("2023-04-01")), One(facts, "売上高", "2023-06-30").PeriodStart);
        Assert.Equal(29_000_000_000m, One(facts, "総資産", "2024-03-31").Value);
        Assert.Null(One(facts, "総資産", "2024-06-30").PeriodStart);
        Assert.Equal(8, facts.Count);
    }

    static DocumentAnalysis Analyze(SourceDocument doc) => TestPaths.Analyze(doc);

    [Fact]
    public void Inline_xbrl_figures_agree_with_the_tables_and_prove_them()
    {
        foreach (var name in new[] { "minato-fy2014-tanshin.htm", "hoshizora-fy2023-tanshin.htm" })
        {
            var doc = DocumentReader.Read(Fixture(name));
            Assert.Equal(26, doc.Tagged.Count(t => t.Line > 0) + (name.StartsWith("minato") ? 1 : 0)); // ミナト's diluted EPS is ― (untagged)
            var sales = doc.Tagged.First(t => t.Name == "tse-ed-t:NetSales");
            Assert.Equal(name.StartsWith("minato") ? 12_345_000_000m : 3_210_000_000m, sales.Value);
            // Contexts: on the page for ミナト, dated by their names against the stated range for ほしぞら.
            Assert.Equal(name.StartsWith("minato") ? new Period(D("2014-04-01"), D("2015-03-31")) : new Period(D("2022-08-21"), D("2023-08-20")), sales.Period);
            Assert.Equal(-1, Math.Sign(doc.Tagged.First(t => t.Name == "tse-ed-t:CashFlowsFromInvestingActivities").Value)); // sign="-"

            var a = Analyze(Fixture(name));
            Assert.DoesNotContain(a.Proof.Findings, f => f.Rule == "xbrl");
            Assert.DoesNotContain(a.Proof.Findings, f => f.Severity == Severity.Error);
            // Every tagged statement figure is proven by its tag (the summary prints no other identity for most).
            Assert.True(a.Proof.Proven >= 25, $"proven {a.Proof.Proven}");
        }
    }

    [Fact]
    public void A_tag_that_disagrees_with_the_table_is_an_error_at_its_cell()
    {
        using var dir = new TestPaths.TempDir();
        var html = File.ReadAllText(Fixture("minato-fy2014-tanshin.htm"));
        // The operating income tag says thousands where the table's unit row says millions.
        var changed = Regex.Replace(html, @"(name=""tse-ed-t:OperatingIncome"" unitRef=""JPY"" decimals="")-6("" format=""ixt:numdotdecimal"" scale="")6("">1,234<)", "${1}-3${2}3${3}");
        Assert.NotEqual(html, changed);
        // And the prior year's total assets is dated a day early by its context.
        changed = changed.Replace("<xbrli:instant>2014-03-31</xbrli:instant>", "<xbrli:instant>2014-03-30</xbrli:instant>");
        var path = dir.File("minato-changed.htm");
        File.WriteAllText(path, changed);

        var a = Analyze(path);
        var value = Assert.Single(a.Proof.Findings, f => f.Rule == "xbrl" && f.Concept == "us-gaap:OperatingIncomeLoss");
        Assert.Equal(Severity.Error, value.Severity);
        Assert.Contains(value.Line, FileLinesOfRows(DocumentReader.Read(path), "27年3月期"));
        var dated = a.Proof.Findings.Where(f => f.Rule == "xbrl" && f.Message.Contains("dated 2014-03-30")).ToList();
        Assert.NotEmpty(dated);
        Assert.All(dated, f => Assert.Equal(Severity.Error, f.Severity));
    }

    [Fact]
    public void The_printed_change_of_the_latest_year_is_checked_against_both_years()
    {
        using var dir = new TestPaths.TempDir();
        var html = File.ReadAllText(Fixture("minato-fy2014-tanshin.htm"));
        var path = dir.File("minato-change.htm");
        File.WriteAllText(path, html.Replace("<td>5.2</td>", "<td>6.2</td>")); // 12,345 ÷ 11,735 is +5.2 %, not +6.2 %
        var finding = Assert.Single(Analyze(path).Proof.Findings, f => f.Severity == Severity.Error);
        Assert.Equal("change", finding.Rule);
        Assert.Contains(finding.Line, FileLinesOfRows(DocumentReader.Read(path), "27年3月期"));
        // As printed, every change of the latest year holds (no finding at all).
        Assert.Empty(Analyze(Fixture("minato-fy2014-tanshin.htm")).Proof.Findings);
    }

    [Fact]
    public void Edgar_inline_xbrl_is_read_by_the_same_code()
    {
        // An ordinary statement (periods as columns) tagged with us-gaap names, contexts and a USD/share unit.
        var a = Analyze(Fixture("larkspur-q2-2025-ixbrl.htm"));
        Assert.Empty(a.Proof.Findings);
        Assert.Equal(10, a.Proof.Proven);
        var tag = Assert.Single(DocumentReader.Read(Fixture("larkspur-q2-2025-ixbrl.htm")).Tagged,
            t => t.Name == "us-gaap:EarningsPerShareBasic" && t.ContextRef == "c-q2-2025");
        Assert.Equal((-0.04m, "USD/share", new Period(D("2025-04-01"), D("2025-06-30"))), (tag.Value, tag.Unit, tag.Period!.Value));

        // A tag that lost its sign disagrees with the table's (760): an error at that cell, not a repair (the
        // statement's own sum agrees with the table as printed).
        using var dir = new TestPaths.TempDir();
        var path = dir.File("larkspur-unsigned.htm");
        File.WriteAllText(path, File.ReadAllText(Fixture("larkspur-q2-2025-ixbrl.htm"))
            .Replace("decimals=\"-3\" scale=\"3\" sign=\"-\" format=\"ixt:num-dot-decimal\">760<", "decimals=\"-3\" scale=\"3\" format=\"ixt:num-dot-decimal\">760<"));
        var finding = Assert.Single(Analyze(path).Proof.Findings, f => f.Severity == Severity.Error);
        Assert.Equal(("xbrl", "us-gaap:OperatingIncomeLoss", (Repair?)null), (finding.Rule, finding.Concept, finding.Repair));
        Assert.Contains(finding.Line, FileLinesOfRows(DocumentReader.Read(path), "Operating income (loss)"));
    }

    // --- the two real TDnet pages of ../shared/wild -----------------------------------------------------

    sealed record Truth(string Doc, string Table, string Label, string? LabelEn, DateOnly? Start, DateOnly End, decimal Value, string Unit, int? Line);

    [Theory]
    [InlineData("09_toyota_fy2014_tanshin.htm")]
    [InlineData("10_kginfo_fy2013_tanshin.htm")]
    public void Wild_tdnet_pages_are_recalled(string name)
    {
        var wild = Path.Combine(TestPaths.Shared, "wild");
        var truth = File.ReadLines(Path.Combine(wild, "truth.jsonl")).Where(l => l.Trim().Length > 0).Select(ParseTruth)
            .Where(t => t.Doc == name && t.Table is "income" or "balance" or "cashflow").ToList();
        Assert.NotEmpty(truth);
        var facts = Analyze(Path.Combine(wild, "docs", name)).Proof.Facts;
        // As tools/score.py: same period, unit and exact value, and the same line or a label similarity ≥ 0.5.
        var missed = truth.Where(t => !facts.Any(f => f.PeriodStart == t.Start && f.PeriodEnd == t.End && f.Unit == t.Unit && f.Value == t.Value
            && (t.Line == f.Line || new[] { Sim(t.Label, f.Label), Sim(t.LabelEn, f.Label), Sim(t.Label, f.Concept), Sim(t.LabelEn, f.Concept) }.Max() >= 0.5)))
            .ToList();
        double recall = 1 - (double)missed.Count / truth.Count;
        Console.WriteLine($"{name}: recall {recall:0.0000} ({truth.Count - missed.Count}/{truth.Count})");
        Assert.True(recall >= 0.98, $"{name}: recall {recall:0.0000}; missed: {string.Join("; ", missed.Take(10).Select(m => $"{m.Label} {m.End:yyyy-MM-dd} {m.Value}"))}");
    }

    [Theory]
    [InlineData("09_toyota_fy2014_tanshin.htm")]
    [InlineData("10_kginfo_fy2013_tanshin.htm")]
    public void Every_damaged_statement_cell_of_a_wild_tdnet_page_is_named_by_a_finding(string name)
    {
        using var dir = new TestPaths.TempDir();
        using var store = new SqliteFactStore(dir.File("m.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        var doc = DocumentReader.Read(Path.Combine(TestPaths.Shared, "wild", "docs", name));
        var clean = ingestor.Analyze(doc);
        Assert.DoesNotContain(clean.Proof.Findings, f => f.Severity == Severity.Error);
        var missed = new List<string>();
        int total = 0;
        foreach (var fact in clean.Proof.Facts.Where(f => f.Table is "income" or "income_ytd" or "balance" or "cashflow"))
            foreach (var mutated in new[] { BumpLastDigit(fact.Printed), FlipSign(fact.Printed) })
            {
                total++;
                var lines = doc.Lines.ToArray();
                var at = fact.Rendered!;
                var cells = lines[at.Line - 1].Split('\t');
                Assert.Equal(fact.Printed, cells[fact.Column - 1]); // provenance points at the printed cell
                cells[fact.Column - 1] = mutated;
                lines[at.Line - 1] = string.Join('\t', cells);
                var findings = ingestor.Analyze(doc with { Lines = lines }).Proof.Findings;
                var row = doc.FileLines(at.Line);
                if (!findings.Any(f => row.Contains(f.Line) && f.Severity == Severity.Error))
                    missed.Add($"{fact.Label} {fact.Printed} → {mutated}");
            }
        Console.WriteLine($"{name}: {total - missed.Count} of {total} single-cell mutations named");
        Assert.Empty(missed);
    }

    /// <summary>The file lines of every rendered row starting with <paramref name="label"/>: where a finding on those rows may stand.</summary>
    static HashSet<int> FileLinesOfRows(SourceDocument doc, string label) =>
        Enumerable.Range(1, doc.Lines.Count).Where(n => doc.LineText(n).StartsWith(label, StringComparison.Ordinal))
            .SelectMany(doc.FileLines).ToHashSet();

    static string BumpLastDigit(string printed)
    {
        int k = printed.Length - 1;
        while (!char.IsAsciiDigit(printed[k])) k--;
        return printed[..k] + (char)('0' + (printed[k] - '0' + 1) % 10) + printed[(k + 1)..];
    }

    static string FlipSign(string printed) => printed.StartsWith('△') ? printed[1..] : "△" + printed;

    static Truth ParseTruth(string line)
    {
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        static string? S(JsonElement e, string n) => e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new Truth(S(r, "doc")!, S(r, "table")!, S(r, "label") ?? "", S(r, "label_en"),
            S(r, "period_start") is { } s ? D(s) : null, D(S(r, "period_end")!), r.GetProperty("value").GetDecimal(), S(r, "unit")!,
            r.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null);
    }

    // tools/score.py's label similarity: shared word tokens (latin words, single kana/kanji) over the smaller set.
    static readonly HashSet<string> Stop = ["us", "gaap", "iij", "and", "of", "the", "in", "for", "net", "total", "services", "service", "revenues", "revenue", "s"];

    static HashSet<string> Tokens(string? s)
    {
        var spaced = Regex.Replace(s ?? "", "([a-z])([A-Z])", "$1 $2").ToLowerInvariant();
        return Regex.Matches(spaced, @"[a-z]+|[\u3040-\u30ff\u4e00-\u9fff]").Select(m => m.Value).Where(w => !Stop.Contains(w)).ToHashSet();
    }

    static double Sim(string? a, string? b)
    {
        var (ta, tb) = (Tokens(a), Tokens(b));
        if (ta.Count == 0 || tb.Count == 0) return 0;
        return (double)ta.Intersect(tb).Count() / Math.Min(ta.Count, tb.Count);
    }

    [Fact]
    public void A_summary_page_as_pdftotext_lays_it_out_with_spaces_is_read_like_its_html()
    {
        // Period rows of figures under a line of items and a line of units, by the order of their words: each item a
        // value column and its % change; "円 銭" is one unit; the page's range dates the current row.
        var facts = Analyze(Fixture("sakura-1q-2025-tanshin-pdf.txt")).Proof.Facts;
        var sales = Assert.Single(facts, f => f.Label == "売上高" && f.PeriodEnd == new DateOnly(2024, 6, 30));
        Assert.Equal((12_345_000_000m, "JPY", new DateOnly(2024, 4, 1), FactStatus.Ok), (sales.Value, sales.Unit, sales.PeriodStart!.Value, sales.Status));
        Assert.Equal((9, "12,345"), (sales.Line, sales.Printed));
        // The % columns are changes, not facts.
        Assert.DoesNotContain(facts, f => f.Printed is "5.2" or "△3.1");
        Assert.Equal(788_000_000m, Assert.Single(facts, f => f.Label.EndsWith("四半期純利益", StringComparison.Ordinal) && f.Unit == "JPY" && f.PeriodEnd == new DateOnly(2023, 6, 30)).Value);
        var eps = Assert.Single(facts, f => f.Label == "1株当たり四半期純利益" && f.PeriodEnd == new DateOnly(2024, 6, 30));
        Assert.Equal((35.20m, "JPY/share"), (eps.Value, eps.Unit));
    }

    [Fact]
    public void An_english_summary_page_as_pdftotext_prints_it_dates_its_rows_by_the_span_they_state()
    {
        // The TSE's English 決算短信 as pdftotext -layout gives it: items over "Millions of yen  %" units, "Six months
        // ended" on a line of its own over date rows, items wrapped over two lines ("Basic earnings" / "per share"),
        // "As of" rows for the financial position. Before: rejected (no period in any header).
        var a = Analyze(Fixture("hoshimi-2q-2026-tanshin-en.txt"));
        Assert.Equal("Hoshimi Electric Co., Ltd.", IssuerName.Find(new SourceDocument("x.txt", "x.txt", "", File.ReadAllLines(Fixture("hoshimi-2q-2026-tanshin-en.txt"))))?.Name);
        Fact One(string concept, string end) => Assert.Single(a.Proof.Facts, f => f.Concept == concept && f.PeriodEnd == DateOnly.Parse(end, CultureInfo.InvariantCulture));
        var revenue = One("us-gaap:Revenues", "2025-09-30");
        Assert.Equal((new DateOnly(2025, 4, 1), 1_234_567_000_000m, "JPY", FactStatus.Ok), (revenue.PeriodStart!.Value, revenue.Value, revenue.Unit, revenue.Status));
        Assert.Equal(new DateOnly(2024, 4, 1), One("us-gaap:Revenues", "2024-09-30").PeriodStart);
        Assert.Equal((151.90m, "JPY/share"), One("us-gaap:EarningsPerShareDiluted", "2025-09-30") is var d ? (d.Value, d.Unit) : default);
        Assert.Equal(148.02m, One("us-gaap:EarningsPerShareBasic", "2024-09-30").Value);
        var assets = One("us-gaap:Assets", "2025-03-31");
        Assert.Equal((null, 5_301_200_000_000m), (assets.PeriodStart, assets.Value));
        // The % columns are changes, not facts of their own.
        Assert.DoesNotContain(a.Proof.Facts, f => f.Unit == "percent");
    }
}
