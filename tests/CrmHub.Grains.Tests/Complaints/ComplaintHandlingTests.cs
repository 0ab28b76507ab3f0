using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Complaints;

/// <summary>D9 handling through the complaint grain: step order, the details steps carry, tags.</summary>
[Collection(MemoryCluster.Collection)]
public sealed class ComplaintHandlingTests(MemoryCluster cluster)
{
    private const string Owner = TestStaff.Agent1;

    public static TheoryData<int> StepsTakenSoFar => [.. Enumerable.Range(0, ComplaintSteps.Length + 1)];

    private static ComplaintStep[] ComplaintSteps => Enum.GetValues<ComplaintStep>();

    [Theory]
    [MemberData(nameof(StepsTakenSoFar))]
    public async Task Every_step_but_the_next_one_is_out_of_order_and_names_the_next_allowed_step(int taken)
    {
        var (_, complaint, _) = await cluster.OpenNow();
        await complaint.TakeSteps(Owner, [.. ComplaintSteps.Take(taken)]);
        ComplaintStep? next = taken < ComplaintSteps.Length ? ComplaintSteps[taken] : null;

        foreach (var step in ComplaintSteps.Where(step => step != next))
        {
            var result = await complaint.RecordStep(Owner, step, ComplaintTestKit.DetailsFor(step));

            result.Outcome.ShouldBe(StepOutcome.OutOfOrder, $"{step} after {taken} steps");
            result.NextAllowedStep.ShouldBe(next);
            result.Reason.ShouldNotBeNullOrWhiteSpace();
        }
        (await complaint.GetView()).ShouldNotBeNull().Steps.Length.ShouldBe(taken);
    }

    [Fact]
    public async Task Resolve_and_review_record_their_details_and_each_step_its_agent_and_time()
    {
        var (_, complaint, _) = await cluster.OpenNow();

        await complaint.TakeSteps(Owner, ComplaintSteps);

        var view = (await complaint.GetView()).ShouldNotBeNull();
        view.Status.ShouldBe(ComplaintStatus.Reviewed);
        view.Steps.Select(step => (step.Step, step.AgentId, step.At)).ShouldBe(ComplaintSteps.Select(step => (step, Owner, cluster.Clock.GetUtcNow())));
        var resolution = view.Resolutions.ShouldHaveSingleItem();
        (resolution.Solution, resolution.CustomerAgreed, resolution.AgentId).ShouldBe(("Refund the delivery fee", true, Owner));
        var review = view.Review.ShouldNotBeNull();
        (review.Lessons, review.ProductFeedback).ShouldBe(("Check the carrier's tracking daily", (string?)"Offer express delivery"));
        view.NextAllowedStep.ShouldBeNull();
    }

    [Theory]
    [InlineData(ComplaintStep.Resolve, null, true, null, "solution")]
    [InlineData(ComplaintStep.Resolve, "  ", true, null, "solution")]
    [InlineData(ComplaintStep.Resolve, "Refund", null, null, "customerAgreed")]
    [InlineData(ComplaintStep.Resolve, "Refund", true, "Lessons", "lessons")]
    [InlineData(ComplaintStep.Listen, "Refund", null, null, "solution")]
    [InlineData(ComplaintStep.Listen, null, false, null, "customerAgreed")]
    public async Task A_step_with_missing_or_foreign_details_is_refused_naming_the_field(
        ComplaintStep step, string? solution, bool? customerAgreed, string? lessons, string field)
    {
        var (_, complaint, _) = await cluster.OpenNow();
        await complaint.TakeSteps(Owner, [.. ComplaintSteps.TakeWhile(taken => taken != step)]);

        var result = await complaint.RecordStep(Owner, step, new StepDetails(solution, customerAgreed, lessons));

        result.Outcome.ShouldBe(StepOutcome.InvalidPayload);
        result.Field.ShouldBe(field);
        result.Reason.ShouldNotBeNullOrWhiteSpace();
        (await complaint.GetView()).ShouldNotBeNull().NextAllowedStep.ShouldBe(step);
    }

    [Theory]
    [InlineData(null, "lessons")]
    [InlineData(" ", "lessons")]
    public async Task A_review_without_lessons_is_refused_naming_lessons(string? lessons, string field)
    {
        var (_, complaint, _) = await cluster.OpenNow();
        await complaint.TakeSteps(Owner, [.. ComplaintSteps.TakeWhile(step => step != ComplaintStep.Review)]);

        var result = await complaint.RecordStep(Owner, ComplaintStep.Review, new StepDetails(Lessons: lessons, ProductFeedback: "Faster"));

        result.Outcome.ShouldBe(StepOutcome.InvalidPayload);
        result.Field.ShouldBe(field);
    }

    [Fact]
    public async Task Closing_after_a_solution_the_customer_refused_is_refused_until_another_one_is_agreed()
    {
        var (_, complaint, _) = await cluster.OpenNow();
        await complaint.TakeSteps(Owner, ComplaintStep.Listen, ComplaintStep.Apologise, ComplaintStep.Ask, ComplaintStep.Record);
        (await complaint.RecordStep(Owner, ComplaintStep.Resolve, new StepDetails("A voucher", false))).Outcome.ShouldBe(StepOutcome.Recorded);

        var refused = await complaint.RecordStep(Owner, ComplaintStep.Close);

        refused.Outcome.ShouldBe(StepOutcome.CustomerNotAgreed);
        refused.NextAllowedStep.ShouldBe(ComplaintStep.Resolve);
        refused.Complaint.ShouldNotBeNull().Status.ShouldBe(ComplaintStatus.InProgress);
        await complaint.TakeSteps(Owner, ComplaintStep.Resolve, ComplaintStep.Close);
        var view = (await complaint.GetView()).ShouldNotBeNull();
        view.Status.ShouldBe(ComplaintStatus.Closed);
        view.Resolutions.Select(resolution => resolution.CustomerAgreed).ShouldBe([false, true]);
    }

    [Fact]
    public async Task Any_agent_may_tag_the_psychology_and_clear_it_again()
    {
        var (_, complaint, _) = await cluster.OpenNow();

        (await complaint.Tag(TestStaff.Agent2, isSupervisor: false, new ComplaintTagChange(ComplaintPsychology.Respect)))
            .Complaint.ShouldNotBeNull().Tags.Psychology.ShouldBe(ComplaintPsychology.Respect);
        (await complaint.Tag(TestStaff.Agent2, isSupervisor: false, new ComplaintTagChange(null)))
            .Complaint.ShouldNotBeNull().Tags.Psychology.ShouldBeNull();
    }

    [Fact]
    public async Task Only_a_supervisor_may_flag_a_complaint_as_malicious_and_only_with_a_reason()
    {
        var (_, complaint, _) = await cluster.OpenNow();

        var byAgent = await complaint.Tag(Owner, isSupervisor: false, new ComplaintTagChange(ComplaintPsychology.Venting, true, "Fake order"));
        byAgent.Outcome.ShouldBe(StepOutcome.SupervisorOnly);
        var withoutReason = await complaint.Tag(TestStaff.Supervisor, isSupervisor: true, new ComplaintTagChange(null, true));
        withoutReason.Outcome.ShouldBe(StepOutcome.InvalidPayload);
        withoutReason.Field.ShouldBe("maliciousReason");
        (await complaint.GetView()).ShouldNotBeNull().Tags.ShouldBe(new ComplaintTags(null, false, null, null), "refused tag changes change nothing");

        var flagged = await complaint.Tag(TestStaff.Supervisor, isSupervisor: true, new ComplaintTagChange(ComplaintPsychology.Remedy, true, " Fake order "));

        flagged.Outcome.ShouldBe(StepOutcome.Recorded);
        flagged.Complaint.ShouldNotBeNull().Tags.ShouldBe(new ComplaintTags(ComplaintPsychology.Remedy, true, "Fake order", TestStaff.Supervisor));
    }

    [Fact]
    public async Task Tagging_a_complaint_that_was_never_opened_is_not_found()
    {
        var result = await cluster.Complaint(Build.Key("C-unknown")).Tag(Owner, false, new ComplaintTagChange(ComplaintPsychology.Venting));

        result.Outcome.ShouldBe(StepOutcome.NotFound);
    }
}
