using System.CommandLine;
using System.Runtime.InteropServices;
using Kessan.Application;
using Kessan.Ingestion;
using Kessan.Storage;
using Spectre.Console;

namespace Kessan.Cli;

/// <summary>
/// The <c>kessan</c> command line (see CONTRACT: commands, options, exit codes and output shapes): a thin shell that
/// parses options, calls the application layer (<see cref="KessanQueries"/>, <see cref="IngestService"/>) and prints
/// its records. No use case lives here.
/// </summary>
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
        root.Subcommands.Add(StatementCommand(db, stdout));
        root.Subcommands.Add(ExportCommand(db, stdout));
        root.Subcommands.Add(ServeCommand.Create(db, stdout, stderr));
        var bench = BenchCommand.Create(stdout, stderr);
        bench.Subcommands.Add(Bench.ServeBench.Create(db, stdout, stderr));
        root.Subcommands.Add(bench);

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
        catch (InvalidQueryException e) when (e.NotInStore)
        {
            // A listing filtered on a name the store does not hold is an empty listing (exit 0, as the contract says
            // of every read command), with the reason and the nearest names on stderr for the person reading it.
            stderr.WriteLine($"kessan: {e.Message}");
            return 0;
        }
        catch (Exception e) when (e is UsageException or InvalidQueryException or StoreNotFoundException)
        {
            // How the command was called (a missing store, an unknown concept or period, with the nearest ones): exit 2.
            stderr.WriteLine($"kessan: {e.Message}");
            return Usage;
        }
        catch (Kessan.Taxonomy.TaxonomyException e)
        {
            // A taxonomy file of the user's (KESSAN_TAXONOMY) that cannot be used: the file and the reason, exit 2.
            stderr.WriteLine($"kessan: {e.Message}");
            return Usage;
        }
        catch (StoreException e)
        {
            // A store that cannot be opened or written: one line that says which and what to do, never a stack trace.
            stderr.WriteLine($"kessan: {e.Message}");
            return StoreFailed;
        }
        catch (System.Data.Common.DbException e)
        {
            // A store error no store recognised as its own: still one line, never a stack trace.
            stderr.WriteLine($"kessan: store error: {e.Message.Split('\n')[0]}");
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
            // The taxonomy first: one that cannot be used is said before any store is created or opened.
            var taxonomy = Kessan.Taxonomy.TaxonomyLoader.Default;
            using var store = StoreTarget.Open(pr.GetValue(db)!);
            var service = new IngestService(store, taxonomy) { Limits = limits };
            // Paths left out (FIFOs, devices, sockets, link loops, a file reached twice) are said, never read.
            var files = IngestService.Expand(pr.GetValue(paths)!, skipped => stderr.WriteLine($"note: {skipped}"));
            var reports = new List<IngestReport>(files.Count);
            WithProgress(stderr, files.Count, step =>
            {
                foreach (var report in service.Run(files, cancel.Token))
                {
                    reports.Add(report);
                    step(Path.GetFileName(report.File));
                }
            });
            foreach (var message in IngestService.Messages(reports)) stderr.WriteLine(message);
            stdout.WriteLine(IngestService.Summary(reports));
            if (cancel.IsCancellationRequested)
            {
                stderr.WriteLine($"kessan: interrupted: {reports.Count} of {files.Count} documents done (the summary says what was committed); the document in flight was not stored; rerun to complete");
                return Task.FromResult(signalExit != 0 ? signalExit : Interrupted);
            }
            return Task.FromResult(reports.Any(r => r.Status == IngestStatus.Rejected) ? Rejected : Ok);
        });
        return cmd;
    }

    /// <summary>The one summary line the contract promises on stdout (see <see cref="IngestService.Summary"/>).</summary>
    public static string Summary(IReadOnlyList<IngestReport> reports) => IngestService.Summary(reports);

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

    /// <summary>A read command's action over the queries of an existing store (a missing store is exit 2, never created).</summary>
    static void Read(Command cmd, Option<string> db, Action<ParseResult, KessanQueries> action) =>
        cmd.SetAction((pr, ct) =>
        {
            using var queries = KessanQueries.Open(pr.GetValue(db)!);
            action(pr, queries);
            return Task.FromResult(Ok);
        });

    static Command FactsCommand(Option<string> db, TextWriter stdout)
    {
        var doc = new Option<string?>("--doc") { Description = "only this document (file name as ingested)" };
        var concept = new Option<string?>("--concept") { Description = "only this concept, e.g. us-gaap:Revenues" };
        var period = new Option<string?>("--period") { Description = "fiscal label (FY2002 Q3) or period end date (2002-12-31)" };
        var unit = new Option<string?>("--unit") { Description = "only this unit, e.g. JPY, USD, JPY/share" };
        var status = new Option<string?>("--status") { Description = "only facts with this status: ok, flagged or repaired" };
        status.AcceptOnlyFromAmong("ok", "flagged", "repaired");
        var wide = new Option<bool>("--wide") { Description = "table format: every column, nothing cut (default: fitted to the terminal)" };
        var format = Format();
        var cmd = new Command("facts", "List stored facts with their source.");
        foreach (var o in new Option[] { doc, concept, period, unit, status, wide, format }) cmd.Options.Add(o);
        Read(cmd, db, (pr, q) =>
        {
            var facts = q.AllFacts(new FactFilter(pr.GetValue(doc), pr.GetValue(concept), pr.GetValue(period), pr.GetValue(unit), pr.GetValue(status)));
            FactWriter.Write(facts, pr.GetValue(format)!, stdout, pr.GetValue(wide));
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
        Read(cmd, db, (pr, q) => FindingWriter.Write(q.Findings(pr.GetValue(doc)).Items, pr.GetValue(format)!, stdout));
        return cmd;
    }

    static Command MetricsCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("metrics", "Derived metrics (gross margin per segment, operating margin, Adjusted EBITDA, revenue growth), computed, never stored.");
        cmd.Options.Add(format);
        Read(cmd, db, (pr, q) => RecordWriter.Write(q.Metrics().Select(ContractRecords.Metric), pr.GetValue(format)!, stdout,
            ["metric", "fiscalPeriod", "periodEnd", "value", "unit", "printed", "agrees"], "metrics"));
        return cmd;
    }

    static Command RestatementsCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("restatements", "The same concept and period reported differently by two releases, classified.");
        cmd.Options.Add(format);
        Read(cmd, db, (pr, q) => RecordWriter.Write(q.StreamRestatements().Select(ContractRecords.Restatement), pr.GetValue(format)!, stdout,
            ["concept", "fiscalPeriod", "unit", "firstValue", "firstDoc", "latestValue", "latestDoc", "kind"], "restatements"));
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
        Read(cmd, db, (pr, q) =>
        {
            var chosen = ContractRecords.ParseBasis(pr.GetValue(basis));
            var name = pr.GetValue(concept)!;
            RecordWriter.Write(q.StreamSeries(name, chosen, pr.GetValue(unit), pr.GetValue(company)).Select(p => ContractRecords.SeriesPoint(name, chosen, p)), pr.GetValue(format)!, stdout,
                ["fiscalPeriod", "periodStart", "periodEnd", "value", "unit", "doc", "line", "derived", "reports"], "periods");
        });
        return cmd;
    }

    static Command GuidanceCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("guidance", "Forward-looking ranges (low and high as printed) with the actual once a later release reports it.");
        cmd.Options.Add(format);
        Read(cmd, db, (pr, q) => RecordWriter.Write(q.Guidance().Select(ContractRecords.Guidance), pr.GetValue(format)!, stdout,
            ["concept", "fiscalPeriod", "low", "high", "unit", "doc", "line", "actual", "actualDoc", "verdict"], "forecasts"));
        return cmd;
    }

    static Command DocumentsCommand(Option<string> db, TextWriter stdout)
    {
        var format = Format();
        var cmd = new Command("documents", "Every stored document and version: name, source path, sha256, company, period reported, language, facts, findings.");
        cmd.Options.Add(format);
        Read(cmd, db, (pr, q) => RecordWriter.Write(q.Documents().Select(ContractRecords.Document), pr.GetValue(format)!, stdout,
            ["doc", "version", "latest", "company", "periodEnd", "language", "facts", "findings", "path"], "documents"));
        return cmd;
    }

    static Command StatementCommand(Option<string> db, TextWriter stdout)
    {
        var kind = new Argument<string>("statement") { Description = "income, balance or cashflow (income_ytd: the year-to-date income statement)" };
        kind.AcceptOnlyFromAmong("income", "balance", "cashflow", "income_ytd");
        var period = new Option<string>("--period") { Description = "fiscal label (FY2002 Q3), period end date (2002-12-31) or start/end (2002-04-01/2002-12-31)", Required = true };
        var lang = new Option<string>("--lang") { Description = "labels in en or ja", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "ja");
        var doc = new Option<string?>("--doc") { Description = "from this release (default: the latest release reporting the period)" };
        var format = Format();
        var cmd = new Command("statement", "A statement regenerated from the store for one period: the release's rows, comparison columns, each value's status.");
        cmd.Arguments.Add(kind);
        foreach (var o in new Option[] { period, lang, doc, format }) cmd.Options.Add(o);
        Read(cmd, db, (pr, q) => StatementWriter.Write(q.Statement(pr.GetValue(kind)!, pr.GetValue(period)!, pr.GetValue(lang)!, pr.GetValue(doc)), pr.GetValue(format)!, stdout));
        return cmd;
    }

    static Command ExportCommand(Option<string> db, TextWriter stdout)
    {
        var format = new Option<string>("--format") { Description = "csv, jsonl (facts), xlsx (facts, findings, statements) or xbrl-json (XBRL OIM)", Required = true };
        format.AcceptOnlyFromAmong(Kessan.Application.Export.KessanExport.Formats);
        var output = new Option<string>("--out") { Description = "the file to write (replaced whole once complete)", Required = true };
        var cmd = new Command("export", "The whole store as one file: facts as CSV or JSON lines, a workbook, or an xBRL-JSON report.");
        cmd.Options.Add(format);
        cmd.Options.Add(output);
        Read(cmd, db, (pr, q) =>
        {
            var n = Kessan.Application.Export.KessanExport.Write(q, pr.GetValue(format)!, pr.GetValue(output)!);
            stdout.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"exported {n} facts to {pr.GetValue(output)} ({pr.GetValue(format)})"));
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
