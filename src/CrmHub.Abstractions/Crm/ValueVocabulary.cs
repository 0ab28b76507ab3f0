namespace CrmHub.Abstractions.Crm;

// The value enums of CRM-DOMAIN.md (D1 profit contribution, D2 pyramid). Names are spelled exactly as in
// the brief: the API shows them as strings.

/// <summary>D2: the customer-pyramid tier, highest first (Platinum top 1%, Gold next 4%, Iron next 15%, Lead the rest).</summary>
[GenerateSerializer]
public enum Tier
{
    Platinum,
    Gold,
    Iron,
    Lead,
}

/// <summary>D1: the profit-contribution class, lowest first.</summary>
[GenerateSerializer]
public enum ProfitContribution
{
    NonProfitable,
    General,
    Core,
    VIP,
}
