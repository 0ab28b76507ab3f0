using CrmHub.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace CrmHub.Grains.Tests.Hosting.Reminders;

/// <summary>
/// The PostgreSQL profile's reminders (Orleans' ADO.NET reminder table on the project's own SQL): a reminder registered
/// before the silo stops is in the table and fires on the next silo of the same service, which is what keeps complaint
/// deadlines and customer insights moving across restarts. As in <see cref="FileReminderRestartTests"/>, these silos
/// allow a 1-second period and reload the table every second.
/// </summary>
public sealed class PostgresReminderRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _serviceId = $"reminders-{Guid.NewGuid():N}";

    private async Task<InProcessTestCluster> StartSilo(string connectionString, ReminderProbeLog log)
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(log);
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
            silo.Services.Configure<ReminderOptions>(options =>
            {
                options.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                options.RefreshReminderListPeriod = TimeSpan.FromSeconds(1);
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task Stop(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_is_stored_and_fires_on_the_next_silo()
    {
        var server = await PostgresServer.RequireAsync();
        var connectionString = await server.CreateDatabaseAsync("reminders");
        await PostgresServer.ApplySchemaFilesAsync(connectionString);
        var key = Guid.NewGuid().ToString("N");
        var first = await StartSilo(connectionString, new ReminderProbeLog());
        try
        {
            await first.Client.GetGrain<IReminderProbeGrain>(key).Register("deadline", TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2));
        }
        finally
        {
            await Stop(first);
        }
        (await PostgresServer.ScalarAsync(connectionString,
            $"SELECT period FROM crmhub_reminders WHERE service_id = '{_serviceId}' AND reminder_name = 'deadline'")).ShouldBe(2000L);

        var after = new ReminderProbeLog();
        var second = await StartSilo(connectionString, after);
        try
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!after.Ticks.Contains((key, "deadline")) && DateTime.UtcNow < deadline)
                await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

            after.Ticks.ShouldContain((key, "deadline"), $"the restarted silo should deliver the stored reminder within {Patience.TotalSeconds:0} s");
        }
        finally
        {
            await Stop(second);
        }
    }

    [Fact]
    public async Task An_unregistered_reminder_leaves_the_table()
    {
        var server = await PostgresServer.RequireAsync();
        var connectionString = await server.CreateDatabaseAsync("reminders");
        await PostgresServer.ApplySchemaFilesAsync(connectionString);
        var silo = await StartSilo(connectionString, new ReminderProbeLog());
        try
        {
            var grain = silo.Client.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString("N"));
            await grain.Register("once", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
            await grain.Register("once", TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(6));
            (await PostgresServer.ScalarAsync(connectionString, "SELECT version FROM crmhub_reminders WHERE reminder_name = 'once'")).ShouldBe(1);

            await grain.Unregister("once");

            (await PostgresServer.ScalarAsync(connectionString, "SELECT count(*) FROM crmhub_reminders")).ShouldBe(0L);
        }
        finally
        {
            await Stop(silo);
        }
    }
}
