using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Complaints;

/// <summary>
/// What versions before <see cref="ChunkedRecords{TValue}"/> stored for a bucket: every view in one state. Such a bucket
/// is read at activation, its views move into chunks with the next report, and this state is then emptied.
/// </summary>
public sealed class ComplaintIndexState
{
    public Dictionary<string, ComplaintView> Complaints { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One bucket of the complaint index. Complaints report their view after every change (and again on activation
/// while a report is outstanding), so the index is a read model that catches up with the complaints' own state.
/// The views are kept in chunks (<see cref="ChunkedRecords{TValue}"/>): the index keeps every complaint, so a report
/// must cost the chunk of its complaint, not the whole bucket.
/// </summary>
public sealed class ComplaintIndexGrain(
    [PersistentState("complaintIndex", StorageNames.Crm)] IPersistentState<ComplaintIndexState> state,
    IOptions<PopulationOptions> population,
    IServiceProvider services) : Grain, IComplaintIndexGrain, IComplaintIndexReports
{
    /// <summary>The grain type of the bucket's chunk records in the CRM storage.</summary>
    public const string ChunkRecordType = "complaintindexchunk";

    private ChunkedRecords<ComplaintView>? _complaints;
    private GroupCommit<ComplaintView>? _reports;

    private ChunkedRecords<ComplaintView> Complaints => _complaints ?? throw new InvalidOperationException("The index bucket is not loaded.");

    // Report interleaves; the bucket's state changes only in ApplyReports, the bucket's own turn.
    private GroupCommit<ComplaintView> Reports => _reports ??= new(() => this.AsReference<IComplaintIndexReports>().ApplyReports());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var complaints = new ChunkedRecords<ComplaintView>(services, ChunkRecordType, this.GetGrainId().Key.ToString()!);
        await complaints.Load(state.State.Complaints);
        _complaints = complaints;
    }

    public Task Report(ComplaintView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (ComplaintIndex.BucketFor(view.ComplaintId, population.Value.Buckets) != (int)this.GetPrimaryKeyLong(out _))
            throw new ArgumentException($"Complaint '{view.ComplaintId}' belongs to another index bucket.", nameof(view));
        return Reports.Add(view);
    }

    /// <summary>Keeps every waiting report, in arrival order, and writes the chunks they changed once for all of them.</summary>
    public Task ApplyReports() => Reports.ApplyAll(async views =>
    {
        foreach (var view in views)
            Complaints.Set(view.ComplaintId, view);
        await Complaints.Save(this, state, whole => whole.Complaints);
    });

    public Task<ImmutableArray<ComplaintView>> Find(ComplaintFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Task.FromResult<ImmutableArray<ComplaintView>>([.. Complaints.Values.Where(filter.Matches)]);
    }
}

/// <summary>The index bucket's own turn for storing the reports that arrived together (called by the bucket itself).</summary>
public interface IComplaintIndexReports : IGrainWithIntegerCompoundKey
{
    Task ApplyReports();
}

/// <summary>Queries over every bucket of the complaint index.</summary>
public static class ComplaintIndexQueries
{
    public static IComplaintIndexGrain IndexBucketOf(this IGrainFactory grains, string complaintId, int buckets) =>
        grains.GetGrain<IComplaintIndexGrain>(ComplaintIndex.BucketFor(complaintId, buckets), ComplaintIndex.Name);

    /// <summary>Every indexed complaint matching <paramref name="filter"/>, from all buckets at once.</summary>
    public static async Task<IReadOnlyList<ComplaintView>> FindComplaints(this IGrainFactory grains, ComplaintFilter filter, int buckets)
    {
        var found = await Task.WhenAll(Enumerable.Range(0, buckets)
            .Select(bucket => grains.GetGrain<IComplaintIndexGrain>(bucket, ComplaintIndex.Name).Find(filter)));
        return [.. found.SelectMany(views => views)];
    }
}
