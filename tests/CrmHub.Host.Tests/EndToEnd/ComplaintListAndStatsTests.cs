using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>The supervisors' complaint list, agents' statistics, and the D6/D8 analytics through the real host.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ComplaintListAndStatsTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(string CustomerId, string ComplaintId)> ComplaintTakenByAgent1Async()
    {
        var customerId = NewId("cust");
        var complaintId = NewId("cmp");
        await _host.PostEventsOkAsync(Batch(Profile(customerId, ownerAgentId: "agent1"), Complaint(customerId, complaintId)), Cancel);
        foreach (var step in new[] { "listen", "apologise" })
        {
            using var response = await _host.PostAsUserAsync("agent1", $"/api/v1/complaints/{complaintId}/steps", new { step }, Cancel);
            await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        }
        return (customerId, complaintId);
    }

    private async Task<JsonArray> ListAsync(string query)
    {
        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/complaints?{query}", Cancel);
        return (await response.ReadObjectAsync(HttpStatusCode.OK, Cancel))["items"]!.AsArray();
    }

    [Fact]
    public async Task A_supervisor_lists_complaints_by_customer_status_owner_and_breach()
    {
        var (customerId, complaintId) = await ComplaintTakenByAgent1Async();

        var listed = (await ListAsync($"customerId={customerId}")).ShouldHaveSingleItem()!;
        listed.String("complaintId").ShouldBe(complaintId);
        listed.String("status").ShouldBe("InProgress");
        listed.String("ownerAgentId").ShouldBe("agent1");
        listed["firstResponseDueAt"].ShouldNotBeNull();
        (await ListAsync($"customerId={customerId}&status=active&ownerAgentId=agent1&breached=false")).Count.ShouldBe(1);
        (await ListAsync($"customerId={customerId}&status=Closed,Reviewed")).ShouldBeEmpty();
        (await ListAsync($"customerId={customerId}&breached=true")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("status=pending", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task A_bad_list_filter_is_a_400_problem_naming_it(string query, string field)
    {
        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/complaints?{query}", Cancel);

        (await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel)).ErrorKeys().ShouldBe([field]);
    }

    [Fact]
    public async Task An_agent_may_not_list_every_complaint()
    {
        using var response = await _host.GetAsUserAsync("agent1", "/api/v1/complaints", Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Forbidden, Cancel);
    }

    [Fact]
    public async Task An_agent_reads_its_own_statistics_with_the_complaints_it_owns_but_not_another_agent_s()
    {
        await ComplaintTakenByAgent1Async();

        using var own = await _host.GetAsUserAsync("agent1", "/api/v1/agents/agent1/stats", Cancel);
        var stats = await own.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        stats["complaintsOwned"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        stats["complaintsActive"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        stats["breaches"]!["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(0);
        stats["satisfaction"]!["servqual"]!.AsObject().Select(entry => entry.Key)
            .ShouldBe(["Tangibles", "Empathy", "Assurance", "Responsiveness", "Reliability"], ignoreOrder: true);

        using var other = await _host.GetAsUserAsync("agent1", "/api/v1/agents/agent2/stats", Cancel);
        await other.ReadProblemAsync(HttpStatusCode.Forbidden, Cancel);
        using var unknown = await _host.GetAsUserAsync("supervisor1", "/api/v1/agents/nobody/stats", Cancel);
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound, Cancel);
    }

    [Fact]
    public async Task Satisfaction_for_one_agent_counts_the_surveys_rating_that_agent_with_servqual_averages()
    {
        var agentId = NewId("rated");
        var customerId = NewId("cust");
        JsonObject Survey(string level, int tangibles) => Event("crm.survey", customerId, new JsonObject
        {
            ["satisfaction"] = level,
            ["agentId"] = agentId,
            ["servqual"] = new JsonObject { ["tangibles"] = tangibles, ["empathy"] = 4 },
        });
        await _host.PostEventsOkAsync(Batch(Survey("Advocate", 5), Survey("Satisfied", 2)), Cancel);

        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/analytics/satisfaction?agentId={agentId}", Cancel);

        var satisfaction = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        satisfaction["surveys"]!.GetValue<int>().ShouldBe(2);
        satisfaction["levels"]!["Advocate"]!.GetValue<int>().ShouldBe(1);
        satisfaction["levels"]!["Satisfied"]!.GetValue<int>().ShouldBe(1);
        satisfaction["servqual"]!["Tangibles"]!.GetValue<double>().ShouldBe(3.5);
        satisfaction["servqual"]!["Empathy"]!.GetValue<double>().ShouldBe(4.0);
        satisfaction["servqual"]!["Reliability"].ShouldBeNull();
    }

    [Fact]
    public async Task Satisfaction_for_a_team_counts_the_surveys_rating_the_agents_whose_profile_lists_it()
    {
        var customerId = NewId("cust");
        await _host.PostEventsOkAsync(Batch(Event("crm.survey", customerId, new JsonObject { ["satisfaction"] = "Returning", ["agentId"] = "agent3" })), Cancel);

        using var response = await _host.GetAsUserAsync("supervisor1", "/api/v1/analytics/satisfaction?team=sales", Cancel);

        var satisfaction = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        satisfaction["agentIds"]!.AsArray().Select(id => id!.GetValue<string>()).ShouldBe(["agent3"], "only agent3's profile lists sales");
        satisfaction["levels"]!["Returning"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
    }

    [Theory]
    [InlineData("team=nobody-works-here")]
    [InlineData("team=sales&agentId=agent3")]
    public async Task A_satisfaction_filter_naming_no_team_or_both_an_agent_and_a_team_is_a_400_problem(string query)
    {
        using var response = await _host.GetAsUserAsync("supervisor1", $"/api/v1/analytics/satisfaction?{query}", Cancel);

        (await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel)).ErrorKeys().ShouldBe(["team"]);
    }

    [Fact]
    public async Task Retention_over_a_period_gives_churn_and_retention_rates_and_win_backs()
    {
        var customerId = NewId("cust");
        await _host.PostEventsOkAsync(Batch(Purchase(customerId, 20m)), Cancel);
        var to = DateTimeOffset.UtcNow.AddDays(1);

        using var response = await _host.GetAsUserAsync(
            "supervisor1", $"/api/v1/analytics/retention?from={Uri.EscapeDataString(to.AddDays(-30).ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}", Cancel);

        var retention = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        var customers = retention["customers"]!.GetValue<int>();
        customers.ShouldBeGreaterThanOrEqualTo(1, "the customer who just bought is in the relationship");
        (retention["retained"]!.GetValue<int>() + retention["churned"]!.GetValue<int>()).ShouldBe(customers);
        retention["retentionRate"]!.GetValue<decimal>().ShouldBe(1 - retention["churnRate"]!.GetValue<decimal>());
        retention["winBacks"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task A_retention_period_that_ends_before_it_starts_is_a_400_problem()
    {
        using var response = await _host.GetAsUserAsync("supervisor1", "/api/v1/analytics/retention?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", Cancel);

        (await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel)).ErrorKeys().ShouldBe(["to"]);
    }
}
