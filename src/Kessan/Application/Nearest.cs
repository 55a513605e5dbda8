using FuzzySharp;
using Kessan.Storage;

namespace Kessan.Application;

/// <summary>The nearest known names to a mistyped one (FuzzySharp's weighted ratio), and the nearest periods to a label or date.</summary>
static class Nearest
{
    const int MinScore = 60, Count = 5;

    public static IReadOnlyList<string> Names(string query, IEnumerable<string> known)
    {
        var choices = known.Distinct(StringComparer.Ordinal).ToList();
        if (choices.Count == 0) return [];
        // Case-insensitive: "us-gaap:revenues" is nearest to "us-gaap:Revenues".
        return Process.ExtractTop(query, choices, s => s.ToLowerInvariant(), limit: Count)
            .Where(r => r.Score >= MinScore).Select(r => r.Value).ToList();
    }

    /// <summary>A date is nearest to the stored period ends closest in days; a label to the most similar fiscal labels.</summary>
    public static IReadOnlyList<string> Periods(string query, IReadOnlyList<StoredPeriod> periods)
    {
        if (KessanQueries.Iso(query) is { } date)
            return periods.Select(p => p.End).Distinct().OrderBy(e => Math.Abs(e.DayNumber - date.DayNumber)).Take(Count)
                .Select(e => e.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return Names(query, periods.Select(p => p.FiscalPeriod).Where(f => f.Length > 0));
    }
}
