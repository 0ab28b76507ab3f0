using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CrmHub.Testing.Postgres;

/// <summary>
/// A real, throw-away PostgreSQL server for the tests: Debian's server binaries (<c>initdb</c>, <c>pg_ctl</c>) run a
/// cluster in a new temporary directory on a free loopback port, with trust authentication for the superuser
/// <see cref="User"/> and no fsync (the tests kill CrmHub hosts, never this server). One server per test process,
/// started on first use and stopped when the process exits; each suite takes a database of its own
/// (<see cref="CreateDatabaseAsync"/>). initdb refuses to run as root, so as root the server runs as the
/// <c>postgres</c> user (or <c>nobody</c>) and its directory belongs to that user.
/// Without the binaries, <see cref="RequireAsync"/> skips the test with the reason, or fails it when <c>CI=true</c>.
/// </summary>
public sealed class PostgresServer
{
    public const string User = "crmhub";

    private const string DirectoryPrefix = "crmhub-pg-";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string _pgCtl;
    private readonly string? _runAs;
    private int _databases;

    private PostgresServer(string binDirectory, string? runAs, string directory, int port)
    {
        _pgCtl = Path.Combine(binDirectory, "pg_ctl");
        _runAs = runAs;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The server binaries' directory, or null with the reason there is none.</summary>
    public static (string? BinDirectory, string Reason) FindBinaries()
    {
        var candidates = new List<string> { "/usr/local/bin" };
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(System.IO.Directory.EnumerateDirectories("/usr/lib/postgresql")
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), CultureInfo.InvariantCulture, out var number) ? number : 0)
                .Select(version => Path.Combine(version, "bin")));
        }
        var found = candidates.FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")));
        return found is not null
            ? (found, "")
            : (null, $"PostgreSQL server binaries (initdb, pg_ctl) are not in {string.Join(" or ", candidates)}: `apt-get install postgresql` (.ci/run does)");
    }

    /// <summary>
    /// Why PostgreSQL tests cannot run here (the binaries are missing), or null when they can. On CI (<c>CI=true</c>)
    /// always null: there a missing server must fail the tests, not skip them.
    /// </summary>
    public static string? SkipReason
    {
        get
        {
            var (binaries, reason) = FindBinaries();
            return binaries is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? reason
                : null;
        }
    }

    /// <summary>The shared server; skips the calling test when PostgreSQL is not installed (fails it on CI).</summary>
    public static async Task<PostgresServer> RequireAsync()
    {
        if (SkipReason is { } reason)
            Assert.Skip(reason);
        return await Shared.Value;
    }

    /// <summary>Applies the project's scripts copied next to the tests (<c>postgres/*.sql</c>, file-name order).</summary>
    public static async Task ApplySchemaFilesAsync(string connectionString)
    {
        var scripts = System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "postgres"), "*.sql").Order(StringComparer.Ordinal).ToList();
        if (scripts.Count == 0)
            throw new InvalidOperationException("No PostgreSQL scripts next to the tests.");
        foreach (var script in scripts)
            await ScalarAsync(connectionString, await File.ReadAllTextAsync(script));
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Database = database,
            // Several silos share the server: keep each pool modest.
            MaxPoolSize = 20,
        }.ConnectionString;

    /// <summary>Creates a new, empty database named after <paramref name="prefix"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var letters = new string([.. prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20)]);
        var name = $"{letters}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..12]}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>Runs <paramref name="sql"/> on the database of <paramref name="connectionString"/> and returns the first column of the first row.</summary>
    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var (binaries, reason) = FindBinaries();
        var bin = binaries ?? throw new InvalidOperationException(reason);
        var runAs = string.Equals(Environment.UserName, "root", StringComparison.Ordinal)
            ? (await RunAsync("id", ["-u", "postgres"], throwOnFailure: false) == 0 ? "postgres" : "nobody")
            : null;
        DeleteStaleDirectories();

        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(directory);
            if (runAs is not null)
                await RunAsync("chown", [$"{runAs}:", directory]);
            var server = new PostgresServer(bin, runAs, directory, FreePorts.Next());
            try
            {
                await server.InitAndStartAsync(bin);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 2)
            {
                // Most likely another process took the port between the probe and the bind.
                server.Stop();
            }
        }
    }

    private async Task InitAndStartAsync(string bin)
    {
        await RunAsServerUserAsync(Path.Combine(bin, "initdb"),
            ["-D", DataDirectory, "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        var options = string.Join(' ',
            $"-p {Port}", $"-k {Directory}", "-c listen_addresses=127.0.0.1", "-c max_connections=300",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c timezone=UTC");
        await RunAsServerUserAsync(_pgCtl, ["-D", DataDirectory, "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
    }

    /// <summary>Stops the server at once and deletes its directory (best effort: the process may be exiting).</summary>
    private void Stop()
    {
        try
        {
            RunAsServerUserAsync(_pgCtl, ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], throwOnFailure: false).GetAwaiter().GetResult();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // A leftover directory is removed by a later run (DeleteStaleDirectories).
        }
    }

    private Task<int> RunAsServerUserAsync(string program, IReadOnlyList<string> arguments, bool throwOnFailure = true) =>
        _runAs is null
            ? RunAsync(program, arguments, throwOnFailure)
            : RunAsync("runuser", ["-u", _runAs, "--", program, .. arguments], throwOnFailure);

    private static async Task<int> RunAsync(string program, IReadOnlyList<string> arguments, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // pg_ctl's server inherits the working directory: one every user may enter.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnFailure)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        return process.ExitCode;
    }

    /// <summary>Directories of runs that died before they could stop their server (hours old, so never a running one's).</summary>
    private static void DeleteStaleDirectories()
    {
        try
        {
            var cutoff = DateTime.UtcNow - TimeSpan.FromHours(3);
            foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(DirectoryPrefix + "*"))
            {
                if (directory.LastWriteTimeUtc < cutoff && !File.Exists(Path.Combine(directory.FullName, "data", "postmaster.pid")))
                    directory.Delete(recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort only.
        }
    }
}
