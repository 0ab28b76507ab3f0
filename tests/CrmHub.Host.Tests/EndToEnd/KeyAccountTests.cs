using System.Net;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// D5 through the real host: purchases make a customer a key account once the pyramid ranks it Gold or above. A
/// dedicated host, so the pyramid ranks exactly this test's customers.
/// </summary>
public sealed class KeyAccountTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_of_purchases_makes_a_customer_a_key_account_and_the_managers_and_supervisors_consoles_get_key_account_changed()
    {
        await using var host = await HostProcess.StartAsync(Cancel);
        await using var supervisor = await host.ConnectConsoleAsync("supervisor1", Cancel);
        await using var manager = await host.ConnectConsoleAsync("agent1", Cancel);

        // Ten ranked customers: the best one is Platinum. The star, owned by agent1, buys the most.
        var star = NewId("star");
        await host.PostEventsOkAsync(Batch(Profile(star, "Star Ltd", ownerAgentId: "agent1")), Cancel);
        for (var i = 1; i <= 5; i++)
            await host.PostEventsOkAsync(Batch(Purchase(star, 1_000m)), Cancel);
        for (var i = 1; i <= 9; i++)
            await host.PostEventsOkAsync(Batch(Purchase(NewId("buyer"), i * 10m)), Cancel);

        // Recompute the pyramid now rather than within the refresh period.
        using (var pyramid = await host.GetAsUserAsync("supervisor1", "/api/v1/analytics/pyramid?refresh=true", Cancel))
            await pyramid.ReadObjectAsync(HttpStatusCode.OK, Cancel);

        bool Entered(ConsoleNotification n) => n.Kind == "keyAccountChanged" && n.DataString("customerId") == star;
        var toSupervisor = await supervisor.WaitForAsync(Entered, cancellationToken: Cancel);
        toSupervisor.Data.GetProperty("isKeyAccount").GetBoolean().ShouldBeTrue();
        toSupervisor.DataString("tier").ShouldBe("Platinum");
        toSupervisor.DataString("previousTier").ShouldBe("Lead");
        toSupervisor.DataString("managerId").ShouldBe("agent1", "no default manager is configured, so the owner manages it");
        toSupervisor.DataString("reason").ShouldBe("ReachedGold");
        (await manager.WaitForAsync(Entered, cancellationToken: Cancel)).Data.GetProperty("isKeyAccount").GetBoolean().ShouldBeTrue();
        await manager.WaitForAsync(n => n.Kind == "tierChanged" && n.DataString("customerId") == star, cancellationToken: Cancel);

        using var view = await host.GetAsUserAsync("agent1", $"/api/v1/customers/{star}", Cancel);
        var keyAccount = (await view.ReadObjectAsync(HttpStatusCode.OK, Cancel))["keyAccount"]!;
        keyAccount["isKeyAccount"]!.GetValue<bool>().ShouldBeTrue();
        keyAccount["managerId"]!.GetValue<string>().ShouldBe("agent1");
    }

    [Fact]
    public async Task A_platinum_complaint_left_untouched_raises_sla_warning_then_sla_breached_and_the_breach_reaches_the_key_account_manager()
    {
        // Platinum's first response is due after 4 s (warning at 80%: 3.2 s), its resolution after 8 s.
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["CrmHub__Rules__ComplaintSla__Platinum__FirstResponse"] = "00:00:04",
            ["CrmHub__Rules__ComplaintSla__Platinum__Resolution"] = "00:00:08",
        }, cancellationToken: Cancel);
        await using var owner = await host.ConnectConsoleAsync("agent1", Cancel);
        await using var supervisor = await host.ConnectConsoleAsync("supervisor1", Cancel);
        var star = NewId("star");
        await host.PostEventsOkAsync(Batch(Profile(star, "Star Ltd", ownerAgentId: "agent1"), Purchase(star, 5_000m)), Cancel);
        for (var i = 1; i <= 9; i++)
            await host.PostEventsOkAsync(Batch(Purchase(NewId("buyer"), i * 10m)), Cancel);
        using (var pyramid = await host.GetAsUserAsync("supervisor1", "/api/v1/analytics/pyramid?refresh=true", Cancel))
            await pyramid.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        await owner.WaitForAsync(n => n.Kind == "tierChanged" && n.DataString("customerId") == star && n.DataString("tier") == "Platinum", cancellationToken: Cancel);

        var complaintId = NewId("cmp");
        await host.PostEventsOkAsync(Batch(Complaint(star, complaintId)), Cancel);

        // Nobody took it: the warning goes to the supervisors; the breach also to the key-account manager (the owner agent).
        var wait = TimeSpan.FromSeconds(20);
        var warning = await supervisor.WaitForAsync("slaWarning", complaintId, wait, Cancel);
        var breach = await supervisor.WaitForAsync("slaBreached", complaintId, wait, Cancel);
        breach.Seq.ShouldBeGreaterThan(warning.Seq);
        (await owner.WaitForAsync("slaBreached", complaintId, wait, Cancel)).DataString("tier").ShouldBe("Platinum");
        (warning.DataString("tier"), breach.DataString("tier")).ShouldBe(("Platinum", "Platinum"));
        (warning.DataString("kind"), breach.DataString("kind")).ShouldBe(("FirstResponse", "FirstResponse"));
        using var read = await host.GetAsUserAsync("supervisor1", $"/api/v1/complaints?customerId={star}&breached=true", Cancel);
        var listed = (await read.ReadObjectAsync(HttpStatusCode.OK, Cancel))["items"]!.AsArray().ShouldHaveSingleItem()!;
        listed.String("tier").ShouldBe("Platinum");
        listed.String("keyAccountManagerId").ShouldBe("agent1");
    }
}
