using System.Collections.Immutable;
using CrmHub.Abstractions.Events;

namespace CrmHub.Domain.Customers;

/// <summary>
/// The event keys a customer has already processed, bounded: a key is forgotten only when it is
/// older than <see cref="DedupSettings.Retention"/> AND not among the newest
/// <see cref="DedupSettings.MinimumKept"/> keys. Persisted in the same write as the state it guards.
/// </summary>
public sealed record DedupWindow(ImmutableDictionary<string, DateTimeOffset> SeenAt)
{
    public static DedupWindow Empty { get; } = new(ImmutableDictionary<string, DateTimeOffset>.Empty);

    public int Count => SeenAt.Count;

    public bool Contains(EventKey key) => SeenAt.ContainsKey(key.ToString());

    public DedupWindow Remember(EventKey key, DateTimeOffset seenAt) => new(SeenAt.SetItem(key.ToString(), seenAt));

    public DedupWindow Prune(DateTimeOffset now, DedupSettings settings)
    {
        if (SeenAt.Count <= settings.MinimumKept)
            return this;

        var cutoff = now - settings.Retention;
        var forgettable = SeenAt
            .OrderByDescending(entry => entry.Value)
            .Skip(settings.MinimumKept)
            .Where(entry => entry.Value < cutoff)
            .Select(entry => entry.Key)
            .ToList();
        return forgettable.Count == 0 ? this : new(SeenAt.RemoveRange(forgettable));
    }
}

/// <summary>How long processed event keys are remembered (configurable under <c>CrmHub:Ingest</c>).</summary>
public sealed record DedupSettings(TimeSpan Retention, int MinimumKept)
{
    public static DedupSettings Default { get; } = new(TimeSpan.FromDays(7), 1_000);
}
