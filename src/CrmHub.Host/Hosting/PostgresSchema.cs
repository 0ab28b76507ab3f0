using Npgsql;

namespace CrmHub.Host;

/// <summary>
/// The project's PostgreSQL scripts (<c>deploy/postgres/*.sql</c>, embedded in this assembly): tables and the
/// <c>OrleansQuery</c> rows the ADO.NET providers run. Every script is idempotent, so applying them again is harmless.
/// </summary>
public static class PostgresSchema
{
    private const string ResourcePrefix = "CrmHub.Postgres.";

    /// <summary>Any number that is CrmHub's alone: silos starting together apply the scripts one at a time.</summary>
    private const long AdvisoryLockKey = 0x43524D4875625347;

    /// <summary>The script names in the order they run (file-name order).</summary>
    public static IReadOnlyList<string> ScriptNames { get; } =
        [.. typeof(PostgresSchema).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => name[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)];

    /// <summary>The text of one script.</summary>
    public static string Read(string scriptName)
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(ResourcePrefix + scriptName)
            ?? throw new ArgumentException($"No PostgreSQL script named '{scriptName}'.", nameof(scriptName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Runs every script in one transaction; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        foreach (var name in ScriptNames)
        {
            await using var command = new NpgsqlCommand(Read(name), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return ScriptNames;
    }
}
