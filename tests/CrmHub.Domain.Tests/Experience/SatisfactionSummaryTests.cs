using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Experience;

namespace CrmHub.Domain.Tests.Experience;

public class SatisfactionSummaryTests
{
    private static readonly Gen<int?> Score = Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(1, 5).Select(score => (int?)score)));

    private static readonly Gen<SatisfactionSurvey> Survey =
        from level in Gen.Elements<SatisfactionLevel?>(null, SatisfactionLevel.Dissatisfied, SatisfactionLevel.Satisfied, SatisfactionLevel.Returning, SatisfactionLevel.Advocate)
        from tangibles in Score
        from empathy in Score
        from assurance in Score
        from responsiveness in Score
        from reliability in Score
        select new SatisfactionSurvey(level, tangibles, empathy, assurance, responsiveness, reliability);

    private static readonly Gen<SatisfactionSurvey[]> Surveys = Survey.ArrayOf().Select(surveys => surveys.Take(30).ToArray());

    private static readonly Gen<SatisfactionSummary> Summary = Surveys.Select(SatisfactionSummary.Of);

    [Fact]
    public void An_empty_summary_has_no_averages_and_no_levels()
    {
        SatisfactionSummary.Empty.Surveys.ShouldBe(0);
        SatisfactionSummary.Empty.Averages.Values.ShouldAllBe(average => average == null);
        SatisfactionSummary.Empty.Distribution.Values.ShouldAllBe(count => count == 0);
    }

    [Fact]
    public void Averages_are_taken_per_dimension_over_the_surveys_that_scored_it()
    {
        var summary = SatisfactionSummary.Of([
            new SatisfactionSurvey(Reliability: 5, Empathy: 2),
            new SatisfactionSurvey(Reliability: 4),
            new SatisfactionSurvey(Reliability: 2, Tangibles: 3),
        ]);

        summary.AverageOf(ServqualDimension.Reliability).ShouldBe(11.0 / 3);
        summary.AverageOf(ServqualDimension.Empathy).ShouldBe(2.0);
        summary.AverageOf(ServqualDimension.Tangibles).ShouldBe(3.0);
        summary.AverageOf(ServqualDimension.Assurance).ShouldBeNull();
        summary.For(ServqualDimension.Reliability).ShouldBe(new ScoreTally(3, 11));
        summary.Surveys.ShouldBe(3);
    }

    [Fact]
    public void The_level_distribution_counts_the_surveys_per_level()
    {
        var summary = SatisfactionSummary.Of([
            new SatisfactionSurvey(SatisfactionLevel.Advocate),
            new SatisfactionSurvey(SatisfactionLevel.Advocate),
            new SatisfactionSurvey(SatisfactionLevel.Dissatisfied),
            new SatisfactionSurvey(Reliability: 4),
        ]);

        summary.Distribution.ShouldBe(new Dictionary<SatisfactionLevel, int>
        {
            [SatisfactionLevel.Dissatisfied] = 1,
            [SatisfactionLevel.Satisfied] = 0,
            [SatisfactionLevel.Returning] = 0,
            [SatisfactionLevel.Advocate] = 2,
        });
        summary.Surveys.ShouldBe(4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Scores_of_one_and_five_are_valid(int score)
    {
        ServqualScale.IsValidScore(score).ShouldBeTrue();
        ServqualScale.Validate(new SatisfactionSurvey(Tangibles: score)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-3)]
    public void A_score_outside_one_to_five_is_invalid_and_named_in_the_message(int score)
    {
        ServqualScale.IsValidScore(score).ShouldBeFalse();
        ServqualScale.Validate(new SatisfactionSurvey(Assurance: 4, Responsiveness: score))
            .ShouldBe([$"Responsiveness score {score} is outside 1–5."]);
    }

    [Fact]
    public void A_survey_with_an_invalid_score_is_not_added() =>
        Should.Throw<ArgumentException>(() => SatisfactionSummary.Empty.Add(new SatisfactionSurvey(Reliability: 9)))
            .ParamName.ShouldBe("survey");

    [Fact]
    public void A_team_summary_merges_its_agents_summaries()
    {
        var agentA = SatisfactionSummary.Of([new SatisfactionSurvey(SatisfactionLevel.Satisfied, Reliability: 5)]);
        var agentB = SatisfactionSummary.Of([new SatisfactionSurvey(SatisfactionLevel.Returning, Reliability: 3)]);

        var team = agentA.Merge(agentB);

        team.AverageOf(ServqualDimension.Reliability).ShouldBe(4.0);
        team.CountOf(SatisfactionLevel.Satisfied).ShouldBe(1);
        team.CountOf(SatisfactionLevel.Returning).ShouldBe(1);
        team.Surveys.ShouldBe(2);
    }

    [Property]
    public Property Merging_is_associative() =>
        Prop.ForAll(Summary.ToArbitrary(), Summary.ToArbitrary(), Summary.ToArbitrary(), (a, b, c) =>
            a.Merge(b).Merge(c).ShouldBe(a.Merge(b.Merge(c))));

    [Property]
    public Property Merging_is_commutative() =>
        Prop.ForAll(Summary.ToArbitrary(), Summary.ToArbitrary(), (a, b) => a.Merge(b).ShouldBe(b.Merge(a)));

    [Property]
    public Property The_empty_summary_changes_nothing_when_merged() =>
        Prop.ForAll(Summary.ToArbitrary(), a =>
        {
            a.Merge(SatisfactionSummary.Empty).ShouldBe(a);
            SatisfactionSummary.Empty.Merge(a).ShouldBe(a);
        });

    [Property]
    public Property Merging_summaries_of_any_split_equals_adding_every_survey_to_one_summary() =>
        Prop.ForAll(Surveys.ToArbitrary(), Gen.Choose(0, 30).ToArbitrary(), Gen.Choose(0, 30).ToArbitrary(), (surveys, cut1, cut2) =>
        {
            var (first, second) = (Math.Min(cut1, cut2), Math.Max(cut1, cut2));
            var perAgent = new[] { surveys.Take(first), surveys.Take(second).Skip(first), surveys.Skip(second) }.Select(SatisfactionSummary.Of);

            perAgent.Aggregate(SatisfactionSummary.Empty, (team, agent) => team.Merge(agent)).ShouldBe(SatisfactionSummary.Of(surveys));
        });
}
