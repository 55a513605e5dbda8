using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Kessan.Facts;
using Kessan.Ingestion;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Storage;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Cli.Bench;

/// <summary>
/// Where ingest time goes, one document at a time on one thread: the same library calls as <see cref="Ingestor"/>
/// (read, company, layouts, tables, cells, facts, prose, proof, store), each timed with a stopwatch after a warm-up, so
/// a change to one stage is measured without the noise of the pipeline and of other processes on the machine.
/// A stopwatch harness rather than BenchmarkDotNet: a stage's input is the previous stage's output, and one pass over a
/// real corpus is the figure wanted.
/// </summary>
sealed class StageTimer(TextWriter stdout)
{
    static readonly string[] Stages = ["read", "company", "layouts", "tables", "cells", "facts", "prose", "proof", "store"];

    public void Run(string corpus, int count, int warmup, string? sqlitePath, string? pg = null)
    {
        var companies = Path.Combine(corpus, "taxonomy");
        var taxonomy = Directory.Exists(companies) ? TaxonomyLoader.Load(companies) : TaxonomyLoader.Default;
        var files = Ingestor.Expand([corpus]).Take(count + warmup).ToList();
        var layouts = LayoutPipeline.Default(taxonomy.Vocabulary);
        var resolver = new CellResolver(taxonomy);
        var prose = new ProseReader(taxonomy);
        var proof = new ProofEngine(taxonomy);
        var path = sqlitePath ?? Path.Combine(Path.GetTempPath(), $"kessan-stages-{Environment.ProcessId}.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        using IFactStore store = pg is null ? new SqliteFactStore(path) : new PostgresFactStore(pg);
        var totals = new double[Stages.Length];
        var alloc = new long[Stages.Length];
        int measured = 0;
        var batch = new List<PendingDocument>();
        for (int i = 0; i < files.Count; i++)
        {
            bool counted = i >= warmup;
            var sw = new Stopwatch();
            int stage = 0;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            void Lap()
            {
                long now = GC.GetAllocatedBytesForCurrentThread();
                if (counted) { totals[stage] += sw.Elapsed.TotalMilliseconds; alloc[stage] += now - allocated; }
                allocated = now;
                stage++;
                sw.Restart();
            }
            sw.Start();
            var bytes = File.ReadAllBytes(files[i]);
            Convert.ToHexStringLower(SHA256.HashData(bytes));
            var doc = DocumentReader.Read(Path.GetFileName(files[i]), files[i], bytes);
            Lap();
            var company = taxonomy.DetectCompany(doc);
            Lap();
            var (grids, _) = layouts.FindGrids(doc);
            Lap();
            var builder = new TableBuilder(taxonomy.Vocabulary, company?.Calendar);
            var (tables, notes) = builder.Build(doc, grids);
            Lap();
            var resolved = resolver.Resolve(tables, company, notes);
            Lap();
            var facts = FactBuilder.Build(doc, company, builder.Calendar, resolved);
            Lap();
            var flows = facts.Where(f => f.Table is "income" or "income_ytd" or "kpi").Select(f => f.Concept).ToHashSet();
            var quarters = facts.Where(f => f.PeriodStart is not null && f.Table is "income" or "cashflow" or "kpi")
                .Select(f => new Periods.Period(f.PeriodStart, f.PeriodEnd)).Where(p => p.Months == 3).ToList();
            var reporting = quarters.Count > 0 ? quarters.MaxBy(p => p.End) : Periods.Period.MonthsEnding(facts.Max(f => f.PeriodEnd), 3);
            var currencies = resolved.Where(t => t.Table.Kind != StatementKind.Kpi && t.Table.CurrencyEvidence == Evidence.Stated).Select(t => t.Table.Unit).Distinct().ToList();
            var (proseFacts, note) = prose.Read(doc, company, builder.Calendar, currencies is [var one] ? one : null, tables, reporting, flows);
            facts.AddRange(proseFacts);
            Lap();
            var result = proof.Prove(doc, company, resolved, facts);
            Lap();
            batch.Add(new PendingDocument(doc, new DocumentMeta(company?.Name ?? "", "en", reporting.End, note), result.Facts, result.Findings));
            // The store as the ingest writer uses it: a batch of documents per transaction.
            if (batch.Count == 32 || i == files.Count - 1) { store.SaveBatch(batch); batch.Clear(); }
            Lap();
            if (counted) measured++;
        }
        double all = totals.Sum();
        stdout.WriteLine($"stages over {measured} documents (after {warmup} warm-up), one thread, ms per document:");
        for (int s = 0; s < Stages.Length; s++)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Stages[s],-8} {totals[s] / measured,7:0.000} ms  {100 * totals[s] / all,5:0.0}%  {alloc[s] / (double)measured / 1024,8:0} KB allocated"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  total    {all / measured,7:0.000} ms = {1000 * measured / all:0} docs/s on one thread"));
        if (sqlitePath is null && pg is null) foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}
