using System.Collections.Immutable;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Grains.Hosting;

namespace CrmHub.Grains.ContactCentre;

public sealed class QueueDirectoryState
{
    public ImmutableSortedSet<string> Queues { get; set; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
}

/// <summary>The names of every queue; each queue registers itself once, so this grain is never on a contact's path.</summary>
public sealed class QueueDirectoryGrain(
    [PersistentState("queues", StorageNames.Crm)] IPersistentState<QueueDirectoryState> state) : Grain, IQueueDirectoryGrain
{
    public async Task Register(string queue)
    {
        if (state.State.Queues.Contains(queue))
            return;
        state.State.Queues = state.State.Queues.Add(queue);
        await state.WriteOrRevertAsync(this);
    }

    public Task<ImmutableArray<string>> GetQueues() => Task.FromResult<ImmutableArray<string>>([.. state.State.Queues]);
}
