using CrmHub.Abstractions.Crm;
using CrmHub.Abstractions.Events;

namespace CrmHub.Domain.Relationship;

/// <summary>One contact on the customer's timeline, as the relationship rule needs it.</summary>
public sealed record ContactFact(DateTimeOffset Time, ContactDirection Direction, ContactChannel Channel);

/// <summary>D4/D5: what the key-account side knows about the customer, for the Partnership level.</summary>
public sealed record KeyAccountStanding(bool IsKeyAccount, bool HasPlan, bool ReviewedQuarterly)
{
    public static KeyAccountStanding None { get; } = new(IsKeyAccount: false, HasPlan: false, ReviewedQuarterly: false);

    /// <summary>D4: a key account with a plan that is reviewed quarterly works in partnership.</summary>
    public bool IsPartnership => IsKeyAccount && HasPlan && ReviewedQuarterly;
}

/// <summary>Thresholds of the D4 relationship levels (configurable under <c>CrmHub:Rules</c>).</summary>
/// <param name="FollowUpWithin">Accountable: an outbound contact within this time after a purchase (default 14 days).</param>
/// <param name="ProactiveWindows">Proactive: how many consecutive windows before as-of each need an outbound contact (default 3).</param>
/// <param name="ProactiveWindow">Proactive: the length of one window, "a month" (default 30 days).</param>
public sealed record RelationshipSettings(TimeSpan FollowUpWithin, int ProactiveWindows, TimeSpan ProactiveWindow)
{
    public static RelationshipSettings Default { get; } = new(TimeSpan.FromDays(14), ProactiveWindows: 3, TimeSpan.FromDays(30));
}

/// <summary>D4: Kotler's five relationship levels, recognised from the interaction timeline.</summary>
public static class RelationshipRules
{
    /// <summary>
    /// D4: the current relationship level; the highest level whose condition holds wins.
    /// Only facts at or before <paramref name="asOf"/> count, and every channel counts alike (a follow-up e-mail is a follow-up).
    /// <list type="bullet">
    /// <item>Partnership: <see cref="KeyAccountStanding.IsPartnership"/>.</item>
    /// <item>Proactive: <see cref="IsProactive"/>.</item>
    /// <item>Accountable: <see cref="IsAccountable"/>.</item>
    /// <item>Reactive: the customer has contacts but none of the outbound patterns above. Interpretation: the brief says
    /// "only inbound contacts"; a stray outbound call that is neither a follow-up nor monthly is not a practice,
    /// so it neither lifts the customer to Accountable nor drops it back to Basic.</item>
    /// <item>Basic: no contact recorded at all (no outbound contact, and nothing inbound either).</item>
    /// </list>
    /// </summary>
    public static RelationshipLevel LevelAt(
        IEnumerable<ContactFact> contacts,
        IEnumerable<DateTimeOffset> purchases,
        KeyAccountStanding keyAccount,
        DateTimeOffset asOf,
        RelationshipSettings settings)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(keyAccount);
        ArgumentNullException.ThrowIfNull(settings);

        var known = contacts.Where(contact => contact.Time <= asOf).ToList();
        var outbound = known.Where(contact => contact.Direction == ContactDirection.Outbound).Select(contact => contact.Time).ToList();

        if (keyAccount.IsPartnership)
            return RelationshipLevel.Partnership;
        if (IsProactive(outbound, asOf, settings))
            return RelationshipLevel.Proactive;
        if (IsAccountable(outbound, purchases, asOf, settings))
            return RelationshipLevel.Accountable;
        return known.Count > 0 ? RelationshipLevel.Reactive : RelationshipLevel.Basic;
    }

    /// <summary>
    /// D4 Proactive, "outbound contacts at least monthly": each of the last <see cref="RelationshipSettings.ProactiveWindows"/>
    /// windows of <see cref="RelationshipSettings.ProactiveWindow"/> before <paramref name="asOf"/> holds an outbound contact.
    /// Window k (k = 1, 2, …) is (asOf − k·window, asOf − (k−1)·window]: a contact exactly at a window's start belongs to the older window.
    /// Interpretation: "monthly" as "in each of the last three months" is what a team lead checks on a contact report.
    /// </summary>
    public static bool IsProactive(IEnumerable<DateTimeOffset> outboundContacts, DateTimeOffset asOf, RelationshipSettings settings)
    {
        ArgumentNullException.ThrowIfNull(outboundContacts);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ProactiveWindows <= 0 || settings.ProactiveWindow <= TimeSpan.Zero)
            return false;

        var covered = new bool[settings.ProactiveWindows];
        foreach (var time in outboundContacts)
        {
            var age = asOf - time;
            if (age < TimeSpan.Zero)
                continue;
            // age in [0, window) → window 1; exactly one window old → window 2 (the interval is open at its older end).
            var index = (long)(age.Ticks / settings.ProactiveWindow.Ticks);
            if (index < covered.Length)
                covered[index] = true;
        }
        return covered.All(hit => hit);
    }

    /// <summary>
    /// D4 Accountable, "a follow-up within 14 days after a purchase": the deciding purchase was followed by an outbound contact
    /// in (purchase, purchase + <see cref="RelationshipSettings.FollowUpWithin"/>] (14 days exactly still counts).
    /// Interpretation: the deciding purchase is the latest purchase up to <paramref name="asOf"/> that was either already followed up
    /// or whose follow-up time has run out, so the level reflects the current practice, and a sale made yesterday that nobody has
    /// called about yet does not demote a customer whose previous sale was followed up.
    /// </summary>
    public static bool IsAccountable(
        IEnumerable<DateTimeOffset> outboundContacts,
        IEnumerable<DateTimeOffset> purchases,
        DateTimeOffset asOf,
        RelationshipSettings settings)
    {
        ArgumentNullException.ThrowIfNull(outboundContacts);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(settings);

        var calls = outboundContacts.Where(time => time <= asOf).ToList();
        foreach (var purchase in purchases.Where(time => time <= asOf).OrderDescending())
        {
            var deadline = purchase + settings.FollowUpWithin;
            if (calls.Any(call => call > purchase && call <= deadline))
                return true;
            if (deadline < asOf)
                return false;
        }
        return false;
    }
}
