using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, and one real host shared by the browser tests that do not restart it. Both
/// start on first use. Without <c>/usr/bin/chromium</c> a browser test is skipped with the reason, unless CI is set:
/// there it fails, because CI installs Chromium.
/// </summary>
public sealed partial class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Every page opens at this size (the agent console's target; the wall is also checked at 1920 wide).</summary>
    public static readonly ViewportSize Laptop = new() { Width = 1280, Height = 800 };

    public static readonly ViewportSize Wall = new() { Width = 1920, Height = 1080 };

    // Flags for a root user on a machine whose network reaches only package registries: no sandbox (root), and no
    // background connections Chromium would otherwise try (and have refused) at every start.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HostProcess? _host;

    /// <summary>Where the scenarios' screenshots go: <c>screenshots/</c> in the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The browser; skips the calling test when Chromium is absent outside CI, fails it in CI.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        RequireChromium();
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The shared host (started on first use).</summary>
    public async Task<HostProcess> SharedHostAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _host ??= await HostProcess.StartAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new browser context (its own sessionStorage) and page on <paramref name="host"/>.</summary>
    public async Task<ConsolePage> OpenPageAsync(HostProcess host, ViewportSize? viewport = null)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = viewport ?? Laptop,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new ConsolePage(context, page);
    }

    public async ValueTask InitializeAsync() => await Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null)
            await _host.DisposeAsync();
        _gate.Dispose();
    }

    /// <summary>
    /// Null when the browser tests can run; otherwise why they are skipped. Throws when Chromium is missing and the
    /// <c>CI</c> variable is set (anything but empty, <c>false</c> or <c>0</c>): CI installs Chromium, so there the
    /// tests must run.
    /// </summary>
    internal static string? ChromiumMissingReason(bool chromiumInstalled, string? ciVariable)
    {
        if (chromiumInstalled)
            return null;
        var reason = $"Chromium is not installed at {ChromiumPath} (Debian: apt-get install chromium; .ci/run installs it).";
        var isCi = ciVariable is { Length: > 0 } && !ciVariable.Equals("false", StringComparison.OrdinalIgnoreCase) && ciVariable != "0";
        if (isCi)
            throw new InvalidOperationException($"{reason} CI is set, so the browser tests must run.");
        return reason + " Browser tests are skipped outside CI.";
    }

    private static void RequireChromium()
    {
        if (ChromiumMissingReason(File.Exists(ChromiumPath), Environment.GetEnvironmentVariable("CI")) is { } reason)
            Assert.Skip(reason);
    }

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    internal static partial Regex UnsafeFileNameCharacters();
}

/// <summary>A browser page of one console in its own context; disposing saves nothing, call <see cref="ScreenshotAsync"/>.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _scriptErrors = [];

    public ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) =>
        {
            lock (_scriptErrors)
                _scriptErrors.Add(error);
        };
    }

    public IPage Page { get; }

    /// <summary>Signs in through the sign-in page and waits for the console the role opens.</summary>
    public async Task SignInAsync(string userName, string password = HostProcess.DemoPassword, string? next = null)
    {
        await Page.GotoAsync(next is null ? "/" : $"/?next={Uri.EscapeDataString(next)}");
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Waits until the connection indicator says <paramref name="state"/> (connected, reconnecting, offline).</summary>
    public Task WaitForConnectionAsync(string state, float timeoutMs = 15_000) =>
        Assertions.Expect(Page.Locator("#connection")).ToHaveAttributeAsync("data-state", state, new() { Timeout = timeoutMs });

    /// <summary>Saves a full-page PNG as <c>screenshots/{name}.png</c> under the test output; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, BrowserFixture.UnsafeFileNameCharacters().Replace(name, "-") + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.SendDiagnosticMessage($"Screenshot: {path}");
        return path;
    }

    /// <summary>
    /// Saves the page as it was last (<c>{test method}-last.png</c>, the picture to look at when a test failed), closes
    /// it, and fails the test if a script on the page threw: a console must never break on what it is shown.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (TestContext.Current.TestMethod?.MethodName is { } test)
                await ScreenshotAsync($"{test}-last");
        }
        catch (PlaywrightException)
        {
            // The page is already gone; nothing to show.
        }
        await _context.DisposeAsync();
        string[] errors;
        lock (_scriptErrors)
            errors = [.. _scriptErrors];
        if (errors.Length > 0)
            throw new InvalidOperationException("The page's scripts threw:\n" + string.Join('\n', errors));
    }
}

/// <summary>
/// Browser tests run alone, after the parallel ones, so the machine's two cores serve the browser, the host and the
/// 2-second alert check rather than other suites.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser consoles";
}
