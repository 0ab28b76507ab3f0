using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;

namespace CrmHub.Domain.Tests.Customers;

/// <summary>The record as grain storage keeps it: JSON, derived (get-only) values left out.</summary>
public class CustomerRecordStorageTests
{
    private static readonly JsonSerializerOptions StorageJson = new()
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly string[] FactsAddedLater =
        ["Refunds", "Invoices", "Payments", "WriteOffs", "Contacts", "Surveys", "Prospects", "Designations", "ComplaintsRaised"];

    [Fact]
    public void Every_new_fact_reads_back_from_json()
    {
        var record = Build.Customer(
        [
            Build.Purchase(Build.Day(0), 100m, "O-1"),
            Build.Event(Build.Day(1), new RefundIssued("O-1", 10m)),
            Build.Event(Build.Day(1), new InvoiceIssued("INV-1", 100m, Build.Day(5))),
            Build.Event(Build.Day(2), new PaymentReceived(null, 40m)),
            Build.Event(Build.Day(3), new SurveyAnswered(SatisfactionLevel.Returning, new ServqualScores(5, 4, 3, 2, 1), "agent-1", "C-1")),
            Build.Event(Build.Day(3), new ProspectQualified(true, false, true, true)),
            Build.Event(Build.Day(4), new KeyAccountDesignated(true, "kam-1", KeyAccountSensitivity.ServiceSensitive, 10, "Grow")),
            Build.Visit(Build.Day(4)),
            Build.Complaint(Build.Day(4), "C-1"),
        ]);

        var read = JsonSerializer.Deserialize<CustomerRecord>(JsonSerializer.Serialize(record, StorageJson), StorageJson).ShouldNotBeNull();

        JsonSerializer.Serialize(read, StorageJson).ShouldBe(JsonSerializer.Serialize(record, StorageJson));
        read.Surveys.ShouldHaveSingleItem().Servqual.ShouldBe(new ServqualScores(5, 4, 3, 2, 1));
    }

    [Fact]
    public void A_record_stored_before_the_new_facts_existed_reads_back_with_empty_lists_and_its_insights_work()
    {
        var stored = JsonNode.Parse(JsonSerializer.Serialize(Build.Customer([Build.Purchase(Build.Day(0), 100m)]), StorageJson))!.AsObject();
        foreach (var name in FactsAddedLater)
            stored.Remove(name).ShouldBeTrue(name);

        var read = stored.Deserialize<CustomerRecord>(StorageJson).ShouldNotBeNull();

        read.Refunds.IsDefault.ShouldBeFalse();
        read.ComplaintsRaised.IsDefault.ShouldBeFalse();
        var insights = CustomerInsights.Of(read, Build.Day(1), CrmRuleSettings.Default);
        insights.Lifecycle.Stage.ShouldBe(LifecycleStage.FirstTime);
        insights.Receivables.Class.ShouldBe(ReceivablesClass.None);
    }
}
