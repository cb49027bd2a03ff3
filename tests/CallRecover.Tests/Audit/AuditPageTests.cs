using System.Net;
using System.Text.RegularExpressions;
using CallRecover.Audit;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Audit;

/// <summary>The owner's audit log: their business's entries only, newest first, filtered, paged; bad filters get a message.</summary>
public sealed partial class AuditPageTests
{
    [Theory, DatabaseData]
    public async Task Owner_SeesWhoDidWhat_Filtered_AndPaged_NeverAnotherBusiness_StaffNotAtAll(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var owner = (await app.Service<UserStore>().ForBusinessAsync(business.Id)).Single(u => u.Role == Roles.Owner);
        var audit = app.Service<AuditLog>();
        async Task WriteAsync(string businessId, string actor, string type, string id, string action)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await db.Db.WriteAsync(tx => audit.WriteAsync(tx, businessId, actor, type, id, action, new { note = "n" }));
        }
        await WriteAsync(business.Id, $"user:{owner.Id}", "customer", "cust-1", "merged");
        await WriteAsync(business.Id, "operator:sam", "business", business.Id, "settings_changed");
        await WriteAsync(business.Id, "api:CRM sync", "job", "job-1", "stage_changed");
        await WriteAsync(business.Id, "engine", "conversation", "conv-1", "handed_off");
        for (var i = 0; i < 55; i++) await WriteAsync(business.Id, "system", "quote", $"quote-{i:D2}", "expired");
        await WriteAsync(other.Id, "operator", "customer", "other-business-secret", "erased");

        var browser = await app.SignedInClientAsync(business.OwnerEmail);
        var first = WebUtility.HtmlDecode(await browser.GetStringAsync("/audit"));
        var ids = Entities(first);
        ids.Count.ShouldBe(50);
        ids[0].ShouldBe("quote-54", "newest first");
        first.ShouldNotContain("other-business-secret");
        var older = Regex.Match(first, "id=\"audit-older\" href=\"([^\"]+)\"").Groups[1].Value;
        var second = WebUtility.HtmlDecode(await browser.GetStringAsync(WebUtility.HtmlDecode(older)));
        // The oldest is the business's own creation.
        Entities(second).ShouldBe(["quote-04", "quote-03", "quote-02", "quote-01", "quote-00", "conv-1", "job-1", business.Id, "cust-1", business.Id]);
        second.ShouldContain(owner.Name);
        second.ShouldContain("Operator (sam)");
        second.ShouldContain("API token “CRM sync”");
        second.ShouldContain("The conversation engine");
        second.ShouldContain("href=\"/customers/cust-1\"");

        Entities(await browser.GetStringAsync("/audit?who=people")).ShouldBe(["cust-1"]);
        Entities(await browser.GetStringAsync("/audit?who=api")).ShouldBe(["job-1"]);
        Entities(await browser.GetStringAsync("/audit?who=automatic&type=conversation")).ShouldBe(["conv-1"]);
        var today = business.LocalTime(clock.GetUtcNow()).Date;
        (await browser.GetStringAsync($"/audit?from={today.PlusDays(1):yyyy-MM-dd}")).ShouldContain("id=\"audit-empty\"");
        Entities(await browser.GetStringAsync($"/audit?type=customer&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).ShouldBe(["cust-1"]);

        // Bad filters get a message, never an error page.
        foreach (var (query, message) in new[]
                 {
                     ("from=yesterday", "Enter the “From” date"), ("to=2026-13-45", "Enter the “To” date"), ("who=everyone-else", "“Who” must be one of"),
                     ("before=not-a-cursor", "That page of the log does not exist"), ($"from={today:yyyy-MM-dd}&to={today.PlusDays(-1):yyyy-MM-dd}", "“From” must be on or before"),
                     ("before=99999999999999999999_x", "That page of the log does not exist"),
                     // Found by probing: the last day of year 9999 overflowed on its way to the next day, a negative year too.
                     ("to=9999-12-31", "Enter the “To” date"), ("from=-2026-01-01", "Enter the “From” date"),
                 })
        {
            var response = await browser.GetAsync("/audit?" + query);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ShouldContain(message, Case.Sensitive, query);
        }

        // Another owner sees only their own business's entry; staff do not see the log.
        Entities(await (await app.SignedInClientAsync(other.OwnerEmail)).GetStringAsync("/audit")).ShouldBe(["other-business-secret", other.Id]);
        var staff = await app.SignedInStaffAsync(business);
        var denied = await staff.GetAsync("/audit");
        denied.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await denied.Content.ReadAsStringAsync()).ShouldNotContain("cust-1");
    }

    private static List<string> Entities(string html) => [.. EntityId().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-entity-id=\"([^\"]+)\"")]
    private static partial Regex EntityId();
}
