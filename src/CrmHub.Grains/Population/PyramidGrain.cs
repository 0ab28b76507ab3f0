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
/// the live events at once. Reports and cut-offs are answered meanwhile; an explicit <see cref="Refresh"/> answers once
/// the re-evaluations it started are done.
/// </remarks>
public sealed partial class PyramidGrain(
    [PersistentState("pyramid", StorageNames.Crm)] IPersistentState<PyramidState> state,
    IOptions<PopulationOptions> population,
    IOptions<RulesOptions> rules,
    TimeProvider time,
    ILogger<PyramidGrain> logger) : Grain, IPyramidGrain
{
    private PopulationReport? _report;

    // The re-evaluations of every change so far, one change after the other (a customer moved by an earlier change
    // and not by the next is still re-evaluated).
    private Task _reevaluations = Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = rules.Value.Pyramid.RefreshPeriod;
        this.RegisterGrainTimer(RefreshOnTimer, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<TierCutoffsSnapshot> GetCutoffs() => Task.FromResult(state.State.Cutoffs);

    public async Task<PopulationReport> GetReport() => _report ?? await Refresh();

    public async Task<PopulationReport> Refresh()
    {
        var report = await Recompute();
        await _reevaluations;
        return report;
    }

    private async Task<PopulationReport> Recompute()
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
            // Started here, so its steps run on this grain's scheduler between the calls it answers meanwhile.
            _reevaluations = ReevaluateAfter(_reevaluations, previous, report.Cutoffs);
        }
        _report = report;
        return report;
    }

    private async Task ReevaluateAfter(Task earlier, TierCutoffsSnapshot previous, TierCutoffsSnapshot current)
    {
        await earlier;
        await Reevaluate(previous, current);
    }

    /// <summary>
    /// D2/D5: the customers whose tier differs under the new cut-offs evaluate their key-account membership now, with
    /// the cut-offs passed in (a customer must not call this grain while it awaits them). Failures are logged: such a
    /// customer evaluates on its next event.
    /// </summary>
    private async Task Reevaluate(TierCutoffsSnapshot previous, TierCutoffsSnapshot current)
    {
        if (this.GetPrimaryKeyString() != ValueBuckets.Customers)
            return;
        try
        {
            var changes = await Task.WhenAll(Enumerable.Range(0, population.Value.Buckets)
                .Select(bucket => GrainFactory.GetGrain<IValueBucketGrain>(bucket, ValueBuckets.Customers).TierChanges(previous, current)));
            var waiting = new Queue<string>(changes.SelectMany(bucket => bucket).Select(change => change.CustomerId));
            var (rate, concurrency) = (population.Value.ReevaluationsPerSecond, population.Value.ReevaluationConcurrency);
            // Real time, not the grains' clock: the pace protects the machine's capacity; it is no business deadline.
            var started = Stopwatch.GetTimestamp();
            var next = 0;
            // The workers take turns on this grain's scheduler, so the queue and the count need no lock.
            await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, waiting.Count)).Select(async _ =>
            {
                while (waiting.TryDequeue(out var customerId))
                {
                    var due = TimeSpan.FromSeconds(next++ / rate) - Stopwatch.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                        await Task.Delay(due);
                    await ReevaluateOne(customerId, current);
                }
            }));
        }
        catch (Exception e)
        {
            LogReevaluationFailed(e, this.GetPrimaryKeyString(), current.Version);
        }
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

    /// <summary>Recomputes without waiting for the re-evaluations, so the timer's turn does not hold the grain while they run.</summary>
    private async Task RefreshOnTimer(CancellationToken cancellationToken)
    {
        try
        {
            await Recompute();
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
