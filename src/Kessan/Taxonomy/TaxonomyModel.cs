using System.Text.RegularExpressions;
using Kessan.Periods;

namespace Kessan.Taxonomy;

/// <summary>What a concept measures; decides its unit and whether the table's scale applies.</summary>
public enum ConceptType { Monetary, PerShare, PerAds, Shares, Ads, Count, Bandwidth, Percent }

/// <summary>A line of the taxonomy: an element name, its labels, and where it adds up.</summary>
public sealed record Concept(
    string Name,
    ConceptType Type,
    string? Parent,
    int Weight,
    IReadOnlyList<string> Tables,
    Regex? Section,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Labels,
    bool IsExtension)
{
    public string PreferredLabel(string lang) =>
        Labels.TryGetValue(lang, out var l) && l.Count > 0 ? l[0]
        : Labels.Values.SelectMany(v => v).FirstOrDefault() ?? Name;
}

/// <summary>A company the taxonomy knows: how to recognise its releases and its fiscal calendar.</summary>
public sealed record Company(string Name, string Prefix, IReadOnlyList<string> Names, FiscalCalendar Calendar);

/// <summary>A business segment: the revenue line and the cost line its gross margin is earned between.</summary>
public sealed record Segment(string Name, string Revenue, string Cost);

public enum StatementKind { Income, IncomeYtd, Balance, CashFlow, Kpi }

public enum ColumnRole { Label, Value, Convenience, PercentOfTotal, ChangeYoY, ChangeQoQ, Unknown }

public sealed record PatternRule<T>(T Value, Regex Pattern);

/// <summary>
/// The phrases releases use for titles, durations, scales, units and column roles. <see cref="Exceptions"/> are the
/// kinds of row a scale caption exempts from its scale ("except per share amounts", "except share data").
/// </summary>
public sealed record Vocabulary(
    IReadOnlyList<PatternRule<StatementKind>> Statements,
    IReadOnlyList<PatternRule<Duration>> Durations,
    IReadOnlyList<PatternRule<decimal>> Scales,
    IReadOnlyList<PatternRule<string>> Units,
    IReadOnlyList<PatternRule<string>> Currencies,
    IReadOnlyList<PatternRule<ColumnRole>> Columns,
    Regex SectionClosers,
    IReadOnlyList<PatternRule<ConceptType>> RowUnits,
    IReadOnlyList<PatternRule<ConceptType>> Exceptions)
{
    /// <summary>
    /// Headings of summary-page sections whose tables are not the consolidated statements (parent-only 個別
    /// figures, dividends, forecasts): a layout that reads such a page leaves their tables out of the statements.
    /// </summary>
    public Regex? SummaryExclusions { get; init; }

    /// <summary>
    /// Section headings that put a balance-sheet line on one side ("Non-current liabilities:", "Current assets:"): a
    /// concept the taxonomy names for the other side (…Current, …Noncurrent) is not a line under them.
    /// </summary>
    public Regex? NoncurrentSections { get; init; }

    /// <inheritdoc cref="NoncurrentSections"/>
    public Regex? CurrentSections { get; init; }

    /// <summary>
    /// A sentence that declares the currency of the release's amounts, matched up to where it names the currency
    /// ("All amounts are in ", "expressed in thousands of "): the dollar a bare "$" means in that release.
    /// </summary>
    public Regex? CurrencyStatements { get; init; }

    /// <summary>
    /// Marks of an issuer whose dollar is not the U.S. one (an Australian Business Number, a TSX listing): where a
    /// release declares no currency, its bare "$" is read as that dollar, and its figures are flagged as inferred.
    /// </summary>
    public IReadOnlyList<PatternRule<string>> DollarIssuers { get; init; } = [];

    /// <summary>Labels of a price per unit ("Realized price per barrel", "$/boe"): never at a table's money scale by default.</summary>
    public Regex? UnitPrices { get; init; }

    /// <summary>Labels of a flow over a period ("Segment revenue", "売上高"): not a figure as at a day.</summary>
    public Regex? FlowLines { get; init; }

    /// <summary>Labels of a position at a day ("Total assets", "Book value per share", "純資産"): not a flow over a period.</summary>
    public Regex? PositionLines { get; init; }
}

/// <summary>A phrase a sentence uses for a concept, and the sign it gives the amount it names (0: magnitude only).</summary>
public sealed record NarrativeAlias(string Phrase, string Concept, int Sign);

/// <summary>How sentences name figures and forecasts.</summary>
public sealed record NarrativeVocabulary(
    IReadOnlyList<NarrativeAlias> Aliases,
    Regex Guidance,
    Regex Boilerplate,
    Regex Past,
    Regex Exclude,
    Regex Delta,
    Regex Loss,
    Regex Profit,
    Regex YearOverYear,
    IReadOnlyList<PatternRule<int>> RelativePeriods);

/// <summary>What explains a figure that changed between releases: a moved line, or a changed figure.</summary>
public sealed record HistoryVocabulary(Regex Reclassification, Regex Restatement);

public static class StatementKinds
{
    public static string Code(this StatementKind k) => k switch
    {
        StatementKind.Income => "income",
        StatementKind.IncomeYtd => "income_ytd",
        StatementKind.Balance => "balance",
        StatementKind.CashFlow => "cashflow",
        _ => "kpi",
    };

    public static StatementKind Parse(string code) => code switch
    {
        "income" => StatementKind.Income,
        "income_ytd" => StatementKind.IncomeYtd,
        "balance" => StatementKind.Balance,
        "cashflow" => StatementKind.CashFlow,
        "kpi" => StatementKind.Kpi,
        _ => throw new FormatException($"unknown table kind '{code}'"),
    };
}
