using System.Collections.Immutable;
using Orleans.Concurrency;

namespace CrmHub.Abstractions.Complaints;

/// <summary>
/// One bucket of the complaint index: the latest view of each of its complaints, for supervisors' lists and agents'
/// statistics (off the per-event path, never one grain for every complaint). Key: the bucket index
/// (<see cref="ComplaintIndex.BucketFor"/>) with <see cref="ComplaintIndex.Name"/> as key extension.
/// </summary>
public interface IComplaintIndexGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>
    /// Keeps the complaint's latest view (its grain reports after every change, in order) and returns once it is stored.
    /// Interleaving, so reports that arrive together are stored with one write.
    /// </summary>
    [AlwaysInterleave]
    Task Report(ComplaintView view);

    /// <summary>The bucket's complaints that match every given filter.</summary>
    Task<ImmutableArray<ComplaintView>> Find(ComplaintFilter filter);
}

/// <summary>What <c>GET /api/v1/complaints</c> and agent statistics filter by; a null field does not filter.</summary>
[GenerateSerializer, Immutable, Alias("crmhub.ComplaintFilter")]
public sealed record ComplaintFilter(
    [property: Id(0)] ImmutableArray<ComplaintStatus> Statuses,
    [property: Id(1)] string? CustomerId = null,
    [property: Id(2)] bool? Breached = null,
    [property: Id(3)] string? OwnerAgentId = null)
{
    public static ComplaintFilter All { get; } = new([]);

    public bool Matches(ComplaintView view) =>
        (Statuses.IsDefaultOrEmpty || Statuses.Contains(view.Status))
        && (CustomerId is null || view.CustomerId == CustomerId)
        && (Breached is null || Breached == !view.Breaches.IsDefaultOrEmpty)
        && (OwnerAgentId is null || view.OwnerAgentId == OwnerAgentId);
}

/// <summary>Where the complaint index lives.</summary>
public static class ComplaintIndex
{
    /// <summary>The key extension of the index buckets.</summary>
    public const string Name = "complaints";

    /// <summary>The index bucket (0 … <paramref name="count"/> − 1) of a complaint.</summary>
    public static int BucketFor(string complaintId, int count) => StableHash.Bucket(complaintId, count);
}
