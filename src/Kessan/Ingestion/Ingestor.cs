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

    // Each layout claims its own lines (tabs, pipes, the rest), so one document may mix them; in this order, a later
    // layout reads only lines no earlier one claimed (a transposed summary table is not read again as tabbed rows).
    readonly ITableLayout[] _layouts = [new TransposedTableLayout(taxonomy.Vocabulary), new TabSeparatedLayout(), new PipeTableLayout(), new RuledTextLayout(), new WhitespaceTableLayout(taxonomy.Vocabulary)];
    readonly CellResolver _resolver = new(taxonomy);
    readonly ProseReader _prose = new(taxonomy);
    readonly ProofEngine _proof = new(taxonomy);

    /// <summary>The files a list of paths names: files as given, folders searched for releases, sorted for a stable order.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                             .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                             .Order(StringComparer.Ordinal))
                    yield return f;
            }
            else yield return path;
        }
    }

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
            var doc = DocumentReader.Read(path);
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
        var proof = _proof.Prove(doc, company, resolved, facts);
        return new DocumentAnalysis(company, tables, facts, notes, proof, reporting, restatementNote);
    }

    (Company? Company, List<Table> Tables, IReadOnlyList<ResolvedTable> Resolved, List<Fact> Facts, List<ReadingNote> Notes, Periods.Period Reporting, string? RestatementNote) Read(SourceDocument doc)
    {
        var company = taxonomy.DetectCompany(doc);
        var grids = LayoutPipeline.FindGrids(doc, _layouts);
        var builder = new TableBuilder(taxonomy.Vocabulary, company?.Calendar);
        var (tables, notes) = builder.Build(doc, grids);
        if (tables.Count == 0)
            throw new DocumentRejectedException(doc.Name, null, "no financial table found (looked for tab-separated, pipe, ruled and whitespace-aligned tables with period headers)");
        CheckTruncation(doc, tables[^1]);
        var resolved = _resolver.Resolve(tables, company, notes);
        var facts = FactBuilder.Build(doc, company, builder.Calendar, resolved);
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
    /// storing the half we have would pass a partial statement as a whole one.
    /// </summary>
    static void CheckTruncation(SourceDocument doc, Table last)
    {
        int lastTextLine = doc.Lines.Count;
        while (lastTextLine > 0 && string.IsNullOrWhiteSpace(doc.Lines[lastTextLine - 1])) lastTextLine--;
        if (last.LastLine != lastTextLine || last.Rows.Count == 0) return;
        var row = last.Rows[^1];
        int lastCell = row.Cells.Count > 0 ? row.Cells[^1].Column : 0;
        int expected = last.Columns.Where(c => c.Role is ColumnRole.Value or ColumnRole.Convenience && c.Period is not null).Max(c => c.Index);
        if (!row.IsSection && lastCell < expected)
            throw new DocumentRejectedException(doc.Name, row.Line, $"table truncated: the last row ends at cell {lastCell + 1} of {expected + 1}; the file seems cut off");
        if (!row.IsSection && row.Cells.Count > 0 && row.Cells[^1].Number.Kind == CellKind.Text)
            throw new DocumentRejectedException(doc.Name, row.Line, $"table truncated: the last cell '{row.Cells[^1].Printed}' is not a complete number");
    }
}
