using System.Security.Cryptography;
using System.Text;
using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace CrmHub.Host.Tests.Auth;

/// <summary>The committed settings files of src/CrmHub.Host, read from the source tree.</summary>
public sealed class DevelopmentSettingsTests
{
    private static IConfigurationRoot Load(string fileName) =>
        new ConfigurationBuilder().AddJsonFile(HostFile(fileName), optional: false).Build();

    private static string HostFile(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CrmHub.Host", fileName);
            if (File.Exists(candidate))
                return candidate;
        }

        throw new FileNotFoundException($"src/CrmHub.Host/{fileName} not found above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void The_development_demo_users_all_sign_in_with_demo()
    {
        var options = CrmHubAuthOptions.Load(Load("appsettings.Development.json"));

        options.Users.Select(u => (u.UserName, u.Role)).ShouldBe(
        [
            ("agent1", CrmHubRoles.Agent),
            ("agent2", CrmHubRoles.Agent),
            ("agent3", CrmHubRoles.Agent),
            ("supervisor1", CrmHubRoles.Supervisor),
            ("admin", CrmHubRoles.Admin),
        ]);
        var hasher = new PasswordHasher<object>();
        foreach (var user in options.Users)
        {
            user.DisplayName.ShouldNotBe(user.UserName);
            hasher.VerifyHashedPassword(new object(), user.PasswordHash, "demo")
                .ShouldBe(PasswordVerificationResult.Success, $"the hash of {user.UserName}");
        }
    }

    [Fact]
    public void The_development_api_key_digest_is_the_sha256_of_dev_events_key()
    {
        var options = CrmHubAuthOptions.Load(Load("appsettings.Development.json"));

        var key = options.ApiKeys.ShouldHaveSingleItem();
        key.Name.ShouldBe("dev-producer");
        key.Sha256.ShouldBe(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("dev-events-key"))), StringCompareShould.IgnoreCase);
    }

    [Fact]
    public void The_shared_settings_hold_no_secrets_users_or_keys_but_the_defaults()
    {
        var settings = Load("appsettings.json");

        settings["CrmHub:Auth:SigningKey"].ShouldBeNull();
        settings.GetSection("CrmHub:Auth:Users").GetChildren().ShouldBeEmpty();
        settings.GetSection("CrmHub:Auth:ApiKeys").GetChildren().ShouldBeEmpty();
        settings["CrmHub:Auth:TokenLifetime"].ShouldBe("08:00:00");
        settings["CrmHub:RateLimits:EventProducers:PermitsPerSecond"].ShouldBe("200");
        settings["CrmHub:RateLimits:EventProducers:BurstLimit"].ShouldBe("400");
    }
}
