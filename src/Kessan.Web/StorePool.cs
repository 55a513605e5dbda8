using System.Collections.Concurrent;
using Kessan.Storage;

namespace Kessan.Web;

/// <summary>
/// Open stores kept for reuse: a store holds one connection and is used by one request at a time. Opening a SQLite
/// store runs its pragmas and migration check, so requests rent an open one instead. A store that failed a query is
/// dropped, never returned. At most <c>limit</c> stores are open at once: each SQLite connection keeps its own page
/// cache, and under a burst an unbounded pool opened one per waiting request (7 GB over a 1 M-fact store) while the two
/// cores could answer only a few at a time; a request beyond the limit waits for a store to come back.
/// </summary>
internal sealed class StorePool(Func<IFactStore> open, int limit) : IDisposable
{
    readonly ConcurrentBag<IFactStore> _idle = new();
    readonly SemaphoreSlim _open = new(limit, limit);

    /// <summary>Stores open at most at once: a few per core (SQLite answers on the calling thread).</summary>
    public static int DefaultLimit => Math.Max(4, Environment.ProcessorCount * 4);

    public T Use<T>(Func<IFactStore, T> query)
    {
        _open.Wait();
        try
        {
            var store = _idle.TryTake(out var s) ? s : open();
            T result;
            try { result = query(store); }
            catch
            {
                store.Dispose();
                throw;
            }
            _idle.Add(store);
            return result;
        }
        finally { _open.Release(); }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var s)) s.Dispose();
        _open.Dispose();
    }
}
