using System.Diagnostics;
using CrmHub.Domain.Customers;
using CrmHub.Grains.Customers;
using CrmHub.Grains.Hosting;
using CrmHub.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Persistence.FileStorage;
using Orleans.Storage;
using CrmHub.Testing;

namespace CrmHub.LoadTest;

/// <summary>
/// The ceiling of durable ingest: raw writes per second of a typical customer state through the configured grain storage
/// provider (File or Memory) with CrmHub's serializer settings, in a small in-process silo, written straight through
/// <see cref="IGrainStorage"/> by as many writers as the capacity phase has senders, each on its own customers.
/// </summary>
public static class StorageBaseline
{
    public static async Task<(double WritesPerSecond, long Writes)> RunAsync(
        string provider, int customers, int writers, TimeSpan duration, Action<double> progress, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"crmhub-storage-baseline-{Guid.NewGuid():N}");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next(), serviceId: "crmhub-storage-baseline", clusterId: "crmhub-storage-baseline");
            if (provider == "File")
                silo.AddFileGrainStorage(StorageNames.Crm, options => options.RootDirectory = directory);
            else
                silo.AddMemoryGrainStorage(StorageNames.Crm);
            silo.UseInMemoryReminderService();
            silo.AddCrmHubGrains(builder.Configuration);
        });
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);
            var state = TypicalCustomerState();
            long writes = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
            {
                // Each writer owns its customers, so ETags never collide; it keeps each one's ETag like a grain does.
                var owned = Enumerable.Range(0, Math.Max(1, customers / writers))
                    .Select(i => (Id: GrainId.Create("customer", $"baseline-{writer}-{i}"), State: new GrainState<CustomerState>(state)))
                    .ToArray();
                for (var i = 0; clock.Elapsed < duration; i++)
                {
                    var (id, grainState) = owned[i % owned.Length];
                    await storage.WriteStateAsync("customer", id, grainState);
                    Interlocked.Increment(ref writes);
                    if (writer == 0)
                        progress(clock.Elapsed.TotalSeconds);
                }
            }));
            return (writes / clock.Elapsed.TotalSeconds, writes);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A customer a few events into the run: a profile, purchases, contacts, a survey and billing, with their dedup keys.</summary>
    private static CustomerState TypicalCustomerState()
    {
        var generator = new EventGenerator(new SimulationSettings(1, ["agent"], Prefix: "baseline-"));
        var customer = generator.Customers[0];
        var now = DateTimeOffset.UtcNow;
        var events = new[] { generator.Profile(customer, now.AddDays(-30)) }
            .Concat(Enum.GetValues<SimulatedEventKind>().Where(kind => kind != SimulatedEventKind.Complaint).Select(kind => generator.Next(kind, customer, now)))
            .ToList();
        var record = events.Aggregate(CustomerRecord.New(customer.Id), (r, e) => CustomerRules.Apply(r, e, CustomerSettings.Default));
        var processed = events.Aggregate(DedupWindow.Empty, (window, e) => window.Remember(e.Key, now));
        return new CustomerState { Record = record, Processed = processed };
    }
}
