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
