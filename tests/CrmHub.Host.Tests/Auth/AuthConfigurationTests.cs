using CrmHub.Grains.Staff;
using CrmHub.Host.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Host.Tests.Auth;

public sealed class AuthConfigurationTests
{
    [Theory]
    [InlineData("CrmHub:Auth:SigningKey", null, "CrmHub:Auth:SigningKey must be at least 32 bytes")]
    [InlineData("CrmHub:Auth:SigningKey", "too-short-signing-key", "CrmHub:Auth:SigningKey must be at least 32 bytes")]
    [InlineData("CrmHub:Auth:Users:0:Role", "Agnet", "CrmHub:Auth:Users:0 (agent1) has unknown Role 'Agnet'")]
    [InlineData("CrmHub:Auth:Users:1:PasswordHash", "", "CrmHub:Auth:Users:1 (super1) has no PasswordHash")]
    [InlineData("CrmHub:Auth:Users:1:PasswordHash", "demo", "CrmHub:Auth:Users:1 (super1) has a PasswordHash that is not")]
    [InlineData("CrmHub:Auth:ApiKeys:0:Sha256", "abc123", "CrmHub:Auth:ApiKeys:0 (test-producer) must have a Sha256 of 64 hex")]
    [InlineData("CrmHub:Auth:ApiKeys:0:Sha256", "dev-events-key-dev-events-key-dev-events-key-dev-events-key-0000", "CrmHub:Auth:ApiKeys:0 (test-producer)")]
    [InlineData("CrmHub:Auth:TokenLifetime", "eight hours", "CrmHub:Auth:TokenLifetime")]
    [InlineData("CrmHub:RateLimits:EventProducers:BurstLimit", "0", "CrmHub:RateLimits:EventProducers:BurstLimit must be positive")]
    public void A_configuration_mistake_stops_startup_with_one_line_naming_it(string key, string? value, string expected)
    {
        var builder = AuthTestHost.CreateBuilder(new Dictionary<string, string?> { [key] = value });

        var error = Should.Throw<CrmHubConfigurationException>(() => builder.AddCrmHubAuth());

        error.Message.ShouldContain(expected);
        error.Message.ShouldNotContain('\n');
    }

    [Fact]
    public async Task The_staff_directory_lists_agents_and_supervisors_but_not_admins()
    {
        var builder = AuthTestHost.CreateBuilder(new Dictionary<string, string?> { ["CrmHub:Auth:Users:0:Role"] = "agent" });
        builder.AddCrmHubAuth();
        await using var app = builder.Build();

        var staff = app.Services.GetRequiredService<IStaffDirectory>();

        staff.ShouldBeSameAs(app.Services.GetRequiredService<IStaffDirectory>());
        staff.SupervisorIds.ShouldBe(["super1"]);
        staff.Find("agent1").ShouldBe(new StaffMember("agent1", "Agent One", CrmHubRoles.Agent));
        staff.Find("super1").ShouldBe(new StaffMember("super1", "Super One", CrmHubRoles.Supervisor));
        staff.Find("admin1").ShouldBeNull();
        staff.Find("nobody").ShouldBeNull();
    }
}
