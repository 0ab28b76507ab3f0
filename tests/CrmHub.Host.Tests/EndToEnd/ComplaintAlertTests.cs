using System.Net;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>Complaint alerts travel from a POSTed event through the real host to real SignalR consoles.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ComplaintAlertTests(SharedHostFixture fixture)
{
    private const string ComplaintAlert = "complaintAlert";
    private const string ComplaintUpdated = "complaintUpdated";

    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_complaint_alerts_the_online_supervisor_and_the_owner_agent_but_not_another_agent()
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Profile(customerId, name: "Ada Lovelace", ownerAgentId: "agent1"), Cancel);
        await using var supervisor = await _host.ConnectConsoleAsync("supervisor1", Cancel);
        await using var owner = await _host.ConnectConsoleAsync("agent1", Cancel);
        await using var other = await _host.ConnectConsoleAsync("agent2", Cancel);

        var answer = await _host.PostEventsOkAsync(Complaint(customerId, complaintId, subject: "Broken kettle", category: "product"), Cancel);
        answer.Accepted.ShouldBe(1);

        var alert = await supervisor.WaitForAsync(ComplaintAlert, complaintId, cancellationToken: Cancel);
        alert.DataString("customerId").ShouldBe(customerId);
        alert.DataString("customerName").ShouldBe("Ada Lovelace");
        alert.DataString("subject").ShouldBe("Broken kettle");
        alert.DataString("category").ShouldBe("Product");
        alert.DataString("severity").ShouldBe("High");
        alert.DataString("openedAt").ShouldNotBeNullOrEmpty();
        alert.DataString("$kind").ShouldBe(ComplaintAlert);
        alert.Seq.ShouldBeGreaterThan(supervisor.LastSeqAtConnect);

        var ownerAlert = await owner.WaitForAsync(ComplaintAlert, complaintId, cancellationToken: Cancel);
        ownerAlert.DataString("customerName").ShouldBe("Ada Lovelace");

        // The inbox is written before the POST is answered, so agent2's inbox is already final; its console got nothing.
        var otherInbox = await other.ResyncAsync(0, Cancel);
        otherInbox.Items.ShouldNotContain(n => n.IsAbout(complaintId));
        other.ReceivedAbout(complaintId).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_complaint_event_posted_again_is_a_duplicate_and_alerts_nobody_twice()
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Profile(customerId, ownerAgentId: "agent1"), Cancel);
        await using var supervisor = await _host.ConnectConsoleAsync("supervisor1", Cancel);
        var complaint = Complaint(customerId, complaintId);

        (await _host.PostEventsOkAsync(complaint, Cancel)).Accepted.ShouldBe(1);
        await supervisor.WaitForAsync(ComplaintAlert, complaintId, cancellationToken: Cancel);

        var again = await _host.PostEventsOkAsync(complaint, Cancel);
        again.Accepted.ShouldBe(0);
        again.Duplicates.ShouldBe(1);
        again.Results.ShouldHaveSingleItem().ShouldBe(new IngestAnswerItem(complaint.String("id")!, Source, "duplicate"));

        // A later complaint is pushed after anything the duplicate could have caused: once it is here, a second alert would be too.
        var markerId = NewId("cmp-marker");
        await _host.PostEventsOkAsync(Complaint(customerId, markerId), Cancel);
        await supervisor.WaitForAsync(ComplaintAlert, markerId, cancellationToken: Cancel);

        supervisor.ReceivedAbout(complaintId).Count.ShouldBe(1);
        var inbox = await supervisor.ResyncAsync(0, Cancel);
        inbox.Items.Count(n => n.IsAbout(complaintId)).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_posts_of_the_same_event_accept_it_exactly_once()
    {
        var customerId = NewId("cust");
        var purchase = Purchase(customerId, 10m);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _host.PostEventsOkAsync(purchase, Cancel)));

        answers.Sum(a => a.Accepted).ShouldBe(1);
        answers.Sum(a => a.Duplicates).ShouldBe(7);
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);
        var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        view["purchaseCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_console_that_was_offline_while_two_complaints_were_raised_gets_both_by_resync_in_order()
    {
        var customerId = NewId("cust");
        var first = NewId("cmp-first");
        var second = NewId("cmp-second");
        await _host.PostEventsOkAsync(Profile(customerId, ownerAgentId: "agent1"), Cancel);
        await using var console = await _host.ConnectConsoleAsync("agent1", Cancel);
        var lastSeq = console.LastSeqAtConnect;
        await console.StopAsync(Cancel);

        await _host.PostEventsOkAsync(Complaint(customerId, first), Cancel);
        await _host.PostEventsOkAsync(Complaint(customerId, second), Cancel);

        await console.StartAsync(Cancel);
        var resync = await console.ResyncAsync(lastSeq, Cancel);

        resync.Complete.ShouldBeTrue();
        resync.Items.ShouldAllBe(n => n.Seq > lastSeq);
        resync.Items.Select(n => n.Seq).ShouldBeInOrder(SortDirection.Ascending);
        resync.Items.Select(n => n.Seq).ShouldBeUnique();
        resync.LastSeq.ShouldBe(resync.Items[^1].Seq);
        var alerts = resync.Items.Where(n => n.Kind == ComplaintAlert && (n.IsAbout(first) || n.IsAbout(second))).ToList();
        alerts.Select(n => n.ComplaintId).ToArray().ShouldBe(new[] { first, second });
    }

    [Fact]
    public async Task A_complaint_of_a_customer_without_owner_reaches_the_agents_with_an_open_console_only()
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Profile(customerId, name: "No Owner Ltd"), Cancel);
        await using var online = await _host.ConnectConsoleAsync("agent2", Cancel);

        await _host.PostEventsOkAsync(Complaint(customerId, complaintId), Cancel);

        var alert = await online.WaitForAsync(ComplaintAlert, complaintId, cancellationToken: Cancel);
        alert.DataString("customerName").ShouldBe("No Owner Ltd");
        await using (var supervisor = await _host.ConnectConsoleAsync("supervisor1", Cancel))
            (await supervisor.ResyncAsync(0, Cancel)).Items.ShouldContain(n => n.Kind == ComplaintAlert && n.IsAbout(complaintId));

        // agent3 had no console open when the complaint came in (no other test opens one for agent3).
        await using var offline = await _host.ConnectConsoleAsync("agent3", Cancel);
        var inbox = await offline.ResyncAsync(0, Cancel);
        inbox.Items.ShouldNotContain(n => n.IsAbout(complaintId));
        offline.ReceivedAbout(complaintId).ShouldBeEmpty();
    }

    [Fact]
    public async Task Taking_a_complaint_with_listen_makes_it_in_progress_tells_the_supervisor_and_cannot_be_repeated()
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Profile(customerId, ownerAgentId: "agent1"), Cancel);
        await using var supervisor = await _host.ConnectConsoleAsync("supervisor1", Cancel);
        await _host.PostEventsOkAsync(Complaint(customerId, complaintId), Cancel);
        await supervisor.WaitForAsync(ComplaintAlert, complaintId, cancellationToken: Cancel);

        using (var taken = await _host.PostAsUserAsync("agent1", $"/api/v1/complaints/{complaintId}/steps", new { step = "listen" }, Cancel))
        {
            var complaint = await taken.ReadObjectAsync(HttpStatusCode.OK, Cancel);
            complaint.String("complaintId").ShouldBe(complaintId);
            complaint.String("status").ShouldBe("InProgress");
            complaint.String("ownerAgentId").ShouldBe("agent1");
        }

        var update = await supervisor.WaitForAsync(ComplaintUpdated, complaintId, cancellationToken: Cancel);
        update.DataString("status").ShouldBe("InProgress");
        update.DataString("ownerAgentId").ShouldBe("agent1");
        update.DataString("$kind").ShouldBe(ComplaintUpdated);

        // The owner agent was alerted too, so its inbox holds the update as well.
        await using (var owner = await _host.ConnectConsoleAsync("agent1", Cancel))
            (await owner.ResyncAsync(0, Cancel)).Items.ShouldContain(n => n.Kind == ComplaintUpdated && n.IsAbout(complaintId));

        using (var repeated = await _host.PostAsUserAsync("agent1", $"/api/v1/complaints/{complaintId}/steps", new { step = "listen" }, Cancel))
        {
            var problem = await repeated.ReadProblemAsync(HttpStatusCode.Conflict, Cancel);
            problem.String("nextAllowedStep").ShouldBe("apologise");
        }

        using var read = await _host.GetAsUserAsync("supervisor1", $"/api/v1/complaints/{complaintId}", Cancel);
        var view = await read.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        view.String("status").ShouldBe("InProgress");
        view.String("ownerAgentId").ShouldBe("agent1");
        view["steps"]!.AsArray().Count.ShouldBe(1);
    }
}
