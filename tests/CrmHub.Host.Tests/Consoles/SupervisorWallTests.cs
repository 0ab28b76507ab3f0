using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrmHub.Host.Tests.Infrastructure;
using Microsoft.Playwright;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;
using static Microsoft.Playwright.Assertions;

namespace CrmHub.Host.Tests.Consoles;

/// <summary>The supervisor wall in Chromium: queue tiles, pyramid, agents and complaints at risk.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SupervisorWallTests(BrowserFixture browser)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_supervisor_wall_shows_queue_tiles_the_pyramid_with_its_pareto_share_agents_and_complaints_at_risk()
    {
        var host = await browser.SharedHostAsync();
        var customerId = NewId("cust-wall");
        var complaintId = NewId("cmp-wall");
        await host.PostEventsOkAsync(Batch(
            Profile(customerId, name: "Wall Watch AG"),
            Purchase(customerId, 900m),
            Complaint(customerId, complaintId, subject: "Wrong size")), Cancel);
        (await host.GetAsUserAsync("supervisor1", "/api/v1/analytics/pyramid?refresh=true", Cancel)).Dispose();

        await using var console = await browser.OpenPageAsync(host, BrowserFixture.Wall);
        var page = console.Page;
        await console.SignInAsync("supervisor1");
        await Expect(page).ToHaveURLAsync(new Regex("/supervisor$"));
        await console.WaitForConnectionAsync("connected");

        await Expect(page.Locator("#pyramid-table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#pyramid-table tbody tr").First).ToHaveAttributeAsync("data-tier", "Platinum");
        await Expect(page.Locator("#pareto")).ToContainTextAsync("Top 20% of buyers bring");

        if (await StatusAsync(host, "/api/v1/queues") == HttpStatusCode.OK)
            await Expect(page.Locator("#tiles article[data-queue='*']")).ToBeVisibleAsync();
        else
            await Expect(page.Locator("#tiles .empty")).ToContainTextAsync("not available");

        if (await StatusAsync(host, "/api/v1/agents") == HttpStatusCode.OK)
        {
            await Expect(page.Locator("#agents tbody tr[data-agent='agent1']")).ToBeVisibleAsync();
            var agentHeader = page.Locator("#agents th[data-key='agent']");
            await Expect(agentHeader).ToHaveAttributeAsync("aria-sort", "ascending");
            await agentHeader.GetByRole(AriaRole.Button).ClickAsync();
            await Expect(agentHeader).ToHaveAttributeAsync("aria-sort", "descending");
        }
        else
        {
            await Expect(page.Locator("#agents-empty")).ToContainTextAsync("not available");
        }

        if (await StatusAsync(host, "/api/v1/complaints?status=open") == HttpStatusCode.OK)
            await Expect(page.Locator($"#at-risk li[data-complaint='{complaintId}']")).ToContainTextAsync("owner nobody yet");
        else
            await Expect(page.Locator("#at-risk-empty")).ToContainTextAsync("not available");

        await Expect(page.Locator($"#feed li[data-kind='complaintAlert'][data-complaint='{complaintId}']")).ToHaveCountAsync(1);
        await console.ScreenshotAsync("supervisor-wall-1920");
        await page.SetViewportSizeAsync(BrowserFixture.Laptop.Width, BrowserFixture.Laptop.Height);
        await console.ScreenshotAsync("supervisor-wall-1280");
    }

    [Fact]
    public async Task An_agent_opening_the_supervisor_wall_is_told_it_needs_the_supervisor_role()
    {
        var host = await browser.SharedHostAsync();
        await using var console = await browser.OpenPageAsync(host);
        var page = console.Page;
        await console.SignInAsync("agent2", next: "/supervisor");
        await Expect(page).ToHaveURLAsync(new Regex("/supervisor$"));
        await Expect(page.Locator("#role-message")).ToContainTextAsync("for supervisors");
        await Expect(page.Locator("main")).ToBeHiddenAsync();
    }

    /// <summary>
    /// Needs the contact-centre events of issue 5 (crm.contact.offered / answered and QueueStats pushes). Skipped — with
    /// that reason — only while the server answers 400 for crm.contact.offered; it runs by itself once they exist.
    /// </summary>
    [Fact]
    public async Task A_queue_tile_changes_when_a_contact_is_offered_and_then_answered()
    {
        var host = await browser.SharedHostAsync();
        var queue = $"web-{Guid.NewGuid():N}"[..12];
        var customerId = NewId("cust-queue");
        var contactId = NewId("contact");

        await using var console = await browser.OpenPageAsync(host, BrowserFixture.Wall);
        var page = console.Page;
        await console.SignInAsync("supervisor1");
        await console.WaitForConnectionAsync("connected");

        using (var offered = await host.PostEventsAsync(
                   Event("crm.contact.offered", customerId, new JsonObject { ["contactId"] = contactId, ["channel"] = "voice", ["queue"] = queue }),
                   Cancel))
        {
            if (offered.StatusCode == HttpStatusCode.BadRequest)
                Assert.Skip("needs contact-centre events: the server answers 400 for crm.contact.offered.");
            offered.StatusCode.ShouldBe(HttpStatusCode.OK, await offered.Content.ReadAsStringAsync(Cancel));
        }

        var tile = page.Locator($"#tiles article[data-queue='{queue}']");
        await Expect(tile.Locator("[data-field='waiting'] dd")).ToHaveTextAsync("1");
        await Expect(tile.Locator("[data-field='offeredAnswered'] dd")).ToHaveTextAsync("1 / 0");

        await host.PostEventsOkAsync(
            Event("crm.contact.answered", customerId, new JsonObject { ["contactId"] = contactId, ["agentId"] = "agent1" }), Cancel);
        await Expect(tile.Locator("[data-field='waiting'] dd")).ToHaveTextAsync("0");
        await Expect(tile.Locator("[data-field='offeredAnswered'] dd")).ToHaveTextAsync("1 / 1");
        await console.ScreenshotAsync("supervisor-queue-tile");
    }

    private static async Task<HttpStatusCode> StatusAsync(HostProcess host, string path)
    {
        using var response = await host.GetAsUserAsync("supervisor1", path, Cancel);
        return response.StatusCode;
    }
}
