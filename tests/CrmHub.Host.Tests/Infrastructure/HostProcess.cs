using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmHub.Testing;

namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>
/// The real CrmHub host (<c>dotnet CrmHub.Host.dll</c>) as a separate process on free loopback ports, with its own
/// file-storage directory. It can be killed (SIGKILL) and restarted on the same directory and ports; disposing it
/// stops the process and deletes the directory. Output (stdout and stderr) is kept for failure messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The API key the Development environment configures for event producers.</summary>
    public const string DevApiKey = "dev-events-key";

    /// <summary>The password of every Development demo account.</summary>
    public const string DemoPassword = "demo";

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private const int OutputLinesKept = 4_000;

    private const string DataDirectoryPrefix = "crmhub-e2e-";

    /// <summary>Hosts still running, killed when the test process exits so none outlives an aborted run.</summary>
    private static readonly ConcurrentDictionary<HostProcess, byte> Running = new();

    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly string _hostDll;
    private readonly IReadOnlyDictionary<string, string> _extraEnvironment;
    private readonly HostBinding _binding;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _clusterId = $"crmhub-test-{Guid.NewGuid():N}";
    private Process? _process;
    private int _generation;
    private volatile string? _listeningOn;

    static HostProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var host in Running.Keys)
            {
                host.Kill();
                host.TryDeleteDataDirectory();
            }
        };
        DeleteStaleDataDirectories();
    }

    private HostProcess(
        string hostDll, string dataDirectory, IReadOnlyDictionary<string, string>? environment, HostBinding binding, IReadOnlyList<string>? arguments = null)
    {
        _hostDll = hostDll;
        _binding = binding;
        _arguments = arguments ?? [];
        _extraEnvironment = environment ?? new Dictionary<string, string>();
        DataDirectory = dataDirectory;
        AssignPorts();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Events = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Events.DefaultRequestHeaders.Add("X-Api-Key", DevApiKey);
    }

    /// <summary>Where the host's file grain storage lives (deleted on dispose).</summary>
    public string DataDirectory { get; }

    public int HttpPort { get; private set; }

    public int SiloPort { get; private set; }

    public int GatewayPort { get; private set; }

    public Uri BaseAddress => new($"{HttpUrl}/");

    private string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>A client without credentials.</summary>
    public HttpClient Http { get; private set; }

    /// <summary>A client that sends the Development event producer's API key.</summary>
    public HttpClient Events { get; private set; }

    /// <summary>The process output so far (the newest lines), for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The last <paramref name="lines"/> lines of <see cref="Output"/>.</summary>
    public string OutputTail(int lines = 300) => string.Join('\n', _output.TakeLast(lines));

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a host on free ports and a new temporary data directory; returns once /health answers 200.</summary>
    public static Task<HostProcess> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(null, HostBinding.Urls, cancellationToken);

    /// <summary>
    /// Starts a host with extra environment variables (configuration such as <c>CrmHub__RateLimits__EventProducers__BurstLimit</c>)
    /// on free ports and a new temporary data directory; returns once /health answers 200. <paramref name="binding"/> says how
    /// the host is told its HTTP port.
    /// </summary>
    public static Task<HostProcess> StartAsync(
        IReadOnlyDictionary<string, string>? environment, HostBinding binding = HostBinding.Urls, CancellationToken cancellationToken = default) =>
        StartWithArgumentsAsync([], environment, binding, cancellationToken);

    /// <summary>As <see cref="StartAsync(IReadOnlyDictionary{string, string}?, HostBinding, CancellationToken)"/>, with command-line <paramref name="arguments"/> (such as <c>--demo</c>) before the port options.</summary>
    public static async Task<HostProcess> StartWithArgumentsAsync(
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        HostBinding binding = HostBinding.Urls,
        CancellationToken cancellationToken = default)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), DataDirectoryPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var host = new HostProcess(HostLocator.HostDll, dataDirectory, environment, binding, arguments);
        try
        {
            await host.StartWithOneRetryAsync(newPortsOnRetry: true, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the process and its children die at once, with no graceful shutdown.</summary>
    public void Kill()
    {
        var process = _process;
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
        Running.TryRemove(this, out _);
    }

    /// <summary>Starts a new process on the same data directory and ports (after <see cref="Kill"/>, or kills first).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        _process?.Dispose();
        _process = null;
        // Tokens stay valid (same signing key), but a new process is a new start: sign in again anyway.
        _tokens.Clear();
        await StartWithOneRetryAsync(newPortsOnRetry: false, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        Http.Dispose();
        Events.Dispose();
        for (var attempt = 0; attempt < 5 && !TryDeleteDataDirectory(); attempt++)
            await Task.Delay(200);
    }

    /// <summary>A bearer token for a Development demo account (cached per user and process).</summary>
    public async Task<string> GetTokenAsync(string userName, CancellationToken cancellationToken = default)
    {
        if (_tokens.TryGetValue(userName, out var cached))
            return cached;

        using var response = await Http.PostAsJsonAsync(
            "/api/v1/auth/token", new { userName, password = DemoPassword }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}: {body}");
        var token = JsonNode.Parse(body)!["accessToken"]!.GetValue<string>();
        _tokens[userName] = token;
        return token;
    }

    /// <summary>A new client that sends <paramref name="userName"/>'s bearer token (dispose it).</summary>
    public async Task<HttpClient> CreateUserClientAsync(string userName, CancellationToken cancellationToken = default)
    {
        var token = await GetTokenAsync(userName, cancellationToken);
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>POSTs a raw body to <c>/api/v1/events</c> with the API key.</summary>
    public async Task<HttpResponseMessage> PostEventsAsync(
        string json, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Events.PostAsync("/api/v1/events", content, cancellationToken);
    }

    /// <summary>POSTs one event (a JSON object) or a batch (a JSON array) with the API key.</summary>
    public Task<HttpResponseMessage> PostEventsAsync(JsonNode events, CancellationToken cancellationToken = default) =>
        PostEventsAsync(
            events.ToJsonString(),
            events is JsonArray ? "application/cloudevents-batch+json" : "application/cloudevents+json",
            cancellationToken);

    /// <summary>POSTs any object serialized as web JSON (camelCase): one event, or a batch when it serializes to an array.</summary>
    public Task<HttpResponseMessage> PostEventsAsync(object events, CancellationToken cancellationToken = default) =>
        PostEventsAsync(JsonSerializer.SerializeToNode(events, Json.Options) ?? throw new ArgumentNullException(nameof(events)), cancellationToken);

    /// <summary>POSTs events and insists on 200; returns the parsed answer.</summary>
    public async Task<IngestAnswer> PostEventsOkAsync(JsonNode events, CancellationToken cancellationToken = default)
    {
        using var response = await PostEventsAsync(events, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"POST /api/v1/events answered: {body}");
        return JsonSerializer.Deserialize<IngestAnswer>(body, Json.Options)!;
    }

    /// <summary>GETs a path as <paramref name="userName"/>.</summary>
    public async Task<HttpResponseMessage> GetAsUserAsync(string userName, string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(userName, cancellationToken));
        return await Http.SendAsync(request, cancellationToken);
    }

    /// <summary>POSTs a JSON body to a path as <paramref name="userName"/>.</summary>
    public async Task<HttpResponseMessage> PostAsUserAsync(string userName, string path, object body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(userName, cancellationToken));
        return await Http.SendAsync(request, cancellationToken);
    }

    /// <summary>Opens a real SignalR console as <paramref name="userName"/>; it is registered on the server when this returns.</summary>
    public async Task<ConsoleClient> ConnectConsoleAsync(string userName, CancellationToken cancellationToken = default)
    {
        var token = await GetTokenAsync(userName, cancellationToken);
        return await ConsoleClient.ConnectAsync(HubUrl, userName, () => token, cancellationToken);
    }

    /// <summary>The console hub's address.</summary>
    public Uri HubUrl => new(BaseAddress, "hubs/console");

    private async Task StartWithOneRetryAsync(bool newPortsOnRetry, CancellationToken cancellationToken)
    {
        try
        {
            await StartProcessAsync(cancellationToken);
        }
        catch (HostStartException first) when (!cancellationToken.IsCancellationRequested)
        {
            // Most likely another process took a port between our probe and the host's bind: try once more.
            Kill();
            _process?.Dispose();
            _process = null;
            _output.Enqueue($"--- start failed ({first.Message.Split('\n')[0]}); retrying once ---");
            if (newPortsOnRetry)
            {
                AssignPorts();
                RecreateClients();
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            await StartProcessAsync(cancellationToken);
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var generation = ++_generation;
        _listeningOn = null;
        var hostDirectory = Path.GetDirectoryName(_hostDll)!;
        var start = new ProcessStartInfo(HostLocator.DotnetExecutable)
        {
            WorkingDirectory = hostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add(_hostDll);
        foreach (var argument in _arguments)
            start.ArgumentList.Add(argument);
        if (_binding == HostBinding.Urls)
        {
            // The command line outranks every configuration file, so a "Urls" setting there cannot move the host.
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(HttpUrl);
        }
        var environment = start.Environment;
        // Nothing of the test runner's own ASP.NET Core or CrmHub settings may leak into the host.
        foreach (var key in environment.Keys.Where(key =>
                     key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || key.StartsWith("CrmHub__", StringComparison.OrdinalIgnoreCase)
                     || key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(key);
        }
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["DOTNET_ENVIRONMENT"] = "Development";
        if (_binding == HostBinding.Urls)
            environment["ASPNETCORE_URLS"] = HttpUrl;
        else
            environment["ASPNETCORE_HTTP_PORTS"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["ASPNETCORE_CONTENTROOT"] = hostDirectory;
        environment["CrmHub__Storage__Provider"] = "File";
        environment["CrmHub__Storage__Directory"] = DataDirectory;
        environment["CrmHub__Cluster__SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["CrmHub__Cluster__GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["CrmHub__Cluster__ClusterId"] = _clusterId;
        environment["CrmHub__Cluster__ServiceId"] = _clusterId;
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_gcServer"] = "0";
        environment["Logging__LogLevel__Default"] = "Information";
        environment["Logging__LogLevel__Orleans"] = "Warning";
        environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (key, value) in _extraEnvironment)
            environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Capture(generation, "out", e.Data);
        process.ErrorDataReceived += (_, e) => Capture(generation, "err", e.Data);
        _output.Enqueue($"--- start #{generation}: dotnet {_hostDll} on http {HttpPort}, silo {SiloPort}, gateway {GatewayPort}, data {DataDirectory} ---");
        if (!process.Start())
            throw new HostStartException("The host process did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Running[this] = 0;

        await WaitUntilHealthyAsync(process, cancellationToken);
    }

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new HostStartException($"The host exited with code {process.ExitCode} before it was healthy.\n{OutputTail()}");
            if (_listeningOn is { } listening && !listening.Contains($":{HttpPort}", StringComparison.Ordinal))
                throw new HostStartException($"The host listens on {listening}, not on {HttpUrl}.\n{OutputTail()}");
            try
            {
                using var response = await probe.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var healthy = $"--- host on {HttpUrl} healthy after {deadline.Elapsed.TotalSeconds:0.0} s (start #{_generation}) ---";
                    _output.Enqueue(healthy);
                    TestContext.Current.SendDiagnosticMessage(healthy);
                    return;
                }
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new HostStartException($"The host was not healthy within {StartTimeout.TotalSeconds:0} s (last /health: {last}).\n{OutputTail()}");
    }

    private void Capture(int generation, string stream, string? line)
    {
        if (line is null)
            return;
        const string listening = "Now listening on: ";
        var at = line.IndexOf(listening, StringComparison.Ordinal);
        if (at >= 0 && generation == _generation)
            _listeningOn = (_listeningOn is null ? "" : _listeningOn + ", ") + line[(at + listening.Length)..].Trim();
        _output.Enqueue($"[{generation}:{stream}] {line}");
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    private void AssignPorts()
    {
        HttpPort = FreePorts.Next();
        do
            SiloPort = FreePorts.Next();
        while (SiloPort == HttpPort);
        do
            GatewayPort = FreePorts.Next();
        while (GatewayPort == HttpPort || GatewayPort == SiloPort);
    }

    private void RecreateClients()
    {
        Http.Dispose();
        Events.Dispose();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Events = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Events.DefaultRequestHeaders.Add("X-Api-Key", DevApiKey);
    }

    private bool TryDeleteDataDirectory()
    {
        try
        {
            if (Directory.Exists(DataDirectory))
                Directory.Delete(DataDirectory, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Data directories of runs that were killed before they could clean up (hours old, so never a running one's).</summary>
    private static void DeleteStaleDataDirectories()
    {
        try
        {
            var cutoff = DateTime.UtcNow - TimeSpan.FromHours(3);
            foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(DataDirectoryPrefix + "*"))
            {
                if (directory.LastWriteTimeUtc < cutoff)
                    directory.Delete(recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort only.
        }
    }

}

/// <summary>How a started host is told its HTTP address.</summary>
public enum HostBinding
{
    /// <summary><c>--urls http://127.0.0.1:port</c> and <c>ASPNETCORE_URLS</c>.</summary>
    Urls,

    /// <summary>Only <c>ASPNETCORE_HTTP_PORTS=port</c>, as the official ASP.NET Core container images do (all interfaces).</summary>
    HttpPorts,
}

/// <summary>The host did not become healthy.</summary>
public sealed class HostStartException(string message) : Exception(message);

/// <summary>The answer to a POST of events.</summary>
public sealed record IngestAnswer(int Accepted, int Duplicates, IReadOnlyList<IngestAnswerItem> Results);

public sealed record IngestAnswerItem(string Id, string Source, string Status);
