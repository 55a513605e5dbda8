using Kessan.Facts;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Ingestion;

public enum IngestStatus { Added, NewVersion, Unchanged, Rejected }

/// <summary>What happened to one file: its status, its facts, the labels the taxonomy did not know, and any notes.</summary>
public sealed record IngestReport(
    string File,
    IngestStatus Status,
    int Facts,
    IReadOnlyList<string> UnknownLabels,
    IReadOnlyList<ReadingNote> Notes,
    string? Error = null,
    ProofCounts? Proof = null);

/// <summary>What the proof stage made of one document's facts and how many findings it recorded.</summary>
public sealed record ProofCounts(int Proven, int Flagged, int Repaired, int Findings, int Errors);

/// <summary>
/// Everything one pass learns from a document before it is stored: its tables, facts and proof, the quarter it
/// reports, and the sentence that explains restated figures, if any.
/// </summary>
public sealed record DocumentAnalysis(Company? Company, IReadOnlyList<Table> Tables, IReadOnlyList<Fact> Facts, IReadOnlyList<ReadingNote> Notes,
    ProofResult Proof, Periods.Period ReportingPeriod, string? RestatementNote);

/// <summary>
/// One pass per document: read → tables → facts → proof → store. A document is stored whole or not at all; a rejected
/// document leaves the store exactly as it was.
/// </summary>
public sealed class Ingestor(IFactStore store, TaxonomySet taxonomy)
{
    static readonly string[] Extensions = [".txt", ".text", ".pdf", ".html", ".htm"];

    // Every layout, registered in one place; each claims its own lines, so one document may mix them.
    readonly LayoutPipeline _layouts = LayoutPipeline.Default(taxonomy.Vocabulary);
    readonly CellResolver _resolver = new(taxonomy);
    readonly ProseReader _prose = new(taxonomy);
    readonly ProofEngine _proof = new(taxonomy);

    /// <summary>The files a list of paths names: files as given, folders searched for releases, sorted for a stable order.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths) => Expand(paths, null);

    /// <summary>As <see cref="Expand(IEnumerable{string})"/>; <paramref name="skipped"/> hears of every path left out and why
    /// (a FIFO or device, a symbolic-link loop, a file reached twice) — see <see cref="SourceFiles"/>.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths, Action<string>? skipped) =>
        SourceFiles.Enumerate(paths, Extensions, skipped);

    /// <summary>The bounds of one document's work (size before reading, time of its analysis).</summary>
    public ReadLimits Limits { get; init; } = ReadLimits.Default;

    /// <summary>A document read and proven, ready to store — or the report of why it will not be.</summary>
    public sealed record Prepared(string Path, SourceDocument? Doc, DocumentAnalysis? Analysis, DocumentMeta? Meta, IngestReport? Outcome);

    readonly Lock _store = new();

    public IngestReport Ingest(string path) => Commit(Prepare(path));

    /// <summary>
    /// Ingests many files: reading, tables, facts and proof run on every core (they touch nothing shared), each
    /// document is then stored in its own transaction, in the order given. Reports arrive in that order.
    /// </summary>
    public IEnumerable<IngestReport> IngestAll(IEnumerable<string> paths) =>
        paths.AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount).Select(Prepare).AsSequential().Select(Commit);

    /// <summary>The whole pass but the store: safe to run on several documents at once.</summary>
    public Prepared Prepare(string path)
    {
        try
        {
            using var budget = DocumentBudget.Start(Path.GetFileName(path), Limits.TimeLimit);
            var doc = DocumentReader.Read(path, Limits);
            bool known;
            lock (_store) known = store.Contains(doc.Sha256);
            if (known) return new Prepared(path, doc, null, null, new IngestReport(path, IngestStatus.Unchanged, 0, [], []));
            var analysis = Analyze(doc);
            var facts = analysis.Proof.Facts;
            var language = facts.Count(f => f.Lang == "ja") > facts.Count / 2 ? "ja" : "en";
            var meta = new DocumentMeta(analysis.Company?.Name ?? "", language, analysis.ReportingPeriod.End, analysis.RestatementNote);
            return new Prepared(path, doc, analysis, meta, null);
        }
        catch (DocumentRejectedException e) { return Rejected(path, e.Message); }
        catch (IOException e) { return Rejected(path, $"{path}: {e.Message}"); }
        catch (UnauthorizedAccessException e) { return Rejected(path, $"{path}: {e.Message}"); }
        // Anything else is a bug Kessan has on this input: it rejects this document (nothing of it is stored) and never
        // ends the batch. Cancellation is not a fault of the document and goes on up.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Rejected(path, $"{Path.GetFileName(path)}: cannot be read: unexpected {e.GetType().Name} ({e.Message}) — a bug in Kessan on this input; the document was not stored");
        }

        static Prepared Rejected(string path, string reason) =>
            new(path, null, null, null, new IngestReport(path, IngestStatus.Rejected, 0, [], [], reason));
    }

    /// <summary>Stores a prepared document and its findings in one transaction (nothing for a rejected one).</summary>
    public IngestReport Commit(Prepared prepared)
    {
        if (prepared.Outcome is { } done) return done;
        var (doc, analysis, meta) = (prepared.Doc!, prepared.Analysis!, prepared.Meta!);
        var proof = analysis.Proof;
        StoreOutcome outcome;
        lock (_store) outcome = store.Save(doc, meta, proof.Facts, proof.Findings);
        if (outcome == StoreOutcome.Unchanged) return new IngestReport(prepared.Path, IngestStatus.Unchanged, 0, [], []);
        var unknown = proof.Facts.Where(f => !f.KnownConcept).Select(f => f.Label).Distinct().ToList();
        return new IngestReport(prepared.Path, outcome == StoreOutcome.Added ? IngestStatus.Added : IngestStatus.NewVersion,
            proof.Facts.Count, unknown, analysis.Notes, null,
            new ProofCounts(proof.Proven, proof.Flagged, proof.Repaired, proof.Findings.Count, proof.Errors));
    }

    /// <summary>The whole pass but the store: tables, facts, and their proof (findings, statuses, repairs).</summary>
    public DocumentAnalysis Analyze(SourceDocument doc)
    {
        var (company, tables, resolved, facts, notes, reporting, restatementNote) = Read(doc);
        DocumentBudget.Check("reading prose");
        var proof = _proof.Prove(doc, company, resolved, facts);
        DocumentBudget.Check("proving");
        return new DocumentAnalysis(company, tables, facts, notes, proof, reporting, restatementNote);
    }

    (Company? Company, List<Table> Tables, IReadOnlyList<ResolvedTable> Resolved, List<Fact> Facts, List<ReadingNote> Notes, Periods.Period Reporting, string? RestatementNote) Read(SourceDocument doc)
    {
        var company = taxonomy.DetectCompany(doc);
        DocumentBudget.Check("finding tables");
        var (grids, _) = _layouts.FindGrids(doc);
        var builder = new TableBuilder(taxonomy.Vocabulary, company?.Calendar);
        var (tables, notes) = builder.Build(doc, grids);
        DocumentBudget.Check("reading tables");
        // What reading had to judge (encoding, nesting, impossible dates) comes first, and explains a rejection too.
        var readingNotes = doc.ReadingNotes.Concat(DateSanity.Notes(doc)).ToList();
        notes.InsertRange(0, readingNotes);
        if (tables.Count == 0)
            throw new DocumentRejectedException(doc.Name, null, "no financial table found (looked for tab-separated, pipe, ruled and whitespace-aligned tables with period headers)"
                + string.Concat(readingNotes.Take(3).Select(n => $"; {(n.Line > 0 ? $"line {n.Line}: " : "")}{n.Message}")));
        CheckTruncation(doc, tables, notes);
        var resolved = _resolver.Resolve(tables, company, notes);
        var facts = FactBuilder.Build(doc, company, builder.Calendar, resolved);
        DocumentBudget.Check("building facts");
        if (facts.Count == 0)
            throw new DocumentRejectedException(doc.Name, tables[0].FirstLine, "tables were found but none has a figure under a period column");
        var flows = facts.Where(f => f.Table is "income" or "income_ytd" or "kpi").Select(f => f.Concept).ToHashSet();
        var reporting = ReportingPeriod(facts);
        // The release's reporting currency: the one its statements state (convenience columns aside), if they agree.
        var currencies = resolved.Where(t => t.Table.Kind != StatementKind.Kpi && t.Table.CurrencyEvidence == Evidence.Stated).Select(t => t.Table.Unit).Distinct().ToList();
        var (prose, restatementNote) = _prose.Read(doc, company, builder.Calendar, currencies is [var one] ? one : null, tables, reporting, flows);
        facts.AddRange(prose);
        return (company, tables, resolved, facts, notes, reporting, restatementNote);
    }

    /// <summary>The quarter a release reports: the latest three-month period of its statements (prose defaults to it).</summary>
    static Periods.Period ReportingPeriod(IReadOnlyList<Fact> facts)
    {
        var quarters = facts.Where(f => f.PeriodStart is not null && f.Table is "income" or "cashflow" or "kpi")
            .Select(f => new Periods.Period(f.PeriodStart, f.PeriodEnd)).Where(p => p.Months == 3).ToList();
        if (quarters.Count > 0) return quarters.MaxBy(p => p.End);
        var end = facts.Max(f => f.PeriodEnd);
        return Periods.Period.MonthsEnding(end, 3);
    }

    /// <summary>
    /// A file that stops inside a table (its last row shorter than the table, nothing after it) was cut off:
    /// storing the half we have would pass a partial statement as a whole one. So was a file whose last line is a
    /// figure too short for its row (<c>2,520</c> cut to <c>2</c>, with no line break after it), and one that ends
    /// at a line boundary inside a statement, before the row that closes it (net income, total liabilities and
    /// equity, cash at the end of the period).
    /// </summary>
    static void CheckTruncation(SourceDocument doc, IReadOnlyList<Table> tables, List<ReadingNote> notes)
    {
        var last = tables[^1];
        int lastTextLine = doc.Lines.Count;
        while (lastTextLine > 0 && string.IsNullOrWhiteSpace(doc.Lines[lastTextLine - 1])) lastTextLine--;
        if (last.LastLine != lastTextLine || last.Rows.Count == 0) return;
        var row = last.Rows[^1];
        int lastCell = row.Cells.Count > 0 ? row.Cells[^1].Column : 0;
        var periodColumns = last.Columns.Where(c => c.Role is ColumnRole.Value or ColumnRole.Convenience && c.Period is not null).ToList();
        if (periodColumns.Count == 0) return;
        int expected = periodColumns.Max(c => c.Index);
        if (!row.IsSection && lastCell < expected)
            throw new DocumentRejectedException(doc.Name, row.Line, $"table truncated: the last row ends at cell {lastCell + 1} of {expected + 1}; the file seems cut off");
        if (!row.IsSection && row.Cells.Count > 0 && row.Cells[^1].Number.Kind == CellKind.Text)
            throw new DocumentRejectedException(doc.Name, row.Line, $"table truncated: the last cell '{row.Cells[^1].Printed}' is not a complete number");
        // No line break after the last figure: the cut may have fallen inside it and left digits that still read as a number.
        bool unterminated = doc.Lines.Count > 0 && doc.Lines[^1].Length > 0 && lastTextLine == doc.Lines.Count;
        if (!row.IsSection && unterminated && row.Cells.Count > 0 && row.Cells[^1] is { Number.IsNumber: true } cut
            && CutShort(last, row, cut) is { } why)
            throw new DocumentRejectedException(doc.Name, row.Line, $"table truncated: the file ends inside the figure '{cut.Printed}' ({why}); the file seems cut off");
        if (Closer(last.Kind) is { } closer && !last.Rows.Any(r => closer.IsMatch(r.Label)))
        {
            var what = $"the {last.Kind switch { StatementKind.Balance => "balance sheet", StatementKind.CashFlow => "cash-flow statement", _ => "income statement" }} " +
                $"from line {last.FirstLine} reaches the end of the file without its closing row ({ClosingRow(last.Kind)})";
            // A release (several tables) that stops inside a statement was cut off; a file holding one partial table
            // may be an extract on purpose (a test, a quoted statement), so it is read with a note saying so.
            if (tables.Count > 1)
                throw new DocumentRejectedException(doc.Name, row.Line, $"statement truncated: {what}; the file seems cut off");
            notes.Add(new ReadingNote(row.Line, $"{what}: read as a partial statement; if the file was cut off, its totals are missing"));
        }
    }

    /// <summary>Why a final figure looks cut short against the figures printed beside and above it, or null if it does not.</summary>
    static string? CutShort(Table table, TableRow row, TableCell cell)
    {
        static int Digits(NumberToken n) => Math.Truncate(Math.Abs(n.Value)).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var role = table.Column(cell.Column)?.Role;
        var beside = row.Cells.Where(c => c != cell && c.Number.IsNumber && !c.Number.IsPercent && table.Column(c.Column)?.Role == role).ToList();
        var above = table.Rows.Where(r => r != row && !r.IsSection).SelectMany(r => r.Cells)
            .Where(c => c.Column == cell.Column && c.Number.IsNumber && !c.Number.IsPercent).ToList();
        if (beside.Count > 0 && beside.Min(c => Digits(c.Number)) > Digits(cell.Number))
            return $"{Digits(cell.Number)} digit(s) where the rest of its row prints at least {beside.Min(c => Digits(c.Number))}";
        var decimals = beside.Concat(above).Select(c => c.Number.Decimals).ToList();
        if (decimals.Count >= 2 && decimals.All(d => d == decimals[0]) && decimals[0] != cell.Number.Decimals)
            return $"{cell.Number.Decimals} decimals where its row and column print {decimals[0]}";
        return null;
    }

    static System.Text.RegularExpressions.Regex? Closer(StatementKind kind) => kind switch
    {
        StatementKind.Income or StatementKind.IncomeYtd => IncomeCloser,
        StatementKind.Balance => BalanceCloser,
        StatementKind.CashFlow => CashFlowCloser,
        _ => null,
    };

    static string ClosingRow(StatementKind kind) => kind switch
    {
        StatementKind.Balance => "total liabilities and equity",
        StatementKind.CashFlow => "cash at the end of the period",
        _ => "net income or per-share figures",
    };

    // The rows that close each statement, in the phrasings releases use (English and Japanese).
    static readonly System.Text.RegularExpressions.Regex IncomeCloser = new(
        @"net\s+(income|loss|earnings|profit)|profit\s+(attributable|for the)|per\s+(common\s+|diluted\s+|basic\s+)?(share|ads)|weighted\s+average|純利益|純損失|純損益|当期利益|当期損失|四半期利益|1株(当|あ)たり",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    static readonly System.Text.RegularExpressions.Regex BalanceCloser = new(
        @"total\s+liabilities\b.*\b(equity|capital|net assets)|total\s+(equity|capital)\s+and\s+liabilities|負債.*(純資産|資本).*合計|負債.*資本合計",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    static readonly System.Text.RegularExpressions.Regex CashFlowCloser = new(
        @"end\s+of\s+(the\s+)?(period|year|quarter|month|fiscal|six|nine|three|twelve|first|second|third|fourth)|\bat\s+end\b|closing\s+cash|期末",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
