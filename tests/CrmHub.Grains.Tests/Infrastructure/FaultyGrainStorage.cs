using System.Collections.Concurrent;
using CrmHub.Grains.Hosting;
using Orleans.Storage;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>Grain storage that passes through to another, except for writes a test told it to fail.</summary>
public sealed class FaultyGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, int> _failingWrites = new();
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();
    private readonly ConcurrentDictionary<GrainId, TaskCompletionSource> _heldWrites = new();
    private IGrainStorage? _inner;

    public IGrainStorage Inner
    {
        get => _inner ?? throw new InvalidOperationException("The inner storage is not set.");
        set => _inner = value;
    }

    /// <summary>The next <paramref name="count"/> writes of the grain's state throw.</summary>
    public void FailNextWrites(IAddressable grain, int count = 1) => FailNextWrites(grain.GetGrainId(), count);

    /// <summary>The next <paramref name="count"/> writes of the record stored under <paramref name="grainId"/> throw.</summary>
    public void FailNextWrites(GrainId grainId, int count = 1) => _failingWrites[grainId] = count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    /// <summary>How many writes of the grain's state were attempted (failed ones included).</summary>
    public int WritesOf(IAddressable grain) => WritesOf(grain.GetGrainId());

    /// <summary>How many writes of the record stored under <paramref name="grainId"/> were attempted.</summary>
    public int WritesOf(GrainId grainId) => _writes.GetValueOrDefault(grainId);

    /// <summary>
    /// How many writes of one owner's chunk records (<see cref="ChunkedRecords{TValue}"/>) were attempted: other grains
    /// writing records of that type meanwhile (work left by earlier tests of the shared cluster) do not count.
    /// </summary>
    public int WritesOfChunks(string recordType, string ownerKey) => Enumerable.Range(0, ChunkedRecords<object>.ChunkCount)
        .Sum(chunk => WritesOf(ChunkedRecords<object>.RecordIdOf(recordType, ownerKey, chunk)));

    /// <summary>The next write of the grain's state waits until the returned action is called.</summary>
    public Action HoldNextWrite(IAddressable grain)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _heldWrites[grain.GetGrainId()] = gate;
        return () => gate.TrySetResult();
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (_heldWrites.TryRemove(grainId, out var gate))
            await gate.Task;
        if (ShouldFail(Counted(grainId)))
            await Fail();
        await Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    private GrainId Counted(GrainId grainId)
    {
        _writes.AddOrUpdate(grainId, 1, (_, count) => count + 1);
        return grainId;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Inner.ClearStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    private bool ShouldFail(GrainId grainId)
    {
        while (_failingWrites.TryGetValue(grainId, out var left))
        {
            if (left <= 0)
                return false;
            if (_failingWrites.TryUpdate(grainId, left - 1, left))
                return true;
        }
        return false;
    }

    private static Task Fail() => Task.FromException(InjectedStorageFailure.Create());
}

/// <summary>The failure <see cref="FaultyGrainStorage"/> injects: an I/O error, as a disk or database would raise.</summary>
public static class InjectedStorageFailure
{
    public const string Text = "Injected storage failure.";

    public static IOException Create() => new(Text);

    /// <summary>The call fails the way a grain call fails when its storage write throws.</summary>
    public static async Task ShouldEndTheCall(Func<Task> call)
    {
        var failure = await Should.ThrowAsync<OrleansException>(call);
        failure.ToString().ShouldContain(Text);
    }
}
