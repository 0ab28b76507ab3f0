using System.Diagnostics;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>
/// A silo call filter that counts the calls of one grain method, the most of them running at once and the time from
/// the first start to the last. Each call is held for <paramref name="hold"/> first, so calls that may overlap do.
/// </summary>
public sealed class ConcurrentCalls(string methodName, TimeSpan hold) : IIncomingGrainCallFilter
{
    private readonly Lock _gate = new();
    private readonly List<long> _starts = [];
    private int _running;
    private int _mostAtOnce;

    public int Calls
    {
        get
        {
            lock (_gate)
                return _starts.Count;
        }
    }

    public int MostAtOnce
    {
        get
        {
            lock (_gate)
                return _mostAtOnce;
        }
    }

    /// <summary>The time from the first call's start to the last call's start.</summary>
    public TimeSpan StartsSpread
    {
        get
        {
            lock (_gate)
                return _starts.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_starts.Min(), _starts.Max());
        }
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != methodName)
        {
            await context.Invoke();
            return;
        }
        lock (_gate)
        {
            _starts.Add(Stopwatch.GetTimestamp());
            _mostAtOnce = Math.Max(_mostAtOnce, ++_running);
        }
        try
        {
            if (hold > TimeSpan.Zero)
                await Task.Delay(hold);
            await context.Invoke();
        }
        finally
        {
            lock (_gate)
                _running--;
        }
    }
}
