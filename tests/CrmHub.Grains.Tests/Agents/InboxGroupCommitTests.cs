using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Agents;

/// <summary>Deliveries that reach one inbox at the same time share its writes (group commit) and stay gap-free.</summary>
[Collection(FaultyStorageCluster.Collection)]
public sealed class InboxGroupCommitTests(FaultyStorageCluster cluster)
{
    private static readonly TimeSpan GroupCommitLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_hundred_deliveries_arriving_together_are_numbered_one_to_two_hundred_with_far_fewer_writes()
    {
        var agent = cluster.Agent(Build.Key("agent"));
        var release = cluster.Storage.HoldNextWrite(agent);

        var deliveries = Build.Drafts("burst", 200, Build.At(0)).Select(agent.Deliver).ToList();
        // Every delivery reaches the agent while its first write is still on the disk, as under load.
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        release();
        var delivered = await Task.WhenAll(deliveries);

        Build.Seqs(delivered).Order().ShouldBe(Build.OneTo(200));
        Build.Seqs((await agent.Resync(0)).Items).ShouldBe(Build.OneTo(200));
        cluster.Storage.WritesOf(agent).ShouldBeLessThan(100, "deliveries that wait for a write share the next one");
    }

    [Fact]
    public async Task When_a_shared_write_fails_every_delivery_of_it_fails_and_their_retries_are_numbered_without_gaps()
    {
        var agent = cluster.Agent(Build.Key("agent"));
        await agent.Deliver(Build.Draft("before", Build.At(0)));
        cluster.Storage.FailNextWrites(agent);

        var attempts = Build.Drafts("retry", 20, Build.At(1)).Select(async draft =>
        {
            try
            {
                return await agent.Deliver(draft);
            }
            catch (Exception)
            {
                return await agent.Deliver(draft);
            }
        });
        var delivered = await Task.WhenAll(attempts);

        Build.Seqs(delivered).Order().ShouldBe([.. Enumerable.Range(2, 20).Select(seq => (long)seq)]);
        Build.Seqs((await agent.Resync(0)).Items).ShouldBe(Build.OneTo(21));
    }

    [Fact]
    public async Task A_delivery_waiting_while_its_agent_is_deactivated_is_stored_or_fails_to_be_retried_and_never_hangs()
    {
        var agent = cluster.Agent(Build.Key("agent"));
        await agent.Deliver(Build.Draft("first", Build.At(0)));
        var release = cluster.Storage.HoldNextWrite(agent);
        var held = agent.Deliver(Build.Draft("held", Build.At(1)));
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        var waitingDraft = Build.Draft("waiting", Build.At(2));
        var waiting = agent.Deliver(waitingDraft);
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        var deactivation = cluster.Cluster.DeactivateAsync(agent);
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        release();
        await held;
        // Stored, or failed within the group commit's limit: either way the caller hears back and deactivation ends.
        var failure = await Record.ExceptionAsync(() => waiting.WaitAsync(GroupCommitLimit + TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        (failure is null || failure.Message.Contains("try again", StringComparison.Ordinal)).ShouldBeTrue(failure?.ToString());
        await deactivation.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        if (failure is not null)
            await agent.Deliver(waitingDraft);

        Build.Seqs((await agent.Resync(0)).Items).ShouldBe(Build.OneTo(3));
    }
}
