namespace CrmHub.Host;

/// <summary>Configuration that CrmHub cannot start with; the message says what to fix, in one line.</summary>
public sealed class CrmHubConfigurationException(string message) : Exception(message);
