namespace CrmHub.Host.Auth;

/// <summary>The claim types in CrmHub principals (JWT claim names; inbound claim mapping is off).</summary>
public static class CrmHubClaimTypes
{
    /// <summary>The user name (for service agents also the agent id), or an API key's name.</summary>
    public const string Name = "name";

    /// <summary>One of <see cref="CrmHubRoles"/>.</summary>
    public const string Role = "role";

    /// <summary>The name to show people, such as "Agent One".</summary>
    public const string DisplayName = "display_name";

    /// <summary>The JWT subject: the user name.</summary>
    public const string Subject = "sub";

    /// <summary>Present (value "true") on a principal authenticated by an event producer's API key.</summary>
    public const string EventProducer = "event_producer";
}
