namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>
/// One real host process shared by every test class in <see cref="SharedHostCollection"/>. Those tests run one
/// after another (one collection), use their own Guid-based customer and complaint ids, and close the consoles
/// they open, so they do not see each other. Tests that kill or restart a host start their own.
/// </summary>
public sealed class SharedHostFixture : IAsyncLifetime
{
    private HostProcess? _host;

    public HostProcess Host => _host ?? throw new InvalidOperationException("The shared host has not started.");

    public async ValueTask InitializeAsync() => _host = await HostProcess.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedHostCollection : ICollectionFixture<SharedHostFixture>
{
    public const string Name = "Shared CrmHub host";
}
