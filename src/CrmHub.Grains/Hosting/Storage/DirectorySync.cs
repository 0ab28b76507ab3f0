using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace CrmHub.Grains.Hosting.Storage;

/// <summary>
/// Flushes a directory's entries to disk (POSIX <c>fsync</c> on the directory), so that a rename into it survives a
/// power cut, not only a process crash. .NET has no API for it (it refuses to open directories as files).
/// On Windows, where NTFS journals the rename itself, it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    private static readonly ConcurrentDictionary<string, SharedFlush> Shared = new(StringComparer.Ordinal);

    /// <summary>
    /// Flushes <paramref name="directory"/> so that every rename into it that returned before this call is on disk.
    /// Callers that arrive while a flush of the directory runs share the next one (group commit): under concurrent
    /// writes one <c>fsync</c> covers many renames instead of one each.
    /// </summary>
    public static Task FlushAsync(string directory) =>
        OperatingSystem.IsWindows() ? Task.CompletedTask : Shared.GetOrAdd(directory, path => new SharedFlush(path)).Request();

    /// <summary>Flushes <paramref name="directory"/>; an error of the flush itself is thrown as <see cref="IOException"/>.</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
            throw new IOException($"Cannot open the directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (FSync(descriptor) != 0)
                throw new IOException($"Flushing the directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>The flushes of one directory: at most one runs; requests made meanwhile wait for the round after it.</summary>
    private sealed class SharedFlush(string directory)
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource? _nextRound;
        private bool _running;

        public Task Request()
        {
            lock (_gate)
            {
                _nextRound ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var round = _nextRound.Task;
                if (!_running)
                {
                    _running = true;
                    // fsync blocks: the rounds run on a pool thread of their own, not on the caller's.
                    _ = Task.Run(RunRounds);
                }
                return round;
            }
        }

        private void RunRounds()
        {
            while (true)
            {
                TaskCompletionSource round;
                lock (_gate)
                {
                    if (_nextRound is null)
                    {
                        _running = false;
                        return;
                    }
                    // Taken before the flush starts: it covers every rename whose request joined this round.
                    round = _nextRound;
                    _nextRound = null;
                }
                try
                {
                    Flush(directory);
                    round.SetResult();
                }
                catch (Exception e)
                {
                    round.SetException(e);
                }
            }
        }
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code in the project for this one call.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int FSync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
