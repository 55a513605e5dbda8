using Kessan.Taxonomy;

namespace Kessan.Tests;

/// <summary>
/// The shipped taxonomy data (base, us-gaap, ifrs, jgaap and company files): common lines of the three GAAPs map to
/// their standard elements in English and Japanese, the two languages of one line map to one concept, and a label
/// never names two concepts (the loader refuses data that would, naming both files).
/// </summary>
public sealed class TaxonomyDataTests
{
    static readonly TaxonomySet Taxonomy = TaxonomyLoader.Default;

    static string Concept(string label, StatementKind table, params string[] sections) =>
        Taxonomy.Resolve(label, table, sections, null, null) is { Known: true } m ? m.Concept.Name : $"(unknown: {label})";

    [Theory]
    // US GAAP
    [InlineData("Net sales", StatementKind.Income, "us-gaap:Revenues")]
    [InlineData("Total net sales", StatementKind.Income, "us-gaap:Revenues")]
    [InlineData("Cost of sales", StatementKind.Income, "us-gaap:CostOfRevenue")]
    [InlineData("Cost of goods sold", StatementKind.Income, "us-gaap:CostOfRevenue")]
    [InlineData("Gross profit", StatementKind.Income, "us-gaap:GrossProfit")]
    [InlineData("Gross margin", StatementKind.IncomeYtd, "us-gaap:GrossProfit")]
    [InlineData("Selling, general and administrative expenses", StatementKind.Income, "us-gaap:SellingGeneralAndAdministrativeExpense")]
    [InlineData("Selling, general, and administrative", StatementKind.Income, "us-gaap:SellingGeneralAndAdministrativeExpense")]
    [InlineData("Total operating expenses", StatementKind.Income, "us-gaap:OperatingExpenses")]
    [InlineData("Loss from operations", StatementKind.Income, "us-gaap:OperatingIncomeLoss")]
    [InlineData("INCOME FROM OPERATIONS", StatementKind.Income, "us-gaap:OperatingIncomeLoss")]
    [InlineData("Income before provision for income taxes", StatementKind.Income, "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments")]
    [InlineData("Provision for income taxes", StatementKind.Income, "us-gaap:IncomeTaxExpenseBenefit")]
    [InlineData("Net income", StatementKind.Income, "us-gaap:NetIncomeLoss")]
    [InlineData("Net income attributable to noncontrolling interests", StatementKind.Income, "us-gaap:MinorityInterestInNetIncomeLossOfConsolidatedEntities")]
    [InlineData("Diluted net income per common share", StatementKind.Income, "us-gaap:EarningsPerShareDiluted")]
    [InlineData("Goodwill", StatementKind.Balance, "us-gaap:Goodwill")]
    [InlineData("Intangible assets, net", StatementKind.Balance, "us-gaap:IntangibleAssetsNetExcludingGoodwill")]
    [InlineData("Total non-current liabilities", StatementKind.Balance, "us-gaap:LiabilitiesNoncurrent")]
    [InlineData("Total liabilities and equity", StatementKind.Balance, "us-gaap:LiabilitiesAndStockholdersEquity")]
    [InlineData("Stock-based compensation expense", StatementKind.CashFlow, "us-gaap:ShareBasedCompensation")]
    [InlineData("Net cash provided by (used for) operating activities", StatementKind.CashFlow, "us-gaap:NetCashProvidedByUsedInOperatingActivities")]
    [InlineData("Net cash used for investing activities", StatementKind.CashFlow, "us-gaap:NetCashProvidedByUsedInInvestingActivities")]
    [InlineData("Repurchases of common stock", StatementKind.CashFlow, "us-gaap:PaymentsForRepurchaseOfCommonStock")]
    [InlineData("Dividends paid", StatementKind.CashFlow, "us-gaap:PaymentsOfDividends")]
    [InlineData("Cash and cash equivalents at beginning of period", StatementKind.CashFlow, "kessan:CashAtBeginningOfPeriod")]
    // IFRS
    [InlineData("Revenue", StatementKind.Income, "us-gaap:Revenues")]
    [InlineData("Profit before tax", StatementKind.Income, "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments")]
    [InlineData("Profit for the period", StatementKind.Income, "us-gaap:ProfitLoss")]
    [InlineData("Profit attributable to owners of the parent", StatementKind.Income, "us-gaap:NetIncomeLoss")]
    [InlineData("Finance income", StatementKind.Income, "ifrs-full:FinanceIncome")]
    [InlineData("Finance costs", StatementKind.Income, "ifrs-full:FinanceCosts")]
    [InlineData("Net finance costs", StatementKind.Income, "ifrs-full:FinanceIncomeCost")]
    [InlineData("Share of profit of associates and joint ventures", StatementKind.Income, "us-gaap:IncomeLossFromEquityMethodInvestments")]
    [InlineData("Business profit", StatementKind.Income, "kessan:BusinessProfit")]
    [InlineData("Share capital", StatementKind.Balance, "us-gaap:CommonStockValue")]
    // J-GAAP (and Japanese IFRS reporters)
    [InlineData("営業利益", StatementKind.Income, "us-gaap:OperatingIncomeLoss")]
    [InlineData("経常利益", StatementKind.Income, "jppfs_cor:OrdinaryIncome")]
    [InlineData("親会社株主に帰属する当期純利益", StatementKind.Income, "us-gaap:NetIncomeLoss")]
    [InlineData("売上総利益", StatementKind.Income, "us-gaap:GrossProfit")]
    [InlineData("販売費及び一般管理費", StatementKind.Income, "us-gaap:SellingGeneralAndAdministrativeExpense")]
    [InlineData("営業外収益", StatementKind.Income, "jppfs_cor:NonOperatingIncome")]
    [InlineData("特別損失", StatementKind.Income, "jppfs_cor:ExtraordinaryLoss")]
    [InlineData("事業利益", StatementKind.Income, "kessan:BusinessProfit")]
    [InlineData("金融費用", StatementKind.Income, "ifrs-full:FinanceCosts")]
    [InlineData("固定負債合計", StatementKind.Balance, "us-gaap:LiabilitiesNoncurrent")]
    public void Common_lines_of_each_gaap_map_to_their_standard_element(string label, StatementKind table, string expected) =>
        Assert.Equal(expected, Concept(label, table));

    [Theory]
    [InlineData("Cost of revenues", "売上原価", StatementKind.Income)]
    [InlineData("Total costs", "売上原価合計", StatementKind.Income)]
    [InlineData("Cost of sales", "売上原価", StatementKind.Income)]
    [InlineData("Gross profit", "売上総利益", StatementKind.Income)]
    [InlineData("Selling, general and administrative expenses", "販売費及び一般管理費", StatementKind.Income)]
    [InlineData("Sales and marketing", "販売費", StatementKind.Income)]
    [InlineData("General and administrative", "一般管理費", StatementKind.Income)]
    [InlineData("Operating income (loss)", "営業利益(損失)", StatementKind.Income)]
    [InlineData("Operating income", "営業利益", StatementKind.Income)]
    [InlineData("Ordinary income", "経常利益", StatementKind.Income)]
    [InlineData("Income before income taxes", "税金等調整前当期純利益", StatementKind.Income)]
    [InlineData("Income taxes", "法人税等", StatementKind.Income)]
    [InlineData("Income tax expense", "法人所得税費用", StatementKind.Income)]
    [InlineData("Profit attributable to owners of parent", "親会社株主に帰属する当期純利益", StatementKind.Income)]
    [InlineData("Profit attributable to owners of the parent", "親会社の所有者に帰属する当期利益", StatementKind.Income)]
    [InlineData("Net income attributable to non-controlling interests", "非支配株主に帰属する当期純利益", StatementKind.Income)]
    [InlineData("Net loss", "当期純損失", StatementKind.Income)]
    [InlineData("Finance income", "金融収益", StatementKind.Income)]
    [InlineData("Interest expense", "支払利息", StatementKind.Income)]
    [InlineData("Diluted earnings per share", "潜在株式調整後1株当たり当期純利益", StatementKind.Income)]
    [InlineData("Total current assets", "流動資産合計", StatementKind.Balance)]
    [InlineData("Total non-current assets", "固定資産合計", StatementKind.Balance)]
    [InlineData("Goodwill", "のれん", StatementKind.Balance)]
    [InlineData("Income taxes payable", "未払法人税等", StatementKind.Balance)]
    [InlineData("Total assets", "資産合計", StatementKind.Balance)]
    [InlineData("Total liabilities", "負債合計", StatementKind.Balance)]
    [InlineData("Net cash provided by (used in) operating activities", "営業活動によるキャッシュ・フロー", StatementKind.CashFlow)]
    [InlineData("Dividends paid", "配当金の支払額", StatementKind.CashFlow)]
    [InlineData("Cash, end of period", "現金及び現金同等物の期末残高", StatementKind.CashFlow)]
    [InlineData("Net income", "当期純利益", StatementKind.CashFlow)]
    public void English_and_Japanese_labels_of_one_line_map_to_one_concept(string english, string japanese, StatementKind table)
    {
        var en = Concept(english, table);
        Assert.DoesNotContain("unknown", en);
        Assert.Equal(en, Concept(japanese, table));
    }

    [Fact]
    public void A_label_shared_by_lines_of_different_kinds_is_told_apart_by_its_section()
    {
        Assert.Equal("us-gaap:EarningsPerShareBasic", Concept("Basic", StatementKind.Income, "Net income per share:"));
        Assert.Equal("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", Concept("Basic", StatementKind.Income, "Weighted average shares outstanding:"));
        Assert.Equal("us-gaap:EarningsPerShareDiluted", Concept("Diluted", StatementKind.Income, "Earnings per share"));
        Assert.Equal("us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding", Concept("Diluted", StatementKind.Income, "Shares used in computing earnings per share:"));
        // "Net income" is the statement of operations' line, and in a cash-flow statement the line that starts it.
        Assert.Equal("us-gaap:NetIncomeLoss", Concept("Net income", StatementKind.Income));
        Assert.Equal("kessan:NetIncomeLossInCashFlow", Concept("Net income", StatementKind.CashFlow));
    }

    [Fact]
    public void Every_shipped_label_names_one_concept_in_each_table()
    {
        // What the loader checks, seen from the outside: for every label, table and type, resolution has one best
        // concept, and every file of the shipped data loads.
        foreach (var concept in Taxonomy.Concepts.Where(c => !c.IsExtension))
            foreach (var label in concept.Labels.Values.SelectMany(l => l))
                foreach (var table in concept.Tables.Count > 0 ? concept.Tables.Select(StatementKinds.Parse) : [StatementKind.Income, StatementKind.Balance, StatementKind.CashFlow])
                {
                    var sections = concept.Section is null ? Array.Empty<string>() : [SectionFor(concept.Section.ToString())];
                    var m = Taxonomy.Resolve(label, table, sections, concept.Type, null);
                    Assert.True(m.Known, $"{label} ({table})");
                    // The concept a label resolves to either is this one or overrides it for this table (a table-specific
                    // meaning given by the same file), never an equal rival.
                    if (m.Concept.Name != concept.Name)
                        Assert.True(m.Concept.IsExtension || m.Concept.Tables.Count > 0 && concept.Tables.Count == 0 || m.Concept.Section is not null && concept.Section is null,
                            $"'{label}' in {table}: {m.Concept.Name} beside {concept.Name}");
                }
    }

    /// <summary>A section text the pattern's first alternative matches ('^(?:expenses|expenditure)$' → "expenses").</summary>
    static string SectionFor(string pattern) => pattern.Split('|')[0].Replace("^", "").Replace("$", "").Replace("(?:", "").Replace(")", "");

    [Fact]
    public void A_company_is_named_by_a_whole_word_and_the_longest_name_on_the_line_wins()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir.File("bedyn.yaml"), "company:\n  name: Bedyn Industries Corporation\n  prefix: bedyn\n  names: [Bedyn Industries Corporation]\n  fiscalYearEnd: 3\n");
        File.WriteAllText(dir.File("vanbedyn.yaml"), "company:\n  name: Vanbedyn Industries Corporation\n  prefix: vanbedyn\n  names: [Vanbedyn Industries Corporation]\n  fiscalYearEnd: 6\n");
        File.WriteAllText(dir.File("meta.yaml"), "company:\n  name: Meta\n  prefix: meta\n  names: [Meta]\n  fiscalYearEnd: 12\n");
        File.WriteAllText(dir.File("meta-holdings.yaml"), "company:\n  name: Meta Holdings\n  prefix: metah\n  names: [Meta Holdings]\n  fiscalYearEnd: 12\n");
        File.WriteAllText(dir.File("kg.yaml"), "company:\n  name: KG情報\n  prefix: kgj\n  names: [KG情報]\n  fiscalYearEnd: 12\n");
        var taxonomy = TaxonomyLoader.Load(dir.Path);
        string? Detect(params string[] lines) => taxonomy.DetectCompany(new Reading.SourceDocument("r.txt", "r.txt", "", lines))?.Name;
        // A Latin name inside Japanese text, no space around it: 会社 is no part of the name's word.
        Assert.Equal("KG情報", Detect("上場会社名\t株式会社KG情報\t上場取引所"));
        Assert.Equal("Vanbedyn Industries Corporation", Detect("VANBEDYN INDUSTRIES CORPORATION REPORTS RESULTS FOR THE QUARTER"));
        Assert.Equal("Bedyn Industries Corporation", Detect("Bedyn Industries Corporation reports results"));
        Assert.Null(Detect("Metalogic Inc. reports results", "Revenues were up."));
        Assert.Equal("Meta Holdings", Detect("Meta Holdings reports results; Meta is its brand"));
        Assert.Equal("Meta", Detect("Metalogic and Meta announce a partnership"));
    }

    [Fact]
    public void A_second_file_giving_a_known_label_to_another_concept_is_rejected_with_both_files_named()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir.File("zz-conflict.yaml"), """
            concepts:
              - name: ifrs-full:CostOfSales
                tables: [income]
                labels:
                  ja: [売上原価]
            """);
        var e = Assert.Throws<TaxonomyException>(() => TaxonomyLoader.Load(dir.Path));
        Assert.Contains("売上原価", e.Message);
        Assert.Contains("us-gaap:CostOfRevenue", e.Message);
        Assert.Contains("base.yaml", e.Message);
        Assert.Contains("ifrs-full:CostOfSales", e.Message);
        Assert.Contains("zz-conflict.yaml", e.Message);
    }

    [Fact]
    public void A_second_file_adding_labels_to_a_known_concept_or_a_new_line_loads()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir.File("zz-more.yaml"), """
            concepts:
              - name: us-gaap:CostOfRevenue
                labels:
                  en: [Cost of merchandise sold]
                  ja: [売上原価]
              - name: ifrs-full:ImpairmentLossRecognisedInProfitOrLoss
                labels:
                  en: [Impairment losses]
            """);
        var t = TaxonomyLoader.Load(dir.Path);
        Assert.Equal("us-gaap:CostOfRevenue", t.Resolve("Cost of merchandise sold", StatementKind.Income, [], null, null).Concept.Name);
        Assert.Equal("ifrs-full:ImpairmentLossRecognisedInProfitOrLoss", t.Resolve("Impairment losses", StatementKind.Income, [], null, null).Concept.Name);
    }

    [Fact]
    public void A_line_no_file_knows_is_an_extension_of_the_company()
    {
        var m = Taxonomy.Resolve("Gift certificates redeemable", StatementKind.Balance, [], null, null);
        Assert.False(m.Known);
        Assert.Equal("ext:GiftCertificatesRedeemable", m.Concept.Name);
    }
}
