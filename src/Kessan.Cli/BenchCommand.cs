using System.CommandLine;
using Kessan.Cli.Bench;

namespace Kessan.Cli;

/// <summary><c>kessan bench generate|run</c>: synthetic corpora and the ingest/query benchmark (speed is measured here, never in tests).</summary>
static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cmd = new Command("bench", "Generate synthetic releases and measure ingest and queries against the floor.");
        var outDir = new Option<string>("--out") { Description = "folder for the releases and truth.jsonl", Required = true };
        var count = new Option<int>("--count") { Description = "number of releases", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, same corpus)", DefaultValueFactory = _ => 1 };
        var generate = new Command("generate", "Write N synthetic releases and DIR/truth.jsonl.");
        generate.Options.Add(outDir);
        generate.Options.Add(count);
        generate.Options.Add(seed);
        generate.SetAction(pr =>
        {
            long facts = new ReleaseGenerator(pr.GetValue(seed)).Generate(pr.GetValue(outDir)!, pr.GetValue(count));
            stdout.WriteLine($"generated {pr.GetValue(count)} releases with {facts} facts in {pr.GetValue(outDir)}");
            return 0;
        });
        cmd.Subcommands.Add(generate);

        var corpus = new Option<string>("--corpus") { Description = "a folder written by bench generate", Required = true };
        var sqlite = new Option<string>("--sqlite") { Description = "SQLite file to create (removed first)", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "kessan-bench.db") };
        var pg = new Option<string?>("--pg") { Description = "PostgreSQL connection string of an empty database (optional)" };
        var queries = new Option<int>("--queries") { Description = "repetitions of each query for the percentiles (0: ingest only)", DefaultValueFactory = _ => 20 };
        var run = new Command("run", "Ingest a generated corpus into SQLite (and PostgreSQL), measure docs/s, facts/s, peak memory, recall, the floor, and query latencies.");
        run.Options.Add(corpus);
        run.Options.Add(sqlite);
        run.Options.Add(pg);
        run.Options.Add(queries);
        run.SetAction(pr =>
        {
            new BenchRunner(stdout, stderr).Run(pr.GetValue(corpus)!, pr.GetValue(sqlite)!, pr.GetValue(pg), pr.GetValue(queries));
            return 0;
        });
        cmd.Subcommands.Add(run);

        var stagesCorpus = new Option<string>("--corpus") { Description = "a folder written by bench generate", Required = true };
        var stagesCount = new Option<int>("--count") { Description = "documents measured", DefaultValueFactory = _ => 300 };
        var warmup = new Option<int>("--warmup") { Description = "documents analysed first and not measured (JIT)", DefaultValueFactory = _ => 50 };
        var stages = new Command("stages", "Time each ingest stage (read, tables, facts, prose, proof, store) per document on one thread.");
        stages.Options.Add(stagesCorpus);
        stages.Options.Add(stagesCount);
        var stagesPg = new Option<string?>("--pg") { Description = "time the store stage against this PostgreSQL database (an empty one) instead of a temporary SQLite file" };
        stages.Options.Add(warmup);
        stages.Options.Add(stagesPg);
        stages.SetAction(pr =>
        {
            new StageTimer(stdout).Run(pr.GetValue(stagesCorpus)!, pr.GetValue(stagesCount), pr.GetValue(warmup), null, pr.GetValue(stagesPg));
            return 0;
        });
        cmd.Subcommands.Add(stages);

        var target = new Option<string>("--store") { Description = "an existing store (SQLite file or PostgreSQL connection string)", Required = true };
        var folder = new Option<string?>("--taxonomy") { Description = "the corpus's taxonomy folder (DIR/taxonomy), if any" };
        var reps = new Option<int>("--queries") { Description = "repetitions of each query for the percentiles", DefaultValueFactory = _ => 20 };
        var queriesOnly = new Command("queries", "Time the query round (series, facts, check, restatements, guidance) over an existing store.");
        queriesOnly.Options.Add(target);
        queriesOnly.Options.Add(folder);
        queriesOnly.Options.Add(reps);
        queriesOnly.SetAction(pr =>
        {
            new BenchRunner(stdout, stderr).QueriesOnly(pr.GetValue(target)!, pr.GetValue(folder), pr.GetValue(reps));
            return 0;
        });
        cmd.Subcommands.Add(queriesOnly);
        return cmd;
    }
}
