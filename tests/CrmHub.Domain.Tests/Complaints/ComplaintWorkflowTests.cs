using CrmHub.Abstractions.Complaints;
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
}
