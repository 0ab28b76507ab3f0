using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmHub.Grains.Hosting.Storage;

namespace CrmHub.Grains.Hosting.Reminders;

/// <summary>
/// Orleans' reminder table for the embedded single-machine default (<c>CrmHub:Storage:Provider</c> <c>File</c>): the rows
/// are spread by grain hash over <see cref="SegmentCount"/> JSON files in <c>reminders/</c> of the storage directory,
/// loaded at start; a change rewrites only its row's segment atomically (changes that arrive together share one
/// rewrite per segment; <see cref="AtomicFile"/>: a temporary file is written, flushed to disk and renamed over the old
/// one), so a crash leaves every segment either old or new, never a mix, and a change costs the same with ten or a
/// hundred thousand reminders.
/// </summary>
/// <remarks>
/// <para>One silo owns the files: the lock is per instance, which is what the single-machine default runs. Clusters use
/// a shared reminder table (ADO.NET) instead.</para>
/// <para>ETags: every write gives the row a new ETag. <see cref="UpsertRow"/> of an entry without an ETag replaces the
/// row whatever it holds (Orleans' register-or-update); with an ETag it replaces the row only while that ETag is
/// current and otherwise returns null. <see cref="RemoveRow"/> removes the row only while the given ETag is current.</para>
/// <para>The rename is atomic on the local file systems the embedded default runs on, and the directory is flushed after
/// it, so a change that returned survives a power cut as well.</para>
/// <para>Earlier versions kept every row in one <see cref="LegacyFileName"/>: while that file exists it is the table (a
/// crash during the move may have left segments beside it); the first change writes every segment and then removes it.</para>
/// <para>A file that cannot be read is reported (<see cref="ReminderTableCorruptException"/>) and left as it is, never
/// treated as empty: starting with no reminders would silently drop every deadline.</para>
/// </remarks>
public sealed class FileReminderTable(string directory) : IReminderTable
{
    /// <summary>The directory of the segment files, in the storage directory.</summary>
    public const string DirectoryName = "reminders";

    /// <summary>The one file of every row that earlier versions wrote in the storage directory.</summary>
    public const string LegacyFileName = "reminders.json";

    /// <summary>How many files the rows are spread over (by the top bits of the grain's uniform hash).</summary>
    public const int SegmentCount = 64;

    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // A row per line: the file stays readable, and each row's text is made once (see Row.Text), not on every rewrite.
    private static readonly JsonWriterOptions TableLayout = new() { Indented = true };

    // One writer at a time; changes that arrive meanwhile wait in _queued for the next group commit.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _queueGate = new();
    private List<PendingChange> _queued = [];

    // Replaced on every change and never mutated once published, so readers need no lock.
    private volatile Table? _rows;

    // Loaded from the legacy file: the next commit writes every segment, then removes that file.
    private bool _migrating;

    /// <summary>The storage directory the table lives in.</summary>
    public string StorageDirectory { get; } = Path.GetFullPath(directory);

    /// <summary>The directory of the segment files.</summary>
    public string SegmentDirectory => Path.Combine(StorageDirectory, DirectoryName);

    private string LegacyPath => Path.Combine(StorageDirectory, LegacyFileName);

    /// <summary>A table in <c>reminders/</c> of the given storage directory.</summary>
    public static FileReminderTable InDirectory(string directory) => new(directory);

    /// <summary>The segment file that holds the rows of <paramref name="grainId"/>.</summary>
    public string SegmentPath(GrainId grainId) => SegmentPath(SegmentOf(grainId));

    private string SegmentPath(int segment) => Path.Combine(SegmentDirectory, segment.ToString("x2", CultureInfo.InvariantCulture) + ".json");

    private static int SegmentOf(GrainId grainId) => (int)(grainId.GetUniformHashCode() >> 26);

    public Task StartAsync(CancellationToken cancellationToken = default) => Init();

    public async Task Init() => await LoadedRows();

    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Data((await LoadedRows()).Segment(SegmentOf(grainId)).Values.Where(row => row.GrainId == grainId));

    /// <summary>Rows whose grain hash is in (begin, end]; when begin ≥ end the range wraps: hash &gt; begin or hash ≤ end.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Data((await LoadedRows()).All.Where(row => InRange(row.GrainId.GetUniformHashCode(), begin, end)));

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await LoadedRows()).Find(grainId, reminderName)?.ToEntry();

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await Change(table =>
        {
            if (entry.ETag is not null && table.Find(entry.GrainId, entry.ReminderName)?.ETag != entry.ETag)
                return null;
            var row = Row.From(entry, NewETag());
            table.Put(row);
            return row.ETag;
        });
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        await Change(table => table.Find(grainId, reminderName)?.ETag == eTag && table.Remove(grainId, reminderName));

    public async Task TestOnlyClearTable() => await Change(table =>
    {
        table.Clear();
        return true;
    });

    /// <summary>
    /// Orleans' ring-range rule: (begin, end] when begin &lt; end; otherwise the range wraps past <see cref="uint.MaxValue"/>
    /// (hash &gt; begin or hash ≤ end), so begin = end is the whole ring.
    /// </summary>
    public static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderTableData Data(IEnumerable<Row> rows) => new(rows.Select(row => row.ToEntry()));

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private async Task<Table> LoadedRows()
    {
        if (_rows is { } loaded)
            return loaded;
        await _gate.WaitAsync();
        try
        {
            return _rows ??= await Read();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Queues a change and returns its result once it is on disk. Changes are group-committed: whoever holds the write
    /// turn applies every change queued so far, in order, to a copy of the rows, writes the copy once and publishes it
    /// only then, so N concurrent registrations cost one rewrite of the file instead of N. A failed write fails every
    /// change of its group and publishes none of them.
    /// </summary>
    private async Task<T> Change<T>(Func<Table, T> change)
    {
        await LoadedRows();
        var pending = new PendingChange<T>(change);
        lock (_queueGate)
            _queued.Add(pending);
        await _gate.WaitAsync();
        try
        {
            // An earlier writer may already have committed this change with its group.
            if (!pending.IsDone)
                await CommitQueued();
        }
        finally
        {
            _gate.Release();
        }
        return await pending.Result;
    }

    /// <summary>Applies, writes and publishes every queued change (the caller holds <see cref="_gate"/>).</summary>
    private async Task CommitQueued()
    {
        List<PendingChange> group;
        lock (_queueGate)
        {
            group = _queued;
            _queued = [];
        }
        try
        {
            var table = _rows!.Draft();
            foreach (var pending in group)
                pending.Apply(table);
            if (_migrating && table.Touched.Count > 0)
            {
                await Write(table, Enumerable.Range(0, SegmentCount));
                File.Delete(LegacyPath);
                _migrating = false;
            }
            else
            {
                await Write(table, table.Touched);
            }
            if (table.Touched.Count > 0)
                _rows = table;
        }
        catch (Exception failure)
        {
            foreach (var pending in group)
                pending.Fail(failure);
            return;
        }
        foreach (var pending in group)
            pending.Complete();
    }

    /// <summary>A queued change and the caller waiting for it.</summary>
    private abstract class PendingChange
    {
        public abstract bool IsDone { get; }

        /// <summary>Applies the change to the group's draft of the table.</summary>
        public abstract void Apply(Table table);

        public abstract void Complete();

        public abstract void Fail(Exception failure);
    }

    private sealed class PendingChange<T>(Func<Table, T> change) : PendingChange
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Result => _done.Task;

        public override bool IsDone => _done.Task.IsCompleted;

        public override void Apply(Table table) => _result = change(table);

        public override void Complete() => _done.TrySetResult(_result);

        public override void Fail(Exception failure) => _done.TrySetException(failure);
    }

    /// <summary>The legacy file while it exists (see the remarks), else every segment.</summary>
    private async Task<Table> Read()
    {
        if (await ReadFile(LegacyPath) is { } legacy)
        {
            _migrating = true;
            return Table.Of(LegacyPath, legacy);
        }
        var rows = new List<Row>();
        for (var segment = 0; segment < SegmentCount; segment++)
            rows.AddRange(await ReadFile(SegmentPath(segment)) ?? []);
        return Table.Of(SegmentDirectory, rows);
    }

    /// <summary>The rows of one table file, or null when there is none.</summary>
    private static async Task<List<Row>?> ReadFile(string path)
    {
        // A temporary file left by a write that was interrupted is not the table: the last complete one is.
        AtomicFile.DeleteLeftover(path);
        if (!File.Exists(path))
            return null;
        TableFile? file;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
            file = await JsonSerializer.DeserializeAsync<TableFile>(stream, Json);
        }
        catch (Exception failure) when (failure is JsonException or FormatException)
        {
            // Unreadable grain ids (FormatException) are as corrupt as bad JSON.
            throw ReminderTableCorruptException.For(path, failure.Message, failure);
        }
        if (file is null || file.Version != FormatVersion || file.Rows is null)
            throw ReminderTableCorruptException.For(path, $"expected a format {FormatVersion} table with rows", null);
        return file.Rows;
    }

    /// <summary>
    /// Writes the given segments of the table, each as a <see cref="TableFile"/> with its rows in no particular order
    /// (sorting on every change costs more than it helps a reader).
    /// </summary>
    private Task Write(Table table, IEnumerable<int> segments) =>
        Task.WhenAll(segments.Select(segment => WriteFile(SegmentPath(segment), table.Segment(segment).Values)));

    private static Task WriteFile(string path, IEnumerable<Row> rows) =>
        AtomicFile.ReplaceAsync(path, async stream =>
        {
            await using var writer = new Utf8JsonWriter(stream, TableLayout);
            writer.WriteStartObject();
            writer.WriteNumber(Json.PropertyNamingPolicy!.ConvertName(nameof(TableFile.Version)), FormatVersion);
            writer.WriteStartArray(Json.PropertyNamingPolicy.ConvertName(nameof(TableFile.Rows)));
            foreach (var row in rows)
                writer.WriteRawValue(row.Text, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>
    /// The rows, by segment. A published table is never changed; a commit works on a <see cref="Draft"/>, which copies a
    /// segment the first time it changes it, so a change costs the size of its segment, not of the table.
    /// </summary>
    private sealed class Table
    {
        private readonly Dictionary<(GrainId Grain, string Name), Row>[] _segments;

        private Table(Dictionary<(GrainId Grain, string Name), Row>[] segments) => _segments = segments;

        /// <summary>The segments this draft changed.</summary>
        public HashSet<int> Touched { get; } = [];

        public IEnumerable<Row> All => _segments.SelectMany(segment => segment.Values);

        /// <summary>The table of the rows read from <paramref name="path"/>; a row named twice or without a name is corrupt.</summary>
        public static Table Of(string path, IEnumerable<Row> rows)
        {
            var table = new Table([.. Enumerable.Range(0, SegmentCount).Select(_ => new Dictionary<(GrainId Grain, string Name), Row>())]);
            try
            {
                foreach (var row in rows)
                    table._segments[SegmentOf(row.GrainId)].Add((row.GrainId, row.ReminderName ?? throw new JsonException("A reminder row has no name.")), row);
            }
            catch (Exception failure) when (failure is JsonException or ArgumentException)
            {
                // Duplicate rows (ArgumentException) are as corrupt as bad JSON.
                throw ReminderTableCorruptException.For(path, failure.Message, failure);
            }
            return table;
        }

        public IReadOnlyDictionary<(GrainId Grain, string Name), Row> Segment(int segment) => _segments[segment];

        public Row? Find(GrainId grainId, string name) => _segments[SegmentOf(grainId)].GetValueOrDefault((grainId, name));

        /// <summary>A copy to change: it shares every segment until it changes one.</summary>
        public Table Draft() => new([.. _segments]);

        public void Put(Row row) => Changing(SegmentOf(row.GrainId))[(row.GrainId, row.ReminderName)] = row;

        public bool Remove(GrainId grainId, string name) => Changing(SegmentOf(grainId)).Remove((grainId, name));

        public void Clear()
        {
            for (var segment = 0; segment < SegmentCount; segment++)
            {
                if (_segments[segment].Count > 0)
                    Changing(segment).Clear();
            }
        }

        private Dictionary<(GrainId Grain, string Name), Row> Changing(int segment)
        {
            if (Touched.Add(segment))
                _segments[segment] = new(_segments[segment]);
            return _segments[segment];
        }
    }

    /// <summary>The file's content: a format version and the rows.</summary>
    private sealed record TableFile(int Version, List<Row>? Rows);

    /// <summary>One stored row; immutable, so the published table cannot be changed through an entry handed out.</summary>
    private sealed record Row(
        [property: JsonConverter(typeof(GrainIdText))] GrainId GrainId,
        string ReminderName,
        DateTime StartAt,
        TimeSpan Period,
        string ETag)
    {
        private byte[]? _text;

        /// <summary>The row as JSON, made once: a row never changes, only gets replaced.</summary>
        [JsonIgnore]
        public byte[] Text => _text ??= JsonSerializer.SerializeToUtf8Bytes(this, Json);

        public static Row From(ReminderEntry entry, string eTag) =>
            new(entry.GrainId, entry.ReminderName, DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc), entry.Period, eTag);

        public ReminderEntry ToEntry() => new()
        {
            GrainId = GrainId,
            ReminderName = ReminderName,
            StartAt = StartAt,
            Period = Period,
            ETag = ETag,
        };
    }

    /// <summary>A grain id as its text form ("type/key").</summary>
    private sealed class GrainIdText : JsonConverter<GrainId>
    {
        public override GrainId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            GrainId.TryParse(reader.GetString(), out var grainId) && !grainId.IsDefault
                ? grainId
                : throw new JsonException($"'{reader.GetString()}' is not a grain id.");

        public override void Write(Utf8JsonWriter writer, GrainId value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}

/// <summary>The reminder table file exists but cannot be read; it is left untouched.</summary>
public sealed class ReminderTableCorruptException : IOException
{
    public ReminderTableCorruptException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ReminderTableCorruptException()
    {
    }

    public ReminderTableCorruptException(string message)
        : base(message)
    {
    }

    internal static ReminderTableCorruptException For(string path, string problem, Exception? innerException) => new(
        $"The reminder table '{path}' cannot be read ({problem}). It was left as it is: restore it from a backup, or move it "
        + "away to start with no reminders (every registered reminder would be lost).",
        innerException);
}
