using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Agents;

/// <summary>The inbox stored in sealed pages (two notifications each here) behaves as one sequenced inbox.</summary>
[Collection(SmallLimitsCluster.Collection)]
public sealed class InboxPagingTests(SmallLimitsCluster cluster)
{
    private readonly IAgentGrain _agent = cluster.Agent(Build.Key("agent"));

    private Task<List<Notification>> DeliverAtNow(string prefix, int count) =>
        _agent.DeliverAll(Build.Drafts(prefix, count, cluster.Clock.GetUtcNow()));

    [Fact]
    public async Task Notifications_spread_over_many_pages_resync_in_order_and_completely_before_and_after_a_deactivation()
    {
        await DeliverAtNow("n", 9);

        Build.Seqs((await _agent.Resync(0)).Items).ShouldBe(Build.OneTo(9));
        await cluster.Deactivate(_agent);

        var full = await _agent.Resync(0);
        Build.Seqs(full.Items).ShouldBe(Build.OneTo(9));
        (full.LastSeq, full.Complete).ShouldBe((9L, true));
        Build.Seqs((await _agent.Resync(4)).Items).ShouldBe([5L, 6L, 7L, 8L, 9L]);
        (await _agent.Deliver(Build.Draft("after", cluster.Clock.GetUtcNow()))).Seq.ShouldBe(10);
    }

    [Fact]
    public async Task A_key_whose_notification_sits_in_a_sealed_page_is_answered_with_the_stored_one_even_after_a_deactivation()
    {
        var first = (await DeliverAtNow("k", 7))[0];
        await cluster.Deactivate(_agent);

        var again = await _agent.Deliver(Build.Draft("k-1", cluster.Clock.GetUtcNow()));

        again.ShouldBe(first);
        (await _agent.Resync(0)).LastSeq.ShouldBe(7);
    }

    [Fact]
    public async Task Retention_drops_whole_old_pages_and_a_resync_from_before_them_reports_it_is_incomplete()
    {
        await DeliverAtNow("old", 6);
        cluster.Clock.Advance(SmallLimitsCluster.Retention + TimeSpan.FromMinutes(1));
        await DeliverAtNow("new", 3);
        await cluster.Deactivate(_agent);

        var full = await _agent.Resync(0);

        Build.Seqs(full.Items).ShouldBe([7L, 8L, 9L]);
        full.Complete.ShouldBeFalse();
        (await _agent.Resync(6)).Complete.ShouldBeTrue();
    }
}
