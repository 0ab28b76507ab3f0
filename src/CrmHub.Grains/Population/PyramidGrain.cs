using System.Diagnostics;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Population;
using CrmHub.Domain.Value;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Population;

/// <summary>Persisted state of <see cref="PyramidGrain"/>: the last cut-offs, so a restart serves them at once.</summary>
public sealed class PyramidState
{
    public TierCutoffsSnapshot Cutoffs { get; set; } = TierCutoffsSnapshot.None;
}

/// <summary>
/// D2/D3: one population's pyramid and customer equity. Every <see cref="PyramidRulesOptions.RefreshPeriod"/> (and on
/// <see cref="Refresh"/>) it pulls the partial summaries of all value buckets in parallel, merges them, and computes
/// the tier cut-offs, the pyramid report and the equity. The cut-offs' version rises only when a tier minimum
/// changes, so each version is one set of verdicts (key-account hysteresis counts evaluations per version).
/// Off the per-event path: customers read the cut-offs from <see cref="ITierCutoffsCache"/>.
/// </summary>
/// <remarks>
/// The customers a change of cut-offs moves are re-evaluated in the background, paced
/// (<see cref="PopulationOptions.ReevaluationsPerSecond"/>, <see cref="PopulationOptions.ReevaluationConcurrency"/>): a
/// refresh that moves hundreds of customers would otherwise put hundreds of writes and console notifications in front of
/// the live events at once, and hold this grain until they were done. The report says how many are still to go
/// (<see cref="PopulationReport.ReevaluationsPending"/>).
/// </remarks>
public sealed partial class PyramidGrain(
    [PersistentState("pyramid", StorageNames.Crm)] IPersistentState<PyramidState> state,
    IOptions<PopulationOptions> population,
    IOptions<RulesOptions> rules,
    TimeProvider time,
    ILogger<PyramidGrain> logger) : Grain, IPyramidGrain
{
    private PopulationReport? _report;

    // Customers to re-evaluate, each with the cut-offs whose change moved it, taken in order: a customer moved by two
    // changes is evaluated under each, as the key-account hysteresis counts evaluations per version. The workers take
    // turns on this grain's scheduler, so none of these fields needs a lock.
    private readonly Queue<(string CustomerId, TierCutoffsSnapshot Cutoffs)> _moved = new();
    private int _workers;
    private int _reevaluating;
    private long _paceStartedAt;
    private int _paced;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = rules.Value.Pyramid.RefreshPeriod;
        this.RegisterGrainTimer(RefreshOnTimer, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<TierCutoffsSnapshot> GetCutoffs() => Task.FromResult(state.State.Cutoffs);

    public async Task<PopulationReport> GetReport() => WithProgress(_report ?? await Refresh());

    public async Task<PopulationReport> Refresh()
    {
        var populationName = this.GetPrimaryKeyString();
        var summaries = await Task.WhenAll(Enumerable.Range(0, population.Value.Buckets)
            .Select(bucket => GrainFactory.GetGrain<IValueBucketGrain>(bucket, populationName).GetSummary()));
        var merged = ProfitDistribution.Merge(summaries.Select(summary => summary.ToDistribution()));
        var equity = summaries.Aggregate(CustomerEquity.Empty, (sum, summary) => sum.Merge(summary.Equity.ToCustomerEquity()));

        var (now, settings) = (time.GetUtcNow(), rules.Value.Settings.Value);
        var previous = state.State.Cutoffs;
        var changed = !previous.SameTiers(PyramidRules.Cutoffs(merged, now, previous.Version, settings));
        var report = PyramidRules.Report(merged, now, changed ? previous.Version + 1 : previous.Version, settings)
            .ToPopulationReport(equity, now);

        state.State.Cutoffs = report.Cutoffs;
        if (changed)
        {
            await state.WriteOrRevertAsync(this);
            await QueueReevaluations(previous, report.Cutoffs);
        }
        _report = report;
        return WithProgress(report);
    }

    private PopulationReport WithProgress(PopulationReport report) =>
        report with { ReevaluationsPending = _moved.Count + _reevaluating };

    /// <summary>
    /// D2/D5: the customers whose tier differs under the new cut-offs are queued to evaluate their key-account membership
    /// with the cut-offs passed in (a customer must not call this grain while it awaits them). A failure to find them is
    /// logged: those customers evaluate on their next event.
    /// </summary>
    private async Task QueueReevaluations(TierCutoffsSnapshot previous, TierCutoffsSnapshot current)
    {
        if (this.GetPrimaryKeyString() != ValueBuckets.Customers)
            return;
        try
        {
            var changes = await Task.WhenAll(Enumerable.Range(0, population.Value.Buckets)
                .Select(bucket => GrainFactory.GetGrain<IValueBucketGrain>(bucket, ValueBuckets.Customers).TierChanges(previous, current)));
            foreach (var change in changes.SelectMany(bucket => bucket))
                _moved.Enqueue((change.CustomerId, current));
        }
        catch (Exception e)
        {
            LogReevaluationFailed(e, this.GetPrimaryKeyString(), current.Version);
            return;
        }
        if (_workers == 0)
            (_paceStartedAt, _paced) = (Stopwatch.GetTimestamp(), 0);
        while (_workers < Math.Min(population.Value.ReevaluationConcurrency, _moved.Count))
        {
            _workers++;
            // Started from this grain's turn, so it runs on this grain's scheduler between the calls answered meanwhile.
            _ = Reevaluate();
        }
    }

    /// <summary>One worker: takes queued customers at the pace until none is left. Failures are logged per customer.</summary>
    private async Task Reevaluate()
    {
        while (_moved.TryDequeue(out var moved))
        {
            _reevaluating++;
            try
            {
                // Real time, not the grains' clock: the pace protects the machine's capacity; it is no business deadline.
                var due = TimeSpan.FromSeconds(_paced++ / population.Value.ReevaluationsPerSecond) - Stopwatch.GetElapsedTime(_paceStartedAt);
                if (due > TimeSpan.Zero)
                    await Task.Delay(due);
                await ReevaluateOne(moved.CustomerId, moved.Cutoffs);
            }
            finally
            {
                _reevaluating--;
            }
        }
        _workers--;
    }

    private async Task ReevaluateOne(string customerId, TierCutoffsSnapshot current)
    {
        try
        {
            await GrainFactory.GetGrain<ICustomerGrain>(customerId).Reevaluate(current);
        }
        catch (Exception e)
        {
            LogCustomerReevaluationFailed(e, customerId, current.Version);
        }
    }

    private async Task RefreshOnTimer(CancellationToken cancellationToken)
    {
        try
        {
            await Refresh();
        }
        catch (Exception e)
        {
            LogRefreshFailed(e, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pyramid {Population}: finding the customers whose tier changed under version {Version} failed")]
    private partial void LogReevaluationFailed(Exception exception, string population, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId}: re-evaluation under cut-off version {Version} failed; its next event evaluates")]
    private partial void LogCustomerReevaluationFailed(Exception exception, string customerId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pyramid {Population}: refreshing from the value buckets failed; retrying next period")]
    private partial void LogRefreshFailed(Exception exception, string population);
}
