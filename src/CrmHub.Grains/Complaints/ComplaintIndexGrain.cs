using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Complaints;

/// <summary>Persisted state of <see cref="ComplaintIndexGrain"/>: the latest view of each complaint, by complaint id.</summary>
public sealed class ComplaintIndexState
{
    public Dictionary<string, ComplaintView> Complaints { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One bucket of the complaint index. Complaints report their view after every change (and again on activation
/// while a report is outstanding), so the index is a read model that catches up with the complaints' own state.
/// </summary>
public sealed class ComplaintIndexGrain(
    [PersistentState("complaintIndex", StorageNames.Crm)] IPersistentState<ComplaintIndexState> state,
    IOptions<PopulationOptions> population) : Grain, IComplaintIndexGrain, IComplaintIndexReports
{
    private GroupCommit<ComplaintView>? _reports;

    // Report interleaves; the bucket's state changes only in ApplyReports, the bucket's own turn.
    private GroupCommit<ComplaintView> Reports => _reports ??= new(() => this.AsReference<IComplaintIndexReports>().ApplyReports());

    public Task Report(ComplaintView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (ComplaintIndex.BucketFor(view.ComplaintId, population.Value.Buckets) != (int)this.GetPrimaryKeyLong(out _))
            throw new ArgumentException($"Complaint '{view.ComplaintId}' belongs to another index bucket.", nameof(view));
        return Reports.Add(view);
    }

    /// <summary>Keeps every waiting report, in arrival order, and writes the bucket once for all of them.</summary>
    public Task ApplyReports() => Reports.ApplyAll(async views =>
    {
        foreach (var view in views)
            state.State.Complaints[view.ComplaintId] = view;
        await state.WriteOrRevertAsync(this);
    });

    public Task<ImmutableArray<ComplaintView>> Find(ComplaintFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Task.FromResult<ImmutableArray<ComplaintView>>([.. state.State.Complaints.Values.Where(filter.Matches)]);
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
