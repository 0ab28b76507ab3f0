using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CrmHub.Grains.Hosting.AzureStorage;

/// <summary>
/// Grain storage in Azure Table Storage (<c>CrmHub:Storage:Provider</c> <c>AzureTable</c>): one row per grain state,
/// partition key <c>{service id}_{grain id}</c> and row key the state name (both escaped by <see cref="AzureTableKeys"/>),
/// holding the grain id, the state name and the state as the silo's grain-state serializer writes it.
/// </summary>
/// <remarks>
/// <para>Size: a state of up to <see cref="MaxInlineBytes"/> bytes is kept in the row, cut into binary properties
/// <c>Data0</c>, <c>Data1</c>, … of at most 64 KiB each (Azure allows 64 KiB per property and 1 MiB per row). A larger
/// state goes to a new blob of its own in <see cref="AzureTableGrainStorageOptions.ContainerName"/>, and the row names
/// it (<c>Blob</c>); the row stays the one place that says which state is current, so a write is still one conditional
/// table operation. The blob of the state it replaced is deleted after a successful write; a refused write deletes
/// its own new blob (a crash or a lost answer in between can leave an unused blob behind, never a wrong state).</para>
/// <para>ETags as in Orleans' providers: the first write of a state adds the row (refused when one exists), later
/// writes and clears replace it with If-Match on the row's ETag; a refusal is an <see cref="InconsistentStateException"/>
/// and changes nothing. The ETag handed to the grain is the row's, plus the name of its blob when it has one.</para>
/// </remarks>
public sealed partial class AzureTableGrainStorage(
    string name,
    string serviceId,
    AzureTableGrainStorageOptions options,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators,
    ILogger<AzureTableGrainStorage> logger) : IGrainStorage
{
    /// <summary>Largest serialized state kept in the row itself: 15 properties of 64 KiB, as Orleans' provider allows.</summary>
    public const int MaxInlineBytes = MaxChunks * ChunkBytes;

    private const int ChunkBytes = 64 * 1024;
    private const int MaxChunks = 15;
    private const string DataProperty = "Data";
    private const string BlobProperty = "Blob";
    private const string GrainIdProperty = "GrainId";
    private const string StateNameProperty = "StateName";
    private const char BlobSeparator = '|';

    private readonly TableClient _table = (options.TableServiceClient
        ?? throw new InvalidOperationException($"Grain storage {name}: no table service client is configured.")).GetTableClient(options.TableName);

    private readonly BlobContainerClient? _container = options.BlobServiceClient?.GetBlobContainerClient(options.ContainerName);
    private readonly Lock _readyGate = new();
    private Task? _ready;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await EnsureReady();
        var (partition, row) = Keys(stateName, grainId);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row);
        if (!found.HasValue || found.Value is not { } entity || IsCleared(entity))
        {
            Reset(grainState);
            return;
        }
        if (entity.GetString(GrainIdProperty) != grainId.ToString() || entity.GetString(StateNameProperty) != stateName)
        {
            throw new InvalidOperationException(
                $"Grain storage {name}: row ({partition}, {row}) of table {options.TableName} holds state '{entity.GetString(StateNameProperty)}' of grain {entity.GetString(GrainIdProperty)}, not '{stateName}' of {grainId}.");
        }
        var blob = entity.GetString(BlobProperty);
        var data = blob is null ? Join(entity) : await DownloadBlob(blob, grainId);
        grainState.State = serializer.Deserialize<T>(data);
        grainState.ETag = ComposeETag(entity.ETag, blob);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await EnsureReady();
        var (partition, row) = Keys(stateName, grainId);
        var data = serializer.Serialize(grainState.State).ToMemory();
        var entity = new TableEntity(partition, row)
        {
            [GrainIdProperty] = grainId.ToString(),
            [StateNameProperty] = stateName,
        };
        string? blob = null;
        if (data.Length <= MaxInlineBytes)
        {
            Split(data, entity);
        }
        else
        {
            blob = await UploadBlob(partition, row, data, grainId);
            entity[BlobProperty] = blob;
        }

        var (expected, replacedBlob) = ParseETag(grainState.ETag);
        ETag written;
        try
        {
            written = expected is null
                ? await AddOrReplaceCleared(entity, stateName, grainId)
                : await Replace(entity, expected.Value, "WriteState", stateName, grainId);
        }
        catch (InconsistentStateException) when (blob is not null)
        {
            // Refused, so no row names the new blob. After any other failure the write may still have happened
            // (a lost answer), and the blob stays: at worst it is unused.
            await DeleteBlobQuietly(blob, grainId);
            throw;
        }
        if (replacedBlob is not null)
            await DeleteBlobQuietly(replacedBlob, grainId);
        grainState.ETag = ComposeETag(written, blob);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await EnsureReady();
        var (partition, row) = Keys(stateName, grainId);
        var (expected, replacedBlob) = ParseETag(grainState.ETag);
        if (expected is null)
        {
            // Nothing known to the caller: fine while nothing (or a cleared row) is stored.
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row);
            if (found.HasValue && found.Value is { } stored && !IsCleared(stored))
                throw Conflict("ClearState", stateName, grainId, stored.ETag.ToString());
        }
        else if (options.DeleteStateOnClear)
        {
            await Conditionally(() => _table.DeleteEntityAsync(partition, row, expected.Value), "ClearState", stateName, grainId, expected.Value, missingIsFine: true);
        }
        else
        {
            var cleared = new TableEntity(partition, row) { [GrainIdProperty] = grainId.ToString(), [StateNameProperty] = stateName };
            await Conditionally(() => _table.UpdateEntityAsync(cleared, expected.Value, TableUpdateMode.Replace), "ClearState", stateName, grainId, expected.Value, missingIsFine: true);
        }
        if (replacedBlob is not null)
            await DeleteBlobQuietly(replacedBlob, grainId);
        Reset(grainState);
    }

    /// <summary>Creates the table and the container when missing, once; a failure is retried by the next call.</summary>
    private Task EnsureReady()
    {
        lock (_readyGate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
                _ready = CreateMissing();
            return _ready;
        }
    }

    private async Task CreateMissing()
    {
        await _table.CreateIfNotExistsAsync();
        if (_container is not null)
            await _container.CreateIfNotExistsAsync();
    }

    private (string Partition, string Row) Keys(string stateName, GrainId grainId) =>
        (AzureTableKeys.Escape($"{serviceId}_{grainId}"), AzureTableKeys.Escape(stateName));

    /// <summary>A first write: adds the row, or replaces a row left by a clear (it holds no state).</summary>
    private async Task<ETag> AddOrReplaceCleared(TableEntity entity, string stateName, GrainId grainId)
    {
        try
        {
            return (await _table.AddEntityAsync(entity)).Headers.ETag ?? throw MissingETag();
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey);
            if (found.HasValue && found.Value is { } stored)
            {
                if (!IsCleared(stored))
                    throw Conflict("WriteState", stateName, grainId, stored.ETag.ToString());
                return await Replace(entity, stored.ETag, "WriteState", stateName, grainId);
            }
            // Deleted in between: the caller may try again from a fresh read.
            throw Conflict("WriteState", stateName, grainId, "(none)");
        }
    }

    private async Task<ETag> Replace(TableEntity entity, ETag expected, string operation, string stateName, GrainId grainId)
    {
        var response = await Conditionally(() => _table.UpdateEntityAsync(entity, expected, TableUpdateMode.Replace), operation, stateName, grainId, expected, missingIsFine: false);
        return response?.Headers.ETag ?? throw MissingETag();
    }

    /// <summary>Runs a conditional table operation; a failed condition (or a missing row, unless that is fine) is a conflict.</summary>
    private async Task<Response?> Conditionally(
        Func<Task<Response>> operation, string operationName, string stateName, GrainId grainId, ETag expected, bool missingIsFine)
    {
        // Table ETags are weak ("W/\"datetime'…'\""); any other cannot match a row (Azure would refuse it as bad input).
        if (!expected.ToString().StartsWith("W/\"", StringComparison.Ordinal))
            throw Conflict(operationName, stateName, grainId, "(unknown)", expected.ToString());
        try
        {
            return await operation();
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound && missingIsFine)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Conflict)
        {
            throw Conflict(operationName, stateName, grainId, e.Status == (int)HttpStatusCode.NotFound ? "(none)" : "(another)", expected.ToString());
        }
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string stored, string? current = null) =>
        new($"Version conflict ({operation}): provider {name}, grain {grainId}, state {stateName}.", stored, current ?? "(none)");

    private static InvalidOperationException MissingETag() => new("Azure Table Storage answered a write without an ETag.");

    /// <summary>A row left by a clear: no data and no blob.</summary>
    private static bool IsCleared(TableEntity entity) => !entity.ContainsKey(DataProperty + "0") && !entity.ContainsKey(BlobProperty);

    private static void Split(ReadOnlyMemory<byte> data, TableEntity entity)
    {
        var chunk = 0;
        do
        {
            var length = Math.Min(ChunkBytes, data.Length - (chunk * ChunkBytes));
            entity[DataProperty + chunk] = data.Slice(chunk * ChunkBytes, length).ToArray();
            chunk++;
        }
        while (chunk * ChunkBytes < data.Length);
    }

    private static BinaryData Join(TableEntity entity)
    {
        using var data = new MemoryStream();
        for (var chunk = 0; entity.GetBinary(DataProperty + chunk) is { } bytes; chunk++)
            data.Write(bytes);
        return new BinaryData(data.ToArray());
    }

    /// <summary>The grain's ETag: the row's, and after <see cref="BlobSeparator"/> the blob holding the state, if any.</summary>
    private static string ComposeETag(ETag row, string? blob) => blob is null ? row.ToString() : $"{row}{BlobSeparator}{blob}";

    private static (ETag? Row, string? Blob) ParseETag(string? eTag)
    {
        if (string.IsNullOrEmpty(eTag))
            return (null, null);
        var separator = eTag.IndexOf(BlobSeparator, StringComparison.Ordinal);
        return separator < 0 ? (new ETag(eTag), null) : (new ETag(eTag[..separator]), eTag[(separator + 1)..]);
    }

    private BlobContainerClient Container(int size, GrainId grainId) => _container ?? throw new InvalidOperationException(
        $"Grain storage {name}: the state of {grainId} has {size} bytes, more than a table row holds ({MaxInlineBytes}), and no blob service is configured.");

    private async Task<string> UploadBlob(string partition, string row, ReadOnlyMemory<byte> data, GrainId grainId)
    {
        // A new blob per write, under a short stable prefix per grain state: the row decides which one is current.
        var prefix = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{partition}\n{row}")), 0, 16).ToLowerInvariant();
        var blob = $"{prefix}/{Guid.NewGuid():N}";
        await Container(data.Length, grainId).GetBlobClient(blob).UploadAsync(new BinaryData(data), overwrite: false);
        return blob;
    }

    private async Task<BinaryData> DownloadBlob(string blob, GrainId grainId)
    {
        var content = await Container(0, grainId).GetBlobClient(blob).DownloadContentAsync();
        return content.Value.Content;
    }

    private async Task DeleteBlobQuietly(string blob, GrainId grainId)
    {
        if (_container is null)
            return;
        try
        {
            await _container.GetBlobClient(blob).DeleteIfExistsAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The state is written either way; an unused blob is only garbage, the row never names it again.
            LogBlobLeft(e, name, grainId, blob);
        }
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Provider}: the unused state blob {Blob} of {GrainId} could not be deleted")]
    private partial void LogBlobLeft(Exception exception, string provider, GrainId grainId, string blob);
}
