using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.KeyAccounts;

/// <summary>D5: whether a customer is a key account, and what the hysteresis and designation rules remember.</summary>
/// <param name="IsKeyAccount">Whether the customer is a key account now.</param>
/// <param name="Since">When it last became a key account; null while it is not one.</param>
/// <param name="ManagerId">Its key-account manager; null while none is assigned or it is not a key account.</param>
/// <param name="ConsecutiveEvaluationsBelowGold">How many evaluations in a row found it below Gold.</param>
/// <param name="Designated">Whether a manager designated it a key account whatever its tier.</param>
/// <param name="Tier">The tier of the latest evaluation; null before the first.</param>
public sealed record KeyAccountState(
    bool IsKeyAccount,
    DateTimeOffset? Since,
    string? ManagerId,
    int ConsecutiveEvaluationsBelowGold,
    bool Designated,
    Tier? Tier)
{
    /// <summary>A customer never evaluated nor designated: not a key account.</summary>
    public static KeyAccountState None { get; } = new(false, null, null, 0, false, null);
}

/// <summary>D5: a customer entering or leaving key-account status.</summary>
public enum KeyAccountMovement
{
    Entered,
    Left,
}

/// <summary>D5: why a customer entered or left key-account status.</summary>
public enum KeyAccountChangeReason
{
    /// <summary>Entered: evaluated Platinum or Gold.</summary>
    ReachedGold,

    /// <summary>Entered: designated by a manager.</summary>
    Designated,

    /// <summary>Left: evaluated below Gold the configured number of times in a row.</summary>
    BelowGold,

    /// <summary>Left: a manager withdrew the designation while the account was below Gold.</summary>
    Undesignated,
}

/// <summary>D5: one transition, so that the key-account manager and consoles can be told (<c>keyAccountChanged</c>).</summary>
public sealed record KeyAccountChange(
    KeyAccountMovement Movement,
    Tier? PreviousTier,
    Tier? Tier,
    KeyAccountChangeReason Reason,
    DateTimeOffset At);

/// <summary>The state after a rule ran, and the transition it caused (null when membership did not change).</summary>
public sealed record KeyAccountOutcome(KeyAccountState State, KeyAccountChange? Change);

/// <summary>D5: where a key account's manager came from.</summary>
public enum KeyAccountManagerSource
{
    /// <summary>The account already had a manager; nothing changed.</summary>
    AlreadyAssigned,

    /// <summary>The configured default key-account manager.</summary>
    DefaultManager,

    /// <summary>The customer's owner agent.</summary>
    OwnerAgent,

    /// <summary>Nobody could be assigned: report the account as unmanaged.</summary>
    Unassigned,

    /// <summary>The customer is not a key account, so it has no manager.</summary>
    NotKeyAccount,
}

/// <summary>The state after a manager assignment, and where its manager came from.</summary>
public sealed record KeyAccountManagerAssignment(KeyAccountState State, KeyAccountManagerSource Source);

/// <summary>D5: key-account membership, identified dynamically with hysteresis so accounts do not flap.</summary>
public static class KeyAccountMembership
{
    /// <summary>
    /// D5: folds one tier evaluation in. Platinum or Gold makes the customer a key account at once; an undesignated
    /// key account leaves only after <see cref="KeyAccountSettings.EvaluationsBelowGoldToLeave"/> consecutive
    /// evaluations below Gold; a designated one never leaves on its tier. Leaving clears the manager (our choice: a
    /// customer who is no longer a key account has no key-account manager to tell).
    /// </summary>
    public static KeyAccountOutcome Evaluate(KeyAccountState state, Tier tier, DateTimeOffset asOf, KeyAccountSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.EvaluationsBelowGoldToLeave, 1, nameof(settings));
        if (AtLeastGold(tier))
        {
            var evaluated = state with { ConsecutiveEvaluationsBelowGold = 0, Tier = tier };
            return state.IsKeyAccount
                ? new(evaluated, null)
                : Enter(evaluated, state.Tier, KeyAccountChangeReason.ReachedGold, asOf);
        }

        var below = state with { ConsecutiveEvaluationsBelowGold = state.ConsecutiveEvaluationsBelowGold + 1, Tier = tier };
        return state.IsKeyAccount && !state.Designated && below.ConsecutiveEvaluationsBelowGold >= settings.EvaluationsBelowGoldToLeave
            ? Leave(below, state.Tier, KeyAccountChangeReason.BelowGold, asOf)
            : new(below, null);
    }

    /// <summary>
    /// D5: a manager designates the customer a key account (it enters at once, whatever its tier) or withdraws the
    /// designation. On designation <paramref name="managerId"/>, when given, becomes the account's key-account manager. Our reading of
    /// "leave only after two consecutive evaluations below Gold (or un-designation)": withdrawing the designation of
    /// an account whose latest tier is below Gold (or unknown) ends key status at once; at Platinum or Gold it stays
    /// and the usual hysteresis applies from then on.
    /// </summary>
    public static KeyAccountOutcome Designate(KeyAccountState state, bool designated, string? managerId, DateTimeOffset asOf)
    {
        var updated = state with
        {
            Designated = designated,
            ManagerId = designated && !string.IsNullOrWhiteSpace(managerId) ? managerId : state.ManagerId,
        };
        if (designated)
            return state.IsKeyAccount ? new(updated, null) : Enter(updated, state.Tier, KeyAccountChangeReason.Designated, asOf);
        return state.IsKeyAccount && !(state.Tier is { } tier && AtLeastGold(tier))
            ? Leave(updated, state.Tier, KeyAccountChangeReason.Undesignated, asOf)
            : new(updated, null);
    }

    /// <summary>
    /// D5: every key account has a manager: one without is given the configured default manager, else the customer's
    /// owner agent, else nobody (reported as <see cref="KeyAccountManagerSource.Unassigned"/> so someone can act).
    /// </summary>
    public static KeyAccountManagerAssignment AssignManager(KeyAccountState state, string? ownerAgentId, KeyAccountSettings settings)
    {
        if (!state.IsKeyAccount)
            return new(state, KeyAccountManagerSource.NotKeyAccount);
        if (!string.IsNullOrWhiteSpace(state.ManagerId))
            return new(state, KeyAccountManagerSource.AlreadyAssigned);
        if (!string.IsNullOrWhiteSpace(settings.DefaultManagerId))
            return new(state with { ManagerId = settings.DefaultManagerId }, KeyAccountManagerSource.DefaultManager);
        return string.IsNullOrWhiteSpace(ownerAgentId)
            ? new(state with { ManagerId = null }, KeyAccountManagerSource.Unassigned)
            : new(state with { ManagerId = ownerAgentId }, KeyAccountManagerSource.OwnerAgent);
    }

    /// <summary>D2/D5: Platinum and Gold are the key-account tiers.</summary>
    public static bool AtLeastGold(Tier tier) => tier is Tier.Platinum or Tier.Gold;

    private static KeyAccountOutcome Enter(KeyAccountState state, Tier? previousTier, KeyAccountChangeReason reason, DateTimeOffset asOf) =>
        new(state with { IsKeyAccount = true, Since = asOf },
            new KeyAccountChange(KeyAccountMovement.Entered, previousTier, state.Tier, reason, asOf));

    private static KeyAccountOutcome Leave(KeyAccountState state, Tier? previousTier, KeyAccountChangeReason reason, DateTimeOffset asOf) =>
        new(state with { IsKeyAccount = false, Since = null, ManagerId = null },
            new KeyAccountChange(KeyAccountMovement.Left, previousTier, state.Tier, reason, asOf));
}
