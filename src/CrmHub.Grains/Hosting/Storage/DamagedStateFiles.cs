using System.Collections.Concurrent;

namespace CrmHub.Grains.Hosting.Storage;

/// <summary>A state file found damaged at read, for the health report.</summary>
public sealed record DamagedStateFile(string Path, string GrainId, string Problem, DateTimeOffset FoundAt);

/// <summary>
/// The state files this silo found damaged (one instance per silo; the health check reports them). A file drops off
/// the list once a read of it succeeds, or once it was moved away or replaced since it was found (a new read reports
/// it again if it is still damaged).
/// </summary>
public sealed class DamagedStateFiles(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DamagedStateFile File, DateTime LastWriteUtc)> _files = new(StringComparer.Ordinal);

    /// <summary>The files still damaged as far as this silo knows, oldest find first.</summary>
    public IReadOnlyList<DamagedStateFile> Current()
    {
        foreach (var (path, (_, lastWrite)) in _files)
        {
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) != lastWrite)
                _files.TryRemove(path, out _);
        }
        return [.. _files.Values.Select(entry => entry.File).OrderBy(file => file.FoundAt)];
    }

    internal void Report(string path, GrainId grainId, string problem) =>
        _files[path] = (new DamagedStateFile(path, grainId.ToString(), problem, time.GetUtcNow()), File.GetLastWriteTimeUtc(path));

    internal void Forget(string path) => _files.TryRemove(path, out _);
}
