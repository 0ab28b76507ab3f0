using System.Runtime.InteropServices;

namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>Finds the built host and the <c>dotnet</c> executable that runs it.</summary>
public static class HostLocator
{
    private const string HostAssembly = "CrmHub.Host.dll";

    private static readonly Lazy<string> HostDllPath = new(FindHostDll);
    private static readonly Lazy<string> DotnetPath = new(FindDotnet);

    /// <summary>
    /// <c>CrmHub.Host.dll</c>: the copy in the test output directory (the test project references the host, so the
    /// build puts it there with its runtimeconfig and deps files), else the host's own build output.
    /// </summary>
    public static string HostDll => HostDllPath.Value;

    public static string DotnetExecutable => DotnetPath.Value;

    private static string FindHostDll()
    {
        var here = AppContext.BaseDirectory;
        if (IsRunnable(here))
            return Path.Combine(here, HostAssembly);

        // …/tests/CrmHub.Host.Tests/bin/<Configuration>/<tfm>/ → …/src/CrmHub.Host/bin/<Configuration>/<tfm>/
        var tfmDirectory = new DirectoryInfo(here);
        var tfm = tfmDirectory.Name;
        var configuration = tfmDirectory.Parent?.Name ?? "Debug";
        for (var directory = tfmDirectory; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "CrmHub.Host", "bin", configuration, tfm);
            if (IsRunnable(candidate))
                return Path.Combine(candidate, HostAssembly);
        }
        throw new InvalidOperationException(
            $"Cannot find a runnable {HostAssembly} (with its .runtimeconfig.json) in {here} or src/CrmHub.Host/bin/{configuration}/{tfm}; build the host first.");
    }

    private static bool IsRunnable(string directory) =>
        File.Exists(Path.Combine(directory, HostAssembly))
        && File.Exists(Path.Combine(directory, "CrmHub.Host.runtimeconfig.json"));

    private static string FindDotnet()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.ProcessPath is { } self && Path.GetFileName(self) == name ? self : null,
            // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
            Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", name),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? Path.Combine(root, name) : null,
        };
        return candidates.OfType<string>().Where(File.Exists).Select(Path.GetFullPath).FirstOrDefault() ?? name;
    }
}
