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

/// <summary>What Kessan knows of a stored document.</summary>
public sealed record StoredDocument(long Id, string Name, string Sha256, int Version, DateTimeOffset IngestedAt, DocumentMeta Meta);

public enum StoreOutcome { Added, NewVersion, Unchanged }

/// <summary>Which facts to list; null filters match everything. Only each document's latest version unless asked.</summary>
public sealed record FactQuery(string? Doc = null, string? Concept = null, string? Period = null, bool AllVersions = false);

/// <summary>
/// The store behind every command: SQLite by default, PostgreSQL for teams. A document and its facts are written
/// in one transaction; the same bytes twice are stored once.
/// </summary>
public interface IFactStore : IDisposable
{
    bool Contains(string sha256);

    /// <summary>A document, its facts (with their proof status) and the proof's findings, in one transaction.</summary>
    StoreOutcome Save(SourceDocument doc, DocumentMeta meta, IReadOnlyList<Fact> facts, IReadOnlyList<Finding> findings);

    IReadOnlyList<StoredDocument> Documents();

    IEnumerable<Fact> Facts(FactQuery query);

    /// <summary>The findings of each document's latest version (or of one document), in document and line order.</summary>
    IEnumerable<Finding> Findings(string? doc = null);
}
