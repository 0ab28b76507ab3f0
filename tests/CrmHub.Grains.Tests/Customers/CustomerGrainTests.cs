using CrmHub.Abstractions.Events;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Customers;

[Collection(MemoryCluster.Collection)]
public sealed class CustomerGrainTests(MemoryCluster cluster)
{
    private readonly TestCustomer _customer = new(cluster.Grains);

    [Fact]
    public async Task The_view_of_a_customer_no_event_was_ever_accepted_for_is_null()
    {
        (await _customer.Grain.GetView()).ShouldBeNull();
    }

    [Fact]
    public async Task A_reposted_event_comes_back_duplicate_and_changes_nothing()
    {
        var purchase = _customer.Purchase(Build.At(10), 100m);
        (await _customer.Apply(_customer.Profile(Build.At(0), "Ada"), purchase)).ShouldBe([IngestStatus.Accepted, IngestStatus.Accepted]);
        var before = await _customer.View();

        (await _customer.Apply(purchase)).ShouldBe([IngestStatus.Duplicate]);

        (await _customer.View()).ShouldMatch(before);
    }

    [Fact]
    public async Task The_same_id_from_another_source_is_a_different_event()
    {
        var first = _customer.Purchase(Build.At(10), 100m);
        var sameIdOtherSource = _customer.Event(Build.At(11), new PurchaseMade("O-2", 50m, null, "EUR"), id: first.Id, source: "pos");

        (await _customer.Apply(first, sameIdOtherSource)).ShouldBe([IngestStatus.Accepted, IngestStatus.Accepted]);

        (await _customer.View()).PurchaseCount.ShouldBe(2);
    }

    [Fact]
    public async Task A_reposted_event_is_still_a_duplicate_after_the_grain_was_deactivated_and_reactivated()
    {
        var purchase = _customer.Purchase(Build.At(10), 100m);
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada"), purchase);
        var before = await _customer.View();

        await cluster.Deactivate(_customer.Grain);

        (await _customer.Apply(purchase)).ShouldBe([IngestStatus.Duplicate]);
        (await _customer.View()).ShouldMatch(before);
    }

    [Fact]
    public async Task Two_copies_of_one_event_in_a_batch_are_accepted_once_then_reported_duplicate()
    {
        var purchase = _customer.Purchase(Build.At(10), 100m);

        (await _customer.Apply(purchase, purchase)).ShouldBe([IngestStatus.Accepted, IngestStatus.Duplicate]);

        var view = await _customer.View();
        view.PurchaseCount.ShouldBe(1);
        view.TotalRevenue.ShouldBe(100m);
        view.Timeline.Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_of_only_duplicates_reports_each_as_duplicate()
    {
        var profile = _customer.Profile(Build.At(0), "Ada");
        var purchase = _customer.Purchase(Build.At(10), 100m);
        await _customer.Apply(profile, purchase);

        (await _customer.Apply(purchase, profile, purchase)).ShouldBe([IngestStatus.Duplicate, IngestStatus.Duplicate, IngestStatus.Duplicate]);
    }

    [Fact]
    public async Task A_customer_known_only_by_profile_is_potential()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada"));

        var view = await _customer.View();
        view.LifecycleStage.ShouldBe(LifecycleStage.Potential);
        view.PurchaseCount.ShouldBe(0);
        view.FirstPurchaseAt.ShouldBeNull();
    }

    [Fact]
    public async Task One_purchase_makes_a_first_time_customer_and_a_second_a_repeat_customer()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada"), _customer.Purchase(Build.At(10), 100m));
        (await _customer.View()).LifecycleStage.ShouldBe(LifecycleStage.FirstTime);

        await _customer.Apply(_customer.Purchase(Build.At(20), 40m));

        var view = await _customer.View();
        view.LifecycleStage.ShouldBe(LifecycleStage.Repeat);
        view.PurchaseCount.ShouldBe(2);
        view.TotalRevenue.ShouldBe(140m);
    }

    [Fact]
    public async Task A_late_purchase_older_than_the_latest_still_counts_and_purchases_are_ordered_by_event_time()
    {
        await _customer.Apply(_customer.Purchase(Build.At(60), 100m, "O-late-arrival-newer"));

        await _customer.Apply(_customer.Purchase(Build.At(30), 40m, "O-early"));

        var view = await _customer.View();
        view.PurchaseCount.ShouldBe(2);
        view.TotalRevenue.ShouldBe(140m);
        view.LifecycleStage.ShouldBe(LifecycleStage.Repeat);
        view.FirstPurchaseAt.ShouldBe(Build.At(30));
        view.LastPurchaseAt.ShouldBe(Build.At(60));
    }

    [Fact]
    public async Task The_timeline_is_ordered_by_event_time_newest_first_whatever_the_arrival_order()
    {
        var contact = _customer.Contact(Build.At(20));
        var purchase = _customer.Purchase(Build.At(30), 10m);
        var profile = _customer.Profile(Build.At(10), "Ada");

        await _customer.Apply(purchase);
        await _customer.Apply(profile, contact);

        (await _customer.View()).Timeline.Select(entry => entry.EventId).ShouldBe([purchase.Id, contact.Id, profile.Id]);
    }

    [Fact]
    public async Task An_older_profile_event_arriving_late_does_not_overwrite_a_newer_name()
    {
        await _customer.Apply(_customer.Profile(Build.At(20), "Ada Lovelace", region: "North"));

        await _customer.Apply(_customer.Profile(Build.At(10), "Ada Byron", region: null));

        var profile = (await _customer.View()).Profile;
        profile.Name.ShouldBe("Ada Lovelace");
        profile.Region.ShouldBe("North");
    }

    [Fact]
    public async Task The_same_event_applied_concurrently_from_many_tasks_is_accepted_exactly_once()
    {
        var purchase = _customer.Purchase(Build.At(10), 100m);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => _customer.Apply(purchase))));

        results.SelectMany(statuses => statuses).Count(status => status == IngestStatus.Accepted).ShouldBe(1);
        results.SelectMany(statuses => statuses).Count(status => status == IngestStatus.Duplicate).ShouldBe(31);
        (await _customer.View()).PurchaseCount.ShouldBe(1);
    }
}
