using System.Reflection;
using System.Text.RegularExpressions;
using Kessan.Periods;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Kessan.Taxonomy;

/// <summary>A taxonomy that cannot be used (a bad pattern, month or label, unreadable YAML): the message names the file and the reason.</summary>
public sealed class TaxonomyException(string message, Exception inner) : Exception(message, inner);

/// <summary>Reads the taxonomy data files (YAML): the embedded base and company files, then any extra folder.</summary>
public static class TaxonomyLoader
{
    const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    static readonly Lazy<TaxonomySet> Embedded = new(() => Load(Environment.GetEnvironmentVariable("KESSAN_TAXONOMY")));

    /// <summary>The taxonomy shipped with Kessan (base + every company file) plus the folder <c>KESSAN_TAXONOMY</c> names, loaded once.</summary>
    public static TaxonomySet Default => Embedded.Value;

    /// <summary>
    /// The shipped taxonomy plus every <c>*.yaml</c> in <paramref name="extraFolder"/>: a new company or a new
    /// phrasing is added by dropping a file there, without rebuilding Kessan.
    /// </summary>
    public static TaxonomySet Load(string? extraFolder)
    {
        try { return LoadFiles(extraFolder); }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new TaxonomyException(e is InvalidDataException ? e.Message : $"taxonomy folder {extraFolder}: {e.Message}", e);
        }
    }

    static TaxonomySet LoadFiles(string? extraFolder)
    {
        var files = new List<(string Name, string Text)>();
        var asm = typeof(TaxonomyLoader).Assembly;
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.StartsWith("Kessan.Taxonomy.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var s = asm.GetManifestResourceStream(res)!;
            files.Add((res["Kessan.Taxonomy.".Length..], new StreamReader(s).ReadToEnd()));
        }
        if (extraFolder is not null && Directory.Exists(extraFolder))
            foreach (var f in Directory.GetFiles(extraFolder, "*.yaml").Order(StringComparer.Ordinal))
                files.Add((Path.GetFileName(f), File.ReadAllText(f)));

        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var vocabularies = new List<Vocabulary>();
        var concepts = new List<(string File, Concept Concept)>();
        var companies = new List<Company>();
        var aliases = new List<NarrativeAlias>();
        var segments = new List<Segment>();
        NarrativeEntry? narrative = null;
        HistoryEntry? history = null;
        foreach (var (name, text) in files)
        {
            TaxonomyFile file;
            try { file = deserializer.Deserialize<TaxonomyFile>(text) ?? new TaxonomyFile(); }
            catch (YamlDotNet.Core.YamlException e) { throw new InvalidDataException($"taxonomy {name}: {e.Message}", e); }
            try { Load(name, file, vocabularies, concepts, companies, aliases, segments, ref narrative, ref history); }
            catch (ArgumentException e) { throw new InvalidDataException($"taxonomy {name}: {e.Message}", e); }
        }
        if (vocabularies.Count == 0 || narrative is null || history is null)
            throw new InvalidDataException("taxonomy: no file defines the vocabulary, narrative and history patterns");
        // Every file adds to the vocabulary; a later file's rules are tried first, so a company file can correct the base.
        var vocabulary = Merge(vocabularies.AsEnumerable().Reverse().ToList());
        NarrativeVocabulary narrativeVocabulary;
        HistoryVocabulary historyVocabulary;
        try
        {
            narrativeVocabulary = new NarrativeVocabulary(
                aliases,
                new Regex(narrative.Guidance!, Options),
                new Regex(narrative.Boilerplate, Options),
                new Regex(narrative.Past, Options),
                new Regex(narrative.Exclude, Options),
                new Regex(narrative.Delta, Options),
                new Regex(narrative.Loss, Options),
                new Regex(narrative.Profit, Options),
                new Regex(narrative.YearOverYear, Options),
                narrative.RelativePeriods.Select(r => new PatternRule<int>(r.Months, new Regex(r.Pattern, Options))).ToList());
            historyVocabulary = new HistoryVocabulary(new Regex(history.Reclassification, Options), new Regex(history.Restatement, Options));
        }
        catch (ArgumentException e) { throw new InvalidDataException($"taxonomy: narrative or history pattern: {e.Message}", e); }
        var merged = MergeConcepts(concepts.Select(c => c.Concept).ToList());
        CheckLabels(concepts, merged);
        return new TaxonomySet(vocabulary, narrativeVocabulary, historyVocabulary, merged, companies) { Segments = segments };
    }

    static void Load(string name, TaxonomyFile file, List<Vocabulary> vocabularies, List<(string File, Concept Concept)> concepts, List<Company> companies,
        List<NarrativeAlias> aliases, List<Segment> segments, ref NarrativeEntry? narrative, ref HistoryEntry? history)
    {
        {
            if (file.Vocabulary is { } v) vocabularies.Add(ToVocabulary(name, v));
            if (file.History is { } h) history = h;
            segments.AddRange(file.Segments.Select(x => new Segment(x.Name, x.Revenue, x.Cost)));
            if (file.Narrative is { } n)
            {
                aliases.AddRange(n.Aliases.SelectMany(a => a.Phrases.Select(p => new NarrativeAlias(p, a.Concept, a.Sign))));
                if (n.Guidance is not null) narrative = n;
            }
            string? prefix = null;
            if (file.Company is { } c)
            {
                if (c.FiscalYearEnd is < 1 or > 12)
                    throw new ArgumentException($"company '{c.Name}': fiscalYearEnd {c.FiscalYearEnd} is not a month (1–12)");
                prefix = c.Prefix;
                companies.Add(new Company(c.Name, c.Prefix, c.Names,
                    new FiscalCalendar(c.FiscalYearEnd, string.Equals(c.FiscalYearNamedBy, "start", StringComparison.OrdinalIgnoreCase))));
            }
            foreach (var e in file.Concepts) concepts.Add((name, ToConcept(e, prefix is not null)));
        }
    }

    static Vocabulary Merge(List<Vocabulary> all) => new(
        [.. all.SelectMany(v => v.Statements)],
        [.. all.SelectMany(v => v.Durations)],
        [.. all.SelectMany(v => v.Scales)],
        [.. all.SelectMany(v => v.Units)],
        [.. all.SelectMany(v => v.Currencies)],
        [.. all.SelectMany(v => v.Columns)],
        new Regex(string.Join('|', all.Select(v => $"(?:{v.SectionClosers})")), Options),
        [.. all.SelectMany(v => v.RowUnits)],
        [.. all.SelectMany(v => v.Exceptions)])
    {
        SummaryExclusions = Either(all.Select(v => v.SummaryExclusions)),
        NoncurrentSections = Either(all.Select(v => v.NoncurrentSections)),
        CurrentSections = Either(all.Select(v => v.CurrentSections)),
        CurrencyStatements = Either(all.Select(v => v.CurrencyStatements)),
        DollarIssuers = [.. all.SelectMany(v => v.DollarIssuers)],
        UnitPrices = Either(all.Select(v => v.UnitPrices)),
        FlowLines = Either(all.Select(v => v.FlowLines)),
        PositionLines = Either(all.Select(v => v.PositionLines)),
    };

    /// <summary>One pattern matching what any file's pattern matches (null when no file gives one).</summary>
    static Regex? Either(IEnumerable<Regex?> patterns) =>
        patterns.OfType<Regex>().Select(p => p.ToString()).ToList() is { Count: > 0 } x
            ? new Regex(string.Join('|', x.Select(p => $"(?:{p})")), Options) : null;

    /// <summary>
    /// A label maps to one concept. Two concepts may share a label only where resolution tells them apart: by type
    /// ("Basic" per share and "Basic" shares), by disjoint tables ("Net income" in a statement of operations and in a
    /// cash-flow statement), by distinct sections ("Other" under operating and under investing activities), or because
    /// one is a company's own line (a company file may correct the shared files). One file may also give a label a
    /// table-specific meaning over its own general one; across files that is an error, so a second file can never
    /// send the Japanese twin of a line ("売上原価") to another concept than its English label. The error names both
    /// files, both concepts and the label.
    /// </summary>
    static void CheckLabels(List<(string File, Concept Concept)> raw, List<Concept> merged)
    {
        var byName = merged.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var byKey = new Dictionary<string, List<(string File, Concept Concept, string Label)>>(StringComparer.Ordinal);
        foreach (var (file, c) in raw)
        {
            if (c.IsExtension) continue;
            var concept = byName[c.Name];
            foreach (var label in c.Labels.Values.SelectMany(l => l))
            {
                var key = TaxonomySet.LabelKey(label);
                if (key.Length == 0) continue;
                if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
                if (list.Any(x => x.Concept.Name == concept.Name)) continue; // the same line, named again (by any file)
                foreach (var (otherFile, other, otherLabel) in list)
                {
                    if (other.Name == concept.Name || other.Type != concept.Type) continue;
                    string? sa = concept.Section?.ToString(), sb = other.Section?.ToString();
                    bool sameFile = otherFile == file;
                    bool tablesMeet = sameFile
                        ? (concept.Tables.Count == 0) == (other.Tables.Count == 0) && (concept.Tables.Count == 0 || concept.Tables.Intersect(other.Tables).Any())
                        : concept.Tables.Count == 0 || other.Tables.Count == 0 || concept.Tables.Intersect(other.Tables).Any();
                    bool sectionsMeet = sameFile ? sa == sb : sa == sb || sa is null || sb is null;
                    if (tablesMeet && sectionsMeet)
                        throw new InvalidDataException(
                            $"taxonomy: label '{label}' maps to two concepts: {other.Name} ('{otherLabel}', {otherFile}) and {concept.Name} ({file}); a label names one line");
                }
                list.Add((file, concept, label));
            }
        }
    }

    /// <summary>
    /// A concept named by two files is one concept: the first definition keeps its type, parent, weight and section;
    /// the later one adds labels (and tables), so a file of Japanese summary phrasings can extend a base line.
    /// </summary>
    static List<Concept> MergeConcepts(List<Concept> concepts)
    {
        var merged = new List<Concept>(concepts.Count);
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in concepts)
        {
            if (!at.TryGetValue(c.Name, out var i)) { at[c.Name] = merged.Count; merged.Add(c); continue; }
            var first = merged[i];
            var labels = first.Labels.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
            foreach (var (lang, list) in c.Labels)
            {
                if (!labels.TryGetValue(lang, out var mine)) labels[lang] = mine = [];
                mine.AddRange(list.Where(l => !mine.Contains(l)));
            }
            merged[i] = first with
            {
                Labels = labels.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
                Tables = first.Tables.Count == 0 || c.Tables.Count == 0 ? first.Tables : first.Tables.Union(c.Tables).ToList(),
                Parent = first.Parent ?? c.Parent,
                Weight = first.Parent is null && c.Parent is not null ? c.Weight : first.Weight,
            };
        }
        return merged;
    }

    static Concept ToConcept(ConceptEntry e, bool isCompanyFile) => new(
        e.Name,
        ParseType(e.Type),
        e.Parent,
        e.Weight,
        e.Tables,
        e.Section is null ? null : new Regex(e.Section, Options),
        e.Labels.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
        isCompanyFile);

    static ConceptType ParseType(string? t) => t?.ToLowerInvariant() switch
    {
        null or "monetary" => ConceptType.Monetary,
        "pershare" => ConceptType.PerShare,
        "perads" => ConceptType.PerAds,
        "shares" => ConceptType.Shares,
        "ads" => ConceptType.Ads,
        "count" => ConceptType.Count,
        "bandwidth" => ConceptType.Bandwidth,
        "percent" => ConceptType.Percent,
        _ => throw new InvalidDataException($"taxonomy: unknown concept type '{t}'"),
    };

    static Vocabulary ToVocabulary(string file, VocabularyEntry v) => new(
        v.Statements.Select(r => new PatternRule<StatementKind>(StatementKinds.Parse(r.Kind!), Pattern(r))).ToList(),
        v.Durations.Select(r => new PatternRule<Duration>(ToDuration(r), Pattern(r))).ToList(),
        v.Scales.Select(r => new PatternRule<decimal>(r.Factor > 0 ? r.Factor : throw new ArgumentException($"scale '{r.Pattern}': factor {r.Factor} is not positive"), Pattern(r))).ToList(),
        v.Units.Select(r => new PatternRule<string>(r.Unit!, Pattern(r))).ToList(),
        v.Currencies.Select(r => new PatternRule<string>(r.Unit!, Pattern(r))).ToList(),
        v.Columns.Select(r => new PatternRule<ColumnRole>(ParseRole(r.Role!), Pattern(r))).ToList(),
        new Regex(v.SectionClosers, Options),
        v.RowUnits.Select(r => new PatternRule<ConceptType>(ParseType(r.Type), Pattern(r))).ToList(),
        v.Exceptions.Select(r => new PatternRule<ConceptType>(ParseType(r.Type), Pattern(r))).ToList())
    {
        SummaryExclusions = v.SummaryExclusions is null ? null : Pattern(new RuleEntry { Pattern = v.SummaryExclusions }),
        NoncurrentSections = v.NoncurrentSections is null ? null : Pattern(new RuleEntry { Pattern = v.NoncurrentSections }),
        CurrentSections = v.CurrentSections is null ? null : Pattern(new RuleEntry { Pattern = v.CurrentSections }),
        CurrencyStatements = v.CurrencyStatements is null ? null : Pattern(new RuleEntry { Pattern = v.CurrencyStatements }),
        DollarIssuers = v.DollarIssuers.Select(r => new PatternRule<string>(
            r.Unit is { Length: 3 } code && code.All(char.IsAsciiLetterUpper) ? code : throw new ArgumentException($"dollarIssuers '{r.Pattern}': '{r.Unit}' is not an ISO 4217 code"),
            Pattern(r))).ToList(),
        UnitPrices = v.UnitPrices is null ? null : Pattern(new RuleEntry { Pattern = v.UnitPrices }),
        FlowLines = v.FlowLines is null ? null : Pattern(new RuleEntry { Pattern = v.FlowLines }),
        PositionLines = v.PositionLines is null ? null : Pattern(new RuleEntry { Pattern = v.PositionLines }),
    };

    static Regex Pattern(RuleEntry r)
    {
        try { return new Regex(r.Pattern, Options); }
        catch (ArgumentException e) { throw new ArgumentException($"bad pattern '{r.Pattern}': {e.Message}", e); }
    }

    static Duration ToDuration(RuleEntry r) => r switch
    {
        { Weeks: > 0 and <= 53 } => new Duration.Weeks(r.Weeks),
        { Span: "ytd" } => new Duration.YearToDate(),
        { Span: "half" } => new Duration.Half(1),
        { Months: > 0 and <= 24 } => new Duration.Months(r.Months),
        _ => throw new ArgumentException($"duration '{r.Pattern}': months {r.Months} / weeks {r.Weeks} / span '{r.Span}' is not a duration (months 1–24, weeks 1–53, span ytd|half)"),
    };

    static ColumnRole ParseRole(string role) => role switch
    {
        "convenience" => ColumnRole.Convenience,
        "yoy" => ColumnRole.ChangeYoY,
        "qoq" => ColumnRole.ChangeQoQ,
        "percent" => ColumnRole.PercentOfTotal,
        "value" => ColumnRole.Value,
        "ignore" => ColumnRole.Unknown,
        _ => throw new InvalidDataException($"taxonomy: unknown column role '{role}'"),
    };

    // Shapes of the YAML files; public setters only for the deserializer.
    sealed class TaxonomyFile
    {
        public VocabularyEntry? Vocabulary { get; set; }
        public NarrativeEntry? Narrative { get; set; }
        public HistoryEntry? History { get; set; }
        public List<SegmentEntry> Segments { get; set; } = [];
        public CompanyEntry? Company { get; set; }
        public List<ConceptEntry> Concepts { get; set; } = [];
    }

    sealed class CompanyEntry
    {
        public string Name { get; set; } = "";
        public string Prefix { get; set; } = "";
        public List<string> Names { get; set; } = [];
        public int FiscalYearEnd { get; set; } = 12;
        public string FiscalYearNamedBy { get; set; } = "end";
    }

    sealed class ConceptEntry
    {
        public string Name { get; set; } = "";
        public string? Type { get; set; }
        public string? Parent { get; set; }
        public int Weight { get; set; } = 1;
        public List<string> Tables { get; set; } = [];
        public string? Section { get; set; }
        public Dictionary<string, List<string>> Labels { get; set; } = [];
    }

    sealed class VocabularyEntry
    {
        public List<RuleEntry> Statements { get; set; } = [];
        public List<RuleEntry> Durations { get; set; } = [];
        public List<RuleEntry> Scales { get; set; } = [];
        public List<RuleEntry> Units { get; set; } = [];
        public List<RuleEntry> Currencies { get; set; } = [];
        public List<RuleEntry> Columns { get; set; } = [];
        public string SectionClosers { get; set; } = "^total";
        public List<RuleEntry> RowUnits { get; set; } = [];
        public List<RuleEntry> Exceptions { get; set; } = [];
        public string? SummaryExclusions { get; set; }
        public string? NoncurrentSections { get; set; }
        public string? CurrentSections { get; set; }
        public string? CurrencyStatements { get; set; }
        public List<RuleEntry> DollarIssuers { get; set; } = [];
        public string? UnitPrices { get; set; }
        public string? FlowLines { get; set; }
        public string? PositionLines { get; set; }
    }

    sealed class SegmentEntry
    {
        public string Name { get; set; } = "";
        public string Revenue { get; set; } = "";
        public string Cost { get; set; } = "";
    }

    sealed class HistoryEntry
    {
        public string Reclassification { get; set; } = "reclassif";
        public string Restatement { get; set; } = "restat";
    }

    sealed class NarrativeEntry
    {
        public List<AliasEntry> Aliases { get; set; } = [];
        public string? Guidance { get; set; }
        public string Boilerplate { get; set; } = "forward-looking";
        public string Past { get; set; } = "exceeded";
        public string Exclude { get; set; } = "consensus";
        public string Delta { get; set; } = "increase of";
        public string Loss { get; set; } = "loss of";
        public string Profit { get; set; } = "profit of";
        public string YearOverYear { get; set; } = "year-over-year";
        public List<RuleEntry> RelativePeriods { get; set; } = [];
    }

    sealed class AliasEntry
    {
        public string Concept { get; set; } = "";
        public int Sign { get; set; }
        public List<string> Phrases { get; set; } = [];
    }

    sealed class RuleEntry
    {
        public string? Kind { get; set; }
        public int Months { get; set; }
        public int Weeks { get; set; }
        public string? Span { get; set; }
        public decimal Factor { get; set; }
        public string? Unit { get; set; }
        public string? Role { get; set; }
        public string? Type { get; set; }
        public string Pattern { get; set; } = "";
    }
}
