using System.Net;
using CallRecover.Dashboard.Auth;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Dashboard;

/// <summary>Where each role lands: after the sign-in link, and when a signed-in user opens the login page again.</summary>
public sealed class HomePathTests
{
    [Fact]
    public void HomePath_ByRole()
    {
        DashboardUser.HomePath(Roles.Owner).ShouldBe("/");
        DashboardUser.HomePath(Roles.Staff).ShouldBe("/");
        DashboardUser.HomePath(Roles.Technician).ShouldBe("/jobs");
        DashboardUser.HomePath(Roles.Operator).ShouldBe("/operator");
    }

    [Theory, DatabaseData]
    public async Task SignIn_AndLoginPage_SendEachRoleToItsHome(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        await db.Db.WriteAsync(async tx =>
        {
            await app.Service<UserStore>().InsertAsync(tx, business.Id, "tech@example.com", "Tina Tech", Roles.Technician);
            await app.Service<UserStore>().InsertAsync(tx, null, "ops@callrecover.example", "Oscar Ops", Roles.Operator);
        });

        foreach (var (email, home) in new[] { (business.OwnerEmail, "/"), ("tech@example.com", "/jobs"), ("ops@callrecover.example", "/operator") })
        {
            var client = app.Browser();
            var token = await app.RequestLinkTokenAsync(client, email);
            var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
            verify.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            verify.Headers.Location!.ToString().ShouldBe(home);

            var login = await client.GetAsync("/login");
            login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            login.Headers.Location!.ToString().ShouldEndWith(home);
        }
    }
}
