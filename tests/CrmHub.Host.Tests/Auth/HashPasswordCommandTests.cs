using CrmHub.Host.Auth;
using Microsoft.AspNetCore.Identity;

namespace CrmHub.Host.Tests.Auth;

public sealed class HashPasswordCommandTests
{
    [Fact]
    public void Hash_password_prints_one_line_that_the_identity_password_hasher_verifies()
    {
        using var output = new StringWriter();

        HashPasswordCommand.TryRun(["hash-password", "demo"], output).ShouldBeTrue();

        var hash = output.ToString().TrimEnd();
        hash.ShouldNotContain('\n');
        new PasswordHasher<object>().VerifyHashedPassword(new object(), hash, "demo").ShouldBe(PasswordVerificationResult.Success);
        new PasswordHasher<object>().VerifyHashedPassword(new object(), hash, "Demo").ShouldBe(PasswordVerificationResult.Failed);
    }

    [Fact]
    public void Hash_password_without_a_password_prints_a_one_line_usage_and_does_not_start_the_host()
    {
        using var output = new StringWriter();

        HashPasswordCommand.TryRun(["hash-password"], output).ShouldBeTrue();

        output.ToString().TrimEnd().ShouldBe("Usage: dotnet run --project src/CrmHub.Host -- hash-password <password>");
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:0")]
    [InlineData("hash", "demo")]
    public void Other_arguments_start_the_host_as_usual(params string[] args)
    {
        using var output = new StringWriter();

        HashPasswordCommand.TryRun(args, output).ShouldBeFalse();

        output.ToString().ShouldBeEmpty();
    }
}
