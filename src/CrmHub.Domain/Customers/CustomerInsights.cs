using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Experience;
using CrmHub.Domain.KeyAccounts;
using CrmHub.Domain.Lifecycle;
using CrmHub.Domain.Prospects;
using CrmHub.Domain.Receivables;
using CrmHub.Domain.Relationship;
using CrmHub.Domain.Value;

namespace CrmHub.Domain.Customers;

/// <summary>D5: the customer as a key account, as of one instant.</summary>
/// <param name="IsKeyAccount">A key account: reached Gold (with hysteresis on leaving) or designated by a manager.</param>
/// <param name="ManagerId">The designating manager, else the configured default manager, else the owner agent; null for other customers.</param>
/// <param name="Since">When the current designation began.</param>
/// <param name="Sensitivity">The latest sensitivity given by a profile or a designation event.</param>
/// <param name="RecommendedStrategies">D5's strategies for <paramref name="Sensitivity"/>; empty without one.</param>
/// <param name="HasPlan">A designation gave goals (the key-account plan).</param>
/// <param name="Visits">The visit cadence and where the account stands against it (never overdue for other customers).</param>
public sealed record KeyAccountInsight(
    bool IsKeyAccount,
    string? ManagerId,
    DateTimeOffset? Since,
    KeyAccountSensitivity? Sensitivity,
    ImmutableArray<string> RecommendedStrategies,
    bool HasPlan,
    VisitStatus Visits);

/// <summary>What time-driven alerts compare: the last assessment a customer grain stored.</summary>
public sealed record InsightsSnapshot(
    Behaviour? Behaviour, ChurnState ChurnState, decimal ChurnScore, ReceivablesClass Receivables, bool VisitOverdue = false);

/// <summary>
/// The per-customer CRM knowledge of the 360 view, computed from the record's facts as of one instant (pure: the
/// same facts, instant and settings always give the same insights).
/// </summary>
/// <param name="AsOf">The instant the insights hold for.</param>
/// <param name="Lifecycle">D1 stage and win-backs.</param>
/// <param name="Behaviour">D6 behaviour class; null before the first purchase.</param>
/// <param name="ChurnRisk">D6 churn state, score and signals.</param>
/// <param name="Receivables">D7 receivables status.</param>
/// <param name="RelationshipLevel">D4 relationship level.</param>
/// <param name="Satisfaction">D8 satisfaction levels up to <paramref name="AsOf"/>.</param>
/// <param name="Man">D11 latest MAN qualification; null when never qualified.</param>
/// <param name="Profit12Months">D2 rolling-window revenue, cost and refunds.</param>
/// <param name="Clv">D3 lifetime value with its inputs.</param>
/// <param name="ProfitContribution">D1 profit-contribution class.</param>
/// <param name="ValueStyle">D1 value-creating style from the profile.</param>
/// <param name="KeyAccount">D5 key-account standing.</param>
/// <param name="Tier">D2 tier, when the caller knows it from the population pyramid.</param>
/// <param name="NextChangeAt">The first instant after <paramref name="AsOf"/> at which something changes with no new event
/// (lifecycle stage, behaviour class, receivables class, a key-account visit falling overdue); null when nothing will.</param>
public sealed record CustomerInsights(
    DateTimeOffset AsOf,
    LifecycleAssessment Lifecycle,
    Behaviour? Behaviour,
    ChurnRiskAssessment ChurnRisk,
    ReceivablesStatus Receivables,
    RelationshipLevel RelationshipLevel,
    SatisfactionHistory Satisfaction,
    ManAssessment? Man,
    RollingProfit Profit12Months,
    ClvResult Clv,
    ProfitContribution ProfitContribution,
    ValueStyle? ValueStyle,
    KeyAccountInsight KeyAccount,
    Tier? Tier,
    DateTimeOffset? NextChangeAt)
{
    /// <summary>
    /// The insights of <paramref name="record"/> as of <paramref name="asOf"/>; facts with a later event time are not known yet.
    /// <list type="bullet">
    /// <item>D1 lifecycle: <see cref="CustomerLifecycle.Assess"/>. A party is Potential unless its latest MAN qualification says it
    /// has no need (then NonCustomer); the latest qualification that says whether it is targeted decides Target. Nothing marks a
    /// NonCustomer by hand yet.</item>
    /// <item>D7 receivables: <see cref="ReceivablesRules.Classify"/>; an invoice issued again under the same id replaces the
    /// earlier one (the latest by event time counts).</item>
    /// <item>D1 profit contribution: <see cref="ContributionRules.For(Abstractions.Crm.Tier, decimal)"/> with the given
    /// <paramref name="tier"/>; without one (until the population pyramid ranks the customer) the customer is read as Lead, so a
    /// profitable customer is General and any other NonProfitable: Core and VIP need the pyramid.</item>
    /// <item>D3 CLV: <see cref="ClvRules.Clv"/> with <see cref="ValueSettings.DefaultRetention"/> until segment retention is measured.</item>
    /// <item>D5 key account: the given persisted membership (tier evaluations with hysteresis and designations, kept by the
    /// customer grain), else the designations folded alone; the manager as
    /// <see cref="KeyAccountMembership.AssignManager"/> gives it.</item>
    /// <item>D4 relationship: Partnership needs a key account with a plan (goals given on designation) and a quarterly review,
    /// read as a key-account visit within the last <see cref="RelationshipSettings.ProactiveWindows"/> ×
    /// <see cref="RelationshipSettings.ProactiveWindow"/> (90 days): the plan is updated after every visit.</item>
    /// </list>
    /// </summary>
    public static CustomerInsights Of(
        CustomerRecord record, DateTimeOffset asOf, CrmRuleSettings settings, Tier? tier = null, KeyAccountState? keyAccount = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(settings);

        var purchases = record.Purchases.Where(purchase => purchase.Time <= asOf).ToImmutableArray();
        ImmutableArray<DateTimeOffset> purchaseTimes = [.. purchases.Select(purchase => purchase.Time)];
        var refunds = record.Refunds.Where(refund => refund.Time <= asOf).ToList();
        var satisfaction = SatisfactionHistory.Of(record.Surveys.Where(survey => survey.Time <= asOf)
            .Select(survey => new SatisfactionObservation(survey.Time, survey.Level)));
        var prospects = record.Prospects.Where(prospect => prospect.Time <= asOf).ToList();
        var latestProspect = prospects.LastOrDefault();

        var lifecycleFacts = new LifecycleFacts(
            purchaseTimes,
            HasKnownNeed: latestProspect?.Need ?? true,
            Targeted: prospects.LastOrDefault(prospect => prospect.Targeted is not null)?.Targeted ?? false,
            MarkedNonCustomer: false,
            satisfaction.Latest);
        var lifecycle = CustomerLifecycle.Assess(lifecycleFacts, asOf, settings.Lifecycle);
        Behaviour? behaviour = purchases.IsEmpty ? null : BehaviourRules.ClassOf(purchases[^1].Time, asOf, settings.Lifecycle);

        var ledger = LedgerAsOf(record, asOf);
        var receivables = ReceivablesRules.Classify(ledger, asOf, settings.Receivables);

        var churnRisk = Domain.Lifecycle.ChurnRisk.Assess(
            new ChurnRiskFacts(
                purchaseTimes,
                record.OpenComplaints.Count(complaint => complaint.OpenedAt <= asOf),
                [.. record.ComplaintsRaised.Select(raised => raised.RaisedAt).Where(time => time <= asOf)],
                satisfaction.Latest,
                satisfaction.Previous,
                receivables.OldestOverdueDays ?? 0),
            asOf,
            settings.Lifecycle,
            settings.ChurnRisk);

        var keyAccountInsight = KeyAccountOf(record, asOf, settings, keyAccount);
        var contacts = record.Contacts.Where(contact => contact.Time <= asOf).ToList();
        var quarter = settings.Relationship.ProactiveWindow * settings.Relationship.ProactiveWindows;
        var reviewedQuarterly = keyAccountInsight.Visits.LastVisitAt is { } lastVisit && asOf - lastVisit <= quarter;
        var relationship = RelationshipRules.LevelAt(
            contacts,
            purchaseTimes,
            new KeyAccountStanding(keyAccountInsight.IsKeyAccount, keyAccountInsight.HasPlan, reviewedQuarterly),
            asOf,
            settings.Relationship);

        var profit = ProfitRules.Rolling(purchases, refunds, asOf, settings.Value);
        var clv = ClvRules.Clv(purchases, refunds, settings.Value.DefaultRetention, asOf, settings.Value);

        DateTimeOffset?[] changes =
        [
            CustomerLifecycle.NextChangeAt(lifecycleFacts, asOf, settings.Lifecycle),
            purchases.IsEmpty ? null : BehaviourRules.NextTransitionAt(purchases[^1].Time, asOf, settings.Lifecycle),
            ReceivablesRules.NextChangeAt(ledger, asOf, settings.Receivables),
            keyAccountInsight.Visits.OverdueAt is { } overdueAt && overdueAt > asOf ? overdueAt : null,
        ];

        return new(
            asOf,
            lifecycle,
            behaviour,
            churnRisk,
            receivables,
            relationship,
            satisfaction,
            latestProspect is null ? null : new ManAssessment(latestProspect.Money, latestProspect.Authority, latestProspect.Need),
            profit,
            clv,
            ContributionRules.For(tier ?? Abstractions.Crm.Tier.Lead, profit.Profit),
            record.Profile.ValueStyle,
            keyAccountInsight,
            tier,
            changes.Where(change => change > asOf).Min());
    }

    /// <summary>What time-driven alerts compare between two assessments.</summary>
    public InsightsSnapshot Snapshot => new(Behaviour, ChurnRisk.State, ChurnRisk.Score, Receivables.Class, KeyAccount.Visits.VisitOverdue);

    /// <summary>D7: the invoices, payments and write-offs known as of <paramref name="asOf"/>; the latest issue of an invoice id counts.</summary>
    private static ReceivablesLedger LedgerAsOf(CustomerRecord record, DateTimeOffset asOf) => new(
        [.. record.Invoices
            .Where(invoice => invoice.Time <= asOf)
            .GroupBy(invoice => invoice.InvoiceId, StringComparer.Ordinal)
            .Select(issues => issues.Last())
            .Select(invoice => new Invoice(invoice.InvoiceId, invoice.Amount, invoice.DueAt))],
        [.. record.Payments.Where(payment => payment.Time <= asOf).Select(payment => new Payment(payment.Amount, payment.InvoiceId))],
        [.. record.WriteOffs.Where(writeOff => writeOff.Time <= asOf).Select(writeOff => new WriteOff(writeOff.InvoiceId))]);

    /// <summary>D5: designations folded in time order, the manager assigned, sensitivity, strategies and visits.</summary>
    private static KeyAccountInsight KeyAccountOf(CustomerRecord record, DateTimeOffset asOf, CrmRuleSettings settings, KeyAccountState? persisted)
    {
        var designations = record.Designations.Where(designation => designation.Time <= asOf).ToList();
        var designated = persisted ?? designations.Aggregate(
            KeyAccountState.None,
            (state, designation) => KeyAccountMembership.Designate(state, designation.Designated, designation.ManagerId, designation.Time).State);
        var membership = KeyAccountMembership.AssignManager(designated, record.Profile.OwnerAgentId, settings.KeyAccounts).State;

        var sensitivity = designations
            .Where(designation => designation.Sensitivity is not null)
            .Select(designation => (designation.Time, designation.Sensitivity))
            .Concat(record.ProfileChanges
                .Where(change => change.Time <= asOf && change.Data.Sensitivity is not null)
                .Select(change => (change.Time, change.Data.Sensitivity)))
            .OrderBy(given => given.Time)
            .LastOrDefault().Sensitivity;
        var cadenceDays = designations.LastOrDefault(designation => designation.VisitCadenceDays is >= 1)?.VisitCadenceDays;
        var lastVisit = record.Contacts
            .Where(contact => contact.Channel == ContactChannel.Visit && contact.Time <= asOf)
            .Select(contact => (DateTimeOffset?)contact.Time)
            .Max();
        var visits = membership.IsKeyAccount
            ? KeyAccountVisits.Status(lastVisit, membership.Since, cadenceDays, asOf, settings.KeyAccounts)
            : new VisitStatus(lastVisit, cadenceDays ?? settings.KeyAccounts.VisitCadenceDays, null, null, false);

        return new(
            membership.IsKeyAccount,
            membership.ManagerId,
            membership.Since,
            sensitivity,
            sensitivity is { } group ? [.. KeyAccountStrategies.For(group)] : [],
            HasPlan: membership.IsKeyAccount && designations.Any(designation => !string.IsNullOrWhiteSpace(designation.Goals)),
            visits);
    }
}
