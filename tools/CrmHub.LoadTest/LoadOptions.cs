using System.Globalization;

namespace CrmHub.LoadTest;

/// <summary>What to measure.</summary>
public enum LoadMode
{
    /// <summary>Paced load with consoles, ingest capacity, fan-out burst, and the baselines.</summary>
    Run,

    /// <summary>Working set of the host with many active customer grains.</summary>
    Grains,

    /// <summary>Time until a host with many persisted customers is ready again after SIGKILL.</summary>
    Restart,
}

/// <summary>The command line, with defaults that match the targets of docs/performance.md.</summary>
public sealed record LoadOptions
{
    public LoadMode Mode { get; init; } = LoadMode.Run;

    /// <summary>An already running host to target instead of starting one (no CPU/memory unless <see cref="Pid"/> is given).</summary>
    public Uri? Url { get; init; }

    public int? Pid { get; init; }

    public int EventsPerSecond { get; init; } = 1_000;

    public int Customers { get; init; } = 10_000;

    public int Consoles { get; init; } = 500;

    public int Agents { get; init; } = 20;

    public int Supervisors { get; init; } = 2;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Paced load before the measured phase. Long enough for a cold host to reach steady state at the default rate: until
    /// most customers had an event, their first writes create the file store's spare files and the JIT is still busy.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(30);

    public int BatchSize { get; init; } = 10;

    /// <summary>Complaints posted at once in the fan-out burst.</summary>
    public int BurstComplaints { get; init; } = 100;

    /// <summary>Concurrent requests of the closed-loop ingest capacity phase (and writers of the storage baseline).</summary>
    public int Parallelism { get; init; } = 16;

    /// <summary>Customer grains seeded in the grains and restart modes.</summary>
    public int Grains { get; init; } = 100_000;

    public string Storage { get; init; } = "File";

    public int Seed { get; init; } = 1;

    public string? HostDll { get; init; }

    /// <summary>Configuration the started host gets on top of the tool's own (key with <c>:</c>, as in appsettings).</summary>
    public IReadOnlyDictionary<string, string> HostSettings { get; init; } = new Dictionary<string, string>();

    public string? JsonPath { get; init; }

    public bool SkipBaselines { get; init; }

    public const string Usage = """
        dotnet run -c Release --project tools/CrmHub.LoadTest -- [options]
          --mode run|grains|restart   run: paced load + capacity + fan-out + baselines (default)
                                      grains: working set with --grains active customers; restart: ready time after SIGKILL
          --url http://127.0.0.1:5080 target a running host (Development users, rate limit high enough) instead of starting one
          --pid N                     that host's process id, for CPU and memory
          -e, --events-per-second N   paced load (default 1000)
          -c, --customers N           customers the events go to (default 10000)
          -k, --consoles N            SignalR consoles, spread over agents and supervisors (default 500)
          --agents N --supervisors N  extra users the started host gets (default 20 and 2; with --url: agent1-3, supervisor1)
          --duration S --warmup S     measured and warm-up seconds of paced load (default 30 and 30)
          --batch N                   events per request (default 10)
          --burst N                   complaints in the fan-out burst (default 100)
          --parallelism N             concurrent requests / storage writers in the capacity phases (default 16)
          --grains N                  customers for --mode grains|restart (default 100000)
          --storage File|Memory       provider of the started host and of the storage baseline (default File)
          --host-dll PATH             CrmHub.Host.dll to start (default: src/CrmHub.Host/bin/Release|Debug/net10.0)
          --host-setting KEY=VALUE    a setting of the started host, e.g. CrmHub:Population:ReevaluationConcurrency=64 (repeatable)
          --seed N --json PATH --skip-baselines
        """;

    /// <summary>Parses <c>--name value</c> pairs; throws <see cref="ArgumentException"/> with the offending option.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--skip-baselines")
            {
                options = options with { SkipBaselines = true };
                continue;
            }
            if (i + 1 >= args.Count)
                throw new ArgumentException($"{name} needs a value.");
            var value = args[++i];
            options = name switch
            {
                "--mode" => options with { Mode = Enum.Parse<LoadMode>(value, ignoreCase: true) },
                "--url" => options with { Url = new Uri(value) },
                "--pid" => options with { Pid = Int(name, value) },
                "-e" or "--events-per-second" => options with { EventsPerSecond = Int(name, value) },
                "-c" or "--customers" => options with { Customers = Int(name, value) },
                "-k" or "--consoles" => options with { Consoles = Int(name, value, minimum: 0) },
                "--agents" => options with { Agents = Int(name, value) },
                "--supervisors" => options with { Supervisors = Int(name, value, minimum: 0) },
                "--duration" => options with { Duration = Seconds(name, value) },
                "--warmup" => options with { Warmup = Seconds(name, value, allowZero: true) },
                "--batch" => options with { BatchSize = Int(name, value) },
                "--burst" => options with { BurstComplaints = Int(name, value) },
                "--parallelism" => options with { Parallelism = Int(name, value) },
                "--grains" => options with { Grains = Int(name, value) },
                "--storage" => options with { Storage = value is "File" or "Memory" ? value : throw new ArgumentException("--storage is File or Memory.") },
                "--seed" => options with { Seed = Int(name, value, minimum: 0) },
                "--host-dll" => options with { HostDll = value },
                "--host-setting" => options with { HostSettings = HostSetting(options.HostSettings, value) },
                "--json" => options with { JsonPath = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }

    private static Dictionary<string, string> HostSetting(IReadOnlyDictionary<string, string> settings, string value) =>
        value.Split('=', 2) is [var key, var setting] && key.StartsWith("CrmHub:", StringComparison.Ordinal)
            ? new Dictionary<string, string>(settings) { [key] = setting }
            : throw new ArgumentException($"--host-setting takes CrmHub:Key=value, not '{value}'.");

    private static int Int(string name, string value, int minimum = 1) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new ArgumentException($"{name} takes a whole number of at least {minimum}, not '{value}'.");

    private static TimeSpan Seconds(string name, string value, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && (seconds > 0 || (allowZero && seconds == 0))
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} takes seconds, not '{value}'.");
}
