using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading.Channels;
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
    internal ProofEngine Proof => _proof;

    /// <summary>The files a list of paths names: files as given, folders searched for releases, sorted for a stable order.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths) => Expand(paths, null);

    /// <summary>As <see cref="Expand(IEnumerable{string})"/>; <paramref name="skipped"/> hears of every path left out and why
    /// (a FIFO or device, a symbolic-link loop, a file reached twice) — see <see cref="SourceFiles"/>.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths, Action<string>? skipped) =>
        SourceFiles.Enumerate(paths, Extensions, skipped);

    /// <summary>The bounds of one document's work (size before reading, time of its analysis).</summary>
    public ReadLimits Limits { get; init; } = ReadLimits.Default;

    /// <summary>
    /// A document read and proven, ready to store — or the report of why it will not be. It keeps only what the
    /// writer needs (facts, findings, counts), not the tables and proof sheets, so documents waiting for the writer
    /// stay small.
    /// </summary>
    public sealed record Prepared(string Path, PendingDocument? Pending, IngestReport? Outcome,
        IReadOnlyList<string>? UnknownLabels = null, IReadOnlyList<ReadingNote>? Notes = null, ProofCounts? Proof = null);

    /// <summary>How many documents are analysed at once, how many may wait for the writer, and how many share a transaction.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
    // The depth leaves room for a whole batch being committed and the workers' next documents: with fewer permits than
    // a batch holds, the workers stopped for lack of permits while the writer committed.
    public int Depth { get; init; } = 2 * DefaultBatchSize + 4 * Environment.ProcessorCount;
    public int BatchSize { get; init; } = DefaultBatchSize;
    // 256 documents a transaction: each commit rewrites the index pages its documents touched (documents' name and
    // hash indexes and the company-first fact index take every release at a random place), so fewer, larger commits
    // write less (10,000 releases: 1.0 → 0.83 GB written at 128 against 32; 0.68 → 0.58 GB at 256 against 128, with
    // SQLite's larger checkpoint interval) for ~10 MB more in flight.
    const int DefaultBatchSize = 256;

    public IngestReport Ingest(string path) => Commit([Prepare(path, store.KnownHashes())])[0];

    /// <summary>
    /// Ingests many files through a bounded pipeline (System.Threading.Channels): a producer hands out paths, one
    /// analysis worker per core reads, hashes, skips known content and analyses, and this thread is the one writer,
    /// committing many documents per transaction (a savepoint each) in the order given. At most <see cref="Depth"/>
    /// documents are in flight between producer and writer, so memory depends on the depth, not on the corpus.
    /// Analysis and writer share no lock: the known hashes are a snapshot read once, and the writer checks again in
    /// its transaction. Reports arrive in input order, each once its document is committed. On cancellation nothing
    /// more is committed and the enumeration ends after the reports of what was.
    /// </summary>
    public IEnumerable<IngestReport> IngestAll(IEnumerable<string> paths, CancellationToken cancel = default)
    {
        var reports = Channel.CreateUnbounded<IngestReport>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pipeline = Task.Run(() => Pipeline(paths, reports.Writer, cancel));
        foreach (var report in reports.Reader.ReadAllAsync().ToBlockingEnumerable()) yield return report;
        pipeline.GetAwaiter().GetResult();
    }

    async Task Pipeline(IEnumerable<string> paths, ChannelWriter<IngestReport> reports, CancellationToken cancel)
    {
        // Stops the producer and the workers when the writer ends for any reason (done, cancelled, failed).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            // Swapped whole by the writer, read by the workers: a reference, no lock.
            var known = new KnownHashes(store.KnownHashes());
            var refreshed = Stopwatch.StartNew();
            var permits = new SemaphoreSlim(Depth);
            var work = Channel.CreateBounded<(int Index, string Path)>(new BoundedChannelOptions(Depth) { SingleWriter = true });
            var done = Channel.CreateBounded<(int Index, Prepared Doc)>(new BoundedChannelOptions(Depth) { SingleReader = true });

            _ = Task.Run(async () =>
            {
                try
                {
                    int i = 0;
                    foreach (var path in paths)
                    {
                        // A permit per document until the writer has committed it: the bound on memory.
                        await permits.WaitAsync(stop.Token);
                        await work.Writer.WriteAsync((i++, path), stop.Token);
                    }
                }
                catch (OperationCanceledException) { }
                finally { work.Writer.TryComplete(); }
            });
            var workers = Enumerable.Range(0, Math.Max(1, Workers)).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await foreach (var (index, path) in work.Reader.ReadAllAsync(stop.Token))
                        await done.Writer.WriteAsync((index, Prepare(path, known.Current)), stop.Token);
                }
                catch (OperationCanceledException) { }
            })).ToArray();
            _ = Task.WhenAll(workers).ContinueWith(_ => done.Writer.TryComplete(), TaskScheduler.Default);

            // The writer: takes documents in input order, commits a batch when it is full or when nothing more is ready.
            var ready = new Dictionary<int, Prepared>();
            var batch = new List<Prepared>(BatchSize);
            int next = 0;
            void Flush()
            {
                var committed = Commit(batch);
                foreach (var report in committed) reports.TryWrite(report);
                // A document analysed here but already stored means another process writes the same corpus: take a new
                // snapshot of the stored hashes (at most once a second) so the workers skip what it has committed.
                bool another = batch.Where((p, i) => p.Pending is not null && committed[i].Status == IngestStatus.Unchanged).Any();
                if (another && refreshed.Elapsed > TimeSpan.FromSeconds(1))
                {
                    known.Current = store.KnownHashes();
                    refreshed.Restart();
                }
                permits.Release(batch.Count);
                batch.Clear();
            }
            while (true)
            {
                while (done.Reader.TryRead(out var item)) ready[item.Index] = item.Doc;
                while (!cancel.IsCancellationRequested && ready.Remove(next, out var doc))
                {
                    batch.Add(doc);
                    next++;
                    if (batch.Count >= BatchSize) Flush();
                }
                if (cancel.IsCancellationRequested) break;
                if (batch.Count > 0) Flush();
                try { if (!await done.Reader.WaitToReadAsync(cancel)) break; }
                catch (OperationCanceledException) { break; }
            }
            reports.TryComplete();
        }
        catch (Exception e) { reports.TryComplete(e); }
        finally { stop.Cancel(); }
    }

    /// <summary>The stored hashes as the workers see them: replaced whole by the writer (a volatile reference, no lock).</summary>
    sealed class KnownHashes(IReadOnlySet<string> initial)
    {
        volatile IReadOnlySet<string> _current = initial;
        public IReadOnlySet<string> Current { get => _current; set => _current = value; }
    }

    /// <summary>The whole pass but the store: safe to run on several documents at once.</summary>
    public Prepared Prepare(string path, IReadOnlySet<string> known)
    {
        try
        {
            using var budget = DocumentBudget.Start(Path.GetFileName(path), Limits.TimeLimit);
            SourceDocument doc;
            var (kind, size) = FileProbe.Probe(path);
            if (kind == FileKind.Regular && size > 0 && size <= Limits.MaxBytes)
            {
                // Hash the raw bytes first: a known document is skipped without decoding or normalising it.
                var bytes = File.ReadAllBytes(path);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (known.Contains(sha)) return new Prepared(path, null, new IngestReport(path, IngestStatus.Unchanged, 0, [], []));
                doc = Path.GetExtension(path).ToLowerInvariant() is ".pdf" or ".html" or ".htm" or ".xhtml" || bytes.LongLength > Limits.MaxBytes
                    ? DocumentReader.Read(path, Limits)
                    : DocumentReader.Read(Path.GetFileName(path), path, bytes);
            }
            // Not a regular file, empty, too large or missing: the reader's own checks say why (before reading a byte).
            else doc = DocumentReader.Read(path, Limits);
            var analysis = Analyze(doc);
            var proof = analysis.Proof;
            IReadOnlyList<Fact> facts = proof.Facts;
            var language = facts.Count(f => f.Lang == "ja") > facts.Count / 2 ? "ja" : "en";
            // The issuer: the taxonomy's company, else the name the release prints for itself, else the release alone.
            // Never "": releases of unknown issuers would share one company, and one's figures would "restate" another's.
            var notes = analysis.Notes;
            string issuer = analysis.Company?.Name ?? "";
            if (analysis.Company is null)
            {
                var printed = IssuerName.Find(doc);
                issuer = printed?.Name ?? IssuerName.Unidentified(doc);
                notes = [.. notes, printed is { } p
                    ? new ReadingNote(doc.FileLine(p.Line), $"issuer not in the taxonomy: read as '{p.Name}' from the release (its history is asked within that name)")
                    : new ReadingNote(0, $"the release names no issuer Kessan reads and the taxonomy knows none: stored as '{issuer}', its own company")];
                facts = facts.Select(f => f.Company.Length == 0 ? f with { Company = issuer } : f).ToList();
            }
            var meta = new DocumentMeta(issuer, language, analysis.ReportingPeriod.End, analysis.RestatementNote);
            var unknown = facts.Where(f => !f.KnownConcept).Select(f => f.Label).Distinct().ToList();
            return new Prepared(path, new PendingDocument(doc, meta, facts, proof.Findings), null, unknown, notes,
                new ProofCounts(proof.Proven, proof.Flagged, proof.Repaired, proof.Findings.Count, proof.Errors));
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
            new(path, null, new IngestReport(path, IngestStatus.Rejected, 0, [], [], reason));
    }

    /// <summary>Stores prepared documents in one transaction, a savepoint each (nothing for a rejected one); reports in order.</summary>
    public IReadOnlyList<IngestReport> Commit(IReadOnlyList<Prepared> prepared)
    {
        var toSave = prepared.Where(p => p.Pending is not null).ToList();
        var results = store.SaveBatch(toSave.Select(p => p.Pending!).ToList());
        int saved = 0;
        return prepared.Select(p =>
        {
            if (p.Outcome is { } done) return done;
            var result = results[saved++];
            return result.Outcome switch
            {
                StoreOutcome.Unchanged => new IngestReport(p.Path, IngestStatus.Unchanged, 0, [], []),
                StoreOutcome.Failed => new IngestReport(p.Path, IngestStatus.Rejected, 0, [], [], result.Error),
                var o => new IngestReport(p.Path, o == StoreOutcome.Added ? IngestStatus.Added : IngestStatus.NewVersion,
                    p.Pending!.Facts.Count, p.UnknownLabels ?? [], p.Notes ?? [], null, p.Proof),
            };
        }).ToList();
    }

    /// <summary>The whole pass but the store: tables, facts, and their proof (findings, statuses, repairs).</summary>
    public DocumentAnalysis Analyze(SourceDocument doc)
    {
        // The whole analysis, proof included, reads figures the way the document writes them.
        using var numbers = NumberToken.ReadDecimalCommas(NumberToken.DecimalCommaDocument(doc.Lines));
        using var groups = NumberToken.ReadSpaceGroups(NumberToken.SpaceGroupedDocument(doc.Lines));
        var (company, tables, resolved, facts, notes, reporting, restatementNote, dates) = ReadWithinScope(doc);
        DocumentBudget.Check("reading prose");
        var proof = _proof.Prove(doc, company, resolved, facts);
        DocumentBudget.Check("proving");
        // A header date no calendar has is read as the nearest real one (or as no period): said in a finding at the
        // header's line, kept with the document, not only on the ingest's stderr.
        if (dates.Count > 0)
            proof = proof with { Findings = [.. proof.Findings, .. dates.Select(n => new Finding("date", Severity.Warning, doc.Name, n.Line, null, null, null, null, n.Message))] };
        return new DocumentAnalysis(company, tables, facts, notes, proof, reporting, restatementNote);
    }

    /// <summary>Everything before the proof (internal: the proof's diagnostics in the tests read the resolved tables).</summary>
    internal (Company? Company, List<Table> Tables, IReadOnlyList<ResolvedTable> Resolved, List<Fact> Facts, List<ReadingNote> Notes, Periods.Period Reporting, string? RestatementNote, List<ReadingNote> Dates) Read(SourceDocument doc)
    {
        using var numbers = NumberToken.ReadDecimalCommas(NumberToken.DecimalCommaDocument(doc.Lines));
        using var groups = NumberToken.ReadSpaceGroups(NumberToken.SpaceGroupedDocument(doc.Lines));
        return ReadWithinScope(doc);
    }

    /// <summary><see cref="Read"/> inside the caller's decimal-comma scope (the document's lines are scanned for it once).</summary>
    (Company? Company, List<Table> Tables, IReadOnlyList<ResolvedTable> Resolved, List<Fact> Facts, List<ReadingNote> Notes, Periods.Period Reporting, string? RestatementNote, List<ReadingNote> Dates) ReadWithinScope(SourceDocument doc)
    {
        var company = taxonomy.DetectCompany(doc);
        DocumentBudget.Check("finding tables");
        var (grids, _) = _layouts.FindGrids(doc);
        var builder = new TableBuilder(taxonomy.Vocabulary, company?.Calendar);
        var (tables, notes) = builder.Build(doc, grids);
        DocumentBudget.Check("reading tables");
        // What reading had to judge (encoding, nesting, impossible dates) comes first, and explains a rejection too.
        // The stages' notes are in the rendering's lines; the reader's own and the dates' are file lines already.
        var dates = DateSanity.Notes(doc);
        var readingNotes = doc.ReadingNotes.Concat(dates).Concat(AtFileLines(doc, notes)).ToList();
        if (tables.Count == 0)
            throw new DocumentRejectedException(doc.Name, null, "no financial table found (looked for tab-separated, pipe, ruled and whitespace-aligned tables with period headers)"
                + string.Concat(readingNotes.Take(3).Select(n => $"; {(n.Line > 0 ? $"line {n.Line}: " : "")}{n.Message}")));
        CheckTruncation(doc, tables, notes);
        var resolved = _resolver.Resolve(tables, company, notes);
        var facts = FactBuilder.Build(doc, company, builder.Calendar, resolved);
        DocumentBudget.Check("building facts");
        if (facts.Count == 0)
            throw new DocumentRejectedException(doc.Name, doc.FileLine(tables[0].FirstLine), "tables were found but none has a figure under a period column");
        var flows = facts.Where(f => f.Table is "income" or "income_ytd" or "kpi").Select(f => f.Concept).ToHashSet();
        var reporting = ReportingPeriod(facts);
        // The release's reporting currency: the one its statements state (convenience columns aside), if they agree.
        var currencies = resolved.Where(t => t.Table.Kind != StatementKind.Kpi && t.Table.CurrencyEvidence == Evidence.Stated).Select(t => t.Table.Unit).Distinct().ToList();
        // Statements in a dollar inferred from the issuer's marks: a bare "$" of the text is that dollar too (its facts
        // are flagged as the tables' are).
        bool inferred = currencies.Count == 0;
        if (inferred)
            currencies = resolved.Where(t => t.Table.Kind != StatementKind.Kpi && t.Table.CurrencyEvidence == Evidence.Inferred).Select(t => t.Table.Unit).Distinct().ToList();
        var (prose, restatementNote) = _prose.Read(doc, company, builder.Calendar, currencies is [var one] ? one : null, tables, reporting, flows);
        facts.AddRange(inferred && currencies is [var dollar]
            ? prose.Select(f => f.Unit.Split('/')[0] == dollar ? f with { Status = FactStatus.Flagged } : f)
            : prose);
        return (company, tables, resolved, facts, [.. doc.ReadingNotes, .. dates, .. AtFileLines(doc, notes)], reporting, restatementNote, dates);
    }

    /// <summary>Notes made in the rendering's lines, at the file lines a person opens (<see cref="SourceDocument.FileLine(int, int)"/>).</summary>
    static IEnumerable<ReadingNote> AtFileLines(SourceDocument doc, IEnumerable<ReadingNote> notes) =>
        notes.Select(n => n.Line > 0 ? n with { Line = doc.FileLine(n.Line) } : n);

    /// <summary>The quarter a release reports: the latest three-month period of its statements (prose defaults to it).</summary>
    static Periods.Period ReportingPeriod(IReadOnlyList<Fact> facts)
    {
        var quarters = facts.Where(f => f.PeriodStart is not null && f.Table is "income" or "cashflow" or "kpi")
            .Select(f => new Periods.Period(f.PeriodStart, f.PeriodEnd)).Where(p => p.Months == 3).ToList();
        if (quarters.Count > 0) return quarters.MaxBy(p => p.End);
        // A release that reports no quarter (a half-year or annual report): its latest flow period, the shortest of
        // those ending last — the half, not the quarter that would end on its date.
        var flows = facts.Where(f => f.PeriodStart is not null && f.Table is "income" or "income_ytd" or "cashflow" or "kpi")
            .Select(f => new Periods.Period(f.PeriodStart, f.PeriodEnd)).ToList();
        if (flows.Count > 0)
        {
            var last = flows.Max(p => p.End);
            return flows.Where(p => p.End == last).MinBy(p => p.Start is { } s ? last.DayNumber - s.DayNumber : int.MaxValue);
        }
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
            throw new DocumentRejectedException(doc.Name, doc.FileLine(row.Line), $"table truncated: the last row ends at cell {lastCell + 1} of {expected + 1}; the file seems cut off");
        if (!row.IsSection && row.Cells.Count > 0 && row.Cells[^1].Number.Kind == CellKind.Text)
            throw new DocumentRejectedException(doc.Name, doc.FileLine(row.Line), $"table truncated: the last cell '{row.Cells[^1].Printed}' is not a complete number");
        // No line break after the last figure: the cut may have fallen inside it and left digits that still read as a number.
        bool unterminated = doc.Lines.Count > 0 && doc.Lines[^1].Length > 0 && lastTextLine == doc.Lines.Count;
        if (!row.IsSection && unterminated && row.Cells.Count > 0 && row.Cells[^1] is { Number.IsNumber: true } cut
            && CutShort(last, row, cut) is { } why)
            throw new DocumentRejectedException(doc.Name, doc.FileLine(cut.Address(row)), $"table truncated: the file ends inside the figure '{cut.Printed}' ({why}); the file seems cut off");
        if (Closer(last.Kind) is { } closer && !last.Rows.Any(r => closer.IsMatch(r.Label)))
        {
            var what = $"the {last.Kind switch { StatementKind.Balance => "balance sheet", StatementKind.CashFlow => "cash-flow statement", _ => "income statement" }} " +
                $"from line {doc.FileLine(last.FirstLine)} reaches the end of the file without its closing row ({ClosingRow(last.Kind)})";
            // A release (several tables) that stops inside a statement was cut off; a file holding one partial table
            // may be an extract on purpose (a test, a quoted statement), so it is read with a note saying so.
            if (tables.Count > 1)
                throw new DocumentRejectedException(doc.Name, doc.FileLine(row.Line), $"statement truncated: {what}; the file seems cut off");
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
        @"total\s+liabilities\b.*\b(equity|capital|net assets)|total\s+(equity|capital)\s+and\s+liabilities|^(total\s+)?net\s+assets$|負債.*(純資産|資本).*合計|負債.*資本合計",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    static readonly System.Text.RegularExpressions.Regex CashFlowCloser = new(
        @"end\s+of\s+(the\s+)?(period|year|quarter|month|fiscal|six|nine|three|twelve|first|second|third|fourth)|\bat\s+end\b|closing\s+cash|期末",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
