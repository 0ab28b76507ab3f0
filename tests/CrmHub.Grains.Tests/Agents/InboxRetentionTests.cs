using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Agents;

/// <summary>Inbox retention as configured under <c>CrmHub:Inbox</c> (3 kept, one hour).</summary>
[Collection(SmallLimitsCluster.Collection)]
public sealed class InboxRetentionTests(SmallLimitsCluster cluster)
{
    private readonly IAgentGrain _agent = cluster.Agent(Build.Key("agent"));

    private Task DeliverAtNow(string prefix, int count) => _agent.DeliverAll(Build.Drafts(prefix, count, cluster.Clock.GetUtcNow()));

    [Fact]
    public async Task Notifications_older_than_the_retention_beyond_the_newest_kept_are_dropped_and_a_full_resync_is_incomplete()
    {
        await DeliverAtNow("old", 5);
        cluster.Clock.Advance(SmallLimitsCluster.Retention + TimeSpan.FromMinutes(1));

        await DeliverAtNow("new", 1);

        var full = await _agent.Resync(0);
        Build.Seqs(full.Items).ShouldBe([4L, 5L, 6L]);
        full.LastSeq.ShouldBe(6);
        full.Complete.ShouldBeFalse();
        var caughtUp = await _agent.Resync(3);
        Build.Seqs(caughtUp.Items).ShouldBe([4L, 5L, 6L]);
        caughtUp.Complete.ShouldBeTrue();
    }

    [Fact]
    public async Task Notifications_younger_than_the_retention_are_kept_beyond_the_minimum()
    {
        await DeliverAtNow("a", 5);
        cluster.Clock.Advance(SmallLimitsCluster.Retention - TimeSpan.FromMinutes(1));

        await DeliverAtNow("b", 1);

        var full = await _agent.Resync(0);
        Build.Seqs(full.Items).ShouldBe(Build.OneTo(6));
        full.Complete.ShouldBeTrue();
    }

    [Fact]
    public async Task The_newest_notifications_are_kept_whatever_their_age()
    {
        await DeliverAtNow("a", SmallLimitsCluster.InboxMinimumKept);
        cluster.Clock.Advance(SmallLimitsCluster.Retention * 24);

        await DeliverAtNow("b", 1);

        Build.Seqs((await _agent.Resync(0)).Items).ShouldBe([2L, 3L, 4L]);
    }
}
