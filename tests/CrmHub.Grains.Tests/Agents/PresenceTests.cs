using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Agents;

/// <summary>Console presence: silos report the consoles they hold, under a lease on the grains' clock.</summary>
[Collection(MemoryCluster.Collection)]
public sealed class PresenceTests(MemoryCluster cluster) : IDisposable
{
    private readonly string _agentId = Build.Key("agent");
    private readonly RecordingConsole _silo = new(cluster.Grains);
    private readonly RecordingConsole _otherSilo = new(cluster.Grains);

    private IAgentGrain Agent => cluster.Agent(_agentId);

    public void Dispose()
    {
        _silo.Dispose();
        _otherSilo.Dispose();
    }

    [Fact]
    public async Task An_agent_no_silo_reported_is_offline()
    {
        var status = await Agent.GetStatus();

        status.AgentId.ShouldBe(_agentId);
        status.IsOnline.ShouldBeFalse();
        status.OpenConsoles.ShouldBe(0);
        status.LastSeq.ShouldBe(0);
    }

    [Fact]
    public async Task The_status_of_a_staff_member_carries_the_name_and_role_from_the_directory()
    {
        var status = await cluster.Agent(TestStaff.Supervisor).GetStatus();

        status.DisplayName.ShouldBe("Sam Supervisor");
        status.Role.ShouldBe("Supervisor");
    }

    [Fact]
    public async Task An_agent_whose_consoles_a_silo_reports_is_online_with_the_consoles_of_every_silo_summed()
    {
        await Agent.ReportConsoles(_silo.Reference, 2);
        await Agent.ReportConsoles(_otherSilo.Reference, 1);

        var status = await Agent.GetStatus();

        status.IsOnline.ShouldBeTrue();
        status.OpenConsoles.ShouldBe(3);
    }

    [Fact]
    public async Task A_silo_reporting_zero_consoles_detaches()
    {
        await Agent.ReportConsoles(_silo.Reference, 2);

        await Agent.ReportConsoles(_silo.Reference, 0);

        (await Agent.GetStatus()).IsOnline.ShouldBeFalse();
    }

    [Fact]
    public async Task A_delivered_notification_is_pushed_to_every_silo_holding_a_console_of_the_agent()
    {
        await Agent.ReportConsoles(_silo.Reference, 1);
        await Agent.ReportConsoles(_otherSilo.Reference, 1);

        var notification = await Agent.Deliver(Build.Draft("n-1", Build.At(0)));

        await Eventually.True(() => _silo.Pushes.Count == 1 && _otherSilo.Pushes.Count == 1, "both silos get the push");
        _silo.Pushes.ShouldHaveSingleItem().ShouldBe((_agentId, notification));
        _otherSilo.Pushes.ShouldHaveSingleItem().ShouldBe((_agentId, notification));
    }

    [Fact]
    public async Task A_retried_delivery_is_not_pushed_again()
    {
        await Agent.ReportConsoles(_silo.Reference, 1);
        await Agent.Deliver(Build.Draft("n-1", Build.At(0)));
        await Agent.Deliver(Build.Draft("n-1", Build.At(0)));

        var second = await Agent.Deliver(Build.Draft("n-2", Build.At(1)));

        // Pushes are one-way messages: they may arrive in any order (the console orders by seq).
        await Eventually.True(() => _silo.Pushes.Count >= 2 && _silo.Pushes.Any(push => push.Notification == second), "both notifications are pushed");
        _silo.Pushes.Select(push => push.Notification.Seq).Order().ShouldBe([1L, 2L]);
    }

    [Fact]
    public async Task An_agent_whose_silo_did_not_renew_within_the_lease_is_offline()
    {
        await Agent.ReportConsoles(_silo.Reference, 1);
        cluster.Clock.Advance(Build.DefaultLease - TimeSpan.FromSeconds(1));
        (await Agent.GetStatus()).IsOnline.ShouldBeTrue();

        cluster.Clock.Advance(TimeSpan.FromSeconds(2));

        var status = await Agent.GetStatus();
        status.IsOnline.ShouldBeFalse();
        status.OpenConsoles.ShouldBe(0);
    }

    [Fact]
    public async Task A_renewed_report_keeps_the_agent_online_past_the_first_lease()
    {
        await Agent.ReportConsoles(_silo.Reference, 1);
        cluster.Clock.Advance(Build.DefaultLease / 2);
        await Agent.ReportConsoles(_silo.Reference, 1);

        cluster.Clock.Advance(Build.DefaultLease / 2 + TimeSpan.FromSeconds(1));

        (await Agent.GetStatus()).IsOnline.ShouldBeTrue();
    }
}
