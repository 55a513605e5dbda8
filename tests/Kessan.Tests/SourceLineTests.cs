using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// Provenance of HTML documents: a fact's line is the line of the file a person opens (the source line of the
/// <c>&lt;td&gt;</c> its figure is printed in), not a line of Kessan's own rendering of the page; findings too.
/// </summary>
public sealed class SourceLineTests
{
    /// <summary>
    /// A small income statement as EDGAR exhibits print it: one cell per source line, a "$" in a cell of its own, a
    /// figure on the line after its <c>&lt;td&gt;</c> tag, a label wrapped over two lines, blank spacer rows. Total
    /// revenues is misprinted (1,250 for 1,200 + 40) so the proof has an error to place.
    /// </summary>
    const string Statement = """
        <html>
        <head><title>Hollin Corp. second quarter results</title></head>
        <body>
        <p>Hollin Corp. reports its results for the second quarter of 2025.</p>
        <p>CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS<br>(In thousands of U.S. dollars)</p>
        <table>
        <tr>
        <td></td>
        <td colspan="4">Three Months Ended June 30,</td>
        </tr>
        <tr>
        <td></td>
        <td colspan="2">2025</td>
        <td colspan="2">2024</td>
        </tr>
        <tr>
        <td>Product
        revenues</td>
        <td>$</td>
        <td>1,200</td>
        <td>$</td>
        <td>1,100</td>
        </tr>
        <tr>
        <td>Service revenues</td>
        <td></td>
        <td>
        <font>40</font></td>
        <td></td>
        <td>30</td>
        </tr>
        <tr><td>&nbsp;</td></tr>
        <tr>
        <td>Total revenues</td>
        <td>$</td>
        <td>1,250</td>
        <td>$</td>
        <td>1,130</td>
        </tr>
        <tr>
        <td>Cost of revenues</td>
        <td></td>
        <td>700</td>
        <td></td>
        <td>650</td>
        </tr>
        <tr>
        <td>Gross profit</td>
        <td></td>
        <td>550</td>
        <td></td>
        <td>480</td>
        </tr>
        <tr>
        <td>Net income</td>
        <td>$</td>
        <td>300</td>
        <td>$</td>
        <td>260</td>
        </tr>
        </table>
        </body>
        </html>
        """;

    static (IReadOnlyList<Fact> Facts, IReadOnlyList<Finding> Findings, SourceDocument Doc) Analyze(string name, string text)
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File(name);
        File.WriteAllText(path, text);
        using var store = new SqliteFactStore(dir.File("t.db"));
        var doc = DocumentReader.Read(path);
        var proof = new Ingestor(store, TaxonomyLoader.Default).Analyze(doc).Proof;
        return (proof.Facts, proof.Findings, doc);
    }

    /// <summary>The 1-based line of <paramref name="text"/> that holds <paramref name="token"/> after <paramref name="after"/> (a label), found by reading the text.</summary>
    static int LineOf(string text, string after, string token)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int from = Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal));
        Assert.True(from >= 0, $"'{after}' not in the fixture");
        int at = Array.FindIndex(lines, from, l => l.Contains(token, StringComparison.Ordinal));
        Assert.True(at >= 0, $"'{token}' not after '{after}'");
        return at + 1;
    }

    static Fact One(IReadOnlyList<Fact> facts, string label, int year) =>
        Assert.Single(facts, f => f.Label == label && f.PeriodEnd.Year == year && f.Table == "income");

    [Fact]
    public void A_facts_line_is_the_source_line_of_its_td()
    {
        var (facts, _, doc) = Analyze("hollin-q2-2025.htm", Statement);
        Assert.False(doc.Origin.IsIdentity);
        // The rendering puts each row on one line; the file has one cell per line, so the two numberings differ.
        Assert.NotEqual(LineOf(Statement, "Net income", "300"), doc.Lines.ToList().FindIndex(l => l.StartsWith("Net income", StringComparison.Ordinal)) + 1);

        Assert.Equal(LineOf(Statement, "Net income", "300"), One(facts, "Net income", 2025).Line);
        Assert.Equal(LineOf(Statement, "Net income", "260"), One(facts, "Net income", 2024).Line);
        // "$" and the figure in two cells on two lines: the figure's line, not the sign's.
        Assert.Equal(LineOf(Statement, "revenues</td>", "1,200"), One(facts, "Product revenues", 2025).Line);
        Assert.Equal("$1,200", One(facts, "Product revenues", 2025).Printed);
        // A figure on the line after its <td> tag (inside a <font>): the line the digits stand on.
        Assert.Equal(LineOf(Statement, "Service revenues", "<font>40"), One(facts, "Service revenues", 2025).Line);
        Assert.Equal(LineOf(Statement, "Service revenues", "<td>30"), One(facts, "Service revenues", 2024).Line);
        // Every fact's printed token stands on its line of the file.
        var file = Statement.Split('\n');
        foreach (var f in facts.Where(f => f.Table == "income"))
            Assert.Contains(f.Printed.TrimStart('$'), file[f.Line - 1]);
    }

    [Fact]
    public void A_findings_line_is_the_source_line_of_the_figure_it_names()
    {
        var (_, findings, _) = Analyze("hollin-q2-2025.htm", Statement);
        var errors = findings.Where(f => f.Severity == Severity.Error).ToList();
        Assert.NotEmpty(errors);
        // The failing identity names the figures that could be the misprint, each at the file line it is printed on.
        var figures = new[] { ("revenues</td>", "1,200"), ("Service revenues", "<font>40"), ("Total revenues", "1,250") }
            .Select(r => LineOf(Statement, r.Item1, r.Item2)).ToHashSet();
        Assert.All(errors, e => Assert.Equal(2025, e.PeriodEnd?.Year));
        Assert.Equal(figures, errors.Select(e => e.Line).ToHashSet());
        Assert.All(errors, e => Assert.Contains($"(line {e.Line}) printed", e.Message));
        // A row's own finding stands on the line of its label.
        var inferred = Assert.Single(findings, f => f.Severity == Severity.Info && f.Message.StartsWith("'Gross profit'", StringComparison.Ordinal));
        Assert.Equal(LineOf(Statement, "Gross profit", "Gross profit"), inferred.Line);
    }

    [Fact]
    public void A_page_on_one_line_gives_every_fact_line_one_and_still_pairs_facts_with_their_cells()
    {
        var oneLine = string.Join(" ", Statement.Split('\n').Select(l => l.Trim()));
        var (many, manyFindings, _) = Analyze("hollin-q2-2025.htm", Statement);
        var (one, oneFindings, _) = Analyze("hollin-q2-2025.htm", oneLine);
        Assert.All(one, f => Assert.Equal(1, f.Line));
        // Same facts with the same statuses: the proof pairs a fact with its cell in the rendering, where a one-line
        // page still has one line per row (file lines would make every cell of a column collide).
        static string Key(Fact f) => $"{f.Label}|{f.PeriodEnd}|{f.Value}|{f.Status}|{f.Column}";
        Assert.Equal(many.Select(Key).Order(), one.Select(Key).Order());
        Assert.Equal(manyFindings.Select(f => (f.Rule, f.Severity, f.PeriodEnd)).Order(), oneFindings.Select(f => (f.Rule, f.Severity, f.PeriodEnd)).Order());
    }

    [Fact]
    public void An_html_exhibit_inside_an_edgar_submission_gives_the_submissions_own_lines()
    {
        var submission = "<SEC-DOCUMENT>0000000000-25-000001.txt\n<SEC-HEADER>\nCONFORMED SUBMISSION TYPE:\t8-K\n</SEC-HEADER>\n"
            + "<DOCUMENT>\n<TYPE>8-K\n<TEXT>\n<html><body><p>Form 8-K cover</p></body></html>\n</TEXT>\n</DOCUMENT>\n"
            + "<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\n" + Statement + "\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
        var (facts, _, _) = Analyze("hollin-8k.txt", submission);
        Assert.Equal(LineOf(submission, "Net income", "300"), One(facts, "Net income", 2025).Line);
        Assert.Equal(LineOf(submission, "Service revenues", "<font>40"), One(facts, "Service revenues", 2025).Line);
    }

    [Fact]
    public void A_truncation_rejection_names_the_file_line_of_the_cut_row_not_the_rendered_one()
    {
        // The page stops inside its last row: "Net income", "$", "300" and nothing of the 2024 column.
        var cut = Statement[..(Statement.IndexOf("<td>300</td>", StringComparison.Ordinal) + "<td>300</td>".Length)] + "\n";
        var e = Assert.Throws<DocumentRejectedException>(() => Analyze("hollin-cut.htm", cut));
        int label = LineOf(cut, "Net income", "Net income");
        Assert.Equal(label, e.Line);
        Assert.StartsWith($"hollin-cut.htm:{label}: table truncated", e.Message);
    }

    [Fact]
    public void Reading_notes_stand_on_the_file_lines_of_what_they_note()
    {
        // No currency printed anywhere, and an impossible date in the header: both are said, at lines of the file.
        var page = Statement.Replace("(In thousands of U.S. dollars)", "(In thousands)").Replace("<td>$</td>", "<td></td>")
            .Replace("<td colspan=\"2\">2024</td>", "<td colspan=\"2\">June 31, 2024</td>");
        using var dir = new TestPaths.TempDir();
        var path = dir.File("hollin-notes.htm");
        File.WriteAllText(path, page);
        using var store = new SqliteFactStore(dir.File("t.db"));
        var doc = DocumentReader.Read(path);
        var notes = new Ingestor(store, TaxonomyLoader.Default).Analyze(doc).Notes;
        var file = page.Split('\n');
        var date = Assert.Single(notes, n => n.Message.Contains("'June 31, 2024'", StringComparison.Ordinal));
        Assert.Equal(LineOf(page, "<table>", "June 31, 2024"), date.Line);
        var currency = Assert.Single(notes, n => n.Message.Contains("prints no currency", StringComparison.Ordinal));
        // The table's note at its first row's line of the file (the rendering has it on line 6).
        Assert.Equal(LineOf(page, "<table>", "<td>Product"), currency.Line);
        // Each note's line of the file holds text of the rendered line it was made on.
        Assert.All(notes.Where(n => n.Line > 0), n => Assert.False(string.IsNullOrWhiteSpace(file[n.Line - 1]), $"line {n.Line}: {n.Message}"));
    }

    [Fact]
    public void Text_documents_keep_their_own_lines()
    {
        var text = "Hollin Corp.\n\nINCOME STATEMENT (In thousands of U.S. dollars)\n\n\tQ2 2025\tQ2 2024\nNet sales\t1,200\t1,100\nNet income\t300\t260\n";
        var (facts, _, doc) = Analyze("hollin.txt", text);
        Assert.True(doc.Origin.IsIdentity);
        Assert.Equal(7, Assert.Single(facts, f => f.Label == "Net income" && f.PeriodEnd.Year == 2025).Line);
    }
}
