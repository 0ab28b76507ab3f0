using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CrmHub.Host.Auth;

/// <summary>Names of the event producers' API-key authentication scheme.</summary>
public static class ApiKeyAuthenticationDefaults
{
    public const string AuthenticationScheme = "ApiKey";

    public const string HeaderName = "X-Api-Key";
}

/// <summary>The configured API keys, by digest; the keys themselves are never stored.</summary>
internal sealed class ApiKeyStore(CrmHubAuthOptions options)
{
    private readonly (string Name, byte[] Digest)[] keys =
        [.. options.ApiKeys.Select(k => (k.Name, k.DigestBytes()))];

    /// <summary>The name of the key, or null when no configured key matches.</summary>
    public string? FindName(string presentedKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        string? match = null;
        // Compare with every digest in constant time so the answer's timing tells nothing about near misses.
        foreach (var (name, expected) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
                match ??= name;
        }

        return match;
    }
}

/// <summary>Authenticates event producers by the <c>X-Api-Key</c> header.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers[ApiKeyAuthenticationDefaults.HeaderName];
        if (values.Count == 0)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (values.Count > 1 || string.IsNullOrEmpty(values[0]))
            return Task.FromResult(AuthenticateResult.Fail($"Send exactly one non-empty {ApiKeyAuthenticationDefaults.HeaderName} header."));

        var name = keys.FindName(values[0]!);
        if (name is null)
            return Task.FromResult(AuthenticateResult.Fail($"The {ApiKeyAuthenticationDefaults.HeaderName} header does not match a configured key."));

        var identity = new ClaimsIdentity(
            [new Claim(CrmHubClaimTypes.Name, name), new Claim(CrmHubClaimTypes.EventProducer, "true")],
            Scheme.Name,
            CrmHubClaimTypes.Name,
            CrmHubClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Scheme.Name;
        return AuthProblems.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            $"A valid {ApiKeyAuthenticationDefaults.HeaderName} header is required.",
            $"Event producers authenticate with the {ApiKeyAuthenticationDefaults.HeaderName} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "This API key may not do this.");
}
