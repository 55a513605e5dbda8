using System.Collections.Concurrent;
using Kessan.Storage;

namespace Kessan.Web;

/// <summary>
/// Open stores kept for reuse: a store holds one connection and is used by one request at a time. Opening a SQLite
/// store runs its pragmas and migration check, so requests rent an open one instead. A store that failed a query is
/// dropped, never returned.
/// </summary>
internal sealed class StorePool(Func<IFactStore> open, int keep = 16) : IDisposable
{
    readonly ConcurrentBag<IFactStore> _idle = new();

    public T Use<T>(Func<IFactStore, T> query)
    {
        var store = _idle.TryTake(out var s) ? s : open();
        T result;
        try { result = query(store); }
        catch
        {
            store.Dispose();
            throw;
        }
        if (_idle.Count < keep) _idle.Add(store);
        else store.Dispose();
        return result;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var s)) s.Dispose();
    }
}
