using CrmHub.Domain.Customers;
using CrmHub.Domain.Inboxes;

namespace CrmHub.Grains.Hosting;

/// <summary>Customer record tunables, section <c>CrmHub:Customers</c>.</summary>
public sealed class CustomerOptions
{
    public const string Section = "CrmHub:Customers";

    /// <summary>Processed event keys are remembered at least this long (dedup window).</summary>
    public TimeSpan DedupRetention { get; set; } = DedupSettings.Default.Retention;

    /// <summary>…and at least this many of the newest keys, whatever their age.</summary>
    public int DedupMinimumKept { get; set; } = DedupSettings.Default.MinimumKept;

    /// <summary>Timeline entries kept per customer (the oldest are dropped first).</summary>
    public int TimelineCapacity { get; set; } = CustomerSettings.Default.TimelineCapacity;

    /// <summary>Timeline entries shown in the 360 view.</summary>
    public int TimelineInView { get; set; } = CustomerSettings.Default.TimelineInView;

    internal DedupSettings Dedup => new(DedupRetention, DedupMinimumKept);

    internal CustomerSettings Record => new(TimelineCapacity, TimelineInView);
}

/// <summary>Notification inbox retention, section <c>CrmHub:Inbox</c>.</summary>
public sealed class InboxOptions
{
    public const string Section = "CrmHub:Inbox";

    /// <summary>The newest notifications always kept, whatever their age.</summary>
    public int MinimumKept { get; set; } = InboxSettings.Default.MinimumKept;

    /// <summary>Notifications younger than this are always kept.</summary>
    public TimeSpan Retention { get; set; } = InboxSettings.Default.Retention;

    /// <summary>
    /// Notifications per sealed page: the newest ones (fewer than a page) are written with every delivery, older ones
    /// once, in pages of this size. At least 1; values below 1 are taken as 1.
    /// </summary>
    public int PageSize { get; set; } = 128;

    internal InboxSettings Settings => new(MinimumKept, Retention);
}

/// <summary>Console presence and retry pacing, section <c>CrmHub:Realtime</c>.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "CrmHub:Realtime";

    /// <summary>How often each silo re-reports the consoles it holds (observer and presence leases).</summary>
    public TimeSpan ConsoleReportPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A silo's report expires after this many periods without renewal (the silo is presumed gone).</summary>
    public int LeasePeriods { get; set; } = 4;

    /// <summary>How soon a failed hand-over (complaint opening, notification delivery) is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    internal TimeSpan Lease => ConsoleReportPeriod * LeasePeriods;
}
