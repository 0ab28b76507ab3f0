using CrmHub.Domain.ContactCentre;

namespace CrmHub.Domain.Tests.ContactCentre;

public class QueueMetricsTests
{
    // Default settings: 30-minute window, threshold 20 s, target 85%. "Now" is 3,600 s after T0, so the window is
    // [1,800 s, 3,600 s], both ends included.
    private static readonly QueueMetricsSettings Settings = QueueMetricsSettings.Default;
    private static readonly DateTimeOffset Now = At(3_600);

    private static DateTimeOffset At(double seconds) => Build.T0.AddSeconds(seconds);

    private static ContactTiming Answered(string id, double offered, double answered, double? ended = null, double wrapUp = 0) =>
        new(id, At(offered), At(answered), null, ended is { } end ? At(end) : null, wrapUp);

    private static ContactTiming Abandoned(string id, double offered, double abandoned) => new(id, At(offered), null, At(abandoned), null, 0);

    private static ContactTiming Waiting(string id, double offered) => new(id, At(offered), null, null, null, 0);

    /// <summary>A replayed morning; every figure it yields is worked out by hand in the test below.</summary>
    private static ContactTiming[] Replay { get; } =
    [
        Answered("c1", 1_000, 1_010, ended: 1_799),               // last activity 1 s before the window: outside it
        Answered("c12", 1_500, 1_510, ended: 1_800, wrapUp: 10),  // ends exactly at the window start: handled, 290 + 10 = 300 s
        Abandoned("c14", 1_770, 1_800),                            // abandoned exactly at the window start after 30 s: after the threshold
        Answered("c2", 1_790, 1_805, ended: 2_105, wrapUp: 30),   // offered before the window; answered in it after 15 s; handled 300 + 30
        Answered("c3", 1_800, 1_830, ended: 2_030),               // offered exactly at the window start; answered after 30 s (late); handled 200
        Answered("c4", 2_000, 2_020, ended: 2_260, wrapUp: 60),   // answered after exactly 20 s (within); handled 240 + 60 = 300
        Abandoned("c5", 2_500, 2_510),                             // hung up after 10 s: before the threshold
        Abandoned("c6", 2_600, 2_650),                             // hung up after 50 s: after the threshold
        Abandoned("c7", 3_000, 3_020),                             // hung up after exactly 20 s: not after the threshold
        Answered("c8", 3_100, 3_105),                              // answered after 5 s, still talking
        Answered("c15", 3_200, 3_210, ended: 3_400, wrapUp: 10),  // answered after 10 s; handled 190 + 10 = 200
        Waiting("c9", 3_500),                                      // waiting 100 s
        Waiting("c10", 3_580),                                     // waiting 20 s
        Waiting("c11", 3_700),                                     // offered after "now": not yet happened
    ];

    [Fact]
    public void A_replayed_event_sequence_yields_the_figures_worked_out_by_hand()
    {
        var counts = QueueMetrics.Count(Replay, Now, Settings);

        // Offered in [1800, 3600]: c3 (at the boundary), c4, c5, c6, c7, c8, c15, c9, c10 = 9. Not c1, c12, c14, c2 (before), c11 (after).
        counts.Offered.ShouldBe(9);
        counts.ArrivalsPerHour.ShouldBe(18.0); // 9 in half an hour

        // Answered in the window: c2 (15 s), c3 (30 s), c4 (20 s), c8 (5 s), c15 (10 s); within 20 s: c2, c4, c8, c15.
        counts.Answered.ShouldBe(5);
        counts.AnsweredWithinThreshold.ShouldBe(4);
        counts.TotalAnswerWaitSeconds.ShouldBe(80.0);           // 15 + 30 + 20 + 5 + 10
        counts.AverageSpeedOfAnswerSeconds!.Value.ShouldBe(16.0); // 80 / 5

        // Abandoned in the window: c14 (30 s), c5 (10 s), c6 (50 s), c7 (20 s); after the threshold: c14, c6.
        counts.Abandoned.ShouldBe(4);
        counts.AbandonedAfterThreshold.ShouldBe(2);
        counts.AbandonmentRate!.Value.ShouldBe(4.0 / 9, 1e-12); // 4 / (5 answered + 4 abandoned)

        // SL = answered within / (answered + abandoned after the threshold) = 4 / (5 + 2).
        counts.ServiceLevel!.Value.ShouldBe(4.0 / 7, 1e-12);

        // Ended in the window: c12 (300), c2 (330), c3 (200), c4 (300), c15 (200) = 1,330 s over 5. c1 ended before, c8 talks.
        counts.Handled.ShouldBe(5);
        counts.TotalHandleSeconds.ShouldBe(1_330.0);
        counts.AverageHandleTimeSeconds!.Value.ShouldBe(266.0);

        // Waiting now: c9 (100 s) and c10 (20 s).
        counts.Waiting.ShouldBe(2);
        counts.LongestWaitSeconds.ShouldBe(100.0);
        counts.Window.ShouldBe(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Agents_needed_are_the_Erlang_C_staffing_for_the_windows_arrival_rate_and_handle_time()
    {
        // 18 arrivals an hour × 266 s = 1.33 Erlangs. Threshold 20 s, target 85%:
        // N = 2: C = (1.33²/2 · 2/0.67) / (1 + 1.33 + 1.33²/2 · 2/0.67) = 2.64015 / 4.97015 = 0.53120, SL = 0.4949;
        // N = 3: C = 0.17974, SL = 1 − 0.17974 · e^(−1.67·20/266) = 0.8415 < 0.85;
        // N = 4: C = 0.05137, SL = 1 − 0.05137 · e^(−2.67·20/266) = 0.9580 ≥ 0.85 → 4 agents.
        var counts = QueueMetrics.Count(Replay, Now, Settings);

        QueueMetrics.AgentsNeeded(counts, Settings).ShouldBe(4);
    }

    [Fact]
    public void A_contact_still_waiting_longer_than_the_window_counts_as_waiting_because_its_wait_is_ongoing()
    {
        // An email may wait for hours; its only event is its offer, older than the window, but it is waiting now.
        var counts = QueueMetrics.Count([Waiting("email", 0)], Now, Settings);

        counts.Waiting.ShouldBe(1);
        counts.LongestWaitSeconds.ShouldBe(3_600.0);
        counts.Offered.ShouldBe(0);
    }

    [Fact]
    public void Events_later_than_now_have_not_happened_yet()
    {
        // Answered and ended after "now": at "now" the contact is still waiting and nothing is answered or handled.
        var counts = QueueMetrics.Count([Answered("late", 3_590, 3_610, ended: 3_700)], Now, Settings);

        counts.Waiting.ShouldBe(1);
        counts.LongestWaitSeconds.ShouldBe(10.0);
        counts.Offered.ShouldBe(1);
        counts.Answered.ShouldBe(0);
        counts.Handled.ShouldBe(0);
    }

    [Fact]
    public void An_answer_exactly_at_the_window_start_counts_and_one_a_second_earlier_does_not()
    {
        var counts = QueueMetrics.Count([Answered("edge", 1_790, 1_800), Answered("before", 1_789, 1_799)], Now, Settings);

        counts.Answered.ShouldBe(1);
        counts.TotalAnswerWaitSeconds.ShouldBe(10.0);
    }

    [Fact]
    public void Abandoning_within_the_threshold_does_not_count_against_the_service_level_but_later_does()
    {
        var early = QueueMetrics.Count([Answered("a", 2_000, 2_005), Abandoned("quick", 2_000, 2_019)], Now, Settings);
        var late = QueueMetrics.Count([Answered("a", 2_000, 2_005), Abandoned("slow", 2_000, 2_021)], Now, Settings);

        early.ServiceLevel.ShouldBe(1.0); // 1 / (1 + 0)
        early.AbandonmentRate.ShouldBe(0.5);
        late.ServiceLevel.ShouldBe(0.5);  // 1 / (1 + 1)
        late.AbandonmentRate.ShouldBe(0.5);
    }

    [Fact]
    public void An_empty_window_has_no_derived_figures_and_needs_no_agents()
    {
        var counts = QueueMetrics.Count([], Now, Settings);

        counts.ShouldBe(QueueCounts.Empty(Settings.Window));
        counts.ServiceLevel.ShouldBeNull();
        counts.AverageSpeedOfAnswerSeconds.ShouldBeNull();
        counts.AbandonmentRate.ShouldBeNull();
        counts.AverageHandleTimeSeconds.ShouldBeNull();
        counts.ArrivalsPerHour.ShouldBe(0);
        QueueMetrics.AgentsNeeded(counts, Settings).ShouldBeNull();
    }

    [Fact]
    public void Agents_needed_stays_unknown_until_a_contact_has_been_handled()
    {
        var counts = QueueMetrics.Count([Answered("talking", 3_000, 3_005), Waiting("w", 3_500)], Now, Settings);

        counts.Offered.ShouldBe(2);
        QueueMetrics.AgentsNeeded(counts, Settings).ShouldBeNull();
    }

    [Fact]
    public void The_overall_view_adds_the_counts_of_the_queues_instead_of_averaging_their_figures()
    {
        // Billing: 9 answered, all within 20 s (SL 100%). Sales: 1 answered late, 1 abandoned late (SL 0%).
        // Averaging would say 50%; the overall SL is 9 / (10 + 1) = 0.8182.
        var billing = new QueueCounts(1, 12, 9, 9, 9, 0, 0, 45, 9, 1_800, Settings.Window);
        var sales = new QueueCounts(2, 40, 2, 1, 0, 1, 1, 25, 1, 200, Settings.Window);

        var overall = QueueCounts.Combine([billing, sales]);

        overall.ShouldBe(new QueueCounts(3, 40, 11, 10, 9, 1, 1, 70, 10, 2_000, Settings.Window));
        overall.ServiceLevel!.Value.ShouldBe(9.0 / 11, 1e-12);
        overall.AverageSpeedOfAnswerSeconds.ShouldBe(7.0);  // 70 / 10
        overall.AverageHandleTimeSeconds.ShouldBe(200.0);   // 2000 / 10
        overall.ArrivalsPerHour.ShouldBe(22.0);             // 11 in half an hour
    }

    [Fact]
    public void The_overall_view_of_no_queue_is_empty()
    {
        var overall = QueueCounts.Combine([]);

        overall.ShouldBe(QueueCounts.Empty(TimeSpan.Zero));
        overall.ArrivalsPerHour.ShouldBe(0);
    }

    [Fact]
    public void Only_finished_contacts_whose_last_activity_is_older_than_the_window_are_outside_it()
    {
        var outside = Replay.Where(contact => QueueMetrics.IsOutsideWindow(contact, Now, Settings)).Select(contact => contact.ContactId);

        outside.ShouldBe(["c1"]); // c12 and c14 end exactly at the window start; c9, c10 wait; c11 is not offered yet
        QueueMetrics.IsOutsideWindow(Waiting("email", 0), Now, Settings).ShouldBeFalse();
        QueueMetrics.IsOutsideWindow(Answered("long-call", 0, 10), Now, Settings).ShouldBeFalse(); // answered an hour ago, its end will count
        QueueMetrics.IsOutsideWindow(Abandoned("gone", 0, 10), Now, Settings).ShouldBeTrue();
    }

    [Property]
    public Property Forgetting_the_contacts_outside_the_window_changes_no_figure() =>
        Prop.ForAll(Contacts.ArrayOf().ToArbitrary(), contacts =>
        {
            var kept = contacts.Where(contact => !QueueMetrics.IsOutsideWindow(contact, Now, Settings));

            QueueMetrics.Count(kept, Now, Settings).ShouldBe(QueueMetrics.Count(contacts, Now, Settings));
        });

    [Fact]
    public void A_contacts_last_activity_is_its_latest_event()
    {
        Answered("c", 10, 20, ended: 300).LastActivityAt.ShouldBe(At(300));
        Abandoned("c", 10, 40).LastActivityAt.ShouldBe(At(40));
        Waiting("c", 10).LastActivityAt.ShouldBe(At(10));
    }

    private static Gen<ContactTiming> Contacts { get; } =
        from id in Gen.Choose(0, 1_000_000)
        from offered in Gen.Choose(0, 3_700)
        from outcome in Gen.Choose(0, 2)
        from wait in Gen.Choose(0, 120)
        from talk in Gen.Choose(1, 600)
        from ends in Gen.Elements(true, false)
        from wrapUp in Gen.Choose(0, 60)
        select outcome switch
        {
            0 => Waiting($"w{id}", offered),
            1 => Abandoned($"a{id}", offered, offered + wait),
            _ => Answered($"h{id}", offered, offered + wait, ends ? offered + wait + talk : null, wrapUp),
        };

    [Property]
    public Property Counting_two_queues_and_combining_equals_counting_their_contacts_together() =>
        Prop.ForAll(Contacts.ArrayOf().ToArbitrary(), Contacts.ArrayOf().ToArbitrary(), (first, second) =>
        {
            var separately = QueueCounts.Combine([QueueMetrics.Count(first, Now, Settings), QueueMetrics.Count(second, Now, Settings)]);
            var together = QueueMetrics.Count([.. first, .. second], Now, Settings);

            separately.ShouldBe(together);
        });

    [Property]
    public Property Derived_shares_stay_between_zero_and_one() =>
        Prop.ForAll(Contacts.ArrayOf().ToArbitrary(), contacts =>
        {
            var counts = QueueMetrics.Count(contacts, Now, Settings);

            (counts.ServiceLevel ?? 0).ShouldBeInRange(0, 1);
            (counts.AbandonmentRate ?? 0).ShouldBeInRange(0, 1);
            counts.AnsweredWithinThreshold.ShouldBeLessThanOrEqualTo(counts.Answered);
            counts.AbandonedAfterThreshold.ShouldBeLessThanOrEqualTo(counts.Abandoned);
        });
}
