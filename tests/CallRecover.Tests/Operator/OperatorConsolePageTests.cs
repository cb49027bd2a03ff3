using System.Net;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Operator;

/// <summary>The /operator page: for operators only, the same health as the API, and its actions audited; "view as business" marked.</summary>
public sealed class OperatorConsolePageTests
{
    private const string OpsEmail = "ops@callrecover.example";

    private static async Task<HttpClient> SignedInOperatorAsync(AppFactory app)
    {
        await app.Database.Db.WriteAsync(tx => app.Service<UserStore>().InsertAsync(tx, null, OpsEmail, "Oscar Ops", Roles.Operator));
        return await app.SignedInClientAsync(OpsEmail);
    }

    [Theory, DatabaseData]
    public async Task Console_ShowsEveryBusinessTotalsWorkAndTasks_ForAnOperator_AndSearches(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var dead = await Seed.WorkAsync(db.Db, b.Id, "dead", clock.GetUtcNow(), attempts: 8, error: "carrier said no");
        var ops = await SignedInOperatorAsync(app);

        var html = await ops.GetStringAsync("/operator");
        html.ShouldContain("Operator console");
        html.ShouldContain($"data-business=\"{a.Id}\"");
        html.ShouldContain($"data-business=\"{b.Id}\"");
        html.ShouldContain("id=\"total-businesses\">2<");
        html.ShouldContain($"data-work=\"{dead}\"");
        html.ShouldContain("carrier said no");
        html.ShouldContain("data-task=\"quotes.expiry\"");
        html.ShouldContain("class=\"table-scroll console\"");
        html.ShouldContain("href=\"/operator/businesses\"", customMessage: "the business picker stays reachable");

        var byName = await ops.GetStringAsync("/operator?q=" + Uri.EscapeDataString(b.Name));
        byName.ShouldContain($"data-business=\"{b.Id}\"");
        if (!b.Name.Contains(a.Name, StringComparison.OrdinalIgnoreCase)) byName.ShouldNotContain($"data-business=\"{a.Id}\"");
        var byNumber = await ops.GetStringAsync("/operator?q=" + Uri.EscapeDataString(a.CarrierNumber![^7..]));
        byNumber.ShouldContain($"data-business=\"{a.Id}\"");
        byNumber.ShouldNotContain($"data-business=\"{b.Id}\"");
        (await ops.GetStringAsync("/operator?q=" + Uri.EscapeDataString(b.OwnerEmail.ToUpperInvariant()))).ShouldContain($"data-business=\"{b.Id}\"");

        // The page's Discard and Run now post back to it, and are audited with the operator's address.
        var discarded = await ops.PostFormAsync("/operator", "/operator", ("_handler", $"work-discard-{dead}"));
        discarded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Seed.StatusAsync(db.Db, dead)).ShouldBe("cancelled");
        (await ops.PostFormAsync("/operator", "/operator", ("_handler", "task-run-quotes.expiry"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var conn = await db.Db.OpenAsync();
        var audit = (await conn.QueryAsync<(string? BusinessId, string Actor, string Action)>(
            "SELECT business_id, actor, action FROM audit_log WHERE entity_type IN ('work_item', 'scheduled_task')")).ToList();
        audit.ShouldContain((b.Id, $"operator:{OpsEmail}", "discarded"));
        audit.ShouldContain((null, $"operator:{OpsEmail}", "run_requested"));
    }

    [Theory, DatabaseData]
    public async Task Console_IsRefused_ToOwnersAndStaff_AndSendsStrangersToSignIn(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock());
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();

        var anonymous = await app.Browser().GetAsync("/operator");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldContain("/login");

        var owner = await app.SignedInClientAsync(a.OwnerEmail);
        var refused = await owner.GetAsync("/operator");
        refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldNotContain(b.Name);
        // The owner's own pages never show another business, nor the operator's banner.
        var home = await owner.GetStringAsync("/");
        home.ShouldNotContain(b.Name);
        home.ShouldNotContain("acting-banner");
        // The cookie does not open the bearer-key API.
        (await owner.GetAsync("/api/admin/health")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var staff = await app.SignedInStaffAsync(a);
        (await staff.GetAsync("/operator")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task ViewingABusiness_IsMarkedOnEveryPage_AndAuditedInItsLog(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock());
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var ops = await SignedInOperatorAsync(app);

        (await ops.GetStringAsync("/operator")).ShouldNotContain("acting-banner");
        var chose = await ops.PostFormAsync("/auth/act-as", "/operator", ("businessId", a.Id));
        chose.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        foreach (var page in new[] { "/", "/leads", "/settings", "/audit" })
        {
            var html = await ops.GetStringAsync(page);
            html.ShouldContain("id=\"acting-banner\"", customMessage: page);
            html.ShouldContain($"Viewing <strong>{System.Net.WebUtility.HtmlEncode(a.Name)}</strong> as operator", customMessage: page);
            html.ShouldContain("href=\"/operator\" id=\"back-to-console\"", customMessage: page);
        }

        await using var conn = await db.Db.OpenAsync();
        var rows = (await conn.QueryAsync<(string BusinessId, string Actor, string Action)>(
            "SELECT business_id, actor, action FROM audit_log WHERE entity_type = 'business' AND action = 'viewed_as_operator'")).ToList();
        rows.ShouldBe([(a.Id, $"operator:{OpsEmail}", "viewed_as_operator")]);
        // The business's own audit page shows it as the operator's.
        (await ops.GetStringAsync("/audit")).ShouldContain($"Operator ({OpsEmail})");

        // b's owner sees nothing of it.
        var ownerB = await app.SignedInClientAsync(b.OwnerEmail);
        var audit = await ownerB.GetStringAsync("/audit");
        audit.ShouldNotContain(OpsEmail);
    }
}
