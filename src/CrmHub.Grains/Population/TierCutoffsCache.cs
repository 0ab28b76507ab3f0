using CrmHub.Abstractions.Population;
using CrmHub.Domain.Value;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Population;

/// <summary>
/// D2: this silo's copy of the current tier cut-offs, so customers find their tier without calling the pyramid
/// grain: <c>PyramidRules.TierFor(profit, cache.Current)</c>.
/// </summary>
public interface ITierCutoffsCache
{
    /// <summary>
    /// The latest cut-offs this silo has (the empty set, where everyone is Lead, before the first load). Reading it
    /// starts a background reload when the copy is older than the refresh period.
    /// </summary>
    TierCutoffs Current { get; }

    /// <summary>
    /// As <see cref="Current"/>, but waits for the first load (and fails with it), so a customer evaluated just after
    /// a start is not put in Lead for want of cut-offs.
    /// </summary>
    ValueTask<TierCutoffs> GetAsync();

    /// <summary>Loads the pyramid grain's cut-offs now; an older version than the one held is ignored.</summary>
    Task<TierCutoffs> RefreshAsync();
}

/// <summary>
/// The per-silo <see cref="ITierCutoffsCache"/>: a lazy refresh with a timestamp (<see cref="TimeProvider"/>), at most
/// one load in flight, loads run outside any grain's context. Population <see cref="ValueBuckets.Customers"/>.
/// </summary>
public sealed partial class TierCutoffsCache(
    IGrainFactory grains,
    IOptions<RulesOptions> rules,
    TimeProvider time,
    ILogger<TierCutoffsCache> logger) : ITierCutoffsCache
{
    private readonly Lock _gate = new();
    private TierCutoffs _current = TierCutoffsSnapshot.None.ToTierCutoffs();
    private DateTimeOffset? _loadedAt;
    private DateTimeOffset _nextLoad = DateTimeOffset.MinValue;
    private Task? _loading;

    public TierCutoffs Current
    {
        get
        {
            StartLoadIfDue();
            lock (_gate)
                return _current;
        }
    }

    public async ValueTask<TierCutoffs> GetAsync()
    {
        var loading = StartLoadIfDue();
        bool loaded;
        lock (_gate)
            loaded = _loadedAt is not null;
        if (!loaded && loading is not null)
            await loading;
        lock (_gate)
            return _loadedAt is null ? throw new InvalidOperationException("The tier cut-offs could not be loaded yet.") : _current;
    }

    public async Task<TierCutoffs> RefreshAsync()
    {
        var latest = (await grains.GetGrain<IPyramidGrain>(ValueBuckets.Customers).GetCutoffs()).ToTierCutoffs();
        lock (_gate)
        {
            if (latest.Version >= _current.Version)
                _current = latest;
            _loadedAt = time.GetUtcNow();
            _nextLoad = _loadedAt.Value + rules.Value.Pyramid.RefreshPeriod;
            return _current;
        }
    }

    /// <summary>Starts a background load when the copy is stale and none is running; returns the running load, if any.</summary>
    private Task? StartLoadIfDue()
    {
        lock (_gate)
        {
            if (_loading is { IsCompleted: false } || time.GetUtcNow() < _nextLoad)
                return _loading is { IsCompleted: false } ? _loading : null;
            // Until this load ends (or fails), no other starts: a failing pyramid is asked once per period.
            _nextLoad = time.GetUtcNow() + rules.Value.Pyramid.RefreshPeriod;
            return _loading = Task.Run(LoadInBackground);
        }
    }

    private async Task LoadInBackground()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception e)
        {
            LogLoadFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the tier cut-offs from the pyramid grain failed; retrying next period")]
    private partial void LogLoadFailed(Exception exception);
}
