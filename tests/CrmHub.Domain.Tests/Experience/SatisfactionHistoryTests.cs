using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Experience;

namespace CrmHub.Domain.Tests.Experience;

public class SatisfactionHistoryTests
{
    private static SatisfactionObservation Said(double day, SatisfactionLevel level) => new(Build.T0.AddDays(day), level);

    [Fact]
    public void Satisfaction_levels_are_ordered_from_worst_to_best()
    {
        (SatisfactionLevel.Dissatisfied < SatisfactionLevel.Satisfied).ShouldBeTrue();
        (SatisfactionLevel.Satisfied < SatisfactionLevel.Returning).ShouldBeTrue();
        (SatisfactionLevel.Returning < SatisfactionLevel.Advocate).ShouldBeTrue();
    }

    [Fact]
    public void A_customer_who_never_answered_has_no_level_and_is_not_falling()
    {
        var history = SatisfactionHistory.Of([]);

        history.Latest.ShouldBeNull();
        history.Previous.ShouldBeNull();
        history.IsFalling.ShouldBeFalse();
    }

    [Fact]
    public void A_single_answer_is_the_latest_level_and_is_not_falling()
    {
        var history = SatisfactionHistory.Of([Said(1, SatisfactionLevel.Dissatisfied)]);

        history.Latest.ShouldBe(SatisfactionLevel.Dissatisfied);
        history.IsFalling.ShouldBeFalse();
    }

    [Fact]
    public void The_history_is_in_time_order_whatever_order_the_answers_arrived_in()
    {
        var history = SatisfactionHistory.Of([Said(3, SatisfactionLevel.Returning), Said(1, SatisfactionLevel.Satisfied), Said(2, SatisfactionLevel.Advocate)]);

        history.Observations.Select(observation => observation.Level)
            .ShouldBe([SatisfactionLevel.Satisfied, SatisfactionLevel.Advocate, SatisfactionLevel.Returning]);
        history.Latest.ShouldBe(SatisfactionLevel.Returning);
        history.Previous.ShouldBe(SatisfactionLevel.Advocate);
    }

    [Fact]
    public void A_latest_level_below_the_previous_one_is_falling() =>
        SatisfactionHistory.Of([Said(1, SatisfactionLevel.Advocate), Said(2, SatisfactionLevel.Returning)]).IsFalling.ShouldBeTrue();

    [Theory]
    [InlineData(SatisfactionLevel.Satisfied, SatisfactionLevel.Satisfied)]
    [InlineData(SatisfactionLevel.Dissatisfied, SatisfactionLevel.Advocate)]
    public void An_unchanged_or_rising_level_is_not_falling(SatisfactionLevel previous, SatisfactionLevel latest) =>
        SatisfactionHistory.Of([Said(1, previous), Said(2, latest)]).IsFalling.ShouldBeFalse();

    [Fact]
    public void Only_the_last_two_answers_decide_whether_satisfaction_is_falling() =>
        SatisfactionHistory.Of([Said(1, SatisfactionLevel.Advocate), Said(2, SatisfactionLevel.Dissatisfied), Said(3, SatisfactionLevel.Satisfied)])
            .IsFalling.ShouldBeFalse();

    [Fact]
    public void Of_two_answers_at_the_same_instant_the_worse_one_counts_as_the_latest()
    {
        var history = SatisfactionHistory.Of([Said(1, SatisfactionLevel.Dissatisfied), Said(1, SatisfactionLevel.Advocate)]);

        history.Latest.ShouldBe(SatisfactionLevel.Dissatisfied);
        history.IsFalling.ShouldBeTrue();
    }

    [Fact]
    public void Answers_after_the_as_of_instant_are_not_known_yet() =>
        SatisfactionHistory.Of([Said(1, SatisfactionLevel.Advocate), Said(5, SatisfactionLevel.Dissatisfied)])
            .AsOf(Build.T0.AddDays(1)).Latest.ShouldBe(SatisfactionLevel.Advocate);

    [Property]
    public Property The_history_does_not_depend_on_the_order_answers_arrive_in() =>
        Prop.ForAll(
            (from days in Gen.Choose(0, 5).ArrayOf()
             from levels in Gen.Elements(Enum.GetValues<SatisfactionLevel>()).ArrayOf()
             let inTimeOrder = days.Zip(levels, (day, level) => Said(day, level)).ToArray()
             from arrival in Gen.Shuffle(inTimeOrder)
             select (InTimeOrder: inTimeOrder, Arrival: arrival)).ToArbitrary(),
            answers => SatisfactionHistory.Of(answers.Arrival).Observations.ShouldBe(SatisfactionHistory.Of(answers.InTimeOrder).Observations));
}
