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
/// <c>inboxpage</c>, key <c>{agentId}/{page number}</c>). Only the agent's grain reads and writes them.
/// </summary>
internal sealed class InboxPageStore(IServiceProvider services)
{
    private const string StateName = "page";

    private readonly IGrainStorage _storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);

    public async Task Store(string agentId, InboxPage page, ImmutableList<InboxItem> items)
    {
        // A page sealed again after a crash (the head did not record it) replaces what that attempt left.
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

    private static GrainId IdOf(string agentId, InboxPage page) =>
        GrainId.Create("inboxpage", $"{agentId}/{page.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
