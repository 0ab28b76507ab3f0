using System.Collections.Immutable;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Complaints;

/// <summary>D9: how long a complaint of one tier may wait for its first response and for its resolution.</summary>
public sealed record SlaTargets(TimeSpan FirstResponse, TimeSpan Resolution);

/// <summary>
/// D9 deadline tunables (bound later from <c>CrmHub:Rules</c>): the targets per tier at opening and the share of
/// each interval after which the owner is warned.
/// </summary>
public sealed record ComplaintSlaSettings(SlaTargets Platinum, SlaTargets Gold, SlaTargets Iron, SlaTargets Lead, double WarningShare)
{
    /// <summary>D9 defaults: Platinum 1 h / 8 h, Gold 4 h / 24 h, Iron and Lead 24 h / 48 h; warning at 80%.</summary>
    public static ComplaintSlaSettings Default { get; } = new(
        Platinum: new(TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
        Gold: new(TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
        Iron: new(TimeSpan.FromHours(24), TimeSpan.FromHours(48)),
        Lead: new(TimeSpan.FromHours(24), TimeSpan.FromHours(48)),
        WarningShare: 0.8);

    /// <summary>D9: the targets of a complaint opened by a customer of the given tier.</summary>
    public SlaTargets For(Tier tier) => tier switch
    {
        Tier.Platinum => Platinum,
        Tier.Gold => Gold,
        Tier.Iron => Iron,
        Tier.Lead => Lead,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Not a customer tier."),
    };
}

/// <summary>One escalation point of a complaint: what falls due and when.</summary>
public sealed record SlaEvent(SlaEventKind Kind, DateTimeOffset At);

/// <summary>D9: a complaint's two deadlines and their warning points, measured from <see cref="OpenedAt"/>.</summary>
public sealed record ComplaintDeadlines(
    Tier Tier,
    DateTimeOffset OpenedAt,
    DateTimeOffset FirstResponseWarningAt,
    DateTimeOffset FirstResponseDueAt,
    DateTimeOffset ResolutionWarningAt,
    DateTimeOffset ResolutionDueAt)
{
    /// <summary>The four escalation points, earliest first (ties in <see cref="SlaEventKind"/> order).</summary>
    public ImmutableArray<SlaEvent> Schedule =>
    [
        .. new SlaEvent[]
        {
            new(SlaEventKind.FirstResponseWarning, FirstResponseWarningAt),
            new(SlaEventKind.FirstResponseBreach, FirstResponseDueAt),
            new(SlaEventKind.ResolutionWarning, ResolutionWarningAt),
            new(SlaEventKind.ResolutionBreach, ResolutionDueAt),
        }.OrderBy(sla => sla.At).ThenBy(sla => sla.Kind),
    ];
}

/// <summary>D9: complaint deadlines by tier and the escalation events they raise.</summary>
public static class ComplaintSla
{
    /// <summary>
    /// D9: the deadlines of a complaint opened at <paramref name="openedAt"/> by a customer of the given tier:
    /// first response and resolution due after the tier's targets, each warned at
    /// <see cref="ComplaintSlaSettings.WarningShare"/> of its interval.
    /// </summary>
    public static ComplaintDeadlines DeadlinesFor(Tier tier, DateTimeOffset openedAt, ComplaintSlaSettings settings)
    {
        if (settings.WarningShare is <= 0 or > 1 || double.IsNaN(settings.WarningShare))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.WarningShare, "The warning share must be above 0 and at most 1.");
        var targets = settings.For(tier);
        return new ComplaintDeadlines(
            tier,
            openedAt,
            FirstResponseWarningAt: openedAt + (targets.FirstResponse * settings.WarningShare),
            FirstResponseDueAt: openedAt + targets.FirstResponse,
            ResolutionWarningAt: openedAt + (targets.Resolution * settings.WarningShare),
            ResolutionDueAt: openedAt + targets.Resolution);
    }

    /// <summary>D9: whether the event is a breach (100% of the time) rather than a warning.</summary>
    public static bool IsBreach(SlaEventKind kind) => kind is SlaEventKind.FirstResponseBreach or SlaEventKind.ResolutionBreach;

    /// <summary>
    /// D9: the earliest escalation event still to fire as of <paramref name="asOf"/> (it may already be due), or
    /// null when none is left; see <see cref="DueSlaEvents"/> for which events are skipped.
    /// </summary>
    public static SlaEvent? NextSlaEvent(ComplaintHandling handling, DateTimeOffset asOf) =>
        Pending(handling, asOf).FirstOrDefault();

    /// <summary>
    /// D9: every escalation event due at <paramref name="asOf"/> and not fired yet, earliest first, so a host that
    /// was down fires them all at once. The first response is met by <c>apologise</c>, the resolution by the first
    /// <c>resolve</c> the customer agreed to (steps taken after <paramref name="asOf"/> do not count). Our choices:
    /// a warning is skipped once its target is met, even late (warning about work already done is noise); a breach
    /// is skipped only when its target was met by the deadline (at the deadline counts as in time), so a late step
    /// still records its breach.
    /// </summary>
    public static ImmutableArray<SlaEvent> DueSlaEvents(ComplaintHandling handling, DateTimeOffset asOf) =>
        [.. Pending(handling, asOf).TakeWhile(sla => sla.At <= asOf)];

    /// <summary>D9: records fired events on the complaint (breaches among them are its recorded breaches); each kind once.</summary>
    public static ComplaintHandling RecordFired(ComplaintHandling handling, IEnumerable<SlaEvent> fired) =>
        handling with
        {
            FiredSlaEvents = fired.Aggregate(handling.FiredSlaEvents, (recorded, sla) =>
                recorded.Any(known => known.Kind == sla.Kind) ? recorded : recorded.Add(sla)),
        };

    private static IEnumerable<SlaEvent> Pending(ComplaintHandling handling, DateTimeOffset asOf)
    {
        var firstResponseAt = Before(asOf, handling.FirstTakenAt(ComplaintStep.Apologise));
        var resolvedAt = Before(asOf, handling.Resolutions.Where(resolution => resolution.CustomerAgreed).Select(resolution => (DateTimeOffset?)resolution.At).FirstOrDefault());
        return handling.Deadlines.Schedule.Where(sla =>
        {
            if (handling.FiredSlaEvents.Any(fired => fired.Kind == sla.Kind))
                return false;
            var metAt = sla.Kind is SlaEventKind.FirstResponseWarning or SlaEventKind.FirstResponseBreach ? firstResponseAt : resolvedAt;
            return metAt is not { } met || (IsBreach(sla.Kind) && met > sla.At);
        });
    }

    private static DateTimeOffset? Before(DateTimeOffset asOf, DateTimeOffset? at) => at <= asOf ? at : null;
}
