using CrmHub.Testing.Postgres;

namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>
/// Real host processes on the PostgreSQL profile: grain state, reminders and membership in one database of the shared
/// test server, the schema applied by the hosts themselves (<c>CrmHub:Storage:ApplySchema=true</c>). Hosts started
/// with the same database and cluster id form one Orleans cluster on this machine (each on its own HTTP, silo and
/// gateway ports, advertised on 127.0.0.1).
/// </summary>
public sealed class PostgresHosts : IAsyncDisposable
{
    private readonly List<HostProcess> _hosts = [];

    private PostgresHosts(string connectionString)
    {
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public string ClusterId { get; } = $"crmhub-pg-{Guid.NewGuid():N}";

    public IReadOnlyList<HostProcess> Hosts => _hosts;

    public HostProcess this[int index] => _hosts[index];

    /// <summary>A new database on the shared server (skips the test without PostgreSQL, fails it on CI).</summary>
    public static async Task<PostgresHosts> CreateAsync(string databasePrefix)
    {
        var server = await PostgresServer.RequireAsync();
        return new PostgresHosts(await server.CreateDatabaseAsync(databasePrefix));
    }

    /// <summary>The configuration that puts a host on this database and cluster.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__CrmHub"] = ConnectionString,
            ["CrmHub__Storage__Provider"] = "Postgres",
            ["CrmHub__Storage__ApplySchema"] = "true",
            ["CrmHub__Cluster__Provider"] = "Postgres",
            ["CrmHub__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["CrmHub__Cluster__ClusterId"] = ClusterId,
            ["CrmHub__Cluster__ServiceId"] = ClusterId,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            environment[key] = value;
        return environment;
    }

    /// <summary>Starts <paramref name="count"/> more silos of the cluster, together; returns once each answers /health.</summary>
    public async Task<IReadOnlyList<HostProcess>> StartAsync(int count = 1, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = Environment(extra);
        var started = await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            HostProcess.StartAsync(environment, HostBinding.Urls, TestContext.Current.CancellationToken)));
        _hosts.AddRange(started);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
            await host.DisposeAsync();
    }
}

/// <summary>The PostgreSQL end-to-end classes run one at a time and alone: several silos each, on two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresHostsCollection
{
    public const string Name = "PostgreSQL hosts";
}
