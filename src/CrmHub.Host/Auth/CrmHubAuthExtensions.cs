using System.Globalization;
using System.Threading.RateLimiting;
using CrmHub.Grains.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace CrmHub.Host.Auth;

/// <summary>Authentication (JWT for people, API keys for event producers), authorization and rate limiting.</summary>
public static class CrmHubAuthExtensions
{
    /// <summary>SignalR hubs live under this path; only there is a token accepted from the query string.</summary>
    public const string HubsPath = "/hubs";

    /// <summary>
    /// Reads and validates <c>CrmHub:Auth</c> and <c>CrmHub:RateLimits:EventProducers</c> (throwing
    /// <see cref="CrmHubConfigurationException"/> on a mistake) and registers the schemes, policies, rate limiter,
    /// token service and staff directory.
    /// </summary>
    public static WebApplicationBuilder AddCrmHubAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = CrmHubAuthOptions.Load(builder.Configuration);
        var rateLimits = EventProducerRateLimitOptions.Load(builder.Configuration);

        var services = builder.Services;
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(rateLimits);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<CrmHubTokenService>();
        services.AddSingleton<IStaffDirectory>(new ConfiguredStaffDirectory(options.Users));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt => ConfigureJwtBearer(jwt, options))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationDefaults.AuthenticationScheme, _ => { });

        const string jwtScheme = JwtBearerDefaults.AuthenticationScheme;
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.User, policy => policy
                .AddAuthenticationSchemes(jwtScheme)
                .RequireAuthenticatedUser())
            .AddPolicy(AuthPolicies.ServiceAgent, policy => policy
                .AddAuthenticationSchemes(jwtScheme)
                .RequireAuthenticatedUser()
                .RequireRole(CrmHubRoles.Agent, CrmHubRoles.Supervisor))
            .AddPolicy(AuthPolicies.Supervisor, policy => policy
                .AddAuthenticationSchemes(jwtScheme)
                .RequireAuthenticatedUser()
                .RequireRole(CrmHubRoles.Supervisor, CrmHubRoles.Admin))
            .AddPolicy(AuthPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(jwtScheme)
                .RequireAuthenticatedUser()
                .RequireRole(CrmHubRoles.Admin))
            .AddPolicy(AuthPolicies.EventProducer, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(CrmHubClaimTypes.EventProducer, "true"));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRateLimited;
            limiter.AddPolicy(RateLimitPolicies.EventProducers, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = rateLimits.BurstLimit,
                    TokensPerPeriod = rateLimits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    AutoReplenishment = true,
                    QueueLimit = 0,
                }));
        });

        return builder;
    }

    /// <summary>Authentication, then authorization, then the rate limiter (whose partitions need the API key principal).</summary>
    public static WebApplication UseCrmHubAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    private static void ConfigureJwtBearer(JwtBearerOptions jwt, CrmHubAuthOptions options)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = options.Issuer,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            IssuerSigningKey = options.CreateSigningKey(),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = CrmHubClaimTypes.Name,
            RoleClaimType = CrmHubClaimTypes.Role,
        };
        jwt.Events = new JwtBearerEvents
        {
            // Browser WebSocket and server-sent-event clients cannot send headers: accept ?access_token= for hubs only.
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments(HubsPath))
                {
                    string? token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token))
                        context.Token = token;
                }

                return Task.CompletedTask;
            },
            OnChallenge = context =>
            {
                context.HandleResponse();
                var failed = context.AuthenticateFailure is not null;
                context.Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
                return AuthProblems.WriteAsync(
                    context.HttpContext,
                    StatusCodes.Status401Unauthorized,
                    "A valid bearer token is required.",
                    failed
                        ? "The bearer token is invalid or has expired; sign in again at POST /api/v1/auth/token."
                        : "Sign in at POST /api/v1/auth/token and send the token as 'Authorization: Bearer <token>'.");
            },
            OnForbidden = context => AuthProblems.WriteAsync(
                context.HttpContext,
                StatusCodes.Status403Forbidden,
                "You do not have permission to do this.",
                "Your role does not allow this request."),
        };
    }

    private static ValueTask OnRateLimited(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(AuthProblems.WriteAsync(
            context.HttpContext,
            StatusCodes.Status429TooManyRequests,
            "Too many requests.",
            $"This client's rate limit is used up; retry after {seconds} s."));
    }
}
