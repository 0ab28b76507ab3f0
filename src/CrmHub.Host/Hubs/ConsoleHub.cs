using CrmHub.Abstractions.Agents;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Host.Auth;
using CrmHub.Host.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CrmHub.Host.Hubs;

/// <summary>
/// The live console of a service agent. Every method acts only on the caller's own inbox and desk:
/// the agent id comes from the token, never from an argument.
/// </summary>
[Authorize(Policy = AuthPolicies.ServiceAgent)]
public sealed class ConsoleHub(ConsoleBridge bridge, IGrainFactory grains) : Hub<IConsoleClient>
{
    public const string Path = "/hubs/console";

    /// <summary>The server-chosen group of supervisors' consoles on this server, which receive <c>QueueStats</c>.</summary>
    public const string SupervisorsGroup = "supervisors";

    public override async Task OnConnectedAsync()
    {
        if (IsSupervisor)
            await Groups.AddToGroupAsync(Context.ConnectionId, SupervisorsGroup);
        await bridge.ConsoleOpened(AgentId, Context.ConnectionId, IsSupervisor);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => bridge.ConsoleClosed(AgentId, Context.ConnectionId);

    /// <summary>Every retained notification after <paramref name="afterSeq"/>; call it after every (re)connect.</summary>
    public Task<ResyncResult> Resync(long afterSeq)
    {
        if (afterSeq < 0)
            throw new HubException("afterSeq must be 0 or more.");
        return grains.GetGrain<IAgentGrain>(AgentId).Resync(afterSeq);
    }

    /// <summary>D10: Available, Break or AfterCallWork; Busy and Offline are automatic.</summary>
    public async Task SetPresence(AgentPresence state) => Check(await Desk.SetPresence(state));

    /// <summary>D10: accepts a work item offered to the caller.</summary>
    public async Task Accept(string workItemId) => Check(await Desk.Accept(RequireId(workItemId)));

    /// <summary>D10: declines a work item offered to the caller; it goes to the next agent.</summary>
    public async Task Decline(string workItemId) => Check(await Desk.Decline(RequireId(workItemId)));

    /// <summary>D10: completes a work item the caller accepted, freeing the capacity.</summary>
    public async Task Complete(string workItemId) => Check(await Desk.Complete(RequireId(workItemId)));

    private IAgentDeskGrain Desk => grains.GetGrain<IAgentDeskGrain>(AgentId);

    private string AgentId => Context.User!.UserName();

    private bool IsSupervisor => Context.User!.IsInRole(CrmHubRoles.Supervisor);

    private static string RequireId(string workItemId) =>
        string.IsNullOrWhiteSpace(workItemId) ? throw new HubException("workItemId must not be empty.") : workItemId;

    private static void Check(DeskActionResult result)
    {
        if (!result.Succeeded)
            throw new HubException(result.Message);
    }
}
