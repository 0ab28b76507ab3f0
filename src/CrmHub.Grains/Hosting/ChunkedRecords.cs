using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CrmHub.Grains.Hosting;

/// <summary>Persisted content of one chunk of a <see cref="ChunkedRecords{TValue}"/>.</summary>
public sealed class RecordChunkState<TValue>
{
    public Dictionary<string, TValue> Records { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A grain's keyed records, kept in memory and stored in <see cref="ChunkCount"/> chunks, each a record of its own in
/// the CRM grain storage (grain type <c>recordType</c>, key <c>{owner key}/{chunk}</c>); a key's chunk is fixed by a
/// stable hash. A save writes only the chunks holding keys changed since the last one, so a grain holding thousands of
/// records (a busy queue, an index bucket) pays for the records it changed, not for all it holds (invariant 7).
/// </summary>
/// <remarks>
/// Only the owning grain uses it, within its turns. A change is noted with <see cref="Set"/>, <see cref="Remove"/>, or
/// <see cref="Changed"/> for a record changed in place. A save that fails reloads the chunks it was writing and throws:
/// memory never holds what storage refused. Chunks are written side by side, so a crash during a save may keep some of
/// its changes and not others; owners save only changes their callers retry until acknowledged.
/// </remarks>
public sealed class ChunkedRecords<TValue>(IServiceProvider services, string recordType, string ownerKey)
    where TValue : class
{
    /// <summary>How many chunks the records are spread over.</summary>
    public const int ChunkCount = 64;

    /// <summary>The state name chunks are stored under.</summary>
    public const string StateName = "chunk";

    private readonly IGrainStorage _storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Crm);
    private readonly GrainState<RecordChunkState<TValue>>[] _chunks = new GrainState<RecordChunkState<TValue>>[ChunkCount];
    private readonly Dictionary<string, TValue> _records = new(StringComparer.Ordinal);
    private readonly HashSet<int> _changed = [];

    public IReadOnlyDictionary<string, TValue> Records => _records;

    public IEnumerable<TValue> Values => _records.Values;

    public int Count => _records.Count;

    /// <summary>The chunk of <paramref name="key"/>.</summary>
    public static int ChunkOf(string key) => CrmHub.Abstractions.StableHash.Mixed(key, ChunkCount);

    /// <summary>
    /// Reads every chunk (side by side); call once, when the owner activates. <paramref name="storedWhole"/> are the
    /// records an earlier version kept in the owner's own state: each is taken unless a chunk holds the key (chunks are
    /// written only after that state was, so theirs is newer), and noted as changed, so the next save moves it into its
    /// chunk; the owner empties its own copy after that save.
    /// </summary>
    public async Task Load(IReadOnlyDictionary<string, TValue> storedWhole)
    {
        ArgumentNullException.ThrowIfNull(storedWhole);
        await LoadChunks();
        foreach (var (key, value) in storedWhole)
        {
            if (!_records.ContainsKey(key))
                Set(key, value);
        }
    }

    private async Task LoadChunks()
    {
        await Task.WhenAll(Enumerable.Range(0, ChunkCount).Select(Read));
        _records.Clear();
        for (var chunk = 0; chunk < ChunkCount; chunk++)
        {
            foreach (var (key, value) in RecordsOf(chunk))
                _records[key] = value;
        }
    }

    public bool TryGetValue(string key, out TValue value) => _records.TryGetValue(key, out value!);

    public void Set(string key, TValue value)
    {
        var chunk = ChunkOf(key);
        _records[key] = value;
        RecordsOf(chunk)[key] = value;
        _changed.Add(chunk);
    }

    public void Remove(string key)
    {
        if (!_records.Remove(key))
            return;
        var chunk = ChunkOf(key);
        RecordsOf(chunk).Remove(key);
        _changed.Add(chunk);
    }

    /// <summary>Notes that the record of <paramref name="key"/> was changed in place.</summary>
    public void Changed(string key) => _changed.Add(ChunkOf(key));

    /// <summary>
    /// Writes the chunks changed since the last save. When the write fails and even reloading fails, the owner is
    /// deactivated (as <see cref="PersistentStateExtensions.WriteOrRevertAsync"/> does): its memory is not to be trusted.
    /// </summary>
    public async Task Save(IGrainBase owner)
    {
        if (_changed.Count == 0)
            return;
        var changed = _changed.ToList();
        try
        {
            await Task.WhenAll(changed.Select(chunk => _storage.WriteStateAsync(StateName, IdOf(chunk), _chunks[chunk])));
            _changed.Clear();
        }
        catch
        {
            // Storage holds some of these chunks as written, some as before: memory follows storage, changes made
            // since in other chunks stay noted.
            try
            {
                await Task.WhenAll(changed.Select(Reload));
                _changed.ExceptWith(changed);
            }
            catch
            {
                owner.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Records could not be reloaded after a failed write."));
            }
            throw;
        }
    }

    /// <summary>
    /// <see cref="Save(IGrainBase)"/>, then empties the owner's own copy of the records an earlier version stored whole
    /// (<paramref name="storedWhole"/> of its state, given to <see cref="Load"/>) once they are all in chunks.
    /// </summary>
    public async Task Save<TState>(IGrainBase owner, IPersistentState<TState> ownerState, Func<TState, Dictionary<string, TValue>> storedWhole)
    {
        ArgumentNullException.ThrowIfNull(ownerState);
        ArgumentNullException.ThrowIfNull(storedWhole);
        await Save(owner);
        var whole = storedWhole(ownerState.State);
        if (whole.Count == 0)
            return;
        whole.Clear();
        await ownerState.WriteOrRevertAsync(owner);
    }

    private async Task Read(int chunk)
    {
        var state = new GrainState<RecordChunkState<TValue>>(new RecordChunkState<TValue>());
        await _storage.ReadStateAsync(StateName, IdOf(chunk), state);
        state.State ??= new RecordChunkState<TValue>();
        _chunks[chunk] = state;
    }

    private async Task Reload(int chunk)
    {
        foreach (var key in _records.Keys.Where(key => ChunkOf(key) == chunk).ToList())
            _records.Remove(key);
        await Read(chunk);
        foreach (var (key, value) in RecordsOf(chunk))
            _records[key] = value;
    }

    // Read sets a state on every chunk.
    private Dictionary<string, TValue> RecordsOf(int chunk) => _chunks[chunk].State!.Records;

    private GrainId IdOf(int chunk) => RecordIdOf(recordType, ownerKey, chunk);

    /// <summary>Where chunk <paramref name="chunk"/> of the owner's records is stored.</summary>
    public static GrainId RecordIdOf(string recordType, string ownerKey, int chunk) =>
        GrainId.Create(recordType, $"{ownerKey}/{chunk.ToString(CultureInfo.InvariantCulture)}");
}
