using CrmHub.Abstractions.Crm;

namespace CrmHub.Abstractions.Agents;

/// <summary>D5 triggers a key-account manager is told about live (<c>keyAccountEvent</c>).</summary>
public enum KeyAccountTrigger
{
    Complaint,
    LargeOrder,
    ReceivablesWorsened,
    ChurnRiskRose,
    VisitOverdue,
}

/// <summary>D2: a customer's tier changed (to the owner agent).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.TierChanged")]
public sealed record TierChanged(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string CustomerName,
    [property: Id(2)] Tier? PreviousTier,
    [property: Id(3)] Tier Tier) : NotificationData
{
    public override string Kind => NotificationKinds.TierChanged;
}

/// <summary>D5: a customer entered or left key-account status (to its manager and every supervisor).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.KeyAccountChanged")]
public sealed record KeyAccountChanged(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] bool IsKeyAccount,
    [property: Id(2)] Tier? PreviousTier,
    [property: Id(3)] Tier? Tier,
    [property: Id(4)] string? ManagerId,
    [property: Id(5)] string Reason) : NotificationData
{
    public override string Kind => NotificationKinds.KeyAccountChanged;
}

/// <summary>D5: something the key-account manager must know about one of their accounts.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.KeyAccountEvent")]
public sealed record KeyAccountEvent(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string ManagerId,
    [property: Id(2)] KeyAccountTrigger Trigger,
    [property: Id(3)] string Detail) : NotificationData
{
    public override string Kind => NotificationKinds.KeyAccountEvent;
}
