using System.Collections.Immutable;
using System.Text.Json;
using CrmHub.Domain.ContactCentre;

namespace CrmHub.Host.Apis.Events;

internal sealed partial class FieldReader
{
    private const int MaxSkills = 32;

    /// <summary>
    /// D10: an optional array of skills in text form (<c>billing:3</c>, <c>language:en</c>); each bad entry is reported
    /// as <c>{name}[i]</c>. Missing: none.
    /// </summary>
    public ImmutableArray<string> Skills(string name)
    {
        if (!TryGet(name, required: false, out var value))
            return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, "Must be an array of skills such as \"billing:3\".");
            return [];
        }
        if (value.GetArrayLength() > MaxSkills)
        {
            Fail(name, $"Must hold at most {MaxSkills} skills.");
            return [];
        }
        var skills = ImmutableArray.CreateBuilder<string>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.String && SkillRequirement.TryParse(element.GetString(), out var skill))
                skills.Add(skill.ToString());
            else
                Fail($"{name}[{index}]", "Must be a skill: name, name:level (level 1 or more) or a tag such as language:en.");
            index++;
        }
        return skills.ToImmutable();
    }
}
