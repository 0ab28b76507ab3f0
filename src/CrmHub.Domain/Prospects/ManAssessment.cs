using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Prospects;

/// <summary>D11: MAN qualification of a prospect: Money (can pay), Authority (decides), Need (has the need).</summary>
public sealed record ManAssessment(bool Money, bool Authority, bool Need)
{
    /// <summary>D11: the verdict of the MAN table (see <see cref="ManVerdict"/> for the mapping of each row).</summary>
    public ManVerdict Verdict => (Money, Authority, Need) switch
    {
        (true, true, true) => ManVerdict.Qualified,
        (true, true, false) => ManVerdict.ContactableWithGoodSelling,
        (true, false, true) => ManVerdict.ContactableFindAuthority,
        (false, true, true) => ManVerdict.ContactableCheckCredit,
        (false, false, false) => ManVerdict.NotAProspect,
        _ => ManVerdict.Nurture,
    };

    /// <summary>D11: the combination as the brief writes it, upper case = present, e.g. "M+a+N".</summary>
    public string Code => $"{(Money ? 'M' : 'm')}+{(Authority ? 'A' : 'a')}+{(Need ? 'N' : 'n')}";

    /// <summary>D11: every verdict but "not a prospect: stop contacting" keeps the prospect on the contact list.</summary>
    public bool ShouldContact => Verdict != ManVerdict.NotAProspect;
}
