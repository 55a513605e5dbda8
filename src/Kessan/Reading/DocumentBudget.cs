using System.Diagnostics;

namespace Kessan.Reading;

/// <summary>
/// The time one document may take to analyse. The stages check it in their loops (<see cref="Check"/>, a clock read) and
/// the analysis of a document over budget stops with that document's rejection; since analysis writes nothing, a stop
/// leaves nothing half-written.
/// </summary>
/// <remarks>
/// Ambient per thread: a document is analysed on one thread from start to end (<c>Ingestor.Prepare</c>), so the
/// budget reaches every loop without threading a token through the stages' signatures.
/// </remarks>
public static class DocumentBudget
{
    [ThreadStatic] static long t_deadline; // Stopwatch timestamp; 0: no budget on this thread
    [ThreadStatic] static string? t_document;
    [ThreadStatic] static double t_seconds;

    /// <summary>Starts the budget of <paramref name="document"/> on this thread until the scope is disposed.</summary>
    public static Scope Start(string document, TimeSpan budget)
    {
        var previous = (t_deadline, t_document, t_seconds);
        t_deadline = budget <= TimeSpan.Zero || budget == Timeout.InfiniteTimeSpan ? 0
            : Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        t_document = document;
        t_seconds = budget.TotalSeconds;
        return new Scope(previous);
    }

    /// <summary>Rejects the document in flight if its budget is spent; <paramref name="stage"/> says where it stopped.</summary>
    public static void Check(string stage)
    {
        if (t_deadline != 0 && Stopwatch.GetTimestamp() > t_deadline)
            throw new DocumentRejectedException(t_document ?? "document", null,
                $"analysis stopped after its time budget of {t_seconds:0.###} s (while {stage}); nothing of it was stored — " +
                $"raise the budget with --time-limit or {ReadLimits.TimeLimitVariable} if the document is genuinely this large");
    }

    /// <summary>
    /// <see cref="Check"/> every 256th call: for the inner loops of the layouts and the proof, where a clock read per
    /// step would cost more than the step. <paramref name="stage"/> should be a constant (no allocation per call).
    /// </summary>
    public static void Tick(string stage)
    {
        if (t_deadline != 0 && (++t_ticks & 255) == 0) Check(stage);
    }

    [ThreadStatic] static int t_ticks;

    /// <summary>
    /// A token cancelled when the budget is spent, for work that takes one rather than calling <see cref="Check"/>
    /// (the HTML parser); dispose the source after the work. <see cref="CancellationToken.None"/> without a budget.
    /// </summary>
    public static CancellationTokenSource? TokenSource()
    {
        if (t_deadline == 0) return null;
        var left = TimeSpan.FromSeconds((double)(t_deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
        return new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1));
    }

    public readonly struct Scope((long Deadline, string? Document, double Seconds) previous) : IDisposable
    {
        public void Dispose() => (t_deadline, t_document, t_seconds) = previous;
    }
}
