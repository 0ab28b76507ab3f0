using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.ContactCentre;

/// <summary>
/// D10: a skill a work item needs (or an agent has) at a minimum level. Text form: <c>billing:3</c> (level 3),
/// <c>billing</c> (level 1) or <c>language:en</c> (a tag whose suffix is not a number: the whole text is the name,
/// level 1). Names are compared without regard to case and kept in lower case.
/// </summary>
public sealed record SkillRequirement(string Name, int MinimumLevel)
{
    /// <summary>Parses the text form; throws <see cref="FormatException"/> when it is not one.</summary>
    public static SkillRequirement Parse(string text) =>
        TryParse(text, out var skill) ? skill : throw new FormatException($"'{text}' is not a skill: use name, name:level (level 1 or more) or a tag such as language:en.");

    /// <summary>Parses the text form; false for empty text, an empty name or a level below 1.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SkillRequirement? skill)
    {
        skill = null;
        var trimmed = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed) || trimmed.StartsWith(':') || trimmed.EndsWith(':'))
            return false;

        var separator = trimmed.LastIndexOf(':');
        var suffix = separator < 0 ? "" : trimmed[(separator + 1)..];
        if (suffix.Length > 0 && suffix.All(char.IsAsciiDigit))
        {
            var name = trimmed[..separator].TrimEnd();
            if (name.Length == 0 || !int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level < 1)
                return false;
            skill = new SkillRequirement(name, level);
            return true;
        }

        skill = new SkillRequirement(trimmed, 1);
        return true;
    }

    /// <summary>
    /// An agent's skills from their text forms, as name → level (case-insensitive names; the highest level wins
    /// when a name repeats). Throws <see cref="FormatException"/> on the first text that is not a skill.
    /// </summary>
    public static IReadOnlyDictionary<string, int> ParseSkills(IEnumerable<string> texts)
    {
        var skills = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var skill in texts.Select(Parse))
            skills[skill.Name] = Math.Max(skill.MinimumLevel, skills.GetValueOrDefault(skill.Name));
        return skills;
    }

    /// <summary>The text form (<c>billing:3</c>; level 1 is written without a suffix only for tags like <c>language:en</c>).</summary>
    public override string ToString() =>
        MinimumLevel == 1 && Name.Contains(':', StringComparison.Ordinal) ? Name : $"{Name}:{MinimumLevel}";
}

/// <summary>
/// D10: an agent as routing sees it. <see cref="FreeCapacity"/> is the free capacity on the channel of the item being
/// routed; <see cref="Skills"/> maps skill names to levels (see <see cref="SkillRequirement.ParseSkills"/>).
/// </summary>
public sealed record RoutingCandidate(
    string AgentId,
    AgentPresence Presence,
    IReadOnlyDictionary<string, int> Skills,
    int FreeCapacity,
    double Occupancy,
    DateTimeOffset IdleSince);

/// <summary>D10: a work item waiting for an agent.</summary>
public sealed record WaitingItem(
    string WorkItemId,
    Tier Tier,
    bool IsKeyAccount,
    string? KeyAccountManagerId,
    DateTimeOffset OfferedAt,
    ContactChannel Channel,
    IReadOnlyList<SkillRequirement> RequiredSkills);

/// <summary>D10 routing: which waiting item goes first and which agent gets it.</summary>
public static class Routing
{
    /// <summary>
    /// D10: the order in which waiting items are served: tier (Platinum, Gold, Iron, Lead), then the longest
    /// waiting (earliest offered), then work item id (ordinal) so the order is stable.
    /// </summary>
    public static IReadOnlyList<WaitingItem> Prioritise(IEnumerable<WaitingItem> items) =>
    [
        .. items
            .OrderBy(item => item.Tier)
            .ThenBy(item => item.OfferedAt)
            .ThenBy(item => item.WorkItemId, StringComparer.Ordinal),
    ];

    /// <summary>
    /// D10: the agent for <paramref name="item"/>, or null when nobody fits. A key account's item goes to its
    /// key-account manager when that agent is Available with free capacity and not excluded. Otherwise the choice is
    /// among Available agents with free capacity, every required skill at or above its level and not in
    /// <paramref name="excluded"/> (e.g. agents who declined or missed this item): lowest occupancy, then longest
    /// idle (earliest <see cref="RoutingCandidate.IdleSince"/>), then agent id (ordinal).
    /// </summary>
    public static string? ChooseAgent(WaitingItem item, IEnumerable<RoutingCandidate> candidates, IReadOnlySet<string> excluded)
    {
        var free = candidates
            .Where(candidate => candidate.Presence == AgentPresence.Available && candidate.FreeCapacity > 0 && !excluded.Contains(candidate.AgentId))
            .ToList();

        if (item.IsKeyAccount && item.KeyAccountManagerId is { } manager && free.Any(candidate => candidate.AgentId == manager))
            return manager;

        return free
            .Where(candidate => item.RequiredSkills.All(required => HasSkill(candidate, required)))
            .OrderBy(candidate => candidate.Occupancy)
            .ThenBy(candidate => candidate.IdleSince)
            .ThenBy(candidate => candidate.AgentId, StringComparer.Ordinal)
            .FirstOrDefault()?.AgentId;
    }

    private static bool HasSkill(RoutingCandidate candidate, SkillRequirement required) =>
        candidate.Skills.TryGetValue(required.Name, out var level) && level >= required.MinimumLevel;
}
