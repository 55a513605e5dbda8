using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kessan.Facts;
using Kessan.Proof;
using Kessan.Reading;
using Kessan.Tables;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// The per-document time budget is checked inside the layouts' and the proof's loops, not only between stages: a
/// pathological document stops within its budget, in the stage that was spending it.
/// </summary>
/// <remarks>
/// Self-calibrating, so a slow or busy machine does not decide the outcome: each test first times the stage on its
/// own, then gives it a tenth of that as a budget and requires the stop well before the stage would have finished.
/// </remarks>
public sealed class BudgetTests
{
    /// <summary>
    /// One income statement of <paramref name="rows"/> revenue lines and their total: every line is a candidate term of
    /// the total, so the layout-sum search over the run above each row grows with the square of the statement. With
    /// <paramref name="aligned"/> its columns are aligned by spaces, not tabs, which the fixed-width and whitespace
    /// layouts measure line against line.
    /// </summary>
    static SourceDocument Pathological(int rows, bool aligned = false)
    {
        var random = new Random(11);
        var sb = new StringBuilder("Pathology Inc.\n\nCONSOLIDATED STATEMENTS OF INCOME (In thousands of U.S. dollars)\n\n");
        sb.Append("\tThree Months Ended June 30, 2025\tThree Months Ended June 30, 2024\n");
        long a = 0, b = 0;
        for (int i = 0; i < rows; i++)
        {
            int x = random.Next(1, 999), y = random.Next(1, 999);
            (a, b) = (a + x, b + y);
            sb.Append(aligned ? string.Create(CultureInfo.InvariantCulture, $"Revenue item {i,-8}{x,12:N0}{y,12:N0}\n") : string.Create(CultureInfo.InvariantCulture, $"Revenue item {i}\t{x:N0}\t{y:N0}\n"));
        }
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"Total revenues\t{a:N0}\t{b:N0}\nNet income\t{a / 10:N0}\t{b / 10:N0}\n"));
        return DocumentReader.Read("pathology.txt", "pathology.txt", Encoding.UTF8.GetBytes(sb.ToString()));
    }

    static TimeSpan Time(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed;
    }

    /// <summary>Runs <paramref name="work"/> within a budget; the rejection it ends with, and when.</summary>
    static (DocumentRejectedException? Stop, TimeSpan Elapsed) Within(TimeSpan budget, Action work)
    {
        var clock = Stopwatch.StartNew();
        using var scope = DocumentBudget.Start("pathology.txt", budget);
        try { work(); }
        catch (DocumentRejectedException e) { return (e, clock.Elapsed); }
        return (null, clock.Elapsed);
    }

    [Fact]
    public void The_layouts_stop_inside_their_loops_when_the_budget_is_spent()
    {
        var pipeline = LayoutPipeline.Default(TaxonomyLoader.Default.Vocabulary);
        // A document large enough that finding its tables takes long enough to time a budget against, on a fast machine too.
        var doc = Pathological(30_000, aligned: true);
        var whole = Time(() => pipeline.FindGrids(doc));
        for (int lines = 60_000; whole <= TimeSpan.FromMilliseconds(200) && lines <= 480_000; lines *= 2)
        {
            doc = Pathological(lines, aligned: true);
            whole = Time(() => pipeline.FindGrids(doc));
        }
        Assert.True(whole > TimeSpan.FromMilliseconds(200), $"finding tables took {whole.TotalMilliseconds:0} ms: too little to time a budget against");

        var (stop, elapsed) = Within(whole / 10, () => pipeline.FindGrids(doc));
        Assert.NotNull(stop);
        Assert.Contains("while finding tables", stop.Reason);
        Assert.True(elapsed < whole / 2, $"stopped after {elapsed.TotalMilliseconds:0} ms of a {whole.TotalMilliseconds:0} ms stage with a budget of {(whole / 10).TotalMilliseconds:0} ms");
    }

    [Fact]
    public void The_proof_stops_inside_its_loops_when_the_budget_is_spent()
    {
        var doc = Pathological(8_000);
        var taxonomy = TaxonomyLoader.Default;
        var (grids, _) = LayoutPipeline.Default(taxonomy.Vocabulary).FindGrids(doc);
        var builder = new TableBuilder(taxonomy.Vocabulary, null);
        var (tables, notes) = builder.Build(doc, grids);
        var resolved = new CellResolver(taxonomy).Resolve(tables, null, notes);
        var facts = FactBuilder.Build(doc, null, builder.Calendar, resolved);
        Assert.True(facts.Count >= 16_000);
        var engine = new ProofEngine(taxonomy);
        var whole = Time(() => engine.Prove(doc, null, resolved, facts));
        Assert.True(whole > TimeSpan.FromMilliseconds(300), $"the proof took {whole.TotalMilliseconds:0} ms: too little to time a budget against");

        var (stop, elapsed) = Within(whole / 10, () => engine.Prove(doc, null, resolved, facts));
        Assert.NotNull(stop);
        Assert.Contains("while", stop.Reason);
        Assert.Contains("nothing of it was stored", stop.Reason);
        Assert.True(elapsed < whole / 2, $"stopped after {elapsed.TotalMilliseconds:0} ms of a {whole.TotalMilliseconds:0} ms proof with a budget of {(whole / 10).TotalMilliseconds:0} ms");
    }
}
