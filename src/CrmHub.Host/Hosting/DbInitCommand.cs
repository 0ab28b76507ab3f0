using Npgsql;

namespace CrmHub.Host;

/// <summary>
/// <c>CrmHub.Host db init [configuration arguments]</c>: applies the PostgreSQL schema (<see cref="PostgresSchema"/>) to
/// <c>ConnectionStrings:CrmHub</c> instead of starting the host. Configuration is read as the host reads it
/// (appsettings, environment, e.g. <c>ConnectionStrings__CrmHub</c>, and <c>--ConnectionStrings:CrmHub=...</c>).
/// </summary>
public static class DbInitCommand
{
    public const string Usage = "Usage: dotnet CrmHub.Host.dll db init [--ConnectionStrings:CrmHub=\"Host=...;Database=...;Username=...;Password=...\"]";

    /// <summary>Whether the arguments ask for this command (they start with <c>db</c>).</summary>
    public static bool Matches(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Length > 0 && string.Equals(args[0], "db", StringComparison.Ordinal);
    }

    /// <summary>Runs the command; the exit code is 0 when the schema was applied.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length < 2 || !string.Equals(args[1], "init", StringComparison.Ordinal))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var configuration = WebApplication.CreateBuilder(args[2..]).Configuration;
        try
        {
            var connectionString = PostgresExtensions.RequireConnectionString(configuration, "db init");
            var applied = await PostgresSchema.ApplyAsync(connectionString);
            await output.WriteLineAsync($"Applied {string.Join(", ", applied)} to {new NpgsqlConnectionStringBuilder(connectionString) { Password = null }}.");
            return 0;
        }
        catch (Exception e) when (e is CrmHubConfigurationException or NpgsqlException or ArgumentException)
        {
            await error.WriteLineAsync($"db init failed: {e.Message}");
            return 1;
        }
    }
}
