using CrmHub.Abstractions.Events;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.Customers;

/// <summary>The customer tunables of <c>CrmHub:Customers</c> reach the grain (dedup window, timeline shown).</summary>
[Collection(SmallLimitsCluster.Collection)]
public sealed class ConfiguredCustomerLimitsTests(SmallLimitsCluster cluster)
{
    private readonly TestCustomer _customer = new(cluster.Grains);

    [Fact]
    public async Task The_view_shows_only_the_configured_number_of_newest_timeline_entries()
    {
        var contacts = Enumerable.Range(0, 5).Select(minute => _customer.Contact(Build.At(minute))).ToArray();

        await _customer.Apply(contacts);

        (await _customer.View()).Timeline.Select(entry => entry.EventId)
            .ShouldBe(contacts.Reverse().Take(SmallLimitsCluster.TimelineInView).Select(e => e.Id));
    }

    [Fact]
    public async Task A_key_is_remembered_while_it_is_among_the_newest_kept_whatever_its_age()
    {
        await _customer.Apply(_customer.Contact(Build.At(0)));
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = _customer.Contact(Build.At(1));
        await _customer.Apply(second);

        cluster.Clock.Advance(SmallLimitsCluster.Retention * 3);
        await _customer.Apply(_customer.Contact(Build.At(2)));

        (await _customer.Apply(second)).ShouldBe([IngestStatus.Duplicate]);
    }

    [Fact]
    public async Task A_key_older_than_the_window_and_beyond_the_newest_kept_is_forgotten()
    {
        var oldest = _customer.Contact(Build.At(0));
        await _customer.Apply(oldest);
        cluster.Clock.Advance(SmallLimitsCluster.Retention * 2);
        var newer = _customer.Contact(Build.At(1));
        await _customer.Apply(newer);
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));

        await _customer.Apply(_customer.Contact(Build.At(2)));

        (await _customer.Apply(newer)).ShouldBe([IngestStatus.Duplicate]);
        (await _customer.Apply(oldest)).ShouldBe([IngestStatus.Accepted], "the documented dedup window has passed for it");
    }
}
