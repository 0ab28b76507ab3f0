using System.Collections.Immutable;
using CrmHub.Domain.Inboxes;
using CrmHub.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CrmHub.Grains.Agents;

/// <summary>Persisted content of one sealed inbox page.</summary>
public sealed class InboxPageState
{
    public ImmutableList<InboxItem> Items { get; set; } = [];
}

/// <summary>
/// The sealed pages of agents' inboxes, each a record of its own in the CRM grain storage (grain type
/// <c>inboxpage</c>, key <c>{agentId}/{page number}-{tag}</c>, or <c>{agentId}/{page number}</c> for a page sealed before
/// tags). Only the agent's grain reads and writes them.
/// </summary>
/// <remarks>
/// A page sealed by a write whose head was then refused (a failed write, or a second activation that lost the race)
/// stays unreferenced when the page sealed in its place holds other items: it is never read.
/// </remarks>
internal sealed class InboxPageStore(IServiceProvider services)
{
    private const string StateName = "page";

    private readonly IGrainStorage _storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);

    public async Task Store(string agentId, InboxPage page, ImmutableList<InboxItem> items)
    {
        // The same items sealed again (the head of the earlier attempt was not stored) replace that attempt's record.
        var state = await Read(agentId, page);
        state.State = new InboxPageState { Items = items };
        await _storage.WriteStateAsync(StateName, IdOf(agentId, page), state);
    }

    public async Task<ImmutableList<InboxItem>> Items(string agentId, InboxPage page) => (await Read(agentId, page)).State?.Items ?? [];

    public async Task Remove(string agentId, InboxPage page)
    {
        var state = await Read(agentId, page);
        if (state.RecordExists)
            await _storage.ClearStateAsync(StateName, IdOf(agentId, page), state);
    }

    private async Task<GrainState<InboxPageState>> Read(string agentId, InboxPage page)
    {
        var state = new GrainState<InboxPageState>(new InboxPageState());
        await _storage.ReadStateAsync(StateName, IdOf(agentId, page), state);
        return state;
    }

    private static GrainId IdOf(string agentId, InboxPage page)
    {
        var number = page.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return GrainId.Create("inboxpage", page.Tag is null ? $"{agentId}/{number}" : $"{agentId}/{number}-{page.Tag}");
    }
}
