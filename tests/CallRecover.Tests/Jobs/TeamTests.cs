using System.Net;
using CallRecover.Jobs;
using CallRecover.Notifications.Email;
using CallRecover.Tenancy;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Jobs;

public sealed class TeamTests
{
    [Theory, DatabaseData]
    public async Task OwnerInvitesATechnician_TheInviteSignsThemIn_RemovingThemEndsTheirSessionAndLinks(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var s = await BookingScenario.CreateAsync(app);
        var team = app.Service<Team>();

        var invited = await team.InviteAsync(s.Business, new InviteInput("Sam@Example.com", "Sam Rivera", "technician", "(212) 555-0142"), "owner");

        invited.Ok.ShouldBeTrue();
        var sam = invited.Value!;
        sam.Role.ShouldBe(Roles.Technician);
        var technician = (await app.Service<TechnicianStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        (technician.UserId, technician.Email, technician.Phone).ShouldBe((sam.Id, "sam@example.com", "+12125550142"));
        var invite = (await app.Service<EmailOutbox>().RecentAsync("sam@example.com")).ShouldHaveSingleItem();
        invite.Purpose.ShouldBe("team_invite");
        var browser = app.Browser();
        var token = DashboardTestKit.TokenFromEmail(invite.TextBody);
        var verify = await browser.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        verify.Headers.Location!.ToString().ShouldBe("/jobs");
        (await browser.GetAsync("/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A technician sees no office page and no office API.
        (await browser.GetAsync("/api/dashboard/overview")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var settings = await browser.GetAsync("/settings");
        settings.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        settings.Headers.Location!.ToString().ShouldNotContain("/settings");
        var spare = await app.Service<CallRecover.Data.Db>().WriteAsync(tx => app.Service<CallRecover.Dashboard.Auth.MagicLinks>().MintAsync(tx, sam));

        (await team.RemoveAsync(s.Business, sam.Id, "owner")).Ok.ShouldBeTrue();

        var after = await browser.GetAsync("/api/dashboard/me");
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await browser.GetAsync("/jobs");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/login");
        var spareToken = DashboardTestKit.TokenFromEmail(spare);
        var reuse = await app.Browser().PostFormAsync("/auth/verify", $"/login/link?token={spareToken}", ("token", spareToken));
        reuse.Headers.Location!.ToString().ShouldContain("error");
        (await app.Service<UserStore>().GetByEmailAsync("sam@example.com")).ShouldBeNull();
        (await app.Service<TechnicianStore>().ListAsync(s.Business.Id)).Single().UserId.ShouldBeNull();
        (await team.RemoveAsync(s.Business, (await app.Service<UserStore>().ForBusinessAsync(s.Business.Id)).Single(u => u.Role == Roles.Owner).Id, "owner"))
            .Conflict.ShouldNotBeNull();

        // Invited again: access comes back.
        (await team.InviteAsync(s.Business, new InviteInput("sam@example.com", "Sam Rivera", "staff", null), "owner")).Ok.ShouldBeTrue();
        (await app.Service<UserStore>().GetByEmailAsync("sam@example.com"))!.Role.ShouldBe(Roles.Staff);
    }

    [Theory, DatabaseData]
    public async Task Invite_NamesTheBadField_AndAnotherBusinessesAccountIsAConflict(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var team = app.Service<Team>();

        (await team.InviteAsync(a.Business, new InviteInput("nope", "X", "staff", null), "owner")).Errors.Keys.ShouldBe(["email"]);
        (await team.InviteAsync(a.Business, new InviteInput("x@example.com", "X", "boss", null), "owner")).Errors.Keys.ShouldBe(["role"]);
        (await team.InviteAsync(a.Business, new InviteInput("x@example.com", "X", "technician", "12"), "owner")).Errors.Keys.ShouldBe(["phone"]);
        (await team.InviteAsync(a.Business, new InviteInput("x@example.com", "X", "technician", null), "owner")).Errors.Keys.ShouldBe(["phone"]);
        (await team.InviteAsync(a.Business, new InviteInput(b.Business.OwnerEmail, "X", "staff", null), "owner")).Conflict.ShouldNotBeNull();
        (await team.InviteAsync(a.Business, new InviteInput("pat@example.com", "Pat", "staff", null), "owner")).Ok.ShouldBeTrue();
        var pat = (await app.Service<UserStore>().GetByEmailAsync("pat@example.com"))!;
        (await team.RemoveAsync(b.Business, pat.Id, "owner")).NotFound.ShouldBeTrue();
        (await app.Service<UserStore>().GetByEmailAsync("pat@example.com")).ShouldNotBeNull();
    }
}
