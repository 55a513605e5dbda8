using System.CommandLine;

namespace Kessan.Cli;

/// <summary><c>kessan bench generate|run</c>: synthetic corpora and the ingest/query benchmark.</summary>
static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cmd = new Command("bench", "Generate synthetic releases and measure ingest and queries against the floor.");
        return cmd;
    }
}
