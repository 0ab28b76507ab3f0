using System.Net;
using Azure.Data.Tables;
using CrmHub.Grains.Hosting.AzureStorage;
using CrmHub.Host.Tests.Infrastructure;
using CrmHub.Testing;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// The real host with <c>CrmHub:Storage:Provider</c> <c>AzureTable</c> against Azurite: acknowledged events are in
/// Azure Table Storage and survive a SIGKILL and restart; a missing connection string stops the host with one line.
/// Its own hosts, in parallel with the other collections.
/// </summary>
public sealed class AzureTableStoreTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_on_azure_table_storage_keeps_acknowledged_events_in_the_table_across_a_kill_and_restart()
    {
        azurite.SkipUnlessRunning();
        const string tableName = "CrmHubEndToEnd";
        await using var host = await HostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["CrmHub__Storage__Provider"] = "AzureTable",
                ["ConnectionStrings__CrmHubAzure"] = azurite.ConnectionString,
                ["CrmHub__Storage__AzureTable__TableName"] = tableName,
            },
            cancellationToken: Cancel);
        var customerId = NewId("cust");

        (await host.PostEventsOkAsync(Profile(customerId, name: "Table Corp", ownerAgentId: "agent1"), Cancel)).Accepted.ShouldBe(1);
        (await host.PostEventsOkAsync(Batch([Purchase(customerId, 20m), Purchase(customerId, 30m)]), Cancel)).Accepted.ShouldBe(2);
        host.Kill();
        await host.RestartAsync(Cancel);

        using (var response = await host.GetAsUserAsync("supervisor1", $"/api/v1/customers/{customerId}", Cancel))
        {
            var view = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
            view["profile"].String("name").ShouldBe("Table Corp");
            view["purchaseCount"]!.GetValue<int>().ShouldBe(2);
            view["totalRevenue"]!.GetValue<decimal>().ShouldBe(50m);
        }
        var again = await host.PostEventsOkAsync(Purchase(customerId, 5m), Cancel);
        again.Accepted.ShouldBe(1);

        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(tableName);
        var rows = table.Query<TableEntity>(cancellationToken: Cancel).ToList();
        rows.ShouldContain(row => row.GetString("GrainId") == $"customer/{customerId}", "the customer's state is a row of the configured table");
        Directory.EnumerateFiles(host.DataDirectory, "*.json", SearchOption.AllDirectories)
            .ShouldNotContain(file => file.Contains(customerId, StringComparison.Ordinal), "no grain state goes to files");
    }

    [Fact]
    public async Task A_host_on_azure_table_storage_without_a_connection_string_exits_with_one_line_naming_it()
    {
        var failed = await Should.ThrowAsync<HostStartException>(() => HostProcess.StartAsync(
            new Dictionary<string, string> { ["CrmHub__Storage__Provider"] = "AzureTable" },
            cancellationToken: Cancel));

        failed.Message.ShouldContain("exited with code 1");
        failed.Message.ShouldContain("ConnectionStrings:CrmHubAzure");
    }

    [Fact]
    public void The_options_keep_the_names_and_defaults_of_orleans_azure_table_provider()
    {
        var options = new AzureTableGrainStorageOptions();

        options.TableName.ShouldBe("OrleansGrainState");
        options.DeleteStateOnClear.ShouldBeFalse();
        options.ContainerName.ShouldBe("grainstate");
        options.ConfigureTableServiceClient("UseDevelopmentStorage=true");
        options.Validate().ShouldBeNull();
        options.TableName = "not a table!";
        options.Validate().ShouldNotBeNull().ShouldContain("TableName");
    }
}
