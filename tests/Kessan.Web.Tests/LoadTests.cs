using System.Net;
using Kessan.Application;

namespace Kessan.Web.Tests;

/// <summary>What a burst does to the server: bounded open stores, and every request answered or told to come back.</summary>
[Collection("store")]
public sealed class LoadTests(StoreFixture store)
{
    [Fact]
    public async Task The_store_pool_never_opens_more_stores_than_its_limit()
    {
        int open = 0, opened = 0, busy = 0, mostBusy = 0;
        using var pool = new StorePool(() =>
        {
            Interlocked.Increment(ref opened);
            Interlocked.Increment(ref open);
            return StoreTarget.OpenExisting(store.Db);
        }, limit: 3);
        var work = Enumerable.Range(0, 24).Select(_ => Task.Run(() => pool.Use(s =>
        {
            int now = Interlocked.Increment(ref busy);
            int seen;
            while ((seen = Volatile.Read(ref mostBusy)) < now && Interlocked.CompareExchange(ref mostBusy, now, seen) != seen) { }
            var generation = s.Generation();
            Thread.Sleep(20);
            Interlocked.Decrement(ref busy);
            return generation;
        })));
        var generations = await Task.WhenAll(work);
        Assert.Equal(24, generations.Length);
        Assert.Single(generations.Distinct());
        Assert.True(opened <= 3, $"{opened} stores opened for a limit of 3");
        Assert.True(mostBusy <= 3, $"{mostBusy} stores in use at once for a limit of 3");
        Assert.True(mostBusy >= 2, "the pool let only one request at a time through");
    }

    [Fact]
    public async Task A_burst_larger_than_the_servers_limits_is_answered_or_refused_with_503_never_500()
    {
        // The per-client rate limit out of the way: this is about the server's own capacity.
        using var factory = store.Factory(new() { [KessanWeb.RateLimitKey] = "1000000" });
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        int burst = KessanWeb.InFlightLimit + KessanWeb.InFlightQueue + 200;
        var responses = await Task.WhenAll(Enumerable.Range(0, burst).Select(i =>
            client.GetAsync(i % 2 == 0 ? "/api/facts?limit=50&offset=" + (i * 7) : "/api/findings?limit=20")));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"status {(int)s}"));
        Assert.Contains(HttpStatusCode.OK, statuses);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).Take(3))
        {
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        }
    }
}
