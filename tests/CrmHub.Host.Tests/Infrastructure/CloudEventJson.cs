using System.Globalization;
using System.Text.Json.Nodes;

namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>Builds CloudEvents 1.0 structured-JSON events as producers send them. Ids are unique unless given.</summary>
public static class CloudEventJson
{
    public const string Source = "e2e-tests";

    /// <summary>A new id with a readable prefix, unique across tests sharing one host.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static string Time(DateTimeOffset? time = null) =>
        (time ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static JsonObject Event(string type, string customerId, JsonObject data, string? id = null, string source = Source, DateTimeOffset? time = null) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id ?? NewId("evt"),
        ["source"] = source,
        ["type"] = type,
        ["subject"] = customerId,
        ["time"] = Time(time),
        ["datacontenttype"] = "application/json",
        ["data"] = data,
    };

    public static JsonObject Profile(string customerId, string? name = null, string? ownerAgentId = null, string? id = null)
    {
        var data = new JsonObject { ["name"] = name ?? $"Customer {customerId}", ["region"] = "North", ["industry"] = "Retail" };
        if (ownerAgentId is not null)
            data["ownerAgentId"] = ownerAgentId;
        return Event("crm.customer.profile", customerId, data, id);
    }

    public static JsonObject Purchase(string customerId, decimal amount, string? id = null, string? orderId = null) =>
        Event("crm.purchase", customerId, new JsonObject
        {
            ["orderId"] = orderId ?? NewId("order"),
            ["amount"] = amount,
            ["currency"] = "EUR",
        }, id);

    public static JsonObject Complaint(
        string customerId, string complaintId, string subject = "Late delivery", string category = "service", string severity = "high", string? id = null) =>
        Event("crm.complaint", customerId, new JsonObject
        {
            ["complaintId"] = complaintId,
            ["subject"] = subject,
            ["description"] = "The parcel came a week late.",
            ["category"] = category,
            ["severity"] = severity,
        }, id);

    public static JsonObject Contact(string customerId, string? id = null) =>
        Event("crm.contact", customerId, new JsonObject
        {
            ["channel"] = "phone",
            ["direction"] = "inbound",
            ["agentId"] = "agent1",
            ["summary"] = "Asked about the order.",
        }, id);

    public static JsonArray Batch(params JsonNode[] events) => new([.. events.Select(e => e.DeepClone())]);

    /// <summary>A deep copy with <paramref name="change"/> applied (for invalid variants of a valid event).</summary>
    public static JsonObject With(this JsonObject e, Action<JsonObject> change)
    {
        var copy = e.DeepClone().AsObject();
        change(copy);
        return copy;
    }
}
