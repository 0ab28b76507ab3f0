using System.Collections.Concurrent;
using CrmHub.Abstractions.Agents;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>
/// A silo's console bridge as a test sees it: records every push. <see cref="Reference"/> is the observer
/// reference grains call; dispose to delete it.
/// </summary>
public sealed class RecordingConsole : IConsoleObserver, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ConcurrentQueue<(string AgentId, Notification Notification)> _pushes = new();

    public RecordingConsole(IGrainFactory grains)
    {
        _grains = grains;
        Reference = grains.CreateObjectReference<IConsoleObserver>(this);
    }

    public IConsoleObserver Reference { get; }

    public IReadOnlyList<(string AgentId, Notification Notification)> Pushes => [.. _pushes];

    public Task Push(string agentId, Notification notification)
    {
        _pushes.Enqueue((agentId, notification));
        return Task.CompletedTask;
    }

    public void Dispose() => _grains.DeleteObjectReference<IConsoleObserver>(Reference);
}
