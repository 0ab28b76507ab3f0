using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Domain.Receivables;

/// <summary>An invoice to the customer: it must be paid in full by <see cref="DueAt"/>.</summary>
public sealed record Invoice(string InvoiceId, decimal Amount, DateTimeOffset DueAt);

/// <summary>Money received from the customer, for one invoice or (without <see cref="InvoiceId"/>) on account.</summary>
public sealed record Payment(decimal Amount, string? InvoiceId = null);

/// <summary>An invoice the company has given up collecting.</summary>
public sealed record WriteOff(string InvoiceId);

/// <summary>D7: the facts the receivables class is derived from: the customer's invoices, payments and write-offs, in any order.</summary>
public sealed record ReceivablesLedger(ImmutableArray<Invoice> Invoices, ImmutableArray<Payment> Payments, ImmutableArray<WriteOff> WriteOffs)
{
    public static ReceivablesLedger Empty { get; } = new([], [], []);
}

/// <summary>D7: the customer's receivables as of one instant.</summary>
/// <param name="Class">The receivables class.</param>
/// <param name="OldestOverdueDays">Days the oldest overdue open invoice is overdue (a started day counts), or null when nothing open is overdue.</param>
/// <param name="OldestOverdueInvoiceId">The invoice that decides the class by age, or null when nothing open is overdue.</param>
/// <param name="OverdueAmount">What is still unpaid on the overdue open invoices.</param>
/// <param name="HasWriteOff">Whether any invoice was written off (which alone makes the class BadDebt).</param>
public sealed record ReceivablesStatus(
    ReceivablesClass Class,
    int? OldestOverdueDays,
    string? OldestOverdueInvoiceId,
    decimal OverdueAmount,
    bool HasWriteOff);

/// <summary>Thresholds of the D7 receivables classes (configurable under <c>CrmHub:Rules</c>).</summary>
/// <param name="ShortTermMaxDays">ShortTerm while the oldest overdue invoice is at most this many days overdue (default 90).</param>
/// <param name="LongTermMaxDays">LongTerm up to this many days; beyond it BadDebt (default 365).</param>
public sealed record ReceivablesSettings(int ShortTermMaxDays, int LongTermMaxDays)
{
    public static ReceivablesSettings Default { get; } = new(ShortTermMaxDays: 90, LongTermMaxDays: 365);
}

/// <summary>D7: credit and receivables.</summary>
public static class ReceivablesRules
{
    /// <summary>
    /// D7: the receivables class from the oldest overdue invoice: None; ShortTerm (≤ 90 days overdue); LongTerm (91–365);
    /// BadDebt (&gt; 365, or any write-off).
    /// <para>Allocation (interpretation): a payment naming a known invoice goes to that invoice; what exceeds the invoice, payments
    /// without an invoice id and payments naming an unknown invoice are applied to the open invoices oldest due first
    /// (ties by invoice id), as a call-centre user expects money on account to settle the oldest debt. An invoice is open while
    /// what is allocated to it is less than its amount; a written-off invoice is closed (it no longer counts as open or
    /// absorbs money on account) and makes the class BadDebt.</para>
    /// <para>Age (interpretation): an open invoice is overdue once <paramref name="asOf"/> is past its <c>DueAt</c>; its overdue days
    /// count started days, so "≤ 90 days" means at most exactly 90 days after the due instant and one minute more is day 91.</para>
    /// </summary>
    public static ReceivablesStatus Classify(ReceivablesLedger ledger, DateTimeOffset asOf, ReceivablesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (open, hasWriteOff) = OpenInvoices(ledger);
        var overdue = open.Where(entry => entry.Invoice.DueAt < asOf).ToList();
        if (overdue.Count == 0)
            return new(hasWriteOff ? ReceivablesClass.BadDebt : ReceivablesClass.None, null, null, 0m, hasWriteOff);

        var oldest = overdue[0];
        var days = OverdueDays(oldest.Invoice.DueAt, asOf);
        var byAge = days <= settings.ShortTermMaxDays ? ReceivablesClass.ShortTerm
            : days <= settings.LongTermMaxDays ? ReceivablesClass.LongTerm
            : ReceivablesClass.BadDebt;
        return new(
            hasWriteOff ? ReceivablesClass.BadDebt : byAge,
            days,
            oldest.Invoice.InvoiceId,
            overdue.Sum(entry => entry.Unpaid),
            hasWriteOff);
    }

    /// <summary>D7: whether the class got worse (None → ShortTerm → LongTerm → BadDebt).</summary>
    public static bool Worsened(ReceivablesClass previous, ReceivablesClass current) => current > previous;

    /// <summary>D7: a credit customer whose class worsens raises an alert to the account owner; cash and prepaid customers do not.</summary>
    public static bool RaisesAlert(Settlement? settlement, ReceivablesClass previous, ReceivablesClass current) =>
        settlement == Settlement.Credit && Worsened(previous, current);

    /// <summary>
    /// D7: the first instant after <paramref name="asOf"/> at which <see cref="Classify"/> gives another class if no new invoice,
    /// payment or write-off arrives (set a reminder for it), or null when the class can no longer change by time alone (BadDebt).
    /// It is the oldest open invoice's due instant plus 0, 90 or 365 days (the boundary still belongs to the better class)
    /// plus one tick.
    /// </summary>
    public static DateTimeOffset? NextChangeAt(ReceivablesLedger ledger, DateTimeOffset asOf, ReceivablesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (open, hasWriteOff) = OpenInvoices(ledger);
        if (hasWriteOff || open.Count == 0)
            return null;

        var dueAt = open[0].Invoice.DueAt;
        int[] boundaries = [0, settings.ShortTermMaxDays, settings.LongTermMaxDays];
        foreach (var days in boundaries)
        {
            var lastInstantOfClass = dueAt.AddDays(days);
            if (lastInstantOfClass >= asOf)
                return lastInstantOfClass.AddTicks(1);
        }
        return null;
    }

    /// <summary>Whole days overdue, counting a started day: one tick past due is day 1, exactly 90 days past due is day 90.</summary>
    public static int OverdueDays(DateTimeOffset dueAt, DateTimeOffset asOf)
    {
        var ticks = (asOf - dueAt).Ticks;
        return ticks <= 0 ? 0 : (int)((ticks + TimeSpan.TicksPerDay - 1) / TimeSpan.TicksPerDay);
    }

    private sealed record OpenInvoice(Invoice Invoice, decimal Unpaid);

    /// <summary>The open invoices, oldest due first (ties by id), after allocating every payment.</summary>
    private static (List<OpenInvoice> Open, bool HasWriteOff) OpenInvoices(ReceivablesLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);

        var ordered = ledger.Invoices.OrderBy(invoice => invoice.DueAt).ThenBy(invoice => invoice.InvoiceId, StringComparer.Ordinal).ToList();
        var byId = new Dictionary<string, Invoice>(StringComparer.Ordinal);
        foreach (var invoice in ordered)
        {
            if (invoice.Amount < 0)
                throw new ArgumentException($"Invoice {invoice.InvoiceId} has a negative amount.", nameof(ledger));
            if (!byId.TryAdd(invoice.InvoiceId, invoice))
                throw new ArgumentException($"Invoice {invoice.InvoiceId} is listed twice.", nameof(ledger));
        }

        var directed = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var onAccount = 0m;
        foreach (var payment in ledger.Payments)
        {
            if (payment.Amount < 0)
                throw new ArgumentException("A payment cannot be negative.", nameof(ledger));
            if (payment.InvoiceId is { } id && byId.ContainsKey(id))
                directed[id] = directed.GetValueOrDefault(id) + payment.Amount;
            else
                onAccount += payment.Amount;
        }

        var writtenOff = ledger.WriteOffs.Select(writeOff => writeOff.InvoiceId).ToHashSet(StringComparer.Ordinal);
        var open = new List<OpenInvoice>();
        foreach (var invoice in ordered)
        {
            var paid = directed.GetValueOrDefault(invoice.InvoiceId);
            onAccount += Math.Max(0m, paid - invoice.Amount);
            var unpaid = Math.Max(0m, invoice.Amount - paid);
            if (unpaid > 0 && !writtenOff.Contains(invoice.InvoiceId))
                open.Add(new(invoice, unpaid));
        }

        var stillOpen = new List<OpenInvoice>();
        foreach (var entry in open)
        {
            var applied = Math.Min(onAccount, entry.Unpaid);
            onAccount -= applied;
            if (entry.Unpaid > applied)
                stillOpen.Add(entry with { Unpaid = entry.Unpaid - applied });
        }
        return (stillOpen, writtenOff.Count > 0);
    }
}
