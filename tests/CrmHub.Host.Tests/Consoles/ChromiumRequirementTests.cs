using CrmHub.Host.Tests.Infrastructure;

namespace CrmHub.Host.Tests.Consoles;

/// <summary>When the browser tests run, skip or fail, by whether Chromium is installed and CI is set.</summary>
public sealed class ChromiumRequirementTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    public void With_Chromium_installed_the_browser_tests_run(string? ci) =>
        BrowserFixture.ChromiumMissingReason(chromiumInstalled: true, ci).ShouldBeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("false")]
    [InlineData("0")]
    public void Without_Chromium_outside_CI_the_browser_tests_skip_saying_how_to_install_it(string? ci) =>
        BrowserFixture.ChromiumMissingReason(chromiumInstalled: false, ci).ShouldNotBeNull().ShouldContain("apt-get install chromium");

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    public void Without_Chromium_in_CI_the_browser_tests_fail(string ci) =>
        Should.Throw<InvalidOperationException>(() => BrowserFixture.ChromiumMissingReason(chromiumInstalled: false, ci))
            .Message.ShouldContain("CI is set");
}
