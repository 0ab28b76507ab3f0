using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Abstractions.Customers;

/// <summary>D7: the receivables class and how many days the oldest overdue invoice is overdue (null when none is).</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ReceivablesView")]
public sealed record ReceivablesView(
    [property: Id(0)] ReceivablesClass Class,
    [property: Id(1)] int? OldestOverdueDays);

/// <summary>D6: the churn state group, the score from 0 to 1 and the signals present, strongest first.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ChurnRiskView")]
public sealed record ChurnRiskView(
    [property: Id(0)] ChurnState State,
    [property: Id(1)] decimal Score,
    [property: Id(2)] ImmutableArray<ChurnSignalView> Signals);

/// <summary>D6: one churn-risk signal and why it is present.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ChurnSignalView")]
public sealed record ChurnSignalView(
    [property: Id(0)] ChurnSignal Name,
    [property: Id(1)] string Explanation);

/// <summary>D3: the customer lifetime value (past at face value + discounted projection) and its inputs.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ClvView")]
public sealed record ClvView(
    [property: Id(0)] decimal Total,
    [property: Id(1)] decimal PastValue,
    [property: Id(2)] decimal ProjectedValue,
    [property: Id(3)] decimal AverageAnnualMargin,
    [property: Id(4)] decimal Retention,
    [property: Id(5)] decimal DiscountRate,
    [property: Id(6)] int HorizonYears);

/// <summary>D5: the customer as a key account.</summary>
/// <param name="IsKeyAccount">Whether the customer is a key account now.</param>
/// <param name="ManagerId">The key-account manager (the designating manager, else the configured default, else the owner agent).</param>
/// <param name="Since">When the customer last became a key account.</param>
/// <param name="Sensitivity">What the customer is most sensitive to (the latest given by the profile or a designation).</param>
/// <param name="RecommendedStrategies">D5's strategies for that sensitivity.</param>
/// <param name="VisitCadenceDays">How often the account must be visited (its own cadence, else the default).</param>
/// <param name="LastVisitAt">The latest contact on the visit channel.</param>
/// <param name="VisitOverdue">Whether a key account was not visited within its cadence.</param>
[GenerateSerializer, Immutable, Alias("crmhub.KeyAccountView")]
public sealed record KeyAccountView(
    [property: Id(0)] bool IsKeyAccount,
    [property: Id(1)] string? ManagerId,
    [property: Id(2)] DateTimeOffset? Since,
    [property: Id(3)] KeyAccountSensitivity? Sensitivity,
    [property: Id(4)] ImmutableArray<string> RecommendedStrategies,
    [property: Id(5)] int VisitCadenceDays,
    [property: Id(6)] DateTimeOffset? LastVisitAt,
    [property: Id(7)] bool VisitOverdue);

/// <summary>D8: the latest satisfaction level (null when the customer never gave one) and every level given, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.SatisfactionView")]
public sealed record SatisfactionView(
    [property: Id(0)] SatisfactionLevel? Latest,
    [property: Id(1)] ImmutableArray<SatisfactionPoint> History);

/// <summary>D8: one satisfaction level given at a time.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.SatisfactionPoint")]
public sealed record SatisfactionPoint(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] SatisfactionLevel Level);

/// <summary>D11: the MAN qualification, its verdict and its code as the brief writes it ("M+a+N").</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ManView")]
public sealed record ManView(
    [property: Id(0)] bool Money,
    [property: Id(1)] bool Authority,
    [property: Id(2)] bool Need,
    [property: Id(3)] ManVerdict Verdict,
    [property: Id(4)] string Code);
