using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CrmHub.Abstractions.Events;

namespace CrmHub.Simulation;

/// <summary>
/// Writes interaction events as a producer sends them to <c>POST /api/v1/events</c>: CloudEvents 1.0 structured JSON,
/// a batch as a JSON array (<see cref="BatchContentType"/>), with <c>data</c> as the README's event table describes it.
/// </summary>
public static class CloudEventWriter
{
    public const string BatchContentType = "application/cloudevents-batch+json";

    /// <summary>The UTF-8 JSON body of a batch.</summary>
    public static byte[] Batch(IEnumerable<InteractionEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in events)
                Write(writer, e);
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One event as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, InteractionEvent e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);
        writer.WriteStartObject();
        writer.WriteString("specversion", "1.0");
        writer.WriteString("id", e.Id);
        writer.WriteString("source", e.Source);
        writer.WriteString("type", e.Data.EventType);
        writer.WriteString("subject", e.CustomerId);
        writer.WriteString("time", Timestamp(e.Time));
        writer.WriteString("datacontenttype", "application/json");
        writer.WriteStartObject("data");
        WriteData(writer, e.Data);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, EventPayload payload)
    {
        switch (payload)
        {
            case CustomerProfileChanged p:
                Optional(writer, "name", p.Name);
                Optional(writer, "source", p.Source?.ToString());
                Optional(writer, "region", p.Region);
                Optional(writer, "settlement", p.Settlement?.ToString());
                Optional(writer, "industry", p.Industry);
                Optional(writer, "ownerAgentId", p.OwnerAgentId);
                Optional(writer, "valueStyle", p.ValueStyle?.ToString());
                Optional(writer, "sensitivity", p.Sensitivity?.ToString());
                break;
            case PurchaseMade p:
                writer.WriteString("orderId", p.OrderId);
                writer.WriteNumber("amount", p.Amount);
                if (p.Cost is { } cost)
                    writer.WriteNumber("cost", cost);
                Optional(writer, "currency", p.Currency);
                break;
            case ContactMade c:
                writer.WriteString("channel", c.Channel.ToString());
                writer.WriteString("direction", c.Direction.ToString());
                Optional(writer, "agentId", c.AgentId);
                Optional(writer, "summary", c.Summary);
                break;
            case ComplaintRaised c:
                writer.WriteString("complaintId", c.ComplaintId);
                writer.WriteString("subject", c.Subject);
                writer.WriteString("description", c.Description);
                writer.WriteString("category", c.Category.ToString());
                writer.WriteString("severity", c.Severity.ToString());
                break;
            case InvoiceIssued i:
                writer.WriteString("invoiceId", i.InvoiceId);
                writer.WriteNumber("amount", i.Amount);
                writer.WriteString("dueAt", Timestamp(i.DueAt));
                break;
            case PaymentReceived p:
                Optional(writer, "invoiceId", p.InvoiceId);
                writer.WriteNumber("amount", p.Amount);
                break;
            case SurveyAnswered s:
                writer.WriteString("satisfaction", s.Satisfaction.ToString());
                if (s.Servqual is { } servqual)
                {
                    writer.WriteStartObject("servqual");
                    Optional(writer, "tangibles", servqual.Tangibles);
                    Optional(writer, "empathy", servqual.Empathy);
                    Optional(writer, "assurance", servqual.Assurance);
                    Optional(writer, "responsiveness", servqual.Responsiveness);
                    Optional(writer, "reliability", servqual.Reliability);
                    writer.WriteEndObject();
                }
                Optional(writer, "agentId", s.AgentId);
                Optional(writer, "complaintId", s.ComplaintId);
                break;
            case KeyAccountDesignated k:
                writer.WriteBoolean("designated", k.Designated);
                Optional(writer, "managerId", k.ManagerId);
                Optional(writer, "sensitivity", k.Sensitivity?.ToString());
                Optional(writer, "visitCadenceDays", k.VisitCadenceDays);
                Optional(writer, "goals", k.Goals);
                break;
            default:
                throw new NotSupportedException($"The simulation does not write {payload.EventType} events.");
        }
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }

    private static void Optional(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
            writer.WriteNumber(name, number);
    }
}
