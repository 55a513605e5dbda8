using Kessan.Ingestion;
using Kessan.Storage;
using Kessan.Taxonomy;
using Npgsql;

namespace Kessan.Tests;

/// <summary>
/// A batch is written as one unit first (one bulk insert per table); when the store refuses a row, the batch is
/// written again a document at a time: the document at fault is rejected alone and the others are stored whole.
/// </summary>
public sealed class StoreBatchFailureTests : IDisposable
{
    readonly TestPaths.TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Backends => new() { "sqlite", "postgres" };

    const string Refused = "refused-by-the-store";

    [Theory, MemberData(nameof(Backends))]
    public void A_document_the_store_refuses_is_rejected_alone_and_the_rest_of_its_batch_is_stored(string backend)
    {
        var target = backend == "postgres" ? PostgresServer.NewDatabase() : _dir.File("batch.db");
        using (var created = Open(target)) { }
        RefuseRowsPrinted(target, Refused);

        var files = Ingestor.Expand([Corpus.Copies(_dir.File("corpus"), 3)]).ToList();
        using var store = Open(target);
        var ingestor = new Ingestor(store, TaxonomyLoader.Default);
        var pending = files.Select(f => ingestor.Prepare(f, new HashSet<string>()).Pending!).ToList();
        // The middle document's last fact carries a value the store's trigger refuses (as a store refuses a row it cannot hold).
        var bad = pending[1] with { Facts = [.. pending[1].Facts.SkipLast(1), pending[1].Facts[^1] with { Printed = Refused }] };

        var results = store.SaveBatch([pending[0], bad, pending[2]]);

        Assert.Equal([StoreOutcome.Added, StoreOutcome.Failed, StoreOutcome.Added], results.Select(r => r.Outcome));
        Assert.Contains(bad.Doc.Name, results[1].Error);
        Assert.Contains("refused", results[1].Error);
        Assert.Equal(new[] { pending[0].Doc.Sha256, pending[2].Doc.Sha256 }.Order(), store.Documents().Select(d => d.Sha256).Order());
        Assert.Empty(store.Facts(new FactQuery { DocSha256 = bad.Doc.Sha256 }));
        Assert.Equal(pending[0].Facts.Count + pending[2].Facts.Count, store.Facts(new FactQuery()).Count());
        Assert.Equal(pending[0].Doc.Lines.Count, store.DocumentLines(pending[0].Doc.Sha256, 1, 0).LineCount);
        Assert.Equal(0, store.DocumentLines(bad.Doc.Sha256, 1, 0).LineCount);

        // The refused document, once fixed, is stored on the next attempt.
        Assert.Equal(StoreOutcome.Added, store.SaveBatch([pending[1]])[0].Outcome);
        Assert.Equal(3, store.Documents().Count);
    }

    static IFactStore Open(string target) =>
        target.StartsWith("Host=", StringComparison.Ordinal) ? new PostgresFactStore(target) : new SqliteFactStore(target);

    /// <summary>A trigger that fails any fact row printed as <paramref name="printed"/>.</summary>
    static void RefuseRowsPrinted(string target, string printed)
    {
        if (target.StartsWith("Host=", StringComparison.Ordinal))
        {
            using var c = new NpgsqlConnection(target);
            c.Open();
            using var cmd = new NpgsqlCommand($"""
                CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.printed = '{printed}' THEN RAISE EXCEPTION 'row refused'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER refuse_row BEFORE INSERT ON facts FOR EACH ROW EXECUTE FUNCTION refuse_row();
                """, c);
            cmd.ExecuteNonQuery();
            return;
        }
        using var s = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Pooling=False");
        s.Open();
        using var q = s.CreateCommand();
        q.CommandText = $"CREATE TRIGGER refuse_row BEFORE INSERT ON facts WHEN NEW.printed = '{printed}' BEGIN SELECT RAISE(ABORT, 'row refused'); END;";
        q.ExecuteNonQuery();
    }
}
