using System.Globalization;
using CrmHub.Domain;
using CrmHub.Domain.Complaints;
using CrmHub.Domain.KeyAccounts;
using CrmHub.Domain.Lifecycle;
using CrmHub.Domain.Receivables;
using CrmHub.Domain.Relationship;
using CrmHub.Domain.Value;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Hosting;

/// <summary>
/// The CRM rule thresholds, section <c>CrmHub:Rules</c>, one sub-section per topic; every default is CRM-DOMAIN.md's.
/// Shares are fractions (0.01 = 1%), durations are <see cref="TimeSpan"/> text (<c>"1.00:00:00"</c> is 24 hours).
/// Grains read <see cref="Settings"/>, the thresholds as the domain rules take them; values are checked at start
/// (<see cref="RulesOptionsValidator"/>).
/// </summary>
public sealed class RulesOptions
{
    public const string Section = "CrmHub:Rules";

    /// <summary>D2 value tiers, <c>CrmHub:Rules:Pyramid</c>.</summary>
    public PyramidRulesOptions Pyramid { get; set; } = new();

    /// <summary>D3 customer lifetime value, <c>CrmHub:Rules:Clv</c>.</summary>
    public ClvRulesOptions Clv { get; set; } = new();

    /// <summary>D1/D6 lifecycle stages and behaviour classes, <c>CrmHub:Rules:Lifecycle</c>.</summary>
    public LifecycleRulesOptions Lifecycle { get; set; } = new();

    /// <summary>D6 churn-risk score, <c>CrmHub:Rules:ChurnRisk</c>.</summary>
    public ChurnRiskRulesOptions ChurnRisk { get; set; } = new();

    /// <summary>D4 relationship levels, <c>CrmHub:Rules:Relationship</c>.</summary>
    public RelationshipRulesOptions Relationship { get; set; } = new();

    /// <summary>D7 receivables classes, <c>CrmHub:Rules:Receivables</c>.</summary>
    public ReceivablesRulesOptions Receivables { get; set; } = new();

    /// <summary>D5 key accounts, <c>CrmHub:Rules:KeyAccounts</c>.</summary>
    public KeyAccountRulesOptions KeyAccounts { get; set; } = new();

    /// <summary>
    /// D5: the order amount (in the order's currency) from which the key-account manager is told of an order,
    /// <c>CrmHub:Rules:LargeOrderAmount</c>. The brief gives none; 10,000 is ours.
    /// </summary>
    public decimal LargeOrderAmount { get; set; } = KeyAccountSettings.Default.LargeOrderAmount;

    /// <summary>D9 complaint deadlines by tier, <c>CrmHub:Rules:ComplaintSla</c>.</summary>
    public ComplaintSlaRulesOptions ComplaintSla { get; set; } = new();

    /// <summary>The thresholds as the domain rules take them, computed from the properties above.</summary>
    public CrmRuleSettings Settings => new(
        new ValueSettings(
            ProfitWindow: TimeSpan.FromDays(Pyramid.ProfitWindowDays),
            PlatinumShare: Pyramid.PlatinumShare,
            GoldShare: Pyramid.GoldShare,
            IronShare: Pyramid.IronShare,
            ParetoTopShare: Pyramid.ParetoTopShare,
            DiscountRate: Clv.DiscountRate,
            HorizonYears: Clv.HorizonYears,
            DefaultRetention: Clv.DefaultRetention),
        new LifecycleSettings(
            Lifecycle.ActiveWithinDays,
            Lifecycle.ChurnAfterDays,
            Lifecycle.LoyalMinPurchases,
            Lifecycle.LoyaltyWindowDays,
            Lifecycle.LoyalMaxGapDays),
        new ChurnRiskSettings(
            ChurnRisk.GrowingGapWeight,
            ChurnRisk.OpenComplaintsWeight,
            ChurnRisk.RepeatedComplaintsWeight,
            ChurnRisk.FallingSatisfactionWeight,
            ChurnRisk.OverdueReceivablesWeight,
            ChurnRisk.GapRatioStart,
            ChurnRisk.GapRatioForFull,
            ChurnRisk.OpenComplaintsForFull,
            ChurnRisk.ComplaintWindowDays,
            ChurnRisk.RepeatedComplaintsForFull,
            ChurnRisk.SatisfactionDropForFull,
            ChurnRisk.OverdueDaysForFull,
            ChurnRisk.WarningScore,
            ChurnRisk.RiseStep),
        new RelationshipSettings(Relationship.FollowUpWithin, Relationship.ProactiveWindows, Relationship.ProactiveWindow),
        new ReceivablesSettings(Receivables.ShortTermMaxDays, Receivables.LongTermMaxDays),
        new KeyAccountSettings(
            KeyAccounts.EvaluationsBelowGoldToLeave,
            string.IsNullOrWhiteSpace(KeyAccounts.DefaultManagerId) ? null : KeyAccounts.DefaultManagerId,
            KeyAccounts.VisitCadenceDays,
            LargeOrderAmount),
        new ComplaintSlaSettings(
            ComplaintSla.Platinum.Targets,
            ComplaintSla.Gold.Targets,
            ComplaintSla.Iron.Targets,
            ComplaintSla.Lead.Targets,
            ComplaintSla.WarningShare));
}

/// <summary>D2 value tiers, <c>CrmHub:Rules:Pyramid</c>. The three shares are per tier, top down; Lead takes the rest.</summary>
public sealed class PyramidRulesOptions
{
    /// <summary>Share of the ranked customers in Platinum (the top 1%).</summary>
    public decimal PlatinumShare { get; set; } = ValueSettings.Default.PlatinumShare;

    /// <summary>Share of the ranked customers in Gold (the next 4%).</summary>
    public decimal GoldShare { get; set; } = ValueSettings.Default.GoldShare;

    /// <summary>Share of the ranked customers in Iron (the next 15%).</summary>
    public decimal IronShare { get; set; } = ValueSettings.Default.IronShare;

    /// <summary>The top share of customers whose revenue share the pyramid report gives (the "20" of 80/20).</summary>
    public decimal ParetoTopShare { get; set; } = ValueSettings.Default.ParetoTopShare;

    /// <summary>How often the tier cut-offs are recomputed while purchases arrive (issue 4: at least every 10 s).</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The rolling window, in days, profit is ranked over ("12 months").</summary>
    public int ProfitWindowDays { get; set; } = (int)ValueSettings.Default.ProfitWindow.TotalDays;
}

/// <summary>D3 customer lifetime value, <c>CrmHub:Rules:Clv</c>.</summary>
public sealed class ClvRulesOptions
{
    /// <summary>The yearly discount rate d of the CLV formula (0.10 = 10%).</summary>
    public decimal DiscountRate { get; set; } = ValueSettings.Default.DiscountRate;

    /// <summary>How many future years the CLV projection covers.</summary>
    public int HorizonYears { get; set; } = ValueSettings.Default.HorizonYears;

    /// <summary>
    /// The yearly retention rate used until the customer's segment has a measured one (D6). 0.8 is an assumption: the
    /// brief's "retaining 5% more raises profit 25–85%" only makes sense where most customers stay, and 80% is the
    /// common rule of thumb for business customers with repeat purchases.
    /// </summary>
    public decimal DefaultRetention { get; set; } = ValueSettings.Default.DefaultRetention;
}

/// <summary>D1/D6 lifecycle stages and behaviour classes, <c>CrmHub:Rules:Lifecycle</c>; every "within N days" counts completed days.</summary>
public sealed class LifecycleRulesOptions
{
    /// <summary>Active while the last purchase is at most this many days ago.</summary>
    public int ActiveWithinDays { get; set; } = LifecycleSettings.Default.ActiveWithinDays;

    /// <summary>Churned once the last purchase is more than this many days ago (Dormant up to it).</summary>
    public int ChurnAfterDays { get; set; } = LifecycleSettings.Default.ChurnAfterDays;

    /// <summary>Purchases within <see cref="LoyaltyWindowDays"/> needed to be Loyal.</summary>
    public int LoyalMinPurchases { get; set; } = LifecycleSettings.Default.LoyalMinPurchases;

    /// <summary>"The last 12 months" of the Loyal rule, in days.</summary>
    public int LoyaltyWindowDays { get; set; } = LifecycleSettings.Default.LoyaltyWindowDays;

    /// <summary>The longest gap, in days, between consecutive purchases that still counts as continuous buying.</summary>
    public int LoyalMaxGapDays { get; set; } = LifecycleSettings.Default.LoyalMaxGapDays;
}

/// <summary>
/// D6 churn-risk score, <c>CrmHub:Rules:ChurnRisk</c>: each signal rises linearly from its start to its "for full" value;
/// the score is the weighted mean of the signals (weights are relative, divided by their sum).
/// </summary>
public sealed class ChurnRiskRulesOptions
{
    /// <summary>Weight of the silence since the last purchase compared with the usual gap.</summary>
    public decimal GrowingGapWeight { get; set; } = ChurnRiskSettings.Default.GrowingGapWeight;

    /// <summary>Weight of open complaints.</summary>
    public decimal OpenComplaintsWeight { get; set; } = ChurnRiskSettings.Default.OpenComplaintsWeight;

    /// <summary>Weight of repeated complaints within <see cref="ComplaintWindowDays"/>.</summary>
    public decimal RepeatedComplaintsWeight { get; set; } = ChurnRiskSettings.Default.RepeatedComplaintsWeight;

    /// <summary>Weight of a fall in satisfaction.</summary>
    public decimal FallingSatisfactionWeight { get; set; } = ChurnRiskSettings.Default.FallingSatisfactionWeight;

    /// <summary>Weight of overdue receivables.</summary>
    public decimal OverdueReceivablesWeight { get; set; } = ChurnRiskSettings.Default.OverdueReceivablesWeight;

    /// <summary>Silence ÷ usual gap at which the growing-gap signal starts (1: longer than usual).</summary>
    public decimal GapRatioStart { get; set; } = ChurnRiskSettings.Default.GapRatioStart;

    /// <summary>Silence ÷ usual gap at which the growing-gap signal is at full strength.</summary>
    public decimal GapRatioForFull { get; set; } = ChurnRiskSettings.Default.GapRatioForFull;

    /// <summary>Open complaints that give the open-complaints signal full strength.</summary>
    public int OpenComplaintsForFull { get; set; } = ChurnRiskSettings.Default.OpenComplaintsForFull;

    /// <summary>How far back, in days, complaints count as recent for the repeated-complaints signal.</summary>
    public int ComplaintWindowDays { get; set; } = ChurnRiskSettings.Default.ComplaintWindowDays;

    /// <summary>Recent complaints that give the repeated-complaints signal full strength (it starts above one).</summary>
    public int RepeatedComplaintsForFull { get; set; } = ChurnRiskSettings.Default.RepeatedComplaintsForFull;

    /// <summary>Satisfaction levels lost (Advocate → Satisfied is 2) that give the falling-satisfaction signal full strength.</summary>
    public int SatisfactionDropForFull { get; set; } = ChurnRiskSettings.Default.SatisfactionDropForFull;

    /// <summary>Days overdue that give the overdue-receivables signal full strength.</summary>
    public int OverdueDaysForFull { get; set; } = ChurnRiskSettings.Default.OverdueDaysForFull;

    /// <summary>Score (0–1) at or above which the churn state is Warning.</summary>
    public decimal WarningScore { get; set; } = ChurnRiskSettings.Default.WarningScore;

    /// <summary>Score increase, while not Stable, that counts as a rise for the key-account manager's alert.</summary>
    public decimal RiseStep { get; set; } = ChurnRiskSettings.Default.RiseStep;
}

/// <summary>D4 relationship levels, <c>CrmHub:Rules:Relationship</c>.</summary>
public sealed class RelationshipRulesOptions
{
    /// <summary>Accountable: an outbound contact within this time after a purchase (14 days).</summary>
    public TimeSpan FollowUpWithin { get; set; } = RelationshipSettings.Default.FollowUpWithin;

    /// <summary>Proactive: how many consecutive windows before now each need an outbound contact (3).</summary>
    public int ProactiveWindows { get; set; } = RelationshipSettings.Default.ProactiveWindows;

    /// <summary>Proactive: the length of one window, "a month" (30 days).</summary>
    public TimeSpan ProactiveWindow { get; set; } = RelationshipSettings.Default.ProactiveWindow;
}

/// <summary>D7 receivables classes, <c>CrmHub:Rules:Receivables</c>.</summary>
public sealed class ReceivablesRulesOptions
{
    /// <summary>ShortTerm while the oldest overdue invoice is at most this many days overdue.</summary>
    public int ShortTermMaxDays { get; set; } = ReceivablesSettings.Default.ShortTermMaxDays;

    /// <summary>LongTerm up to this many days overdue; beyond it BadDebt.</summary>
    public int LongTermMaxDays { get; set; } = ReceivablesSettings.Default.LongTermMaxDays;
}

/// <summary>D5 key accounts, <c>CrmHub:Rules:KeyAccounts</c> (the large-order amount is <c>CrmHub:Rules:LargeOrderAmount</c>).</summary>
public sealed class KeyAccountRulesOptions
{
    /// <summary>Consecutive evaluations below Gold after which an undesignated key account leaves (hysteresis).</summary>
    public int EvaluationsBelowGoldToLeave { get; set; } = KeyAccountSettings.Default.EvaluationsBelowGoldToLeave;

    /// <summary>The agent who manages key accounts that have none; unset: the customer's owner agent.</summary>
    public string? DefaultManagerId { get; set; } = KeyAccountSettings.Default.DefaultManagerId;

    /// <summary>How often, in days, a key account must be visited unless the account sets its own cadence.</summary>
    public int VisitCadenceDays { get; set; } = KeyAccountSettings.Default.VisitCadenceDays;
}

/// <summary>D9 complaint deadlines, <c>CrmHub:Rules:ComplaintSla</c>, by the customer's tier when the complaint opened.</summary>
public sealed class ComplaintSlaRulesOptions
{
    /// <summary>Platinum: first response 1 h, resolution 8 h.</summary>
    public SlaTargetsOptions Platinum { get; set; } = new(ComplaintSlaSettings.Default.Platinum);

    /// <summary>Gold: first response 4 h, resolution 24 h.</summary>
    public SlaTargetsOptions Gold { get; set; } = new(ComplaintSlaSettings.Default.Gold);

    /// <summary>Iron: first response 24 h, resolution 48 h.</summary>
    public SlaTargetsOptions Iron { get; set; } = new(ComplaintSlaSettings.Default.Iron);

    /// <summary>Lead: first response 24 h, resolution 48 h.</summary>
    public SlaTargetsOptions Lead { get; set; } = new(ComplaintSlaSettings.Default.Lead);

    /// <summary>The share of each interval after which the owner is warned (0.8: at 80%), in (0, 1].</summary>
    public double WarningShare { get; set; } = ComplaintSlaSettings.Default.WarningShare;
}

/// <summary>One tier's complaint deadlines, e.g. <c>CrmHub:Rules:ComplaintSla:Platinum</c>.</summary>
public sealed class SlaTargetsOptions
{
    public SlaTargetsOptions()
    {
    }

    internal SlaTargetsOptions(SlaTargets targets)
    {
        FirstResponse = targets.FirstResponse;
        Resolution = targets.Resolution;
    }

    /// <summary>How long after opening the first response (the <c>apologise</c> step) is due.</summary>
    public TimeSpan FirstResponse { get; set; }

    /// <summary>How long after opening the resolution (the <c>resolve</c> step) is due.</summary>
    public TimeSpan Resolution { get; set; }

    internal SlaTargets Targets => new(FirstResponse, Resolution);
}

/// <summary>
/// Checks <see cref="RulesOptions"/> when the host starts, so that a mistyped threshold stops the host with a message
/// naming the configuration key instead of quietly skewing every customer's classification.
/// </summary>
public sealed class RulesOptionsValidator : IValidateOptions<RulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new Checks();

        var pyramid = options.Pyramid;
        check.Fraction("Pyramid:PlatinumShare", pyramid.PlatinumShare);
        check.Fraction("Pyramid:GoldShare", pyramid.GoldShare);
        check.Fraction("Pyramid:IronShare", pyramid.IronShare);
        check.That(pyramid.PlatinumShare + pyramid.GoldShare + pyramid.IronShare <= 1m, "Pyramid:PlatinumShare",
            "plus CrmHub:Rules:Pyramid:GoldShare and CrmHub:Rules:Pyramid:IronShare must be at most 1 (Lead takes the rest)");
        check.That(pyramid.ParetoTopShare is > 0m and <= 1m, "Pyramid:ParetoTopShare", "must be greater than 0 and at most 1");
        check.Positive("Pyramid:RefreshPeriod", pyramid.RefreshPeriod);
        check.Positive("Pyramid:ProfitWindowDays", pyramid.ProfitWindowDays);

        check.That(options.Clv.DiscountRate is >= 0m and < 1m, "Clv:DiscountRate", "must be at least 0 and less than 1");
        check.That(options.Clv.HorizonYears is >= 1 and <= 100, "Clv:HorizonYears", "must be between 1 and 100");
        check.Fraction("Clv:DefaultRetention", options.Clv.DefaultRetention);

        var lifecycle = options.Lifecycle;
        check.Positive("Lifecycle:ActiveWithinDays", lifecycle.ActiveWithinDays);
        check.That(lifecycle.ChurnAfterDays > lifecycle.ActiveWithinDays, "Lifecycle:ChurnAfterDays",
            "must be greater than CrmHub:Rules:Lifecycle:ActiveWithinDays");
        check.Positive("Lifecycle:LoyalMinPurchases", lifecycle.LoyalMinPurchases);
        check.Positive("Lifecycle:LoyaltyWindowDays", lifecycle.LoyaltyWindowDays);
        check.Positive("Lifecycle:LoyalMaxGapDays", lifecycle.LoyalMaxGapDays);

        var churn = options.ChurnRisk;
        var weights = new (string Key, decimal Value)[]
        {
            ("ChurnRisk:GrowingGapWeight", churn.GrowingGapWeight),
            ("ChurnRisk:OpenComplaintsWeight", churn.OpenComplaintsWeight),
            ("ChurnRisk:RepeatedComplaintsWeight", churn.RepeatedComplaintsWeight),
            ("ChurnRisk:FallingSatisfactionWeight", churn.FallingSatisfactionWeight),
            ("ChurnRisk:OverdueReceivablesWeight", churn.OverdueReceivablesWeight),
        };
        foreach (var (key, value) in weights)
            check.That(value >= 0m, key, "must not be negative");
        check.That(weights.Sum(weight => weight.Value) > 0m, "ChurnRisk:GrowingGapWeight",
            "and the other CrmHub:Rules:ChurnRisk weights must not all be 0");
        check.That(churn.GapRatioStart >= 0m, "ChurnRisk:GapRatioStart", "must not be negative");
        check.That(churn.GapRatioForFull > churn.GapRatioStart, "ChurnRisk:GapRatioForFull",
            "must be greater than CrmHub:Rules:ChurnRisk:GapRatioStart");
        check.Positive("ChurnRisk:OpenComplaintsForFull", churn.OpenComplaintsForFull);
        check.Positive("ChurnRisk:ComplaintWindowDays", churn.ComplaintWindowDays);
        check.That(churn.RepeatedComplaintsForFull > 1, "ChurnRisk:RepeatedComplaintsForFull", "must be greater than 1 (one complaint is not repeated)");
        check.Positive("ChurnRisk:SatisfactionDropForFull", churn.SatisfactionDropForFull);
        check.Positive("ChurnRisk:OverdueDaysForFull", churn.OverdueDaysForFull);
        check.That(churn.WarningScore is > 0m and <= 1m, "ChurnRisk:WarningScore", "must be greater than 0 and at most 1");
        check.That(churn.RiseStep is > 0m and <= 1m, "ChurnRisk:RiseStep", "must be greater than 0 and at most 1");

        check.Positive("Relationship:FollowUpWithin", options.Relationship.FollowUpWithin);
        check.Positive("Relationship:ProactiveWindows", options.Relationship.ProactiveWindows);
        check.Positive("Relationship:ProactiveWindow", options.Relationship.ProactiveWindow);

        check.Positive("Receivables:ShortTermMaxDays", options.Receivables.ShortTermMaxDays);
        check.That(options.Receivables.LongTermMaxDays > options.Receivables.ShortTermMaxDays, "Receivables:LongTermMaxDays",
            "must be greater than CrmHub:Rules:Receivables:ShortTermMaxDays");

        check.Positive("KeyAccounts:EvaluationsBelowGoldToLeave", options.KeyAccounts.EvaluationsBelowGoldToLeave);
        check.Positive("KeyAccounts:VisitCadenceDays", options.KeyAccounts.VisitCadenceDays);
        check.That(options.LargeOrderAmount > 0m, "LargeOrderAmount", "must be greater than 0");

        var sla = options.ComplaintSla;
        foreach (var (tier, targets) in new[] { ("Platinum", sla.Platinum), ("Gold", sla.Gold), ("Iron", sla.Iron), ("Lead", sla.Lead) })
        {
            check.Positive($"ComplaintSla:{tier}:FirstResponse", targets.FirstResponse);
            check.That(targets.Resolution >= targets.FirstResponse, $"ComplaintSla:{tier}:Resolution",
                $"must not be shorter than CrmHub:Rules:ComplaintSla:{tier}:FirstResponse");
        }
        check.That(sla.WarningShare is > 0d and <= 1d, "ComplaintSla:WarningShare", "must be greater than 0 and at most 1");

        return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
    }

    /// <summary>Collects one message per failed check, each naming its full configuration key.</summary>
    private sealed class Checks
    {
        public List<string> Failures { get; } = [];

        public void That(bool holds, string key, string requirement)
        {
            if (!holds)
                Failures.Add($"{RulesOptions.Section}:{key} {requirement}.");
        }

        public void Fraction(string key, decimal value) => That(value is >= 0m and <= 1m, key, Was("must be between 0 and 1", value));

        public void Positive(string key, int value) => That(value > 0, key, Was("must be greater than 0", value));

        public void Positive(string key, TimeSpan value) => That(value > TimeSpan.Zero, key, Was("must be a positive duration", value));

        private static string Was(string requirement, IFormattable value) =>
            $"{requirement} (was {value.ToString(null, CultureInfo.InvariantCulture)})";
    }
}

public static class RulesOptionsServiceCollectionExtensions
{
    /// <summary>Checks <see cref="RulesOptions"/> when the host starts (<see cref="RulesOptionsValidator"/>).</summary>
    public static IServiceCollection AddCrmHubRulesValidation(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RulesOptions>, RulesOptionsValidator>());
        return services;
    }
}
