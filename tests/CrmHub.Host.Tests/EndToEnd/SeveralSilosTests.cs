using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// Several real hosts on one machine forming one Orleans cluster on PostgreSQL. Alerts cross silos through grain
/// observers: the agent grain pushes to the bridge of every silo that holds one of the agent's consoles.
/// </summary>
[Collection(PostgresHostsCollection.Name)]
public sealed class SeveralSilosTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_console_on_silo_B_receives_in_order_and_without_gaps_the_alerts_of_events_posted_to_silo_A()
    {
        await using var cluster = await PostgresHosts.CreateAsync("twosilos");
        var silos = await cluster.StartAsync(2);
        var (a, b) = (silos[0], silos[1]);
        (a.SiloPort, a.GatewayPort, a.HttpPort).ShouldNotBe((b.SiloPort, b.GatewayPort, b.HttpPort));
        await using var console = await b.ConnectConsoleAsync("supervisor1", Cancel);
        var complaintIds = Enumerable.Range(1, 12).Select(i => NewId($"cmp{i}")).ToList();

        foreach (var complaintId in complaintIds)
        {
            var customerId = NewId("cust");
            await a.PostEventsOkAsync(Batch(Profile(customerId, ownerAgentId: "agent1"), Complaint(customerId, complaintId)), Cancel);
        }

        foreach (var complaintId in complaintIds)
            await console.WaitForAsync("complaintAlert", complaintId, TimeSpan.FromSeconds(20), Cancel);
        // Opening the console may itself notify the agent (presence set to Break): that push can land after the connect.
        var pushed = console.Received.Where(n => n.Seq > console.LastSeqAtConnect).ToList();
        pushed.Select(n => n.Seq).ShouldBe(
            Enumerable.Range(1, pushed.Count).Select(i => console.LastSeqAtConnect + i), "pushes arrive in sequence order without gaps");
        pushed.Where(n => n.Kind == "complaintAlert").Select(n => n.ComplaintId).ShouldBe(complaintIds, ignoreOrder: true);
        var inbox = (await console.ResyncAsync(console.LastSeqAtConnect, Cancel)).Items.Where(n => n.Seq <= pushed[^1].Seq);
        inbox.Select(n => (n.Seq, n.Kind, n.ComplaintId)).ShouldBe(pushed.Select(n => (n.Seq, n.Kind, n.ComplaintId)), "the inbox holds exactly what was pushed");
        var members = (long)(await Testing.Postgres.PostgresServer.ScalarAsync(cluster.ConnectionString,
            $"SELECT count(*) FROM crmhub_membership WHERE deployment_id = '{cluster.ClusterId}' AND status = 3"))!;
        members.ShouldBe(2L, "both silos are active members of one cluster");
    }
}
