namespace CrmHub.Abstractions.Crm;

// D6 vocabulary: purchase behaviour, churn-risk state groups and churn-risk signals.
// Names are spelled exactly as in CRM-DOMAIN.md. (The D1 lifecycle stage is CrmHub.Abstractions.Events.LifecycleStage.)

/// <summary>D6: behaviour class from the days since the last purchase, ordered from best to worst.</summary>
[GenerateSerializer]
public enum Behaviour
{
    /// <summary>Bought within the last 90 days (default).</summary>
    Active,

    /// <summary>Last purchase 91 to <c>ChurnAfterDays</c> (default 180) days ago.</summary>
    Dormant,

    /// <summary>No purchase for more than <c>ChurnAfterDays</c> days.</summary>
    Churned,
}

/// <summary>D6: telecom-style churn state groups, ordered from best to worst so comparisons mean "worse"/"better".</summary>
[GenerateSerializer]
public enum ChurnState
{
    Stable,

    /// <summary>Churn risk rising: the risk score reached the warning threshold.</summary>
    Warning,

    /// <summary>The customer's behaviour is Churned.</summary>
    Departed,
}

/// <summary>D6: the named churn-risk signals a risk assessment can show.</summary>
[GenerateSerializer]
public enum ChurnSignal
{
    /// <summary>The silence since the last purchase is long compared with the customer's usual gap between purchases.</summary>
    GrowingGap,

    /// <summary>Complaints still open.</summary>
    OpenComplaints,

    /// <summary>More than one complaint within the recent window.</summary>
    RepeatedComplaints,

    /// <summary>The latest satisfaction level is below the previous one.</summary>
    FallingSatisfaction,

    /// <summary>Receivables are overdue.</summary>
    OverdueReceivables,
}
