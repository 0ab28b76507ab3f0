using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>D9 over HTTP through the real host: all seven steps with their details, tags, refusals and deadlines.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ComplaintWorkflowTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The steps in order with the bodies that take them.</summary>
    private static readonly (string Step, object Body)[] Walk =
    [
        ("listen", new { step = "listen" }),
        ("apologise", new { step = "apologise" }),
        ("ask", new { step = "ask" }),
        ("record", new { step = "record" }),
        ("resolve", new { step = "resolve", solution = "Refund the delivery fee", customerAgreed = true }),
        ("close", new { step = "close" }),
        ("review", new { step = "review", lessons = "Check the carrier daily", productFeedback = "Offer express delivery" }),
    ];

    /// <summary>A Lead complaint's first response is due after 4 s and its resolution after 8 s.</summary>
    private static readonly Dictionary<string, string> ShortLeadDeadlines = new()
    {
        ["CrmHub__Rules__ComplaintSla__Lead__FirstResponse"] = "00:00:04",
        ["CrmHub__Rules__ComplaintSla__Lead__Resolution"] = "00:00:08",
    };

    [Fact]
    public async Task A_complaint_walks_through_all_seven_steps_and_its_view_shows_deadlines_steps_and_details()
    {
        var complaintId = await OpenComplaintAsync();

        foreach (var (step, body) in Walk)
        {
            var taken = await StepAsync("agent1", complaintId, body, HttpStatusCode.OK);
            taken["steps"]!.AsArray()[^1].String("step").ShouldBe(ToPascal(step));
        }

        var view = await GetComplaintAsync(complaintId);
        view.String("status").ShouldBe("Reviewed");
        view.String("ownerAgentId").ShouldBe("agent1");
        view.String("tier").ShouldBe("Lead");
        var openedAt = view["openedAt"]!.GetValue<DateTimeOffset>();
        view["firstResponseDueAt"]!.GetValue<DateTimeOffset>().ShouldBe(openedAt.AddHours(24));
        view["resolutionDueAt"]!.GetValue<DateTimeOffset>().ShouldBe(openedAt.AddHours(48));
        var steps = view["steps"]!.AsArray();
        steps.Select(step => step.String("step")).ShouldBe(Walk.Select(walked => ToPascal(walked.Step)));
        steps.ShouldAllBe(step => step.String("agentId") == "agent1" && step!["at"] != null);
        view["breaches"]!.AsArray().ShouldBeEmpty();
        var resolution = view["resolutions"]!.AsArray().ShouldHaveSingleItem();
        resolution.String("solution").ShouldBe("Refund the delivery fee");
        resolution!["customerAgreed"]!.GetValue<bool>().ShouldBeTrue();
        view["review"].String("lessons").ShouldBe("Check the carrier daily");
        view["review"].String("productFeedback").ShouldBe("Offer express delivery");
        view["nextAllowedStep"].ShouldBeNull();
    }

    [Fact]
    public async Task Refused_steps_answer_409_naming_the_next_step_400_naming_the_field_and_409_for_another_agent()
    {
        var complaintId = await OpenComplaintAsync();

        var outOfOrder = await StepProblemAsync("agent1", complaintId, new { step = "apologise" }, HttpStatusCode.Conflict);
        outOfOrder.String("nextAllowedStep").ShouldBe("listen");
        await StepAsync("agent1", complaintId, new { step = "listen" }, HttpStatusCode.OK);
        (await StepProblemAsync("agent2", complaintId, new { step = "apologise" }, HttpStatusCode.Conflict))
            .String("ownerAgentId").ShouldBe("agent1");
        (await StepProblemAsync("agent1", complaintId, new { step = "apologise", solution = "x" }, HttpStatusCode.BadRequest))
            .ErrorKeys().ShouldBe(["solution"]);
        foreach (var (step, _) in Walk.Skip(1).Take(3))
            await StepAsync("agent1", complaintId, new { step }, HttpStatusCode.OK);
        (await StepProblemAsync("agent1", complaintId, new { step = "resolve", customerAgreed = true }, HttpStatusCode.BadRequest))
            .ErrorKeys().ShouldBe(["solution"]);
        (await StepProblemAsync("agent1", complaintId, new { step = "resolve", solution = "A voucher" }, HttpStatusCode.BadRequest))
            .ErrorKeys().ShouldBe(["customerAgreed"]);
        await StepAsync("agent1", complaintId, new { step = "resolve", solution = "A voucher", customerAgreed = false }, HttpStatusCode.OK);

        var notAgreed = await StepProblemAsync("agent1", complaintId, new { step = "close" }, HttpStatusCode.Conflict);

        notAgreed.String("detail").ShouldNotBeNullOrWhiteSpace();
        notAgreed.String("nextAllowedStep").ShouldBe("resolve");
        (await GetComplaintAsync(complaintId)).String("status").ShouldBe("InProgress");
    }

    [Fact]
    public async Task An_agent_may_tag_the_psychology_but_only_a_supervisor_may_flag_a_complaint_as_malicious()
    {
        var complaintId = await OpenComplaintAsync();

        var tagged = await PutTagsAsync("agent1", complaintId, new { psychology = "Venting" }, HttpStatusCode.OK);
        tagged["tags"].String("psychology").ShouldBe("Venting");
        await PutTagsAsync("agent1", complaintId, new { psychology = "Venting", malicious = true, maliciousReason = "Fake" }, HttpStatusCode.Forbidden);
        (await PutTagsAsync("supervisor1", complaintId, new { psychology = "Calm" }, HttpStatusCode.BadRequest))
            .ErrorKeys().ShouldBe(["psychology"]);

        var flagged = await PutTagsAsync("supervisor1", complaintId, new { psychology = "Remedy", malicious = true, maliciousReason = "Fake order" }, HttpStatusCode.OK);

        flagged["tags"].String("psychology").ShouldBe("Remedy");
        flagged["tags"]!["malicious"]!.GetValue<bool>().ShouldBeTrue();
        flagged["tags"].String("maliciousReason").ShouldBe("Fake order");
        (await GetComplaintAsync(complaintId))["tags"].String("maliciousReason").ShouldBe("Fake order");
    }

    [Fact]
    public async Task Tags_of_an_unknown_complaint_are_a_404_problem()
    {
        await PutTagsAsync("agent1", NewId("nothing"), new { psychology = "Respect" }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_shortened_deadlines_an_untouched_complaint_warns_then_breaches_on_the_supervisors_console()
    {
        await using var host = await HostProcess.StartAsync(ShortLeadDeadlines, cancellationToken: Cancel);
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await host.PostEventsOkAsync(Profile(customerId, name: "Ada Lovelace", ownerAgentId: "agent1"), Cancel);
        await using var supervisor = await host.ConnectConsoleAsync("supervisor1", Cancel);

        await host.PostEventsOkAsync(Complaint(customerId, complaintId), Cancel);

        var wait = TimeSpan.FromSeconds(20);
        var warning = await supervisor.WaitForAsync("slaWarning", complaintId, wait, Cancel);
        var breach = await supervisor.WaitForAsync("slaBreached", complaintId, wait, Cancel);
        breach.Seq.ShouldBeGreaterThan(warning.Seq);
        (warning.DataString("kind"), breach.DataString("kind")).ShouldBe(("FirstResponse", "FirstResponse"));
        breach.DataString("customerName").ShouldBe("Ada Lovelace");
        breach.DataString("tier").ShouldBe("Lead");
        using var read = await host.GetAsUserAsync("supervisor1", $"/api/v1/complaints/{complaintId}", Cancel);
        var view = await read.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        view["breaches"]!.AsArray().Select(breached => breached.String("kind")).ShouldContain("FirstResponse");
        breach.DataString("dueAt").ShouldNotBeNull();
        DateTimeOffset.Parse(breach.DataString("dueAt")!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(view["firstResponseDueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Deadlines_that_passed_while_the_host_was_down_fire_after_it_restarts()
    {
        await using var host = await HostProcess.StartAsync(ShortLeadDeadlines, cancellationToken: Cancel);
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await host.PostEventsOkAsync(Batch(Profile(customerId, ownerAgentId: "agent1"), Complaint(customerId, complaintId)), Cancel);
        host.Kill();
        await Task.Delay(TimeSpan.FromSeconds(9), Cancel);

        await host.RestartAsync(Cancel);

        // Only the complaint's durable reminder can wake it: nothing else touches it after the restart.
        await using var supervisor = await host.ConnectConsoleAsync("supervisor1", Cancel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(100);
        string[] kinds;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
            kinds = [.. (await supervisor.ResyncAsync(0, Cancel)).Items.Where(n => n.IsAbout(complaintId) && n.Kind.StartsWith("sla", StringComparison.Ordinal))
                .Select(n => $"{n.Kind}:{n.DataString("kind")}")];
        }
        while (kinds.Length < 4 && DateTime.UtcNow < deadline);
        kinds.ShouldBe(["slaWarning:FirstResponse", "slaBreached:FirstResponse", "slaWarning:Resolution", "slaBreached:Resolution"], ignoreOrder: true);
    }

    private async Task<string> OpenComplaintAsync()
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Batch(Profile(customerId, ownerAgentId: "agent1"), Complaint(customerId, complaintId)), Cancel);
        return complaintId;
    }

    private async Task<JsonObject> GetComplaintAsync(string complaintId)
    {
        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/complaints/{complaintId}", Cancel);
        return await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
    }

    private async Task<JsonObject> StepAsync(string userName, string complaintId, object body, HttpStatusCode expected)
    {
        using var response = await _host.PostAsUserAsync(userName, $"/api/v1/complaints/{complaintId}/steps", body, Cancel);
        return await response.ReadObjectAsync(expected, Cancel);
    }

    private async Task<JsonObject> StepProblemAsync(string userName, string complaintId, object body, HttpStatusCode expected)
    {
        using var response = await _host.PostAsUserAsync(userName, $"/api/v1/complaints/{complaintId}/steps", body, Cancel);
        return await response.ReadProblemAsync(expected, Cancel);
    }

    private async Task<JsonObject> PutTagsAsync(string userName, string complaintId, object body, HttpStatusCode expected)
    {
        using var client = await _host.CreateUserClientAsync(userName, Cancel);
        using var response = await client.PutAsJsonAsync($"/api/v1/complaints/{complaintId}/tags", body, Cancel);
        return expected == HttpStatusCode.OK
            ? await response.ReadObjectAsync(expected, Cancel)
            : await response.ReadProblemAsync(expected, Cancel);
    }

    private static string ToPascal(string step) => char.ToUpperInvariant(step[0]) + step[1..];
}
