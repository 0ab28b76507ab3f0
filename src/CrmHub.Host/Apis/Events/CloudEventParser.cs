using System.Collections.Immutable;
using System.Globalization;
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
    private const int MaxTextLength = 4_000;
    private const int MaxIdLength = 256;

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
            var reader = new FieldReader(elements[index], prefix(index), errors);
            var parsed = reader.ReadEvent();
            if (parsed is not null)
                events.Add(parsed);
        }
        return errors.Count == 0
            ? ParseOutcome.Valid(events.ToImmutable())
            : ParseOutcome.Invalid(errors.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal));
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    internal static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339Pattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    /// <summary>Reads one event's attributes, recording every problem under its field path.</summary>
    private sealed class FieldReader(JsonElement element, string prefix, Dictionary<string, List<string>> errors)
    {
        private bool _failed;

        public InteractionEvent? ReadEvent()
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Fail("", "An event must be a JSON object.");
                return null;
            }

            var specVersion = RequiredString("specversion", 16);
            if (specVersion is not null and not "1.0")
                Fail("specversion", $"Only CloudEvents 1.0 is supported, not '{specVersion}'.");
            var id = RequiredString("id", MaxIdLength);
            var source = RequiredString("source", MaxIdLength);
            var type = RequiredString("type", MaxIdLength);
            if (type is not null && !EventTypes.All.Contains(type))
                Fail("type", $"Unknown event type '{type}'. Accepted: {string.Join(", ", EventTypes.All)}.");
            var subject = Identifier(element, "subject", required: true);
            var time = Timestamp("time");
            var contentType = OptionalString(element, "datacontenttype", MaxIdLength);
            if (contentType is not null && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                Fail("datacontenttype", "Event data must be JSON (application/json).");

            EventPayload? payload = null;
            if (!element.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
                Fail("data", "The data attribute is required.");
            else if (data.ValueKind != JsonValueKind.Object)
                Fail("data", "The data attribute must be a JSON object.");
            else if (type is not null && EventTypes.All.Contains(type))
                payload = ReadPayload(type, data, id);

            return _failed || payload is null ? null : new InteractionEvent(id!, source!, subject!, time!.Value, payload);
        }

        private EventPayload? ReadPayload(string type, JsonElement data, string? eventId) => type switch
        {
            EventTypes.CustomerProfile => new CustomerProfileChanged(
                OptionalString(data, "name", MaxIdLength, "data."),
                OptionalEnum<CustomerSource>(data, "source"),
                OptionalString(data, "region", MaxIdLength, "data."),
                OptionalEnum<Settlement>(data, "settlement"),
                OptionalString(data, "industry", MaxIdLength, "data."),
                Identifier(data, "ownerAgentId", required: false, "data.")),
            EventTypes.Purchase => new PurchaseMade(
                RequiredString(data, "orderId", MaxIdLength, "data.") ?? "",
                Amount(data, "amount", required: true, mustBePositive: true) ?? 0,
                Amount(data, "cost", required: false, mustBePositive: false),
                Currency(data)),
            EventTypes.Contact => new ContactMade(
                RequiredEnum<ContactChannel>(data, "channel"),
                RequiredEnum<ContactDirection>(data, "direction"),
                Identifier(data, "agentId", required: false, "data."),
                OptionalString(data, "summary", MaxTextLength, "data.")),
            EventTypes.Complaint => new ComplaintRaised(
                Identifier(data, "complaintId", required: false, "data.") ?? eventId ?? "",
                RequiredString(data, "subject", MaxIdLength, "data.") ?? "",
                RequiredString(data, "description", MaxTextLength, "data.") ?? "",
                RequiredEnum<ComplaintCategory>(data, "category"),
                OptionalEnum<ComplaintSeverity>(data, "severity") ?? ComplaintSeverity.Normal),
            _ => null,
        };

        private void Fail(string field, string message)
        {
            _failed = true;
            var key = prefix + field;
            if (key.Length == 0)
                key = "body";
            else if (key.EndsWith('.'))
                key = key[..^1];
            if (!errors.TryGetValue(key, out var list))
                errors[key] = list = [];
            list.Add(message);
        }

        private string? RequiredString(string name, int maxLength) => RequiredString(element, name, maxLength, "");

        private string? RequiredString(JsonElement owner, string name, int maxLength, string path)
        {
            if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Fail(path + name, $"The '{name}' attribute is required.");
                return null;
            }
            return StringValue(value, path + name, maxLength);
        }

        private string? OptionalString(JsonElement owner, string name, int maxLength, string path = "") =>
            owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? StringValue(value, path + name, maxLength)
                : null;

        private string? StringValue(JsonElement value, string field, int maxLength)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                Fail(field, "Must be a string.");
                return null;
            }
            var text = value.GetString()!;
            if (string.IsNullOrWhiteSpace(text))
                Fail(field, "Must not be empty.");
            else if (text.Length > maxLength)
                Fail(field, $"Must be at most {maxLength} characters.");
            else
                return text;
            return null;
        }

        private string? Identifier(JsonElement owner, string name, bool required, string path = "")
        {
            var text = required ? RequiredString(owner, name, 128, path) : OptionalString(owner, name, 128, path);
            if (text is not null && !IdentifierPattern().IsMatch(text))
            {
                Fail(path + name, "Must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
                return null;
            }
            return text;
        }

        private DateTimeOffset? Timestamp(string name)
        {
            var text = RequiredString(name, 64);
            if (text is null)
                return null;
            if (Rfc3339Pattern().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
                return time;
            Fail(name, "Must be an RFC 3339 timestamp with an offset, e.g. 2026-11-23T09:30:00Z.");
            return null;
        }

        private decimal? Amount(JsonElement data, string name, bool required, bool mustBePositive)
        {
            var field = "data." + name;
            if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                    Fail(field, $"The '{name}' field is required.");
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
                Fail(field, "Must be a decimal number.");
            else if (mustBePositive && amount <= 0)
                Fail(field, "Must be greater than 0.");
            else if (amount < 0)
                Fail(field, "Must not be negative.");
            else
                return amount;
            return null;
        }

        private string? Currency(JsonElement data)
        {
            var currency = OptionalString(data, "currency", 3, "data.");
            if (currency is not null && !CurrencyPattern().IsMatch(currency))
            {
                Fail("data.currency", "Must be an ISO 4217 code such as EUR.");
                return null;
            }
            return currency;
        }

        private TEnum RequiredEnum<TEnum>(JsonElement data, string name) where TEnum : struct, Enum
        {
            var text = RequiredString(data, name, 64, "data.");
            return text is null ? default : ParseEnum<TEnum>(text, name) ?? default;
        }

        private TEnum? OptionalEnum<TEnum>(JsonElement data, string name) where TEnum : struct, Enum
        {
            var text = OptionalString(data, name, 64, "data.");
            return text is null ? null : ParseEnum<TEnum>(text, name);
        }

        private TEnum? ParseEnum<TEnum>(string text, string name) where TEnum : struct, Enum
        {
            // Names only (never numbers), any letter case: "phone", "Phone", "PHONE".
            if (!char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
                return value;
            var allowed = string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
            Fail("data." + name, $"'{text}' is not one of: {allowed}.");
            return null;
        }
    }
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
