using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace CrmHub.Grains.Hosting.AzureStorage;

/// <summary>
/// Options of <see cref="AzureTableGrainStorage"/>. The names are those of Orleans' own Azure provider
/// (<c>AzureTableStorageOptions</c> of Microsoft.Orleans.Persistence.AzureStorage: <see cref="TableName"/>,
/// <see cref="DeleteStateOnClear"/>, <see cref="TableServiceClient"/>, <see cref="ConfigureTableServiceClient"/>;
/// <c>AzureBlobStorageOptions</c>: <see cref="ContainerName"/>, <see cref="BlobServiceClient"/>), so configuration
/// written for this provider still applies when the official package replaces it.
/// </summary>
public sealed class AzureTableGrainStorageOptions
{
    public const string DefaultTableName = "OrleansGrainState";

    public const string DefaultContainerName = "grainstate";

    /// <summary>The table holding one row per grain state (created when missing).</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Whether clearing a state deletes its row (true) or replaces it by an empty row that keeps its place
    /// (false, the default, as in Orleans' provider). Either way a cleared state reads as new.
    /// </summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>The blob container holding states too large for one table row (created when missing).</summary>
    public string ContainerName { get; set; } = DefaultContainerName;

    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>Where states larger than one row go; without it such a write fails.</summary>
    public BlobServiceClient? BlobServiceClient { get; set; }

    /// <summary>Table (and blob) service clients for a storage account connection string.</summary>
    public void ConfigureTableServiceClient(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        TableServiceClient = new TableServiceClient(connectionString);
        BlobServiceClient = new BlobServiceClient(connectionString);
    }

    /// <summary>What is wrong with these options (Azure's naming rules for tables and containers), or null.</summary>
    public string? Validate()
    {
        if (TableServiceClient is null)
            return "no table service client is configured (a storage connection string is needed)";
        if (TableName is not { Length: >= 3 and <= 63 } || !char.IsAsciiLetter(TableName[0]) || !TableName.All(char.IsAsciiLetterOrDigit))
            return $"TableName '{TableName}' is not a valid Azure table name (3 to 63 letters and digits, starting with a letter)";
        if (ContainerName is not { Length: >= 3 and <= 63 } || !ContainerName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || !char.IsAsciiLetterOrDigit(ContainerName[0]) || ContainerName.Contains("--", StringComparison.Ordinal) || ContainerName[^1] == '-')
            return $"ContainerName '{ContainerName}' is not a valid Azure blob container name (3 to 63 lower-case letters, digits and single hyphens)";
        return null;
    }
}
