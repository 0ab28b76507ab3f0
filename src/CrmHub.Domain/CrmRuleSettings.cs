using CrmHub.Domain.Complaints;
using CrmHub.Domain.KeyAccounts;
using CrmHub.Domain.Lifecycle;
using CrmHub.Domain.Receivables;
using CrmHub.Domain.Relationship;
using CrmHub.Domain.Value;

namespace CrmHub.Domain;

/// <summary>Every threshold of CRM-DOMAIN.md in one place (configuration section <c>CrmHub:Rules</c>).</summary>
public sealed record CrmRuleSettings(
    ValueSettings Value,
    LifecycleSettings Lifecycle,
    ChurnRiskSettings ChurnRisk,
    RelationshipSettings Relationship,
    ReceivablesSettings Receivables,
    KeyAccountSettings KeyAccounts,
    ComplaintSlaSettings ComplaintSla)
{
    public static CrmRuleSettings Default { get; } = new(
        ValueSettings.Default,
        LifecycleSettings.Default,
        ChurnRiskSettings.Default,
        RelationshipSettings.Default,
        ReceivablesSettings.Default,
        KeyAccountSettings.Default,
        ComplaintSlaSettings.Default);
}
