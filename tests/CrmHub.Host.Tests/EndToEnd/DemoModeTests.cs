using System.Diagnostics;
using System.Net;
using CrmHub.Host.Tests.Infrastructure;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary><c>--demo</c>: the host seeds customers and keeps complaints coming, in Development only. Own hosts.</summary>
public sealed class DemoModeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_demo_host_has_customers_with_purchases_and_alerts_complaints_on_a_supervisor_console_shortly_after_start()
    {
        await using var host = await HostProcess.StartWithArgumentsAsync(
            ["--demo"],
            new Dictionary<string, string>
            {
                ["CrmHub__Demo__Customers"] = "40",
                ["CrmHub__Demo__KeyAccounts"] = "3",
                ["CrmHub__Demo__MinInterval"] = "00:00:00.200",
                ["CrmHub__Demo__MaxInterval"] = "00:00:00.500",
            },
            cancellationToken: Cancel);
        await using var supervisor = await host.ConnectConsoleAsync("supervisor1", Cancel);

        var alert = await supervisor.WaitForAsync(n => n.Kind == "complaintAlert", TimeSpan.FromSeconds(60), Cancel);
        alert.DataString("customerId").ShouldStartWith("demo-c");

        var customer = await WaitForCustomerAsync(host, "demo-c000000");
        customer["purchaseCount"]!.GetValue<int>().ShouldBeGreaterThan(0);
        customer["profile"]!["ownerAgentId"]!.GetValue<string>().ShouldBe("agent1");
        using var complaints = await host.GetAsUserAsync("supervisor1", "/api/v1/complaints?status=active", Cancel);
        (await complaints.ReadObjectAsync(HttpStatusCode.OK, Cancel))["total"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Demo_mode_outside_development_refuses_to_start_with_one_line()
    {
        var failed = await Should.ThrowAsync<HostStartException>(() => HostProcess.StartWithArgumentsAsync(
            ["--demo"],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["CrmHub__Auth__SigningKey"] = "a-production-signing-key-of-at-least-32-bytes",
            },
            cancellationToken: Cancel));

        failed.Message.ShouldContain("exited with code 1");
        failed.Message.ShouldContain("CrmHub cannot start: --demo runs only in the Development environment");
    }

    /// <summary>The customer's 360 view once seeding has reached it (seeding runs after the host reports healthy).</summary>
    private static async Task<System.Text.Json.Nodes.JsonObject> WaitForCustomerAsync(HostProcess host, string customerId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var response = await host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);
            if (response.StatusCode == HttpStatusCode.OK || waited.Elapsed > TimeSpan.FromSeconds(60))
                return await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
            await Task.Delay(250, Cancel);
        }
    }
}
