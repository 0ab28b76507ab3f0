using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.Security;

/// <summary>
/// Fuzzing the event endpoint: generated malformed CloudEvents, each in a batch after a valid event, never make the host
/// answer 500, and a refused batch writes nothing (the valid event's customer stays unknown).
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class EventFuzzTests(SharedHostFixture fixture)
{
    private const int Cases = 150;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] Attributes = ["id", "source", "type", "specversion", "subject", "time", "datacontenttype", "data"];

    /// <summary>JSON values of every kind, many of them wrong for any attribute.</summary>
    private static readonly Gen<JsonNode?> AnyValue = Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        ArbMap.Default.GeneratorFor<string>().Select(text => (JsonNode?)JsonValue.Create(text ?? "")),
        ArbMap.Default.GeneratorFor<int>().Select(number => (JsonNode?)JsonValue.Create(number)),
        ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(number => (JsonNode?)JsonValue.Create(number)),
        ArbMap.Default.GeneratorFor<bool>().Select(flag => (JsonNode?)JsonValue.Create(flag)),
        Gen.Constant<JsonNode?>(new JsonArray(1, "two", null)),
        Gen.Constant<JsonNode?>(new JsonObject { ["nested"] = new JsonObject { ["deeper"] = new JsonArray() } }),
        Gen.Elements("crm.purchase", "crm.complaint", "crm.unknown", "", "2024-13-45T99:99:99Z", "1.0", "-1", "1e400")
            .Select(text => (JsonNode?)JsonValue.Create(text)));

    /// <summary>One mutation of a valid purchase: an attribute dropped or replaced, a data field replaced, or the data replaced.</summary>
    private static readonly Gen<Action<JsonObject>> Mutation = Gen.OneOf(
        Gen.Elements(Attributes).Select(name => (Action<JsonObject>)(e => e.Remove(name))),
        Gen.Elements(Attributes).SelectMany(name => AnyValue, (name, value) => (Action<JsonObject>)(e => e[name] = value?.DeepClone())),
        Gen.Elements("orderId", "amount", "cost", "currency").SelectMany(
            field => AnyValue, (field, value) => (Action<JsonObject>)(e => e["data"]!.AsObject()[field] = value?.DeepClone())),
        AnyValue.Select(value => (Action<JsonObject>)(e => e["data"] = value?.DeepClone())));

    [Fact]
    public async Task Fuzzing_the_event_endpoint_with_malformed_cloud_events_never_gives_a_500_nor_a_partial_write()
    {
        var mutations = Mutation.Sample(Cases);
        var answered = new Dictionary<HttpStatusCode, int>();
        foreach (var mutate in mutations)
        {
            var valid = Purchase(NewId("fuzz-valid"), 10m);
            var malformed = Purchase(NewId("fuzz-cust"), 25m).With(mutate);
            using var response = await fixture.Host.PostEventsAsync(Batch(valid, malformed), Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);

            ((int)response.StatusCode).ShouldBeLessThan(500, $"{malformed.ToJsonString()} answered {body}");
            answered[response.StatusCode] = answered.GetValueOrDefault(response.StatusCode) + 1;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                using var read = await fixture.Host.GetAsUserAsync("agent1", $"/api/v1/customers/{valid["subject"]}", Cancel);
                read.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"a refused batch wrote its valid event: {malformed.ToJsonString()}");
            }
        }
        answered.GetValueOrDefault(HttpStatusCode.BadRequest).ShouldBeGreaterThan(Cases / 2, "most mutations make an event invalid");
    }
}
