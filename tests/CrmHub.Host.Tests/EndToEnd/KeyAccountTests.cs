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
}
