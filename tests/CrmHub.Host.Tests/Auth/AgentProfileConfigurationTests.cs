using CrmHub.Abstractions.ContactCentre;
using CrmHub.Grains.Staff;
using CrmHub.Host.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Host.Tests.Auth;

/// <summary>D10: an agent's starting profile from <c>CrmHub:Auth:Users:N:Teams/Skills/Capacity</c>.</summary>
public sealed class AgentProfileConfigurationTests
{
    [Fact]
    public async Task Teams_skills_and_capacity_come_from_configuration_and_absent_channels_take_the_defaults()
    {
        var builder = AuthTestHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["CrmHub:Auth:Users:0:Teams:0"] = "support",
            ["CrmHub:Auth:Users:0:Teams:1"] = "complaints",
            ["CrmHub:Auth:Users:0:Skills:0"] = "billing:3",
            ["CrmHub:Auth:Users:0:Capacity:Chat"] = "2",
        });
        builder.AddCrmHubAuth();
        await using var app = builder.Build();

        var staff = app.Services.GetRequiredService<IStaffDirectory>();

        var agent = staff.Find("agent1").ShouldNotBeNull();
        agent.Profile.Teams.ShouldBe(["support", "complaints"]);
        agent.Profile.Skills.ShouldBe(["billing:3"]);
        agent.Profile.Capacity.ShouldBe(new ChannelCapacity(1, 2, 5));
        staff.Find("super1").ShouldNotBeNull().Profile.Capacity.ShouldBe(ChannelCapacity.Default);
        staff.Members.Select(member => member.Id).ShouldBe(["agent1", "super1"]);
    }

    [Theory]
    [InlineData("CrmHub:Auth:Users:0:Skills:0", "billing:0", "CrmHub:Auth:Users:0 (agent1) has Skill 'billing:0'")]
    [InlineData("CrmHub:Auth:Users:0:Capacity:Voice", "-1", "CrmHub:Auth:Users:0 (agent1) has a negative Capacity")]
    public void A_bad_profile_stops_startup_naming_the_user(string key, string value, string expected)
    {
        var builder = AuthTestHost.CreateBuilder(new Dictionary<string, string?> { [key] = value });

        Should.Throw<CrmHubConfigurationException>(() => builder.AddCrmHubAuth()).Message.ShouldContain(expected);
    }
}
