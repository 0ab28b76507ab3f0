using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>Reading the host's JSON answers as the wire shows them (camelCase, enums as strings).</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The body as a JSON object, after checking the status code (the body is in the failure message).</summary>
    public static async Task<JsonObject> ReadObjectAsync(
        this HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        response.StatusCode.ShouldBe(expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {body}");
        return JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException("The body is JSON null.");
    }

    /// <summary>
    /// Checks that the answer is an RFC 9457 problem (<c>application/problem+json</c>) with this status; returns it.
    /// </summary>
    public static async Task<JsonObject> ReadProblemAsync(
        this HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken = default)
    {
        var problem = await response.ReadObjectAsync(expected, cancellationToken);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        problem["status"]?.GetValue<int>().ShouldBe((int)expected);
        return problem;
    }

    /// <summary>The field names of a validation problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorKeys(this JsonObject problem) =>
        problem["errors"] is JsonObject errors ? [.. errors.Select(entry => entry.Key)] : [];

    public static string? String(this JsonNode? node, string name) => node?[name]?.GetValue<string>();
}
