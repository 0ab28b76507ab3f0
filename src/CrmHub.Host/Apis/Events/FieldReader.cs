using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrmHub.Host.Apis.Events;

/// <summary>
/// Reads the fields of one JSON object of an event — the envelope, its <c>data</c>, or an object inside the data —
/// and records every problem under the field's path (<c>subject</c>, <c>data.amount</c>, <c>data.servqual.empathy</c>).
/// Each reader returns null for a field that is missing or bad, so all of an event's problems are found in one pass.
/// </summary>
internal sealed partial class FieldReader(JsonElement owner, string path, EventErrors errors)
{
    public const int MaxTextLength = 4_000;
    public const int MaxIdLength = 256;
    private const int MaxIdentifierLength = 128;
    private const int MaxEnumNameLength = 64;
    private const int MaxTimestampLength = 64;

    public void Fail(string name, string message) => errors.Add(path + name, message);

    /// <summary>A non-empty string of at most <paramref name="maxLength"/> characters.</summary>
    public string? Text(string name, int maxLength = MaxIdLength, bool required = false)
    {
        if (!TryGet(name, required, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, "Must be a string.");
            return null;
        }
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
            Fail(name, "Must not be empty.");
        else if (text.Length > maxLength)
            Fail(name, $"Must be at most {maxLength} characters.");
        else
            return text;
        return null;
    }

    /// <summary>An id that is safe in a URL and a grain key: 1–128 characters of <c>A-Za-z0-9._:-</c>.</summary>
    public string? Identifier(string name, bool required = false)
    {
        var text = Text(name, MaxIdentifierLength, required);
        if (text is null || CloudEventParser.IdentifierPattern().IsMatch(text))
            return text;
        Fail(name, "Must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        return null;
    }

    /// <summary>A required RFC 3339 timestamp with an offset (<c>Z</c> or <c>±hh:mm</c>).</summary>
    public DateTimeOffset? Timestamp(string name)
    {
        var text = Text(name, MaxTimestampLength, required: true);
        if (text is null)
            return null;
        if (Rfc3339Pattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
            return time;
        Fail(name, "Must be an RFC 3339 timestamp with an offset, e.g. 2026-11-23T09:30:00Z.");
        return null;
    }

    /// <summary>A JSON number that fits a decimal: greater than 0 when <paramref name="mustBePositive"/>, else not negative.</summary>
    public decimal? Amount(string name, bool required = false, bool mustBePositive = false)
    {
        if (!TryGet(name, required, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
            Fail(name, "Must be a decimal number.");
        else if (mustBePositive && amount <= 0)
            Fail(name, "Must be greater than 0.");
        else if (amount < 0)
            Fail(name, "Must not be negative.");
        else
            return amount;
        return null;
    }

    /// <summary>A JSON number without a fraction, from <paramref name="min"/> to <paramref name="max"/> (never a string such as "3").</summary>
    public int? Integer(string name, int min, int max, bool required = false)
    {
        if (!TryGet(name, required, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            Fail(name, "Must be a whole number.");
        else if (number < min || number > max)
            Fail(name, $"Must be from {min} to {max}.");
        else
            return number;
        return null;
    }

    /// <summary>A JSON <c>true</c> or <c>false</c> (never a string or a number).</summary>
    public bool? Boolean(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
            return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        Fail(name, "Must be true or false.");
        return null;
    }

    /// <summary>One of the names of <typeparamref name="TEnum"/> in any letter case ("phone", "Phone", "PHONE"); never a number.</summary>
    public TEnum? Enum<TEnum>(string name, bool required = false) where TEnum : struct, Enum
    {
        var text = Text(name, MaxEnumNameLength, required);
        if (text is null)
            return null;
        if (!char.IsAsciiDigit(text[0]) && text[0] != '-'
            && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
            return value;
        Fail(name, $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
        return null;
    }

    /// <summary>An ISO 4217 currency code such as EUR.</summary>
    public string? Currency(string name)
    {
        var currency = Text(name, 3);
        if (currency is null || CurrencyPattern().IsMatch(currency))
            return currency;
        Fail(name, "Must be an ISO 4217 code such as EUR.");
        return null;
    }

    /// <summary>A reader for a nested JSON object, whose problems are named <c>{path}{name}.{field}</c>; null when missing or bad.</summary>
    public FieldReader? Object(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Object)
            return new FieldReader(value, $"{path}{name}.", errors);
        Fail(name, "Must be a JSON object.");
        return null;
    }

    /// <summary>True when the field is present and not JSON null; a missing required field is reported.</summary>
    private bool TryGet(string name, bool required, out JsonElement value)
    {
        if (owner.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        if (required)
            Fail(name, $"The '{name}' {(path.Length == 0 ? "attribute" : "field")} is required.");
        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339Pattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}

/// <summary>
/// The problems found in one event, added to the request's list under the event's batch prefix
/// (<c>[3].data.dueAt</c>); a problem of the event as a whole is named <c>[3]</c>, or <c>body</c> for a single event.
/// </summary>
internal sealed class EventErrors(string prefix, Dictionary<string, List<string>> errors)
{
    public bool Any { get; private set; }

    public void Add(string field, string message)
    {
        Any = true;
        var key = prefix + field;
        if (key.Length == 0)
            key = "body";
        else if (key.EndsWith('.'))
            key = key[..^1];
        if (!errors.TryGetValue(key, out var list))
            errors[key] = list = [];
        list.Add(message);
    }
}
