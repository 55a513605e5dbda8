using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;
using Xunit.Abstractions;

namespace Kessan.Tests;

public sealed class DebugDump(ITestOutputHelper output)
{
    [Fact(Skip = "debug aid: DUMP_FILE=path dotnet test --filter DebugDump")]
    public void Dump()
    {
        var path = Environment.GetEnvironmentVariable("DUMP_FILE")!;
        var doc = DocumentReader.Read(path);
        var tax = TaxonomyLoader.Default;
        foreach (var g in new WhitespaceTableLayout(tax.Vocabulary).FindGrids(doc))
        {
            output.WriteLine("--- grid");
            foreach (var r in g.Rows) output.WriteLine($"{r.Line}: {string.Join(" | ", r.Cells)}");
        }
    }
}
