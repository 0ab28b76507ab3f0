using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Timers;

namespace CrmHub.Grains;

/// <summary>
/// Runs a grain's hand-over work (an outbox flush) and, while anything is left pending after it, keeps one retry timer
/// and a durable reminder. The timer retries soon within this activation; the reminder is the backstop for the
/// activation's loss: when its silo fails, the reminder service fires it on a live silo, which activates the grain
/// again and flushes the outbox, instead of leaving it until the grain's next call, which may be days away.
/// The reminder exists only while something waits, so a hand-over that succeeds at once costs no reminder write.
/// </summary>
/// <remarks>
/// Hosts without a reminder service (none configured) keep the timer and the retry on the next activation only.
/// </remarks>
public sealed partial class HandOverRetry(IGrainBase grain, Func<Task> handOver, Func<bool> pending, TimeSpan retryDelay, ILogger logger)
{
    /// <summary>The backstop reminder's name.</summary>
    public const string ReminderName = "handover";

    /// <summary>Orleans' smallest reminder period: the backstop fires a minute after a failed hand-over, then every minute.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;

    private ReminderKnown _reminder;

    /// <summary>What this activation knows of the reminder.</summary>
    private enum ReminderKnown
    {
        /// <summary>None registered (as far as this activation knows: one left behind is dropped at its next tick).</summary>
        Absent,

        /// <summary>An earlier activation left work, and may have left the reminder too.</summary>
        Unknown,

        /// <summary>Registered here, or it fired here.</summary>
        Present,
    }

    /// <summary>Hands over what is pending; schedules the retry and keeps the reminder when something is left, else drops the reminder.</summary>
    public async Task Run()
    {
        await handOver();
        if (pending())
        {
            Schedule(retryDelay);
            await KeepReminder();
        }
        else
        {
            await DropReminder();
        }
    }

    /// <summary>
    /// An activation found hand-overs pending: runs them at once, on a timer (the activation is not held up). An earlier
    /// activation may have left the reminder, so it is dropped once nothing waits.
    /// </summary>
    public void Resume()
    {
        _reminder = ReminderKnown.Unknown;
        Schedule(TimeSpan.Zero);
    }

    /// <summary>A tick of the backstop reminder (often in an activation it started).</summary>
    public Task Tick()
    {
        _reminder = ReminderKnown.Present;
        return Run();
    }

    private void Schedule(TimeSpan dueTime)
    {
        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(_ => Run(), dueTime, Timeout.InfiniteTimeSpan);
    }

    private async Task KeepReminder()
    {
        if (_reminder == ReminderKnown.Present || !HasReminderService)
            return;
        try
        {
            await grain.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
            _reminder = ReminderKnown.Present;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The timer still retries while the grain is active; the next failed hand-over tries again.
            LogReminderFailed(e, grain.GrainContext.GrainId);
        }
    }

    private async Task DropReminder()
    {
        if (_reminder == ReminderKnown.Absent || !HasReminderService)
            return;
        try
        {
            if (await grain.GetReminder(ReminderName) is { } reminder)
                await grain.UnregisterReminder(reminder);
            _reminder = ReminderKnown.Absent;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A reminder left behind only fires into an empty outbox, which drops it then.
            LogReminderFailed(e, grain.GrainContext.GrainId);
        }
    }

    private bool HasReminderService => grain.GrainContext.ActivationServices.GetService<IReminderRegistry>() is not null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId}: keeping the hand-over reminder failed; the retry timer and the next activation still hand over")]
    private partial void LogReminderFailed(Exception exception, GrainId grainId);
}
