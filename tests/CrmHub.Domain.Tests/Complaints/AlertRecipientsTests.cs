using CrmHub.Domain.Complaints;

namespace CrmHub.Domain.Tests.Complaints;

public class AlertRecipientsTests
{
    private static readonly string[] Supervisors = ["sup-ann", "sup-bob"];
    private static readonly string[] OnlineAgents = ["agent-cy", "agent-di"];

    [Fact]
    public void A_complaint_of_an_owned_customer_alerts_the_supervisors_and_the_owner_only() =>
        AlertRecipients.ForNewComplaint(Supervisors, "agent-owner", OnlineAgents)
            .ShouldBe(["sup-ann", "sup-bob", "agent-owner"], ignoreOrder: true);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_complaint_of_a_customer_without_owner_alerts_the_supervisors_and_every_online_agent(string? owner) =>
        AlertRecipients.ForNewComplaint(Supervisors, owner, OnlineAgents)
            .ShouldBe(["sup-ann", "sup-bob", "agent-cy", "agent-di"], ignoreOrder: true);

    [Fact]
    public void A_supervisor_who_is_also_online_is_alerted_once() =>
        AlertRecipients.ForNewComplaint(Supervisors, null, ["sup-bob", "agent-cy", "agent-cy"])
            .ShouldBe(["sup-ann", "sup-bob", "agent-cy"], ignoreOrder: true);

    [Fact]
    public void A_supervisor_who_owns_the_customer_is_alerted_once() =>
        AlertRecipients.ForNewComplaint(Supervisors, "sup-ann", OnlineAgents)
            .ShouldBe(["sup-ann", "sup-bob"], ignoreOrder: true);

    [Fact]
    public void Nobody_is_alerted_when_there_are_no_supervisors_no_owner_and_nobody_online() =>
        AlertRecipients.ForNewComplaint([], null, []).ShouldBeEmpty();

    [Fact]
    public void The_recipient_list_does_not_depend_on_the_order_of_the_inputs() =>
        AlertRecipients.ForNewComplaint(Supervisors.AsEnumerable().Reverse(), null, OnlineAgents.AsEnumerable().Reverse())
            .ShouldBe(AlertRecipients.ForNewComplaint(Supervisors, null, OnlineAgents));
}
