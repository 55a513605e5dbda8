using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kessan.Facts;
using Kessan.Periods;
using Kessan.Ingestion;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// Each layout on fixtures written for it (tests/Kessan.Tests/Fixtures, never the seeds' text): ruled EDGAR-style
/// text, HTML, PDF rendered from the text fixture, and a Japanese release in UTF-8, UTF-16, Shift_JIS and EUC-JP.
/// The same release in two layouts must state the same facts, apart from where they stand.
/// </summary>
public sealed class LayoutTests
{
    static string Fixture(string name) => TestPaths.Fixture(name);

    static readonly Lazy<TaxonomySet> WithFixtureCompanies = new(() => TaxonomyLoader.Load(Fixture("taxonomy")));

    static List<Fact> Extract(string path, TaxonomySet? taxonomy = null)
    {
        using var dir = new TestPaths.TempDir();
        using var store = new SqliteFactStore(dir.File("t.db"));
        var ingestor = new Ingestor(store, taxonomy ?? TaxonomyLoader.Default);
        return ingestor.Analyze(DocumentReader.Read(path)).Facts.ToList();
    }

    /// <summary>A fact without its provenance (document, line, cell, printed token).</summary>
    static List<string> Meaning(IEnumerable<Fact> facts) => facts
        .Select(f => string.Join('|', f.Company, f.Concept, f.Label, f.Table, f.PeriodStart, f.PeriodEnd, f.FiscalPeriod,
            f.Value.ToString(CultureInfo.InvariantCulture), f.Unit, f.Convenience, f.Lang, f.KnownConcept))
        .Order(StringComparer.Ordinal).ToList();

    static Fact One(List<Fact> facts, string label, string periodEnd) =>
        Assert.Single(facts, f => f.Label == label && f.PeriodEnd == DateOnly.Parse(periodEnd, CultureInfo.InvariantCulture));

    // --- ruled plain text ---------------------------------------------------------------------------------

    [Fact]
    public void Ruled_text_reads_stacked_dates_dollar_signs_and_parentheses()
    {
        var facts = Extract(Fixture("northwind-q2-2005-ruled.txt"));
        // 66 statement figures and the sentence "revenues of $66.2 million", read in the release's own currency.
        Assert.Equal(67, facts.Count);
        var told = Assert.Single(facts, f => f.Table == "narrative");
        Assert.Equal(("USD", 66_200_000m, FactStatus.Ok), (told.Unit, told.Value, told.Status));
        var revenue = One(facts, "Total revenues", "2005-06-30");
        Assert.Equal(66_155_000m, revenue.Value);
        Assert.Equal("us-gaap:Revenues", revenue.Concept);
        Assert.Equal(new DateOnly(2005, 4, 1), revenue.PeriodStart);
        Assert.Equal("USD", revenue.Unit);
        Assert.False(revenue.Convenience);
        Assert.Equal(-508_000m, One(facts, "Net income (loss)", "2004-06-30").Value);
        Assert.Equal("$(508)", One(facts, "Net income (loss)", "2004-06-30").Printed);
        Assert.Equal(-412_000m, One(facts, "Other income (expense), net", "2005-06-30").Value);
        var eps = One(facts, "Basic net income (loss) per share", "2004-06-30");
        Assert.Equal((-0.03m, "USD/share"), (eps.Value, eps.Unit));
        var assets = One(facts, "Total assets", "2004-12-31");
        Assert.Equal((88_700_000m, (DateOnly?)null, "balance"), (assets.Value, assets.PeriodStart, assets.Table));
        Assert.Equal("us-gaap:LiabilitiesAndStockholdersEquity", One(facts, "Total liabilities and stockholders' equity", "2005-06-30").Concept);
        // Rules, section lines and the centred ASSETS line are not figures.
        Assert.DoesNotContain(facts, f => f.Label is "ASSETS" or "Revenues" or "Current assets");
    }

    [Fact]
    public void Ruled_text_identities_hold()
    {
        var facts = Extract(Fixture("northwind-q2-2005-ruled.txt"));
        decimal V(string label, string end) => One(facts, label, end).Value;
        foreach (var end in new[] { "2005-06-30", "2004-06-30" })
        {
            Assert.Equal(V("Total revenues", end), V("Product revenues", end) + V("Service revenues", end));
            Assert.Equal(V("Operating income", end), V("Total revenues", end) - V("Total costs and expenses", end));
            Assert.Equal(V("Net income (loss)", end), V("Income (loss) before income taxes", end) - V("Income tax expense", end));
        }
        foreach (var end in new[] { "2005-06-30", "2004-12-31" })
            Assert.Equal(V("Total assets", end), V("Total liabilities", end) + V("Total stockholders' equity", end));
    }

    /// <summary>
    /// The same statements as an EDGAR text filing prints them: SGML tags (&lt;TABLE&gt;, &lt;S&gt; &lt;C&gt;), dot leaders,
    /// a group rule under "June 30," over the column rules, a label wrapped onto the line of its figures.
    /// </summary>
    [Fact]
    public void An_edgar_text_filing_states_the_same_facts_as_the_plain_ruled_text()
    {
        var edgar = Extract(Fixture("northwind-q2-2005-edgar.txt"));
        Assert.Equal(Meaning(Extract(Fixture("northwind-q2-2005-ruled.txt"))), Meaning(edgar));
        Assert.Contains(edgar, f => f.Label == "Total liabilities and stockholders' equity" && f.Value == 94_000_000m);
    }

    // --- HTML ---------------------------------------------------------------------------------------------

    [Fact]
    public void The_same_release_as_ruled_text_and_as_html_states_the_same_facts()
    {
        var text = Extract(Fixture("northwind-q2-2005-ruled.txt"));
        var html = Extract(Fixture("northwind-q2-2005.html"));
        Assert.Equal(Meaning(text), Meaning(html));
    }

    [Fact]
    public void Ruled_text_inside_an_html_pre_block_states_the_same_facts()
    {
        using var dir = new TestPaths.TempDir();
        var text = File.ReadAllText(Fixture("northwind-q2-2005-ruled.txt"));
        var path = dir.File("northwind-pre.htm");
        File.WriteAllText(path, "<html><head><title>Exhibit 99.1</title></head><body><pre>\n" + System.Net.WebUtility.HtmlEncode(text) + "</pre></body></html>");
        Assert.Equal(Meaning(Extract(Fixture("northwind-q2-2005-ruled.txt"))), Meaning(Extract(path)));
    }

    [Fact]
    public void Tables_inside_a_page_layout_table_are_read_as_tables()
    {
        using var dir = new TestPaths.TempDir();
        var html = File.ReadAllText(Fixture("northwind-q2-2005.html"));
        var body = html[(html.IndexOf("<body>", StringComparison.Ordinal) + 6)..html.IndexOf("</body>", StringComparison.Ordinal)];
        var path = dir.File("northwind-layout.html");
        File.WriteAllText(path, "<html><body><table width=\"100%\"><tr><td width=\"10%\">&nbsp;</td><td>" + body + "</td></tr></table></body></html>");
        Assert.Equal(Meaning(Extract(Fixture("northwind-q2-2005.html"))), Meaning(Extract(path)));
    }

    [Fact]
    public void Html_cells_honour_colspan_rowspan_nbsp_and_numbers_split_by_markup()
    {
        var lines = HtmlTextRenderer.Render("""
            <p>Results&nbsp;table</p>
            <table>
              <tr><td rowspan="2"></td><td colspan="5">Three Months Ended</td></tr>
              <tr><td colspan="2">June 30,<br>2005</td><td colspan="2">June 30, 2004</td></tr>
              <tr><td>Net&nbsp;sales</td><td>$</td><td>1,<b>234</b></td><td>(56</td><td>)</td></tr>
            </table>
            """);
        Assert.Contains("Results table", lines);
        var row = Assert.Single(lines, l => l.StartsWith("Net sales"));
        Assert.Equal(["Net sales", "$1,234", "(56)"], row.Split('\t'));
        Assert.Contains(lines, l => l.Split('\t').Contains("June 30, 2005"));
    }

    // --- PDF ----------------------------------------------------------------------------------------------

    /// <summary>Renders a fixture to PDF with LibreOffice (Debian package libreoffice-writer-nogui), headless.</summary>
    static string RenderPdf(TestPaths.TempDir dir, string fixture, string copyAs, string filter)
    {
        var source = Path.Combine(dir.Path, copyAs);
        File.Copy(Fixture(fixture), source);
        var psi = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-env:UserInstallation=file://" + Path.Combine(dir.Path, "lo-profile"), "--headless",
                     "--convert-to", filter, "--outdir", dir.Path, source])
            psi.ArgumentList.Add(a);
        Process? p = null;
        try { p = Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("soffice not found: install the Debian package libreoffice-writer-nogui to render the PDF fixtures");
        }
        using (var proc = p!)
        {
            proc.StandardOutput.ReadToEnd();
            proc.StandardError.ReadToEnd();
            Assert.True(proc.WaitForExit(120_000), "soffice did not finish in 120 s");
        }
        var pdf = Path.ChangeExtension(source, ".pdf");
        Assert.True(File.Exists(pdf), $"soffice produced no PDF from {fixture}");
        return pdf;
    }

    [Fact]
    public void A_pdf_rendered_from_the_ruled_text_fixture_states_the_same_facts()
    {
        using var dir = new TestPaths.TempDir();
        var pdf = RenderPdf(dir, "northwind-q2-2005-ruled.txt", "northwind-q2-2005.txt", "pdf");
        var fromPdf = Extract(pdf);
        Assert.Equal(Meaning(Extract(Fixture("northwind-q2-2005-ruled.txt"))), Meaning(fromPdf));
        Assert.All(fromPdf, f => Assert.Equal("northwind-q2-2005.pdf", f.Doc));
    }

    /// <summary>
    /// Rendered from HTML, the PDF's text has what real PDFs have: dates stacked over two lines, "$" and ")" apart
    /// from their figures, a label wrapped below its figures, the column header repeated after a page break.
    /// </summary>
    [Fact]
    public void A_pdf_rendered_from_the_html_fixture_states_the_same_facts()
    {
        using var dir = new TestPaths.TempDir();
        var pdf = RenderPdf(dir, "northwind-q2-2005.html", "northwind-web.html", "pdf:writer_web_pdf_Export");
        Assert.Equal(Meaning(Extract(Fixture("northwind-q2-2005.html"))), Meaning(Extract(pdf)));
    }

    [Fact]
    public void A_japanese_pdf_states_the_same_facts_as_its_text()
    {
        using var dir = new TestPaths.TempDir();
        var pdf = RenderPdf(dir, "kitakaze-1q-2005.txt", "kitakaze.txt", "pdf");
        Assert.Equal(Meaning(Extract(Fixture("kitakaze-1q-2005.txt"), WithFixtureCompanies.Value)), Meaning(Extract(pdf, WithFixtureCompanies.Value)));
    }

    [Fact]
    public void A_pdf_without_pdftotext_is_rejected_with_the_package_to_install()
    {
        using var dir = new TestPaths.TempDir();
        var pdf = dir.File("x.pdf");
        File.WriteAllText(pdf, "%PDF-1.4\n");
        var e = Assert.Throws<DocumentRejectedException>(() => PdfTextExtractor.Extract("x.pdf", pdf, "/nonexistent/pdftotext"));
        Assert.Contains("poppler-utils", e.Message);
        Assert.Equal("x.pdf", e.File);
    }

    [Fact]
    public void A_damaged_pdf_is_rejected_naming_the_file()
    {
        using var dir = new TestPaths.TempDir();
        var pdf = dir.File("broken.pdf");
        File.WriteAllText(pdf, "%PDF-1.4\nthis is not a pdf\n");
        var e = Assert.Throws<DocumentRejectedException>(() => DocumentReader.Read(pdf));
        Assert.Equal("broken.pdf", e.File);
        var notPdf = dir.File("fake.pdf");
        File.WriteAllText(notPdf, "plain text");
        Assert.Contains("%PDF-", Assert.Throws<DocumentRejectedException>(() => DocumentReader.Read(notPdf)).Message);
    }

    [Fact]
    public void The_ingestor_picks_up_pdf_and_html_files_in_a_folder()
    {
        using var dir = new TestPaths.TempDir();
        foreach (var n in new[] { "a.txt", "b.pdf", "c.html", "d.htm", "e.doc" }) File.WriteAllText(dir.File(n), "x");
        Assert.Equal(["a.txt", "b.pdf", "c.html", "d.htm"], Ingestor.Expand([dir.Path]).Select(Path.GetFileName));
    }

    // --- Japanese and encodings ---------------------------------------------------------------------------

    [Fact]
    public void A_japanese_release_reads_units_negatives_full_width_digits_and_fiscal_quarters()
    {
        var facts = Extract(Fixture("kitakaze-1q-2005.txt"), WithFixtureCompanies.Value);
        Assert.All(facts, f => Assert.Equal("Kitakaze Circuit Co., Ltd.", f.Company));
        Assert.All(facts, f => Assert.Equal("ja", f.Lang));
        var revenue = One(facts, "営業収益合計", "2005-06-30");
        Assert.Equal(["2002年6月期", "2003 年度第 1 四半期", "2005 年(4-6月)", "2004年(11-1月)"],
            new[] { "2002年6月期", "2003 年度第 1 四半期", "2005 年(4-6月)", "2004年(11-1月)" }.Where(t => PeriodHeader.Find(t).Count == 1));
        Assert.Equal(new PeriodAnchor.FiscalQuarter(2003, 1), PeriodHeader.Find("2003 年度第 1 四半期")[0]);
        Assert.Equal(new PeriodAnchor.EndDate(new DateOnly(2002, 6, 30)), PeriodHeader.Find("2002年6月期")[0]);
        Assert.Equal(new PeriodAnchor.Span(new Period(new DateOnly(2004, 11, 1), new DateOnly(2005, 1, 31))), PeriodHeader.Find("2004年(11-1月)")[0]);
        Assert.Equal((4_321_000_000m, "us-gaap:Revenues", "JPY", "FY2005 Q1"), (revenue.Value, revenue.Concept, revenue.Unit, revenue.FiscalPeriod));
        Assert.Equal(new DateOnly(2005, 4, 1), revenue.PeriodStart);
        Assert.Equal(1_308_600_000m, One(facts, "サービス売上高", "2005-06-30").Value);      // full-width digits and comma
        Assert.Equal(-4_500_000m, One(facts, "営業利益(損失)", "2004-06-30").Value);          // ▲
        Assert.Equal(-18_400_000m, One(facts, "その他の収益(費用)", "2005-06-30").Value);     // △
        Assert.Equal("us-gaap:OperatingIncomeLoss", One(facts, "営業利益(損失)", "2005-06-30").Concept);
        Assert.DoesNotContain(facts, f => f.Table != "narrative" && f.Value is 8.6m or 7.5m or 1228.2m); // ％ columns are ratios, not facts
        // "2005 年（4-6月）" in a 百万円 table.
        var domestic = One(facts, "国内", "2005-06-30");
        Assert.Equal((3_105_000_000m, new DateOnly(2005, 4, 1), "kpi"), (domestic.Value, domestic.PeriodStart!.Value, domestic.Table));
        Assert.Equal(1_083_000_000m, One(facts, "海外", "2004-06-30").Value);
        // 億円 (10^8 yen) and "2005年6月期" headers.
        var capex = One(facts, "設備投資", "2005-06-30");
        Assert.Equal((1_370_000_000m, "kessan:CapitalExpenditures", "JPY"), (capex.Value, capex.Concept, capex.Unit));
        Assert.Equal(390_000_000m, One(facts, "研究開発費", "2004-06-30").Value);
    }

    [Theory]
    [InlineData("kitakaze-1q-2005-sjis.txt")]
    [InlineData("kitakaze-1q-2005-eucjp.txt")]
    public void Shift_jis_and_euc_jp_files_state_the_same_facts_as_utf8(string file)
    {
        var utf8 = Extract(Fixture("kitakaze-1q-2005.txt"), WithFixtureCompanies.Value);
        var legacy = Extract(Fixture(file), WithFixtureCompanies.Value);
        Assert.Equal(34, utf8.Count(f => f.Table is not ("narrative" or "guidance")));
        Assert.Equal(Meaning(utf8), Meaning(legacy));
    }

    [Fact]
    public void Encodings_are_detected_by_strict_decoding()
    {
        var text = File.ReadAllText(Fixture("kitakaze-1q-2005.txt"));
        Assert.Equal("shift_jis", TextDecoder.Decode("f", File.ReadAllBytes(Fixture("kitakaze-1q-2005-sjis.txt"))).Encoding);
        Assert.Equal("euc-jp", TextDecoder.Decode("f", File.ReadAllBytes(Fixture("kitakaze-1q-2005-eucjp.txt"))).Encoding);
        var le = TextDecoder.Decode("f", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        Assert.Equal(("utf-16le", text), (le.Encoding, le.Text));
        var be = TextDecoder.Decode("f", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]);
        Assert.Equal(("utf-16be", text), (be.Encoding, be.Text));
        Assert.Equal("utf-8", TextDecoder.Decode("f", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]).Encoding);
    }

    [Fact]
    public void An_html_file_is_read_in_the_charset_it_declares()
    {
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body><p>Soci\u00e9t\u00e9 G\u00e9n\u00e9rale \u00a9</p></body></html>";
        var bytes = Encoding.Latin1.GetBytes(html);
        Assert.Equal("ISO-8859-1", HtmlTextRenderer.DeclaredCharset(bytes));
        var (text, encoding) = TextDecoder.Decode("latin.html", bytes, HtmlTextRenderer.DeclaredCharset(bytes));
        Assert.Equal("iso-8859-1", encoding);
        Assert.Contains("Société Générale ©", HtmlTextRenderer.Render(text));
        // Without the declaration the bytes themselves are the evidence: accented letters and © standing among ASCII.
        var (undeclared, guessed) = TextDecoder.Decode("latin.html", bytes);
        Assert.Equal("windows-1252", guessed);
        Assert.Contains("Société Générale ©", undeclared);
    }

    [Fact]
    public void A_utf16_release_states_the_same_facts_as_utf8()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("kitakaze-utf16.txt");
        File.WriteAllText(path, File.ReadAllText(Fixture("kitakaze-1q-2005.txt")), Encoding.Unicode);
        Assert.Equal(Meaning(Extract(Fixture("kitakaze-1q-2005.txt"), WithFixtureCompanies.Value)), Meaning(Extract(path, WithFixtureCompanies.Value)));
    }

    [Fact]
    public void Undecidable_bytes_are_rejected_with_a_clear_reason()
    {
        var e = Assert.Throws<DocumentRejectedException>(() => TextDecoder.Decode("mystery.txt", [0x41, 0x0A, 0xFF, 0xFE, 0xFD, 0x80, 0x0A]));
        Assert.Contains("encoding", e.Reason);
        Assert.Equal("mystery.txt", e.File);
        Assert.Throws<DocumentRejectedException>(() => TextDecoder.Decode("odd.txt", [0xFF, 0xFE, 0x41]));
    }

    [Theory]
    [InlineData("営業収益：営業収益：営業収益：営業収益：", "営業収益：")]
    [InlineData("2003年年年年6月期、月期、月期、月期、2002年年年年6月期、月期、月期、月期、2003年年年年3月期月期月期月期", "2003年6月期、2002年6月期、2003年3月期")]
    [InlineData("      流動資産合計      流動資産合計      流動資産合計      流動資産合計 88,373 10,593,313", "      流動資産合計 88,373 10,593,313")]
    [InlineData("Total 1,111 1,111 1,111", "Total 1,111 1,111 1,111")]
    [InlineData("専用線接続サービス 3,321", "専用線接続サービス 3,321")]
    [InlineData("     百万円      %     百万円      %     百万円      %", "     百万円      %     百万円      %     百万円      %")]
    public void Text_printed_several_times_over_collapses_to_one(string printed, string expected) =>
        Assert.Equal(expected, RepeatCollapser.Collapse(printed));

    // --- whitespace-aligned tables ---------------------------------------------------------------------------

    static List<RawGrid> Whitespace(params string[] lines) =>
        new WhitespaceTableLayout(TaxonomyLoader.Default.Vocabulary).FindGrids(new SourceDocument("w.txt", "w.txt", "0", lines)).ToList();

    [Fact]
    public void Whitespace_columns_come_from_the_figures_not_from_character_positions()
    {
        var grid = Assert.Single(Whitespace(
            "Segment results",
            "                 USD (1)   JPY   %   JPY   %",
            "Revenues:",
            "  Hardware 1,000 120,000 60.0% 100,000 55.0%",
            "  Software     800   96,000   40.0      81,818   45.0",
            "Total revenues 1,800 216,000 100.0 181,818 100.0",
            "Net loss per share (1.20) (0.90)",
            "Note 1: figures are unaudited."));
        Assert.Equal(["", "USD", "JPY", "%", "JPY", "%"], grid.Rows[0].Cells);
        Assert.Equal(["Revenues:"], grid.Rows[1].Cells);
        Assert.Equal(["Software", "800", "96,000", "40.0", "81,818", "45.0"], grid.Rows[3].Cells);
        // A short row goes to the value columns (JPY), not to the first columns.
        Assert.Equal(["Net loss per share", "", "(1.20)", "", "(0.90)"], grid.Rows[5].Cells);
    }

    [Fact]
    public void Whitespace_rows_keep_blanks_and_marks_in_their_place()
    {
        var grid = Assert.Single(Whitespace(
            "                   2Q05     2Q04     1Q05",
            "Subscribers      12,000      n/a   11,500",
            "Churn rate (%)      1.2        -      1.4",
            "Average revenue per user",
            "3 4,100 4,000 4,050",
            "Capital expenditures (2) 900 850 870"));
        Assert.Equal(["", "2Q05", "2Q04", "1Q05"], grid.Rows[0].Cells);
        Assert.Equal(["Subscribers", "12,000", "n/a", "11,500"], grid.Rows[1].Cells);
        Assert.Equal(["Churn rate (%)", "1.2", "-", "1.4"], grid.Rows[2].Cells);
        Assert.Contains(grid.Rows, r => r.Cells[0] == "Average revenue per user (3)" && r.Cells[1] == "4,100");
        Assert.Contains(grid.Rows, r => r.Cells[0] == "Capital expenditures (2)" && r.Cells[3] == "870");
    }

    // --- pipe tables (OCR) --------------------------------------------------------------------------------

    [Fact]
    public void Pipe_tables_drop_spacers_and_residue_and_keep_merged_figures_for_the_proof()
    {
        var doc = new SourceDocument("p.txt", "p.txt", "0", [
            "| | Dec 31, 2004 | | Dec 31, 2003 | |",
            "|---|---|---|---|---|",
            "| | <u>JPY</u> | | $\\mathbf{JPY}$ | |",
            "| Cash | 1 200 500 | | 9,900,100 4,400 | |",
            "| Receivables | ., | | , , | |",
            "| Total current assets | 3,000 | | 14,300 | |",
        ]);
        var grid = Assert.Single(new PipeTableLayout().FindGrids(doc));
        Assert.Equal(["", "Dec 31, 2004", "Dec 31, 2003"], grid.Rows[0].Cells);
        Assert.Equal(["", "JPY", "JPY"], grid.Rows[1].Cells);
        // Where the second figure of a merged cell belongs is proven by the identities, not guessed here.
        Assert.Equal(["Cash", "1,200,500", "9,900,100 4,400"], grid.Rows[2].Cells);
        Assert.Equal(["Receivables"], grid.Rows[3].Cells);
        Assert.Equal(5, grid.Rows[3].Line);
    }
}
