using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using CrmHub.Abstractions.Agents;
using CrmHub.Host.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Tests.Health;

public class SiloHealthCheckTests
{
    private static readonly SiloAddress LocalSilo = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 42);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_active_silo_whose_storage_probe_answers_is_healthy()
    {
        var probe = new FakeProbe(() => Task.FromResult(DateTimeOffset.UnixEpoch));

        var result = await CheckAsync(SiloStatus.Active, probe);

        result.Status.ShouldBe(HealthStatus.Healthy);
        probe.Touches.ShouldBe(1);
    }

    [Fact]
    public async Task The_probe_grain_is_keyed_by_this_silos_endpoint()
    {
        var factory = FakeGrainFactory.Create(new FakeProbe(() => Task.FromResult(DateTimeOffset.UnixEpoch)));

        await Check(SiloStatus.Active, factory).CheckHealthAsync(new HealthCheckContext(), Cancel);

        ((FakeGrainFactory)(object)factory).Keys.ShouldBe(["127.0.0.1:11111"]);
    }

    [Theory]
    [InlineData(SiloStatus.None)]
    [InlineData(SiloStatus.Created)]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Stopping)]
    [InlineData(SiloStatus.Dead)]
    public async Task A_silo_that_is_not_active_is_unhealthy_without_calling_a_grain(SiloStatus status)
    {
        var probe = new FakeProbe(() => Task.FromResult(DateTimeOffset.UnixEpoch));

        var result = await CheckAsync(status, probe);

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldNotBeNull().ShouldContain(status.ToString());
        probe.Touches.ShouldBe(0);
    }

    [Fact]
    public async Task A_storage_probe_that_fails_makes_the_silo_unhealthy()
    {
        var probe = new FakeProbe(() => Task.FromException<DateTimeOffset>(new IOException("disk full")));

        var result = await CheckAsync(SiloStatus.Active, probe);

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldNotBeNull().ShouldContain("disk full");
        result.Exception.ShouldBeOfType<IOException>();
    }

    [Fact]
    public async Task A_storage_probe_that_does_not_answer_in_time_makes_the_silo_unhealthy()
    {
        var never = new TaskCompletionSource<DateTimeOffset>();
        var check = Check(SiloStatus.Active, FakeGrainFactory.Create(new FakeProbe(() => never.Task)));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Exception.ShouldBeOfType<TimeoutException>();
    }

    [Fact]
    public void It_is_registered_for_readiness_only_never_for_liveness()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddCrmHubSiloCheck();

        var registration = services.BuildServiceProvider()
            .GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .ShouldHaveSingleItem();
        registration.Name.ShouldBe(SiloHealthCheck.Name);
        registration.Tags.ShouldBe(["ready"]);
        registration.FailureStatus.ShouldBe(HealthStatus.Unhealthy);
    }

    private static Task<HealthCheckResult> CheckAsync(SiloStatus status, FakeProbe probe) =>
        Check(status, FakeGrainFactory.Create(probe)).CheckHealthAsync(new HealthCheckContext(), Cancel);

    private static SiloHealthCheck Check(SiloStatus status, IGrainFactory grains) =>
        new(grains, new FakeLocalSilo(), new FakeMembership(status)) { ProbeTimeout = TimeSpan.FromMilliseconds(50) };

    private sealed class FakeProbe(Func<Task<DateTimeOffset>> touch) : IStorageProbeGrain
    {
        public int Touches { get; private set; }

        public Task<DateTimeOffset> Touch()
        {
            Touches++;
            return touch();
        }
    }

    /// <summary>Answers <c>GetGrain&lt;IStorageProbeGrain&gt;(key)</c> with one probe; nothing else.</summary>
    public class FakeGrainFactory : DispatchProxy
    {
        private IStorageProbeGrain? _probe;

        public List<string> Keys { get; } = [];

        internal static IGrainFactory Create(IStorageProbeGrain probe)
        {
            var factory = Create<IGrainFactory, FakeGrainFactory>();
            ((FakeGrainFactory)(object)factory)._probe = probe;
            return factory;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true }
                && targetMethod.GetGenericArguments()[0] == typeof(IStorageProbeGrain)
                && args?[0] is string key)
            {
                Keys.Add(key);
                return _probe;
            }
            throw new NotSupportedException(targetMethod?.ToString());
        }
    }

    private sealed class FakeLocalSilo : ILocalSiloDetails
    {
        public string Name => "test-silo";
        public string ClusterId => "test";
        public string DnsHostName => "localhost";
        public SiloAddress SiloAddress => LocalSilo;
        public SiloAddress GatewayAddress => LocalSilo;
    }

    private sealed class FakeMembership(SiloStatus status) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot { get; } = new(
            status == SiloStatus.None
                ? ImmutableDictionary<SiloAddress, ClusterMember>.Empty
                : ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(LocalSilo, new ClusterMember(LocalSilo, status, "test-silo")),
            new MembershipVersion(1));

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }
}
