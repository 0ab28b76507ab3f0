using System.Globalization;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Customers;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;

namespace CrmHub.Domain.Tests.Customers;

public class CustomerRecordTests
{
    /// <summary>The insights a day after <see cref="Build.T0"/>, after every event these tests make.</summary>
    private static CustomerInsights InsightsOf(CustomerRecord record) => CustomerInsights.Of(record, Build.Day(1), CrmRuleSettings.Default);

    private static LifecycleStage StageOf(CustomerRecord record) => InsightsOf(record).Lifecycle.Stage;

    /// <summary>One event of any kind, waiting for its time; small value pools so fields and complaint ids collide.</summary>
    private static readonly Gen<Func<DateTimeOffset, InteractionEvent>> AnyEvent = Gen.OneOf(
        from name in Gen.Elements<string?>(null, "Acme", "Acme Ltd")
        from region in Gen.Elements<string?>(null, "EU", "US")
        from owner in Gen.Elements<string?>(null, "agent-1", "agent-2")
        select (Func<DateTimeOffset, InteractionEvent>)(time => Build.Profile(time, name, region, owner: owner)),
        from cents in Gen.Choose(1, 1_000_000)
        select (Func<DateTimeOffset, InteractionEvent>)(time => Build.Purchase(time, cents / 100m)),
        Gen.Constant<Func<DateTimeOffset, InteractionEvent>>(Build.Contact),
        from complaintId in Gen.Elements("C-1", "C-2", "C-3")
        select (Func<DateTimeOffset, InteractionEvent>)(time => Build.Complaint(time, complaintId)));

    /// <summary>Events with distinct times, in time order, plus the same events in a random arrival order.</summary>
    private static readonly Gen<(InteractionEvent[] InTimeOrder, InteractionEvent[] Arrival)> EventsAndArrivalOrder =
        from makers in AnyEvent.ListOf().Select(list => list.Take(40).ToArray())
        let inTimeOrder = makers.Select((make, index) => make(Build.At(index * 7))).ToArray()
        from arrival in Gen.Shuffle(inTimeOrder)
        select (inTimeOrder, arrival);

    private static void ShouldHaveTheSameDerivedState(CustomerRecord actual, CustomerRecord expected)
    {
        actual.PurchaseCount.ShouldBe(expected.PurchaseCount);
        actual.TotalRevenue.ShouldBe(expected.TotalRevenue);
        actual.FirstPurchaseAt.ShouldBe(expected.FirstPurchaseAt);
        actual.LastPurchaseAt.ShouldBe(expected.LastPurchaseAt);
        StageOf(actual).ShouldBe(StageOf(expected));
        actual.Profile.ShouldBe(expected.Profile);
        actual.DisplayName.ShouldBe(expected.DisplayName);
        actual.Purchases.ToArray().ShouldBe(expected.Purchases.ToArray());
        actual.OpenComplaints.ToArray().ShouldBe(expected.OpenComplaints.ToArray());
        actual.Timeline.ToArray().ShouldBe(expected.Timeline.ToArray());
    }

    [Property]
    public Property Applying_events_in_any_order_gives_the_same_customer_as_applying_them_in_time_order() =>
        Prop.ForAll(EventsAndArrivalOrder.ToArbitrary(), Gen.Choose(1, 50).ToArbitrary(), (events, capacity) =>
        {
            var settings = new CustomerSettings(capacity, TimelineInView: 10);

            var inTimeOrder = Build.Customer(events.InTimeOrder, settings);
            var arrived = Build.Customer(events.Arrival, settings);

            ShouldHaveTheSameDerivedState(arrived, inTimeOrder);
            inTimeOrder.Timeline.Select(entry => entry.EventId)
                .ShouldBe(events.InTimeOrder.TakeLast(capacity).Select(e => e.Id), "the newest entries, oldest first");
        });

    [Fact]
    public void The_same_purchases_and_profile_in_a_different_order_give_the_same_customer()
    {
        InteractionEvent[] events =
        [
            Build.Profile(Build.At(0), "Acme", "EU"),
            Build.Purchase(Build.At(10), 100m),
            Build.Purchase(Build.At(20), 20.50m),
        ];

        var inOrder = Build.Customer(events);
        var shuffled = Build.Customer([events[2], events[0], events[1]]);

        ShouldHaveTheSameDerivedState(shuffled, inOrder);
        shuffled.PurchaseCount.ShouldBe(2);
        shuffled.TotalRevenue.ShouldBe(120.50m);
        shuffled.FirstPurchaseAt.ShouldBe(Build.At(10));
        shuffled.LastPurchaseAt.ShouldBe(Build.At(20));
        StageOf(shuffled).ShouldBe(LifecycleStage.Repeat);
        shuffled.Profile.Name.ShouldBe("Acme");
        shuffled.Timeline.Select(entry => entry.EventId).ShouldBe(events.Select(e => e.Id));
    }

    [Fact]
    public void A_new_customer_is_a_potential_customer_without_purchases()
    {
        var customer = CustomerRecord.New(Build.CustomerId);

        StageOf(customer).ShouldBe(LifecycleStage.Potential);
        customer.PurchaseCount.ShouldBe(0);
        customer.TotalRevenue.ShouldBe(0m);
        customer.FirstPurchaseAt.ShouldBeNull();
        customer.LastPurchaseAt.ShouldBeNull();
        customer.Profile.ShouldBe(CustomerProfile.Empty);
    }

    [Fact]
    public void A_customer_with_one_purchase_is_a_first_time_customer() =>
        StageOf(Build.Customer([Build.Purchase(Build.At(0), 10m)])).ShouldBe(LifecycleStage.FirstTime);

    [Fact]
    public void A_customer_with_two_purchases_is_a_repeat_customer() =>
        StageOf(Build.Customer([Build.Purchase(Build.At(0), 10m), Build.Purchase(Build.At(1), 10m)])).ShouldBe(LifecycleStage.Repeat);

    [Fact]
    public void A_late_profile_event_does_not_overwrite_newer_values_but_fills_the_fields_they_left_empty()
    {
        var newer = Build.Profile(Build.At(60), name: "Acme Ltd", region: null, owner: "agent-2");
        var older = Build.Profile(Build.At(0), name: "Acme", region: "EU", industry: "Retail", owner: "agent-1");

        var profile = Build.Customer([newer, older]).Profile;

        profile.Name.ShouldBe("Acme Ltd");
        profile.OwnerAgentId.ShouldBe("agent-2");
        profile.Region.ShouldBe("EU");
        profile.Industry.ShouldBe("Retail");
    }

    [Fact]
    public void A_newer_profile_event_replaces_the_fields_it_sets() =>
        Build.Customer([Build.Profile(Build.At(0), name: "Acme"), Build.Profile(Build.At(1), name: "Acme Ltd")])
            .Profile.Name.ShouldBe("Acme Ltd");

    [Fact]
    public void The_timeline_is_capped_at_its_capacity_keeping_the_newest_entries()
    {
        var settings = new CustomerSettings(TimelineCapacity: 3, TimelineInView: 3);
        var events = Enumerable.Range(0, 6).Select(minute => Build.Contact(Build.At(minute))).ToArray();

        var customer = Build.Customer([events[4], events[1], events[5], events[0], events[3], events[2]], settings);

        customer.Timeline.Select(entry => entry.Time).ShouldBe([Build.At(3), Build.At(4), Build.At(5)]);
    }

    [Fact]
    public void A_late_event_older_than_a_full_timeline_does_not_push_out_a_newer_entry()
    {
        var settings = new CustomerSettings(TimelineCapacity: 2, TimelineInView: 2);

        var customer = Build.Customer([Build.Contact(Build.At(10)), Build.Contact(Build.At(20)), Build.Purchase(Build.At(0), 5m)], settings);

        customer.Timeline.Select(entry => entry.Time).ShouldBe([Build.At(10), Build.At(20)]);
        customer.PurchaseCount.ShouldBe(1, "the cap bounds the timeline, not the facts");
    }

    [Fact]
    public void The_view_shows_the_newest_timeline_entries_newest_first()
    {
        var customer = Build.Customer(Enumerable.Range(0, 5).Select(minute => Build.Contact(Build.At(minute))));

        var view = customer.ToView(timelineEntries: 3, InsightsOf(customer));

        view.Timeline.Select(entry => entry.Time).ShouldBe([Build.At(4), Build.At(3), Build.At(2)]);
    }

    [Fact]
    public void The_view_carries_the_derived_customer_facts()
    {
        var customer = Build.Customer(
        [
            Build.Profile(Build.At(0), "Acme"),
            Build.Purchase(Build.At(1), 99.99m),
            Build.Complaint(Build.At(2), "C-1"),
        ]);

        var view = customer.ToView(timelineEntries: 50, InsightsOf(customer));

        view.CustomerId.ShouldBe(Build.CustomerId);
        view.Profile.ShouldBe(customer.Profile);
        view.LifecycleStage.ShouldBe(LifecycleStage.FirstTime);
        view.PurchaseCount.ShouldBe(1);
        view.TotalRevenue.ShouldBe(99.99m);
        view.FirstPurchaseAt.ShouldBe(Build.At(1));
        view.LastPurchaseAt.ShouldBe(Build.At(1));
        view.OpenComplaints.Select(open => open.ComplaintId).ShouldBe(["C-1"]);
        view.Timeline.Length.ShouldBe(3);
    }

    [Fact]
    public void A_complaint_event_adds_one_open_complaint()
    {
        var customer = Build.Customer([Build.Complaint(Build.At(5), "C-1", "Broken lid")]);

        customer.OpenComplaints.ToArray().ShouldBe([new OpenComplaint("C-1", "Broken lid", Build.At(5))]);
    }

    [Fact]
    public void The_same_complaint_raised_twice_stays_one_open_complaint()
    {
        var customer = Build.Customer([Build.Complaint(Build.At(5), "C-1"), Build.Complaint(Build.At(6), "C-1")]);

        customer.OpenComplaints.Length.ShouldBe(1);
        customer.OpenComplaints[0].OpenedAt.ShouldBe(Build.At(5));
    }

    [Fact]
    public void A_complaint_raised_again_with_an_earlier_time_counts_as_opened_at_the_earlier_time()
    {
        var customer = Build.Customer([Build.Complaint(Build.At(6), "C-1", "Second report"), Build.Complaint(Build.At(5), "C-1", "First report")]);

        customer.OpenComplaints.ToArray().ShouldBe([new OpenComplaint("C-1", "First report", Build.At(5))]);
    }

    [Fact]
    public void Different_complaints_are_each_open()
    {
        var customer = Build.Customer([Build.Complaint(Build.At(5), "C-1"), Build.Complaint(Build.At(6), "C-2")]);

        customer.OpenComplaints.Select(open => open.ComplaintId).ShouldBe(["C-1", "C-2"]);
    }

    [Fact]
    public void The_display_name_falls_back_to_the_customer_id_without_a_profile_name() =>
        Build.Customer([Build.Profile(Build.At(0), region: "EU")]).DisplayName.ShouldBe(Build.CustomerId);

    [Fact]
    public void The_display_name_is_the_profile_name_when_there_is_one() =>
        Build.Customer([Build.Profile(Build.At(0), name: "Acme")]).DisplayName.ShouldBe("Acme");

    [Fact]
    public void A_timeline_entry_records_the_event_identity_type_time_and_summary()
    {
        var purchase = Build.Purchase(Build.At(3), 120.5m, "O-9");

        var entry = Build.Customer([purchase]).Timeline.ShouldHaveSingleItem();

        entry.ShouldBe(new TimelineEntry(purchase.Id, purchase.Source, EventTypes.Purchase, Build.At(3), "Purchase O-9: 120.50 EUR"));
    }

    [Theory]
    [InlineData("Acme", "Profile updated: Acme")]
    [InlineData(null, "Profile updated")]
    public void A_profile_change_is_summarised_with_the_new_name_if_any(string? name, string expected) =>
        CustomerRules.Summarize(new CustomerProfileChanged(name, CustomerSource.Partner, null, null, null, null)).ShouldBe(expected);

    [Theory]
    [InlineData("EUR", "Purchase O-1: 120.50 EUR")]
    [InlineData(null, "Purchase O-1: 120.50")]
    public void A_purchase_is_summarised_with_order_amount_and_currency(string? currency, string expected) =>
        CustomerRules.Summarize(new PurchaseMade("O-1", 120.5m, 80m, currency)).ShouldBe(expected);

    [Fact]
    public void A_purchase_amount_is_written_the_same_way_whatever_the_current_culture()
    {
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        var original = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = commaCulture;
        try
        {
            CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator.ShouldBe(",");
            CustomerRules.Summarize(new PurchaseMade("O-1", 1234.5m, null, null)).ShouldBe("Purchase O-1: 1234.50");
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData("agent-7", "asked about the invoice", "Inbound Phone contact with agent-7: asked about the invoice")]
    [InlineData(null, null, "Inbound Phone contact")]
    public void A_contact_is_summarised_with_direction_channel_agent_and_summary(string? agent, string? summary, string expected) =>
        CustomerRules.Summarize(new ContactMade(ContactChannel.Phone, ContactDirection.Inbound, agent, summary)).ShouldBe(expected);

    [Fact]
    public void A_complaint_is_summarised_with_category_severity_and_subject() =>
        CustomerRules.Summarize(new ComplaintRaised("C-1", "Broken lid", "The lid snapped.", ComplaintCategory.Product, ComplaintSeverity.High))
            .ShouldBe("Product complaint (High): Broken lid");

    [Fact]
    public void An_invoice_is_summarised_with_its_id_amount_and_due_date() =>
        CustomerRules.Summarize(new InvoiceIssued("INV-7", 250m, new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.FromHours(2))))
            .ShouldBe("Invoice INV-7: 250.00 due 2026-12-01");

    [Theory]
    [InlineData("INV-7", "Payment for INV-7: 99.90")]
    [InlineData(null, "Payment: 99.90")]
    public void A_payment_is_summarised_with_its_invoice_if_any_and_amount(string? invoiceId, string expected) =>
        CustomerRules.Summarize(new PaymentReceived(invoiceId, 99.9m)).ShouldBe(expected);

    [Fact]
    public void A_refund_is_summarised_with_its_order_and_amount() =>
        CustomerRules.Summarize(new RefundIssued("O-3", 20m)).ShouldBe("Refund for order O-3: 20.00");

    [Fact]
    public void A_written_off_invoice_is_summarised_with_its_id() =>
        CustomerRules.Summarize(new InvoiceWrittenOff("INV-7")).ShouldBe("Invoice INV-7 written off");

    [Theory]
    [InlineData(null, null, "Survey: Advocate")]
    [InlineData("agent1", "C-1", "Survey: Advocate for agent1 after complaint C-1")]
    public void A_survey_is_summarised_with_the_satisfaction_level_agent_and_complaint(string? agentId, string? complaintId, string expected) =>
        CustomerRules.Summarize(new SurveyAnswered(SatisfactionLevel.Advocate, new ServqualScores(5, 4, null, null, 3), agentId, complaintId))
            .ShouldBe(expected);

    [Theory]
    [InlineData(null, "Prospect assessed: M+a+N")]
    [InlineData(false, "Prospect assessed: M+a+N")]
    [InlineData(true, "Prospect assessed: M+a+N, targeted")]
    public void A_prospect_is_summarised_with_its_man_code_and_whether_it_is_targeted(bool? targeted, string expected) =>
        CustomerRules.Summarize(new ProspectQualified(Money: true, Authority: false, Need: true, targeted)).ShouldBe(expected);

    [Theory]
    [InlineData(true, "manager1", "Designated a key account managed by manager1")]
    [InlineData(true, null, "Designated a key account")]
    [InlineData(false, null, "Key-account designation withdrawn")]
    public void A_key_account_designation_is_summarised_with_its_manager_or_as_withdrawn(bool designated, string? managerId, string expected) =>
        CustomerRules.Summarize(new KeyAccountDesignated(designated, managerId, KeyAccountSensitivity.PriceSensitive, 30, "Grow")).ShouldBe(expected);

    [Fact]
    public void Closing_a_complaint_takes_it_off_the_open_complaints_and_raising_it_again_keeps_it_closed()
    {
        var record = Build.Customer([Build.Complaint(Build.At(1), "C-1"), Build.Complaint(Build.At(2), "C-2")]);

        var closed = CustomerRules.CloseComplaint(record, "C-1");
        closed.OpenComplaints.Select(open => open.ComplaintId).ShouldBe(["C-2"]);
        closed.ComplaintsRaised.Select(raised => raised.ComplaintId).ShouldBe(["C-1", "C-2"], "the history of complaints raised stays");
        CustomerRules.CloseComplaint(closed, "C-1").ShouldBe(closed);

        var raisedAgain = CustomerRules.Apply(closed, Build.Complaint(Build.At(3), "C-1"), CustomerSettings.Default);
        raisedAgain.OpenComplaints.Select(open => open.ComplaintId).ShouldBe(["C-2"]);
    }
}
