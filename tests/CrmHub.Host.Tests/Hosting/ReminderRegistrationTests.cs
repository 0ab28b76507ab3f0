using CrmHub.Grains.Hosting.Reminders;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Host.Tests.Hosting;

/// <summary>Which reminder table the host gives Orleans for each <c>CrmHub:Storage:Provider</c>.</summary>
public sealed class ReminderRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "crmhub-host-reminders", Guid.NewGuid().ToString("N"));

    public ReminderRegistrationTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private async Task<IReminderTable> ReminderTableFor(string provider)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = _contentRoot });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrmHub:Storage:Provider"] = provider,
            ["CrmHub:Storage:Directory"] = "state",
            ["ConnectionStrings:CrmHub"] = "Host=127.0.0.1;Database=crmhub;Username=crmhub",
        });
        builder.AddCrmHubOrleans();
        await using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IReminderTable>();
    }

    [Fact]
    public async Task The_file_provider_keeps_reminders_in_files_of_the_storage_directory()
    {
        var table = (await ReminderTableFor("File")).ShouldBeOfType<FileReminderTable>();

        table.SegmentDirectory.ShouldBe(Path.Combine(_contentRoot, "state", FileReminderTable.DirectoryName));
    }

    [Fact]
    public async Task The_memory_provider_uses_the_orleans_in_memory_reminder_table()
    {
        var table = await ReminderTableFor("Memory");

        table.GetType().Name.ShouldBe("InMemoryReminderTable");
    }

    [Fact]
    public async Task The_postgres_provider_uses_the_orleans_ado_net_reminder_table()
    {
        var table = await ReminderTableFor("Postgres");

        table.GetType().Name.ShouldBe("AdoNetReminderTable");
    }
}
