using System.Net;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// The host as a container runs it: told its port only by <c>ASPNETCORE_HTTP_PORTS</c> (as the official images do), here
/// with the in-memory grain storage. Its own host, in parallel with the other collections.
/// </summary>
public sealed class HostConfigurationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_told_only_http_ports_listens_there_and_runs_on_memory_storage()
    {
        await using var host = await HostProcess.StartAsync(
            new Dictionary<string, string> { ["CrmHub__Storage__Provider"] = "Memory" },
            HostBinding.HttpPorts,
            Cancel);

        using (var alive = await host.Http.GetAsync("/alive", Cancel))
            alive.StatusCode.ShouldBe(HttpStatusCode.OK);

        var customerId = NewId("cust");
        (await host.PostEventsOkAsync(Purchase(customerId, 9m), Cancel)).Accepted.ShouldBe(1);
        using var response = await host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);
        (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["purchaseCount"]!.GetValue<int>().ShouldBe(1);
        Directory.EnumerateFileSystemEntries(host.DataDirectory).ShouldBeEmpty("the Memory provider writes no files");
    }

    [Fact]
    public async Task A_host_with_an_unknown_storage_provider_exits_with_one_line_naming_the_setting()
    {
        var failed = await Should.ThrowAsync<HostStartException>(() => HostProcess.StartAsync(
            new Dictionary<string, string> { ["CrmHub__Storage__Provider"] = "Floppy" },
            cancellationToken: Cancel));

        failed.Message.ShouldContain("exited with code 1");
        failed.Message.ShouldContain("CrmHub cannot start: CrmHub:Storage:Provider 'Floppy' is not supported");
    }
}
