using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Complaints;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Complaints;

/// <summary>
/// An index bucket keeps every complaint ever reported, so it stores them in chunks: a report costs the chunk of its
/// complaint, a failed write leaves the index as storage holds it, and buckets stored whole by earlier versions still read.
/// </summary>
[Collection(FaultyStorageCluster.Collection)]
public sealed class ComplaintIndexChunkTests(FaultyStorageCluster cluster)
{
    private const int Bucket = 3;

    private static readonly int Buckets = new PopulationOptions().Buckets;

    [Fact]
    public async Task A_report_to_a_bucket_holding_hundreds_of_complaints_writes_only_the_chunk_of_its_complaint()
    {
        var (index, key) = NewBucket();
        var held = Ids(300);
        await Task.WhenAll(held.Select(id => index.Report(View(id, ComplaintStatus.Open))));
        var newcomer = Ids(1).Single();
        var before = cluster.Storage.WritesOfChunks(ComplaintIndexGrain.ChunkRecordType, key);

        await index.Report(View(newcomer, ComplaintStatus.Open));

        cluster.Storage.WritesOfChunks(ComplaintIndexGrain.ChunkRecordType, key).ShouldBe(before + 1);
        cluster.Storage.WritesOf(ChunkId(key, newcomer)).ShouldBeGreaterThan(0);
        (await index.Find(ComplaintFilter.All)).Select(view => view.ComplaintId).ShouldBe([.. held, newcomer], ignoreOrder: true);
        await cluster.Deactivate(index);
        (await index.Find(ComplaintFilter.All)).Select(view => view.ComplaintId).ShouldBe([.. held, newcomer], ignoreOrder: true);
    }

    [Fact]
    public async Task A_report_whose_chunk_cannot_be_written_fails_and_is_not_listed_until_reported_again()
    {
        var (index, key) = NewBucket();
        var kept = Ids(1).Single();
        await index.Report(View(kept, ComplaintStatus.Open));
        var failing = Ids(1).Single();
        cluster.Storage.FailNextWrites(ChunkId(key, failing));

        (await Should.ThrowAsync<IOException>(() => index.Report(View(failing, ComplaintStatus.Open)))).Message.ShouldBe(InjectedStorageFailure.Text);

        (await index.Find(ComplaintFilter.All)).Select(view => view.ComplaintId).ShouldBe([kept]);
        await index.Report(View(failing, ComplaintStatus.Open));
        await cluster.Deactivate(index);
        (await index.Find(ComplaintFilter.All)).Select(view => view.ComplaintId).ShouldBe([kept, failing], ignoreOrder: true);
    }

    [Fact]
    public async Task A_bucket_stored_whole_by_an_earlier_version_is_listed_and_moves_into_chunks_with_the_next_report()
    {
        var (index, _) = NewBucket();
        var earlier = Ids(5);
        var stored = new GrainState<ComplaintIndexState>(new ComplaintIndexState
        {
            Complaints = earlier.ToDictionary(id => id, id => View(id, ComplaintStatus.Open), StringComparer.Ordinal),
        });
        await cluster.Storage.Inner.WriteStateAsync("complaintIndex", index.GetGrainId(), stored);

        (await index.Find(ComplaintFilter.All)).Select(view => view.ComplaintId).ShouldBe(earlier, ignoreOrder: true);

        await index.Report(View(earlier[0], ComplaintStatus.Closed));
        var whole = new GrainState<ComplaintIndexState>(new ComplaintIndexState());
        await cluster.Storage.Inner.ReadStateAsync("complaintIndex", index.GetGrainId(), whole);
        whole.State!.Complaints.ShouldBeEmpty("the views now live in chunks");
        await cluster.Deactivate(index);
        var listed = await index.Find(ComplaintFilter.All);
        listed.Select(view => view.ComplaintId).ShouldBe(earlier, ignoreOrder: true);
        listed.Single(view => view.ComplaintId == earlier[0]).Status.ShouldBe(ComplaintStatus.Closed);
    }

    private (IComplaintIndexGrain Index, string Key) NewBucket()
    {
        var index = cluster.Grains.GetGrain<IComplaintIndexGrain>(Bucket, $"chunk-test-{Guid.NewGuid():N}");
        return (index, index.GetGrainId().Key.ToString()!);
    }

    private static GrainId ChunkId(string bucketKey, string complaintId) =>
        ChunkedRecords<ComplaintView>.RecordIdOf(ComplaintIndexGrain.ChunkRecordType, bucketKey, ChunkedRecords<ComplaintView>.ChunkOf(complaintId));

    /// <summary>Fresh complaint ids of <see cref="Bucket"/>.</summary>
    private static List<string> Ids(int count) =>
        [.. Enumerable.Range(0, int.MaxValue).Select(_ => Build.Key("C")).Where(id => ComplaintIndex.BucketFor(id, Buckets) == Bucket).Take(count)];

    private static ComplaintView View(string complaintId, ComplaintStatus status) => new(
        complaintId, "cust", "Customer", "Late delivery", "It came late", ComplaintCategory.Service, ComplaintSeverity.Normal, status, null,
        Build.At(0), [], Tier.Iron, Build.At(1), Build.At(2), [], new ComplaintTags(null, false, null, null), [], null, null, null);
}
