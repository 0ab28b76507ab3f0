using System.Security.Cryptography;
using System.Text;
using CrmHub.Abstractions.ContactCentre;
using CrmHub.Domain.ContactCentre;
using Microsoft.IdentityModel.Tokens;

namespace CrmHub.Host.Auth;

/// <summary>The <c>CrmHub:Auth</c> configuration section: token signing, users and event-producer API keys.</summary>
public sealed class CrmHubAuthOptions
{
    public const string SectionName = "CrmHub:Auth";

    /// <summary>The smallest signing key CrmHub accepts, in UTF-8 bytes (HMAC-SHA256 wants 256 bits).</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>The HMAC-SHA256 key that signs and validates bearer tokens (its UTF-8 bytes).</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an issued token is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public string Issuer { get; set; } = "crmhub";

    public string Audience { get; set; } = "crmhub";

    public List<CrmHubUserOptions> Users { get; set; } = [];

    public List<CrmHubApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>The key that signs and validates tokens.</summary>
    public SymmetricSecurityKey CreateSigningKey() =>
        new(Encoding.UTF8.GetBytes(SigningKey ?? throw new InvalidOperationException("The signing key is not set.")));

    /// <summary>
    /// Binds and validates the section; throws <see cref="CrmHubConfigurationException"/> with one line naming
    /// what to fix. Roles come back in their canonical spelling.
    /// </summary>
    public static CrmHubAuthOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new CrmHubAuthOptions();
        try
        {
            configuration.GetSection(SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new CrmHubConfigurationException(e.Message);
        }

        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (SigningKey is null || Encoding.UTF8.GetByteCount(SigningKey) < MinimumSigningKeyBytes)
        {
            throw new CrmHubConfigurationException(
                $"{SectionName}:SigningKey must be at least {MinimumSigningKeyBytes} bytes " +
                "(set it in configuration or the CrmHub__Auth__SigningKey environment variable).");
        }

        if (TokenLifetime <= TimeSpan.Zero)
            throw new CrmHubConfigurationException($"{SectionName}:TokenLifetime must be positive, such as \"08:00:00\".");
        if (string.IsNullOrWhiteSpace(Issuer))
            throw new CrmHubConfigurationException($"{SectionName}:Issuer must not be empty.");
        if (string.IsNullOrWhiteSpace(Audience))
            throw new CrmHubConfigurationException($"{SectionName}:Audience must not be empty.");

        var userNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            var entry = $"{SectionName}:Users:{i} ({user.UserName})";
            if (string.IsNullOrWhiteSpace(user.UserName))
                throw new CrmHubConfigurationException($"{SectionName}:Users:{i} has no UserName.");
            if (!userNames.Add(user.UserName))
                throw new CrmHubConfigurationException($"{entry} repeats a user name; user names must be unique.");

            var role = CrmHubRoles.All.FirstOrDefault(r => string.Equals(r, user.Role, StringComparison.OrdinalIgnoreCase));
            user.Role = role ?? throw new CrmHubConfigurationException(
                $"{entry} has unknown Role '{user.Role}'; use one of {string.Join(", ", CrmHubRoles.All)}.");

            if (string.IsNullOrWhiteSpace(user.PasswordHash))
            {
                throw new CrmHubConfigurationException(
                    $"{entry} has no PasswordHash (create one with: dotnet run --project src/CrmHub.Host -- hash-password <password>).");
            }

            if (!CrmHubPasswords.LooksLikeHash(user.PasswordHash))
            {
                throw new CrmHubConfigurationException(
                    $"{entry} has a PasswordHash that is not an ASP.NET Core Identity password hash " +
                    "(create one with: dotnet run --project src/CrmHub.Host -- hash-password <password>).");
            }

            if (string.IsNullOrWhiteSpace(user.DisplayName))
                user.DisplayName = user.UserName;

            if (user.Skills.FirstOrDefault(skill => !SkillRequirement.TryParse(skill, out _)) is { } badSkill)
            {
                throw new CrmHubConfigurationException(
                    $"{entry} has Skill '{badSkill}' that is not a skill; use name, name:level (level 1 or more) or a tag such as language:en.");
            }

            if (user.Capacity.Voice < 0 || user.Capacity.Chat < 0 || user.Capacity.Email < 0)
                throw new CrmHubConfigurationException($"{entry} has a negative Capacity; every channel's capacity must be 0 or more.");
        }

        var keyNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var key = ApiKeys[i];
            var entry = $"{SectionName}:ApiKeys:{i} ({key.Name})";
            if (string.IsNullOrWhiteSpace(key.Name))
                throw new CrmHubConfigurationException($"{SectionName}:ApiKeys:{i} has no Name.");
            if (!keyNames.Add(key.Name))
                throw new CrmHubConfigurationException($"{entry} repeats a key name; API key names must be unique.");
            if (key.Sha256 is not { Length: 64 } digest || !digest.All(char.IsAsciiHexDigit))
            {
                throw new CrmHubConfigurationException(
                    $"{entry} must have a Sha256 of 64 hex characters (the SHA-256 digest of the key, never the key itself).");
            }
        }
    }
}

/// <summary>A person who can sign in (<c>CrmHub:Auth:Users</c>).</summary>
public sealed class CrmHubUserOptions
{
    /// <summary>The sign-in name; for agents and supervisors also the agent id.</summary>
    public string UserName { get; set; } = "";

    /// <summary>An ASP.NET Core Identity <c>PasswordHasher</c> hash (see the <c>hash-password</c> command).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Agent, Supervisor or Admin (<see cref="CrmHubRoles"/>).</summary>
    public string Role { get; set; } = "";

    /// <summary>The name to show people; defaults to the user name.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>D10: the agent's teams, which are the queues the agent serves.</summary>
    public List<string> Teams { get; set; } = [];

    /// <summary>D10: the agent's skills in text form (<c>billing:3</c>, <c>technical:2</c>, <c>language:en</c>).</summary>
    public List<string> Skills { get; set; } = [];

    /// <summary>D10: work items per channel at once; absent channels take the defaults (voice 1, chat 3, email 5).</summary>
    public ChannelCapacityOptions Capacity { get; set; } = new();
}

/// <summary>D10: an agent's capacity per channel (<c>CrmHub:Auth:Users:N:Capacity</c>).</summary>
public sealed class ChannelCapacityOptions
{
    public int Voice { get; set; } = ChannelCapacity.Default.Voice;

    public int Chat { get; set; } = ChannelCapacity.Default.Chat;

    public int Email { get; set; } = ChannelCapacity.Default.Email;

    public ChannelCapacity ToCapacity() => new(Voice, Chat, Email);
}

/// <summary>An event producer's API key (<c>CrmHub:Auth:ApiKeys</c>); configuration holds only its digest.</summary>
public sealed class CrmHubApiKeyOptions
{
    /// <summary>The producer's name: the principal name and the rate-limit partition.</summary>
    public string Name { get; set; } = "";

    /// <summary>The SHA-256 digest of the key in hex (either case).</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The digest's bytes.</summary>
    public byte[] DigestBytes() => Convert.FromHexString(Sha256);

    /// <summary>The lowercase hex SHA-256 digest of a key, as configuration stores it.</summary>
    public static string DigestOf(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>The <c>CrmHub:RateLimits:EventProducers</c> section: a token bucket per API key.</summary>
public sealed class EventProducerRateLimitOptions
{
    public const string SectionName = "CrmHub:RateLimits:EventProducers";

    /// <summary>Tokens added to each producer's bucket every second.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>The bucket size: how many requests a producer may send at once.</summary>
    public int BurstLimit { get; set; } = 400;

    /// <summary>Binds and validates the section.</summary>
    public static EventProducerRateLimitOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new EventProducerRateLimitOptions();
        try
        {
            configuration.GetSection(SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new CrmHubConfigurationException(e.Message);
        }

        if (options.PermitsPerSecond <= 0)
            throw new CrmHubConfigurationException($"{SectionName}:PermitsPerSecond must be positive.");
        if (options.BurstLimit <= 0)
            throw new CrmHubConfigurationException($"{SectionName}:BurstLimit must be positive.");

        return options;
    }
}
