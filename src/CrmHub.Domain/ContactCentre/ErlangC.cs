namespace CrmHub.Domain.ContactCentre;

/// <summary>
/// D10: what the Erlang C model predicts for a number of agents.
/// <see cref="ServiceLevel"/> is the share answered within the threshold; <see cref="Occupancy"/> = traffic / agents.
/// </summary>
public sealed record ErlangCResult(
    int Agents,
    double TrafficErlangs,
    double ProbabilityOfWaiting,
    double ServiceLevel,
    double AverageSpeedOfAnswerSeconds,
    double Occupancy);

/// <summary>
/// D10 staffing: the Erlang C queueing model (Poisson arrivals, exponential handle times, no abandonment)
/// and its inverse, the fewest agents meeting a service-level target.
/// </summary>
/// <remarks>
/// No factorials: the Erlang B blocking probability is built with the recursion
/// B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)), whose terms stay in (0, 1] for any traffic A,
/// and Erlang C follows as C = N·B / (N − A·(1 − B)). Stable for hundreds of thousands of agents.
/// </remarks>
public static class ErlangC
{
    /// <summary>Upper bound on agents (and so on traffic) accepted, so one request cannot loop for long.</summary>
    public const int MaximumAgents = 100_000;

    /// <summary>
    /// D10: probability of waiting, service level, average speed of answer and occupancy for
    /// <paramref name="agents"/> agents. Throws <see cref="ArgumentOutOfRangeException"/> naming the parameter when
    /// an input is negative, zero where it must be positive, not finite, or when agents do not exceed the traffic
    /// (the queue would grow without bound).
    /// </summary>
    public static ErlangCResult Evaluate(double arrivalsPerHour, double ahtSeconds, int agents, double thresholdSeconds)
    {
        var traffic = Traffic(arrivalsPerHour, ahtSeconds);
        RequireThreshold(thresholdSeconds);
        if (agents is < 1 or > MaximumAgents)
            throw new ArgumentOutOfRangeException(nameof(agents), agents, $"agents must be between 1 and {MaximumAgents}.");
        if (agents <= traffic)
            throw new ArgumentOutOfRangeException(nameof(agents), agents, $"agents must exceed the traffic of {traffic:0.###} Erlangs, otherwise the queue grows without bound.");

        var blocking = 1.0;
        for (var n = 1; n <= agents; n++)
            blocking = NextErlangB(blocking, traffic, n);
        return Result(agents, traffic, blocking, ahtSeconds, thresholdSeconds);
    }

    /// <summary>
    /// D10: the fewest agents whose service level within <paramref name="thresholdSeconds"/> reaches
    /// <paramref name="targetServiceLevel"/> (a share strictly between 0 and 1), with that staffing's figures.
    /// The search starts at floor(traffic) + 1, the fewest agents that keep the queue stable.
    /// </summary>
    public static ErlangCResult Required(double arrivalsPerHour, double ahtSeconds, double targetServiceLevel, double thresholdSeconds)
    {
        var traffic = Traffic(arrivalsPerHour, ahtSeconds);
        RequireThreshold(thresholdSeconds);
        if (!(targetServiceLevel is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(targetServiceLevel), targetServiceLevel, "targetServiceLevel must be a share above 0 and below 1.");
        if (traffic >= MaximumAgents)
            throw new ArgumentOutOfRangeException(nameof(arrivalsPerHour), arrivalsPerHour, $"The traffic (arrivalsPerHour × ahtSeconds / 3600) must stay below {MaximumAgents} Erlangs.");

        // One pass of the Erlang B recursion: each candidate N reuses B(N − 1), so the search is linear in N.
        var agents = (int)Math.Floor(traffic) + 1;
        var blocking = 1.0;
        for (var n = 1; n <= agents; n++)
            blocking = NextErlangB(blocking, traffic, n);
        while (true)
        {
            var result = Result(agents, traffic, blocking, ahtSeconds, thresholdSeconds);
            // The service level rises towards 1 with every added agent; the bound only guards against rounding.
            if (result.ServiceLevel >= targetServiceLevel || agents == MaximumAgents)
                return result;
            agents++;
            blocking = NextErlangB(blocking, traffic, agents);
        }
    }

    private static double Traffic(double arrivalsPerHour, double ahtSeconds)
    {
        if (!double.IsFinite(arrivalsPerHour) || arrivalsPerHour <= 0)
            throw new ArgumentOutOfRangeException(nameof(arrivalsPerHour), arrivalsPerHour, "arrivalsPerHour must be a positive number.");
        if (!double.IsFinite(ahtSeconds) || ahtSeconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(ahtSeconds), ahtSeconds, "ahtSeconds must be a positive number.");
        var traffic = arrivalsPerHour * ahtSeconds / 3600;
        if (!double.IsFinite(traffic))
            throw new ArgumentOutOfRangeException(nameof(arrivalsPerHour), arrivalsPerHour, "arrivalsPerHour × ahtSeconds is too large.");
        return traffic;
    }

    private static void RequireThreshold(double thresholdSeconds)
    {
        if (!double.IsFinite(thresholdSeconds) || thresholdSeconds < 0)
            throw new ArgumentOutOfRangeException(nameof(thresholdSeconds), thresholdSeconds, "thresholdSeconds must be zero or a positive number.");
    }

    private static double NextErlangB(double previous, double traffic, int agents) =>
        traffic * previous / (agents + (traffic * previous));

    private static ErlangCResult Result(int agents, double traffic, double erlangB, double ahtSeconds, double thresholdSeconds)
    {
        var spare = agents - traffic;
        var probabilityOfWaiting = agents * erlangB / (agents - (traffic * (1 - erlangB)));
        var serviceLevel = 1 - (probabilityOfWaiting * Math.Exp(-spare * thresholdSeconds / ahtSeconds));
        var averageSpeedOfAnswer = probabilityOfWaiting * ahtSeconds / spare;
        return new ErlangCResult(agents, traffic, probabilityOfWaiting, serviceLevel, averageSpeedOfAnswer, traffic / agents);
    }
}
