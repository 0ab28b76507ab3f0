using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrmHub.Host.Auth;

/// <summary>Checks passwords against the configured users and issues signed bearer tokens.</summary>
public sealed partial class CrmHubTokenService
{
    private readonly CrmHubAuthOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<CrmHubTokenService> logger;
    private readonly Dictionary<string, CrmHubUserOptions> users;
    private readonly SigningCredentials signingCredentials;
    private readonly JsonWebTokenHandler handler = new();

    // Verified when the user is unknown, so an unknown user costs as much time as a wrong password.
    private readonly Lazy<string> dummyHash = new(() => CrmHubPasswords.Hash(Guid.NewGuid().ToString()));

    public CrmHubTokenService(CrmHubAuthOptions options, TimeProvider time, ILogger<CrmHubTokenService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time;
        this.logger = logger;
        users = options.Users.ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
        signingCredentials = new SigningCredentials(options.CreateSigningKey(), SecurityAlgorithms.HmacSha256);
    }

    /// <summary>The user with this name and password, or null; takes as long whether or not the user exists.</summary>
    public CrmHubUserOptions? Authenticate(string userName, string password)
    {
        if (!users.TryGetValue(userName, out var user))
        {
            CrmHubPasswords.Verify(dummyHash.Value, password);
            LogSignInFailed(logger, userName);
            return null;
        }

        if (!CrmHubPasswords.Verify(user.PasswordHash, password))
        {
            LogSignInFailed(logger, userName);
            return null;
        }

        LogSignedIn(logger, user.UserName, user.Role);
        return user;
    }

    /// <summary>A signed JWT for the user, valid for <see cref="CrmHubAuthOptions.TokenLifetime"/> from now.</summary>
    public TokenResponse Issue(CrmHubUserOptions user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow();
        var expiresAt = now + options.TokenLifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = signingCredentials,
            Claims = new Dictionary<string, object>
            {
                [CrmHubClaimTypes.Subject] = user.UserName,
                [CrmHubClaimTypes.Name] = user.UserName,
                [CrmHubClaimTypes.Role] = user.Role,
                [CrmHubClaimTypes.DisplayName] = user.DisplayName,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return new TokenResponse(token, expiresAt, user.UserName, user.Role);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in failed for user name {UserName}")]
    private static partial void LogSignInFailed(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} signed in as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string userName, string role);
}

/// <summary>The body of <c>POST /api/v1/auth/token</c>.</summary>
public sealed record TokenRequest(string? UserName, string? Password);

/// <summary>A signed bearer token: send it as <c>Authorization: Bearer …</c> (or <c>?access_token=</c> to /hubs).</summary>
public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string UserName, string Role);
