using CrmHub.Domain.ContactCentre;

namespace CrmHub.Domain.Tests.ContactCentre;

// Reference values: Erlang C with traffic A = λ·AHT Erlangs and N agents is
//   C(N, A) = [A^N/N! · N/(N−A)] / [Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)],
//   SL(t) = 1 − C·e^(−(N−A)·t/AHT),  ASA = C·AHT/(N−A),  occupancy = A/N.
// The values below were computed from that factorial form in exact rational arithmetic (an independent method:
// the implementation uses the Erlang B recursion) and agree with published Erlang C tables.
public class ErlangCTests
{
    private const double Tolerance = 5e-5;

    [Fact]
    public void One_agent_is_the_single_server_queue_where_the_chance_of_waiting_equals_the_traffic()
    {
        // M/M/1: C(1, A) = (A · 1/(1−A)) / (1 + A/(1−A)) = A. 1,800 calls/h × 1 s = 0.5 Erlang.
        var result = ErlangC.Evaluate(arrivalsPerHour: 1_800, ahtSeconds: 1, agents: 1, thresholdSeconds: 0);

        result.TrafficErlangs.ShouldBe(0.5, Tolerance);
        result.ProbabilityOfWaiting.ShouldBe(0.5, Tolerance);
        result.ServiceLevel.ShouldBe(0.5, Tolerance); // threshold 0: only those who never wait are in service level
        result.AverageSpeedOfAnswerSeconds.ShouldBe(1.0, Tolerance); // 0.5 · 1 / (1 − 0.5)
        result.Occupancy.ShouldBe(0.5, Tolerance);
    }

    [Fact]
    public void Two_agents_with_one_Erlang_wait_a_third_of_the_time()
    {
        // A = 1, N = 2: A²/2! · 2/(2−1) = 1; Σ_{k<2} = 1 + 1 = 2; C = 1 / (2 + 1) = 1/3.
        var result = ErlangC.Evaluate(arrivalsPerHour: 20, ahtSeconds: 180, agents: 2, thresholdSeconds: 0);

        result.TrafficErlangs.ShouldBe(1.0, Tolerance);
        result.ProbabilityOfWaiting.ShouldBe(1.0 / 3, Tolerance);
    }

    [Fact]
    public void Three_agents_with_two_Erlangs_wait_four_ninths_of_the_time()
    {
        // A = 2, N = 3: A³/3! · 3/(3−2) = 8/6 · 3 = 4; Σ_{k<3} = 1 + 2 + 2 = 5; C = 4 / (5 + 4) = 4/9.
        var result = ErlangC.Evaluate(arrivalsPerHour: 40, ahtSeconds: 180, agents: 3, thresholdSeconds: 0);

        result.ProbabilityOfWaiting.ShouldBe(4.0 / 9, Tolerance);
    }

    [Theory]
    // The classic worked example: 100 calls per 30 minutes (200 an hour), AHT 180 s → A = 200 · 180 / 3600 = 10 Erlangs;
    // threshold 20 s. Columns: agents, P(wait), service level, ASA (s), occupancy.
    [InlineData(11, 0.682118, 0.389614, 122.7813, 0.909091)]
    [InlineData(12, 0.449388, 0.640158, 40.4449, 0.833333)]
    [InlineData(13, 0.285270, 0.795595, 17.1162, 0.769231)]
    [InlineData(14, 0.174132, 0.888350, 7.8359, 0.714286)]
    [InlineData(15, 0.102042, 0.941453, 3.6735, 0.666667)]
    public void Ten_Erlangs_match_the_published_Erlang_C_table(int agents, double waiting, double serviceLevel, double asa, double occupancy)
    {
        var result = ErlangC.Evaluate(arrivalsPerHour: 200, ahtSeconds: 180, agents, thresholdSeconds: 20);

        result.Agents.ShouldBe(agents);
        result.TrafficErlangs.ShouldBe(10.0, 1e-9);
        result.ProbabilityOfWaiting.ShouldBe(waiting, Tolerance);
        result.ServiceLevel.ShouldBe(serviceLevel, Tolerance);
        result.AverageSpeedOfAnswerSeconds.ShouldBe(asa, 5e-4);
        result.Occupancy.ShouldBe(occupancy, Tolerance);
    }

    [Fact]
    public void The_classic_example_needs_fourteen_agents_for_eighty_percent_within_twenty_seconds()
    {
        // From the table above: 13 agents give 79.56% (< 80%), 14 give 88.84% (≥ 80%).
        var result = ErlangC.Required(arrivalsPerHour: 200, ahtSeconds: 180, targetServiceLevel: 0.80, thresholdSeconds: 20);

        result.Agents.ShouldBe(14);
        result.ProbabilityOfWaiting.ShouldBe(0.174132, Tolerance);
        result.ServiceLevel.ShouldBe(0.888350, Tolerance);
        result.AverageSpeedOfAnswerSeconds.ShouldBe(7.8359, 5e-4);
    }

    [Fact]
    public void The_required_staffing_meets_the_target_exactly_at_the_fewest_agents()
    {
        // 13 agents give SL 0.795595: a target of 0.795 is met by 13, a target of 0.7956 needs 14.
        ErlangC.Required(200, 180, targetServiceLevel: 0.795, thresholdSeconds: 20).Agents.ShouldBe(13);
        ErlangC.Required(200, 180, targetServiceLevel: 0.7956, thresholdSeconds: 20).Agents.ShouldBe(14);
    }

    [Fact]
    public void The_search_starts_at_the_fewest_agents_that_keep_the_queue_stable()
    {
        // A = 10: 10 agents would never catch up, so even a tiny target starts at floor(10) + 1 = 11.
        ErlangC.Required(200, 180, targetServiceLevel: 0.01, thresholdSeconds: 20).Agents.ShouldBe(11);
        // A = 9.5: floor(9.5) + 1 = 10.
        ErlangC.Required(190, 180, targetServiceLevel: 0.01, thresholdSeconds: 20).Agents.ShouldBe(10);
    }

    [Fact]
    public void Five_hundred_Erlangs_are_staffed_without_overflow_and_match_the_exact_values()
    {
        // 9,000 calls/h × 200 s = 500 Erlangs; threshold 20 s. 500! overflows a double (≈ 1.2e1134), the recursion does not.
        // Exact values: N = 511 → C = 0.51567158, SL = 0.82834784; N = 512 → C = 0.48282506, SL = 0.85457589;
        // N = 550 → C = 0.01658980, SL = 0.99988822.
        var belowTarget = ErlangC.Evaluate(9_000, 200, 511, 20);
        var required = ErlangC.Required(9_000, 200, targetServiceLevel: 0.85, thresholdSeconds: 20);
        var generous = ErlangC.Evaluate(9_000, 200, 550, 20);

        belowTarget.ProbabilityOfWaiting.ShouldBe(0.51567158, 1e-7);
        belowTarget.ServiceLevel.ShouldBe(0.82834784, 1e-7);
        required.Agents.ShouldBe(512);
        required.ProbabilityOfWaiting.ShouldBe(0.48282506, 1e-7);
        required.ServiceLevel.ShouldBe(0.85457589, 1e-7);
        generous.ProbabilityOfWaiting.ShouldBe(0.01658980, 1e-7);
        generous.ServiceLevel.ShouldBe(0.99988822, 1e-7);
    }

    [Fact]
    public void Tens_of_thousands_of_agents_give_finite_figures_that_meet_the_target()
    {
        // 50,000 Erlangs: far beyond any factorial or power a double can hold.
        var result = ErlangC.Required(arrivalsPerHour: 900_000, ahtSeconds: 200, targetServiceLevel: 0.9, thresholdSeconds: 20);
        var oneFewer = ErlangC.Evaluate(900_000, 200, result.Agents - 1, 20);

        result.TrafficErlangs.ShouldBe(50_000, 1e-6);
        result.Agents.ShouldBeGreaterThan(50_000);
        double.IsFinite(result.ProbabilityOfWaiting).ShouldBeTrue();
        result.ProbabilityOfWaiting.ShouldBeInRange(0, 1);
        result.ServiceLevel.ShouldBeGreaterThanOrEqualTo(0.9);
        oneFewer.ServiceLevel.ShouldBeLessThan(0.9);
    }

    [Property]
    public Property More_agents_never_make_waiting_likelier_or_service_worse() =>
        Prop.ForAll(Gen.Choose(1, 800).ToArbitrary(), Gen.Choose(0, 60).ToArbitrary(), (trafficErlangs, extra) =>
        {
            var agents = trafficErlangs + 1 + extra;
            var fewer = ErlangC.Evaluate(trafficErlangs * 20, 180, agents, 20);
            var more = ErlangC.Evaluate(trafficErlangs * 20, 180, agents + 1, 20);

            more.ProbabilityOfWaiting.ShouldBeLessThanOrEqualTo(fewer.ProbabilityOfWaiting);
            more.ServiceLevel.ShouldBeGreaterThanOrEqualTo(fewer.ServiceLevel);
            fewer.ProbabilityOfWaiting.ShouldBeInRange(0, 1);
            fewer.ServiceLevel.ShouldBeInRange(0, 1);
        });

    [Theory]
    [InlineData(0, 180, 14, 20, "arrivalsPerHour")]
    [InlineData(-5, 180, 14, 20, "arrivalsPerHour")]
    [InlineData(double.NaN, 180, 14, 20, "arrivalsPerHour")]
    [InlineData(double.PositiveInfinity, 180, 14, 20, "arrivalsPerHour")]
    [InlineData(200, 0, 14, 20, "ahtSeconds")]
    [InlineData(200, -1, 14, 20, "ahtSeconds")]
    [InlineData(200, double.NaN, 14, 20, "ahtSeconds")]
    [InlineData(200, 180, 14, -1, "thresholdSeconds")]
    [InlineData(200, 180, 14, double.NaN, "thresholdSeconds")]
    [InlineData(200, 180, 10, 20, "agents")] // agents = traffic: the queue never empties
    [InlineData(200, 180, 9, 20, "agents")]
    [InlineData(200, 180, 0, 20, "agents")]
    [InlineData(200, 180, -3, 20, "agents")]
    [InlineData(200, 180, ErlangC.MaximumAgents + 1, 20, "agents")]
    public void Evaluate_rejects_invalid_input_naming_the_parameter(double arrivals, double aht, int agents, double threshold, string parameter)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.Evaluate(arrivals, aht, agents, threshold));

        error.ParamName.ShouldBe(parameter);
        error.Message.ShouldContain(parameter);
    }

    [Theory]
    [InlineData(-1, 180, 0.8, 20, "arrivalsPerHour")]
    [InlineData(200, double.NegativeInfinity, 0.8, 20, "ahtSeconds")]
    [InlineData(200, 180, 0, 20, "targetServiceLevel")]
    [InlineData(200, 180, 1, 20, "targetServiceLevel")] // never reached: some contacts always wait past the threshold
    [InlineData(200, 180, 1.5, 20, "targetServiceLevel")]
    [InlineData(200, 180, double.NaN, 20, "targetServiceLevel")]
    [InlineData(200, 180, 0.8, -0.5, "thresholdSeconds")]
    [InlineData(1e12, 180, 0.8, 20, "arrivalsPerHour")] // 5e10 Erlangs: beyond the agents the search may try
    public void Required_rejects_invalid_input_naming_the_parameter(double arrivals, double aht, double target, double threshold, string parameter)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => ErlangC.Required(arrivals, aht, target, threshold));

        error.ParamName.ShouldBe(parameter);
        error.Message.ShouldContain(parameter);
    }
}
