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

    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("PostgreSQL is not available.");

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

    protected override void AddStorage(ISiloBuilder silo) =>
        silo.AddAdoNetGrainStorage(StorageNames.Crm, options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = ConnectionString;
        });
}

[CollectionDefinition(PostgresStorageCluster.Collection)]
public sealed class PostgresStorageClusterCollection : ICollectionFixture<PostgresStorageCluster>;
