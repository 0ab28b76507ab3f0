using System.ComponentModel;
using System.Globalization;
using CrmHub.Domain.ContactCentre;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmHub.Host.Apis.Staffing;

/// <summary>D10 staffing: the Erlang C model and its inverse, for any signed-in staff user.</summary>
public static class StaffingEndpoints
{
    // The parameters are bound as text (see QueryReader), so their meaning and form are described here.
    private const string ArrivalsText = "Contacts arriving per hour: a number above 0.";
    private const string AhtText = "Average handle time (talk + wrap-up) in seconds: a number above 0.";
    private const string ThresholdText = "Service-level threshold in seconds (answered within it counts as in service level): 0 or more.";

    public static RouteGroupBuilder MapStaffingApi(this RouteGroupBuilder api)
    {
        var staffing = api.MapGroup("/staffing")
            .WithTags("Staffing")
            .RequireAuthorization(AuthPolicies.User);
        staffing.MapGet("/erlang-c", GetErlangC)
            .WithName("GetErlangC")
            .WithSummary("D10: Erlang C for a number of agents: probability of waiting, service level, average speed of answer, occupancy.")
            .WithDescription("All four query parameters are required. `agents` must exceed the traffic (arrivalsPerHour × ahtSeconds / 3600 Erlangs).");
        staffing.MapGet("/required", GetRequired)
            .WithName("GetRequiredAgents")
            .WithSummary("D10: the fewest agents whose Erlang C service level within the threshold reaches the target, with their figures.")
            .WithDescription("All four query parameters are required. `targetServiceLevel` is a share above 0 and below 1 (0.85 = 85%).");
        return api;
    }

    internal static Results<Ok<StaffingAnswer>, ValidationProblem> GetErlangC(
        [Description(ArrivalsText)] string? arrivalsPerHour,
        [Description(AhtText)] string? ahtSeconds,
        [Description("Agents handling the contacts: a whole number above the traffic.")] string? agents,
        [Description(ThresholdText)] string? thresholdSeconds)
    {
        var query = new QueryReader();
        var arrivals = query.Number(nameof(arrivalsPerHour), arrivalsPerHour);
        var aht = query.Number(nameof(ahtSeconds), ahtSeconds);
        var staff = query.Count(nameof(agents), agents);
        var threshold = query.Number(nameof(thresholdSeconds), thresholdSeconds);
        return query.Answer(() => ErlangC.Evaluate(arrivals, aht, staff, threshold));
    }

    internal static Results<Ok<StaffingAnswer>, ValidationProblem> GetRequired(
        [Description(ArrivalsText)] string? arrivalsPerHour,
        [Description(AhtText)] string? ahtSeconds,
        [Description("The service level to reach: a share above 0 and below 1 (0.85 = 85%).")] string? targetServiceLevel,
        [Description(ThresholdText)] string? thresholdSeconds)
    {
        var query = new QueryReader();
        var arrivals = query.Number(nameof(arrivalsPerHour), arrivalsPerHour);
        var aht = query.Number(nameof(ahtSeconds), ahtSeconds);
        var target = query.Number(nameof(targetServiceLevel), targetServiceLevel);
        var threshold = query.Number(nameof(thresholdSeconds), thresholdSeconds);
        return query.Answer(() => ErlangC.Required(arrivals, aht, target, threshold));
    }

    /// <summary>
    /// Reads the query as text so that a missing or malformed value is answered as a validation problem keyed by the
    /// parameter's name (the framework's own binding failure would not name it), then lets the model judge the values.
    /// </summary>
    private sealed class QueryReader
    {
        private readonly Dictionary<string, string[]> _errors = [];

        public double Number(string name, string? text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return value;
            Invalid(name, text, "a number");
            return 0;
        }

        public int Count(string name, string? text)
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                return value;
            Invalid(name, text, "a whole number");
            return 0;
        }

        public Results<Ok<StaffingAnswer>, ValidationProblem> Answer(Func<ErlangCResult> evaluate)
        {
            if (_errors.Count > 0)
                return TypedResults.ValidationProblem(_errors, title: "The staffing query is not valid.");
            try
            {
                return TypedResults.Ok(StaffingAnswer.From(evaluate()));
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName is not null)
            {
                // The model's own sentence names the parameter and says why; drop what the exception appends to it.
                var reason = e.Message.Split(Environment.NewLine)[0].Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [e.ParamName] = [reason] },
                    title: "The staffing query is not valid.");
            }
        }

        private void Invalid(string name, string? text, string what) =>
            _errors[name] = [string.IsNullOrWhiteSpace(text) ? $"{name} is required." : $"{name} must be {what}, not '{text}'."];
    }
}

/// <summary>D10: the Erlang C figures for one staffing level.</summary>
/// <param name="Agents">The number of agents the figures are for.</param>
/// <param name="TrafficErlangs">The offered traffic: arrivals per hour × handle time in hours.</param>
/// <param name="ProbabilityOfWaiting">The share (0 to 1) of contacts that wait at all.</param>
/// <param name="ServiceLevel">The share (0 to 1) of contacts answered within the threshold.</param>
/// <param name="AverageSpeedOfAnswerSeconds">The mean wait over all contacts, in seconds.</param>
/// <param name="Occupancy">The share (0 to 1) of the agents' time spent handling contacts: traffic / agents.</param>
public sealed record StaffingAnswer(
    int Agents,
    double TrafficErlangs,
    double ProbabilityOfWaiting,
    double ServiceLevel,
    double AverageSpeedOfAnswerSeconds,
    double Occupancy)
{
    public static StaffingAnswer From(ErlangCResult result) => new(
        result.Agents,
        result.TrafficErlangs,
        result.ProbabilityOfWaiting,
        result.ServiceLevel,
        result.AverageSpeedOfAnswerSeconds,
        result.Occupancy);
}
