namespace CrmHub.Host.Tests.Deploy;

/// <summary>The check the deploy tests use to say an environment variable is one the host reads.</summary>
public sealed class VariableNameCheckTests
{
    [Theory]
    [InlineData("CrmHub__Storage__Provider")]
    [InlineData("CrmHub__Cluster__GatewayPort")]
    [InlineData("CrmHub__Cluster__Kubernetes")]
    [InlineData("CrmHub__Auth__SigningKey")]
    [InlineData("CrmHub__Auth__Users__3__PasswordHash")]
    [InlineData("CrmHub__Auth__ApiKeys__0__Sha256")]
    [InlineData("CrmHub__Rules__Pyramid__GoldShare")]
    [InlineData("ConnectionStrings__CrmHub")]
    [InlineData("POD_IP")]
    public void A_name_the_host_binds_is_known(string name) => DeployFiles.UnknownVariable(name).ShouldBeNull();

    [Theory]
    [InlineData("CrmHub__Storage__Provder")]
    [InlineData("CrmHub__Auth__Signingkey__Extra")]
    [InlineData("CrmHub__Auth__ApiKeys__0__Hash")]
    [InlineData("CrmHub__Clusters__SiloPort")]
    [InlineData("CrmHub_Storage_Provider")]
    [InlineData("ConnectionStrings__Other")]
    public void A_misspelt_or_foreign_name_is_reported(string name) => DeployFiles.UnknownVariable(name).ShouldNotBeNull();
}
