using System.Text;
using System.Text.Json.Nodes;
using CrmHub.Host.Apis.Events;

namespace CrmHub.Host.Tests.Apis;

/// <summary>CloudEvents as the parser tests feed them to <see cref="CloudEventParser"/>.</summary>
internal static class ParserInput
{
    public static JsonObject Event(string type, JsonObject data, string id = "e-1", string subject = "cust-1") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/shop",
        ["type"] = type,
        ["subject"] = subject,
        ["time"] = "2026-11-23T09:30:00+01:00",
        ["data"] = data,
    };

    public static ParseOutcome Parse(JsonNode node, bool? expectBatch = null) =>
        CloudEventParser.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()), expectBatch);
}
