using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmHub.Grains.Tests.Infrastructure;

/// <summary>Options as the product's own registration binds and validates them from settings of one section.</summary>
public static class BoundOptions
{
    public static TOptions Of<TOptions>(
        string section, Func<IServiceCollection, IConfiguration, IServiceCollection> register, params (string Key, string Value)[] settings)
        where TOptions : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(setting => $"{section}:{setting.Key}", string? (setting) => setting.Value))
            .Build();
        using var services = register(new ServiceCollection(), configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<TOptions>>().Value;
    }
}
