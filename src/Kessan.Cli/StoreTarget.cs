using Kessan.Storage;

namespace Kessan.Cli;

/// <summary>Where <c>--db</c> points: a SQLite file path, or a PostgreSQL connection string.</summary>
static class StoreTarget
{
    public static string Default => Environment.GetEnvironmentVariable("KESSAN_DB") is { Length: > 0 } db ? db : "./kessan.db";

    public static bool IsPostgres(string target) =>
        target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || target.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static IFactStore Open(string target)
    {
        if (IsPostgres(target))
            throw new UsageException("a PostgreSQL --db is not supported by this build yet; use a SQLite file path");
        return new SqliteFactStore(target);
    }
}

/// <summary>A mistake in how a command was called: exit code 2.</summary>
sealed class UsageException(string message) : Exception(message);
