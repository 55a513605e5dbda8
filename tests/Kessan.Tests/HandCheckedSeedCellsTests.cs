using System.Globalization;
using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// Cells of seeds 003 (OCR-damaged pipe tables) and 004 (whitespace-aligned, Japanese summary and English release),
/// each read by hand off the seed text and, where a statement identity covers it, checked against it (the sum, the
/// operating loss, the roll-forward noted beside each group). Values are as printed, in the statement's thousands.
/// </summary>
public sealed class HandCheckedSeedCellsTests(SeedStoreFixture seeds) : IClassFixture<SeedStoreFixture>
{
    [Theory]
    // 003 statement of operations, three months (thousands of JPY). Identities:
    // 3,386,912 + 983,461 + 881,116 + 452,126 = 5,703,615; 5,703,615 + 2,279,854 + 349,429 = 8,332,898;
    // 5,066,856 + 1,914,254 + 307,188 = 7,288,298; 7,288,298 + 818,786 + 439,030 + 86,598 = 8,632,712;
    // 8,332,898 − 8,632,712 = (299,814); (299,814) − 61,484 = (361,298); (361,298) − 127,197 + 42,834 − 1,219,215 = (1,664,876).
    [InlineData("003", 233, "2001-06-30", "JPY", "3386912")]
    [InlineData("003", 234, "2001-06-30", "JPY", "983461")]
    [InlineData("003", 238, "2001-06-30", "JPY", "881116")]
    [InlineData("003", 239, "2001-06-30", "JPY", "452126")]
    [InlineData("003", 240, "2001-06-30", "JPY", "5703615")]
    [InlineData("003", 241, "2001-06-30", "JPY", "2279854")]
    [InlineData("003", 242, "2001-06-30", "JPY", "349429")]
    [InlineData("003", 243, "2001-06-30", "JPY", "8332898")]
    [InlineData("003", 243, "2000-06-30", "JPY", "7245795")]
    [InlineData("003", 243, "2001-03-31", "JPY", "9199575")]
    [InlineData("003", 243, "2001-06-30", "USD", "66807")]
    [InlineData("003", 249, "2001-06-30", "JPY", "7288298")]
    [InlineData("003", 253, "2001-06-30", "JPY", "8632712")]
    [InlineData("003", 253, "2000-06-30", "JPY", "8110506")]
    [InlineData("003", 254, "2001-06-30", "JPY", "-299814")]
    [InlineData("003", 254, "2000-06-30", "JPY", "-864711")]
    [InlineData("003", 254, "2001-03-31", "JPY", "-394052")]
    [InlineData("003", 256, "2001-06-30", "JPY", "-361298")]
    [InlineData("003", 257, "2001-03-31", "JPY", "-96070")]
    [InlineData("003", 260, "2001-06-30", "JPY", "-1664876")]
    [InlineData("003", 260, "2000-06-30", "JPY", "-2031288")]
    [InlineData("003", 262, "2001-06-30", "JPY/ADS", "-37.03")]
    [InlineData("003", 263, "2001-03-31", "count", "22480")]
    // 003 balance sheet: 33,096,860 + 633,262 + 14,822,126 = 48,552,248. Line 279 is damaged as printed
    // (12,374,744; the cash flow's end of period says 12,574,744) and kept for the proof stage; its merged cell
    // "17,660,882 6,028,260" gives cash and, one row down, short-term investments at Jun 30, 2000.
    [InlineData("003", 279, "2001-06-30", "JPY", "12374744")]
    [InlineData("003", 279, "2000-06-30", "JPY", "17660882")]
    [InlineData("003", 279, "2000-06-30", "JPY", "6028260")] // the second figure of the merged cash cell
    [InlineData("003", 285, "2001-06-30", "JPY", "19186578")]
    [InlineData("003", 291, "2001-06-30", "JPY", "48552248")]
    [InlineData("003", 291, "2000-06-30", "JPY", "45647558")]
    [InlineData("003", 291, "2001-03-31", "JPY", "50640802")]
    [InlineData("003", 307, "2001-06-30", "JPY", "33096860")]
    [InlineData("003", 308, "2001-06-30", "JPY", "633262")]
    [InlineData("003", 312, "2001-06-30", "JPY", "-12427210")]
    [InlineData("003", 314, "2001-06-30", "JPY", "14822126")]
    // 003 cash flows: (231,079) + (302,263) + (475,813) + 13,192 = (995,963); 13,570,707 − 995,963 = 12,574,744.
    [InlineData("003", 345, "2001-06-30", "JPY", "-231079")]
    [InlineData("003", 355, "2001-06-30", "JPY", "-302263")]
    [InlineData("003", 362, "2001-06-30", "JPY", "-475813")]
    [InlineData("003", 363, "2001-06-30", "JPY", "13192")]
    [InlineData("003", 364, "2001-06-30", "JPY", "-995963")]
    [InlineData("003", 365, "2001-06-30", "JPY", "13570707")]
    [InlineData("003", 366, "2001-06-30", "JPY", "12574744")]
    [InlineData("003", 366, "2000-06-30", "JPY", "17660882")]
    // 004 Japanese summary, 損益計算書: 3,321,229 + 767,418 + 987,198 + 519,709 = 5,595,554;
    // 5,595,554 + 2,407,923 + 340,569 = 8,344,046; 5,234,158 + 2,323,392 + 310,946 = 7,868,496;
    // 7,868,496 + 826,979 + 612,047 + 96,098 = 9,403,620; 8,344,046 − 9,403,620 = (1,059,574);
    // (1,059,574) − 204,398 = (1,263,972); (1,263,972) + 390,035 + 201,701 − 1,316,854 = (1,989,090).
    [InlineData("004", 164, "2003-06-30", "JPY", "3321229")]
    [InlineData("004", 164, "2003-06-30", "USD", "27707")]
    [InlineData("004", 168, "2003-06-30", "JPY", "5595554")]
    [InlineData("004", 172, "2003-06-30", "JPY", "8344046")]
    [InlineData("004", 172, "2002-06-30", "JPY", "9849202")]
    [InlineData("004", 172, "2003-03-31", "JPY", "13036439")]
    [InlineData("004", 178, "2003-06-30", "JPY", "7868496")]
    [InlineData("004", 183, "2003-06-30", "JPY", "9403620")]
    [InlineData("004", 185, "2003-06-30", "JPY", "-1059574")]
    [InlineData("004", 185, "2002-06-30", "JPY", "-464155")]
    [InlineData("004", 189, "2003-06-30", "JPY", "-1263972")]
    [InlineData("004", 191, "2003-06-30", "JPY", "-390035")]
    [InlineData("004", 191, "2002-06-30", "JPY", "161301")]
    [InlineData("004", 195, "2003-06-30", "JPY", "-1989090")]
    [InlineData("004", 195, "2003-03-31", "JPY", "-2136513")]
    [InlineData("004", 197, "2003-06-30", "JPY/share", "-87970")]
    [InlineData("004", 198, "2002-06-30", "JPY/ADS", "-57.72")]
    [InlineData("004", 199, "2003-06-30", "count", "22611")]
    // 004 Japanese 貸借対照表: 2,819,007 + 6,023,935 + 347,971 + 845,908 + 556,492 = 10,593,313;
    // 37,477,874 + 677,794 − 2,871,807 = 35,283,861.
    [InlineData("004", 215, "2003-06-30", "JPY", "2819007")]
    [InlineData("004", 221, "2003-06-30", "JPY", "10593313")]
    [InlineData("004", 230, "2003-06-30", "JPY", "35283861")]
    [InlineData("004", 230, "2002-06-30", "JPY", "41053152")]
    [InlineData("004", 251, "2003-06-30", "JPY", "37477874")]
    [InlineData("004", 253, "2003-06-30", "JPY", "677794")]
    [InlineData("004", 259, "2003-03-31", "JPY", "-27532204")]
    [InlineData("004", 263, "2003-06-30", "JPY", "-2871807")]
    // 004 Japanese キャッシュフロー計算書: 656,368 − 2,508,283 + 1,084,342 − 1,772 = (769,345); 3,588,352 − 769,345 = 2,819,007.
    [InlineData("004", 309, "2003-06-30", "JPY", "656368")]
    [InlineData("004", 315, "2003-03-31", "JPY", "66940")]
    [InlineData("004", 329, "2003-06-30", "JPY", "-2508283")]
    [InlineData("004", 343, "2003-06-30", "JPY", "1084342")]
    [InlineData("004", 345, "2003-06-30", "JPY", "-1772")]
    [InlineData("004", 347, "2003-06-30", "JPY", "-769345")]
    [InlineData("004", 349, "2003-06-30", "JPY", "3588352")]
    [InlineData("004", 351, "2003-06-30", "JPY", "2819007")]
    // 004 English release: the same figures under English labels.
    [InlineData("004", 853, "2003-06-30", "USD", "27707")]
    [InlineData("004", 861, "2003-06-30", "JPY", "8344046")]
    [InlineData("004", 861, "2003-03-31", "JPY", "13036439")]
    [InlineData("004", 876, "2003-06-30", "JPY", "-1059574")]
    [InlineData("004", 876, "2003-03-31", "JPY", "-446432")]
    [InlineData("004", 886, "2002-06-30", "JPY", "-2595017")]
    [InlineData("004", 889, "2003-06-30", "JPY/ADS", "-43.98")]
    [InlineData("004", 912, "2003-06-30", "JPY", "2819007")]
    [InlineData("004", 927, "2002-06-30", "JPY", "41053152")]
    [InlineData("004", 960, "2002-06-30", "JPY", "4912023")]
    [InlineData("004", 1005, "2003-06-30", "JPY", "656368")]
    [InlineData("004", 1035, "2003-06-30", "JPY", "1365424")]
    [InlineData("004", 1045, "2002-06-30", "JPY", "6014693")]
    public void Cell_is_read_as_printed(string doc, int line, string periodEnd, string unit, string printedValue)
    {
        var end = DateOnly.Parse(periodEnd, CultureInfo.InvariantCulture);
        decimal value = decimal.Parse(printedValue, CultureInfo.InvariantCulture);
        decimal scale = unit is "JPY" or "USD" ? 1000m : 1m;
        var facts = seeds.Facts.Where(f => f.Doc.StartsWith(doc + "_") && f.Line == line && f.PeriodEnd == end && f.Unit == unit).ToList();
        if (facts.Count > 1) facts = facts.Where(f => f.Value == value * scale).ToList(); // a merged cell states two facts
        var fact = Assert.Single(facts);
        // The cell as printed. A cell the proof repaired keeps its printed token beside the proven value: a misread
        // figure keeps the misreading; a figure of a merged cell ("17,660,882 6,028,260") is the one the proof placed.
        if (fact.Status == Kessan.Facts.FactStatus.Repaired && fact.Printed.Contains(' '))
        {
            Assert.Contains(value.ToString("#,0", CultureInfo.InvariantCulture), fact.Printed);
            Assert.Equal(value * scale, fact.Value);
        }
        else
        {
            Assert.Equal(value, Kessan.Tables.NumberToken.Parse(fact.Printed).Value);
            if (fact.Status != Kessan.Facts.FactStatus.Repaired) Assert.Equal(value * scale, fact.Value);
        }
        Assert.Equal(unit == "USD", fact.Convenience);
        if (fact.Table != "balance") Assert.Equal(3, new Periods.Period(fact.PeriodStart, fact.PeriodEnd).Months);
        Assert.True(fact.KnownConcept, $"{fact.Label} has no concept");
    }

    [Fact]
    public void Every_legible_statement_row_of_003_has_a_figure_for_every_period()
    {
        // Rows the OCR left intact: every JPY period column is a fact.
        int[] rows = [233, 234, 236, 237, 238, 239, 240, 241, 242, 243, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260,
                      261, 262, 263, 264, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 295, 296, 297, 298, 299, 300, 301, 302, 303, 304, 305,
                      306, 307, 308, 310, 311, 312, 313, 314, 315, 336, 337, 338, 339, 340, 341, 342, 343, 344, 345, 347, 350, 352, 353, 354, 355,
                      360, 361, 362, 363, 364, 365, 366];
        var missing = rows.Where(r => seeds.Facts.Count(f => f.Doc.StartsWith("003_") && f.Line == r && !f.Convenience) != 3).ToList();
        Assert.True(missing.Count == 0, "rows without three JPY facts: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_statement_row_of_004_has_a_figure_for_every_printed_period_in_both_languages()
    {
        // Statement rows with three JPY figures and a USD figure, Japanese half then English half.
        int[] rows = [164, 165, 166, 167, 168, 170, 171, 172, 175, 176, 177, 178, 180, 181, 182, 183, 185, 187, 189, 191, 192, 193, 195,
                      215, 216, 217, 218, 219, 221, 223, 224, 225, 226, 227, 228, 230, 236, 237, 238, 239, 240, 241, 243, 245, 246, 247, 248, 249,
                      251, 253, 257, 258, 259, 260, 261, 263, 265, 287, 289, 291, 293, 295, 297, 299, 301, 303, 305, 307, 309, 313, 317, 325, 329,
                      337, 339, 343, 345, 347, 349, 351,
                      853, 854, 855, 856, 857, 859, 860, 861, 864, 865, 866, 868, 870, 871, 872, 874, 876, 878, 880, 882, 883, 884, 886,
                      912, 913, 914, 915, 916, 918, 920, 921, 922, 923, 924, 925, 927, 934, 935, 936, 937, 938, 939, 941, 943, 944, 945, 946, 947,
                      949, 951, 954, 955, 956, 957, 958, 960, 962, 983, 985, 987, 989, 991, 993, 995, 997, 999, 1001, 1003, 1005, 1008, 1012,
                      1020, 1024, 1031, 1033, 1037, 1039, 1041, 1043, 1045];
        var wrong = rows.Select(r => (Row: r, Facts: seeds.Facts.Where(f => f.Doc.StartsWith("004_") && f.Line == r).ToList()))
            .Where(x => x.Facts.Count(f => !f.Convenience) != 3 || x.Facts.Count(f => f.Convenience) != 1)
            .Select(x => $"{x.Row} ({x.Facts.Count})").ToList();
        Assert.True(wrong.Count == 0, "rows without 3 JPY + 1 USD facts: " + string.Join(", ", wrong));
        Assert.All(seeds.Facts.Where(f => f.Doc.StartsWith("004_") && f.Line is >= 164 and <= 351), f => Assert.Equal("ja", f.Lang));
        Assert.All(seeds.Facts.Where(f => f.Doc.StartsWith("004_") && f.Line is >= 853), f => Assert.Equal("en", f.Lang));
    }

    [Fact]
    public void The_Japanese_and_English_statements_of_004_map_to_the_same_concepts()
    {
        var ja = seeds.Facts.Where(f => f.Doc.StartsWith("004_") && f.Lang == "ja" && f.Table is not ("kpi" or "narrative" or "guidance")).ToList();
        var en = seeds.Facts.Where(f => f.Doc.StartsWith("004_") && f.Lang == "en" && f.Table is not ("kpi" or "narrative" or "guidance"))
            .ToLookup(f => (f.Table, f.PeriodStart, f.PeriodEnd, f.Value, f.Unit));
        Assert.True(ja.Count > 250, $"only {ja.Count} Japanese statement facts");
        var unmatched = ja.Where(j => !en[(j.Table, j.PeriodStart, j.PeriodEnd, j.Value, j.Unit)].Any(e => e.Concept == j.Concept))
            .Select(j => $"{j.Line} {j.Label} {j.Concept} {j.Value}").Distinct().ToList();
        Assert.True(unmatched.Count == 0, string.Join('\n', unmatched));
    }

    [Theory]
    [InlineData(87, 492, "iij:Iij4uContracts", "count")]
    [InlineData(83, 484, "iij:DataCenterConnectivityServicesContracts", "count")]
    [InlineData(95, 554, "iij:DataCenterConnectivityServicesBandwidth", "Gbps")]
    [InlineData(63, 521, "us-gaap:Revenues", "JPY")]
    public void Japanese_and_English_kpi_twins_of_004_share_concept_and_figures(int jaLine, int enLine, string concept, string unit)
    {
        var ja = seeds.Facts.Where(f => f.Doc.StartsWith("004_") && f.Line == jaLine).OrderBy(f => f.PeriodEnd).ToList();
        var en = seeds.Facts.Where(f => f.Doc.StartsWith("004_") && f.Line == enLine).OrderBy(f => f.PeriodEnd).ToList();
        Assert.Equal(3, ja.Count);
        Assert.All(ja.Concat(en), f => Assert.Equal((concept, unit, "kpi"), (f.Concept, f.Unit, f.Table)));
        Assert.Equal(ja.Select(f => (f.PeriodStart, f.PeriodEnd, f.Value)), en.Select(f => (f.PeriodStart, f.PeriodEnd, f.Value)));
    }

    [Fact]
    public void Statement_identities_hold_on_the_extracted_004_figures()
    {
        decimal V(int line, string end) => seeds.Facts.Single(f => f.Doc.StartsWith("004_") && f.Line == line && f.Unit == "JPY"
            && f.PeriodEnd == DateOnly.Parse(end, CultureInfo.InvariantCulture)).Value;
        foreach (var end in new[] { "2003-06-30", "2002-06-30", "2003-03-31" })
        {
            Assert.Equal(V(861, end), V(857, end) + V(859, end) + V(860, end));
            Assert.Equal(V(876, end), V(861, end) - V(874, end));
            Assert.Equal(V(172, end), V(861, end));
            Assert.Equal(V(927, end), V(949, end) + V(951, end) + V(960, end));
            Assert.Equal(V(1045, end), V(1043, end) + V(1041, end));
        }
    }
}
