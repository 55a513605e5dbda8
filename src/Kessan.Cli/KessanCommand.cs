using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Kessan.Analysis;
using Kessan.Ingestion;
using Kessan.Storage;
using Kessan.Taxonomy;
using Spectre.Console;

namespace Kessan.Cli;

/// <summary>The <c>kessan</c> command line (see CONTRACT: commands, options, exit codes and output shapes).</summary>
public static class KessanCommand
{
    public const int Ok = 0, Rejected = 1, Usage = 2, StoreFailed = 1, Interrupted = 130, Terminated = 143;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var db = new Option<string>("--db")
        {
            Description = "SQLite file path or PostgreSQL connection string (default: $KESSAN_DB, else ./kessan.db)",
            DefaultValueFactory = _ => StoreTarget.Default,
            Recursive = true,
        };
        var root = new RootCommand("Kessan: financial facts from quarterly earnings releases, proven by accounting identities.");
        root.Options.Add(db);
        root.Subcommands.Add(IngestCommand(db, stdout, stderr));
        root.Subcommands.Add(FactsCommand(db, stdout));
        root.Subcommands.Add(RestatementsCommand(db, stdout));
        root.Subcommands.Add(SeriesCommand(db, stdout));
        root.Subcommands.Add(GuidanceCommand(db, stdout));
        root.Subcommands.Add(CheckCommand(db, stdout));
        root.Subcommands.Add(MetricsCommand(db, stdout));
        root.Subcommands.Add(DocumentsCommand(db, stdout));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) stderr.WriteLine($"kessan: {e.Message}");
            return Usage;
        }
        try
        {
            // Signals are handled by ingest itself (it must print what it committed); null turns off System.CommandLine's handler.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"kessan: {e.Message}");
            return Usage;
        }
        catch (StoreException e)
        {
            // A store that cannot be opened or written: one line that says which and what to do, never a stack trace.
            stderr.WriteLine($"kessan: {e.Message}");
            return StoreFailed;
        }
    }

    static Command IngestCommand(Option<string> db, TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "release files (.txt, .pdf, .html, .htm) or folders", Arity = ArgumentArity.OneOrMore };
        var maxSize = new Option<string?>("--max-size")
        {
            Description = $"largest document in MB, checked before reading (default: ${Kessan.Reading.ReadLimits.MaxSizeVariable}, else 50)",
        };
        var timeLimit = new Option<string?>("--time-limit")
        {
            Description = $"seconds one document's analysis may take before it is rejected; 0 for none (default: ${Kessan.Reading.ReadLimits.TimeLimitVariable}, else 60)",
        };
        var cmd = new Command("ingest", "Read releases, extract their facts and store them (idempotent by content hash).");
        cmd.Arguments.Add(paths);
        cmd.Options.Add(maxSize);
        cmd.Options.Add(timeLimit);
        cmd.SetAction((pr, ct) =>
        {
            // SIGINT / SIGTERM: the writer stops before its next commit, the document in flight is not stored, the
            // summary says what was, and the exit code is the shell's for the signal (130 / 143).
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            int signalExit = 0;
            void OnSignal(PosixSignalContext c)
            {
                c.Cancel = true;
                Interlocked.CompareExchange(ref signalExit, c.Signal == PosixSignal.SIGINT ? Interrupted : Terminated, 0);
                cancel.Cancel();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            Kessan.Reading.ReadLimits limits;
            try
            {
                limits = Kessan.Reading.ReadLimits.FromEnvironment();
                if (pr.GetValue(maxSize) is { } mb) limits = limits with { MaxBytes = Kessan.Reading.ReadLimits.ParseMegabytes(mb, "--max-size") };
                if (pr.GetValue(timeLimit) is { } sec) limits = limits with { TimeLimit = Kessan.Reading.ReadLimits.ParseSeconds(sec, "--time-limit") };
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"kessan: {e.Message}");
                return Task.FromResult(Usage);
            }
            using var store = StoreTarget.Open(pr.GetValue(db)!);
            var ingestor = new Ingestor(store, TaxonomyLoader.Default) { Limits = limits };
            // Paths left out (FIFOs, devices, sockets, link loops, a file reached twice) are said, never read.
            var files = Ingestor.Expand(pr.GetValue(paths)!, skipped => stderr.WriteLine($"note: {skipped}")).ToList();
            var reports = new List<IngestReport>(files.Count);
            WithProgress(stderr, files.Count, step =>
            {
                foreach (var report in ingestor.IngestAll(files, cancel.Token))
                {
                    reports.Add(report);
                    step(Path.GetFileName(report.File));
                }
            });
            foreach (var r in reports.Where(r => r.Status == IngestStatus.Rejected))
                stderr.WriteLine($"rejected: {r.Error}");
            // How a document was read where it needed judgement (a skipped table, an inferred scale): said, never silent.
            foreach (var r in reports)
                foreach (var n in r.Notes)
                    stderr.WriteLine($"note: {Path.GetFileName(r.File)}:{n.Line}: {n.Message}");
            // Unknown labels are facts under generated extension concepts: said, so the taxonomy can learn them.
            foreach (var r in reports.Where(r => r.UnknownLabels.Count > 0))
                stderr.WriteLine($"note: {Path.GetFileName(r.File)}: {r.UnknownLabels.Count} labels not in the taxonomy (stored under generated extension concepts): {string.Join("; ", r.UnknownLabels.Take(12))}{(r.UnknownLabels.Count > 12 ? "; …" : "")}");
            stdout.WriteLine(Summary(reports));
            if (cancel.IsCancellationRequested)
            {
                stderr.WriteLine($"kessan: interrupted: {reports.Count} of {files.Count} documents done (the summary says what was committed); the document in flight was not stored; rerun to complete");
                return Task.FromResult(signalExit != 0 ? signalExit : Interrupted);
            }
            return Task.FromResult(reports.Any(r => r.Status == IngestStatus.Rejected) ? Rejected : Ok);
        });
        return cmd;
    }

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

    static string Plural(int n, string word) => string.Create(CultureInfo.InvariantCulture, $"{n} {word}{(n == 1 ? "" : "s")}");

    /// <summary>A progress bar on stderr when it is a terminal; nothing when redirected (scripts read stdout).</summary>
    static void WithProgress(TextWriter stderr, int total, Action<Action<string>> work)
    {
        if (Console.IsErrorRedirected || total < 2 || !ReferenceEquals(stderr, Console.Error))
        {
            work(_ => { });
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("ingesting", maxValue: total);
            work(name => { task.Description = Markup.Escape(name); task.Increment(1); });
        });
    }

    static Command FactsCommand(Option<string> db, TextWriter stdout)
    {
        var doc = new Option<string?>("--doc") { Description = "only this document (file name as ingested)" };
        var concept = new Option<string?>("--concept") { Description = "only this concept, e.g. us-gaap:Revenues" };
        var period = new Option<string?>("--period") { Description = "fiscal label (FY2002 Q3) or period end date (2002-12-31)" };
        var format = Format();
        var cmd = new Command("facts", "List stored facts with their source.");
        cmd.Options.Add(doc);
        cmd.Options.Add(concept);
        cmd.Options.Add(period);
        cmd.Options.Add(format);
        cmd.SetAction((pr, ct) =>
        {
            using var store = StoreTarget.OpenExisting(pr.GetValue(db)!);
            var facts = store.Facts(new FactQuery(pr.GetValue(doc), pr.GetValue(concept), pr.GetValue(period)));
            FactWriter.Write(facts, pr.GetValue(format)!, stdout);
            return Task.FromResult(Ok);
        });
        return cmd;
    }

    static Command CheckCommand(Option<string> db, TextWriter stdout)
    {
        var doc = new Option<string?>("--doc") { Description = "only this document (file name as ingested)" };
        var format = new Option<string>("--format") { Description = "text or jsonl", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "jsonl");
        var cmd = new Command("check", "List the findings of every identity, tie, ratio and translation rule (findings are data: exit 0).");
        cmd.Options.Add(doc);
        cmd.Options.Add(format);
        cmd.SetAction((pr, ct) =>
        {
            using var store = StoreTarget.OpenExisting(pr.GetValue(db)!);
            FindingWriter.Write(store.Findings(pr.GetValue(doc)), pr.GetValue(format)!, stdout);
            return Task.FromResult(Ok);
        });
        return cmd;
    }

    static Command MetricsCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("metrics", "Derived metrics (gross margin per segment, operating margin, Adjusted EBITDA, revenue growth), computed, never stored.");
        cmd.Options.Add(format);
        cmd.SetAction((pr, ct) =>
        {
            using var store = StoreTarget.OpenExisting(pr.GetValue(db)!);
            var rows = new DerivedMetrics(ReleaseHistory.ForConcepts(store, DerivedMetrics.Concepts(TaxonomyLoader.Default), TaxonomyLoader.Default), TaxonomyLoader.Default).All().Select(m => new Record()
                .Add("metric", m.Name).Add("periodStart", m.PeriodStart).Add("periodEnd", m.PeriodEnd).Add("fiscalPeriod", m.FiscalPeriod)
                .Add("value", m.Value).Add("unit", m.Unit).Add("formula", m.Formula)
                .Add("inputs", m.Inputs.Select(i => $"{i.Doc}:{i.Line}").ToArray())
                .Add("printed", m.Printed).Add("printedDoc", m.PrintedSource?.Doc).Add("printedLine", m.PrintedSource?.Line).Add("agrees", m.Agrees));
            RecordWriter.Write(rows, pr.GetValue(format)!, stdout, ["metric", "fiscalPeriod", "periodEnd", "value", "unit", "printed", "agrees"], "metrics");
            return Task.FromResult(Ok);
        });
        return cmd;
    }

    static Command RestatementsCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("restatements", "The same concept and period reported differently by two releases, classified.");
        cmd.Options.Add(format);
        cmd.SetAction((pr, ct) =>
        {
            using var store = StoreTarget.OpenExisting(pr.GetValue(db)!);
            var rows = ReleaseHistory.ForRestatements(store, TaxonomyLoader.Default).Restatements().Select(r => new Record()
                .Add("concept", r.Concept).Add("company", r.Company).Add("label", r.Label).Add("table", r.Table)
                .Add("periodStart", r.PeriodStart).Add("periodEnd", r.PeriodEnd).Add("fiscalPeriod", r.FiscalPeriod).Add("unit", r.Unit)
                .Add("firstValue", r.FirstValue).Add("firstDoc", r.First.Doc).Add("firstLine", r.First.Line)
                .Add("latestValue", r.LatestValue).Add("latestDoc", r.Latest.Doc).Add("latestLine", r.Latest.Line)
                .Add("kind", r.Kind).Add("explanation", r.Explanation));
            RecordWriter.Write(rows, pr.GetValue(format)!, stdout,
                ["concept", "fiscalPeriod", "unit", "firstValue", "firstDoc", "latestValue", "latestDoc", "kind"], "restatements");
            return Task.FromResult(Ok);
        });
        return cmd;
    }

    static Command SeriesCommand(Option<string> db, TextWriter stdout)
    {
        var concept = new Argument<string>("concept") { Description = "e.g. us-gaap:Revenues" };
        var basis = new Option<string>("--basis") { Description = "latest or first-reported", DefaultValueFactory = _ => "latest" };
        basis.AcceptOnlyFromAmong("latest", "first-reported");
        var unit = new Option<string?>("--unit") { Description = "unit of the series (default: the concept's most reported unit)" };
        var company = new Option<string?>("--company") { Description = "only this company's series (default: each company's series in turn)" };
        var format = Format();
        var cmd = new Command("series", "One concept across periods, one value per period with its source.");
        cmd.Arguments.Add(concept);
        cmd.Options.Add(basis);
        cmd.Options.Add(unit);
        cmd.Options.Add(company);
        cmd.Options.Add(format);
        cmd.SetAction((pr, ct) =>
        {
            using var store = StoreTarget.OpenExisting(pr.GetValue(db)!);
            var chosen = pr.GetValue(basis) == "first-reported" ? Basis.FirstReported : Basis.Latest;
            var rows = ReleaseHistory.ForConcept(store, pr.GetValue(concept)!, TaxonomyLoader.Default, pr.GetValue(company)).Series(pr.GetValue(concept)!, chosen, pr.GetValue(unit), pr.GetValue(company)).Select(p => new Record()
                .Add("concept", pr.GetValue(concept)).Add("company", p.Company).Add("periodStart", p.PeriodStart).Add("periodEnd", p.PeriodEnd)
                .Add("fiscalPeriod", p.FiscalPeriod).Add("value", p.Value).Add("unit", p.Unit)
                .Add("doc", p.Source.Doc).Add("line", p.Source.Line).Add("printed", p.Source.Printed)
                .Add("derived", p.Derived).Add("reports", p.Reports).Add("basis", pr.GetValue(basis)));
            RecordWriter.Write(rows, pr.GetValue(format)!, stdout,
                ["fiscalPeriod", "periodStart", "periodEnd", "value", "unit", "doc", "line", "derived", "reports"], "periods");
            return Task.FromResult(Ok);
        });
        return cmd;
    }

    static Command GuidanceCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("guidance", "Forward-looking ranges with the actual once a later release reports it.");
        cmd.Options.Add(format);
        cmd.SetAction((pr, ct) =>
        {
            using var store = StoreTarget.OpenExisting(pr.GetValue(db)!);
            var rows = ReleaseHistory.ForGuidance(store, TaxonomyLoader.Default).Guidance().Select(o => new Record()
                .Add("concept", o.Guidance.Concept).Add("label", o.Guidance.Label)
                .Add("periodStart", o.Guidance.PeriodStart).Add("periodEnd", o.Guidance.PeriodEnd).Add("fiscalPeriod", o.Guidance.FiscalPeriod)
                .Add("low", o.Guidance.Low).Add("high", o.Guidance.High).Add("unit", o.Guidance.Unit)
                .Add("baseStart", o.Guidance.BaseStart).Add("baseEnd", o.Guidance.BaseEnd)
                .Add("doc", o.Guidance.Doc).Add("line", o.Guidance.Line).Add("printed", o.Guidance.Printed)
                .Add("actual", o.Actual).Add("actualDoc", o.ActualSource?.Doc).Add("actualLine", o.ActualSource?.Line)
                .Add("actualPrinted", o.ActualSource?.Printed).Add("verdict", o.Verdict));
            RecordWriter.Write(rows, pr.GetValue(format)!, stdout,
                ["concept", "fiscalPeriod", "low", "high", "unit", "doc", "line", "actual", "actualDoc", "verdict"], "forecasts");
            return Task.FromResult(Ok);
        });
        return cmd;
    }

    static Command DocumentsCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("documents", "Every stored document and version: name, source path, sha256, company, period reported, language, facts, findings.");
        cmd.Options.Add(format);
        cmd.SetAction((pr, ct) =>
        {
            using var store = StoreTarget.OpenExisting(pr.GetValue(db)!);
            var rows = store.Documents().Select(d => new Record()
                .Add("doc", d.Name).Add("path", d.Path).Add("sha256", d.Sha256).Add("company", d.Meta.Company)
                .Add("periodEnd", d.Meta.ReportingEnd).Add("language", d.Meta.Language).Add("version", d.Version).Add("latest", d.Latest)
                .Add("facts", d.FactCount).Add("findings", d.FindingCount).Add("ingestedAt", d.IngestedAt.ToString("O", CultureInfo.InvariantCulture)));
            RecordWriter.Write(rows, pr.GetValue(format)!, stdout, ["doc", "version", "latest", "company", "periodEnd", "language", "facts", "findings", "path"], "documents");
            return Task.FromResult(Ok);
        });
        return cmd;
    }

    static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "table, csv or jsonl", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "jsonl");
        return format;
    }
}
