using System.Globalization;
using System.Text.Json;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;
using Xunit.Abstractions;

namespace Kessan.Tests;

/// <summary>
/// The layout stage on fixed-width text (EDGAR submissions, PDF text of Workiva and Word releases) and on the small
/// layouts real releases use (delimited exports, box drawing, markdown alignment rows): the grids each emits, on
/// fixtures written for it, and on the three wild documents in those layouts.
/// </summary>
public sealed class FixedWidthLayoutTests(ITestOutputHelper output)
{
    static string Fixture(string name) => TestPaths.Fixture(name);

    static readonly LayoutPipeline Pipeline = LayoutPipeline.Default(TaxonomyLoader.Default.Vocabulary);

    static List<RawGrid> Grids(string path) => Pipeline.FindGrids(DocumentReader.Read(path)).Grids;

    /// <summary>The grid row whose label is <paramref name="label"/> (the only one).</summary>
    static RawRow Row(IEnumerable<RawGrid> grids, string label) => Assert.Single(grids.SelectMany(g => g.Rows), r => r.Cells[0] == label);

    static RawGrid GridWith(IEnumerable<RawGrid> grids, string label) => Assert.Single(grids, g => g.Rows.Any(r => r.Cells[0] == label));

    // --- EDGAR full submission, fixed-width text ----------------------------------------------------------

    [Fact]
    public void A_full_submission_is_read_as_its_exhibit_with_the_files_own_line_numbers()
    {
        var path = Fixture("larchmont-2q-2025-submission.txt");
        var doc = DocumentReader.Read(path);
        var raw = File.ReadAllLines(path);
        Assert.InRange(doc.Lines.Count, raw.Length, raw.Length + 1);
        // The SEC header (tab-separated, with codes and a ZIP) and the 8-K cover are not text of the release.
        Assert.DoesNotContain(doc.Lines, l => l.Contains("CENTRAL INDEX KEY") || l.Contains("36-1234567"));
        int sales = Array.FindIndex(raw, l => l.Contains("Merchandise sales and services")) + 1;
        Assert.Equal(raw[sales - 1], doc.LineText(sales));
        var grids = Grids(path);
        Assert.Equal(sales, Row(grids, "Merchandise sales and services").Line);
        Assert.DoesNotContain(grids, g => g.Rows.Any(r => r.Cells.Any(c => c.Contains("60601") || c.Contains("1-4321"))));
    }

    [Fact]
    public void An_html_exhibit_inside_a_submission_is_rendered_as_html()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("submission.txt");
        File.WriteAllText(path, string.Join('\n',
            "<SEC-DOCUMENT>0000999902-26-000007.txt : 20260430", "<SEC-HEADER>", "ZIP:\t\t\t94105", "</SEC-HEADER>",
            "<DOCUMENT>", "<TYPE>8-K", "<TEXT>", "<html><body><p>Item 2.02</p></body></html>", "</TEXT>", "</DOCUMENT>",
            "<DOCUMENT>", "<TYPE>EX-99.1", "<TEXT>",
            "<html><body><p>Orrin Tools Inc.</p><p>CONDENSED CONSOLIDATED BALANCE SHEETS (In thousands)</p><table>",
            "<tr><td></td><td>March 31, 2026</td><td>December 31, 2025</td></tr>",
            "<tr><td>Cash</td><td>1,250</td><td>1,180</td></tr>",
            "<tr><td>Total assets</td><td>9,400</td><td>9,120</td></tr>",
            "</table></body></html>", "</TEXT>", "</DOCUMENT>", "</SEC-DOCUMENT>"));
        var doc = DocumentReader.Read(path);
        Assert.DoesNotContain(doc.Lines, l => l.Contains('<') || l.Contains("94105") || l.Contains("Item 2.02"));
        Assert.Contains(doc.Lines, l => l.Contains("Orrin Tools Inc."));
        Assert.Contains(Grids(path).SelectMany(g => g.Rows), r => r.Cells[0] == "Total assets" && r.Cells.Contains("9,400"));
    }

    [Fact]
    public void A_header_printed_once_over_two_columns_heads_both_and_stacks_over_the_years()
    {
        var income = GridWith(Grids(Fixture("larchmont-2q-2025-submission.txt")), "NET INCOME");
        // One header row per header line; a phrase printed over two columns is in both.
        var header = income.Rows.TakeWhile(r => r.Cells.Count > 1 && !r.Cells.Skip(1).Any(c => c.StartsWith('$'))).ToList();
        Assert.Equal(5, header.Count);
        Assert.Equal(["For the 13", "For the 13", "For the 26", "For the 26"], header[0].Cells.Skip(1));
        Assert.Equal(["July 5, 2025 and", "July 5, 2025 and", "July 5, 2025 and", "July 5, 2025 and"], header[2].Cells.Skip(1));
        Assert.Equal(["2025", "2024", "2025", "2024"], header[4].Cells.Skip(1));
        Assert.Equal("For the 13 Weeks Ended July 5, 2025 and June 29, 2024 2024", string.Join(' ', header.Select(r => r.Cells[2])));
        // The scale line standing in the header block is the header's label cell, whole, not a row label.
        Assert.Equal("(millions, except earnings per common share)", header[0].Cells[0]);
        Assert.All(header.Skip(1), r => Assert.Equal("", r.Cells[0]));
        Assert.DoesNotContain(income.Rows, r => r.Cells[0].StartsWith("common share)"));
    }

    [Fact]
    public void Labels_wrapped_over_two_and_three_lines_are_one_row_on_the_line_of_their_figures()
    {
        var grids = Grids(Fixture("larchmont-2q-2025-submission.txt"));
        Assert.Equal(["Rental and licensing revenues", "75", "70", "148", "139"], Row(grids, "Rental and licensing revenues").Cells);
        var eps = Row(grids, "Earnings per share before cumulative effect of change in accounting principle");
        Assert.Equal(["$0.52", "$0.41", "$1.01", "$0.72"], eps.Cells.Skip(1));
        Assert.Equal(["(54)", "(44)", "(97)", "(80)"], Row(grids, "Income tax expense").Cells.Skip(1));
        Assert.Equal(["$3,533", "$3,440", "$3,539"], Row(grids, "Total liabilities and shareholders' equity").Cells.Skip(1));
        // Section lines stay section rows: "REVENUES" does not join "Merchandise sales and services".
        Assert.Contains(grids.SelectMany(g => g.Rows), r => r.Cells is ["REVENUES"]);
        Assert.Contains(grids.SelectMany(g => g.Rows), r => r.Cells is ["Diluted"]);
    }

    [Fact]
    public void Stacked_balance_sheet_dates_become_facts_of_their_columns()
    {
        using var dir = new TestPaths.TempDir();
        using var store = new Kessan.Storage.SqliteFactStore(dir.File("t.db"));
        var facts = new Kessan.Ingestion.Ingestor(store, TaxonomyLoader.Default)
            .Analyze(DocumentReader.Read(Fixture("larchmont-2q-2025-submission.txt"))).Facts;
        var assets = facts.Where(f => f.Label == "Total assets" && f.Table == "balance").ToList();
        Assert.Equal(["2024-06-29", "2025-01-04", "2025-07-05"],
            assets.Select(f => f.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Order());
        Assert.Equal("$3,533", Assert.Single(assets, f => f.PeriodEnd == new DateOnly(2025, 7, 5)).Printed);
    }

    [Fact]
    public void Each_column_under_a_repeated_week_header_gets_the_date_of_its_own_year()
    {
        using var dir = new TestPaths.TempDir();
        using var store = new Kessan.Storage.SqliteFactStore(dir.File("t.db"));
        var facts = new Kessan.Ingestion.Ingestor(store, TaxonomyLoader.Default)
            .Analyze(DocumentReader.Read(Fixture("larchmont-2q-2025-submission.txt"))).Facts;
        var net = facts.Where(f => f.Label == "NET INCOME").OrderBy(f => f.Value)
            .Select(f => (f.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.Value)).ToList();
        Assert.Equal([("2024-03-31", "2024-06-29", 33_000_000m), ("2025-04-06", "2025-07-05", 41_000_000m),
                      ("2023-12-31", "2024-06-29", 58_000_000m), ("2025-01-05", "2025-07-05", 79_000_000m)], net);
    }

    // --- PDF text: Workiva ------------------------------------------------------------------------------

    [Fact]
    public void Workiva_text_repeats_the_quarter_header_over_its_years_and_keeps_dollar_signs_with_figures()
    {
        var grids = Grids(Fixture("fernhill-q2-2026-workiva.txt"));
        var income = GridWith(grids, "Revenues");
        Assert.Equal(["", "Quarter Ended June 30,", "Quarter Ended June 30,", "Year To Date June 30,", "Year To Date June 30,"], income.Rows[0].Cells);
        Assert.Equal(["", "2025", "2026", "2025", "2026"], income.Rows[1].Cells);
        Assert.Equal(["$4,210", "$4,876", "$8,130", "$9,402"], Row(grids, "Revenues").Cells.Skip(1));
        Assert.Equal(["1,172", "1,154", "1,173", "1,157"],
            Row(grids, "Number of shares used in basic net income per common share calculation").Cells.Skip(1));
        var balance = GridWith(grids, "Retained earnings");
        Assert.Equal(["", "As of", "As of"], balance.Rows[0].Cells);
        Assert.Equal(["", "December 31, 2025", "June 30, 2026"], balance.Rows[1].Cells);
        Assert.Equal(["", "", "(unaudited)"], balance.Rows[2].Cells);
        // The caption "(In millions, except per share amounts)" stays above the grid, where the builder reads it.
        Assert.DoesNotContain(balance.Rows, r => r.Cells.Any(c => c.Contains("In millions")));
    }

    [Fact]
    public void Long_labels_holding_numbers_are_joined_and_page_numbers_are_no_rows()
    {
        var grids = Grids(Fixture("fernhill-q2-2026-workiva.txt"));
        Assert.Equal(["2,105", "2,232"], Row(grids,
            "Common stock and additional paid-in capital, $0.001 par value per share: 9,000 shares authorized; 1,170 (Class A 610, Class B 560) and 1,152 (Class A 600, Class B 552) shares issued and outstanding").Cells.Skip(1));
        Assert.Equal(["0", "420"], Row(grids,
            "Preferred stock and additional paid-in capital, $0.001 par value per share, 50 shares authorized; 0 and 4 shares issued and outstanding").Cells.Skip(1));
        Assert.DoesNotContain(grids.SelectMany(g => g.Rows), r => r.Cells.Skip(1).Any(c => c is "6" or "7"));
    }

    // --- PDF text: Word -----------------------------------------------------------------------------------

    [Fact]
    public void Word_text_reads_through_blank_lines_and_keeps_the_scale_line_under_the_header()
    {
        var grids = Grids(Fixture("brisevent-h1-2026.txt"));
        var income = GridWith(grids, "Sales");
        Assert.Equal(["(In millions of euros)", "H1 2026", "H1 2025"], income.Rows[0].Cells);
        Assert.Equal(8, income.Rows.Count);
        Assert.DoesNotContain(income.Rows, r => r.Cells[0].Contains("Sales") && r.Cells[0] != "Sales");
        var cash = GridWith(grids, "Total expenditures");
        Assert.Equal(["(In millions of euros)", "H1 2026", "H1 2025"], cash.Rows[0].Cells);
        Assert.Equal(["(79.3)", "(75.2)"], Row(grids, "Total expenditures").Cells.Skip(1));
        Assert.Equal(["5.4", "4.5"], Row(grids, "Total divestitures").Cells.Skip(1));
        // Figures without a label under a column of figures: a subtotal row with an empty label.
        Assert.Equal(["", "213.0", "211.0"], cash.Rows[^1].Cells);
    }

    // --- small layouts ----------------------------------------------------------------------------------

    [Fact]
    public void Semicolon_exports_with_decimal_commas_and_quoted_csv_are_grids()
    {
        var grids = Grids(Fixture("quillon-q1-2026-export.txt"));
        Assert.Equal(2, grids.Count);
        Assert.Equal(["Line", "Q1 2026", "Q1 2025"], grids[0].Rows[0].Cells);
        Assert.Equal(["Sales", "1204.6", "1187.3"], grids[0].Rows[1].Cells);
        Assert.Equal(["Operating expenses", "(902.4)", "(889.1)"], grids[0].Rows[2].Cells);
        Assert.Equal(["Line", "March 31, 2026", "December 31, 2025"], grids[1].Rows[0].Cells);
        Assert.Equal(["Cash and cash equivalents", "12,410", "11,875"], grids[1].Rows[1].Cells);
        // The prose line with commas and semicolons after the table is no grid.
        Assert.DoesNotContain(grids, g => g.Rows.Any(r => r.Cells[0].StartsWith("Quillon sells")));
    }

    [Fact]
    public void Box_drawing_tables_are_split_at_their_bars()
    {
        var grid = Assert.Single(Grids(Fixture("tarrow-q3-2026-box.txt")));
        Assert.Equal(["", "September 30, 2026", "September 30, 2025"], grid.Rows[0].Cells);
        Assert.Equal(["Revenues", "18,240", "16,902"], grid.Rows[1].Cells);
        Assert.Equal(5, grid.Rows.Count);
    }

    [Fact]
    public void Markdown_alignment_rows_and_ascii_rules_are_not_rows()
    {
        var grid = Assert.Single(Grids(Fixture("marlpit-q2-2026.md")));
        Assert.Equal(["", "June 30, 2026", "June 30, 2025"], grid.Rows[0].Cells);
        Assert.Equal(["Revenues", "9,310", "8,744"], grid.Rows[1].Cells);
        Assert.DoesNotContain(grid.Rows, r => r.Cells.Any(c => c.Contains("---")));

        var doc = new SourceDocument("a.txt", "a.txt", "0",
            ["+----------+-------+-------+", "| Line     | 2026  | 2025  |", "+----------+-------+-------+",
             "| Revenues | 1,200 | 1,100 |", "+----------+-------+-------+", "| Net      |   300 |   280 |", "+----------+-------+-------+"]);
        var ascii = Assert.Single(Pipeline.FindGrids(doc).Grids);
        Assert.Equal(3, ascii.Rows.Count);
    }

    [Fact]
    public void Each_layout_reads_only_lines_no_earlier_layout_claimed()
    {
        string[] lines =
        [
            "| Line | June 30, 2026 | June 30, 2025 |",
            "|---|---|---|",
            "| Revenues | 1,200 | 1,100 |",
            "| Net income | 300 | 280 |",
        ];
        var doc = new SourceDocument("m.txt", "m.txt", "0", lines);
        var (grids, claims) = Pipeline.FindGrids(doc);
        var grid = Assert.Single(grids);
        Assert.All(Enumerable.Range(1, 4), n => Assert.True(claims.IsClaimed(n)));
        Assert.Empty(new WhitespaceTableLayout(TaxonomyLoader.Default.Vocabulary).FindGrids(doc, claims));
        // Pipes are read before the loose whitespace layout, which sees none of their lines.
        Assert.True(Pipeline.Layouts.ToList().FindIndex(l => l is PipeTableLayout) < Pipeline.Layouts.ToList().FindIndex(l => l is WhitespaceTableLayout));
        Assert.Equal(["Net income", "300", "280"], grid.Rows[^1].Cells);
    }

    // --- the wild documents in these layouts -----------------------------------------------------------

    static string Wild(string prefix) => Directory.GetFiles(Path.Combine(TestPaths.Shared, "wild", "docs"), prefix + "_*").Single();

    static string Key(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    static string Figure(string s) => new(s.Where(c => char.IsAsciiDigit(c) || c is '.' or '(').ToArray());

    /// <summary>
    /// Every statement row the truth holds for these documents stands whole in one grid row: its label (wrapped
    /// lines joined) and each of its printed figures in a cell. Rows printed twice (the Q2 and H1 blocks of one
    /// release) are matched figure by figure, in rows that carry at least two of the truth row's figures.
    /// </summary>
    [Theory]
    [InlineData("02")]
    [InlineData("07")]
    [InlineData("08")]
    public void Every_truth_row_of_a_fixed_width_wild_document_stands_whole_in_a_grid_row(string prefix)
    {
        var path = Wild(prefix);
        var name = Path.GetFileName(path);
        var grids = Grids(path);
        foreach (var g in grids)
            output.WriteLine($"{name}: grid lines {g.FirstLine}-{g.LastLine}: {g.Rows.Count} rows × {g.Rows.Max(r => r.Cells.Count)} cells");
        var rows = grids.SelectMany(g => g.Rows).Where(r => r.Cells.Count > 1).ToList();
        var truth = File.ReadLines(Path.Combine(TestPaths.Shared, "wild", "truth.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("doc").GetString() == name)
            .GroupBy(e => (Table: e.GetProperty("table").GetString(), Label: e.GetProperty("label").GetString()!,
                Line: e.GetProperty("line").ValueKind == JsonValueKind.Number ? e.GetProperty("line").GetInt32() : 0))
            .ToList();
        Assert.NotEmpty(truth);
        var missing = new List<string>();
        foreach (var group in truth)
        {
            var label = Key(group.Key.Label);
            var figures = group.Select(e => Figure(e.GetProperty("printed").GetString()!)).ToList();
            var candidates = rows.Where(r => Key(r.Cells[0]) == label).ToList();
            bool whole = group.Key.Line > 0
                ? candidates.Any(r => r.Line == group.Key.Line && figures.All(f => r.Cells.Skip(1).Any(c => Figure(c) == f)))
                : figures.All(f => candidates.Any(r => r.Cells.Skip(1).Any(c => Figure(c) == f)
                    && r.Cells.Skip(1).Count(c => figures.Contains(Figure(c))) >= Math.Min(2, figures.Count)));
            if (!whole) missing.Add($"{group.Key.Table} line {group.Key.Line} '{group.Key.Label}' [{string.Join(", ", figures)}]");
        }
        output.WriteLine($"{name}: {truth.Count - missing.Count}/{truth.Count} truth rows whole in a grid row");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }
}
