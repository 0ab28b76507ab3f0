using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmHub.Testing;

namespace CrmHub.LoadTest;

/// <summary>
/// The CrmHub host under load: either a process this tool starts (<c>dotnet CrmHub.Host.dll</c> on free loopback ports,
/// Development settings, its own data directory, extra agents and supervisors, a rate limit that does not throttle the
/// tool, the dashboard off) and can SIGKILL and restart, or a running host at a given address.
/// </summary>
public sealed class TargetHost : IAsyncDisposable
{
    public const string ApiKey = "dev-events-key";

    public const string Password = "demo";

    private readonly LoadOptions _options;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly string? _dataDirectory;
    private Process? _process;

    private TargetHost(LoadOptions options, Uri baseAddress, string? dataDirectory, IReadOnlyList<string> agents, IReadOnlyList<string> supervisors)
    {
        _options = options;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
        Agents = agents;
        Supervisors = supervisors;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public Uri BaseAddress { get; }

    public Uri HubUrl => new(BaseAddress, "hubs/console");

    /// <summary>Agents who own customers and open consoles.</summary>
    public IReadOnlyList<string> Agents { get; }

    /// <summary>Supervisors: every complaint alerts each of them.</summary>
    public IReadOnlyList<string> Supervisors { get; }

    /// <summary>The client for events (API key) and anonymous calls.</summary>
    public HttpClient Http { get; }

    /// <summary>The host process to sample, when known.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : _options.Pid;

    public bool Started => _process is not null;

    public static async Task<TargetHost> OpenAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        if (options.Url is { } url)
        {
            var target = new TargetHost(options, url, null, ["agent1", "agent2", "agent3"], ["supervisor1"]);
            await target.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return target;
        }

        var agents = Enumerable.Range(1, options.Agents).Select(i => $"lt-agent-{i:D3}").ToList();
        var supervisors = Enumerable.Range(1, options.Supervisors).Select(i => $"lt-supervisor-{i:D2}").ToList();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"crmhub-load-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var host = new TargetHost(options, new Uri($"http://127.0.0.1:{FreePorts.Next()}/"), dataDirectory, agents, supervisors);
        await host.StartProcessAsync(cancellationToken);
        return host;
    }

    /// <summary>SIGKILL, then a new process on the same data directory and ports; returns the seconds until /health answered 200.</summary>
    public async Task<double> KillAndRestartAsync(CancellationToken cancellationToken)
    {
        Kill();
        return await StartProcessAsync(cancellationToken);
    }

    /// <summary>A bearer token of a user (every user of the started host has the Development password).</summary>
    public async Task<string> TokenAsync(string userName, CancellationToken cancellationToken)
    {
        lock (_tokens)
        {
            if (_tokens.TryGetValue(userName, out var cached))
                return cached;
        }
        using var response = await Http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Password }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}: {body}");
        var token = JsonNode.Parse(body)!["accessToken"]!.GetValue<string>();
        lock (_tokens)
            _tokens[userName] = token;
        return token;
    }

    /// <summary>GET as a signed-in user; the status code.</summary>
    public async Task<HttpStatusCode> GetAsUserAsync(string userName, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, cancellationToken));
        using var response = await Http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Http.Dispose();
        if (_dataDirectory is not null)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    Directory.Delete(_dataDirectory, recursive: true);
                    break;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await Task.Delay(300);
                }
                catch (DirectoryNotFoundException)
                {
                    break;
                }
            }
        }
    }

    private void Kill()
    {
        if (_process is not { } process)
            return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(15_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        _process = null;
    }

    private (int Silo, int Gateway)? _clusterPorts;

    private async Task<double> StartProcessAsync(CancellationToken cancellationToken)
    {
        var hostDll = HostDll();
        var hostDirectory = Path.GetDirectoryName(hostDll)!;
        _clusterPorts ??= (FreePorts.Next(), FreePorts.Next());
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = hostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var key in start.Environment.Keys.Where(key =>
                     key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("CrmHub__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in Environment(hostDirectory))
            start.Environment[key] = value;

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The host process did not start.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await WaitUntilReadyAsync(TimeSpan.FromMinutes(5), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{e.Message}\n{string.Join('\n', output.TakeLast(40))}", e);
        }
        return stopwatch.Elapsed.TotalSeconds;
    }

    private Dictionary<string, string> Environment(string hostDirectory)
    {
        var (silo, gateway) = _clusterPorts!.Value;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_CONTENTROOT"] = hostDirectory,
            ["CrmHub__Storage__Provider"] = _options.Storage,
            ["CrmHub__Storage__Directory"] = _dataDirectory!,
            ["CrmHub__Cluster__SiloPort"] = silo.ToString(CultureInfo.InvariantCulture),
            ["CrmHub__Cluster__GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
            ["CrmHub__Cluster__ClusterId"] = "crmhub-load",
            ["CrmHub__Cluster__ServiceId"] = "crmhub-load",
            // The tool is one producer sending far more than a producer's default allowance.
            ["CrmHub__RateLimits__EventProducers__PermitsPerSecond"] = "100000",
            ["CrmHub__RateLimits__EventProducers__BurstLimit"] = "100000",
            // The dashboard profiles every grain call; production-like runs leave it off.
            ["CrmHub__Dashboard__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in _options.HostSettings)
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        // The extra users share the Development password: its hash is taken from the host's own Development settings.
        var development = JsonNode.Parse(File.ReadAllText(Path.Combine(hostDirectory, "appsettings.Development.json")))!;
        var users = development["CrmHub"]!["Auth"]!["Users"]!.AsArray();
        var hash = users.First(user => (string?)user!["Role"] == "Agent")!["PasswordHash"]!.GetValue<string>();
        var index = users.Count;
        foreach (var (name, role) in Agents.Select(a => (a, "Agent")).Concat(Supervisors.Select(s => (s, "Supervisor"))))
        {
            var prefix = $"CrmHub__Auth__Users__{index++}__";
            environment[prefix + "UserName"] = name;
            environment[prefix + "DisplayName"] = name;
            environment[prefix + "Role"] = role;
            environment[prefix + "PasswordHash"] = hash;
        }
        return environment;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (_process is { HasExited: true } exited)
                throw new InvalidOperationException($"The host exited with code {exited.ExitCode}.");
            try
            {
                using var response = await Http.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException($"{BaseAddress} was not healthy within {timeout.TotalSeconds:0} s.");
    }

    private string HostDll()
    {
        if (_options.HostDll is { } given)
            return Path.GetFullPath(given);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(directory.FullName, "src", "CrmHub.Host", "bin", configuration, "net10.0", "CrmHub.Host.dll");
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        throw new FileNotFoundException("CrmHub.Host.dll not found: build src/CrmHub.Host (Release) or pass --host-dll.");
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }
}
