using System.Globalization;

namespace CrmHub.LoadTest;

/// <summary>Latency samples in milliseconds, safe to add to from many threads.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_gate)
                return _samples.Count;
        }
    }

    public void Add(double milliseconds)
    {
        lock (_gate)
            _samples.Add(milliseconds);
    }

    public Percentiles Summary()
    {
        double[] sorted;
        lock (_gate)
            sorted = [.. _samples];
        Array.Sort(sorted);
        return Percentiles.Of(sorted);
    }
}

/// <summary>p50/p95/p99/max of a latency distribution (milliseconds, nearest rank); all zero without samples.</summary>
public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(double[] sorted) => sorted.Length == 0
        ? new(0, 0, 0, 0, 0)
        : new(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"{P50:0.0} / {P95:0.0} / {P99:0.0} / {Max:0.0} ms (n={Count:#,0})");
}

/// <summary>
/// CPU and memory of a process from <c>/proc/&lt;pid&gt;</c> (Linux): CPU as a share of one core over a window,
/// resident set now and its peak.
/// </summary>
public sealed class ProcessSampler
{
    private readonly int? _pid;
    private double _cpuSecondsAtStart;
    private long _startedAt;

    public ProcessSampler(int? pid)
    {
        _pid = pid;
        Restart();
    }

    /// <summary>Starts a new CPU window.</summary>
    public void Restart()
    {
        _cpuSecondsAtStart = CpuSeconds() ?? 0;
        _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>CPU use since <see cref="Restart"/> (100 = one core busy), resident and peak resident megabytes.</summary>
    public ProcessFigures? Sample()
    {
        if (CpuSeconds() is not { } cpu || Status() is not { } status)
            return null;
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        return new ProcessFigures(
            elapsed > 0 ? (cpu - _cpuSecondsAtStart) / elapsed * 100 : 0,
            status.GetValueOrDefault("VmRSS") / 1024.0,
            status.GetValueOrDefault("VmHWM") / 1024.0);
    }

    /// <summary>utime + stime of <c>/proc/pid/stat</c> in seconds (clock ticks of 1/100 s).</summary>
    private double? CpuSeconds()
    {
        if (_pid is not { } pid || !File.Exists($"/proc/{pid}/stat"))
            return null;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The kB figures of <c>/proc/pid/status</c>.</summary>
    private Dictionary<string, long>? Status()
    {
        if (_pid is not { } pid || !File.Exists($"/proc/{pid}/status"))
            return null;
        return File.ReadAllLines($"/proc/{pid}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[1].TrimEnd().EndsWith(" kB", StringComparison.Ordinal))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1].Trim()[..^3].Trim(), CultureInfo.InvariantCulture));
    }
}

/// <summary>CPU (100 = one core) and memory (MiB) of a process.</summary>
public sealed record ProcessFigures(double CpuPercent, double ResidentMiB, double PeakResidentMiB);
