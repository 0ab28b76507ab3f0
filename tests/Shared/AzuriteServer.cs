using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CrmHub.Testing;

/// <summary>
/// Azurite, the Azure Storage emulator from npm (installed in <c>tests/azurite</c> by <c>npm ci</c>; <c>.ci/run</c> does
/// it), serving blobs and tables on free loopback ports from a fresh temporary directory; stopped and deleted on
/// dispose. Without node or the installed package the tests that need it skip with the reason
/// (<see cref="SkipUnlessRunning"/>), except on CI (<c>CI=true</c>), where starting fails instead.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft for the emulator).</summary>
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _location = Path.Combine(Path.GetTempPath(), "crmhub-azurite", Guid.NewGuid().ToString("N"));
    private Process? _process;

    /// <summary>Why Azurite is not running here, or null when it is.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>A storage connection string for this server (table and blob endpoints).</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var script = FindAzurite();
        var node = FindOnPath("node");
        Unavailable = (node, script) switch
        {
            (null, _) => "node is not installed (Azurite needs it; .ci/run installs tests/azurite with npm ci)",
            (_, null) => "Azurite is not installed: run `npm ci` in tests/azurite (.ci/run does)",
            _ => null,
        };
        if (Unavailable is not null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"CI=true but {Unavailable}.");
            return;
        }
        Directory.CreateDirectory(_location);
        for (var attempt = 1; ; attempt++)
        {
            var (blobPort, tablePort, queuePort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
            if (await TryStart(node!, script!, blobPort, tablePort, queuePort))
            {
                ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};"
                    + $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
                return;
            }
            if (attempt == 2)
                throw new InvalidOperationException($"Azurite did not start:\n{string.Join('\n', _output)}");
        }
    }

    /// <summary>Skips the calling test with the reason when Azurite is not available here.</summary>
    public void SkipUnlessRunning()
    {
        if (Unavailable is not null)
            Assert.Skip($"Azurite tests skipped: {Unavailable}.");
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
        return ValueTask.CompletedTask;
    }

    private async Task<bool> TryStart(string node, string script, int blobPort, int tablePort, int queuePort)
    {
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in new[]
                 {
                     script, "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}", "--location", _location, "--skipApiVersionCheck", "--loose",
                     "--disableProductStyleUrl", "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                break;
            if (await Answers(blobPort) && await Answers(tablePort))
                return true;
            await Task.Delay(100);
        }
        Stop();
        return false;
    }

    private void Keep(string? line)
    {
        if (line is not null && _output.Count < 2_000)
            _output.Enqueue(line);
    }

    private void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }

    private static async Task<bool> Answers(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary><c>tests/azurite/node_modules/azurite/dist/src/azurite.js</c> above the test's output directory, or null.</summary>
    private static string? FindAzurite()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
