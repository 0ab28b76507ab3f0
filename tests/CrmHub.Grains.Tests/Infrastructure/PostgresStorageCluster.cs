using CrmHub.Grains.Hosting;
using CrmHub.Testing.Postgres;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL profile's grain storage: Orleans' ADO.NET provider (invariant <c>Npgsql</c>) on a database of its own
/// in the shared test server, with the project's schema from <c>deploy/postgres/</c>. Without PostgreSQL the cluster
/// does not start and every test skips (see <see cref="SkipUnlessAvailable"/>).
/// </summary>
public sealed class PostgresStorageCluster : CrmCluster
{
    public const string Collection = "postgres storage cluster";

    private readonly string _serviceId = $"crmhub-tests-{Guid.NewGuid():N}";
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("PostgreSQL is not available.");

    protected override string? ServiceId => _serviceId;

    public override async ValueTask InitializeAsync()
    {
        if (PostgresServer.SkipReason is not null)
            return;
        var server = await PostgresServer.RequireAsync();
        _connectionString = await server.CreateDatabaseAsync("grains");
        await PostgresServer.ApplySchemaFilesAsync(_connectionString);
        await base.InitializeAsync();
    }

    /// <summary>Skips the calling test when no PostgreSQL server could be started here.</summary>
    public void SkipUnlessAvailable()
    {
        if (PostgresServer.SkipReason is { } reason)
            Assert.Skip(reason);
    }

    /// <summary>
    /// Starts another cluster of the same service on the same database. Its grains are second activations of this
    /// cluster's: what a grain directory that lost a failed silo's entries can leave in one cluster for a moment.
    /// </summary>
    public async Task<CrmCluster> StartSecondClusterAsync()
    {
        var second = new SameDatabaseCluster(ConnectionString, _serviceId);
        await second.InitializeAsync();
        return second;
    }

    protected override void AddStorage(ISiloBuilder silo) => AddPostgresStorage(silo, ConnectionString);

    private static void AddPostgresStorage(ISiloBuilder silo, string connectionString) =>
        silo.AddAdoNetGrainStorage(StorageNames.Crm, options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });

    private sealed class SameDatabaseCluster(string connectionString, string serviceId) : CrmCluster
    {
        protected override string? ServiceId => serviceId;

        protected override void AddStorage(ISiloBuilder silo) => AddPostgresStorage(silo, connectionString);
    }
}

[CollectionDefinition(PostgresStorageCluster.Collection)]
public sealed class PostgresStorageClusterCollection : ICollectionFixture<PostgresStorageCluster>;
