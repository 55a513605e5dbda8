using System.Diagnostics;

namespace Kessan.Tests;

/// <summary>
/// <c>kessan</c> as an installed command, the way the README installs it: the CLI packed as a .NET tool into a folder,
/// <c>dotnet tool install</c> from that folder (into a tool path of its own, not the machine's global tools), and the
/// installed command run by its name.
/// </summary>
public sealed class ToolInstallTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    static (int Exit, string Out, string Err) Run(string file, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(600_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish"); }
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void The_packed_cli_installs_with_dotnet_tool_install_and_runs_as_kessan()
    {
        var nupkg = _dir.File("nupkg");
        var tools = _dir.File("tools");
        // The CLI this test run was built with (bin/<configuration>/…): packed without building it again.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var pack = Run("dotnet", TestPaths.RepoRoot, "pack", "src/Kessan.Cli", "--no-build", "-c", configuration, "-o", nupkg);
        Assert.True(pack.Exit == 0, $"dotnet pack exited {pack.Exit}: {pack.Out}{pack.Err}");
        Assert.Single(Directory.GetFiles(nupkg, "Kessan.Cli.*.nupkg"));

        var install = Run("dotnet", _dir.Path, "tool", "install", "--tool-path", tools, "Kessan.Cli", "--add-source", nupkg);
        Assert.True(install.Exit == 0, $"dotnet tool install exited {install.Exit}: {install.Out}{install.Err}");
        var kessan = Path.Combine(tools, "kessan");
        Assert.True(File.Exists(kessan), "the tool installed no 'kessan' command");

        var help = Run(kessan, _dir.Path, "--help");
        Assert.Equal(0, help.Exit);
        Assert.Contains("ingest", help.Out);
        Assert.Contains("facts", help.Out);

        var db = _dir.File("installed.db");
        var ingest = Run(kessan, _dir.Path, "ingest", TestPaths.Samples, "--db", db);
        Assert.True(ingest.Exit == 0, $"installed kessan ingest exited {ingest.Exit}: {ingest.Err}");
        int samples = Directory.GetFiles(TestPaths.Samples).Count(f => Path.GetExtension(f) is ".txt" or ".pdf" or ".htm" or ".html");
        Assert.Contains($"ingested {samples} documents: {samples} added", ingest.Out);
        var facts = Run(kessan, _dir.Path, "facts", "--format", "csv", "--db", db);
        Assert.Equal(0, facts.Exit);
        Assert.Contains("us-gaap:Revenues", facts.Out);
    }
}
