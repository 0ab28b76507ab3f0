namespace CrmHub.Abstractions.Crm;

// Vocabulary of D1 (classification), D4 (relationship levels), D7 (receivables) and D11 (MAN).
// Names are spelled exactly as in CRM-DOMAIN.md.

/// <summary>D4: Kotler's five relationship levels, ordered from weakest to strongest so comparisons work.</summary>
[GenerateSerializer]
public enum RelationshipLevel
{
    Basic,
    Reactive,
    Accountable,
    Proactive,
    Partnership,
}

/// <summary>D1/D7: receivables class derived from the oldest overdue invoice, ordered from best to worst.</summary>
[GenerateSerializer]
public enum ReceivablesClass
{
    None,
    ShortTerm,
    LongTerm,
    BadDebt,
}

/// <summary>
/// D11: the MAN verdict. Mapping of the brief's table (upper case = present):
/// M+A+N → <see cref="Qualified"/> ("qualified: ideal prospect");
/// M+A+n → <see cref="ContactableWithGoodSelling"/> ("with good selling, can succeed");
/// M+a+N → <see cref="ContactableFindAuthority"/> ("find the person with authority");
/// m+A+N → <see cref="ContactableCheckCredit"/> ("check business status and credit");
/// m+a+N, m+A+n, M+a+n → <see cref="Nurture"/> ("contactable: nurture over time");
/// m+a+n → <see cref="NotAProspect"/> ("not a prospect: stop contacting").
/// </summary>
[GenerateSerializer]
public enum ManVerdict
{
    Qualified,
    ContactableWithGoodSelling,
    ContactableFindAuthority,
    ContactableCheckCredit,
    Nurture,
    NotAProspect,
}

/// <summary>D1: the customer's value-creating style.</summary>
[GenerateSerializer]
public enum ValueStyle
{
    /// <summary>Early adopter, price-insensitive.</summary>
    Lighthouse,

    /// <summary>Brand-driven.</summary>
    Follower,
    Rational,
    ProfitSeeking,
}

/// <summary>D1/D5: what a key account is most sensitive to; selects the account strategy.</summary>
[GenerateSerializer]
public enum KeyAccountSensitivity
{
    PriceSensitive,
    ServiceSensitive,
    TechnologySensitive,
}
