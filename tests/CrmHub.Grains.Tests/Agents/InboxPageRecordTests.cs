using CrmHub.Abstractions.Agents;
using CrmHub.Domain.Inboxes;
using CrmHub.Grains.Agents;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CrmHub.Grains.Tests.Agents;

/// <summary>
/// The records of an inbox's sealed pages on the PostgreSQL store. A page's record is named by its number and its items,
/// so two activations of one agent at once (a grain directory that lost a failed silo's entries can leave them for a
/// moment) never overwrite each other's pages: the stored head's version refuses the one that fell behind, and neither
/// loses a notification the other stored. Pages sealed before records were named so still read.
/// </summary>
[Collection(PostgresStorageCluster.Collection)]
public sealed class InboxPageRecordTests
{
    private static readonly int PageSize = new InboxOptions().PageSize;

    private readonly PostgresStorageCluster _cluster;

    public InboxPageRecordTests(PostgresStorageCluster cluster)
    {
        cluster.SkipUnlessAvailable();
        _cluster = cluster;
    }

    [Fact]
    public async Task A_page_sealed_by_an_activation_that_fell_behind_never_replaces_the_page_the_stored_inbox_refers_to()
    {
        var agentId = Build.Key("agent");
        var first = _cluster.Agent(agentId);
        // One short of a page: the next notification seals page 0, in whichever activation stores it.
        await first.DeliverAll(Build.Drafts("before", PageSize - 1, Build.At(0)));
        await using var secondCluster = await _cluster.StartSecondClusterAsync();
        var second = secondCluster.Agent(agentId);
        await second.DeliverAll(Build.Drafts("theirs", 3, Build.At(1)));

        // The first activation still holds the inbox as it was before "theirs": it seals page 0 with its own
        // notification, and the write of its head is refused. Its caller retries, as every outbox does.
        var mine = Build.Draft("mine", Build.At(2));
        await Should.ThrowAsync<Exception>(() => first.Deliver(mine));
        var stored = await first.Deliver(mine);

        await secondCluster.Deactivate(second);
        await _cluster.Deactivate(first);
        var inbox = await first.Resync(0);
        Build.Seqs(inbox.Items).ShouldBe(Build.OneTo(PageSize + 3));
        string[] expected = [.. Build.Drafts("before", PageSize - 1, Build.At(0)).Concat(Build.Drafts("theirs", 3, Build.At(1))).Select(draft => draft.Key), mine.Key];
        inbox.Items.Select(notification => ((ComplaintUpdated)notification.Data).ComplaintId).ShouldBe(expected);
        stored.Seq.ShouldBe(PageSize + 3);
    }

    [Fact]
    public async Task An_inbox_whose_page_was_sealed_before_pages_had_tags_reads_whole_and_keeps_growing()
    {
        var agent = _cluster.Agent(Build.Key("agent"));
        var earlier = Build.Drafts("earlier", PageSize + 2, Build.At(0)).Aggregate(Inbox.Empty, (inbox, draft) => inbox.AppendNew(draft).Inbox);
        var arranged = InboxPages.Arrange(earlier, InboxLayout.Empty, PageSize);
        var (page, items) = arranged.Sealed.Single();
        var storage = _cluster.Cluster.GetSiloServiceProvider(_cluster.Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);
        // As earlier versions stored it: the page's record named by its number alone, the head's page without a tag.
        await storage.WriteStateAsync("page", GrainId.Create("inboxpage", $"{agent.GetPrimaryKeyString()}/0"),
            new GrainState<InboxPageState>(new InboxPageState { Items = items }));
        await storage.WriteStateAsync("agent", agent.GetGrainId(), new GrainState<AgentState>(new AgentState
        {
            Inbox = new Inbox(earlier.LastSeq, arranged.Layout.Head),
            Pages = [page with { Tag = null }],
            NextPageNumber = arranged.Layout.NextPageNumber,
            RetainedFrom = arranged.Layout.RetainedFrom,
        }));

        Build.Seqs((await agent.Resync(0)).Items).ShouldBe(Build.OneTo(PageSize + 2));
        await agent.DeliverAll(Build.Drafts("later", PageSize, Build.At(1)));
        await _cluster.Deactivate(agent);

        var inbox = await agent.Resync(0);
        Build.Seqs(inbox.Items).ShouldBe(Build.OneTo(2 * PageSize + 2));
        (await agent.Deliver(Build.Draft("earlier-1", Build.At(2)))).Seq.ShouldBe(1, "a key in the earlier page is still known");
    }
}
