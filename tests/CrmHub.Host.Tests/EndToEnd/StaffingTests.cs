using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>
/// D10 staffing endpoints of the real host. The figures are the classic worked example (200 calls/h, AHT 180 s =
/// 10 Erlangs, threshold 20 s), checked in detail by the domain's Erlang C tests.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class StaffingTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static void ShouldBeTheFourteenAgentFigures(JsonObject answer)
    {
        answer["agents"]!.GetValue<int>().ShouldBe(14);
        answer["trafficErlangs"]!.GetValue<double>().ShouldBe(10.0, 1e-9);
        answer["probabilityOfWaiting"]!.GetValue<double>().ShouldBe(0.174132, 5e-5);
        answer["serviceLevel"]!.GetValue<double>().ShouldBe(0.888350, 5e-5);
        answer["averageSpeedOfAnswerSeconds"]!.GetValue<double>().ShouldBe(7.8359, 5e-4);
        answer["occupancy"]!.GetValue<double>().ShouldBe(10.0 / 14, 1e-9);
    }

    [Theory]
    [InlineData("agent1")]
    [InlineData("supervisor1")]
    [InlineData("admin")]
    public async Task Any_signed_in_user_evaluates_Erlang_C_for_a_number_of_agents(string userName)
    {
        using var response = await _host.GetAsUserAsync(userName, "/api/v1/staffing/erlang-c?arrivalsPerHour=200&ahtSeconds=180&agents=14&thresholdSeconds=20", Cancel);

        ShouldBeTheFourteenAgentFigures(await response.ReadObjectAsync(HttpStatusCode.OK, Cancel));
    }

    [Fact]
    public async Task The_required_staffing_is_the_fewest_agents_meeting_the_target()
    {
        // 13 agents reach 79.56%, 14 reach 88.84%: an 80% target needs 14.
        using var response = await _host.GetAsUserAsync("agent1", "/api/v1/staffing/required?arrivalsPerHour=200&ahtSeconds=180&targetServiceLevel=0.8&thresholdSeconds=20", Cancel);

        ShouldBeTheFourteenAgentFigures(await response.ReadObjectAsync(HttpStatusCode.OK, Cancel));
    }

    [Fact]
    public async Task Hundreds_of_agents_are_staffed_without_overflow()
    {
        // 9,000 calls/h × 200 s = 500 Erlangs: 512 agents reach 85% within 20 s (511 reach 82.8%).
        using var response = await _host.GetAsUserAsync("agent1", "/api/v1/staffing/required?arrivalsPerHour=9000&ahtSeconds=200&targetServiceLevel=0.85&thresholdSeconds=20", Cancel);

        var answer = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        answer["agents"]!.GetValue<int>().ShouldBe(512);
        answer["serviceLevel"]!.GetValue<double>().ShouldBe(0.85457589, 1e-7);
    }

    [Theory]
    [InlineData("arrivalsPerHour=200&ahtSeconds=180&agents=10&thresholdSeconds=20", "agents")]  // agents = traffic
    [InlineData("arrivalsPerHour=200&ahtSeconds=180&agents=9&thresholdSeconds=20", "agents")]
    [InlineData("arrivalsPerHour=-1&ahtSeconds=180&agents=14&thresholdSeconds=20", "arrivalsPerHour")]
    [InlineData("arrivalsPerHour=200&ahtSeconds=0&agents=14&thresholdSeconds=20", "ahtSeconds")]
    [InlineData("arrivalsPerHour=200&ahtSeconds=NaN&agents=14&thresholdSeconds=20", "ahtSeconds")]
    [InlineData("arrivalsPerHour=200&ahtSeconds=180&agents=14&thresholdSeconds=-5", "thresholdSeconds")]
    [InlineData("arrivalsPerHour=200&ahtSeconds=180&agents=14", "thresholdSeconds")]                 // missing
    [InlineData("arrivalsPerHour=many&ahtSeconds=180&agents=14&thresholdSeconds=20", "arrivalsPerHour")] // not a number
    [InlineData("arrivalsPerHour=200&ahtSeconds=180&agents=14.5&thresholdSeconds=20", "agents")]        // not whole
    public async Task An_invalid_Erlang_C_query_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/staffing/erlang-c?{query}", Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe([parameter]);
        problem["errors"]![parameter]![0]!.GetValue<string>().ShouldContain(parameter);
    }

    [Theory]
    [InlineData("arrivalsPerHour=200&ahtSeconds=180&targetServiceLevel=1&thresholdSeconds=20", "targetServiceLevel")]
    [InlineData("arrivalsPerHour=200&ahtSeconds=180&targetServiceLevel=85&thresholdSeconds=20", "targetServiceLevel")]
    [InlineData("arrivalsPerHour=0&ahtSeconds=180&targetServiceLevel=0.8&thresholdSeconds=20", "arrivalsPerHour")]
    [InlineData("ahtSeconds=180&targetServiceLevel=0.8&thresholdSeconds=20", "arrivalsPerHour")]
    public async Task An_invalid_required_staffing_query_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/staffing/required?{query}", Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe([parameter]);
    }

    [Fact]
    public async Task Every_missing_parameter_is_named_at_once()
    {
        using var response = await _host.GetAsUserAsync("agent1", "/api/v1/staffing/required", Cancel);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, Cancel);
        problem.ErrorKeys().ShouldBe(["arrivalsPerHour", "ahtSeconds", "targetServiceLevel", "thresholdSeconds"], ignoreOrder: true);
    }

    [Fact]
    public async Task Staffing_needs_a_token()
    {
        using var response = await _host.Http.GetAsync("/api/v1/staffing/erlang-c?arrivalsPerHour=200&ahtSeconds=180&agents=14&thresholdSeconds=20", Cancel);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, Cancel);
    }

    [Theory]
    [InlineData("/api/v1/staffing/erlang-c", "agents")]
    [InlineData("/api/v1/staffing/required", "targetServiceLevel")]
    public async Task The_openapi_document_describes_the_staffing_queries_behind_a_bearer_token(string path, string ownParameter)
    {
        using var response = await _host.Http.GetAsync("/openapi/v1.json", Cancel);

        var document = await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
        var operation = document["paths"]![path]!["get"]!.AsObject();
        operation["parameters"]!.AsArray().Select(parameter => parameter.String("name"))
            .ShouldBe(["arrivalsPerHour", "ahtSeconds", ownParameter, "thresholdSeconds"]);
        operation["parameters"]!.AsArray().ShouldAllBe(parameter => parameter.String("description") != null);
        operation["security"]!.AsArray().SelectMany(requirement => requirement!.AsObject().Select(scheme => scheme.Key)).ShouldBe(["Bearer"]);
    }
}
