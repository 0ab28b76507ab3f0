namespace CrmHub.Host.Auth;

/// <summary>
/// <c>CrmHub.Host hash-password &lt;password&gt;</c>: prints a hash for <c>CrmHub:Auth:Users:N:PasswordHash</c>
/// instead of starting the host.
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public const string Usage = "Usage: dotnet run --project src/CrmHub.Host -- hash-password <password>";

    /// <summary>Runs the command when the arguments ask for it; false means "start the host as usual".</summary>
    public static bool TryRun(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);

        if (args.Length == 0 || !string.Equals(args[0], Name, StringComparison.Ordinal))
            return false;

        if (args.Length != 2 || string.IsNullOrEmpty(args[1]))
        {
            output.WriteLine(Usage);
            return true;
        }

        output.WriteLine(CrmHubPasswords.Hash(args[1]));
        return true;
    }
}
