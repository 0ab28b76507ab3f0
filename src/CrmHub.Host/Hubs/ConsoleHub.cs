using CrmHub.Abstractions.Agents;
using CrmHub.Host.Auth;
using CrmHub.Host.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CrmHub.Host.Hubs;

/// <summary>
/// The live console of a service agent. Every method acts only on the caller's own inbox:
/// the agent id comes from the token, never from an argument.
/// </summary>
[Authorize(Policy = AuthPolicies.ServiceAgent)]
public sealed class ConsoleHub(ConsoleBridge bridge, IGrainFactory grains) : Hub<IConsoleClient>
{
    public const string Path = "/hubs/console";

    public override Task OnConnectedAsync() => bridge.ConsoleOpened(AgentId, Context.ConnectionId);

    public override Task OnDisconnectedAsync(Exception? exception) => bridge.ConsoleClosed(AgentId, Context.ConnectionId);

    /// <summary>Every retained notification after <paramref name="afterSeq"/>; call it after every (re)connect.</summary>
    public Task<ResyncResult> Resync(long afterSeq)
    {
        if (afterSeq < 0)
            throw new HubException("afterSeq must be 0 or more.");
        return grains.GetGrain<IAgentGrain>(AgentId).Resync(afterSeq);
    }

    private string AgentId => Context.User!.UserName();
}
