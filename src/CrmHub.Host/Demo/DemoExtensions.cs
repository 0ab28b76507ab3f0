namespace CrmHub.Host.Demo;

/// <summary>
/// <c>--demo</c>: seeds made-up customers and keeps a gentle live stream of events going, so a new user sees a living hub.
/// Development only: it writes invented customers into whatever storage the host uses.
/// </summary>
public static class DemoExtensions
{
    public const string Flag = "--demo";

    /// <summary>Whether the arguments ask for the demo, and the arguments without the flag (the rest go to configuration).</summary>
    public static (bool Demo, string[] Arguments) TakeDemoFlag(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = args.Where(arg => !string.Equals(arg, Flag, StringComparison.Ordinal)).ToArray();
        return (rest.Length != args.Length, rest);
    }

    /// <summary>Registers the demo when <paramref name="enabled"/>; outside Development it refuses to start.</summary>
    public static WebApplicationBuilder AddCrmHubDemo(this WebApplicationBuilder builder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!enabled)
            return builder;
        if (!builder.Environment.IsDevelopment())
            throw new CrmHubConfigurationException(
                $"{Flag} runs only in the Development environment (it seeds invented customers); this host runs in '{builder.Environment.EnvironmentName}'.");
        builder.Services.AddSingleton(DemoOptions.Load(builder.Configuration));
        builder.Services.AddHostedService<DemoStream>();
        return builder;
    }
}
