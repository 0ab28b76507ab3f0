using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Host.Auth;
using CrmHub.Simulation;

namespace CrmHub.Host.Demo;

/// <summary>
/// The demo's producer: once the host has started it seeds customers (profile, a year of purchases, key accounts with
/// managers) and then posts a live event every <see cref="DemoOptions.MinInterval"/>–<see cref="DemoOptions.MaxInterval"/>,
/// all through the customer grains, the same ingest path <c>POST /api/v1/events</c> takes.
/// </summary>
internal sealed partial class DemoStream(
    IGrainFactory grains,
    CrmHubAuthOptions auth,
    DemoOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DemoStream> logger) : BackgroundService
{
    public const string Prefix = "demo-";

    public const string Source = "/demo";

    private const int SeedingParallelism = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStarted(stoppingToken);
        var staff = auth.Users.Where(user => CrmHubRoles.IsServiceAgent(user.Role)).ToList();
        var owners = staff.Where(user => user.Role == CrmHubRoles.Agent).Select(user => user.UserName).ToList();
        if (owners.Count == 0)
            owners = [.. staff.Select(user => user.UserName)];
        if (owners.Count == 0)
        {
            LogNoAgents(logger);
            return;
        }

        var settings = new SimulationSettings(options.Customers, owners, options.Seed, Prefix, Source);
        try
        {
            await Seed(new EventGenerator(settings), [.. staff.Select(user => user.UserName)], stoppingToken);
            // Same customers, ids of their own: a restart's live events are never mistaken for the last run's.
            var live = new EventGenerator(settings with { IdPrefix = $"{Prefix}{time.GetUtcNow():yyyyMMddHHmmss}-" });
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(live.NextPause(options.MinInterval, options.MaxInterval), time, stoppingToken);
                await Post([live.Next(EventMix.Live, time.GetUtcNow())]);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>Profiles and purchase histories for every customer; the biggest spenders become key accounts.</summary>
    private async Task Seed(EventGenerator generator, IReadOnlyList<string> managers, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var keyAccounts = generator.Customers.OrderByDescending(customer => customer.SpendScale).Take(options.KeyAccounts).ToList();
        var batches = generator.Customers
            .Select(customer => (IReadOnlyList<InteractionEvent>)
                [generator.Profile(customer, now.AddDays(-400)), .. generator.PurchaseHistory(customer, now)])
            .Concat(keyAccounts.Select((customer, index) => (IReadOnlyList<InteractionEvent>)
                [generator.KeyAccountDesignation(customer, managers[index % managers.Count], now)]))
            .ToList();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = SeedingParallelism, CancellationToken = cancellationToken },
            async (batch, _) => await Post(batch));
        LogSeeded(logger, generator.Customers.Count, keyAccounts.Count, time.GetElapsedTime(started).TotalSeconds, options.MinInterval, options.MaxInterval);
    }

    /// <summary>Applies one customer's events; a failure is logged and the stream goes on (a demo, not a producer that must retry).</summary>
    private async Task Post(IReadOnlyList<InteractionEvent> events)
    {
        try
        {
            await grains.GetGrain<ICustomerGrain>(events[0].CustomerId).Apply([.. events]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPostFailed(logger, e, events[0].CustomerId);
        }
    }

    private async Task WhenStarted(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: seeded {Customers} customers ({KeyAccounts} key accounts) in {Seconds:0.0} s; a live event every {MinInterval}–{MaxInterval}")]
    private static partial void LogSeeded(ILogger logger, int customers, int keyAccounts, double seconds, TimeSpan minInterval, TimeSpan maxInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: no Agent or Supervisor is configured (CrmHub:Auth:Users); nothing to simulate")]
    private static partial void LogNoAgents(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: applying events of {CustomerId} failed")]
    private static partial void LogPostFailed(ILogger logger, Exception exception, string customerId);
}
