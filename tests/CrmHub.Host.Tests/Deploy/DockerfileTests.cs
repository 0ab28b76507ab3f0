using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrmHub.Host.Tests.Deploy;

/// <summary>deploy/Dockerfile, read statically (no container engine here): stages, user, entry point, ports.</summary>
public sealed partial class DockerfileTests
{
    /// <summary>The instructions (keyword, arguments), continuation lines joined and comments dropped.</summary>
    private static readonly List<(string Keyword, string Arguments)> Instructions = Parse(DeployFiles.Text("deploy/Dockerfile"));

    /// <summary>The instructions of the last (runtime) stage, from its FROM on.</summary>
    private static List<(string Keyword, string Arguments)> RuntimeStage =>
        Instructions[Instructions.FindLastIndex(instruction => instruction.Keyword == "FROM")..];

    [Fact]
    public void It_builds_in_an_sdk_stage_and_runs_on_a_chiselled_aspnet_runtime_image()
    {
        var stages = Instructions.Where(instruction => instruction.Keyword == "FROM").Select(instruction => instruction.Arguments).ToList();

        stages.Count.ShouldBeGreaterThanOrEqualTo(2);
        stages[0].ShouldStartWith("mcr.microsoft.com/dotnet/sdk:10.0");
        stages[^1].ShouldStartWith("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled");
        RuntimeStage.ShouldContain(instruction => instruction.Keyword == "COPY" && instruction.Arguments.StartsWith("--from=build", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_stage_runs_as_a_non_root_user()
    {
        var user = RuntimeStage.Last(instruction => instruction.Keyword == "USER").Arguments;

        user.ShouldNotBeOneOf("root", "0", "0:0");
        user.ShouldNotStartWith("root:");
    }

    [Fact]
    public void The_entry_point_runs_the_host_assembly()
    {
        var entryPoint = JsonSerializer.Deserialize<string[]>(RuntimeStage.Single(instruction => instruction.Keyword == "ENTRYPOINT").Arguments);

        entryPoint.ShouldBe(["dotnet", "CrmHub.Host.dll"]);
        File.Exists(DeployFiles.PathOf("src/CrmHub.Host/CrmHub.Host.csproj")).ShouldBeTrue("the assembly is named after this project");
    }

    [Fact]
    public void It_exposes_the_http_port_it_sets_and_the_hosts_default_silo_and_gateway_ports()
    {
        var exposed = RuntimeStage.Where(instruction => instruction.Keyword == "EXPOSE")
            .SelectMany(instruction => instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        exposed.ShouldBe([HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{new ClusterOptions().SiloPort}", $"{new ClusterOptions().GatewayPort}"], ignoreOrder: true);
    }

    [Fact]
    public void Every_environment_variable_it_sets_is_one_the_host_reads()
    {
        foreach (var name in Environment().Keys)
            DeployFiles.UnknownVariable(name).ShouldBeNull();
    }

    [Fact]
    public void Everything_it_copies_from_the_build_context_exists_in_the_repository()
    {
        var sources = Instructions
            .Where(instruction => instruction.Keyword == "COPY" && !instruction.Arguments.StartsWith("--", StringComparison.Ordinal))
            .SelectMany(instruction => instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToList();

        sources.ShouldNotBeEmpty();
        foreach (var source in sources)
            (File.Exists(DeployFiles.PathOf(source)) || Directory.Exists(DeployFiles.PathOf(source))).ShouldBeTrue(source);
    }

    /// <summary>The HTTP port the image listens on (ASPNETCORE_HTTP_PORTS).</summary>
    public static int HttpPort => int.Parse(Environment()["ASPNETCORE_HTTP_PORTS"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The runtime stage's ENV settings.</summary>
    public static Dictionary<string, string> Environment() =>
        RuntimeStage
            .Where(instruction => instruction.Keyword == "ENV")
            .SelectMany(instruction => EnvPair().Matches(instruction.Arguments))
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value, StringComparer.Ordinal);

    private static List<(string Keyword, string Arguments)> Parse(string dockerfile)
    {
        var logical = Continuation().Replace(dockerfile, " ");
        return
        [
            .. logical.Split('\n')
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
                .Select(parts => (parts[0].ToUpperInvariant(), parts.Length > 1 ? Whitespace().Replace(parts[1], " ") : "")),
        ];
    }

    [GeneratedRegex(@"\\\r?\n(\s*#[^\n]*\n)*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>[^\s]+)")]
    private static partial Regex EnvPair();
}
