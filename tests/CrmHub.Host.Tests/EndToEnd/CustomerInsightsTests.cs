using System.Net;
using System.Text.Json.Nodes;
using CrmHub.Host.Tests.Infrastructure;
using static CrmHub.Host.Tests.Infrastructure.CloudEventJson;

namespace CrmHub.Host.Tests.EndToEnd;

/// <summary>The customer 360 view's CRM insights through the real host: events of every kind in, the view out.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class CustomerInsightsTests(SharedHostFixture fixture)
{
    private readonly HostProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_customer_view_shows_classification_value_receivables_satisfaction_man_and_key_account_insights()
    {
        var customerId = NewId("cust");
        var orderId = NewId("order");
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await _host.PostEventsOkAsync(Batch(
            Event("crm.customer.profile", customerId, new JsonObject
            {
                ["name"] = "Lovelace Ltd",
                ["source"] = "Partner",
                ["region"] = "North",
                ["settlement"] = "Credit",
                ["valueStyle"] = "Lighthouse",
            }, time: start),
            Event("crm.purchase", customerId, new JsonObject { ["orderId"] = orderId, ["amount"] = 1000m, ["cost"] = 600m }, time: start.AddMinutes(1)),
            Event("crm.refund", customerId, new JsonObject { ["orderId"] = orderId, ["amount"] = 100m }, time: start.AddMinutes(2)),
            Event("crm.invoice", customerId, new JsonObject { ["invoiceId"] = "INV-1", ["amount"] = 1000m, ["dueAt"] = Time(DateTimeOffset.UtcNow.AddDays(-4.5)) }, time: start.AddMinutes(3)),
            Event("crm.survey", customerId, new JsonObject { ["satisfaction"] = "Advocate", ["agentId"] = "agent1" }, time: start.AddMinutes(4)),
            Event("crm.prospect", customerId, new JsonObject { ["money"] = true, ["authority"] = true, ["need"] = true }, time: start.AddMinutes(5)),
            Event("crm.keyaccount.designation", customerId, new JsonObject
            {
                ["designated"] = true,
                ["managerId"] = "agent2",
                ["sensitivity"] = "PriceSensitive",
                ["visitCadenceDays"] = 14,
            }, time: start.AddMinutes(6)),
            Event("crm.contact", customerId, new JsonObject { ["channel"] = "visit", ["direction"] = "outbound", ["agentId"] = "agent2" }, time: start.AddMinutes(7))), Cancel);

        var view = await GetCustomerAsync(customerId);

        view.String("lifecycleStage").ShouldBe("FirstTime");
        view["winBacks"]!.GetValue<int>().ShouldBe(0);
        view.String("source").ShouldBe("Partner");
        view.String("region").ShouldBe("North");
        view.String("settlement").ShouldBe("Credit");
        view.String("valueStyle").ShouldBe("Lighthouse");
        view.String("behaviour").ShouldBe("Active");
        view["receivables"].String("class").ShouldBe("ShortTerm");
        view["receivables"]!["oldestOverdueDays"]!.GetValue<int>().ShouldBe(5);
        view["profit12Months"]!.GetValue<decimal>().ShouldBe(300m);
        // The tier is this customer's rank in the shared host's whole population, which other tests also fill (D2);
        // the profit-contribution class follows it (D1).
        var tier = view.String("tier");
        var expectedContribution = tier switch { "Platinum" => "VIP", "Gold" => "Core", "Iron" or "Lead" => "General", _ => null };
        expectedContribution.ShouldNotBeNull($"'{tier}' is not a tier");
        view.String("profitContribution").ShouldBe(expectedContribution);
        view["clv"]!["pastValue"]!.GetValue<decimal>().ShouldBe(300m);
        view["clv"]!["retention"]!.GetValue<decimal>().ShouldBe(0.8m);
        view["clv"]!["horizonYears"]!.GetValue<int>().ShouldBe(5);
        view.String("relationshipLevel").ShouldBe("Accountable", "the visit followed the purchase within 14 days");

        var churnRisk = view["churnRisk"]!;
        churnRisk.String("state").ShouldBe("Stable");
        churnRisk["score"]!.GetValue<decimal>().ShouldBeInRange(0m, 1m);
        var signal = churnRisk["signals"]!.AsArray().ShouldHaveSingleItem();
        signal.String("name").ShouldBe("OverdueReceivables");
        signal.String("explanation").ShouldBe("Receivables overdue for 5 days");

        view["satisfaction"].String("latest").ShouldBe("Advocate");
        view["satisfaction"]!["history"]!.AsArray().ShouldHaveSingleItem().String("level").ShouldBe("Advocate");

        view["man"].String("verdict").ShouldBe("Qualified");
        view["man"].String("code").ShouldBe("M+A+N");
        view["man"]!["money"]!.GetValue<bool>().ShouldBeTrue();

        var keyAccount = view["keyAccount"]!;
        keyAccount["isKeyAccount"]!.GetValue<bool>().ShouldBeTrue();
        keyAccount.String("managerId").ShouldBe("agent2");
        keyAccount.String("sensitivity").ShouldBe("PriceSensitive");
        keyAccount["recommendedStrategies"]!.AsArray().Count.ShouldBe(3);
        keyAccount["visitCadenceDays"]!.GetValue<int>().ShouldBe(14);
        keyAccount["lastVisitAt"].ShouldNotBeNull();
        keyAccount["since"].ShouldNotBeNull();
        keyAccount["visitOverdue"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_customer_never_qualified_and_never_designated_has_no_man_and_is_not_a_key_account()
    {
        var customerId = NewId("cust");
        await _host.PostEventsOkAsync(Purchase(customerId, 50m), Cancel);

        var view = await GetCustomerAsync(customerId);

        view.ContainsKey("man").ShouldBeTrue();
        view["man"].ShouldBeNull();
        view["keyAccount"]!["isKeyAccount"]!.GetValue<bool>().ShouldBeFalse();
        view["keyAccount"]!["recommendedStrategies"]!.AsArray().ShouldBeEmpty();
        view["receivables"].String("class").ShouldBe("None");
        view["satisfaction"]!["latest"].ShouldBeNull();
        view["churnRisk"].String("state").ShouldBe("Stable");
    }

    private async Task<JsonObject> GetCustomerAsync(string customerId)
    {
        using var response = await _host.GetAsUserAsync("agent1", $"/api/v1/customers/{customerId}", Cancel);
        return await response.ReadObjectAsync(HttpStatusCode.OK, Cancel);
    }
}
