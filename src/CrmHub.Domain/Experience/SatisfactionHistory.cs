using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Experience;

/// <summary>One satisfaction level given by the customer after a contact or survey.</summary>
public sealed record SatisfactionObservation(DateTimeOffset Time, SatisfactionLevel Level);

/// <summary>D8: a customer's satisfaction levels, oldest first.</summary>
public sealed record SatisfactionHistory(ImmutableArray<SatisfactionObservation> Observations)
{
    public static SatisfactionHistory Empty { get; } = new([]);

    /// <summary>
    /// D8: the history in time order. Interpretation: observations at the same instant are ordered best first, so the worse one
    /// counts as the latest; the result does not depend on arrival order, and a tie never hides a fall.
    /// </summary>
    public static SatisfactionHistory Of(IEnumerable<SatisfactionObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return new([.. observations.OrderBy(observation => observation.Time).ThenByDescending(observation => observation.Level)]);
    }

    /// <summary>D8: the history up to and including <paramref name="asOf"/> (later observations are not known yet).</summary>
    public SatisfactionHistory AsOf(DateTimeOffset asOf) =>
        new([.. Observations.Where(observation => observation.Time <= asOf)]);

    /// <summary>D8: the customer's current level, or null when the customer never gave one.</summary>
    public SatisfactionLevel? Latest => Observations.IsEmpty ? null : Observations[^1].Level;

    /// <summary>D8: the level given before the latest one, or null.</summary>
    public SatisfactionLevel? Previous => Observations.Length < 2 ? null : Observations[^2].Level;

    /// <summary>D6/D8 "falling satisfaction": the latest level is below the one before it.</summary>
    public bool IsFalling => Latest < Previous;
}
