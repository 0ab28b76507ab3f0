namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>
/// For the few things that happen asynchronously inside Orleans (one-way observer pushes, timer callbacks
/// after the fake clock moved): polls briefly instead of sleeping a fixed time.
/// </summary>
public static class Eventually
{
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    public static Task True(Func<bool> condition, string because) => True(() => Task.FromResult(condition()), because);

    public static async Task True(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"Not true within {Timeout.TotalSeconds:0} s: {because}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TestContext.Current.CancellationToken);
        }
    }
}
