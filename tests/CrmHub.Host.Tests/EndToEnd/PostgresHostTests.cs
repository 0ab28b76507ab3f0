using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using CrmHub.Testing.Postgres;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// The real host on the PostgreSQL profile (storage, reminders and clustering in PostgreSQL): acknowledged events and
/// notifications survive a SIGKILL, reminders fire after a restart, and <c>db init</c> applies the schema.
/// </summary>
[Collection(PostgresHostsCollection.Name)]
public sealed class PostgresHostTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_on_PostgreSQL_killed_after_acknowledging_keeps_events_and_notifications_and_its_deadlines_fire_after_restart()
    {
        await using var cluster = await PostgresHosts.CreateAsync("durable");
        var host = (await cluster.StartAsync(extra: new Dictionary<string, string>
        {
            ["CrmHub__Rules__ComplaintSla__Lead__FirstResponse"] = "00:00:04",
            ["CrmHub__Rules__ComplaintSla__Lead__Resolution"] = "00:00:08",
        }))[0];
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        JsonNode[] posted =
        [
            Profile(customerId, name: "Durable Corp", ownerAgentId: "agent1"),
            Purchase(customerId, 20m),
            Purchase(customerId, 30m),
            Complaint(customerId, complaintId),
        ];
        await using (var owner = await host.ConnectConsoleAsync("agent1", Cancel))
        {
            (await host.PostEventsOkAsync(Batch(posted), Cancel)).Accepted.ShouldBe(posted.Length);
            await owner.WaitForAsync("complaintAlert", complaintId, cancellationToken: Cancel);
        }
        // The grains register their reminders after answering: give them a moment.
        (await ReminderDueAsync(cluster, complaintId, "sla")).ShouldNotBeNull("the complaint's deadline reminder is in PostgreSQL");
        var insightsDue = (await ReminderDueAsync(cluster, customerId, "insights")).ShouldNotBeNull("the customer's insights reminder is in PostgreSQL");

        host.Kill();
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
        await host.RestartAsync(Cancel);
        (await ReminderDueAsync(cluster, customerId, "insights"))
            .ShouldBe(insightsDue, "the customer's insights reminder (its next time-driven change) survived the restart");

        using (var response = await host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{customerId}", Cancel))
        {
            var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
            view["profile"].String("name").ShouldBe("Durable Corp");
            view["purchaseCount"]!.GetValue<int>().ShouldBe(2);
            view["totalRevenue"]!.GetValue<decimal>().ShouldBe(50m);
            view["openComplaints"]!.AsArray().ShouldHaveSingleItem().String("complaintId").ShouldBe(complaintId);
        }
        var again = await host.PostEventsOkAsync(Batch(posted), Cancel);
        (again.Accepted, again.Duplicates).ShouldBe((0, posted.Length));
        (await PostgresServer.ScalarAsync(cluster.ConnectionString, "SELECT count(*) FROM crmhub_grain_state WHERE grain_type = 'customer'"))
            .ShouldBe(1L, "the customer's state is its row in PostgreSQL");

        // The deadlines passed while the host was down: only the complaint's durable reminder can wake it now.
        await using var supervisor = await host.ConnectConsoleAsync("supervisor1", Cancel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(100);
        ConsoleNotification[] inbox;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
            inbox = [.. (await supervisor.ResyncAsync(0, Cancel)).Items.Where(n => n.IsAbout(complaintId))];
        }
        while (inbox.Count(n => n.Kind.StartsWith("sla", StringComparison.Ordinal)) < 4 && DateTime.UtcNow < deadline);
        inbox.Count(n => n.Kind == "complaintAlert").ShouldBe(1);
        inbox.Where(n => n.Kind.StartsWith("sla", StringComparison.Ordinal)).Select(n => $"{n.Kind}:{n.DataString("kind")}").ShouldBe(
            ["slaWarning:FirstResponse", "slaBreached:FirstResponse", "slaWarning:Resolution", "slaBreached:Resolution"], ignoreOrder: true);
    }

    [Fact]
    public async Task Db_init_applies_the_schema_to_an_empty_database_and_can_run_again()
    {
        await using var cluster = await PostgresHosts.CreateAsync("dbinit");

        var first = await RunHostCommandAsync("db", "init", $"--ConnectionStrings:CrmHub={cluster.ConnectionString}");
        var second = await RunHostCommandAsync("db", "init", $"--ConnectionStrings:CrmHub={cluster.ConnectionString}");

        first.ExitCode.ShouldBe(0, first.Output);
        first.Output.ShouldContain("00-orleans-query.sql, 10-grain-storage.sql, 20-clustering.sql, 30-reminders.sql");
        second.ExitCode.ShouldBe(0, second.Output);
        var queries = (long)(await PostgresServer.ScalarAsync(cluster.ConnectionString, "SELECT count(*) FROM orleansquery"))!;
        queries.ShouldBe(20L, "storage 4, clustering 9 and reminders 7 queries");
    }

    [Fact]
    public async Task Db_init_without_a_connection_string_says_what_is_missing()
    {
        var result = await RunHostCommandAsync("db", "init");

        result.ExitCode.ShouldBe(1);
        result.Output.ShouldContain("ConnectionStrings:CrmHub");
    }

    [Fact]
    public async Task The_Postgres_profile_without_a_connection_string_stops_the_host_with_one_clear_line()
    {
        var result = await RunHostCommandAsync("--CrmHub:Storage:Provider=Postgres", "--urls", "http://127.0.0.1:0");

        result.ExitCode.ShouldBe(1);
        result.Output.ShouldContain("CrmHub cannot start: CrmHub:Storage:Provider=Postgres needs ConnectionStrings:CrmHub");
    }

    /// <summary>When the grain's reminder is due next, waiting up to 10 s for it to be registered; null if it never is.</summary>
    private static async Task<DateTime?> ReminderDueAsync(PostgresHosts cluster, string grainKey, string reminderName)
    {
        var query = $"SELECT start_time FROM crmhub_reminders WHERE grain_id LIKE '%/{grainKey}' AND reminder_name = '{reminderName}'";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (await PostgresServer.ScalarAsync(cluster.ConnectionString, query) is DateTime due)
                return due;
            if (DateTime.UtcNow > deadline)
                return null;
            await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunHostCommandAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(HostLocator.DotnetExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostLocator.HostDll)!,
        };
        start.ArgumentList.Add(HostLocator.HostDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("CrmHub__", StringComparison.OrdinalIgnoreCase)
                     || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancel);
        var error = process.StandardError.ReadToEndAsync(Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
