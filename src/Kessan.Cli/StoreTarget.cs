using Kessan.Storage;

namespace Kessan.Cli;

/// <summary>Where <c>--db</c> points: a SQLite file path, or a PostgreSQL connection string (<c>Host=…</c> or <c>postgres://…</c>).</summary>
static class StoreTarget
{
    public static string Default => Environment.GetEnvironmentVariable("KESSAN_DB") is { Length: > 0 } db ? db : "./kessan.db";

    public static bool IsPostgres(string target) =>
        target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || target.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The store for writing (a missing SQLite file is created).</summary>
    public static IFactStore Open(string target) => Open(target, create: true);

    /// <summary>The store for a read command: a missing SQLite file is a usage error (exit 2), never a new empty store.</summary>
    public static IFactStore OpenExisting(string target) => Open(target, create: false);

    static IFactStore Open(string target, bool create)
    {
        if (IsPostgres(target)) return new PostgresFactStore(target);
        try { return new SqliteFactStore(target, create); }
        catch (StoreNotFoundException e) { throw new UsageException(e.Message); }
    }
}

/// <summary>A mistake in how a command was called: exit code 2.</summary>
sealed class UsageException(string message) : Exception(message);
