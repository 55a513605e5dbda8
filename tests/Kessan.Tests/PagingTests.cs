using Kessan.Proof;
using Kessan.Storage;

namespace Kessan.Tests;

/// <summary>
/// A page of facts or findings read by the store is the listing sliced, for every filter, every offset around the
/// documents' boundaries and past the end, in both backends; totals are the listings' lengths.
/// </summary>
public sealed class PagingTests(BothBackendsFixture both) : IClassFixture<BothBackendsFixture>
{
    public static TheoryData<string> Backends => new() { "sqlite", "postgres" };

    IFactStore Open(string backend) => both.Open(backend == "postgres" ? both.PostgresTarget : both.SqlitePath);

    static string Key(Finding f) => $"{f.Doc}|{f.Line}|{f.Rule}|{f.Severity}|{f.Concept}|{f.PeriodEnd}|{f.Expected}|{f.Found}|{f.Message}";

    /// <summary>Offsets worth trying over a listing: the ends, each document's first and last row, and past the end.</summary>
    static IEnumerable<long> Offsets(IEnumerable<string> docOfRow, int count)
    {
        var set = new SortedSet<long> { 0, 1, 2, count - 1, count, count + 1, count + 1000 };
        string? previous = null;
        int i = 0;
        foreach (var doc in docOfRow)
        {
            if (doc != previous) { set.Add(i - 1); set.Add(i); set.Add(i + 1); }
            previous = doc;
            i++;
        }
        return set.Where(o => o >= 0);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_page_of_facts_is_the_listing_sliced_whatever_the_filter_and_offset(string backend)
    {
        using var store = Open(backend);
        var docs = store.Documents();
        var someDoc = docs.First(d => d.FactCount > 100);
        var anyFact = store.Facts(new FactQuery(Doc: someDoc.Name)).First(f => f.PeriodStart is not null);
        FactQuery[] filters =
        [
            new(),
            new(AllVersions: true),
            new(Doc: someDoc.Name),
            new() { DocSha256 = someDoc.Sha256 },
            new() { Company = someDoc.Meta.Company },
            new(Concept: "us-gaap:Revenues"),
            new(Concept: "us-gaap:Revenues") { Company = someDoc.Meta.Company },
            new(Concepts: ["us-gaap:Revenues", "us-gaap:Assets"]),
            new(Period: anyFact.FiscalPeriod),
            new(Period: anyFact.PeriodEnd.ToString("yyyy-MM-dd")),
            new() { Status = "flagged" },
            new() { Unit = "USD" },
            new() { Table = "balance" },
            new() { Status = "repaired" },
            new() { Table = "balance", Unit = "USD", Status = "ok" },
            new(Period: anyFact.FiscalPeriod) { Table = anyFact.Table, Company = someDoc.Meta.Company },
            new(AllVersions: true) { Status = "flagged" },
            new(Concept: "us-gaap:Revenues") { Table = "income", Unit = "JPY" },
            new(Concept: "no:SuchConcept"),
        ];
        foreach (var filter in filters)
        {
            var all = store.Facts(filter).ToList();
            Assert.Equal(all.Count, store.CountFacts(filter));
            foreach (var offset in Offsets(all.Select(f => f.DocSha256), all.Count))
                foreach (var limit in new[] { 1, 7, 50 })
                    Assert.True(all.Skip((int)Math.Min(offset, int.MaxValue)).Take(limit).SequenceEqual(store.Facts(filter with { Offset = offset, Limit = limit })),
                        $"{filter} offset {offset} limit {limit}");
            // Walking the pages gives the listing back, row for row.
            var walked = new List<Facts.Fact>();
            for (long offset = 0; ; offset += 211)
            {
                var page = store.Facts(filter with { Offset = offset, Limit = 211 }).ToList();
                walked.AddRange(page);
                if (page.Count < 211) break;
            }
            Assert.Equal(all, walked);
        }
        Assert.True(store.Facts(new FactQuery()).Count() > 4000);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_page_of_findings_is_the_listing_sliced_whatever_the_filter_and_offset(string backend)
    {
        using var store = Open(backend);
        var every = store.Findings().ToList();
        Assert.True(every.Count > 100, $"{every.Count} findings");
        var doc = every.GroupBy(g => g.Doc).MaxBy(g => g.Count())!.Key;
        var rule = every.GroupBy(g => g.Rule).MaxBy(g => g.Count())!.Key;
        FindingQuery[] filters = [new(), new(Doc: doc), new(Rule: rule), new(Severity: "error"), new(Rule: rule, Severity: "warning"),
            new(Doc: doc, Rule: rule, Severity: "warning"), new(Rule: "no-such-rule")];
        foreach (var filter in filters)
        {
            var all = store.Findings(filter).Select(Key).ToList();
            Assert.Equal(every.Where(g => (filter.Doc is null || g.Doc == filter.Doc) && (filter.Rule is null || g.Rule == filter.Rule)
                && (filter.Severity is null || g.Severity.Code() == filter.Severity)).Select(Key), all);
            Assert.Equal(all.Count, store.CountFindings(filter));
            foreach (var offset in new long[] { 0, 1, 13, all.Count / 3, all.Count / 2, all.Count - 1, all.Count, all.Count + 5 }.Where(o => o >= 0))
                foreach (var limit in new[] { 1, 50 })
                    Assert.Equal(all.Skip((int)offset).Take(limit), store.Findings(filter with { Offset = offset, Limit = limit }).Select(Key));
        }
    }
}
