using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Complaints;

/// <summary>
/// Memory storage and default settings in a cluster of its own: the deadline tests move its clock by days, which
/// must not age anything other tests keep.
/// </summary>
public sealed class SlaCluster : CrmCluster
{
    public const string Collection = "complaint deadline cluster";

    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage(StorageNames.Crm);
}

[CollectionDefinition(SlaCluster.Collection)]
public sealed class SlaClusterCollection : ICollectionFixture<SlaCluster>;

/// <summary>D9 deadlines on the grains' clock: warnings at 80%, breaches at 100%, each told once to the right people.</summary>
[Collection(SlaCluster.Collection)]
public sealed class ComplaintSlaTests(SlaCluster cluster)
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private IAgentGrain Supervisor => cluster.Agent(TestStaff.Supervisor);

    /// <summary>Moves the clock to <paramref name="at"/> (never back).</summary>
    private void MoveTo(DateTimeOffset at)
    {
        var now = cluster.Clock.GetUtcNow();
        at.ShouldBeGreaterThanOrEqualTo(now);
        cluster.Clock.Advance(at - now);
    }

    /// <summary>The complaint's deadline reminder in the silo's reminder table, or null when none is registered.</summary>
    private Task<ReminderEntry?> SlaReminder(IComplaintGrain complaint) => cluster.ReminderOf(complaint, ComplaintGrain.SlaReminder);

    private static Task Eventually(IAgentGrain agent, string complaintId, params string[] expected) =>
        Infrastructure.Eventually.True(
            async () => (await agent.SlaKindsAbout(complaintId)).SequenceEqual(expected),
            $"{agent.GetPrimaryKeyString()} should have received exactly {string.Join(", ", expected)}");

    [Theory]
    [InlineData(Tier.Platinum, 1, 8)]
    [InlineData(Tier.Gold, 4, 24)]
    [InlineData(Tier.Iron, 24, 48)]
    [InlineData(Tier.Lead, 24, 48)]
    public async Task Deadlines_are_fixed_at_opening_by_the_customers_tier(Tier tier, int firstResponseHours, int resolutionHours)
    {
        var (_, _, view) = await cluster.OpenNow(tier);

        view.Tier.ShouldBe(tier);
        view.FirstResponseDueAt.ShouldBe(view.OpenedAt.AddHours(firstResponseHours));
        view.ResolutionDueAt.ShouldBe(view.OpenedAt.AddHours(resolutionHours));
        view.Breaches.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unowned_lead_complaint_warns_the_supervisors_exactly_at_80_percent_of_its_24_hour_first_response()
    {
        var (id, complaint, view) = await cluster.OpenNow(Tier.Lead);
        var warningAt = view.OpenedAt + (TimeSpan.FromHours(24) * 0.8);

        MoveTo(warningAt - Tick);
        await complaint.GetView();
        (await Supervisor.SlaKindsAbout(id)).ShouldBeEmpty("nothing is due before 80%");

        MoveTo(warningAt);
        await Eventually(Supervisor, id, "slaWarning:FirstResponse");
        var warning = (await Supervisor.SlaNoticesAbout(id)).OfType<SlaWarning>().ShouldHaveSingleItem();
        (warning.CustomerName, warning.DueAt, warning.OwnerAgentId, warning.Tier)
            .ShouldBe(("Ada", view.FirstResponseDueAt, (string?)null, Tier.Lead));
        (await cluster.Agent(TestStaff.Agent1).SlaKindsAbout(id)).ShouldBeEmpty("the customer's owner has not taken the complaint");
    }

    [Fact]
    public async Task The_first_response_breach_fires_exactly_at_24_hours_and_is_recorded_on_the_complaint()
    {
        var (id, complaint, view) = await cluster.OpenNow(Tier.Lead);
        await complaint.TakeSteps(TestStaff.Agent2, ComplaintStep.Listen);

        MoveTo(view.FirstResponseDueAt - Tick);
        await Eventually(cluster.Agent(TestStaff.Agent2), id, "slaWarning:FirstResponse");
        (await complaint.GetView()).ShouldNotBeNull().Breaches.ShouldBeEmpty();

        MoveTo(view.FirstResponseDueAt);
        await Eventually(cluster.Agent(TestStaff.Agent2), id, "slaWarning:FirstResponse", "slaBreached:FirstResponse");
        await Eventually(Supervisor, id, "slaBreached:FirstResponse");
        var breach = (await complaint.GetView()).ShouldNotBeNull().Breaches.ShouldHaveSingleItem();
        breach.ShouldBe(new ComplaintBreach(ComplaintDeadline.FirstResponse, view.FirstResponseDueAt));
    }

    [Fact]
    public async Task A_warning_of_an_owned_complaint_goes_to_its_owner_only_and_a_breach_to_the_owner_and_supervisors()
    {
        var (id, complaint, view) = await cluster.OpenNow(Tier.Platinum);
        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Listen);

        MoveTo(view.FirstResponseDueAt);

        await Eventually(cluster.Agent(TestStaff.Agent1), id, "slaWarning:FirstResponse", "slaBreached:FirstResponse");
        await Eventually(Supervisor, id, "slaBreached:FirstResponse");
        var breach = (await Supervisor.SlaNoticesAbout(id)).OfType<SlaBreached>().ShouldHaveSingleItem();
        (breach.OwnerAgentId, breach.Tier, breach.DueAt).ShouldBe(((string?)TestStaff.Agent1, Tier.Platinum, view.FirstResponseDueAt));
        (await cluster.Agent(TestStaff.Agent2).SlaKindsAbout(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_key_account_complaint_alerts_its_manager_and_tells_it_of_breaches_but_not_of_warnings()
    {
        var manager = Build.Key("kam");
        var (id, complaint, view) = await cluster.OpenNow(Tier.Gold, keyAccountManager: manager);

        (await cluster.Agent(manager).AlertsAbout(id)).ShouldHaveSingleItem();
        MoveTo(view.FirstResponseDueAt);

        await Eventually(cluster.Agent(manager), id, "slaBreached:FirstResponse");
        await Eventually(Supervisor, id, "slaWarning:FirstResponse", "slaBreached:FirstResponse");
        (await complaint.GetView()).ShouldNotBeNull().KeyAccountManagerId.ShouldBe(manager);
    }

    [Fact]
    public async Task Apologising_in_time_cancels_the_first_response_warning_and_breach_but_not_the_resolution_deadline()
    {
        var (id, complaint, view) = await cluster.OpenNow(Tier.Gold);
        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Listen, ComplaintStep.Apologise);

        var resolutionWarningAt = view.OpenedAt + (TimeSpan.FromHours(24) * 0.8);
        MoveTo(resolutionWarningAt);

        await Eventually(cluster.Agent(TestStaff.Agent1), id, "slaWarning:Resolution");
        (await complaint.GetView()).ShouldNotBeNull().Breaches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Resolving_with_the_customers_agreement_in_time_cancels_the_resolution_breach()
    {
        var (id, complaint, view) = await cluster.OpenNow(Tier.Platinum);
        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Listen, ComplaintStep.Apologise, ComplaintStep.Ask, ComplaintStep.Record);
        MoveTo(view.OpenedAt + (TimeSpan.FromHours(8) * 0.8));
        await Eventually(cluster.Agent(TestStaff.Agent1), id, "slaWarning:Resolution");

        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Resolve);
        MoveTo(view.ResolutionDueAt + TimeSpan.FromHours(1));
        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Close);

        (await cluster.Agent(TestStaff.Agent1).SlaKindsAbout(id)).ShouldBe(["slaWarning:Resolution"]);
        (await Supervisor.SlaKindsAbout(id)).ShouldBeEmpty();
        (await complaint.GetView()).ShouldNotBeNull().Breaches.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_recorded_breach_survives_deactivation_and_is_not_sent_again()
    {
        var (id, complaint, view) = await cluster.OpenNow(Tier.Platinum);
        MoveTo(view.FirstResponseDueAt);
        await Eventually(Supervisor, id, "slaWarning:FirstResponse", "slaBreached:FirstResponse");

        await cluster.Deactivate(complaint);

        (await complaint.GetView()).ShouldNotBeNull().Breaches.ShouldBe([new ComplaintBreach(ComplaintDeadline.FirstResponse, view.FirstResponseDueAt)]);
        (await Supervisor.SlaKindsAbout(id)).ShouldBe(["slaWarning:FirstResponse", "slaBreached:FirstResponse"]);
    }

    [Fact]
    public async Task Deadlines_that_passed_while_the_complaint_was_deactivated_fire_at_once_when_it_is_reactivated()
    {
        var (id, complaint, view) = await cluster.OpenNow(Tier.Platinum);
        await cluster.Deactivate(complaint);

        MoveTo(view.ResolutionDueAt + TimeSpan.FromMinutes(5));
        await complaint.GetView();

        await Eventually(Supervisor, id,
            "slaWarning:FirstResponse", "slaBreached:FirstResponse", "slaWarning:Resolution", "slaBreached:Resolution");
        (await complaint.GetView()).ShouldNotBeNull().Breaches.Select(breach => breach.Kind)
            .ShouldBe([ComplaintDeadline.FirstResponse, ComplaintDeadline.Resolution]);
    }

    [Fact]
    public async Task A_reminder_backs_up_the_deadlines_while_one_is_pending_and_is_removed_once_every_deadline_is_met()
    {
        var (_, complaint, _) = await cluster.OpenNow(Tier.Gold);
        (await SlaReminder(complaint)).ShouldNotBeNull("a deactivated complaint must wake up for its deadlines");

        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Listen, ComplaintStep.Apologise, ComplaintStep.Ask, ComplaintStep.Record);
        (await SlaReminder(complaint)).ShouldNotBeNull("the resolution is still due");
        await complaint.TakeSteps(TestStaff.Agent1, ComplaintStep.Resolve);

        (await SlaReminder(complaint)).ShouldBeNull("nothing is left to fire");
    }
}
