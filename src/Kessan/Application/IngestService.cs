using System.Globalization;
using Kessan.Ingestion;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Taxonomy;

namespace Kessan.Application;

/// <summary>
/// The ingest use case for every host: which files a list of paths names, the bounded pipeline of <see cref="Ingestor"/>
/// over a store, and what a person is told afterwards (the contract's one summary line; each rejection, reading note
/// and unknown label as a line for stderr or a log).
/// </summary>
public sealed class IngestService(IFactStore store, TaxonomySet? taxonomy = null)
{
    readonly TaxonomySet _taxonomy = taxonomy ?? TaxonomyLoader.Default;

    /// <summary>The bounds of one document's work; hosts pass <see cref="ReadLimits.FromEnvironment"/> with their own overrides.</summary>
    public ReadLimits Limits { get; init; } = ReadLimits.Default;

    /// <summary>The release files the paths name (folders searched); each path left out is told to <paramref name="skipped"/>.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, Action<string>? skipped = null) =>
        Ingestor.Expand(paths, skipped).ToList();

    /// <summary>Ingests the files, a report per file in input order as each is committed; cancellation stops before the next commit.</summary>
    public IEnumerable<IngestReport> Run(IEnumerable<string> files, CancellationToken cancel = default) =>
        new Ingestor(store, _taxonomy) { Limits = Limits }.IngestAll(files, cancel);

    /// <summary>The one summary line the contract promises on stdout.</summary>
    public static string Summary(IReadOnlyList<IngestReport> reports)
    {
        int Count(IngestStatus s) => reports.Count(r => r.Status == s);
        var unknown = reports.SelectMany(r => r.UnknownLabels).Distinct().Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"ingested {reports.Count} documents: {Count(IngestStatus.Added)} added, {Count(IngestStatus.NewVersion)} new versions, " +
            $"{Count(IngestStatus.Unchanged)} unchanged, {Count(IngestStatus.Rejected)} rejected; " +
            $"{reports.Sum(r => r.Facts)} facts, {unknown} labels not in the taxonomy; " +
            $"proof: {reports.Sum(r => r.Proof?.Proven ?? 0)} proven, {reports.Sum(r => r.Proof?.Flagged ?? 0)} flagged, " +
            $"{reports.Sum(r => r.Proof?.Repaired ?? 0)} repaired; {Plural(reports.Sum(r => r.Proof?.Findings ?? 0), "finding")}, {Plural(reports.Sum(r => r.Proof?.Errors ?? 0), "error")}");
    }

    /// <summary>
    /// What a person should hear beyond the summary, in order: each rejection with its reason, how a document was read
    /// where it needed judgement, and labels the taxonomy did not know (so the taxonomy can learn them).
    /// </summary>
    public static IEnumerable<string> Messages(IReadOnlyList<IngestReport> reports)
    {
        foreach (var r in reports.Where(r => r.Status == IngestStatus.Rejected))
            yield return $"rejected: {r.Error}";
        foreach (var r in reports)
            foreach (var n in r.Notes)
                yield return $"note: {Path.GetFileName(r.File)}{(n.Line > 0 ? $":{n.Line}" : "")}: {n.Message}";
        foreach (var r in reports.Where(r => r.UnknownLabels.Count > 0))
            yield return $"note: {Path.GetFileName(r.File)}: {r.UnknownLabels.Count} labels not in the taxonomy (stored under generated extension concepts): {string.Join("; ", r.UnknownLabels.Take(12))}{(r.UnknownLabels.Count > 12 ? "; …" : "")}";
    }

    static string Plural(int n, string word) => string.Create(CultureInfo.InvariantCulture, $"{n} {word}{(n == 1 ? "" : "s")}");
}
