using CrmHub.Grains.Hosting;
using CrmHub.Grains.Hosting.AzureStorage;
using CrmHub.Grains.Hosting.Reminders;

namespace CrmHub.Host;

public static class AzureTableStoreExtensions
{
    /// <summary>The connection string (<c>ConnectionStrings:CrmHubAzure</c>) of the storage account.</summary>
    public const string ConnectionStringName = "CrmHubAzure";

    /// <summary>Options of the grain storage: <c>TableName</c>, <c>DeleteStateOnClear</c>, <c>ContainerName</c>.</summary>
    public const string Section = "CrmHub:Storage:AzureTable";

    /// <summary>
    /// <c>CrmHub:Storage:Provider</c> <c>AzureTable</c>: grain state in Azure Table Storage (large states in blobs of the
    /// same account); reminders stay in the file reminder table under <paramref name="reminderDirectory"/>.
    /// </summary>
    public static ISiloBuilder UseCrmHubAzureTableStore(this ISiloBuilder silo, IConfiguration configuration, string reminderDirectory)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CrmHubConfigurationException(
                $"CrmHub:Storage:Provider AzureTable needs ConnectionStrings:{ConnectionStringName} (a storage account connection string).");
        }
        silo.AddCrmHubAzureTableGrainStorage(StorageNames.Crm, options => options
            .Bind(configuration.GetSection(Section))
            .Configure(o => o.ConfigureTableServiceClient(connectionString)));
        Directory.CreateDirectory(reminderDirectory);
        silo.UseFileReminderService(reminderDirectory);
        return silo;
    }
}
