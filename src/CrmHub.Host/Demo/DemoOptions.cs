namespace CrmHub.Host.Demo;

/// <summary>Section <c>CrmHub:Demo</c>: what <c>--demo</c> seeds and how fast its live stream runs.</summary>
public sealed class DemoOptions
{
    public const string Section = "CrmHub:Demo";

    /// <summary>Customers seeded with a profile and a year of purchases.</summary>
    public int Customers { get; set; } = 300;

    /// <summary>Of them, the biggest spenders designated key accounts with a manager.</summary>
    public int KeyAccounts { get; set; } = 12;

    /// <summary>The shortest pause between two live events (contacts, complaints, now and then a sale or survey).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between two live events.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The same seed seeds the same customers (so a restart on the same data adds no duplicates).</summary>
    public int Seed { get; set; } = 2026;

    /// <summary>Reads and checks the section; a bad value stops the host with a message naming the key.</summary>
    public static DemoOptions Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DemoOptions>() ?? new DemoOptions();
        if (options.Customers is < 1 or > 100_000)
            throw Invalid(nameof(Customers), "must be between 1 and 100000");
        if (options.KeyAccounts < 0 || options.KeyAccounts > options.Customers)
            throw Invalid(nameof(KeyAccounts), "must be between 0 and the number of customers");
        if (options.MinInterval <= TimeSpan.Zero)
            throw Invalid(nameof(MinInterval), "must be above 0");
        if (options.MaxInterval < options.MinInterval)
            throw Invalid(nameof(MaxInterval), "must not be below MinInterval");
        return options;
    }

    private static CrmHubConfigurationException Invalid(string key, string rule) => new($"{Section}:{key} {rule}.");
}
