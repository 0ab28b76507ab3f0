using System.IdentityModel.Tokens.Jwt;
using System.Net;
using CrmHub.Host.Auth;

namespace CrmHub.Host.Tests.Auth;

public sealed class TokenEndpointTests
{
    [Fact]
    public async Task The_right_password_returns_a_signed_token_with_the_users_role_and_names()
    {
        await using var host = await AuthTestHost.StartAsync();
        var before = DateTimeOffset.UtcNow;

        var token = await host.SignInAsync("agent1");

        token.UserName.ShouldBe("agent1");
        token.Role.ShouldBe(CrmHubRoles.Agent);
        token.ExpiresAt.ShouldBeInRange(before.AddHours(8).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(8).AddMinutes(1));
        var jwt = new JwtSecurityTokenHandler { MapInboundClaims = false }.ReadJwtToken(token.AccessToken);
        jwt.Header.Alg.ShouldBe("HS256");
        jwt.Issuer.ShouldBe("crmhub");
        jwt.Audiences.ShouldBe(["crmhub"]);
        jwt.Subject.ShouldBe("agent1");
        jwt.Claims.Single(c => c.Type == "name").Value.ShouldBe("agent1");
        jwt.Claims.Single(c => c.Type == "role").Value.ShouldBe(CrmHubRoles.Agent);
        jwt.Claims.Single(c => c.Type == "display_name").Value.ShouldBe("Agent One");
    }

    [Fact]
    public async Task The_issued_token_opens_an_endpoint_for_signed_in_users()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = await host.SignInAsync("admin1");

        using var response = await host.GetAsync(AuthTestHost.UserPath, bearer: token.AccessToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("admin1");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401_problem()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var wrongPassword = await host.PostTokenAsync(new { userName = "agent1", password = "wrong" });
        using var unknownUser = await host.PostTokenAsync(new { userName = "nobody", password = AuthTestHost.Password });

        var first = await AuthTestHost.ShouldBeProblemAsync(wrongPassword, 401, "Invalid user name or password.");
        var second = await AuthTestHost.ShouldBeProblemAsync(unknownUser, 401, "Invalid user name or password.");
        (second.Type, second.Detail).ShouldBe((first.Type, first.Detail));
        wrongPassword.Headers.WwwAuthenticate.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"password":"x"}""", "userName")]
    [InlineData("""{"userName":"agent1"}""", "password")]
    [InlineData("""{"userName":"","password":""}""", "userName")]
    [InlineData("", "password")]
    public async Task A_missing_field_is_a_400_validation_problem_naming_it(string body, string field)
    {
        await using var host = await AuthTestHost.StartAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await host.Client.PostAsync("/api/v1/auth/token", content, TestContext.Current.CancellationToken);

        var problem = await AuthTestHost.ShouldBeProblemAsync(response, 400);
        problem.Errors.Keys.ShouldContain(field);
    }
}
