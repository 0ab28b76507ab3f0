using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CrmHub.Grains.Hosting.Storage;

/// <summary>
/// Grain storage for the embedded single-machine default (<c>CrmHub:Storage:Provider</c> <c>File</c>): one JSON file per
/// grain state (<see cref="GrainStateFileLayout"/>, <see cref="GrainStateFile"/>), replaced atomically on every write
/// (<see cref="AtomicFile"/>), so a process killed at any moment leaves every state file whole: the old state or the new.
/// </summary>
/// <remarks>
/// <para>ETags as in Orleans' providers: every write gives the state a new ETag; a write or clear whose ETag is not the
/// stored one (or that names an ETag when nothing is stored, or none when something is) throws
/// <see cref="InconsistentStateException"/> and changes nothing.</para>
/// <para>A damaged file (torn, edited, not JSON, or naming another grain) is never read as empty state and never
/// overwritten: the read throws <see cref="GrainStateDamagedException"/> (the grain's activation fails with it), the
/// error is logged and listed in <see cref="DamagedStateFiles"/> for the health check, and writes and clears of that
/// grain fail the same way. Only an operator moves the file away (or restores it).</para>
/// <para>State written by Orleans' built-in file storage is read where that provider kept it, and its file is removed
/// once the grain's first write here has put the state in its new place.</para>
/// <para>One silo owns the directory: the locks that make check-and-replace atomic are per instance. For the same
/// reason a write need not read the file to check its ETag when the file is still the one this instance last read or
/// wrote for that activation (same modification time and length): only a changed or unknown file is read again, so an
/// edit from outside is still caught.</para>
/// </remarks>
public sealed partial class AtomicFileGrainStorage(
    string name,
    string rootDirectory,
    string serviceId,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators,
    DamagedStateFiles damaged,
    ILogger<AtomicFileGrainStorage> logger) : IGrainStorage
{
    private const int LockStripes = 64;

    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, LockStripes).Select(_ => new SemaphoreSlim(1, 1))];

    // Keyed by the activation's state object, so an entry goes when the activation does.
    private readonly ConditionalWeakTable<object, KnownFile> _known = [];

    /// <summary>The directory holding the state files.</summary>
    public string RootDirectory { get; } = Path.GetFullPath(rootDirectory);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var place = Place(stateName, grainId);
        await using var held = await Lock(place.Path);
        AtomicFile.DeleteLeftover(place.Path);
        var stored = await ReadStored(place, stateName, grainId);
        if (stored is null)
        {
            Reset(grainState);
            return;
        }
        try
        {
            grainState.State = serializer.Deserialize<T>(stored.Value.State);
        }
        catch (Exception e) when (e is not GrainStateDamagedException and not OutOfMemoryException)
        {
            throw ReportDamaged(stored.Value.Path, grainId, GrainStateFile.Damaged(stored.Value.Path, $"its state does not read as {typeof(T).Name}: {e.Message}", e));
        }
        grainState.ETag = stored.Value.ETag;
        grainState.RecordExists = true;
        damaged.Forget(stored.Value.Path);
        if (stored.Value.Path == place.Path)
            Remember(grainState, place.Path, stored.Value.ETag);
        else
            _known.Remove(grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var place = Place(stateName, grainId);
        await using var held = await Lock(place.Path);
        var stored = Unchanged(grainState, place.Path) is { } known ? (known.Path, known.ETag) : await StoredETag(place, stateName, grainId);
        CheckETag(stored?.ETag, grainState.ETag, "WriteState", stateName, grainId);

        var file = new GrainStateFile(grainId.ToString(), stateName, NewETag(), serializer.Serialize(grainState.State));
        await AtomicFile.ReplaceAsync(place.Path, file.WriteAsync);
        // The state now lives in its own file; the Orleans record it was read from is obsolete.
        if (stored?.Path == place.LegacyPath)
            File.Delete(place.LegacyPath);
        grainState.ETag = file.ETag;
        grainState.RecordExists = true;
        Remember(grainState, place.Path, file.ETag);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var place = Place(stateName, grainId);
        await using var held = await Lock(place.Path);
        var stored = await ReadStored(place, stateName, grainId);
        if (stored is not null)
        {
            CheckETag(stored.Value.ETag, grainState.ETag, "ClearState", stateName, grainId);
            // The temporary file beside the state holds an earlier version of it: a cleared state leaves no copy behind.
            AtomicFile.Delete(place.Path);
            File.Delete(place.LegacyPath);
        }
        _known.Remove(grainState);
        Reset(grainState);
    }

    private (string Path, string LegacyPath) Place(string stateName, GrainId grainId) => (
        GrainStateFileLayout.PathOf(RootDirectory, stateName, grainId),
        GrainStateFileLayout.LegacyPath(RootDirectory, serviceId, stateName, grainId));

    private async Task<(string Path, string ETag)?> StoredETag((string Path, string LegacyPath) place, string stateName, GrainId grainId) =>
        await ReadStored(place, stateName, grainId) is { } stored ? (stored.Path, stored.ETag) : null;

    /// <summary>The stored ETag and state (from the state file, else from a legacy record), or null when there is none.</summary>
    private async Task<(string Path, string ETag, BinaryData State)?> ReadStored(
        (string Path, string LegacyPath) place, string stateName, GrainId grainId)
    {
        try
        {
            if (await ReadAllBytes(place.Path) is { } content)
            {
                var file = GrainStateFile.Parse(place.Path, content);
                if (file.GrainId != grainId.ToString() || file.StateName != stateName)
                    throw GrainStateFile.Damaged(place.Path, $"it holds state '{file.StateName}' of grain {file.GrainId}");
                return (place.Path, file.ETag, file.State);
            }
            if (await ReadAllBytes(place.LegacyPath) is { } legacy)
            {
                var (eTag, state) = GrainStateFile.ParseLegacy(place.LegacyPath, legacy);
                return (place.LegacyPath, eTag, state);
            }
            return null;
        }
        catch (GrainStateDamagedException e)
        {
            throw ReportDamaged(e.FilePath ?? place.Path, grainId, e);
        }
    }

    private GrainStateDamagedException ReportDamaged(string path, GrainId grainId, GrainStateDamagedException failure)
    {
        damaged.Report(path, grainId, failure.Message);
        LogDamaged(failure, name, grainId, path);
        return failure;
    }

    private void CheckETag(string? stored, string? expected, string operation, string stateName, GrainId grainId)
    {
        if (!string.Equals(stored, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Version conflict ({operation}): provider {name}, grain {grainId}, state {stateName}.",
                storedEtag: stored ?? "(none)",
                currentEtag: expected ?? "(none)");
        }
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Notes the state file as this instance read or wrote it (a legacy record is not noted: its first write reads it).</summary>
    private void Remember(object grainState, string path, string eTag)
    {
        var file = new FileInfo(path);
        if (file.Exists)
            _known.AddOrUpdate(grainState, new KnownFile(path, eTag, file.LastWriteTimeUtc, file.Length));
        else
            _known.Remove(grainState);
    }

    /// <summary>What this instance knows of the file, if the file has not changed since.</summary>
    private KnownFile? Unchanged(object grainState, string path)
    {
        if (!_known.TryGetValue(grainState, out var known) || known.Path != path)
            return null;
        var file = new FileInfo(path);
        return file.Exists && file.LastWriteTimeUtc == known.LastWriteUtc && file.Length == known.Length ? known : null;
    }

    private sealed record KnownFile(string Path, string ETag, DateTime LastWriteUtc, long Length);

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private static async Task<byte[]?> ReadAllBytes(string path)
    {
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private async Task<Held> Lock(string path)
    {
        var gate = _locks[(uint)StringComparer.Ordinal.GetHashCode(path) % LockStripes];
        await gate.WaitAsync();
        return new Held(gate);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {Provider}: the state file of {GrainId} is damaged and was left as it is: {Path}")]
    private partial void LogDamaged(Exception exception, string provider, GrainId grainId, string path);

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
