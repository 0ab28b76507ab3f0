using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrmHub.Abstractions.Events;

namespace CrmHub.Host.Apis.Events;

/// <summary>
/// Turns a CloudEvents 1.0 structured-JSON body (one event or a batch) into validated interaction events,
/// or into a list of every bad field, named by batch index for a batch. Pure: no I/O.
/// </summary>
public static partial class CloudEventParser
{
    public const int MaxBatchSize = 1_000;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>Parses <paramref name="body"/>; <paramref name="expectBatch"/> is what the content type says, null when it does not say.</summary>
    public static ParseOutcome Parse(ReadOnlyMemory<byte> body, bool? expectBatch)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            return ParseOutcome.Invalid("body", $"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            var isBatch = root.ValueKind == JsonValueKind.Array;
            if (expectBatch == true && !isBatch)
                return ParseOutcome.Invalid("body", "A batch must be a JSON array of events.");
            if (expectBatch == false && isBatch)
                return ParseOutcome.Invalid("body", "A single event must be a JSON object; send a batch as application/cloudevents-batch+json or application/json.");
            if (!isBatch)
                return ParseAll([root], prefix: _ => "");

            var count = root.GetArrayLength();
            if (count > MaxBatchSize)
                return ParseOutcome.TooLarge($"A batch holds at most {MaxBatchSize} events; this one has {count}.");
            if (count == 0)
                return ParseOutcome.Invalid("body", "The batch is empty.");
            return ParseAll([.. root.EnumerateArray()], prefix: index => $"[{index}].");
        }
    }

    private static ParseOutcome ParseAll(IReadOnlyList<JsonElement> elements, Func<int, string> prefix)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var events = ImmutableArray.CreateBuilder<InteractionEvent>(elements.Count);
        for (var index = 0; index < elements.Count; index++)
        {
            var parsed = ReadEvent(elements[index], new EventErrors(prefix(index), errors));
            if (parsed is not null)
                events.Add(parsed);
        }
        return errors.Count == 0
            ? ParseOutcome.Valid(events.ToImmutable())
            : ParseOutcome.Invalid(errors.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>One event's attributes and data; null (with every problem recorded) when anything is wrong.</summary>
    private static InteractionEvent? ReadEvent(JsonElement element, EventErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("", "An event must be a JSON object.");
            return null;
        }

        var envelope = new FieldReader(element, "", errors);
        var specVersion = envelope.Text("specversion", 16, required: true);
        if (specVersion is not null and not "1.0")
            envelope.Fail("specversion", $"Only CloudEvents 1.0 is supported, not '{specVersion}'.");
        var id = envelope.Text("id", required: true);
        var source = envelope.Text("source", required: true);
        var type = envelope.Text("type", required: true);
        var known = type is not null && EventTypes.All.Contains(type);
        if (type is not null && !known)
            envelope.Fail("type", $"Unknown event type '{type}'. Accepted: {string.Join(", ", EventTypes.All)}.");
        var subject = envelope.Identifier("subject", required: true);
        var time = envelope.Timestamp("time");
        var contentType = envelope.Text("datacontenttype");
        if (contentType is not null && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            envelope.Fail("datacontenttype", "Event data must be JSON (application/json).");
        var data = envelope.Object("data", required: true);
        var payload = data is not null && known ? ReadPayload(type!, data, id) : null;

        return errors.Any || payload is null ? null : new InteractionEvent(id!, source!, subject!, time!.Value, payload);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    internal static partial Regex IdentifierPattern();
}

/// <summary>The result of parsing an events body.</summary>
public sealed record ParseOutcome(
    ImmutableArray<InteractionEvent> Events,
    IReadOnlyDictionary<string, string[]>? Errors,
    string? TooLargeReason)
{
    public bool IsValid => Errors is null && TooLargeReason is null;

    public static ParseOutcome Valid(ImmutableArray<InteractionEvent> events) => new(events, null, null);

    public static ParseOutcome Invalid(IReadOnlyDictionary<string, string[]> errors) => new([], errors, null);

    public static ParseOutcome Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ParseOutcome TooLarge(string reason) => new([], null, reason);
}
