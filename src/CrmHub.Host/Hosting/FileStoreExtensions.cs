using CrmHub.Grains.Hosting;
using CrmHub.Grains.Hosting.Reminders;
using CrmHub.Grains.Hosting.Storage;
using CrmHub.Host.Health;

namespace CrmHub.Host;

public static class FileStoreExtensions
{
    /// <summary>
    /// The embedded single-machine store (<c>CrmHub:Storage:Provider</c> <c>File</c>) in <paramref name="directory"/>:
    /// crash-safe grain state files, the file reminder table, and a health check that reports damaged state files.
    /// </summary>
    public static ISiloBuilder UseCrmHubFileStore(this ISiloBuilder silo, string directory)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Directory.CreateDirectory(directory);
        silo.AddAtomicFileGrainStorage(StorageNames.Crm, directory);
        silo.UseFileReminderService(directory);
        silo.Services.AddHealthChecks().AddCrmHubFileStoreCheck();
        return silo;
    }
}
