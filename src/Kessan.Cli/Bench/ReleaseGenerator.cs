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
        for (int i = 0; i < count; i++)
        {
            int company = random.Next(companies);
            var rc = new Random(seed * 7919 + company);
            var name = Name(rc);
            bool yen = rc.Next(3) == 0;
            int fiscalEndMonth = new[] { 3, 6, 9, 12 }[rc.Next(4)];
            if (described.Add(company))
                File.WriteAllText(Path.Combine(taxonomy, $"gen{company:D5}.yaml"),
                    $"company:\n  name: {name}\n  prefix: gen{company:D5}\n  names: [{name}]\n  fiscalYearEnd: {fiscalEndMonth}\n", new UTF8Encoding(false));
            bool ruled = rc.Next(2) == 0;
            int scale = yen ? (rc.Next(2) == 0 ? 1000 : 1_000_000) : 1000;
            var quarterEnd = QuarterEnd(random, fiscalEndMonth);
            var file = $"{i:D6}_{Slug(name)}_{quarterEnd:yyyyMM}.txt";
            facts += Write(random, Path.Combine(dir, file), file, name, yen ? "JPY" : "USD", scale, quarterEnd, fiscalEndMonth, ruled, truth);
        }
        return facts;
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

    long Write(Random r, string path, string doc, string company, string currency, int scale, DateOnly end, int fiscalEndMonth, bool ruled, StreamWriter truth)
    {
        var lastYear = end.AddYears(-1);
        lastYear = new DateOnly(lastYear.Year, lastYear.Month, DateTime.DaysInMonth(lastYear.Year, lastYear.Month));
        var fyEnd = new DateOnly(end.Month > fiscalEndMonth ? end.Year : end.Year - 1, fiscalEndMonth, DateTime.DaysInMonth(end.Month > fiscalEndMonth ? end.Year : end.Year - 1, fiscalEndMonth));
        if (fyEnd >= end) fyEnd = fyEnd.AddYears(-1);
        decimal size = (decimal)Math.Pow(10, 3 + r.NextDouble() * 3) * (scale == 1000 ? 1 : 0.001m);
        size = Math.Max(size, 50);
        var income = Income(r, size);
        var balance = Balance(r, size);
        bool defect = r.Next(25) == 0;

        var text = new List<string>();
        var facts = new List<(string Table, string Label, DateOnly? Start, DateOnly End, decimal Value, int Line)>();
        string scaleWords = scale == 1000 ? "thousands" : "millions";
        string currencyWords = currency == "JPY" ? "Japanese yen (JPY)" : "U.S. dollars";
        text.Add(company.ToUpperInvariant() + $" REPORTS RESULTS FOR THE QUARTER ENDED {Months[end.Month - 1].ToUpperInvariant()} {end.Day}, {end.Year}");
        text.Add("");
        foreach (var _ in Enumerable.Range(0, 1 + r.Next(6))) text.Add(Filler[r.Next(Filler.Length)]);
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
        if (defectLine > 0)
            truth.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?> { ["doc"] = doc, ["defect"] = "sum", ["line"] = defectLine, ["note"] = "a total printed one unit above the sum of its lines" }));
        return facts.Count;
    }

    static string Print(decimal v) => v < 0 ? $"({(-v).ToString("#,0", CultureInfo.InvariantCulture)})" : v.ToString("#,0", CultureInfo.InvariantCulture);

    static decimal R(Random r, decimal size, double lo, double hi) => Math.Round(size * (decimal)(lo + r.NextDouble() * (hi - lo)));

    static List<Line> Income(Random r, decimal size)
    {
        var (p1, p2) = (R(r, size, 0.4, 0.8), R(r, size, 0.35, 0.75));
        var (s1, s2) = (R(r, size, 0.1, 0.4), R(r, size, 0.1, 0.4));
        var (t1, t2) = (p1 + s1, p2 + s2);
        decimal[] c1 = [R(r, t1, 0.45, 0.65), R(r, t1, 0.08, 0.16), R(r, t1, 0.05, 0.1), R(r, t1, 0.03, 0.09)];
        decimal[] c2 = [R(r, t2, 0.45, 0.65), R(r, t2, 0.08, 0.16), R(r, t2, 0.05, 0.1), R(r, t2, 0.03, 0.09)];
        var (tc1, tc2) = (c1.Sum(), c2.Sum());
        var (o1, o2) = (t1 - tc1, t2 - tc2);
        var (x1, x2) = (R(r, size, -0.03, 0.02), R(r, size, -0.03, 0.02));
        var (b1, b2) = (o1 + x1, o2 + x2);
        var (tx1, tx2) = (Math.Max(0, Math.Round(b1 * 0.3m)), Math.Max(0, Math.Round(b2 * 0.3m)));
        return
        [
            new("Revenues", null, null, Header: true),
            new("Product revenues", p1, p2), new("Service revenues", s1, s2), new("Total revenues", t1, t2, Total: true),
            new("Costs and expenses", null, null, Header: true),
            new("Cost of revenues", c1[0], c2[0]), new("Sales and marketing", c1[1], c2[1]), new("General and administrative", c1[2], c2[2]),
            new("Research and development", c1[3], c2[3]), new("Total costs and expenses", tc1, tc2, Total: true),
            new("Operating income", o1, o2), new("Other income (expense), net", x1, x2),
            new("Income (loss) before income taxes", b1, b2), new("Income tax expense", tx1, tx2), new("Net income (loss)", b1 - tx1, b2 - tx2),
        ];
    }

    static List<Line> Balance(Random r, decimal size)
    {
        decimal[] a1 = [R(r, size, 0.2, 0.5), R(r, size, 0.3, 0.6), R(r, size, 0.1, 0.3), R(r, size, 0.01, 0.05)];
        decimal[] a2 = [R(r, size, 0.2, 0.5), R(r, size, 0.3, 0.6), R(r, size, 0.1, 0.3), R(r, size, 0.01, 0.05)];
        var (ca1, ca2) = (a1.Sum(), a2.Sum());
        var (pp1, pp2) = (R(r, size, 0.2, 0.5), R(r, size, 0.2, 0.5));
        var (oa1, oa2) = (R(r, size, 0.01, 0.08), R(r, size, 0.01, 0.08));
        var (ta1, ta2) = (ca1 + pp1 + oa1, ca2 + pp2 + oa2);
        var (ap1, ap2) = (R(r, size, 0.1, 0.3), R(r, size, 0.1, 0.3));
        var (ac1, ac2) = (R(r, size, 0.05, 0.15), R(r, size, 0.05, 0.15));
        var (cl1, cl2) = (ap1 + ac1, ap2 + ac2);
        var (ld1, ld2) = (R(r, size, 0, 0.2), R(r, size, 0, 0.2));
        var (tl1, tl2) = (cl1 + ld1, cl2 + ld2);
        var (cs1, cs2) = (R(r, size, 0.01, 0.02), R(r, size, 0.01, 0.02));
        var (pic1, pic2) = (R(r, size, 0.3, 0.6), R(r, size, 0.3, 0.6));
        var (re1, re2) = (ta1 - tl1 - cs1 - pic1, ta2 - tl2 - cs2 - pic2);
        var (te1, te2) = (cs1 + pic1 + re1, cs2 + pic2 + re2);
        return
        [
            new("Current assets", null, null, Header: true),
            new("Cash and cash equivalents", a1[0], a2[0]), new("Accounts receivable, net", a1[1], a2[1]), new("Inventories", a1[2], a2[2]),
            new("Prepaid expenses", a1[3], a2[3]), new("Total current assets", ca1, ca2, Total: true),
            new("Property and equipment, net", pp1, pp2), new("Other assets", oa1, oa2), new("Total assets", ta1, ta2, Total: true),
            new("Current liabilities", null, null, Header: true),
            new("Accounts payable", ap1, ap2), new("Accrued expenses", ac1, ac2), new("Total current liabilities", cl1, cl2, Total: true),
            new("Long-term debt", ld1, ld2), new("Total liabilities", tl1, tl2, Total: true),
            new("Stockholders' equity", null, null, Header: true),
            new("Common stock", cs1, cs2), new("Additional paid-in capital", pic1, pic2), new("Retained earnings", re1, re2),
            new("Total stockholders' equity", te1, te2, Total: true), new("Total liabilities and stockholders' equity", ta1, ta2, Total: true),
        ];
    }
}
