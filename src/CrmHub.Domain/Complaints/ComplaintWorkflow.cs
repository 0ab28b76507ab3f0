using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;

namespace CrmHub.Domain.Complaints;

/// <summary>D9: the seven handling steps, taken strictly in order.</summary>
public static class ComplaintWorkflow
{
    public static IReadOnlyList<ComplaintStep> Order { get; } = Array.AsReadOnly(Enum.GetValues<ComplaintStep>());

    /// <summary>The only step that may be recorded next, or null when the process is complete.</summary>
    public static ComplaintStep? NextAllowed(ImmutableArray<ComplaintStepRecord> recorded) =>
        recorded.Length < Order.Count ? Order[recorded.Length] : null;

    /// <summary>The status a complaint has after the given steps.</summary>
    public static ComplaintStatus StatusAfter(ImmutableArray<ComplaintStepRecord> recorded) =>
        recorded.IsEmpty ? ComplaintStatus.Open : recorded[^1].Step switch
        {
            ComplaintStep.Resolve => ComplaintStatus.Resolved,
            ComplaintStep.Close => ComplaintStatus.Closed,
            ComplaintStep.Review => ComplaintStatus.Reviewed,
            _ => ComplaintStatus.InProgress,
        };
}
