namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>
/// A silo call filter that counts the calls of one grain method and the most of them running at once. Each call is
/// held for <see cref="Hold"/> first, so calls that may overlap do overlap.
/// </summary>
public sealed class ConcurrentCalls(string methodName) : IIncomingGrainCallFilter
{
    private int _running;
    private int _calls;
    private int _mostAtOnce;

    public static TimeSpan Hold { get; } = TimeSpan.FromMilliseconds(50);

    public int Calls => Volatile.Read(ref _calls);

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != methodName)
        {
            await context.Invoke();
            return;
        }
        Interlocked.Increment(ref _calls);
        var running = Interlocked.Increment(ref _running);
        for (var most = MostAtOnce; running > most; most = MostAtOnce)
            Interlocked.CompareExchange(ref _mostAtOnce, running, most);
        try
        {
            await Task.Delay(Hold);
            await context.Invoke();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
