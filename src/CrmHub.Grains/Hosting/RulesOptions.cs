using CrmHub.Domain;

namespace CrmHub.Grains.Hosting;

/// <summary>The CRM rule thresholds, section <c>CrmHub:Rules</c>; defaults are CRM-DOMAIN.md's.</summary>
public sealed class RulesOptions
{
    public const string Section = "CrmHub:Rules";

    /// <summary>The thresholds as the domain rules take them.</summary>
    public CrmRuleSettings Settings { get; set; } = CrmRuleSettings.Default;
}
