using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Hosting;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>The one place tests make keys, events and notification drafts.</summary>
public static class Build
{
    /// <summary>A key no other test uses, so tests sharing a cluster never meet in a grain.</summary>
    public static string Key(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>An instant measured from the cluster's starting time (business time of events).</summary>
    public static DateTimeOffset At(double minutes) => CrmCluster.Start.AddMinutes(minutes);

    /// <summary>
    /// How long a console report lasts without renewal under default settings:
    /// <see cref="RealtimeOptions.ConsoleReportPeriod"/> × <see cref="RealtimeOptions.LeasePeriods"/>.
    /// </summary>
    public static TimeSpan DefaultLease { get; } = new RealtimeOptions().ConsoleReportPeriod * new RealtimeOptions().LeasePeriods;

    public static NotificationDraft Draft(string key, DateTimeOffset occurredAt) =>
        new(key, occurredAt, new ComplaintUpdated(key, ComplaintStatus.Open, null));

    /// <summary>Drafts keyed "prefix-1" … "prefix-count".</summary>
    public static IEnumerable<NotificationDraft> Drafts(string prefix, int count, DateTimeOffset occurredAt) =>
        Enumerable.Range(1, count).Select(index => Draft($"{prefix}-{index}", occurredAt));

    public static long[] Seqs(IEnumerable<Notification> notifications) => [.. notifications.Select(notification => notification.Seq)];

    public static long[] OneTo(int count) => [.. Enumerable.Range(1, count).Select(seq => (long)seq)];

    /// <summary>Delivers the drafts one after another and returns what the inbox stored.</summary>
    public static async Task<List<Notification>> DeliverAll(this IAgentGrain agent, IEnumerable<NotificationDraft> drafts)
    {
        var delivered = new List<Notification>();
        foreach (var draft in drafts)
            delivered.Add(await agent.Deliver(draft));
        return delivered;
    }

    /// <summary>The complaint alerts for one complaint in an agent's inbox.</summary>
    public static async Task<ComplaintAlert[]> AlertsAbout(this IAgentGrain agent, string complaintId) =>
        [.. (await agent.Resync(0)).Items.Select(item => item.Data).OfType<ComplaintAlert>().Where(alert => alert.ComplaintId == complaintId)];

    /// <summary>The complaint updates for one complaint in an agent's inbox, oldest first.</summary>
    public static async Task<ComplaintUpdated[]> UpdatesAbout(this IAgentGrain agent, string complaintId) =>
        [.. (await agent.Resync(0)).Items.Select(item => item.Data).OfType<ComplaintUpdated>().Where(update => update.ComplaintId == complaintId)];
}

/// <summary>A customer no other test uses, and the events about it.</summary>
public sealed class TestCustomer(IGrainFactory grains)
{
    private int _events;

    public string Id { get; } = Build.Key("cust");

    public ICustomerGrain Grain => grains.GetGrain<ICustomerGrain>(Id);

    /// <summary>An event with a fresh id unless one is given.</summary>
    public InteractionEvent Event(DateTimeOffset time, EventPayload data, string? id = null, string source = "shop") =>
        new(id ?? $"evt-{Interlocked.Increment(ref _events)}", source, Id, time, data);

    public InteractionEvent Profile(DateTimeOffset time, string? name = null, string? owner = null, string? region = null) =>
        Event(time, new CustomerProfileChanged(name, CustomerSource.EndCustomer, region, null, null, owner));

    public InteractionEvent Purchase(DateTimeOffset time, decimal amount, string? orderId = null) =>
        Event(time, new PurchaseMade(orderId ?? $"O-{time.UtcTicks}", amount, null, "EUR"));

    public InteractionEvent Contact(DateTimeOffset time, string summary = "Asked about delivery") =>
        Event(time, new ContactMade(ContactChannel.Phone, ContactDirection.Inbound, TestStaff.Agent1, summary));

    public InteractionEvent Complaint(DateTimeOffset time, string complaintId, string subject = "Late delivery") =>
        Event(time, new ComplaintRaised(complaintId, subject, "It came a week late.", ComplaintCategory.Service, ComplaintSeverity.High));

    public async Task<IngestStatus[]> Apply(params InteractionEvent[] events) =>
        [.. (await Grain.Apply([.. events])).Statuses];

    public async Task<CustomerView> View() =>
        await Grain.GetView() ?? throw new InvalidOperationException($"Customer {Id} has no view.");

    /// <summary>Opens a complaint on this customer through the event path and returns its grain.</summary>
    public async Task<IComplaintGrain> RaiseComplaint(string complaintId, DateTimeOffset time)
    {
        (await Apply(Complaint(time, complaintId))).ShouldBe([IngestStatus.Accepted]);
        return grains.GetGrain<IComplaintGrain>(complaintId);
    }
}
