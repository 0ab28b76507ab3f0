using CrmHub.Abstractions.Events;
using CrmHub.Domain.KeyAccounts;

namespace CrmHub.Domain.Tests.KeyAccounts;

public class KeyAccountVisitsTests
{
    private static readonly KeyAccountSettings Settings = KeyAccountSettings.Default;
    private static readonly DateTimeOffset LastVisit = Build.T0;

    private static VisitStatus Status(DateTimeOffset asOf, int? cadenceDays = null, DateTimeOffset? since = null) =>
        KeyAccountVisits.Status(LastVisit, since, cadenceDays, asOf, Settings);

    [Fact]
    public void The_last_visit_is_the_latest_contact_on_the_visit_channel()
    {
        InteractionEvent[] events =
        [
            Build.Visit(Build.At(10)),
            Build.Contact(Build.At(50)),
            Build.Visit(Build.At(30)),
            Build.Purchase(Build.At(60), 100m),
        ];

        KeyAccountVisits.LastVisit(events).ShouldBe(Build.At(30));
    }

    [Fact]
    public void An_account_with_only_other_contacts_has_no_last_visit() =>
        KeyAccountVisits.LastVisit([Build.Contact(Build.At(50))]).ShouldBeNull();

    [Fact]
    public void A_visit_exactly_30_days_ago_is_still_within_the_default_cadence()
    {
        var status = Status(LastVisit.AddDays(30));

        status.VisitOverdue.ShouldBeFalse();
        status.CadenceDays.ShouldBe(30);
        status.VisitDueBy.ShouldBe(LastVisit.AddDays(30));
    }

    [Fact]
    public void An_account_is_overdue_the_moment_after_30_days_and_that_moment_is_its_reminder_time()
    {
        var status = Status(LastVisit.AddDays(30).AddTicks(1));

        status.VisitOverdue.ShouldBeTrue();
        status.OverdueAt.ShouldBe(LastVisit.AddDays(30).AddTicks(1));
        Status(status.OverdueAt!.Value).VisitOverdue.ShouldBeTrue();
    }

    [Fact]
    public void An_account_uses_its_own_cadence_when_it_has_one()
    {
        Status(LastVisit.AddDays(14), cadenceDays: 14).VisitOverdue.ShouldBeFalse();
        Status(LastVisit.AddDays(15), cadenceDays: 14).VisitOverdue.ShouldBeTrue();
    }

    [Fact]
    public void The_default_cadence_is_a_setting() =>
        KeyAccountVisits.Status(LastVisit, null, null, LastVisit.AddDays(8), Settings with { VisitCadenceDays = 7 }).VisitOverdue.ShouldBeTrue();

    [Fact]
    public void A_key_account_never_visited_is_measured_from_when_it_became_one()
    {
        var since = Build.At(60);

        var status = KeyAccountVisits.Status(null, since, null, since.AddDays(31), Settings);

        status.ShouldBe(new VisitStatus(null, 30, since.AddDays(30), since.AddDays(30).AddTicks(1), true));
    }

    [Fact]
    public void A_new_key_account_last_visited_long_before_gets_a_full_cadence_from_becoming_one()
    {
        var since = LastVisit.AddDays(100);

        Status(since.AddDays(30), since: since).VisitOverdue.ShouldBeFalse();
        Status(since.AddDays(31), since: since).VisitOverdue.ShouldBeTrue();
    }

    [Fact]
    public void An_account_neither_visited_nor_key_is_not_measured() =>
        KeyAccountVisits.Status(null, null, null, Build.At(1_000_000), Settings).ShouldBe(new VisitStatus(null, 30, null, null, false));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_cadence_of_less_than_one_day_is_rejected(int cadenceDays) =>
        Should.Throw<ArgumentOutOfRangeException>(() => Status(LastVisit, cadenceDays));

    [Property]
    public Property An_account_is_overdue_exactly_when_more_than_its_cadence_has_passed_since_the_last_visit() =>
        Prop.ForAll(Gen.Choose(1, 120).ToArbitrary(), Gen.Choose(0, 200 * 24).ToArbitrary(), (cadenceDays, hours) =>
            Status(LastVisit.AddHours(hours), cadenceDays).VisitOverdue.ShouldBe(hours > cadenceDays * 24));
}
