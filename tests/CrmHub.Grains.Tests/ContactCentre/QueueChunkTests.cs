using CrmHub.Abstractions.ContactCentre;
using CrmHub.Grains.ContactCentre;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.ContactCentre;

/// <summary>
/// A queue under a backlog holds thousands of items, so it stores them in chunks: a submission costs the chunk of its
/// item, and queues stored whole by earlier versions keep every item.
/// </summary>
[Collection(FaultyStorageCluster.Collection)]
public sealed class QueueChunkTests(FaultyStorageCluster cluster)
{
    private readonly string _queue = Build.Key("backlog");

    private IQueueGrain Queue => cluster.Grains.GetGrain<IQueueGrain>(_queue);

    [Fact]
    public async Task A_submission_to_a_queue_with_hundreds_waiting_writes_only_the_chunk_of_its_item()
    {
        await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Queue.Submit(Item())));
        var before = cluster.Storage.WritesOfChunks(QueueGrain.ChunkRecordType, _queue);

        await Queue.Submit(Item());

        cluster.Storage.WritesOfChunks(QueueGrain.ChunkRecordType, _queue).ShouldBe(before + 1);
        (await Queue.GetReport()).Snapshot.Waiting.ShouldBe(301);
        await cluster.Deactivate(Queue);
        (await Queue.GetReport()).Snapshot.Waiting.ShouldBe(301);
    }

    [Fact]
    public async Task A_queue_stored_whole_by_an_earlier_version_keeps_its_items_and_moves_them_into_chunks_with_its_next_write()
    {
        var earlier = Enumerable.Range(0, 5).Select(_ => Item()).ToList();
        var whole = new GrainState<QueueState>(new QueueState
        {
            Registered = true,
            Items = earlier.ToDictionary(item => item.WorkItemId, item => new QueuedItem { Facts = item }, StringComparer.Ordinal),
        });
        await cluster.Storage.Inner.WriteStateAsync("queue", Queue.GetGrainId(), whole);

        (await Queue.GetReport()).Snapshot.Waiting.ShouldBe(5);
        await Queue.Submit(Item());

        var stored = new GrainState<QueueState>(new QueueState());
        await cluster.Storage.Inner.ReadStateAsync("queue", Queue.GetGrainId(), stored);
        stored.State!.Items.ShouldBeEmpty("the items now live in chunks");
        stored.State.Registered.ShouldBeTrue();
        await cluster.Deactivate(Queue);
        (await Queue.GetReport()).Snapshot.Waiting.ShouldBe(6);
    }

    [Fact]
    public async Task A_finished_item_already_outside_the_figures_window_is_not_kept()
    {
        var dayAgo = cluster.Clock.GetUtcNow().AddDays(-1);
        var finished = ContactCentreScene.Item(offeredAt: dayAgo) with { AbandonedAt = dayAgo.AddMinutes(1) };
        var waiting = Item();

        await Task.WhenAll(Queue.Submit(finished), Queue.Submit(waiting));

        var stored = new List<string>();
        for (var chunk = 0; chunk < ChunkedRecords<QueuedItem>.ChunkCount; chunk++)
        {
            var records = new GrainState<RecordChunkState<QueuedItem>>(new RecordChunkState<QueuedItem>());
            await cluster.Storage.Inner.ReadStateAsync(ChunkedRecords<QueuedItem>.StateName, ChunkedRecords<QueuedItem>.RecordIdOf(QueueGrain.ChunkRecordType, _queue, chunk), records);
            stored.AddRange(records.State!.Records.Keys);
        }
        stored.ShouldBe([waiting.WorkItemId]);
        (await Queue.GetReport()).Snapshot.Waiting.ShouldBe(1);
    }

    private WorkItemFacts Item() => ContactCentreScene.Item(offeredAt: cluster.Clock.GetUtcNow());
}
