using System.Diagnostics;
using System.Text;
using Kessan.Cli;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Taxonomy;
using NumberToken = global::Kessan.Tables.NumberToken;
using CellKind = global::Kessan.Tables.CellKind;

namespace Kessan.Tests;

/// <summary>
/// Issue 11, reading side: each hostile input the issue lists, as a user would feed it. Every test here failed (crashed
/// the test host, hung, or stored a wrong number) before the reading side was bounded.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    string Db => _dir.File("store.db");
    static string Sample => Path.Combine(TestPaths.Samples, "iij-4q02-release.txt");
    static string[] SampleLines => File.ReadAllLines(Sample);

    public void Dispose() => _dir.Dispose();

    static async Task<(int Exit, string Out, string Err)> Kessan(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = await KessanCommand.RunAsync(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    /// <summary>One document through the whole pass but the store.</summary>
    Ingestor.Prepared Prepare(string path, ReadLimits? limits = null)
    {
        using var store = new SqliteFactStore(_dir.File($"prep-{Guid.NewGuid():N}.db"));
        var ingestor = new Ingestor(store, TaxonomyLoader.Default) { Limits = limits ?? ReadLimits.Default };
        return ingestor.Prepare(path, new HashSet<string>());
    }

    string Write(string name, string text) { var f = _dir.File(name); File.WriteAllText(f, text); return f; }

    static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    // ---- truncation -------------------------------------------------------------------------------------------

    [Fact]
    public void A_file_cut_inside_its_last_figure_is_rejected_not_stored_as_a_smaller_number()
    {
        // "… 4,270,613" cut to "… 4": a well-formed number, 4,000 yen instead of 4,270,613,000.
        var text = File.ReadAllText(Sample).TrimEnd();
        var cut = text[..(text.LastIndexOf("4,270,613", StringComparison.Ordinal) + 1)];
        var p = Prepare(Write("cut-figure.txt", cut));
        Assert.Equal(IngestStatus.Rejected, p.Outcome?.Status);
        Assert.Contains($"cut-figure.txt:{cut.Count(c => c == '\n') + 1}:", p.Outcome!.Error);
        Assert.Contains("truncated", p.Outcome.Error);
    }

    [Fact]
    public void A_file_cut_at_a_line_boundary_inside_a_statement_is_rejected_with_the_line()
    {
        var lines = SampleLines;
        int keep = Array.FindIndex(lines, l => l.StartsWith("Net Decrease in Cash", StringComparison.Ordinal)) + 1;
        var p = Prepare(Write("cut-statement.txt", string.Join('\n', lines.Take(keep)) + "\n"));
        Assert.Equal(IngestStatus.Rejected, p.Outcome?.Status);
        Assert.Contains($"cut-statement.txt:{keep}: statement truncated", p.Outcome!.Error);
        Assert.Contains("cash-flow statement", p.Outcome.Error);
    }

    [Fact]
    public void The_whole_sample_still_reads_without_a_truncation_note()
    {
        var p = Prepare(Sample);
        Assert.Null(p.Outcome);
        Assert.DoesNotContain(p.Notes!, n => n.Message.Contains("cut off") || n.Message.Contains("partial statement"));
    }

    // ---- one bad file is that file's rejection, never the batch's --------------------------------------------

    [Fact]
    public async Task A_five_million_character_token_and_a_29_digit_figure_reject_or_flag_only_their_document()
    {
        var lines = SampleLines.ToList();
        int row = lines.FindIndex(l => l.StartsWith("Total revenues\t", StringComparison.Ordinal));
        var cells = lines[row].Split('\t');
        cells[2] = "12345678901234567890123456789"; // beyond decimal once scaled by thousands
        lines[row] = string.Join('\t', cells);
        Write("overflow.txt", string.Join('\n', lines) + "\n");
        Write("long-token.txt", string.Join('\n', SampleLines.Take(20)) + "\n" + new string('9', 5_000_000) + "\n" + string.Join('\n', SampleLines.Skip(20)) + "\n");
        File.Copy(Sample, _dir.File("good.txt"));
        var (exit, stdout, stderr) = await Kessan("ingest", _dir.Path, "--db", Db);
        Assert.Contains("good.txt", (await Kessan("facts", "--doc", "good.txt", "--format", "csv", "--db", Db)).Out);
        Assert.DoesNotContain("unexpected", stderr);
        Assert.InRange(exit, 0, 1);
        Assert.Contains("ingested 3 documents", stdout);
        // The 29-digit cell is no fact; the proof names it as a cell that is not a number.
        var facts = (await Kessan("facts", "--doc", "overflow.txt", "--format", "jsonl", "--db", Db)).Out;
        // As printed it is no value; a fact on its cell exists only as the repair two identities prove.
        Assert.All(facts.Split('\n').Where(l => l.Contains("\"printed\":\"12345678901234567890123456789\"")), l => Assert.Contains("\"status\":\"repaired\"", l));
        var check = (await Kessan("check", "--doc", "overflow.txt", "--format", "jsonl", "--db", Db)).Out;
        Assert.Contains($"\"line\":{row + 1}", check);
    }

    [Fact]
    public void Figures_past_eighteen_digits_are_text_and_long_cells_cost_no_stack()
    {
        Assert.Equal(CellKind.Text, CellKindOf("1,234,567,890,123,456,789"));
        Assert.Equal(CellKind.Text, CellKindOf("999999999999999999999999999999999999999"));
        Assert.Equal(CellKind.Text, CellKindOf(new string('9', 5_000_000)));
        Assert.Equal(CellKind.Text, CellKindOf(new string('n', 5_000_000)));
        Assert.Equal(123_456_789_012_345_678m, NumberToken.Parse("123,456,789,012,345,678").Value);
        Assert.False(NumberToken.TryParseFigure(new string('4', 40), out _));

        static CellKind CellKindOf(string s) => NumberToken.Parse(s).Kind;
    }

    // ---- regular files only; bounded before reading ---------------------------------------------------------

    [Fact]
    public async Task A_fifo_alone_or_in_a_folder_is_skipped_with_a_note_and_never_blocks()
    {
        var folder = Directory.CreateDirectory(_dir.File("in")).FullName;
        File.Copy(Sample, Path.Combine(folder, "release.txt"));
        MakeFifo(Path.Combine(folder, "pipe.txt"));
        var (exit, stdout, stderr) = await Kessan("ingest", folder, "--db", Db);
        Assert.Equal(0, exit);
        Assert.Contains("1 added", stdout);
        Assert.Contains("pipe.txt: a FIFO", stderr);
        (exit, _, stderr) = await Kessan("ingest", Path.Combine(folder, "pipe.txt"), "--db", Db);
        Assert.Contains("FIFO", stderr);
        Assert.Throws<DocumentRejectedException>(() => DocumentReader.Read(Path.Combine(folder, "pipe.txt")));
    }

    [Fact]
    public async Task A_device_is_skipped_not_read_until_memory_runs_out()
    {
        var (_, stdout, stderr) = await Kessan("ingest", "/dev/zero", "--db", Db);
        Assert.Contains("/dev/zero: a character device", stderr);
        Assert.Contains("ingested 0 documents", stdout);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_rejected_before_it_is_read()
    {
        var (exit, _, stderr) = await Kessan("ingest", Sample, "--max-size", "0.001", "--db", Db);
        Assert.Equal(1, exit);
        Assert.Contains("size limit", stderr);
        Environment.SetEnvironmentVariable(ReadLimits.MaxSizeVariable, "0.001");
        try { Assert.Equal(1048, ReadLimits.FromEnvironment().MaxBytes); }
        finally { Environment.SetEnvironmentVariable(ReadLimits.MaxSizeVariable, null); }
        Assert.Equal(2, (await Kessan("ingest", Sample, "--max-size", "lots", "--db", Db)).Exit);
    }

    [Fact]
    public async Task A_symlink_loop_is_followed_once_and_each_real_file_read_once()
    {
        var folder = Directory.CreateDirectory(_dir.File("loop")).FullName;
        File.Copy(Sample, Path.Combine(folder, "release.txt"));
        File.CreateSymbolicLink(Path.Combine(folder, "again.txt"), Path.Combine(folder, "release.txt"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "self"), folder);
        Assert.Single(Ingestor.Expand([folder]));
        var (_, stdout, _) = await Kessan("ingest", folder, "--db", Db);
        Assert.Contains("ingested 1 documents", stdout);
    }

    [Fact]
    public void A_document_over_its_time_budget_is_rejected_and_nothing_of_it_is_kept()
    {
        var p = Prepare(Sample, ReadLimits.Default with { TimeLimit = TimeSpan.FromTicks(1) });
        Assert.Equal(IngestStatus.Rejected, p.Outcome?.Status);
        Assert.Contains("time budget", p.Outcome!.Error);
        Assert.Null(p.Pending);
        // The budget ends with its document: the next one on the thread has its own.
        Assert.Null(Prepare(Sample).Outcome);
    }

    // ---- deep HTML -------------------------------------------------------------------------------------------

    [Fact]
    public void A_table_nested_a_thousand_deep_in_html_is_still_a_table()
    {
        var html = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Kessan.Tests", "Fixtures", "northwind-q2-2005.html"));
        int body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        body = html.IndexOf('>', body) + 1;
        var deep = html[..body] + string.Concat(Enumerable.Repeat("<div>", 1000)) + html[body..];
        var flat = Prepare(Path.Combine(TestPaths.RepoRoot, "tests", "Kessan.Tests", "Fixtures", "northwind-q2-2005.html"));
        var p = Prepare(Write("deep.html", deep));
        Assert.Null(p.Outcome);
        Assert.Equal(flat.Pending!.Facts.Count, p.Pending!.Facts.Count);
        // Deeper than the parser keeps, the walk still ends (no recursion) and says what it flattened.
        var notes = new List<Kessan.Tables.ReadingNote>();
        var lines = HtmlTextRenderer.Render("<html><body>" + string.Concat(Enumerable.Repeat("<div>", 5_000)) + "x</body></html>", notes);
        Assert.Contains(lines, l => l.Contains('x'));
        Assert.Contains(notes, n => n.Message.Contains("deeper than"));
    }

    // ---- encodings and dates ---------------------------------------------------------------------------------

    [Fact]
    public void Latin1_text_is_read_as_windows_1252_not_as_shift_jis()
    {
        // "Générale" and "Revenue²" in Latin-1 are valid Shift_JIS bytes (kanji, half-width katakana): mojibake.
        var text = File.ReadAllText(Sample).Replace("Total revenues", "Total revenues²") + "\nThe Soci\u00e9t\u00e9 G\u00e9n\u00e9rale facility is unchanged.\n";
        var f = _dir.File("latin1.txt");
        File.WriteAllBytes(f, Encoding.Latin1.GetBytes(text));
        Assert.Equal("windows-1252", TextDecoder.Decode("latin1.txt", File.ReadAllBytes(f)).Encoding);
        var p = Prepare(f);
        Assert.Null(p.Outcome);
        Assert.All(p.Pending!.Facts, fact => Assert.Equal("en", fact.Lang));
        Assert.DoesNotContain(p.Pending!.Facts, fact => fact.Label.Any(c => c is >= '\u3040' and <= '\u9FFF' or >= '\uFF61' and <= '\uFF9F'));
        Assert.Contains(p.Notes!, n => n.Message.Contains("windows-1252"));
        // cp1252's own typographic marks (’ “ ” – in 0x80–0x9F, undefined in Latin-1 and lead bytes in Shift_JIS) are windows-1252 too.
        var cp1252 = Encoding.ASCII.GetBytes(File.ReadAllText(Sample) + "\nThe Company").Concat(new byte[] { 0x92 })
            .Concat(Encoding.ASCII.GetBytes("s outlook is ")).Concat(new byte[] { 0x93 }).Concat(Encoding.ASCII.GetBytes("stable"))
            .Concat(new byte[] { 0x94, (byte)' ', 0x96, (byte)' ' }).Concat(Encoding.ASCII.GetBytes("unchanged.\n")).ToArray();
        var (decoded, encoding) = TextDecoder.Decode("cp1252.txt", cp1252);
        Assert.Equal("windows-1252", encoding);
        Assert.Contains("The Company\u2019s outlook is \u201Cstable\u201D \u2013 unchanged.", decoded);
        // Genuine Shift_JIS is still Shift_JIS.
        var sjis = File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "tests", "Kessan.Tests", "Fixtures", "kitakaze-1q-2005-sjis.txt"));
        Assert.Equal("shift_jis", TextDecoder.Decode("sjis.txt", sjis).Encoding);
    }

    [Fact]
    public void An_impossible_header_date_keeps_its_column_with_a_note()
    {
        var text = File.ReadAllText(Sample);
        var before = Prepare(Sample).Pending!.Facts.Count(f => f.Table != "narrative" && f.Table != "guidance");
        var p = Prepare(Write("feb30.txt", text.Replace("Dec 31, 2002", "Feb 30, 2002")));
        Assert.Null(p.Outcome);
        Assert.Contains(p.Notes!, n => n.Message.Contains("'Feb 30, 2002'") && n.Message.Contains("2002-02-28"));
        // Said in findings kept with the document too, one at each header line printing it.
        var dated = p.Pending!.Findings.Where(f => f.Rule == "date").ToList();
        Assert.NotEmpty(dated);
        Assert.All(dated, f => Assert.Equal(Proof.Severity.Warning, f.Severity));
        Assert.Equal(p.Notes!.Where(n => n.Message.Contains("'Feb 30, 2002'")).Select(n => n.Line), dated.Select(f => f.Line));
        Assert.Equal(before, p.Pending!.Facts.Count(f => f.Table != "narrative" && f.Table != "guidance"));
    }

    [Fact]
    public void A_year_no_release_reports_on_is_no_period_and_is_noted()
    {
        // Before: the column became "FY1 Q3" facts. Now the release is read, the year-1 column is no period, and each
        // header printing the date says so at its line.
        var text = File.ReadAllText(Sample);
        var p = Prepare(Write("year1.txt", text.Replace("Dec 31, 2002", "Dec 31, 0001")));
        Assert.Null(p.Outcome);
        Assert.NotEmpty(p.Pending!.Facts);
        Assert.DoesNotContain(p.Pending!.Facts, f => f.PeriodEnd.Year < 1900 || f.FiscalPeriod.StartsWith("FY1 ", StringComparison.Ordinal));
        var lines = text.Split('\n');
        var noted = p.Notes!.Where(n => n.Message.Contains("'Dec 31, 0001'") && n.Message.Contains("year 1")).Select(n => n.Line).ToList();
        Assert.Equal(Enumerable.Range(1, lines.Length).Where(i => lines[i - 1].Contains("Dec 31, 2002")), noted);
    }
}
