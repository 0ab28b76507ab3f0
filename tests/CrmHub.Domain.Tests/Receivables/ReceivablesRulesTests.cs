using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;
using CrmHub.Domain.Receivables;

namespace CrmHub.Domain.Tests.Receivables;

public class ReceivablesRulesTests
{
    private static readonly DateTimeOffset Due = Build.T0;

    private static Invoice Invoice(string id, decimal amount, DateTimeOffset dueAt) => new(id, amount, dueAt);

    private static ReceivablesLedger Ledger(IEnumerable<Invoice> invoices, IEnumerable<Payment>? payments, IEnumerable<WriteOff>? writeOffs) =>
        new([.. invoices], [.. payments ?? []], [.. writeOffs ?? []]);

    private static ReceivablesStatus Classify(
        IEnumerable<Invoice> invoices,
        DateTimeOffset asOf,
        IEnumerable<Payment>? payments = null,
        IEnumerable<WriteOff>? writeOffs = null) =>
        ReceivablesRules.Classify(Ledger(invoices, payments, writeOffs), asOf, ReceivablesSettings.Default);

    private static DateTimeOffset? NextChange(IEnumerable<Invoice> invoices, DateTimeOffset asOf, IEnumerable<Payment>? payments = null, IEnumerable<WriteOff>? writeOffs = null) =>
        ReceivablesRules.NextChangeAt(Ledger(invoices, payments, writeOffs), asOf, ReceivablesSettings.Default);

    /// <summary>The status of a customer with one invoice of 100 due at <see cref="Due"/>, that long after it.</summary>
    private static ReceivablesStatus OneInvoiceOverdueBy(TimeSpan overdue) => Classify([Invoice("I-1", 100m, Due)], Due + overdue);

    private static void ShouldHave(ReceivablesStatus status, ReceivablesClass expected, int? days) =>
        (status.Class, status.OldestOverdueDays).ShouldBe((expected, days));

    [Fact]
    public void A_customer_without_invoices_has_no_receivables() =>
        ReceivablesRules.Classify(ReceivablesLedger.Empty, Due, ReceivablesSettings.Default)
            .ShouldBe(new ReceivablesStatus(ReceivablesClass.None, null, null, 0m, HasWriteOff: false));

    [Fact]
    public void An_invoice_not_yet_due_is_not_overdue() =>
        ShouldHave(OneInvoiceOverdueBy(TimeSpan.FromDays(-1)), ReceivablesClass.None, null);

    [Fact]
    public void An_invoice_at_its_due_instant_is_not_overdue_yet() =>
        ShouldHave(OneInvoiceOverdueBy(TimeSpan.Zero), ReceivablesClass.None, null);

    [Fact]
    public void An_invoice_one_minute_past_due_is_one_day_overdue_and_short_term()
    {
        var status = OneInvoiceOverdueBy(TimeSpan.FromMinutes(1));

        ShouldHave(status, ReceivablesClass.ShortTerm, 1);
        status.OldestOverdueInvoiceId.ShouldBe("I-1");
        status.OverdueAmount.ShouldBe(100m);
    }

    [Fact]
    public void An_invoice_exactly_90_days_overdue_is_still_short_term() =>
        ShouldHave(OneInvoiceOverdueBy(TimeSpan.FromDays(90)), ReceivablesClass.ShortTerm, 90);

    [Fact]
    public void An_invoice_91_days_overdue_is_long_term() =>
        ShouldHave(OneInvoiceOverdueBy(TimeSpan.FromDays(91)), ReceivablesClass.LongTerm, 91);

    [Fact]
    public void An_invoice_a_minute_past_90_days_overdue_is_in_its_91st_day_and_long_term() =>
        ShouldHave(OneInvoiceOverdueBy(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1)), ReceivablesClass.LongTerm, 91);

    [Fact]
    public void An_invoice_exactly_365_days_overdue_is_still_long_term() =>
        ShouldHave(OneInvoiceOverdueBy(TimeSpan.FromDays(365)), ReceivablesClass.LongTerm, 365);

    [Fact]
    public void An_invoice_366_days_overdue_is_bad_debt() =>
        ShouldHave(OneInvoiceOverdueBy(TimeSpan.FromDays(366)), ReceivablesClass.BadDebt, 366);

    [Fact]
    public void The_oldest_overdue_invoice_decides_the_class()
    {
        var status = Classify([Invoice("I-new", 10m, Due.AddDays(100)), Invoice("I-old", 20m, Due)], Due.AddDays(120));

        status.Class.ShouldBe(ReceivablesClass.LongTerm);
        status.OldestOverdueInvoiceId.ShouldBe("I-old");
        status.OldestOverdueDays.ShouldBe(120);
        status.OverdueAmount.ShouldBe(30m);
    }

    [Fact]
    public void A_fully_paid_invoice_is_closed_and_no_longer_overdue() =>
        Classify([Invoice("I-1", 100m, Due)], Due.AddDays(200), [new Payment(60m, "I-1"), new Payment(40m, "I-1")])
            .Class.ShouldBe(ReceivablesClass.None);

    [Fact]
    public void A_partly_paid_invoice_stays_open_for_the_rest()
    {
        var status = Classify([Invoice("I-1", 100m, Due)], Due.AddDays(10), [new Payment(99.99m, "I-1")]);

        status.Class.ShouldBe(ReceivablesClass.ShortTerm);
        status.OverdueAmount.ShouldBe(0.01m);
    }

    [Fact]
    public void A_payment_without_an_invoice_settles_the_oldest_open_invoice_first()
    {
        var status = Classify(
            [Invoice("I-new", 50m, Due.AddDays(100)), Invoice("I-old", 50m, Due)],
            Due.AddDays(120),
            [new Payment(50m)]);

        status.Class.ShouldBe(ReceivablesClass.ShortTerm);
        status.OldestOverdueInvoiceId.ShouldBe("I-new");
        status.OldestOverdueDays.ShouldBe(20);
    }

    [Fact]
    public void What_a_payment_pays_beyond_its_invoice_goes_to_the_oldest_other_open_invoice() =>
        Classify(
                [Invoice("I-old", 50m, Due), Invoice("I-new", 50m, Due.AddDays(100))],
                Due.AddDays(120),
                [new Payment(100m, "I-new")])
            .Class.ShouldBe(ReceivablesClass.None);

    [Fact]
    public void A_payment_naming_an_unknown_invoice_is_treated_as_money_on_account() =>
        Classify([Invoice("I-1", 50m, Due)], Due.AddDays(10), [new Payment(50m, "I-unknown")])
            .Class.ShouldBe(ReceivablesClass.None);

    [Fact]
    public void Invoices_due_at_the_same_instant_are_settled_in_invoice_id_order() =>
        Classify([Invoice("I-b", 50m, Due), Invoice("I-a", 50m, Due)], Due.AddDays(1), [new Payment(50m)])
            .OldestOverdueInvoiceId.ShouldBe("I-b");

    [Fact]
    public void A_written_off_invoice_makes_the_customer_bad_debt_even_when_nothing_else_is_overdue()
    {
        var status = Classify([Invoice("I-1", 100m, Due)], Due.AddDays(1), writeOffs: [new WriteOff("I-1")]);

        status.Class.ShouldBe(ReceivablesClass.BadDebt);
        status.HasWriteOff.ShouldBeTrue();
        status.OldestOverdueDays.ShouldBeNull();
        status.OverdueAmount.ShouldBe(0m);
    }

    [Fact]
    public void A_written_off_invoice_does_not_absorb_money_on_account()
    {
        var status = Classify(
            [Invoice("I-off", 50m, Due), Invoice("I-open", 50m, Due.AddDays(1))],
            Due.AddDays(10),
            [new Payment(20m)],
            [new WriteOff("I-off")]);

        status.OldestOverdueInvoiceId.ShouldBe("I-open");
        status.OverdueAmount.ShouldBe(30m);
    }

    [Fact]
    public void The_day_limits_are_settings() =>
        ReceivablesRules.Classify(
                ReceivablesLedger.Empty with { Invoices = [Invoice("I-1", 100m, Due)] }, Due.AddDays(31), new ReceivablesSettings(ShortTermMaxDays: 30, LongTermMaxDays: 60))
            .Class.ShouldBe(ReceivablesClass.LongTerm);

    [Fact]
    public void An_invoice_listed_twice_is_refused() =>
        Should.Throw<ArgumentException>(() => Classify([Invoice("I-1", 1m, Due), Invoice("I-1", 2m, Due)], Due));

    [Fact]
    public void A_negative_payment_is_refused() =>
        Should.Throw<ArgumentException>(() => Classify([Invoice("I-1", 1m, Due)], Due, [new Payment(-1m)]));

    [Theory]
    [InlineData(ReceivablesClass.None, ReceivablesClass.ShortTerm)]
    [InlineData(ReceivablesClass.ShortTerm, ReceivablesClass.LongTerm)]
    [InlineData(ReceivablesClass.LongTerm, ReceivablesClass.BadDebt)]
    [InlineData(ReceivablesClass.None, ReceivablesClass.BadDebt)]
    public void Moving_to_a_later_class_is_a_worsening(ReceivablesClass previous, ReceivablesClass current) =>
        ReceivablesRules.Worsened(previous, current).ShouldBeTrue();

    [Theory]
    [InlineData(ReceivablesClass.ShortTerm, ReceivablesClass.ShortTerm)]
    [InlineData(ReceivablesClass.LongTerm, ReceivablesClass.ShortTerm)]
    [InlineData(ReceivablesClass.BadDebt, ReceivablesClass.None)]
    public void Staying_or_improving_is_not_a_worsening(ReceivablesClass previous, ReceivablesClass current) =>
        ReceivablesRules.Worsened(previous, current).ShouldBeFalse();

    [Fact]
    public void Only_a_credit_customer_whose_class_worsens_raises_an_alert()
    {
        ReceivablesRules.RaisesAlert(Settlement.Credit, ReceivablesClass.ShortTerm, ReceivablesClass.LongTerm).ShouldBeTrue();
        ReceivablesRules.RaisesAlert(Settlement.Credit, ReceivablesClass.LongTerm, ReceivablesClass.LongTerm).ShouldBeFalse();
        ReceivablesRules.RaisesAlert(Settlement.Cash, ReceivablesClass.ShortTerm, ReceivablesClass.LongTerm).ShouldBeFalse();
        ReceivablesRules.RaisesAlert(Settlement.Prepaid, ReceivablesClass.None, ReceivablesClass.BadDebt).ShouldBeFalse();
        ReceivablesRules.RaisesAlert(null, ReceivablesClass.None, ReceivablesClass.BadDebt).ShouldBeFalse();
    }

    [Fact]
    public void An_invoice_not_yet_due_changes_class_just_after_its_due_instant() =>
        NextChange([Invoice("I-1", 100m, Due)], Due.AddDays(-3)).ShouldBe(Due.AddTicks(1));

    [Fact]
    public void A_short_term_debt_turns_long_term_just_after_exactly_90_days() =>
        NextChange([Invoice("I-1", 100m, Due)], Due.AddDays(10)).ShouldBe(Due.AddDays(90).AddTicks(1));

    [Fact]
    public void At_exactly_90_days_overdue_the_next_change_is_the_very_next_tick() =>
        NextChange([Invoice("I-1", 100m, Due)], Due.AddDays(90)).ShouldBe(Due.AddDays(90).AddTicks(1));

    [Fact]
    public void A_long_term_debt_turns_bad_just_after_exactly_365_days() =>
        NextChange([Invoice("I-1", 100m, Due)], Due.AddDays(91)).ShouldBe(Due.AddDays(365).AddTicks(1));

    [Fact]
    public void Bad_debt_and_a_settled_account_never_change_by_time_alone()
    {
        NextChange([Invoice("I-1", 100m, Due)], Due.AddDays(366)).ShouldBeNull();
        NextChange([Invoice("I-1", 100m, Due)], Due.AddDays(-1), writeOffs: [new WriteOff("I-1")]).ShouldBeNull();
        NextChange([Invoice("I-1", 100m, Due)], Due.AddDays(-1), payments: [new Payment(100m)]).ShouldBeNull();
        NextChange([], Due).ShouldBeNull();
    }

    private static readonly Gen<(Invoice[] Invoices, Payment[] Payments, int AsOfDay)> Accounts =
        from invoiceDays in Gen.Choose(-500, 100).ArrayOf()
        from amounts in Gen.Choose(1, 100).ArrayOf()
        from paymentAmounts in Gen.Choose(0, 100).ArrayOf()
        from target in Gen.Choose(-1, 10).ArrayOf()
        from asOfDay in Gen.Choose(0, 400)
        let invoices = invoiceDays.Take(6).Select((day, index) => Invoice($"I-{index}", amounts.Length == 0 ? 10m : amounts[index % amounts.Length], Due.AddDays(day))).ToArray()
        let payments = paymentAmounts.Take(6).Select((amount, index) =>
            new Payment(amount, target.Length == 0 || target[index % target.Length] < 0 ? null : $"I-{target[index % target.Length]}")).ToArray()
        select (invoices, payments, asOfDay);

    [Property]
    public Property The_class_changes_exactly_at_the_next_change_instant_and_not_before() =>
        Prop.ForAll(Accounts.ToArbitrary(), account =>
        {
            var asOf = Due.AddDays(account.AsOfDay).AddHours(account.AsOfDay % 24);
            var now = Classify(account.Invoices, asOf, account.Payments).Class;
            var next = NextChange(account.Invoices, asOf, account.Payments);

            if (next is { } change)
            {
                change.ShouldBeGreaterThan(asOf);
                Classify(account.Invoices, change.AddTicks(-1), account.Payments).Class.ShouldBe(now);
                var then = Classify(account.Invoices, change, account.Payments).Class;
                (then > now).ShouldBeTrue($"{now} → {then}");
            }
            else
            {
                Classify(account.Invoices, asOf.AddYears(10), account.Payments).Class.ShouldBe(now);
            }
        });

    [Property]
    public Property The_class_never_improves_with_time_alone() =>
        Prop.ForAll(Accounts.ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(), (account, laterDays) =>
        {
            var asOf = Due.AddDays(account.AsOfDay);
            var now = Classify(account.Invoices, asOf, account.Payments).Class;
            var later = Classify(account.Invoices, asOf.AddDays(laterDays), account.Payments).Class;
            (later >= now).ShouldBeTrue($"{now} → {later}");
        });

    [Property]
    public Property The_order_of_invoices_and_payments_does_not_matter() =>
        Prop.ForAll(Accounts.ToArbitrary(), account =>
        {
            var asOf = Due.AddDays(account.AsOfDay);
            Classify(account.Invoices.Reverse(), asOf, account.Payments.Reverse())
                .ShouldBe(Classify(account.Invoices, asOf, account.Payments));
        });
}
