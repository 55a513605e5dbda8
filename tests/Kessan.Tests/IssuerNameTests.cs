using Kessan.Reading;

namespace Kessan.Tests;

/// <summary>The issuer a release names for itself, where the taxonomy knows none (self-written lines of each form).</summary>
public sealed class IssuerNameTests
{
    static string? Issuer(params string[] lines) => IssuerName.Find(new SourceDocument("r.txt", "r.txt", "", lines))?.Name;

    [Fact]
    public void The_issuer_is_read_from_the_forms_releases_print()
    {
        Assert.Equal("北風電機株式会社", Issuer("平成17年3月期 第1四半期決算短信", "上場会社名\t北風電機株式会社\t上場取引所\t東"));
        Assert.Equal("LARCHMONT WIDGETS INC", Issuer("<SEC-HEADER>", "COMPANY DATA:", "\tCOMPANY CONFORMED NAME:\t\t\tLARCHMONT WIDGETS INC", "\tCENTRAL INDEX KEY:\t\t\t0000000001"));
        Assert.Equal("Northwind Circuit", Issuer("Exhibit 99.1", "Northwind Circuit Reports Second Quarter 2005 Results", "PORTLAND, Ore. -- revenues grew"));
        Assert.Equal("VELMORA", Issuer("Lyon, 30 July 2024", "VELMORA: THIRD-QUARTER 2024 RESULTS"));
        Assert.Equal("The Quillon Company, Inc.", Issuer("Exhibit 99.1", "The Quillon Company, Inc.", "12 Harbour Road"));
        Assert.Equal("Cobaltine Mining Corporation", Issuer("For immediate release", "Contact: Investor Relations",
            "DENVER — May 5, 2025 — Cobaltine Mining Corporation (NYSE: CBM) today announced results"));
        // A legal name in capitals, as Indian and Hong Kong results print their heading.
        Assert.Equal("GANGES POLYMERS LIMITED", Issuer("GANGES POLYMERS LIMITED", "Regd. Office: 14 Riverside Estate"));
        Assert.Equal("Groupe Maréchal SA", Issuer("Groupe Maréchal SA", "First-half 2025 results"));
        Assert.Equal("LONGFEI HOLDINGS LIMITED", Issuer("LONGFEI HOLDINGS LIMITED", "(Incorporated in the Cayman Islands with limited liability)"));
        // A legal name and the report's title on one line, as an English 決算短信 prints its heading.
        Assert.Equal("Aoba Chemical Co., Ltd.", Issuer("Aoba Chemical Co., Ltd. Consolidated Financial Results for the Fiscal Year Ended March 31, 2025"));
    }

    [Fact]
    public void A_release_that_names_no_issuer_is_its_own()
    {
        Assert.Null(Issuer("CONDENSED CONSOLIDATED BALANCE SHEETS", "(In thousands)", "Cash\t1,000\t900"));
        Assert.Null(Issuer("The Company Reports Record Second Quarter Results", "Revenues grew."));
        Assert.Equal("unidentified issuer of q2.txt", IssuerName.Unidentified(new SourceDocument("q2.txt", "/x/q2.txt", "", [])));
    }
}
