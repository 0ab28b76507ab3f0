using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Experience;
using CrmHub.Domain.Lifecycle;
using CrmHub.Domain.Value;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Population;

/// <summary>Persisted state of <see cref="ValueBucketGrain"/>: the latest snapshot of each customer, by customer id.</summary>
public sealed class ValueBucketState
{
    public Dictionary<string, CustomerValueSnapshot> Customers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One bucket of customers' value snapshots (invariant 7: a partial summary, never a single grain for everyone).
/// Reports change memory at once; the state is written every refresh period when something changed, and on
/// deactivation. The snapshots are derived from the customers' own durable facts, so the few reports a crash may
/// lose come back when the customers report again.
/// </summary>
public sealed class ValueBucketGrain(
    [PersistentState("valueBucket", StorageNames.Crm)] IPersistentState<ValueBucketState> state,
    IOptions<PopulationOptions> population,
    IOptions<RulesOptions> rules) : Grain, IValueBucketGrain
{
    private bool _dirty;

    private int Index => (int)this.GetPrimaryKeyLong(out _);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = rules.Value.Pyramid.RefreshPeriod;
        this.RegisterGrainTimer(_ => Flush(), new GrainTimerCreationOptions(period, period));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush();

    public Task Report(string customerId, CustomerValueSnapshot snapshot)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (ValueBuckets.For(customerId, population.Value.Buckets) != Index)
            throw new ArgumentException($"Customer '{customerId}' belongs to another value bucket than {Index}.", nameof(customerId));

        if (state.State.Customers.TryGetValue(customerId, out var known)
            && (known.AsOf > snapshot.AsOf || (known.AsOf == snapshot.AsOf && known.SameFiguresAs(snapshot))))
            return Task.CompletedTask;
        state.State.Customers[customerId] = snapshot;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<BucketSummary> GetSummary()
    {
        var members = Members().Select(member => member.Value).ToList();
        var distribution = ProfitDistribution.Of(members.Select(member => member.ToRollingProfit()));
        return Task.FromResult(new BucketSummary(distribution.ToSummary(), PopulationMapping.EquityOf(members).ToSummary()));
    }

    public Task<ImmutableArray<TierChange>> TierChanges(TierCutoffsSnapshot previous, TierCutoffsSnapshot current)
    {
        var (before, after) = (previous.ToTierCutoffs(), current.ToTierCutoffs());
        return Task.FromResult<ImmutableArray<TierChange>>([.. Members()
            .Select(member => (Change: new TierChange(
                member.Key,
                PyramidRules.TierFor(member.Value.Profit, before),
                PyramidRules.TierFor(member.Value.Profit, after)), member.Value.IsKeyAccount))
            .Where(member => member.Change.PreviousTier != member.Change.Tier || (member.IsKeyAccount && member.Change.Tier is Tier.Iron or Tier.Lead))
            .Select(member => member.Change)
            .OrderBy(change => change.CustomerId, StringComparer.Ordinal)]);
    }

    public Task<RetentionCounts> Retention(DateTimeOffset from, DateTimeOffset to)
    {
        var settings = rules.Value.Settings.Lifecycle;
        return Task.FromResult(RetentionSummary
            .MergeAll(Members().Select(member => RetentionSummary.ForCustomer(member.Value.PurchaseTimes, from, to, settings)))
            .ToCounts());
    }

    public Task<SatisfactionCounts> Satisfaction(ImmutableArray<string> agentIds)
    {
        var rated = agentIds.IsDefaultOrEmpty ? null : agentIds.ToHashSet(StringComparer.Ordinal);
        var surveys = Members()
            .SelectMany(member => member.Value.Surveys)
            .Where(survey => rated is null || (survey.AgentId is { } agentId && rated.Contains(agentId)))
            .Select(survey => survey.ToSurvey());
        return Task.FromResult(SatisfactionSummary.Of(surveys).ToCounts());
    }

    /// <summary>The customers that hash to this bucket under the configured bucket count.</summary>
    private IEnumerable<KeyValuePair<string, CustomerValueSnapshot>> Members()
    {
        var (index, count) = (Index, population.Value.Buckets);
        return state.State.Customers.Where(entry => ValueBuckets.For(entry.Key, count) == index);
    }

    private async Task Flush()
    {
        if (!_dirty)
            return;
        await state.WriteOrRevertAsync(this);
        _dirty = false;
    }
}
