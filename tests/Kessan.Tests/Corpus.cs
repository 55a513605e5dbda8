using System.Diagnostics;

namespace Kessan.Tests;

/// <summary>Corpora and processes for the store tests: many distinct releases, and the real <c>kessan</c> executable.</summary>
public static class Corpus
{
    /// <summary>
    /// <paramref name="count"/> distinct releases: copies of the sample and of the small fixtures (small, so the process
    /// tests stay fast), each with a closing line of its own (letters only, so it adds no figure), under its own name.
    /// </summary>
    public static string Copies(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        var fixtures = Path.Combine(TestPaths.RepoRoot, "tests", "Kessan.Tests", "Fixtures");
        string[] sources = [Path.Combine(TestPaths.Samples, "iij-4q02-release.txt"), Path.Combine(fixtures, "northwind-q2-2005-ruled.txt"),
            Path.Combine(fixtures, "northwind-q2-2005-edgar.txt"), Path.Combine(fixtures, "proof_clean.txt")];
        for (int i = 0; i < count; i++)
        {
            var source = sources[i % sources.Length];
            var bytes = File.ReadAllBytes(source).Concat(System.Text.Encoding.ASCII.GetBytes($"\nArchive copy {Letters(i)}.\n")).ToArray();
            File.WriteAllBytes(Path.Combine(dir, $"{i:D4}-{Path.GetFileName(source)}"), bytes);
        }
        return dir;
    }

    static string Letters(int n)
    {
        var s = "";
        do { s = (char)('a' + n % 26) + s; n /= 26; } while (n > 0);
        return s;
    }

    public static string Cli => Path.Combine(AppContext.BaseDirectory, "kessan.dll");

    /// <summary>The kessan executable as a separate process (signals and kills need a real one).</summary>
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(string[])"/>, with these environment variables set.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    public static (int Exit, string Out, string Err) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    public static (int Exit, string Out, string Err) Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var p = Start(environment, args);
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000)) { p.Kill(); throw new TimeoutException($"kessan {string.Join(' ', args)} did not finish"); }
        return (p.ExitCode, output, err.Result);
    }
}
