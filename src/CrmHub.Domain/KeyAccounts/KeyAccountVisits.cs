using CrmHub.Abstractions.Events;

namespace CrmHub.Domain.KeyAccounts;

/// <summary>D5: where a key account stands against its visit cadence.</summary>
/// <param name="LastVisitAt">The latest visit, or null when the account was never visited.</param>
/// <param name="CadenceDays">The cadence that applies: the account's own, else the default.</param>
/// <param name="VisitDueBy">The last instant a visit is still within the cadence; null when there is nothing to measure from.</param>
/// <param name="OverdueAt">The first instant the account counts as overdue (one tick after <see cref="VisitDueBy"/>), for a reminder.</param>
/// <param name="VisitOverdue">Whether the account is overdue as of the evaluation instant.</param>
public sealed record VisitStatus(
    DateTimeOffset? LastVisitAt,
    int CadenceDays,
    DateTimeOffset? VisitDueBy,
    DateTimeOffset? OverdueAt,
    bool VisitOverdue);

/// <summary>D5: tracking the last visit of a key account and flagging one not visited within its cadence.</summary>
public static class KeyAccountVisits
{
    /// <summary>D5: the time of the latest contact on the visit channel among the events, or null when there is none.</summary>
    public static DateTimeOffset? LastVisit(IEnumerable<InteractionEvent> events) =>
        events.Where(e => e.Data is ContactMade { Channel: ContactChannel.Visit })
            .Select(e => (DateTimeOffset?)e.Time)
            .Max();

    /// <summary>
    /// D5: whether a key account is overdue for a visit as of <paramref name="asOf"/>. The cadence is the account's
    /// own <paramref name="visitCadenceDays"/>, else <see cref="KeyAccountSettings.VisitCadenceDays"/>. Our choices:
    /// a visit exactly one cadence ago is still within it (overdue only after); the clock runs from the later of the
    /// last visit and the day the customer became a key account, so a new key account gets a full cadence for its
    /// first visit and one never visited nor key is not measured.
    /// </summary>
    public static VisitStatus Status(
        DateTimeOffset? lastVisitAt, DateTimeOffset? keyAccountSince, int? visitCadenceDays, DateTimeOffset asOf, KeyAccountSettings settings)
    {
        var cadenceDays = visitCadenceDays ?? settings.VisitCadenceDays;
        ArgumentOutOfRangeException.ThrowIfLessThan(cadenceDays, 1, nameof(visitCadenceDays));

        DateTimeOffset? from = (lastVisitAt, keyAccountSince) switch
        {
            ({ } visit, { } since) => visit > since ? visit : since,
            ({ } visit, null) => visit,
            (null, var since) => since,
        };
        if (from is not { } start)
            return new VisitStatus(lastVisitAt, cadenceDays, null, null, false);

        var dueBy = start.AddDays(cadenceDays);
        return new VisitStatus(lastVisitAt, cadenceDays, dueBy, dueBy.AddTicks(1), asOf > dueBy);
    }
}
