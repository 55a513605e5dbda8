using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kessan.Cli.Bench;

/// <summary>
/// Synthetic quarterly releases for the benchmark: many companies, JPY and USD, thousands and millions, fiscal
/// quarters ending in any month, two layouts Kessan reads (EDGAR-style ruled text and tab-separated), prose of varied
/// length. Statements are consistent (every subtotal is the sum of its lines, assets = liabilities + equity) except
/// where a defect is planted on purpose. Every fact and defect goes to truth.jsonl, every company to a taxonomy file in
/// DIR/taxonomy. Deterministic for a seed.
/// A company's figures for a period are a function of the company and the period, so a release's comparative column
/// prints what the company's earlier release reported for that period, as real releases do; in one release of about
/// forty the prior-year income column is reclassified (an amount moved between two expense lines, totals unchanged),
/// recorded in truth.jsonl as a planted restatement. Without that, every comparative would differ from its first report
/// and every figure would be a "restatement".
/// </summary>
public sealed class ReleaseGenerator(int seed)
{
    static readonly string[] Syllables = ["ka", "mi", "to", "ra", "no", "shi", "be", "lor", "van", "tek", "dyn", "gre", "sol", "mar", "quin", "zel"];
    static readonly string[] Kinds = ["Holdings", "Systems", "Networks", "Industries", "Electronics", "Logistics", "Foods", "Materials"];
    static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    static readonly string[] Short = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    static readonly string[] Filler =
    [
        "Management continued to invest in the product line and in the service organisation during the quarter.",
        "Customers in the industrial segment placed larger orders, while the consumer segment remained soft.",
        "The company completed the integration of its regional sales offices and simplified its reporting structure.",
        "Demand for maintenance contracts grew steadily, supported by a larger installed base.",
        "The board reviewed the capital allocation policy and kept the current approach unchanged.",
        "Supply conditions improved over the period and lead times returned to their usual range.",
    ];

    sealed record Line(string Label, decimal? This, decimal? That, bool Total = false, bool Header = false);

    /// <summary>Writes <paramref name="count"/> releases and truth.jsonl into <paramref name="dir"/>; returns the facts written.</summary>
    public long Generate(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        var random = new Random(seed);
        int companies = Math.Max(1, count / 8);
        long facts = 0;
        using var truth = new StreamWriter(Path.Combine(dir, "truth.jsonl"), false, new UTF8Encoding(false));
        // Each company a taxonomy file of its own (name, prefix, fiscal year end), so Kessan knows whose release it reads
        // and asks history questions within one company: KESSAN_TAXONOMY=DIR/taxonomy (bench run loads it itself).
        var taxonomy = Path.Combine(dir, "taxonomy");
        Directory.CreateDirectory(taxonomy);
        var described = new HashSet<int>();
        var names = UniqueNames(companies);
        for (int i = 0; i < count; i++)
        {
            int company = random.Next(companies);
            var rc = new Random(seed * 7919 + company);
            Name(rc); // the company's random stream as before; its name is the unique one
            var name = names[company];
            bool yen = rc.Next(3) == 0;
            int fiscalEndMonth = new[] { 3, 6, 9, 12 }[rc.Next(4)];
            if (described.Add(company))
                File.WriteAllText(Path.Combine(taxonomy, $"gen{company:D5}.yaml"),
                    $"company:\n  name: {name}\n  prefix: gen{company:D5}\n  names: [{name}]\n  fiscalYearEnd: {fiscalEndMonth}\n", new UTF8Encoding(false));
            bool ruled = rc.Next(2) == 0;
            int scale = yen ? (rc.Next(2) == 0 ? 1000 : 1_000_000) : 1000;
            var quarterEnd = QuarterEnd(random, fiscalEndMonth);
            var file = $"{i:D6}_{Slug(name)}_{quarterEnd:yyyyMM}.txt";
            // Each company's size is its own (its figures for a period are drawn from the company and the period alone).
            decimal size = Math.Max((decimal)Math.Pow(10, 3 + rc.NextDouble() * 3) * (scale == 1000 ? 1 : 0.001m), 50);
            facts += Write(random, Path.Combine(dir, file), file, company, name, yen ? "JPY" : "USD", scale, size, quarterEnd, fiscalEndMonth, ruled, truth);
        }
        return facts;
    }

    /// <summary>
    /// One name per company, no two alike (two companies of one name would be one company to Kessan, each restating
    /// the other's figures): a drawn name already taken gets syllables added to its first word until it is free.
    /// </summary>
    string[] UniqueNames(int companies)
    {
        var names = new string[companies];
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int k = 0; k < companies; k++)
        {
            var drawn = Name(new Random(seed * 7919 + k));
            var name = drawn;
            // Unique in full and in its first word (the file names' slug, and what a reader sees first).
            for (int extra = 0; taken.Contains(name) || taken.Contains(Slug(name) + "#"); extra++)
            {
                var words = drawn.Split(' ');
                words[0] += Syllables[extra % Syllables.Length] + (extra >= Syllables.Length ? Syllables[extra / Syllables.Length % Syllables.Length] : "")
                    + (extra >= Syllables.Length * Syllables.Length ? (extra / (Syllables.Length * Syllables.Length)).ToString(CultureInfo.InvariantCulture) : "");
                name = string.Join(' ', words);
            }
            taken.Add(name);
            taken.Add(Slug(name) + "#");
            names[k] = name;
        }
        return names;
    }

    static string Name(Random r)
    {
        var s = string.Concat(Enumerable.Range(0, 2 + r.Next(2)).Select(_ => Syllables[r.Next(Syllables.Length)]));
        return char.ToUpperInvariant(s[0]) + s[1..] + " " + Kinds[r.Next(Kinds.Length)] + " Corporation";
    }

    static string Slug(string name) => name.Split(' ')[0].ToLowerInvariant();

    static DateOnly QuarterEnd(Random r, int fiscalEndMonth)
    {
        int year = 2000 + r.Next(25);
        int month = (fiscalEndMonth + 3 * r.Next(4) - 1) % 12 + 1;
        return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
    }

    long Write(Random r, string path, string doc, int companyIndex, string company, string currency, int scale, decimal size, DateOnly end, int fiscalEndMonth, bool ruled, StreamWriter truth)
    {
        var lastYear = end.AddYears(-1);
        lastYear = new DateOnly(lastYear.Year, lastYear.Month, DateTime.DaysInMonth(lastYear.Year, lastYear.Month));
        var fyEnd = new DateOnly(end.Month > fiscalEndMonth ? end.Year : end.Year - 1, fiscalEndMonth, DateTime.DaysInMonth(end.Month > fiscalEndMonth ? end.Year : end.Year - 1, fiscalEndMonth));
        if (fyEnd >= end) fyEnd = fyEnd.AddYears(-1);
        // A seed of its own per (company, statement, period end): the same in every release and every run.
        Random Of(string table, DateOnly periodEnd) => new(unchecked(((seed * 7919 + companyIndex) * 31 + (table == "income" ? 1 : 2)) * 100_003 + periodEnd.DayNumber));
        var income = Columns(IncomeColumn(Of("income", end), size), IncomeColumn(Of("income", lastYear), size));
        var balance = Columns(BalanceColumn(Of("balance", end), size), BalanceColumn(Of("balance", fyEnd), size));
        bool defect = r.Next(25) == 0;
        // A planted reclassification of the prior-year quarter: an amount moved from one expense line to another.
        bool reclassified = r.Next(40) == 0;
        if (reclassified)
        {
            int from = income.FindIndex(l => l.Label == "Sales and marketing"), to = income.FindIndex(l => l.Label == "General and administrative");
            decimal moved = Math.Max(1, Math.Round(income[from].That!.Value / 10));
            income[from] = income[from] with { That = income[from].That - moved };
            income[to] = income[to] with { That = income[to].That + moved };
        }

        var text = new List<string>();
        var facts = new List<(string Table, string Label, DateOnly? Start, DateOnly End, decimal Value, int Line)>();
        string scaleWords = scale == 1000 ? "thousands" : "millions";
        string currencyWords = currency == "JPY" ? "Japanese yen (JPY)" : "U.S. dollars";
        text.Add(company.ToUpperInvariant() + $" REPORTS RESULTS FOR THE QUARTER ENDED {Months[end.Month - 1].ToUpperInvariant()} {end.Day}, {end.Year}");
        text.Add("");
        foreach (var _ in Enumerable.Range(0, 1 + r.Next(6))) text.Add(Filler[r.Next(Filler.Length)]);
        // Guidance in one release of two: next quarter's total revenues as a range around what the company will report
        // for that quarter (its figures are the company's and the period's), missed in one forecast of five.
        (DateOnly Start, DateOnly End, decimal Low, decimal High, int Line, string Printed)? guidance = null;
        if (r.Next(2) == 0)
        {
            var nextEnd = new DateOnly(end.AddMonths(3).Year, end.AddMonths(3).Month, DateTime.DaysInMonth(end.AddMonths(3).Year, end.AddMonths(3).Month));
            var next = IncomeColumn(Of("income", nextEnd), size).First(l => l.Label == "Total revenues").Value!.Value * scale;
            bool missed = r.Next(5) == 0;
            decimal lo = next * (missed ? 1.08m + (decimal)r.NextDouble() * 0.1m : 0.9m + (decimal)r.NextDouble() * 0.08m);
            decimal hi = lo * (1.03m + (decimal)r.NextDouble() * 0.1m);
            string symbol = currency == "JPY" ? "¥" : "$";
            bool millions = lo >= 10_000_000;
            decimal step = millions ? 100_000 : 1000;
            (lo, hi) = (Math.Round(lo / step) * step, Math.Round(hi / step) * step);
            string Amount(decimal v) => millions ? $"{symbol}{(v / 1_000_000).ToString("#,0.0", CultureInfo.InvariantCulture)} million" : $"{symbol}{(v / 1000).ToString("#,0", CultureInfo.InvariantCulture)} thousand";
            var printed = $"{Amount(lo)} and {Amount(hi)}";
            text.Add($"For the quarter ending {Months[nextEnd.Month - 1]} {nextEnd.Day}, {nextEnd.Year}, the company expects total revenues to be between {printed}.");
            guidance = (new DateOnly(nextEnd.Year, nextEnd.Month, 1).AddMonths(-2), nextEnd, lo, hi, text.Count, printed);
        }
        text.Add("");

        int defectLine = 0;
        void Table(string title, string periodLine, IReadOnlyList<Line> lines, string table, DateOnly? thisStart, DateOnly thisEnd, DateOnly? thatStart, DateOnly thatEnd, string h1, string h2)
        {
            text.Add("");
            text.Add((ruled ? "                          " : "") + company.ToUpperInvariant());
            text.Add((ruled ? "                 " : "") + title);
            if (!ruled && periodLine.Length > 0) text.Add(periodLine);
            text.Add((ruled ? "           " : "") + $"(In {scaleWords} of {currencyWords})");
            text.Add("");
            if (ruled)
            {
                if (periodLine.Length > 0) text.Add(new string(' ', 53) + "Three Months Ended");
                string Md(string h) => h[..h.LastIndexOf(' ')];
                text.Add(new string(' ', 51) + $"{Md(h1),-15}{Md(h2)}");
                text.Add(new string(' ', 53) + $"{end.Year,-14} {(table == "balance" ? thatEnd.Year : lastYear.Year)}");
                text.Add(new string(' ', 50) + "-----------    -----------");
            }
            else text.Add($"\t{h1}\t{h2}");
            foreach (var l in lines)
            {
                if (l.Header) { text.Add(ruled ? l.Label + ":" : l.Label + ":\t\t"); continue; }
                if (ruled && l.Total) text.Add(new string(' ', 50) + "-----------    -----------");
                var a = Print(l.This!.Value);
                if (defect && defectLine == 0 && l.Total)
                {
                    a = Print(l.This!.Value + 1);
                    defectLine = text.Count + 1;
                }
                var b = Print(l.That!.Value);
                text.Add(ruled ? $"{(l.Total ? "    " : "  ") + l.Label,-50}{a,11}    {b,11}" : $"{l.Label}\t{a}\t{b}");
                int line = text.Count;
                decimal printedThis = defectLine == line ? l.This!.Value + 1 : l.This!.Value;
                facts.Add((table, l.Label, thisStart, thisEnd, printedThis * scale, line));
                facts.Add((table, l.Label, thatStart, thatEnd, l.That!.Value * scale, line));
            }
            text.Add("");
        }

        string H(DateOnly d) => ruled ? $"{Months[d.Month - 1]} {d.Day}, {d.Year}" : $"{Short[d.Month - 1]} {d.Day}, {d.Year}";
        var thisStart = end.AddMonths(-3).AddDays(1);
        thisStart = new DateOnly(thisStart.Year, thisStart.Month, 1);
        var thatStart = new DateOnly(lastYear.AddMonths(-2).Year, lastYear.AddMonths(-2).Month, 1);
        Table("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS", $"For the Three Months Ended {H(end)} and {H(lastYear)}", income, "income",
            thisStart, end, thatStart, lastYear, H(end), H(lastYear));
        foreach (var _ in Enumerable.Range(0, r.Next(4))) text.Add(Filler[r.Next(Filler.Length)]);
        Table("CONDENSED CONSOLIDATED BALANCE SHEETS", "", balance, "balance", null, end, null, fyEnd, H(end), H(fyEnd));
        text.Add($"About {company}: the company designs and sells products for industrial customers.");

        File.WriteAllText(path, string.Join('\n', text) + "\n", new UTF8Encoding(false));
        foreach (var f in facts)
            truth.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["doc"] = doc, ["company"] = company, ["table"] = f.Table, ["label"] = f.Label,
                ["periodStart"] = f.Start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["periodEnd"] = f.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["value"] = f.Value, ["unit"] = currency, ["line"] = f.Line,
            }));
        if (guidance is { } g)
            truth.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["doc"] = doc, ["company"] = company, ["table"] = "guidance", ["label"] = "total revenues",
                ["periodStart"] = g.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["periodEnd"] = g.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["value"] = (g.Low + g.High) / 2, ["low"] = g.Low, ["high"] = g.High, ["unit"] = currency, ["line"] = g.Line,
            }));
        if (reclassified)
            truth.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["doc"] = doc, ["restatement"] = "reclassification", ["labels"] = new[] { "Sales and marketing", "General and administrative" },
                ["periodEnd"] = lastYear.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["note"] = "the prior-year quarter's expense lines reclassified; reported as such where the company's earlier release of that quarter is in the corpus",
            }));
        if (defectLine > 0)
            truth.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?> { ["doc"] = doc, ["defect"] = "sum", ["line"] = defectLine, ["note"] = "a total printed one unit above the sum of its lines" }));
        return facts.Count;
    }

    static string Print(decimal v) => v < 0 ? $"({(-v).ToString("#,0", CultureInfo.InvariantCulture)})" : v.ToString("#,0", CultureInfo.InvariantCulture);

    static decimal R(Random r, decimal size, double lo, double hi) => Math.Round(size * (decimal)(lo + r.NextDouble() * (hi - lo)));

    /// <summary>Two columns of one statement as its lines: labels and headers from the first, values from each.</summary>
    static List<Line> Columns(List<(string Label, decimal? Value, bool Total, bool Header)> first, List<(string Label, decimal? Value, bool Total, bool Header)> second) =>
        first.Zip(second, (a, b) => new Line(a.Label, a.Value, b.Value, a.Total, a.Header)).ToList();

    /// <summary>One period's income statement of a company, every subtotal the sum of its lines.</summary>
    static List<(string Label, decimal? Value, bool Total, bool Header)> IncomeColumn(Random r, decimal size)
    {
        var (p, sv) = (R(r, size, 0.35, 0.8), R(r, size, 0.1, 0.4));
        var t = p + sv;
        decimal[] c = [R(r, t, 0.45, 0.65), R(r, t, 0.08, 0.16), R(r, t, 0.05, 0.1), R(r, t, 0.03, 0.09)];
        var tc = c.Sum();
        var o = t - tc;
        var x = R(r, size, -0.03, 0.02);
        var b = o + x;
        var tx = Math.Max(0, Math.Round(b * 0.3m));
        return
        [
            ("Revenues", null, false, true),
            ("Product revenues", p, false, false), ("Service revenues", sv, false, false), ("Total revenues", t, true, false),
            ("Costs and expenses", null, false, true),
            ("Cost of revenues", c[0], false, false), ("Sales and marketing", c[1], false, false), ("General and administrative", c[2], false, false),
            ("Research and development", c[3], false, false), ("Total costs and expenses", tc, true, false),
            ("Operating income", o, false, false), ("Other income (expense), net", x, false, false),
            ("Income (loss) before income taxes", b, false, false), ("Income tax expense", tx, false, false), ("Net income (loss)", b - tx, false, false),
        ];
    }

    /// <summary>One date's balance sheet of a company: assets = liabilities + equity.</summary>
    static List<(string Label, decimal? Value, bool Total, bool Header)> BalanceColumn(Random r, decimal size)
    {
        decimal[] a = [R(r, size, 0.2, 0.5), R(r, size, 0.3, 0.6), R(r, size, 0.1, 0.3), R(r, size, 0.01, 0.05)];
        var ca = a.Sum();
        var (pp, oa) = (R(r, size, 0.2, 0.5), R(r, size, 0.01, 0.08));
        var ta = ca + pp + oa;
        var (ap, ac) = (R(r, size, 0.1, 0.3), R(r, size, 0.05, 0.15));
        var cl = ap + ac;
        var ld = R(r, size, 0, 0.2);
        var tl = cl + ld;
        var (cs, pic) = (R(r, size, 0.01, 0.02), R(r, size, 0.3, 0.6));
        var re = ta - tl - cs - pic;
        var te = cs + pic + re;
        return
        [
            ("Current assets", null, false, true),
            ("Cash and cash equivalents", a[0], false, false), ("Accounts receivable, net", a[1], false, false), ("Inventories", a[2], false, false),
            ("Prepaid expenses", a[3], false, false), ("Total current assets", ca, true, false),
            ("Property and equipment, net", pp, false, false), ("Other assets", oa, false, false), ("Total assets", ta, true, false),
            ("Current liabilities", null, false, true),
            ("Accounts payable", ap, false, false), ("Accrued expenses", ac, false, false), ("Total current liabilities", cl, true, false),
            ("Long-term debt", ld, false, false), ("Total liabilities", tl, true, false),
            ("Stockholders' equity", null, false, true),
            ("Common stock", cs, false, false), ("Additional paid-in capital", pic, false, false), ("Retained earnings", re, false, false),
            ("Total stockholders' equity", te, true, false), ("Total liabilities and stockholders' equity", ta, true, false),
        ];
    }
}
