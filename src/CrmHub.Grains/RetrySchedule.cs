namespace CrmHub.Grains;

/// <summary>
/// A grain's one pending retry of some hand-over work (an outbox flush): scheduling again replaces
/// the earlier timer, so at most one retry is ever waiting. The timer runs on the grain's scheduler.
/// </summary>
internal sealed class RetrySchedule(IGrainBase grain, Func<Task> work)
{
    private IGrainTimer? _timer;

    public void After(TimeSpan dueTime)
    {
        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(_ => work(), dueTime, Timeout.InfiniteTimeSpan);
    }
}
