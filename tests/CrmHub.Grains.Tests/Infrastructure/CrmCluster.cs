using System.Globalization;
using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Hosting.Storage;
using CrmHub.Grains.Staff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process Orleans cluster (a single silo plus a client), shared by every test of an xunit collection.
/// The silo is configured as the product configures it (<c>AddCrmHubGrains</c>),
/// with a test staff directory and a <see cref="FakeTimeProvider"/> as the grains' clock. The testing host picks
/// free ports for every cluster, so clusters of different collections (and a running app) never collide.
/// </summary>
/// <remarks>
/// Only the grain-facing clock is fake: Orleans' own background loops (membership, directory, activation
/// collection, messaging timeouts) are pinned to real time, so moving the fake clock never disturbs the runtime.
/// Tests share the cluster, so each one uses its own grain keys (see <see cref="Build.Key"/>).
/// </remarks>
public abstract class CrmCluster : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>The grains' clock. Starts at <see cref="Start"/>; tests move it forward, never back.</summary>
    public FakeTimeProvider Clock { get; } = new(Start);

    public static DateTimeOffset Start { get; } = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IClusterClient Client => Cluster.Client;

    public IGrainFactory Grains => Cluster.Client;

    public IAgentGrain Agent(string agentId) => Grains.GetGrain<IAgentGrain>(agentId);

    public IComplaintGrain Complaint(string complaintId) => Grains.GetGrain<IComplaintGrain>(complaintId);

    /// <summary>The one list of online agents of the cluster: tests report under silo ids of their own.</summary>
    public IOnlineAgentsGrain OnlineAgents => Grains.GetGrain<IOnlineAgentsGrain>(IOnlineAgentsGrain.ClusterKey);

    /// <summary>The silo's reminder table.</summary>
    public IReminderTable Reminders => Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();

    /// <summary>The grain's reminder of that name as the silo's reminder table holds it, or null when none is registered.</summary>
    public Task<ReminderEntry?> ReminderOf(IAddressable grain, string reminderName) => Reminders.ReadRow(grain.GetGrainId(), reminderName)!;

    /// <summary>Settings layered over the defaults, as a host's configuration would supply them.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>The service id the cluster's storage keys its records by; null: the testing host's own.</summary>
    protected virtual string? ServiceId => null;

    /// <summary>Registers the grain storage provider named <see cref="StorageNames.Crm"/>.</summary>
    protected abstract void AddStorage(ISiloBuilder silo);

    /// <summary>Anything else a cluster adds to its silo (call filters, test services).</summary>
    protected virtual void Configure(ISiloBuilder silo)
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConfigureFileLogging = false;
        if (ServiceId is { } serviceId)
            builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            // Replaces Orleans' default clock; AddCrmHubGrains only adds one when none is registered.
            silo.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton<IStaffDirectory>(TestStaff.Directory);
            // The durable backstop of complaint deadlines (reminders tick on real time, like the runtime's loops).
            silo.UseInMemoryReminderService();
            AddStorage(silo);
            Configure(silo);
            silo.AddCrmHubGrains(configuration);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Deactivates the grain's activation, waits until it is gone, and checks that no activation is left,
    /// so the next call activates it afresh from storage.
    /// </summary>
    public async Task Deactivate(IAddressable grain)
    {
        await Cluster.DeactivateAsync(grain);
        Cluster.TryGetGrainContext(grain.GetGrainId(), out _).ShouldBeFalse("the grain should have no activation left");
    }
}

/// <summary>Memory grain storage (through the product's JSON grain-state serializer) and default settings.</summary>
public sealed class MemoryCluster : CrmCluster
{
    public const string Collection = "memory cluster";

    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Crm);
}

[CollectionDefinition(MemoryCluster.Collection)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryCluster>;

/// <summary>The product's embedded default: the crash-safe file grain storage, in a fresh temporary directory.</summary>
public sealed class FileStorageCluster : CrmCluster
{
    public const string Collection = "file storage cluster";

    public string RootDirectory { get; } = Path.Combine(Path.GetTempPath(), "crmhub-grain-tests", Guid.NewGuid().ToString("N"));

    protected override void AddStorage(ISiloBuilder silo)
    {
        Directory.CreateDirectory(RootDirectory);
        silo.AddAtomicFileGrainStorage(StorageNames.Crm, RootDirectory);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}

[CollectionDefinition(FileStorageCluster.Collection)]
public sealed class FileStorageClusterCollection : ICollectionFixture<FileStorageCluster>;

/// <summary>
/// Memory storage and small limits, configured as a host would (<c>CrmHub:Inbox</c>, <c>CrmHub:Customers</c>):
/// inboxes keep 3 notifications for one hour, customers remember processed keys (at least 2) for one hour and
/// show 3 timeline entries.
/// </summary>
public sealed class SmallLimitsCluster : CrmCluster
{
    public const string Collection = "small limits cluster";

    public const int InboxMinimumKept = 3;
    public const int InboxPageSize = 2;
    public const int DedupMinimumKept = 2;
    public const int TimelineInView = 3;

    /// <summary>How long inbox items and processed event keys are kept at least.</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromHours(1);

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        [$"{InboxOptions.Section}:{nameof(InboxOptions.MinimumKept)}"] = Invariant(InboxMinimumKept),
        [$"{InboxOptions.Section}:{nameof(InboxOptions.Retention)}"] = Invariant(Retention),
        [$"{InboxOptions.Section}:{nameof(InboxOptions.PageSize)}"] = Invariant(InboxPageSize),
        [$"{CustomerOptions.Section}:{nameof(CustomerOptions.DedupMinimumKept)}"] = Invariant(DedupMinimumKept),
        [$"{CustomerOptions.Section}:{nameof(CustomerOptions.DedupRetention)}"] = Invariant(Retention),
        [$"{CustomerOptions.Section}:{nameof(CustomerOptions.TimelineInView)}"] = Invariant(TimelineInView),
    };

    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Crm);

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

[CollectionDefinition(SmallLimitsCluster.Collection)]
public sealed class SmallLimitsClusterCollection : ICollectionFixture<SmallLimitsCluster>;

/// <summary>Memory storage behind a <see cref="FaultyGrainStorage"/>, so tests can make single writes fail.</summary>
public sealed class FaultyStorageCluster : CrmCluster
{
    public const string Collection = "faulty storage cluster";

    private const string InnerStorage = "crm-inner";

    public FaultyGrainStorage Storage { get; } = new();

    protected override void AddStorage(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(InnerStorage);
        silo.Services.AddGrainStorage(StorageNames.Crm, (services, _) =>
        {
            Storage.Inner = services.GetRequiredKeyedService<IGrainStorage>(InnerStorage);
            return Storage;
        });
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // The silo builds a storage provider when a grain first uses it; a test may reach Storage.Inner before any grain did.
        Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);
    }
}

[CollectionDefinition(FaultyStorageCluster.Collection)]
public sealed class FaultyStorageClusterCollection : ICollectionFixture<FaultyStorageCluster>;
