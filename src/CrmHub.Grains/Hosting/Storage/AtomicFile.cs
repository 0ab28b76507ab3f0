namespace CrmHub.Grains.Hosting.Storage;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old content or the new one, never a torn mix: the
/// new content goes to a temporary file in the same directory (<see cref="TemporaryPath"/>), is flushed to disk, and is
/// then renamed over the old file (an atomic replace on the local file systems the embedded store runs on); finally the
/// directory is flushed too (<see cref="DirectorySync"/>), so a replace that returned also survives a power cut.
/// </summary>
/// <remarks>
/// A process killed mid-write leaves only the temporary file behind: readers ignore it and remove it with
/// <see cref="DeleteLeftover"/>, and the next write replaces it.
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
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreateDurably(directory);
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await write(stream);
                await stream.FlushAsync();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            await DirectorySync.FlushAsync(directory);
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

    /// <summary>Creates the directory and any missing parents, flushing each new entry into its parent.</summary>
    private static void CreateDurably(string directory)
    {
        if (Directory.Exists(directory))
            return;
        var parent = Path.GetDirectoryName(directory);
        if (parent is not null)
            CreateDurably(parent);
        Directory.CreateDirectory(directory);
        if (parent is not null)
            DirectorySync.Flush(parent);
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
