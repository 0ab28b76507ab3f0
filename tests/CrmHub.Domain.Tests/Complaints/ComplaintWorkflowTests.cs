using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Complaints;

namespace CrmHub.Domain.Tests.Complaints;

public class ComplaintWorkflowTests
{
    private static readonly ComplaintStep[] HandlingOrder =
    [
        ComplaintStep.Listen,
        ComplaintStep.Apologise,
        ComplaintStep.Ask,
        ComplaintStep.Record,
        ComplaintStep.Resolve,
        ComplaintStep.Close,
        ComplaintStep.Review,
    ];

    /// <summary>Tries the step, with the given details, on a complaint that has taken every happy-path step before it.</summary>
    private static ComplaintDecision TakeInTurn(ComplaintStep step, StepPayload? payload) =>
        ComplaintWorkflow.Take(Build.HandledThrough(Array.IndexOf(HandlingOrder, step)), step, "agent-1", Build.At(10), payload);

    [Fact]
    public void The_workflow_order_is_the_seven_handling_steps_of_D9() =>
        ComplaintWorkflow.Order.ShouldBe(HandlingOrder);

    [Fact]
    public void A_complaint_without_steps_must_be_listened_to_first() =>
        ComplaintWorkflow.NextAllowed([]).ShouldBe(ComplaintStep.Listen);

    [Fact]
    public void Each_recorded_step_allows_exactly_the_next_one_in_order()
    {
        for (var taken = 0; taken < HandlingOrder.Length; taken++)
            ComplaintWorkflow.NextAllowed(Build.Steps(HandlingOrder.Take(taken))).ShouldBe(HandlingOrder[taken]);
    }

    [Fact]
    public void After_the_review_no_step_is_allowed() =>
        ComplaintWorkflow.NextAllowed(Build.Steps(HandlingOrder)).ShouldBeNull();

    [Fact]
    public void A_complaint_nobody_has_taken_is_open() =>
        ComplaintWorkflow.StatusAfter([]).ShouldBe(ComplaintStatus.Open);

    [Theory]
    [InlineData(ComplaintStep.Listen, ComplaintStatus.InProgress)]
    [InlineData(ComplaintStep.Apologise, ComplaintStatus.InProgress)]
    [InlineData(ComplaintStep.Ask, ComplaintStatus.InProgress)]
    [InlineData(ComplaintStep.Record, ComplaintStatus.InProgress)]
    [InlineData(ComplaintStep.Resolve, ComplaintStatus.Resolved)]
    [InlineData(ComplaintStep.Close, ComplaintStatus.Closed)]
    [InlineData(ComplaintStep.Review, ComplaintStatus.Reviewed)]
    public void The_status_follows_the_last_step_taken(ComplaintStep lastStep, ComplaintStatus expected)
    {
        var stepsUpToLast = HandlingOrder.Take(Array.IndexOf(HandlingOrder, lastStep) + 1);

        ComplaintWorkflow.StatusAfter(Build.Steps(stepsUpToLast)).ShouldBe(expected);
    }

    [Fact]
    public void A_repeated_resolve_in_the_step_list_still_leads_on_to_close() =>
        ComplaintWorkflow.NextAllowed(Build.Steps([.. HandlingOrder.Take(5), ComplaintStep.Resolve])).ShouldBe(ComplaintStep.Close);

    /// <summary>Every (position, step) pair where the step is not the one the happy path allows there; position 7 is after the review.</summary>
    public static TheoryData<int, ComplaintStep> WrongSteps()
    {
        var data = new TheoryData<int, ComplaintStep>();
        for (var position = 0; position <= HandlingOrder.Length; position++)
        {
            foreach (var step in HandlingOrder.Where((_, index) => index != position))
                data.Add(position, step);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongSteps))]
    public void A_step_taken_at_a_wrong_position_is_refused_as_out_of_order_and_changes_nothing(int position, ComplaintStep step)
    {
        var handling = Build.HandledThrough(position);

        var decision = ComplaintWorkflow.Take(handling, step, "agent-1", Build.At(60), Build.HappyPayload(step));

        decision.Outcome.ShouldBe(ComplaintActionOutcome.OutOfOrder);
        decision.Handling.ShouldBeSameAs(handling);
        decision.NextAllowedStep.ShouldBe(position < HandlingOrder.Length ? HandlingOrder[position] : null);
        decision.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_step_out_of_order_is_told_which_step_comes_next() =>
        ComplaintWorkflow.Take(Build.HandledThrough(1), ComplaintStep.Record, "agent-1", Build.At(5)).Reason
            .ShouldBe("The next step of this complaint is 'apologise'.");

    [Fact]
    public void Every_step_after_the_review_is_refused_because_the_process_is_complete() =>
        ComplaintWorkflow.Take(Build.HandledThrough(7), ComplaintStep.Review, "agent-1", Build.At(60), Build.HappyPayload(ComplaintStep.Review)).Reason
            .ShouldBe("The complaint has completed every step.");

    [Fact]
    public void The_seven_steps_taken_in_order_with_valid_details_are_each_accepted_and_name_the_next_step()
    {
        var handling = Build.OpenHandling();
        for (var index = 0; index < HandlingOrder.Length; index++)
        {
            var decision = ComplaintWorkflow.Take(handling, HandlingOrder[index], "agent-1", Build.At(index), Build.HappyPayload(HandlingOrder[index]));

            decision.Outcome.ShouldBe(ComplaintActionOutcome.Accepted);
            decision.Reason.ShouldBeNull();
            decision.NextAllowedStep.ShouldBe(index + 1 < HandlingOrder.Length ? HandlingOrder[index + 1] : null);
            handling = decision.Handling;
        }

        handling.Steps.Select(taken => taken.Step).ShouldBe(HandlingOrder);
        ComplaintWorkflow.StatusAfter(handling).ShouldBe(ComplaintStatus.Reviewed);
    }

    [Fact]
    public void Each_accepted_step_is_recorded_with_its_agent_and_time()
    {
        var decision = ComplaintWorkflow.Take(Build.OpenHandling(), ComplaintStep.Listen, "agent-7", Build.At(3));

        decision.Handling.Steps.ShouldBe([new ComplaintStepRecord(ComplaintStep.Listen, "agent-7", Build.At(3))]);
    }

    [Fact]
    public void Resolve_without_details_is_refused_as_an_invalid_payload()
    {
        var handling = Build.HandledThrough(4);

        var decision = ComplaintWorkflow.Take(handling, ComplaintStep.Resolve, "agent-1", Build.At(10));

        decision.Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);
        decision.Handling.ShouldBeSameAs(handling);
        decision.NextAllowedStep.ShouldBe(ComplaintStep.Resolve);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_with_an_empty_solution_is_refused_as_an_invalid_payload(string solution) =>
        TakeInTurn(ComplaintStep.Resolve, new ResolvePayload(solution, true)).Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);

    [Fact]
    public void Resolve_with_the_details_of_a_review_is_refused_as_an_invalid_payload() =>
        TakeInTurn(ComplaintStep.Resolve, new ReviewPayload("Lessons", null)).Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);

    [Fact]
    public void Resolve_records_the_solution_and_whether_the_customer_agreed()
    {
        var handling = Build.HandledThrough(4).Then(ComplaintStep.Resolve, 10, new ResolvePayload("  Refund the delivery fee ", CustomerAgreed: false));

        handling.LatestResolution.ShouldBe(new ComplaintResolution("Refund the delivery fee", false, "agent-1", Build.At(10)));
    }

    [Fact]
    public void Close_is_refused_while_the_customer_has_not_agreed_to_the_latest_solution()
    {
        var handling = Build.HandledThrough(4).Then(ComplaintStep.Resolve, 10, new ResolvePayload("Refund the fee", CustomerAgreed: false));

        var decision = ComplaintWorkflow.Take(handling, ComplaintStep.Close, "agent-1", Build.At(11));

        decision.Outcome.ShouldBe(ComplaintActionOutcome.CustomerNotAgreed);
        decision.Reason.ShouldBe("The customer has not agreed to the latest solution; propose another one ('resolve') before closing.");
        decision.NextAllowedStep.ShouldBe(ComplaintStep.Resolve);
        decision.Handling.ShouldBeSameAs(handling);
    }

    [Fact]
    public void A_complaint_whose_solution_the_customer_refused_is_still_in_progress_and_awaits_another_proposal()
    {
        var handling = Build.HandledThrough(4).Then(ComplaintStep.Resolve, 10, new ResolvePayload("Refund the fee", CustomerAgreed: false));

        ComplaintWorkflow.StatusAfter(handling).ShouldBe(ComplaintStatus.InProgress);
        ComplaintWorkflow.NextAllowed(handling).ShouldBe(ComplaintStep.Resolve);
    }

    [Fact]
    public void Close_is_accepted_once_the_latest_solution_is_agreed_after_a_refused_one()
    {
        var handling = Build.HandledThrough(4)
            .Then(ComplaintStep.Resolve, 10, new ResolvePayload("Refund the fee", CustomerAgreed: false))
            .Then(ComplaintStep.Resolve, 20, new ResolvePayload("Replace the unit", CustomerAgreed: true));

        ComplaintWorkflow.StatusAfter(handling).ShouldBe(ComplaintStatus.Resolved);
        ComplaintWorkflow.Take(handling, ComplaintStep.Close, "agent-1", Build.At(21)).Outcome.ShouldBe(ComplaintActionOutcome.Accepted);
        handling.Resolutions.Length.ShouldBe(2);
    }

    [Fact]
    public void Close_is_refused_when_the_latest_of_two_solutions_was_refused_too() =>
        ComplaintWorkflow.Take(
                Build.HandledThrough(4)
                    .Then(ComplaintStep.Resolve, 10, new ResolvePayload("Refund the fee", CustomerAgreed: false))
                    .Then(ComplaintStep.Resolve, 20, new ResolvePayload("A voucher", CustomerAgreed: false)),
                ComplaintStep.Close, "agent-1", Build.At(21))
            .Outcome.ShouldBe(ComplaintActionOutcome.CustomerNotAgreed);

    [Fact]
    public void Review_without_details_is_refused_as_an_invalid_payload() =>
        TakeInTurn(ComplaintStep.Review, null).Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Review_with_empty_lessons_is_refused_as_an_invalid_payload(string lessons) =>
        TakeInTurn(ComplaintStep.Review, new ReviewPayload(lessons, "Stronger box")).Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);

    [Fact]
    public void Review_with_the_details_of_a_resolution_is_refused_as_an_invalid_payload() =>
        TakeInTurn(ComplaintStep.Review, new ResolvePayload("Refund", true)).Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);

    [Theory]
    [InlineData("Use a stronger box", "Use a stronger box")]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    public void Review_records_the_lessons_and_the_optional_product_feedback(string? feedback, string? recorded) =>
        Build.HandledThrough(6).Then(ComplaintStep.Review, 10, new ReviewPayload(" Pack better ", feedback)).Review
            .ShouldBe(new ComplaintReview("Pack better", recorded, "agent-1", Build.At(10)));

    [Theory]
    [InlineData(ComplaintStep.Listen)]
    [InlineData(ComplaintStep.Apologise)]
    [InlineData(ComplaintStep.Ask)]
    [InlineData(ComplaintStep.Record)]
    [InlineData(ComplaintStep.Close)]
    public void A_step_that_carries_no_details_is_refused_when_given_some(ComplaintStep step)
    {
        var decision = TakeInTurn(step, new ResolvePayload("Refund", true));

        decision.Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);
        decision.Reason.ShouldBe($"'{step.ToString().ToLowerInvariant()}' takes no details.");
    }

    [Theory]
    [InlineData(ComplaintPsychology.Venting)]
    [InlineData(ComplaintPsychology.Respect)]
    [InlineData(ComplaintPsychology.Remedy)]
    public void Any_psychology_tag_can_be_recorded_at_any_time(ComplaintPsychology psychology)
    {
        for (var position = 0; position <= HandlingOrder.Length; position++)
        {
            var decision = ComplaintWorkflow.TagPsychology(Build.HandledThrough(position), psychology);

            decision.Outcome.ShouldBe(ComplaintActionOutcome.Accepted);
            decision.Handling.Psychology.ShouldBe(psychology);
            decision.NextAllowedStep.ShouldBe(position < HandlingOrder.Length ? HandlingOrder[position] : null);
        }
    }

    [Fact]
    public void The_psychology_tag_can_be_cleared() =>
        ComplaintWorkflow.TagPsychology(ComplaintWorkflow.TagPsychology(Build.OpenHandling(), ComplaintPsychology.Remedy).Handling, null)
            .Handling.Psychology.ShouldBeNull();

    [Fact]
    public void A_psychology_value_outside_the_vocabulary_is_refused() =>
        ComplaintWorkflow.TagPsychology(Build.OpenHandling(), (ComplaintPsychology)42).Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Only_a_supervisor_may_set_or_clear_the_malicious_flag(bool malicious)
    {
        var handling = Build.HandledThrough(2);

        var decision = ComplaintWorkflow.FlagMalicious(handling, malicious, "Third fake claim this month", "agent-1", isSupervisor: false, Build.At(5));

        decision.Outcome.ShouldBe(ComplaintActionOutcome.SupervisorOnly);
        decision.Handling.ShouldBeSameAs(handling);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_malicious_flag_without_a_reason_is_refused(string? reason) =>
        ComplaintWorkflow.FlagMalicious(Build.OpenHandling(), true, reason, "sup-ann", isSupervisor: true, Build.At(5))
            .Outcome.ShouldBe(ComplaintActionOutcome.InvalidPayload);

    [Fact]
    public void A_supervisor_flags_a_complaint_as_malicious_with_a_reason_and_may_clear_it_again()
    {
        var flagged = ComplaintWorkflow.FlagMalicious(Build.HandledThrough(3), true, " Third fake claim this month ", "sup-ann", isSupervisor: true, Build.At(5));

        flagged.Outcome.ShouldBe(ComplaintActionOutcome.Accepted);
        flagged.Handling.Malicious.ShouldBe(new MaliciousFlag("Third fake claim this month", "sup-ann", Build.At(5)));
        flagged.NextAllowedStep.ShouldBe(ComplaintStep.Record);
        ComplaintWorkflow.FlagMalicious(flagged.Handling, false, null, "sup-bob", isSupervisor: true, Build.At(6)).Handling.Malicious.ShouldBeNull();
    }

    [Property]
    public Property Whatever_steps_are_attempted_the_accepted_ones_are_always_the_handling_order_from_the_start() =>
        Prop.ForAll(Gen.Elements(HandlingOrder).ArrayOf().ToArbitrary(), attempts =>
        {
            var handling = attempts.Index().Aggregate(Build.OpenHandling(), (current, attempt) =>
                ComplaintWorkflow.Take(current, attempt.Item, "agent-1", Build.At(attempt.Index), Build.HappyPayload(attempt.Item)).Handling);
            var taken = handling.Steps.Select(step => step.Step).ToArray();

            taken.ShouldBe(HandlingOrder.Take(taken.Length));
        });
}
