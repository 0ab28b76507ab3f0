using CrmHub.Host;
using CrmHub.Host.Auth;
using CrmHub.Host.Demo;
using Microsoft.Extensions.Options;

if (HashPasswordCommand.TryRun(args, Console.Out))
    return 0;
if (DbInitCommand.Matches(args))
    return await DbInitCommand.RunAsync(args, Console.Out, Console.Error);

try
{
    var (demo, arguments) = DemoExtensions.TakeDemoFlag(args);
    var builder = WebApplication.CreateBuilder(arguments);
    builder.AddCrmHubDemo(demo);
    builder.AddServiceDefaults();
    builder.AddCrmHubAuth();
    builder.AddCrmHubOrleans();
    builder.AddCrmHubApis();
    builder.AddCrmHubRealtime();

    var app = builder.Build();
    app.UseCrmHubProblemDetails();
    app.UseCrmHubOrigins();
    app.UseCrmHubConsoles();
    app.UseCrmHubAuth();
    app.MapDefaultEndpoints();
    app.MapCrmHubOpenApi();
    app.MapCrmHubAuth();
    app.MapCrmHubApis();
    app.MapCrmHubRealtime();
    app.MapCrmHubDashboard();
    app.MapCrmHubConsoles();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is CrmHubConfigurationException or OptionsValidationException)
{
    // A misconfiguration is reported in one clear line, not a stack trace.
    await Console.Error.WriteLineAsync($"CrmHub cannot start: {e.Message}");
    return 1;
}
