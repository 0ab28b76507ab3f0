using System.Net;
using CrmHub.Host.Tests.Infrastructure;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// The D2/D3 analytics endpoints of the real host: who may read them and their shape. (Customers do not report to
/// the value buckets yet, so the figures themselves are checked by the grain tests.)
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class AnalyticsTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/analytics/pyramid")]
    [InlineData("/api/v1/analytics/customer-equity")]
    public async Task An_agent_may_not_read_the_analytics(string path)
    {
        using var response = await _host.GetAsUserAsync("agent1", path, Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Forbidden, Cancel);
    }

    [Fact]
    public async Task The_analytics_need_a_token()
    {
        using var response = await _host.Http.GetAsync("/api/v1/analytics/pyramid", Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, Cancel);
    }

    [Theory]
    [InlineData("supervisor1", "")]
    [InlineData("admin", "?refresh=true")]
    public async Task A_supervisor_or_admin_reads_the_pyramid_with_all_four_tiers_and_the_pareto_ratio(string userName, string query)
    {
        using var response = await _host.GetAsUserAsync(userName, $"/api/v1/analytics/pyramid{query}", Cancel);

        var pyramid = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        var tiers = pyramid["tiers"]!.AsArray();
        tiers.Select(tier => tier.String("tier")).ShouldBe(["Platinum", "Gold", "Iron", "Lead"]);
        tiers.ShouldAllBe(tier => tier!["count"]!.GetValue<long>() >= 0 && tier.AsObject().ContainsKey("minProfit")
            && tier["revenueShare"]!.GetValue<decimal>() >= 0);
        pyramid.ContainsKey("paretoTop20RevenueShare").ShouldBeTrue();
        pyramid["cutoffs"]!["version"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        pyramid["cutoffs"].String("asOf").ShouldNotBeNull();
        pyramid["reevaluationsPending"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(0, "customers a cut-off change moved and still to re-evaluate");
    }

    [Fact]
    public async Task A_supervisor_reads_the_customer_equity_as_past_plus_projected_value()
    {
        using var response = await _host.GetAsUserAsync("supervisor1", "/api/v1/analytics/customer-equity", Cancel);

        var equity = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        equity["customers"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        equity["total"]!.GetValue<decimal>().ShouldBe(equity["pastValue"]!.GetValue<decimal>() + equity["projectedValue"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_refresh_flag_that_is_not_a_boolean_is_a_400_problem()
    {
        using var response = await _host.GetAsUserAsync("supervisor1", "/api/v1/analytics/pyramid?refresh=soon", Cancel);

        await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
    }
}
