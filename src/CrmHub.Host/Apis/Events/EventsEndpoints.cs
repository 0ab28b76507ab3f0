using System.Collections.Immutable;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Host.Auth;
using CrmHub.Host.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CrmHub.Host.Apis.Events;

public static partial class EventsEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PostEvents)
            .WithName("PostEvents")
            .WithTags("Events")
            .WithSummary("Accepts one CloudEvent or a batch of up to 1,000; answers once every accepted event is durable.")
            .Accepts<object>(false, "application/cloudevents+json", "application/cloudevents-batch+json", "application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(AuthPolicies.EventProducer)
            .RequireRateLimiting(RateLimitPolicies.EventProducers);
        return api;
    }

    internal static async Task<Results<Ok<IngestResponse>, ValidationProblem, ProblemHttpResult>> PostEvents(
        HttpRequest request, IGrainFactory grains, CrmHubMetrics metrics, ILogger<IngestResponse> logger, CancellationToken cancellationToken)
    {
        if (!TryReadBatchFlag(request.ContentType, out var expectBatch))
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
                "Send application/cloudevents+json, application/cloudevents-batch+json or application/json.");

        var body = await RequestBody.ReadAtMostAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"The body may be at most {MaxBodyBytes} bytes.");

        var parsed = CloudEventParser.Parse(body.Value, expectBatch);
        if (parsed.TooLargeReason is { } tooLarge)
            return Problem(StatusCodes.Status413PayloadTooLarge, "The batch is too large.", tooLarge);
        if (parsed.Errors is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The events are not valid; none was applied.");

        IngestStatus[] statuses;
        try
        {
            statuses = await ApplyByCustomer(grains, parsed.Events);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStorageFailure(logger, e);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, "The events could not be stored.",
                "Events that were not acknowledged were not applied; retrying the same request is safe.");
        }

        var response = IngestResponse.From(parsed.Events, statuses);
        metrics.EventsAccepted(response.Accepted);
        metrics.EventsDuplicated(response.Duplicates);
        return TypedResults.Ok(response);
    }

    /// <summary>
    /// One grain call per customer, all in parallel; statuses come back in request order. Contact-centre lifecycle
    /// events (D10) go to their contact's grain instead, one call per contact.
    /// </summary>
    private static async Task<IngestStatus[]> ApplyByCustomer(IGrainFactory grains, ImmutableArray<InteractionEvent> events)
    {
        var statuses = new IngestStatus[events.Length];
        var calls = events
            .Select((e, index) => (e, index))
            .GroupBy(item => item.e.Data is ContactCentreEvent contact ? (IsContact: true, Key: contact.ContactId) : (IsContact: false, Key: item.e.CustomerId))
            .Select(async group =>
            {
                var items = group.ToList();
                ImmutableArray<InteractionEvent> batch = [.. items.Select(item => item.e)];
                var result = group.Key.IsContact
                    ? await grains.GetGrain<IContactGrain>(group.Key.Key).Apply(batch)
                    : (await grains.GetGrain<ICustomerGrain>(group.Key.Key).Apply(batch)).Statuses;
                for (var i = 0; i < items.Count; i++)
                    statuses[items[i].index] = result[i];
            });
        await Task.WhenAll(calls);
        return statuses;
    }

    /// <summary>True for a JSON content type; the flag says whether the type itself promises a batch (null: either).</summary>
    private static bool TryReadBatchFlag(string? contentType, out bool? expectBatch)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        expectBatch = mediaType switch
        {
            "application/cloudevents-batch+json" => true,
            "application/cloudevents+json" => false,
            _ => null,
        };
        return mediaType is "application/cloudevents-batch+json" or "application/cloudevents+json" or "application/json";
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing events failed; answered 503")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception);
}

/// <summary>The answer to a POST of events.</summary>
public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<IngestResponseItem> Results)
{
    public static IngestResponse From(IReadOnlyList<InteractionEvent> events, IReadOnlyList<IngestStatus> statuses)
    {
        var results = events.Select((e, index) => new IngestResponseItem(
            e.Id, e.Source, statuses[index] == IngestStatus.Accepted ? "accepted" : "duplicate")).ToList();
        var accepted = statuses.Count(status => status == IngestStatus.Accepted);
        return new IngestResponse(accepted, statuses.Count - accepted, results);
    }
}

public sealed record IngestResponseItem(string Id, string Source, string Status);
