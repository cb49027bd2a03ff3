using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Operator;

/// <summary>Operators are people: added through the API (or the CLI), signed in by magic link, audited, removable.</summary>
public sealed class OperatorUsersTests
{
    [Theory, DatabaseData]
    public async Task AnAddedOperator_GetsASignInLink_LandsOnTheConsole_AndOnceRemovedIsSignedOut(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var api = app.OperatorClient();

        var bad = await api.PostAsJsonAsync("/api/admin/operators", new { email = "not-an-email", name = "" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("email", out _).ShouldBeTrue();
        errors.TryGetProperty("name", out _).ShouldBeTrue();
        (await api.PostAsync("/api/admin/operators", new StringContent("[1]", System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A business's owner cannot be made an operator by their email: that would open every business to them.
        (await api.PostAsJsonAsync("/api/admin/operators", new { email = business.OwnerEmail, name = "Owner" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.Service<UserStore>().OperatorsAsync()).ShouldBeEmpty();

        var created = await api.PostAsJsonAsync("/api/admin/operators?by=ana@ops.example", new { email = "Oscar@Ops.Example", name = "Oscar Ops" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await api.PostAsJsonAsync("/api/admin/operators", new { email = "oscar@ops.example", name = "Oscar again" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/admin/operators");
        listed.EnumerateArray().Single().GetProperty("email").GetString().ShouldBe("oscar@ops.example");

        // The invitation carries a sign-in link; signed in, they land on the console and see every business.
        var mail = await EmailAsync(db, "oscar@ops.example");
        mail.ShouldContain("/login/link?token=");
        var ops = await app.SignedInClientAsync("oscar@ops.example");
        var home = await ops.GetAsync("/");
        (await ops.GetStringAsync("/operator")).ShouldContain(business.Name);
        DashboardUserHome().ShouldBe("/operator");
        await using (var conn = await db.Db.OpenAsync())
            (await Dapper.SqlMapper.QueryAsync<(string Actor, string Action)>(conn,
                "SELECT actor, action FROM audit_log WHERE business_id IS NULL AND entity_type = 'user' AND entity_id = @id", new { id }))
                .ShouldContain(("operator:ana@ops.example", "operator_added"));

        // Removed: the open session ends and the API forgets them; a second removal is a 404.
        (await api.DeleteAsync($"/api/admin/operators/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.DeleteAsync($"/api/admin/operators/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ops.GetAsync("/operator")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await app.Service<UserStore>().GetByEmailAsync("oscar@ops.example")).ShouldBeNull();
        home.Dispose();
    }

    [Theory, DatabaseData]
    public async Task OperatorRoutes_NeedTheOperatorKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/admin/operators")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsJsonAsync("/api/admin/operators", new { email = "x@y.example", name = "X" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.Service<UserStore>().OperatorsAsync()).ShouldBeEmpty();
    }

    private static string DashboardUserHome() => CallRecover.Dashboard.Auth.DashboardUser.HomePath(Roles.Operator);

    private static async Task<string> EmailAsync(TestDatabase db, string to)
    {
        await using var conn = await db.Db.OpenAsync();
        return await Dapper.SqlMapper.QuerySingleAsync<string>(conn, "SELECT text_body FROM emails WHERE to_address = @to", new { to });
    }
}
