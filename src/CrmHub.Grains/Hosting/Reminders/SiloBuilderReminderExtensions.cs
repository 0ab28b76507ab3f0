using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Grains.Hosting.Reminders;

public static class SiloBuilderReminderExtensions
{
    /// <summary>
    /// Durable reminders for the embedded single-machine default: Orleans' reminder service over a
    /// <see cref="FileReminderTable"/> kept in <c>reminders.json</c> of <paramref name="directory"/> (mirrors
    /// <c>UseInMemoryReminderService</c>, which also adds the service and registers its table as the one <see cref="IReminderTable"/>).
    /// </summary>
    public static ISiloBuilder UseFileReminderService(this ISiloBuilder silo, string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(_ => FileReminderTable.InDirectory(directory));
        return silo;
    }
}
