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
public sealed partial class PyramidGrain(
    [PersistentState("pyramid", StorageNames.Crm)] IPersistentState<PyramidState> state,
    IOptions<PopulationOptions> population,
    IOptions<RulesOptions> rules,
    TimeProvider time,
    ILogger<PyramidGrain> logger) : Grain, IPyramidGrain
{
    private PopulationReport? _report;

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
            await state.WriteOrRevertAsync(this);
        _report = report;
        return report;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pyramid {Population}: refreshing from the value buckets failed; retrying next period")]
    private partial void LogRefreshFailed(Exception exception, string population);
}
