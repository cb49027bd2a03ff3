using System.Net;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Requests;

/// <summary>The settings page's web form section: the link and the iframe snippet, and the web address the owner can change.</summary>
public sealed class RequestFormSettingsTests
{
    [Theory, DatabaseData]
    public async Task Settings_ShowTheSnippet_AndEditTheSlug_RefusingATakenOrBadOne(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var other = await app.CreateBusinessAsync(i => i with { Name = "Taken Name" });
        var business = await app.CreateBusinessAsync(i => i with { Name = "Best Heat" });
        var owner = await app.SignedInClientAsync(business.OwnerEmail);

        var page = WebUtility.HtmlDecode(await owner.GetStringAsync("/settings"));
        page.ShouldContain("<iframe src=\"http://localhost/request/best-heat\"");
        page.ShouldContain("href=\"http://localhost/request/best-heat\"");

        foreach (var (bad, message) in new[] { (other.Slug!, "taken"), ("No Spaces!", Slugs.Rule) })
        {
            var refused = await owner.PostFormAsync("/settings", "/settings", ("_handler", "request-form"), ("slug", bad));
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain(message);
            (await app.Service<BusinessStore>().GetAsync(business.Id))!.Slug.ShouldBe("best-heat");
        }

        var saved = await owner.PostFormAsync("/settings", "/settings", ("_handler", "request-form"), ("slug", "best-heat-jax"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        saved.Headers.Location!.ToString().ShouldEndWith("/settings?saved=request-form#request-form");
        (await app.Service<BusinessStore>().GetAsync(business.Id))!.Slug.ShouldBe("best-heat-jax");
        (await owner.GetStringAsync("/settings")).ShouldContain("/request/best-heat-jax");
    }
}
