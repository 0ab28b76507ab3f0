using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// Acknowledged means durable: a host killed with SIGKILL right after answering keeps every acknowledged event
/// and notification. Each test starts its own host (own ports and data directory), so this class runs in
/// parallel with the shared-host collection.
/// </summary>
public sealed class DurabilityTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_killed_right_after_acknowledging_keeps_every_event_and_notification_and_continues_after_restart()
    {
        await using var host = await HostProcess.StartAsync(Cancel);
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        var posted = new List<JsonObject>
        {
            Profile(customerId, name: "Durable Corp", ownerAgentId: "agent1"),
            Purchase(customerId, 20m),
            Purchase(customerId, 30m),
        };
        var batch = new[] { Purchase(customerId, 40m), Contact(customerId), Purchase(customerId, 10m) };
        posted.AddRange(batch);
        var complaint = Complaint(customerId, complaintId);
        posted.Add(complaint);

        foreach (var e in posted.Take(3))
            (await host.PostEventsOkAsync(e, Cancel)).Accepted.ShouldBe(1);
        (await host.PostEventsOkAsync(Batch(batch), Cancel)).Accepted.ShouldBe(3);
        (await host.PostEventsOkAsync(complaint, Cancel)).Accepted.ShouldBe(1);
        host.Kill();
        host.IsRunning.ShouldBeFalse();

        await host.RestartAsync(Cancel);

        using (var response = await host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{customerId}", Cancel))
        {
            var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
            view["profile"].String("name").ShouldBe("Durable Corp");
            view["purchaseCount"]!.GetValue<int>().ShouldBe(4);
            view["totalRevenue"]!.GetValue<decimal>().ShouldBe(100m);
            view.String("lifecycleStage").ShouldBe("Loyal", "four purchases within a year without a 90-day gap (D1)");
            view["openComplaints"]!.AsArray().ShouldHaveSingleItem().String("complaintId").ShouldBe(complaintId);
            view["timeline"]!.AsArray().Count.ShouldBe(posted.Count);
        }

        var again = await host.PostEventsOkAsync(Batch([.. posted]), Cancel);
        again.Accepted.ShouldBe(0);
        again.Duplicates.ShouldBe(posted.Count);
        again.Results.ShouldAllBe(result => result.Status == "duplicate");

        await using (var supervisor = await host.ConnectConsoleAsync("supervisor1", Cancel))
        {
            var inbox = await supervisor.ResyncAsync(0, Cancel);
            inbox.Complete.ShouldBeTrue();
            inbox.Items.Count(n => n.Kind == "complaintAlert" && n.IsAbout(complaintId)).ShouldBe(1, "supervisor1's inbox after the restart");
        }

        using (var complaintView = await host.GetAsUserAsync("agent1", $"/api/v1/complaints/{complaintId}", Cancel))
            (await complaintView.ReadObjectAsync(HttpStatusCode.OK, Cancel)).String("status").ShouldBe("Open");

        // The owner's inbox survived, and new notifications continue its sequence without reusing a number.
        await using var owner = await host.ConnectConsoleAsync("agent1", Cancel);
        var before = await owner.ResyncAsync(0, Cancel);
        before.Items.Where(n => n.Kind == "complaintAlert").Select(n => n.ComplaintId).ToArray().ShouldBe(new[] { complaintId });
        var later = NewId("cmp-later");
        await host.PostEventsOkAsync(Complaint(customerId, later), Cancel);
        var pushed = await owner.WaitForAsync("complaintAlert", later, cancellationToken: Cancel);
        pushed.Seq.ShouldBe(before.LastSeq + 1);
        var after = await owner.ResyncAsync(0, Cancel);
        after.Items.Select(n => n.Seq).ShouldBeUnique();
        after.Items.Select(n => n.Seq).ShouldBeInOrder(SortDirection.Ascending);
        after.Items.Where(n => n.Kind == "complaintAlert").Select(n => n.ComplaintId).ToArray().ShouldBe(new[] { complaintId, later });
    }
}
