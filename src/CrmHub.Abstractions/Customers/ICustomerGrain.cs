using System.Collections.Immutable;
using CrmHub.Abstractions.Events;
using CrmHub.Abstractions.Population;

namespace CrmHub.Abstractions.Customers;

/// <summary>One customer's live CRM record. Key: the customer id (the CloudEvents subject).</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies the events (all for this customer) and returns only after they are durably stored.
    /// Events already seen come back as <see cref="IngestStatus.Duplicate"/> and change nothing.
    /// </summary>
    Task<IngestResult> Apply(ImmutableArray<InteractionEvent> events);

    /// <summary>The 360 view, or null when no event about this customer was ever accepted.</summary>
    Task<CustomerView?> GetView();

    /// <summary>
    /// D2/D5: evaluates the customer's tier and key-account membership under cut-offs the pyramid just published
    /// (passed in, so the customer never calls the pyramid that awaits it). A version already evaluated changes nothing.
    /// </summary>
    Task Reevaluate(TierCutoffsSnapshot cutoffs);

    /// <summary>D9/D6: the complaint was closed: it no longer counts among the customer's open complaints. Idempotent.</summary>
    Task ComplaintClosed(string complaintId);
}
