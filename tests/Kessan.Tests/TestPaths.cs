namespace Kessan.Tests;

/// <summary>Where the repository and the shared seeds are, from wherever the test runner starts.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>../shared beside the clone (present in CI), holding the seed releases and the hand-verified truth.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
    public static string Seeds => Path.Combine(Shared, "seeds");
    public static string Seed(string prefix) => Directory.GetFiles(Seeds, prefix + "_*.txt").Single();
    public static string Samples => Path.Combine(RepoRoot, "samples");
    /// <summary>../shared/wild/docs: real releases of other companies, byte for byte as published.</summary>
    public static string WildDocs => Path.Combine(Shared, "wild", "docs");
    /// <summary>A self-written fixture of tests/Kessan.Tests/Fixtures.</summary>
    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Kessan.Tests", "Fixtures", name);

    /// <summary>One release analysed as ingest would (read → tables → facts → proof), over a throwaway store.</summary>
    public static Kessan.Ingestion.DocumentAnalysis Analyze(Kessan.Reading.SourceDocument doc)
    {
        using var dir = new TempDir();
        using var store = new Kessan.Storage.SqliteFactStore(dir.File("t.db"));
        return new Kessan.Ingestion.Ingestor(store, Kessan.Taxonomy.TaxonomyLoader.Default).Analyze(doc);
    }

    public static Kessan.Ingestion.DocumentAnalysis Analyze(string path) => Analyze(Kessan.Reading.DocumentReader.Read(path));

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kessan.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Kessan.slnx) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh temporary folder, removed when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kessan-test-").FullName;
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
    }
}
