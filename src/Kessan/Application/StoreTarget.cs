using Kessan.Storage;

namespace Kessan.Application;

/// <summary>
/// Where a store lives: a SQLite file path, or a PostgreSQL connection string (<c>Host=…</c> or <c>postgres://…</c>).
/// Shared by every host (CLI, HTTP) so "which store" and "may it be created" are decided once.
/// </summary>
public static class StoreTarget
{
    /// <summary>The default target: <c>$KESSAN_DB</c>, else <c>./kessan.db</c>.</summary>
    public static string Default => Environment.GetEnvironmentVariable("KESSAN_DB") is { Length: > 0 } db ? db : "./kessan.db";

    public static bool IsPostgres(string target) =>
        target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || target.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The store for writing (a missing SQLite file is created).</summary>
    public static IFactStore Open(string target) => IsPostgres(target) ? new PostgresFactStore(target) : new SqliteFactStore(target, create: true);

    /// <summary>
    /// The store for reading: a missing SQLite file throws <see cref="StoreNotFoundException"/> (a usage mistake) and is
    /// never created, so a mistyped path cannot leave an empty store behind.
    /// </summary>
    public static IFactStore OpenExisting(string target) => IsPostgres(target) ? new PostgresFactStore(target) : new SqliteFactStore(target, create: false);
}
