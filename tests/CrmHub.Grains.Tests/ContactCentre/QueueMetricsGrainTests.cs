using System.Collections.Immutable;
using CrmHub.Abstractions.ContactCentre;
using ContactChannel = CrmHub.Abstractions.ContactCentre.ContactChannel;
using CrmHub.Abstractions.Events;
using CrmHub.Grains.Tests.Infrastructure;

namespace CrmHub.Grains.Tests.ContactCentre;

/// <summary>D10 figures from a replayed event sequence, through the contact and queue grains, all timing from event time.</summary>
[Collection(ContactCentreCluster.Collection)]
public sealed class QueueMetricsGrainTests(ContactCentreCluster cluster)
{
    private readonly string _queue = Build.Key("queue");

    private IContactGrain Contact(string id) => cluster.Grains.GetGrain<IContactGrain>(id);

    private static InteractionEvent Event(string id, DateTimeOffset at, EventPayload data) =>
        new(id, "/telephony", "cust-replay", at, data);

    [Fact]
    public async Task A_replayed_sequence_gives_the_figures_worked_out_by_hand()
    {
        // Ten minutes ago onwards, within the 30-minute window; threshold 20 s.
        var start = cluster.Clock.GetUtcNow() - TimeSpan.FromMinutes(10);
        DateTimeOffset At(double seconds) => start.AddSeconds(seconds);
        var ids = Enumerable.Range(1, 5).Select(n => Build.Key($"c{n}")).ToArray();
        ContactOffered Offered(string id) => new() { ContactId = id, Channel = ContactChannel.Voice, Queue = _queue };
        var events = new (string Contact, InteractionEvent Event)[]
        {
            // c1: answered after 10 s (within), talk 120 s + wrap-up 30 s.
            (ids[0], Event("1a", At(0), Offered(ids[0]))),
            (ids[0], Event("1b", At(10), new ContactAnswered { ContactId = ids[0], AgentId = "someone" })),
            (ids[0], Event("1c", At(130), new ContactEnded { ContactId = ids[0], WrapUpSeconds = 30 })),
            // c2: answered after 30 s (outside the threshold), talk 300 s.
            (ids[1], Event("2a", At(60), Offered(ids[1]))),
            (ids[1], Event("2b", At(90), new ContactAnswered { ContactId = ids[1], AgentId = "someone" })),
            (ids[1], Event("2c", At(390), new ContactEnded { ContactId = ids[1] })),
            // c3: abandoned after 5 s (before the threshold); c4: after 60 s (after it).
            (ids[2], Event("3a", At(120), Offered(ids[2]))),
            (ids[2], Event("3b", At(125), new ContactAbandoned { ContactId = ids[2] })),
            (ids[3], Event("4a", At(180), Offered(ids[3]))),
            (ids[3], Event("4b", At(240), new ContactAbandoned { ContactId = ids[3] })),
            // c5: still waiting, for 300 s now.
            (ids[4], Event("5a", At(300), Offered(ids[4]))),
        };

        foreach (var (contact, e) in events)
            (await Contact(contact).Apply([e])).ShouldBe([IngestStatus.Accepted]);

        var snapshot = (await cluster.Queue(_queue).GetReport()).Snapshot;
        snapshot.Offered.ShouldBe(5);
        snapshot.Answered.ShouldBe(2);
        snapshot.Abandoned.ShouldBe(2);
        snapshot.Waiting.ShouldBe(1);
        snapshot.LongestWaitSeconds.ShouldBe(300);
        snapshot.ServiceLevel!.Value.ShouldBe(1.0 / 3, 1e-9, "1 within the threshold / (2 answered + 1 abandoned after it)");
        snapshot.AverageSpeedOfAnswerSeconds!.Value.ShouldBe(20, 1e-9, "(10 + 30) / 2");
        snapshot.AbandonmentRate!.Value.ShouldBe(0.5, 1e-9, "2 abandoned / (2 answered + 2 abandoned)");
        snapshot.AverageHandleTimeSeconds!.Value.ShouldBe(225, 1e-9, "((120 + 30) + 300) / 2");
        snapshot.AgentsNeeded.ShouldNotBeNull();
    }

    [Fact]
    public async Task Work_items_submitted_at_the_same_moment_are_all_stored_and_held_after_the_queue_reloads()
    {
        var now = cluster.Clock.GetUtcNow();
        var items = Enumerable.Range(0, 100)
            .Select(n => ContactCentreScene.Item(Build.Key($"burst{n}"), offeredAt: now.AddSeconds(-n)))
            .ToList();

        await Task.WhenAll(items.Select(item => cluster.Queue(_queue).Submit(item)));
        await cluster.Deactivate(cluster.Queue(_queue));

        var snapshot = (await cluster.Queue(_queue).GetReport()).Snapshot;
        snapshot.Offered.ShouldBe(100);
        snapshot.Waiting.ShouldBe(100);
        snapshot.LongestWaitSeconds.ShouldBe(99);
    }

    [Fact]
    public async Task A_resent_event_is_a_duplicate_and_changes_no_figure()
    {
        var id = Build.Key("c");
        var offered = Event("o", cluster.Clock.GetUtcNow(), new ContactOffered { ContactId = id, Channel = ContactChannel.Chat, Queue = _queue });
        await Contact(id).Apply([offered]);

        (await Contact(id).Apply([offered])).ShouldBe(ImmutableArray.Create(IngestStatus.Duplicate));

        (await cluster.Queue(_queue).GetReport()).Snapshot.Offered.ShouldBe(1);
    }

    [Fact]
    public async Task The_overall_view_adds_the_queues_counts_up()
    {
        var other = Build.Key("queue");
        var now = cluster.Clock.GetUtcNow();
        foreach (var queue in new[] { _queue, other })
        {
            var id = Build.Key("c");
            await Contact(id).Apply([Event("o", now, new ContactOffered { ContactId = id, Channel = ContactChannel.Email, Queue = queue })]);
        }

        var overview = await Grains.ContactCentre.QueueOverview.Read(cluster.Grains, Domain.ContactCentre.QueueMetricsSettings.Default, now);

        overview.Queues.Select(snapshot => snapshot.Queue).ShouldContain(_queue);
        overview.Queues.Select(snapshot => snapshot.Queue).ShouldContain(other);
        overview.Overall.Queue.ShouldBe(QueueStatsSnapshot.Overall);
        overview.Overall.Offered.ShouldBe(overview.Queues.Sum(snapshot => snapshot.Offered));
        overview.Overall.Waiting.ShouldBe(overview.Queues.Sum(snapshot => snapshot.Waiting));
    }
}
