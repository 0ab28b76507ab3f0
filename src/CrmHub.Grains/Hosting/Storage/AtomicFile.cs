namespace CrmHub.Grains.Hosting.Storage;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old content or the new one, never a torn mix: the
/// new content goes to a temporary file in the same directory (<see cref="TemporaryPath"/>), is flushed to disk, and is
/// then renamed over the old file (an atomic replace on the local file systems the embedded store runs on).
/// </summary>
/// <remarks>
/// The directory entry itself is not flushed, so a power cut right after a replace may bring back the previous
/// content (never a torn one). A process killed mid-write leaves only the temporary file behind: readers ignore it and
/// remove it with <see cref="DeleteLeftover"/>, and the next write replaces it.
/// </remarks>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>The temporary file a replace of <paramref name="path"/> writes first.</summary>
    public static string TemporaryPath(string path) => path + TemporarySuffix;

    /// <summary>Writes the content with <paramref name="write"/> and atomically puts it in place of <paramref name="path"/>.</summary>
    public static async Task ReplaceAsync(string path, Func<Stream, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = TemporaryPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await write(stream);
                await stream.FlushAsync();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Removes the temporary file an interrupted replace of <paramref name="path"/> left; true when there was one.</summary>
    public static bool DeleteLeftover(string path)
    {
        var temporary = TemporaryPath(path);
        if (!File.Exists(temporary))
            return false;
        File.Delete(temporary);
        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The leftover is ignored by readers and replaced by the next write.
        }
    }
}
