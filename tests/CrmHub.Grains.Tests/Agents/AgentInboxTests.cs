using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Agents;

[Collection(MemoryCluster.Collection)]
public sealed class AgentInboxTests(MemoryCluster cluster)
{
    private readonly IAgentGrain _agent = cluster.Agent(Build.Key("agent"));

    [Fact]
    public async Task Notifications_delivered_one_after_another_are_numbered_one_to_n()
    {
        var delivered = await _agent.DeliverAll(Build.Drafts("n", 20, Build.At(0)));

        Build.Seqs(delivered).ShouldBe(Build.OneTo(20));
        (await _agent.GetStatus()).LastSeq.ShouldBe(20);
    }

    [Fact]
    public async Task Notifications_delivered_concurrently_from_many_tasks_get_one_to_n_without_gaps_or_duplicates()
    {
        var delivered = await Task.WhenAll(Build.Drafts("n", 64, Build.At(0)).Select(draft => Task.Run(() => _agent.Deliver(draft))));

        Build.Seqs(delivered).Order().ShouldBe(Build.OneTo(64));
        var inbox = await _agent.Resync(0);
        Build.Seqs(inbox.Items).ShouldBe(Build.OneTo(64));
        inbox.LastSeq.ShouldBe(64);
    }

    [Fact]
    public async Task Delivering_a_key_again_returns_the_stored_notification_and_the_last_seq_does_not_grow()
    {
        var first = await _agent.Deliver(Build.Draft("complaintAlert:C-1", Build.At(0)));
        await _agent.Deliver(Build.Draft("complaintAlert:C-2", Build.At(1)));

        var retried = await _agent.Deliver(Build.Draft("complaintAlert:C-1", Build.At(5)));

        retried.ShouldBe(first);
        (await _agent.GetStatus()).LastSeq.ShouldBe(2);
        (await _agent.Resync(0)).Items.Length.ShouldBe(2);
    }

    [Fact]
    public async Task The_same_key_delivered_concurrently_is_stored_once()
    {
        var delivered = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _agent.Deliver(Build.Draft("only", Build.At(0))))));

        delivered.Select(notification => notification.Seq).Distinct().ShouldBe([1L]);
        (await _agent.GetStatus()).LastSeq.ShouldBe(1);
    }

    [Fact]
    public async Task Resync_returns_only_the_later_notifications_in_order_and_is_complete()
    {
        await _agent.DeliverAll(Build.Drafts("n", 5, Build.At(0)));

        var result = await _agent.Resync(2);

        Build.Seqs(result.Items).ShouldBe([3L, 4L, 5L]);
        result.LastSeq.ShouldBe(5);
        result.Complete.ShouldBeTrue();
        (await _agent.Resync(5)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_empty_inbox_resyncs_to_nothing_and_is_complete()
    {
        var result = await _agent.Resync(0);

        result.Items.ShouldBeEmpty();
        result.LastSeq.ShouldBe(0);
        result.Complete.ShouldBeTrue();
    }

    [Fact]
    public async Task The_inbox_survives_a_deactivation_and_numbering_continues_after_it()
    {
        var before = await _agent.DeliverAll(Build.Drafts("n", 3, Build.At(0)));

        await cluster.Deactivate(_agent);

        var after = await _agent.Resync(0);
        after.Items.ShouldBe(before);
        after.Complete.ShouldBeTrue();
        (await _agent.Deliver(Build.Draft("n-2", Build.At(9)))).ShouldBe(before[1]);
        (await _agent.Deliver(Build.Draft("n-4", Build.At(9)))).Seq.ShouldBe(4);
    }
}
