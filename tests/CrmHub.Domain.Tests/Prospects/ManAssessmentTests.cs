using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Prospects;

namespace CrmHub.Domain.Tests.Prospects;

public class ManAssessmentTests
{
    [Fact]
    public void Money_authority_and_need_make_a_qualified_ideal_prospect() =>
        Check(new(Money: true, Authority: true, Need: true), "M+A+N", ManVerdict.Qualified);

    [Fact]
    public void Money_and_authority_without_need_is_contactable_with_good_selling() =>
        Check(new(Money: true, Authority: true, Need: false), "M+A+n", ManVerdict.ContactableWithGoodSelling);

    [Fact]
    public void Money_and_need_without_authority_is_contactable_after_finding_the_person_with_authority() =>
        Check(new(Money: true, Authority: false, Need: true), "M+a+N", ManVerdict.ContactableFindAuthority);

    [Fact]
    public void Authority_and_need_without_money_is_contactable_after_checking_business_status_and_credit() =>
        Check(new(Money: false, Authority: true, Need: true), "m+A+N", ManVerdict.ContactableCheckCredit);

    [Fact]
    public void Need_alone_is_nurtured_over_time() =>
        Check(new(Money: false, Authority: false, Need: true), "m+a+N", ManVerdict.Nurture);

    [Fact]
    public void Authority_alone_is_nurtured_over_time() =>
        Check(new(Money: false, Authority: true, Need: false), "m+A+n", ManVerdict.Nurture);

    [Fact]
    public void Money_alone_is_nurtured_over_time() =>
        Check(new(Money: true, Authority: false, Need: false), "M+a+n", ManVerdict.Nurture);

    [Fact]
    public void No_money_no_authority_and_no_need_is_not_a_prospect_and_contact_stops()
    {
        var assessment = new ManAssessment(Money: false, Authority: false, Need: false);

        Check(assessment, "m+a+n", ManVerdict.NotAProspect);
        assessment.ShouldContact.ShouldBeFalse();
    }

    [Fact]
    public void Every_combination_with_at_least_one_letter_present_stays_on_the_contact_list() =>
        (from money in new[] { false, true }
         from authority in new[] { false, true }
         from need in new[] { false, true }
         where money || authority || need
         select new ManAssessment(money, authority, need))
            .ShouldAllBe(assessment => assessment.ShouldContact);

    private static void Check(ManAssessment assessment, string code, ManVerdict verdict)
    {
        assessment.Code.ShouldBe(code);
        assessment.Verdict.ShouldBe(verdict);
    }
}
