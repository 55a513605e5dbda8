using Kessan.Facts;
using Kessan.Proof;
using Kessan.Reading;

namespace Kessan.Storage;

/// <summary>
/// What a release says about itself beyond its facts: whose it is, its language, the last day it reports on
/// (which orders releases: the later report is the later publication), and the sentence that explains any
/// restated figures.
/// </summary>
public sealed record DocumentMeta(string Company, string Language, DateOnly ReportingEnd, string? RestatementNote);

/// <summary>
/// What Kessan knows of a stored document. <see cref="Latest"/> is false for a version a later one replaced;
/// versions belong together when they are the same release (same name, company, period reported and language),
/// so two different releases that happen to share a file name never shadow each other.
/// </summary>
public sealed record StoredDocument(long Id, string Name, string Sha256, int Version, DateTimeOffset IngestedAt, DocumentMeta Meta,
    string Path = "", bool Latest = true, int FactCount = 0, int FindingCount = 0);

public enum StoreOutcome { Added, NewVersion, Unchanged, Failed }

/// <summary>A document ready to store: its identity, what it says about itself, its facts and the proof's findings.</summary>
public sealed record PendingDocument(SourceDocument Doc, DocumentMeta Meta, IReadOnlyList<Fact> Facts, IReadOnlyList<Finding> Findings);

/// <summary>What storing one document did; <see cref="Error"/> says why a document of a batch was not stored.</summary>
public sealed record SaveResult(StoreOutcome Outcome, string? Error = null);

/// <summary>
/// Which facts to list; null filters match everything. Only each document's latest version unless asked.
/// <see cref="Concepts"/> narrows to a set of concepts (the history questions ask for a few concepts, never the whole store);
/// <see cref="Company"/> to one company's documents.
/// </summary>
public sealed record FactQuery(string? Doc = null, string? Concept = null, string? Period = null, bool AllVersions = false,
    IReadOnlyCollection<string>? Concepts = null, string? Company = null)
{
    /// <summary>Only the document with this content hash (a document name can have several versions).</summary>
    public string? DocSha256 { get; init; }

    /// <summary>Further filters the application layer offers (null: any): unit, status code, table kind.</summary>
    public string? Unit { get; init; }
    public string? Status { get; init; }
    public string? Table { get; init; }

    /// <summary>Server-side paging over the listing's stable order; a null limit is every row from the offset.</summary>
    public long Offset { get; init; }
    public int? Limit { get; init; }
}

/// <summary>
/// Which findings to list (each document's latest version; null filters match everything), and a page of them over
/// the listing's stable order (document name, line, document, position); a null limit is every row from the offset.
/// </summary>
public sealed record FindingQuery(string? Doc = null, string? Rule = null, string? Severity = null)
{
    public long Offset { get; init; }
    public int? Limit { get; init; }
}

/// <summary>A period as the store knows it: its dates and fiscal label.</summary>
public sealed record StoredPeriod(DateOnly? Start, DateOnly End, string FiscalPeriod);

/// <summary>One line of a stored document's text (1-based, as provenance reports it).</summary>
public readonly record struct DocumentLine(int Line, string Text);

/// <summary>A page of a stored document's text and the number of lines of the whole text.</summary>
public sealed record DocumentPage(int LineCount, IReadOnlyList<DocumentLine> Lines);

/// <summary>
/// The store behind every command: SQLite by default, PostgreSQL for teams. A document and its facts are written
/// all or nothing; the same bytes twice are stored once.
/// </summary>
public interface IFactStore : IDisposable
{
    bool Contains(string sha256);

    /// <summary>
    /// The content hashes already stored, read once so the analysis workers can skip known files without
    /// asking the store (no lock between them and the writer); the writer checks again inside its transaction.
    /// </summary>
    IReadOnlySet<string> KnownHashes();

    /// <summary>A document, its facts (with their proof status) and the proof's findings, all or nothing.</summary>
    StoreOutcome Save(SourceDocument doc, DocumentMeta meta, IReadOnlyList<Fact> facts, IReadOnlyList<Finding> findings)
    {
        var result = SaveBatch([new PendingDocument(doc, meta, facts, findings)])[0];
        return result.Outcome == StoreOutcome.Failed ? throw new StoreException(result.Error ?? $"{doc.Name}: not stored") : result.Outcome;
    }

    /// <summary>
    /// Many documents in one transaction, each inside its own savepoint: a document that fails is rolled back alone
    /// (its result says why) and the others are committed together.
    /// </summary>
    IReadOnlyList<SaveResult> SaveBatch(IReadOnlyList<PendingDocument> documents);

    IReadOnlyList<StoredDocument> Documents();

    /// <summary>
    /// The documents that hold a fact <paramref name="query"/> matches (its document, concept and company filters; latest
    /// versions unless all are asked for): what a history question needs to order its facts, not every document stored.
    /// </summary>
    IReadOnlyList<StoredDocument> Documents(FactQuery query) =>
        Documents().Where(d => (query.AllVersions || d.Latest) && (query.Doc is null || d.Name == query.Doc)
            && (query.Company is null || d.Meta.Company == query.Company)).ToList();

    IEnumerable<Fact> Facts(FactQuery query);

    /// <summary>The findings of each document's latest version (or of one document), in document and line order.</summary>
    IEnumerable<Finding> Findings(string? doc = null) => Findings(new FindingQuery(doc));

    /// <summary>The findings a query matches, filtered and paged in the store.</summary>
    IEnumerable<Finding> Findings(FindingQuery query);

    /// <summary>How many findings a query matches, ignoring its paging.</summary>
    long CountFindings(FindingQuery query);

    /// <summary>
    /// The facts a restatement can be among: the latest versions' facts of every (company, concept, table, unit, period)
    /// that some versions report with two different values (statements and KPI tables, no convenience translations):
    /// a superset of what <c>ReleaseHistory</c> compares,
    /// found by one grouped query over the history index and streamed in (company name, concept, table, unit) order, so a
    /// reader holds one such bucket at a time, never the store.
    /// </summary>
    IEnumerable<HistoryFact> RestatementCandidates();

    /// <summary>
    /// One concept's statement and KPI facts (no convenience translations) of latest versions, company by company (in
    /// name order), of one company and unit when given: what a series reads, streamed.
    /// </summary>
    IEnumerable<HistoryFact> SeriesFacts(string concept, string? company = null, string? unit = null);

    /// <summary>
    /// A store to ask while a stream of this one is still being read: this one where its connection runs several
    /// commands at once (SQLite); a second connection to the same database where it runs one at a time (PostgreSQL).
    /// </summary>
    IFactStore Concurrent => this;

    /// <summary>Every guidance fact of latest versions, company by company (by name, ordinal).</summary>
    IEnumerable<HistoryFact> GuidanceFacts();

    /// <summary>
    /// What the forecasts are judged against: the history rows (as <see cref="SeriesFacts"/> reads them) of the
    /// concepts a company forecasts, only those whose period can judge one of the company's forecasts of the concept —
    /// <paramref name="canJudge"/>(target start, target end, start, end), asked of each forecast's target and base
    /// period — company by company in the order of <see cref="GuidanceFacts"/>. The store takes every candidate's
    /// period from an index and reads the rows of the accepted ones only.
    /// </summary>
    IReadOnlyList<HistoryFact> GuidanceActuals(Func<DateOnly?, DateOnly, DateOnly?, DateOnly, bool> canJudge);

    /// <summary>How many facts a query matches, ignoring its paging (for a page's total).</summary>
    long CountFacts(FactQuery query);

    /// <summary>Every concept name the store holds (the small dimension table): what an unknown name is compared with.</summary>
    IReadOnlyList<string> ConceptNames();

    /// <summary>Every period the store holds (the small dimension table).</summary>
    IReadOnlyList<StoredPeriod> Periods();

    /// <summary>
    /// Lines <paramref name="from"/> … <paramref name="from"/> + <paramref name="count"/> − 1 of the text stored with the
    /// document of this content hash (the text as read, so the document view never opens the source file), and how
    /// many lines it has (0 when the store keeps none): one read of the stored text for both.
    /// </summary>
    DocumentPage DocumentLines(string sha256, int from, int count);

    /// <summary>The documents' count and highest id: changes whenever a document is stored (a reader's cache key).</summary>
    (long Count, long MaxId) Generation();
}

/// <summary>
/// A fact with what places its release among the others (the history orders releases by the last day they report
/// on, then when they were stored, their name and id), the release's restatement note and the fact's position in it:
/// enough to answer a history question from a stream of rows without every document in memory.
/// </summary>
public sealed record HistoryFact(Fact Fact, DateOnly ReportingEnd, DateTimeOffset IngestedAt, long DocumentId, int Seq, string? RestatementNote)
{
    /// <summary>Release order: the one rule <c>ReleaseHistory</c> sorts releases by.</summary>
    public static readonly IComparer<HistoryFact> ReleaseOrder = Comparer<HistoryFact>.Create((a, b) =>
    {
        int c = a.ReportingEnd.CompareTo(b.ReportingEnd);
        if (c == 0) c = a.IngestedAt.CompareTo(b.IngestedAt);
        if (c == 0) c = string.CompareOrdinal(a.Fact.Doc, b.Fact.Doc);
        return c != 0 ? c : a.DocumentId.CompareTo(b.DocumentId);
    });
}

/// <summary>A store that cannot be opened or written, said in one line a person can act on.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
