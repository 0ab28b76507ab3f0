using CrmHub.Abstractions.Crm;
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

    [Fact]
    public void A_complaint_of_a_key_account_also_alerts_its_key_account_manager() =>
        AlertRecipients.ForNewKeyAccountComplaint(Supervisors, "agent-owner", OnlineAgents, "kam-eve")
            .ShouldBe(["sup-ann", "sup-bob", "agent-owner", "kam-eve"], ignoreOrder: true);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Without_a_key_account_manager_a_complaint_alerts_the_same_people_as_any_complaint(string? manager) =>
        AlertRecipients.ForNewKeyAccountComplaint(Supervisors, null, OnlineAgents, manager)
            .ShouldBe(AlertRecipients.ForNewComplaint(Supervisors, null, OnlineAgents));

    [Fact]
    public void A_key_account_manager_who_also_owns_the_customer_is_alerted_once() =>
        AlertRecipients.ForNewKeyAccountComplaint(Supervisors, "kam-eve", OnlineAgents, "kam-eve")
            .ShouldBe(["sup-ann", "sup-bob", "kam-eve"], ignoreOrder: true);

    [Theory]
    [InlineData(SlaEventKind.FirstResponseWarning)]
    [InlineData(SlaEventKind.ResolutionWarning)]
    public void A_warning_goes_to_the_complaint_owner_only(SlaEventKind warning) =>
        AlertRecipients.ForSlaEvent(warning, Supervisors, "agent-owner", "kam-eve").ShouldBe(["agent-owner"]);

    [Theory]
    [InlineData(SlaEventKind.FirstResponseWarning, null)]
    [InlineData(SlaEventKind.ResolutionWarning, null)]
    [InlineData(SlaEventKind.FirstResponseWarning, "")]
    [InlineData(SlaEventKind.ResolutionWarning, "  ")]
    public void A_warning_on_a_complaint_nobody_owns_goes_to_every_supervisor(SlaEventKind warning, string? owner) =>
        AlertRecipients.ForSlaEvent(warning, Supervisors, owner, "kam-eve").ShouldBe(["sup-ann", "sup-bob"], ignoreOrder: true);

    [Theory]
    [InlineData(SlaEventKind.FirstResponseBreach)]
    [InlineData(SlaEventKind.ResolutionBreach)]
    public void A_breach_goes_to_the_owner_every_supervisor_and_the_key_account_manager(SlaEventKind breach) =>
        AlertRecipients.ForSlaEvent(breach, Supervisors, "agent-owner", "kam-eve")
            .ShouldBe(["agent-owner", "sup-ann", "sup-bob", "kam-eve"], ignoreOrder: true);

    [Fact]
    public void A_breach_of_a_customer_without_key_account_manager_goes_to_the_owner_and_every_supervisor() =>
        AlertRecipients.ForSlaEvent(SlaEventKind.ResolutionBreach, Supervisors, "agent-owner", null)
            .ShouldBe(["agent-owner", "sup-ann", "sup-bob"], ignoreOrder: true);

    [Fact]
    public void A_breach_on_a_complaint_nobody_owns_goes_to_every_supervisor_and_the_key_account_manager() =>
        AlertRecipients.ForSlaEvent(SlaEventKind.FirstResponseBreach, Supervisors, null, "kam-eve")
            .ShouldBe(["sup-ann", "sup-bob", "kam-eve"], ignoreOrder: true);

    [Fact]
    public void A_breach_alerts_someone_who_is_owner_supervisor_and_key_account_manager_once() =>
        AlertRecipients.ForSlaEvent(SlaEventKind.ResolutionBreach, Supervisors, "sup-ann", "sup-ann")
            .ShouldBe(["sup-ann", "sup-bob"], ignoreOrder: true);

    [Fact]
    public void The_deadline_recipients_do_not_depend_on_the_order_of_the_supervisors() =>
        AlertRecipients.ForSlaEvent(SlaEventKind.ResolutionBreach, Supervisors.AsEnumerable().Reverse(), null, "kam-eve")
            .ShouldBe(AlertRecipients.ForSlaEvent(SlaEventKind.ResolutionBreach, Supervisors, null, "kam-eve"));
}
