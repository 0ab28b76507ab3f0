using CrmHub.Abstractions.Complaints;
using CrmHub.Abstractions.Crm;
using CrmHub.Domain.Complaints;

namespace CrmHub.Domain.Tests.Complaints;

public class ComplaintSlaTests
{
    private const double Hour = 60;

    private static SlaEvent Sla(SlaEventKind kind, double minutes) => new(kind, Build.At(minutes));

    /// <summary>A Platinum complaint (1 h / 8 h) listened to at once and apologised for at the given minute.</summary>
    private static ComplaintHandling PlatinumApologisedAt(double minutes) =>
        Build.OpenHandling(Tier.Platinum).Then(ComplaintStep.Listen, 0).Then(ComplaintStep.Apologise, minutes);

    /// <summary>A Platinum complaint taken through ask and record right after an apology at minute 10, then resolved at the given minute.</summary>
    private static ComplaintHandling PlatinumResolvedAt(double minutes, bool agreed = true) =>
        PlatinumApologisedAt(10).Then(ComplaintStep.Ask, 11).Then(ComplaintStep.Record, 12)
            .Then(ComplaintStep.Resolve, minutes, new ResolvePayload("Replace the unit", agreed));

    [Theory]
    [InlineData(Tier.Platinum, 1, 8)]
    [InlineData(Tier.Gold, 4, 24)]
    [InlineData(Tier.Iron, 24, 48)]
    [InlineData(Tier.Lead, 24, 48)]
    public void The_deadlines_follow_the_tier_at_opening_with_warnings_at_80_percent(Tier tier, double firstResponseHours, double resolutionHours)
    {
        var deadlines = ComplaintSla.DeadlinesFor(tier, Build.T0, ComplaintSlaSettings.Default);

        deadlines.ShouldBe(new ComplaintDeadlines(
            tier,
            Build.T0,
            FirstResponseWarningAt: Build.At(firstResponseHours * Hour * 0.8),
            FirstResponseDueAt: Build.At(firstResponseHours * Hour),
            ResolutionWarningAt: Build.At(resolutionHours * Hour * 0.8),
            ResolutionDueAt: Build.At(resolutionHours * Hour)));
    }

    [Fact]
    public void Configured_targets_and_warning_share_replace_the_defaults()
    {
        var settings = ComplaintSlaSettings.Default with { Gold = new(TimeSpan.FromHours(2), TimeSpan.FromHours(10)), WarningShare = 0.5 };

        var deadlines = ComplaintSla.DeadlinesFor(Tier.Gold, Build.T0, settings);

        deadlines.Schedule.ShouldBe([
            Sla(SlaEventKind.FirstResponseWarning, 1 * Hour),
            Sla(SlaEventKind.FirstResponseBreach, 2 * Hour),
            Sla(SlaEventKind.ResolutionWarning, 5 * Hour),
            Sla(SlaEventKind.ResolutionBreach, 10 * Hour),
        ]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_warning_share_outside_zero_to_one_is_rejected(double share) =>
        Should.Throw<ArgumentOutOfRangeException>(() =>
            ComplaintSla.DeadlinesFor(Tier.Gold, Build.T0, ComplaintSlaSettings.Default with { WarningShare = share }));

    [Fact]
    public void A_complaint_keeps_the_deadlines_of_its_opening_tier() =>
        Build.OpenHandling(Tier.Platinum).Then(ComplaintStep.Listen, 0).Deadlines.Tier.ShouldBe(Tier.Platinum);

    [Fact]
    public void The_next_event_of_a_new_platinum_complaint_is_the_first_response_warning_after_48_minutes() =>
        ComplaintSla.NextSlaEvent(Build.OpenHandling(Tier.Platinum), Build.T0).ShouldBe(Sla(SlaEventKind.FirstResponseWarning, 48));

    [Fact]
    public void Nothing_is_due_a_moment_before_the_warning() =>
        ComplaintSla.DueSlaEvents(Build.OpenHandling(Tier.Platinum), Build.At(48).AddTicks(-1)).ShouldBeEmpty();

    [Fact]
    public void The_warning_is_due_exactly_at_80_percent_of_the_interval() =>
        ComplaintSla.DueSlaEvents(Build.OpenHandling(Tier.Platinum), Build.At(48)).ShouldBe([Sla(SlaEventKind.FirstResponseWarning, 48)]);

    [Fact]
    public void The_breach_is_due_exactly_at_the_deadline() =>
        ComplaintSla.DueSlaEvents(Build.OpenHandling(Tier.Platinum), Build.At(Hour))
            .ShouldBe([Sla(SlaEventKind.FirstResponseWarning, 48), Sla(SlaEventKind.FirstResponseBreach, Hour)]);

    [Fact]
    public void A_host_that_was_down_past_every_deadline_gets_all_four_events_at_once_in_time_order() =>
        ComplaintSla.DueSlaEvents(Build.OpenHandling(Tier.Platinum), Build.At(10 * Hour)).ShouldBe([
            Sla(SlaEventKind.FirstResponseWarning, 48),
            Sla(SlaEventKind.FirstResponseBreach, Hour),
            Sla(SlaEventKind.ResolutionWarning, 6.4 * Hour),
            Sla(SlaEventKind.ResolutionBreach, 8 * Hour),
        ]);

    [Fact]
    public void Fired_events_are_not_due_again_and_the_next_one_is_scheduled()
    {
        var handling = Build.OpenHandling(Tier.Platinum);
        var fired = ComplaintSla.RecordFired(handling, ComplaintSla.DueSlaEvents(handling, Build.At(Hour)));

        ComplaintSla.DueSlaEvents(fired, Build.At(Hour)).ShouldBeEmpty();
        ComplaintSla.NextSlaEvent(fired, Build.At(Hour)).ShouldBe(Sla(SlaEventKind.ResolutionWarning, 6.4 * Hour));
    }

    [Fact]
    public void A_first_response_in_time_skips_the_first_response_warning_and_breach()
    {
        var handling = PlatinumApologisedAt(30);

        ComplaintSla.DueSlaEvents(handling, Build.At(2 * Hour)).ShouldBeEmpty();
        ComplaintSla.NextSlaEvent(handling, Build.At(2 * Hour)).ShouldBe(Sla(SlaEventKind.ResolutionWarning, 6.4 * Hour));
    }

    [Fact]
    public void A_first_response_after_the_warning_point_but_before_the_deadline_skips_the_unfired_warning_and_the_breach() =>
        ComplaintSla.DueSlaEvents(PlatinumApologisedAt(55), Build.At(2 * Hour)).ShouldBeEmpty();

    [Fact]
    public void A_first_response_exactly_at_the_deadline_is_in_time() =>
        ComplaintSla.DueSlaEvents(PlatinumApologisedAt(Hour), Build.At(2 * Hour)).ShouldBeEmpty();

    [Fact]
    public void A_late_first_response_still_records_its_breach_but_no_longer_warns() =>
        ComplaintSla.DueSlaEvents(PlatinumApologisedAt(Hour + 1), Build.At(2 * Hour)).ShouldBe([Sla(SlaEventKind.FirstResponseBreach, Hour)]);

    [Fact]
    public void A_step_taken_after_the_instant_asked_about_does_not_count_yet() =>
        ComplaintSla.DueSlaEvents(PlatinumApologisedAt(50), Build.At(49)).ShouldBe([Sla(SlaEventKind.FirstResponseWarning, 48)]);

    [Fact]
    public void A_resolution_the_customer_agreed_to_in_time_leaves_no_event_at_all()
    {
        var handling = PlatinumResolvedAt(2 * Hour);

        ComplaintSla.DueSlaEvents(handling, Build.At(24 * Hour)).ShouldBeEmpty();
        ComplaintSla.NextSlaEvent(handling, Build.At(24 * Hour)).ShouldBeNull();
    }

    [Fact]
    public void A_solution_the_customer_refused_does_not_meet_the_resolution_deadline() =>
        ComplaintSla.DueSlaEvents(PlatinumResolvedAt(2 * Hour, agreed: false), Build.At(8 * Hour))
            .ShouldBe([Sla(SlaEventKind.ResolutionWarning, 6.4 * Hour), Sla(SlaEventKind.ResolutionBreach, 8 * Hour)]);

    [Fact]
    public void A_late_resolution_records_the_resolution_breach() =>
        ComplaintSla.DueSlaEvents(PlatinumResolvedAt(9 * Hour), Build.At(10 * Hour)).ShouldBe([Sla(SlaEventKind.ResolutionBreach, 8 * Hour)]);

    [Fact]
    public void Breaches_are_recorded_with_their_kind_and_deadline_and_warnings_are_not_breaches()
    {
        var handling = Build.OpenHandling(Tier.Platinum);

        var fired = ComplaintSla.RecordFired(handling, ComplaintSla.DueSlaEvents(handling, Build.At(10 * Hour)));

        fired.FiredSlaEvents.Length.ShouldBe(4);
        fired.Breaches.ShouldBe([Sla(SlaEventKind.FirstResponseBreach, Hour), Sla(SlaEventKind.ResolutionBreach, 8 * Hour)]);
    }

    [Fact]
    public void Recording_the_same_event_twice_keeps_it_once()
    {
        var breach = Sla(SlaEventKind.FirstResponseBreach, Hour);

        var fired = ComplaintSla.RecordFired(ComplaintSla.RecordFired(Build.OpenHandling(Tier.Platinum), [breach]), [breach, breach]);

        fired.Breaches.ShouldBe([breach]);
    }

    private static readonly Gen<(ComplaintHandling Handling, double[] Checks)> HandlingAndChecks =
        from apologiseAt in Gen.Choose(0, 600)
        from resolveAfter in Gen.Choose(0, 600)
        from resolved in Gen.Elements(true, false)
        from tier in Gen.Elements(Enum.GetValues<Tier>())
        from checks in Gen.Choose(0, 4000).ArrayOf()
        let apologised = Build.OpenHandling(tier).Then(ComplaintStep.Listen, 0).Then(ComplaintStep.Apologise, apologiseAt)
        let handling = resolved
            ? apologised.Then(ComplaintStep.Ask, apologiseAt).Then(ComplaintStep.Record, apologiseAt).Then(ComplaintStep.Resolve, apologiseAt + resolveAfter)
            : apologised
        select (handling, checks.Order().Select(minutes => (double)minutes).ToArray());

    [Property]
    public Property The_breaches_recorded_do_not_depend_on_how_often_the_host_checked() =>
        Prop.ForAll(HandlingAndChecks.ToArbitrary(), sample =>
        {
            var end = Build.At(4000);
            var checkedOften = sample.Checks.Select(Build.At).Append(end)
                .Aggregate(sample.Handling, (handling, asOf) => ComplaintSla.RecordFired(handling, ComplaintSla.DueSlaEvents(handling, asOf)));
            var checkedOnce = ComplaintSla.RecordFired(sample.Handling, ComplaintSla.DueSlaEvents(sample.Handling, end));

            checkedOften.Breaches.ShouldBe(checkedOnce.Breaches);
        });

    [Property]
    public Property Due_events_are_in_time_order_at_or_before_the_instant_and_once_fired_the_next_event_lies_ahead() =>
        Prop.ForAll(HandlingAndChecks.ToArbitrary(), Gen.Choose(0, 4000).ToArbitrary(), (sample, minutes) =>
        {
            var asOf = Build.At(minutes);
            var due = ComplaintSla.DueSlaEvents(sample.Handling, asOf);
            var fired = ComplaintSla.RecordFired(sample.Handling, due);

            due.ShouldAllBe(sla => sla.At <= asOf);
            due.Select(sla => sla.At).ShouldBeInOrder();
            ComplaintSla.DueSlaEvents(fired, asOf).ShouldBeEmpty();
            (ComplaintSla.NextSlaEvent(fired, asOf) is not { } next || next.At > asOf).ShouldBeTrue();
        });
}
