using System.Text.Json;

namespace CrmHub.Grains.Hosting.Storage;

/// <summary>
/// The content of one state file of <see cref="AtomicFileGrainStorage"/>: a small JSON envelope around the state as
/// the silo's grain-state serializer wrote it (JSON, embedded as is, so the file reads like the state).
/// <code>
/// { "format": 1, "grainId": "customer/cust-42", "stateName": "customer", "eTag": "…", "state": { … } }
/// </code>
/// </summary>
public sealed record GrainStateFile(string GrainId, string StateName, string ETag, BinaryData State)
{
    /// <summary>The envelope's version; a file of another version is not read (and not overwritten).</summary>
    public const int Format = 1;

    /// <summary>Orleans' built-in file storage record: 8 bytes of magic, the ETag as 16 GUID bytes, then the state.</summary>
    private static ReadOnlySpan<byte> LegacyMagic => "ORLFS001"u8;

    private const int LegacyHeaderLength = 24;

    private static readonly JsonWriterOptions Writing = new() { Indented = true };

    /// <summary>Writes the envelope; the state must be JSON (the silo's System.Text.Json grain-state serializer).</summary>
    public async Task WriteAsync(Stream destination)
    {
        await using var writer = new Utf8JsonWriter(destination, Writing);
        writer.WriteStartObject();
        writer.WriteNumber("format", Format);
        writer.WriteString("grainId", GrainId);
        writer.WriteString("stateName", StateName);
        writer.WriteString("eTag", ETag);
        writer.WritePropertyName("state");
        // The silo's serializer wrote it: validating it again would parse every state once more on every write.
        writer.WriteRawValue(State.ToMemory().Span, skipInputValidation: true);
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    /// <summary>Parses a state file; a file that is not a complete, well-formed envelope throws <see cref="GrainStateDamagedException"/>.</summary>
    public static GrainStateFile Parse(string path, ReadOnlyMemory<byte> content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Damaged(path, "it is not a JSON object");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || format.GetInt32() != Format)
                throw Damaged(path, $"it is not a format {Format} state file");
            if (!root.TryGetProperty("state", out var state))
                throw Damaged(path, "it has no state");
            return new GrainStateFile(
                Text(root, "grainId", path),
                Text(root, "stateName", path),
                Text(root, "eTag", path),
                BinaryData.FromString(state.GetRawText()));
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"it is not valid JSON: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw Damaged(path, e.Message, e);
        }
    }

    /// <summary>Parses a record of Orleans' built-in file storage (state written before CrmHub's own file store).</summary>
    public static (string ETag, BinaryData State) ParseLegacy(string path, ReadOnlyMemory<byte> content)
    {
        if (content.Length < LegacyHeaderLength || !content.Span[..LegacyMagic.Length].SequenceEqual(LegacyMagic))
            throw Damaged(path, "it is not an Orleans file storage record");
        var eTag = new Guid(content.Span.Slice(LegacyMagic.Length, 16)).ToString("N");
        return (eTag, BinaryData.FromBytes(content[LegacyHeaderLength..]));
    }

    internal static GrainStateDamagedException Damaged(string path, string problem, Exception? inner = null) => new(
        $"The grain state file '{path}' cannot be read ({problem}). It was left as it is and the grain does not start: restore "
        + "the file from a backup, or move it away to start that grain from empty state.",
        path,
        inner);

    private static string Text(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Damaged(path, $"it has no {name}");
}

/// <summary>
/// A grain's state file exists but cannot be read (torn, edited, or written for another grain). The file is kept as
/// it is and the grain's activation fails, so it never starts from empty state over data that exists. Serializable,
/// so the caller of the grain sees it with its message.
/// </summary>
[GenerateSerializer]
public sealed class GrainStateDamagedException : IOException
{
    public GrainStateDamagedException(string message, string path, Exception? innerException)
        : base(message, innerException) => FilePath = path;

    public GrainStateDamagedException()
    {
    }

    public GrainStateDamagedException(string message)
        : base(message)
    {
    }

    public GrainStateDamagedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The damaged file.</summary>
    [Id(0)]
    public string? FilePath { get; }
}
