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

        await Expect(page.Locator("#tiles article[data-queue='*']")).ToBeVisibleAsync();

        await Expect(page.Locator("#agents tbody tr[data-agent='agent1']")).ToBeVisibleAsync();
        var agentHeader = page.Locator("#agents th[data-key='agent']");
        await Expect(agentHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await agentHeader.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(agentHeader).ToHaveAttributeAsync("aria-sort", "descending");

        await Expect(page.Locator($"#at-risk li[data-complaint='{complaintId}']")).ToContainTextAsync("owner nobody yet");

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

        await host.PostEventsOkAsync(
            Event("crm.contact.offered", customerId, new JsonObject { ["contactId"] = contactId, ["channel"] = "voice", ["queue"] = queue }),
            Cancel);

        var tile = page.Locator($"#tiles article[data-queue='{queue}']");
        await Expect(tile.Locator("[data-field='waiting'] dd")).ToHaveTextAsync("1");
        await Expect(tile.Locator("[data-field='offeredAnswered'] dd")).ToHaveTextAsync("1 / 0");

        await host.PostEventsOkAsync(
            Event("crm.contact.answered", customerId, new JsonObject { ["contactId"] = contactId, ["agentId"] = "agent1" }), Cancel);
        await Expect(tile.Locator("[data-field='waiting'] dd")).ToHaveTextAsync("0");
        await Expect(tile.Locator("[data-field='offeredAnswered'] dd")).ToHaveTextAsync("1 / 1");
        await console.ScreenshotAsync("supervisor-queue-tile");
    }

    /// <summary>
    /// The wall's rendering of the contact-centre answers (CC-CONTRACT.md shapes) before the server has them: the
    /// browser is given contract-shaped answers for the queues, agents and open complaints.
    /// </summary>
    [Fact]
    public async Task Contract_shaped_answers_render_as_queue_tiles_a_sortable_agent_table_and_complaints_ordered_by_time_to_breach()
    {
        var host = await browser.SharedHostAsync();
        var now = DateTimeOffset.UtcNow;
        await using var console = await browser.OpenPageAsync(host, BrowserFixture.Wall);
        var page = console.Page;
        await StubAsync(page, new Regex("/api/v1/queues$"), new JsonObject
        {
            ["overall"] = QueueSnapshot("*", waiting: 5, serviceLevel: 0.8, offered: 40, answered: 33, needed: 6, available: 4),
            ["queues"] = new JsonArray(
                QueueSnapshot("billing", waiting: 4, serviceLevel: 0.7, offered: 20, answered: 15, needed: 4, available: 2),
                QueueSnapshot("sales", waiting: 1, serviceLevel: 0.9, offered: 20, answered: 18, needed: 2, available: 2)),
        });
        await StubAsync(page, new Regex("/api/v1/agents$"), new JsonArray(
            Agent("agent1", "Agent One", "Busy", occupancy: 0.9, now),
            Agent("agent2", "Agent Two", "Available", occupancy: 0.2, now),
            Agent("agent3", "Agent Three", "Break", occupancy: 0.5, now)));
        await StubAsync(page, new Regex(@"/api/v1/complaints\?status=active$"), new JsonArray(
            OpenComplaint("cmp-later", "Gold", openedAt: now.AddHours(-1), firstResponseDueAt: now.AddHours(3), owner: null),
            OpenComplaint("cmp-amber", "Platinum", openedAt: now.AddMinutes(-55), firstResponseDueAt: now.AddMinutes(5), owner: "agent1"),
            OpenComplaint("cmp-red", "Iron", openedAt: now.AddDays(-1), firstResponseDueAt: now.AddMinutes(-10), owner: "agent2")));

        await console.SignInAsync("supervisor1");
        await Expect(page).ToHaveURLAsync(new Regex("/supervisor$"));

        var billing = page.Locator("#tiles article[data-queue='billing']");
        await Expect(page.Locator("#tiles article")).ToHaveCountAsync(3);
        await Expect(page.Locator("#tiles article").First).ToHaveAttributeAsync("data-queue", "*");
        await Expect(billing.Locator("[data-field='serviceLevel']")).ToHaveTextAsync("SL 70% / target 85%");
        await Expect(billing).ToHaveClassAsync(new Regex("tile-below-target"));
        await Expect(billing.Locator("[data-field='agents'] dd")).ToHaveTextAsync("4 / 2");
        await Expect(page.Locator("#tiles article[data-queue='sales']")).Not.ToHaveClassAsync(new Regex("tile-below-target"));

        var rows = page.Locator("#agents tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await page.Locator("#agents th[data-key='occupancy'] button").ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-agent", "agent2");
        await page.Locator("#agents th[data-key='occupancy'] button").ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-agent", "agent1");
        await Expect(rows.First).ToContainTextAsync("voice cust-1 (Active)");

        var risks = page.Locator("#at-risk li");
        await Expect(risks).ToHaveCountAsync(3);
        (await risks.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.complaint)")).ShouldBe(["cmp-red", "cmp-amber", "cmp-later"]);
        await Expect(risks.Nth(0)).ToHaveAttributeAsync("data-state", "breached");
        await Expect(risks.Nth(1)).ToHaveAttributeAsync("data-state", "warning");
        await Expect(risks.Nth(2)).ToHaveAttributeAsync("data-state", "ok");
        await Expect(risks.Nth(2)).ToContainTextAsync("owner nobody yet");
        await console.ScreenshotAsync("supervisor-wall-contract-answers");
    }

    [Fact]
    public async Task When_the_agent_and_complaint_reads_fail_the_wall_says_they_cannot_be_read_and_still_shows_live_complaint_alerts()
    {
        var host = await browser.SharedHostAsync();
        var customerId = NewId("cust-degraded");
        var complaintId = NewId("cmp-degraded");
        await using var console = await browser.OpenPageAsync(host, BrowserFixture.Wall);
        var page = console.Page;
        foreach (var read in new[] { "/api/v1/agents$", @"/api/v1/complaints\?status=active$" })
            await page.RouteAsync(new Regex(read), route => route.FulfillAsync(new RouteFulfillOptions { Status = 503 }));

        await console.SignInAsync("supervisor1");
        await console.WaitForConnectionAsync("connected");

        await Expect(page.Locator("#agents-empty")).ToContainTextAsync("cannot be read right now");
        await Expect(page.Locator("#at-risk-empty")).ToContainTextAsync("cannot be read right now");
        await host.PostEventsOkAsync(Batch(Profile(customerId), Complaint(customerId, complaintId)), Cancel);
        await Expect(page.Locator($"#feed li[data-kind='complaintAlert'][data-complaint='{complaintId}']")).ToHaveCountAsync(1);
    }

    private static Task StubAsync(IPage page, Regex url, JsonNode answer) =>
        page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Body = answer.ToJsonString(),
        }));

    private static JsonObject QueueSnapshot(string queue, int waiting, double serviceLevel, int offered, int answered, int needed, int available) => new()
    {
        ["queue"] = queue,
        ["asOf"] = Time(),
        ["waiting"] = waiting,
        ["longestWaitSeconds"] = 42,
        ["serviceLevel"] = serviceLevel,
        ["serviceLevelTarget"] = 0.85,
        ["serviceLevelThresholdSeconds"] = 20,
        ["averageSpeedOfAnswerSeconds"] = 14.5,
        ["abandonmentRate"] = 0.05,
        ["averageHandleTimeSeconds"] = 240,
        ["offered"] = offered,
        ["answered"] = answered,
        ["abandoned"] = offered - answered - waiting,
        ["agentsByPresence"] = new JsonObject { ["Available"] = available, ["Busy"] = 3 },
        ["agentsAvailable"] = available,
        ["occupancy"] = 0.75,
        ["agentsNeeded"] = needed,
    };

    private static JsonObject Agent(string agentId, string displayName, string presence, double occupancy, DateTimeOffset now) => new()
    {
        ["agentId"] = agentId,
        ["displayName"] = displayName,
        ["presence"] = presence,
        ["presenceSince"] = Time(now.AddMinutes(-7)),
        ["teams"] = new JsonArray("service"),
        ["skills"] = new JsonArray("billing:3", "language:en"),
        ["capacity"] = new JsonObject { ["voice"] = 1, ["chat"] = 3, ["email"] = 5 },
        ["workItems"] = presence == "Busy"
            ? new JsonArray(new JsonObject
            {
                ["workItemId"] = "w-1", ["queue"] = "billing", ["channel"] = "voice", ["customerId"] = "cust-1", ["state"] = "Active", ["since"] = Time(now),
            })
            : new JsonArray(),
        ["occupancy"] = occupancy,
    };

    private static JsonObject OpenComplaint(string complaintId, string tier, DateTimeOffset openedAt, DateTimeOffset firstResponseDueAt, string? owner) => new()
    {
        ["complaintId"] = complaintId,
        ["customerId"] = $"cust-{complaintId}",
        ["customerName"] = $"Customer of {complaintId}",
        ["subject"] = "Late delivery",
        ["status"] = owner is null ? "Open" : "InProgress",
        ["ownerAgentId"] = owner,
        ["openedAt"] = Time(openedAt),
        ["tier"] = tier,
        ["steps"] = new JsonArray(),
        ["resolutions"] = new JsonArray(),
        ["breaches"] = new JsonArray(),
        ["firstResponseDueAt"] = Time(firstResponseDueAt),
        ["resolutionDueAt"] = Time(firstResponseDueAt.AddHours(24)),
    };
}
