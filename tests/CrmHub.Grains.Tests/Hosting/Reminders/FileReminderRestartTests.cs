using System.Collections.Concurrent;
using CrmHub.Grains.Hosting.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace CrmHub.Grains.Tests.Hosting.Reminders;

/// <summary>A grain that registers one reminder and records its ticks in the silo's <see cref="ReminderProbeLog"/>.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Register(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string reminderName);
}

/// <summary>The ticks one silo delivered, by grain key and reminder name.</summary>
public sealed class ReminderProbeLog
{
    public ConcurrentQueue<(string GrainKey, string ReminderName)> Ticks { get; } = new();
}

public sealed class ReminderProbeGrain(ReminderProbeLog log) : Grain, IReminderProbeGrain, IRemindable
{
    public async Task Register(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task Unregister(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Ticks.Enqueue((this.GetPrimaryKeyString(), reminderName));
        return Task.CompletedTask;
    }
}

/// <summary>
/// End to end in an in-process cluster on the file reminder table: a reminder registered before the silo stops fires
/// after a new silo starts on the same directory. Orleans refuses periods under its minimum (1 minute by default) and
/// loads reminders on a 5-minute refresh, so these silos allow a 1-second period and refresh every second.
/// </summary>
public sealed class FileReminderRestartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crmhub-reminder-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private async Task<InProcessTestCluster> StartSilo(ReminderProbeLog log)
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(log);
            silo.UseFileReminderService(_directory);
            silo.Services.Configure<ReminderOptions>(options =>
            {
                options.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                options.RefreshReminderListPeriod = TimeSpan.FromSeconds(1);
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task Stop(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_on_the_silo_started_on_the_same_directory()
    {
        var key = Guid.NewGuid().ToString("N");
        var before = new ReminderProbeLog();
        var first = await StartSilo(before);
        try
        {
            await first.Client.GetGrain<IReminderProbeGrain>(key).Register("deadline", TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2));
        }
        finally
        {
            await Stop(first);
        }
        var stored = (await FileReminderTable.InDirectory(_directory).ReadRows(0, 0)).Reminders.ShouldHaveSingleItem();
        (stored.ReminderName, stored.Period).ShouldBe(("deadline", TimeSpan.FromSeconds(2)));

        var after = new ReminderProbeLog();
        var second = await StartSilo(after);
        try
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!after.Ticks.Contains((key, "deadline")) && DateTime.UtcNow < deadline)
                await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

            after.Ticks.ShouldContain((key, "deadline"), $"the restarted silo should deliver the stored reminder within {Patience.TotalSeconds:0} s");
        }
        finally
        {
            await Stop(second);
        }
    }
}
