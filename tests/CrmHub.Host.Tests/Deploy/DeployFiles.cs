using System.Collections;
using System.Reflection;
using CrmHub.Grains.Hosting;
using CrmHub.Grains.Population;
using CrmHub.Host.Auth;
using Orleans.Hosting.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace CrmHub.Host.Tests.Deploy;

/// <summary>Reads the files under <c>deploy/</c> and knows which environment variable names the host understands.</summary>
public static class DeployFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>Each configuration section the deploy files set, and the options classes it binds to.</summary>
    private static readonly Dictionary<string, Type[]> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [StorageOptions.Section] = [typeof(StorageOptions)],
        [ClusterOptions.Section] = [typeof(ClusterOptions), typeof(KubernetesHostingSwitch)],
        [CrmHubAuthOptions.SectionName] = [typeof(CrmHubAuthOptions)],
        [EventProducerRateLimitOptions.SectionName] = [typeof(EventProducerRateLimitOptions)],
        [CustomerOptions.Section] = [typeof(CustomerOptions)],
        [InboxOptions.Section] = [typeof(InboxOptions)],
        [RealtimeOptions.Section] = [typeof(RealtimeOptions)],
        [RulesOptions.Section] = [typeof(RulesOptions)],
        [PopulationOptions.Section] = [typeof(PopulationOptions)],
    };

    /// <summary>Variables read by ASP.NET Core, OpenTelemetry and Orleans' Kubernetes hosting, and the connection string.</summary>
    private static readonly HashSet<string> OtherKnownVariables = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_ENVIRONMENT",
        "ASPNETCORE_HTTP_PORTS",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_SERVICE_NAME",
        "ConnectionStrings__CrmHub",
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
        KubernetesHostingOptions.ServiceIdEnvironmentVariable,
        KubernetesHostingOptions.ClusterIdEnvironmentVariable,
    };

    /// <summary>The repository root (the directory holding <c>deploy/Dockerfile</c>).</summary>
    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every YAML document of a file (Kubernetes manifests hold several).</summary>
    public static List<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(Text(relative)))
            stream.Load(reader);
        return [.. stream.Documents.Select(document => document.RootNode.ShouldBeOfType<YamlMappingNode>())];
    }

    public static YamlMappingNode Document(string relative) => Documents(relative).ShouldHaveSingleItem();

    /// <summary>Why the host would not understand this environment variable name, or null when it does.</summary>
    public static string? UnknownVariable(string name)
    {
        if (OtherKnownVariables.Contains(name))
            return null;
        if (!name.StartsWith("CrmHub__", StringComparison.Ordinal))
            return $"{name} is not a variable the host reads";
        var key = name.Replace("__", ":", StringComparison.Ordinal);
        var section = Sections.Keys.Where(prefix => key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(prefix => prefix.Length).FirstOrDefault();
        if (section is null)
            return $"{name}: no options class binds {key}";
        var path = key[(section.Length + 1)..].Split(':');
        return Sections[section].Any(type => Resolves(type, path))
            ? null
            : $"{name}: no property {key} in {string.Join(" or ", Sections[section].Select(type => type.Name))}";
    }

    public static YamlMappingNode Map(this YamlNode node, string key) => node.Child(key).ShouldBeOfType<YamlMappingNode>();

    public static YamlSequenceNode Seq(this YamlNode node, string key) => node.Child(key).ShouldBeOfType<YamlSequenceNode>();

    public static string Str(this YamlNode node, string key) => node.Child(key).ShouldBeOfType<YamlScalarNode>().Value.ShouldNotBeNull();

    public static bool Has(this YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.ContainsKey(new YamlScalarNode(key));

    public static IEnumerable<string> Strings(this YamlSequenceNode sequence) =>
        sequence.Children.Select(child => child.ShouldBeOfType<YamlScalarNode>().Value.ShouldNotBeNull());

    /// <summary>A mapping of scalars (an environment, ConfigMap data) as a dictionary.</summary>
    public static Dictionary<string, string> Scalars(this YamlMappingNode mapping) =>
        mapping.Children.ToDictionary(
            pair => pair.Key.ShouldBeOfType<YamlScalarNode>().Value!,
            pair => pair.Value.ShouldBeOfType<YamlScalarNode>().Value ?? "",
            StringComparer.Ordinal);

    private static YamlNode Child(this YamlNode node, string key)
    {
        var mapping = node.ShouldBeOfType<YamlMappingNode>();
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var child).ShouldBeTrue($"'{key}' is missing");
        return child!;
    }

    private static bool Resolves(Type type, IEnumerable<string> path)
    {
        var current = type;
        foreach (var segment in path)
        {
            if (int.TryParse(segment, out _) && ElementType(current) is { } element)
            {
                current = element;
                continue;
            }
            var property = current.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
                return false;
            current = property.PropertyType;
        }
        return true;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element
        : null;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "Dockerfile")) && File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No repository root with deploy/Dockerfile above {AppContext.BaseDirectory}.");
    }
}
