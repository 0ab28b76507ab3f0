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

        // Only keys older than the retention can go, so only they are ever put in order (a busy customer's window
        // usually holds none): the newest MinimumKept keys are the young ones plus, if those are fewer, the newest old ones.
        var cutoff = now - settings.Retention;
        var old = SeenAt.Where(entry => entry.Value < cutoff).ToList();
        if (old.Count == 0)
            return this;
        var oldKept = Math.Max(0, settings.MinimumKept - (SeenAt.Count - old.Count));
        var forgettable = oldKept == 0 ? old : old.OrderByDescending(entry => entry.Value).Skip(oldKept);
        var keys = forgettable.Select(entry => entry.Key).ToList();
        return keys.Count == 0 ? this : new(SeenAt.RemoveRange(keys));
    }
}

/// <summary>How long processed event keys are remembered (configurable under <c>CrmHub:Ingest</c>).</summary>
public sealed record DedupSettings(TimeSpan Retention, int MinimumKept)
{
    public static DedupSettings Default { get; } = new(TimeSpan.FromDays(7), 1_000);
}
