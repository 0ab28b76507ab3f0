using System.Runtime.InteropServices;

namespace CrmHub.Grains.Hosting.Storage;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old content or the new one, never a torn mix: the
/// new content goes to a temporary file in the same directory (<see cref="TemporaryPath"/>), is flushed to disk, and is
/// then atomically put in place of the old file; finally the directory is flushed too (<see cref="DirectorySync"/>), so a
/// replace that returned also survives a power cut.
/// </summary>
/// <remarks>
/// <para>On Linux the two files swap names (<c>renameat2</c> with <c>RENAME_EXCHANGE</c>) instead of the temporary one
/// being renamed over the old: the old content stays in the temporary file, which the next replace overwrites. A file
/// rewritten again and again so keeps the same two inodes, where a rename would allocate one and free one per write,
/// which was the file system's largest cost under load. Elsewhere, or where the file system cannot swap, it renames.</para>
/// <para>The temporary file is never read as the file: it holds the previous content or, after a crash mid-write, a torn
/// one. Readers remove it with <see cref="DeleteLeftover"/>; whoever deletes the file deletes it too (<see cref="Delete"/>).</para>
/// </remarks>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    private const int CurrentDirectory = -100; // AT_FDCWD: relative paths resolve as for open(2)
    private const uint RenameExchange = 2; // RENAME_EXCHANGE
    private const int ErrorNoEntry = 2; // ENOENT
    private const int ErrorInvalidArgument = 22; // EINVAL: the file system does not support exchange
    private const int ErrorNoSystemCall = 38; // ENOSYS
    private const int ErrorNotSupported = 95; // EOPNOTSUPP

    private static bool s_canExchange = OperatingSystem.IsLinux();

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
            // Overwritten, then cut to length, rather than emptied first: the blocks the temporary file already has are
            // reused instead of freed and allocated again.
            await using (var stream = new FileStream(temporary, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await write(stream);
                await stream.FlushAsync();
                if (stream.Length != stream.Position)
                    stream.SetLength(stream.Position);
                stream.Flush(flushToDisk: true);
            }
            PutInPlace(temporary, path);
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

    /// <summary>Deletes the file and its temporary file, so no earlier content stays behind; absent files are no error.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(TemporaryPath(path));
    }

    /// <summary>Makes the flushed <paramref name="temporary"/> the content of <paramref name="path"/> in one atomic step.</summary>
    private static void PutInPlace(string temporary, string path)
    {
        if (s_canExchange && File.Exists(path))
        {
            if (RenameAt2(CurrentDirectory, temporary, CurrentDirectory, path, RenameExchange) == 0)
                return;
            var error = Marshal.GetLastPInvokeError();
            // The file system or kernel cannot swap (a file that vanished meanwhile is simply renamed below).
            if (error is ErrorInvalidArgument or ErrorNotSupported or ErrorNoSystemCall)
                s_canExchange = false;
            else if (error != ErrorNoEntry)
                throw new IOException($"Cannot put '{temporary}' in place of '{path}' (errno {error}).");
        }
        File.Move(temporary, path, overwrite: true);
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

    // DllImport rather than LibraryImport: the latter needs unsafe code in the project for this one call.
    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int RenameAt2(
        int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);
}
