using System.Globalization;

namespace Kessan.Reading;

/// <summary>
/// The bounds on the work one document may cost: its size (checked before a byte is read) and the time its analysis
/// may take. Defaults: 50 MB and 60 s; the environment (<see cref="MaxSizeVariable"/>, <see cref="TimeLimitVariable"/>)
/// and the ingest command's options override them.
/// </summary>
public sealed record ReadLimits(long MaxBytes, TimeSpan TimeLimit)
{
    public const long DefaultMaxBytes = 50L * 1024 * 1024;
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>Largest document in megabytes (MiB), e.g. <c>KESSAN_MAX_DOCUMENT_MB=200</c>.</summary>
    public const string MaxSizeVariable = "KESSAN_MAX_DOCUMENT_MB";

    /// <summary>Time budget per document in seconds, e.g. <c>KESSAN_DOCUMENT_SECONDS=300</c>; 0 means none.</summary>
    public const string TimeLimitVariable = "KESSAN_DOCUMENT_SECONDS";

    public static ReadLimits Default { get; } = new(DefaultMaxBytes, DefaultTimeLimit);

    /// <summary>The defaults as the environment overrides them; an unreadable value is a usage error, not ignored.</summary>
    public static ReadLimits FromEnvironment()
    {
        var limits = Default;
        if (Environment.GetEnvironmentVariable(MaxSizeVariable) is { Length: > 0 } mb)
            limits = limits with { MaxBytes = ParseMegabytes(mb, MaxSizeVariable) };
        if (Environment.GetEnvironmentVariable(TimeLimitVariable) is { Length: > 0 } s)
            limits = limits with { TimeLimit = ParseSeconds(s, TimeLimitVariable) };
        return limits;
    }

    public static long ParseMegabytes(string text, string what) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mb) && mb > 0 && mb <= 1024 * 1024
            ? (long)(mb * 1024 * 1024)
            : throw new ArgumentException($"{what}: '{text}' is not a size in megabytes (a positive number)");

    public static TimeSpan ParseSeconds(string text, string what) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= 86400 * 365
            ? (s == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds((double)s))
            : throw new ArgumentException($"{what}: '{text}' is not a number of seconds (0 for no limit)");

    public string Describe(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
