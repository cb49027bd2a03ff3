using Bunit;
using CallRecover.Dashboard.Auth;
using CallRecover.Dashboard.Overview;
using CallRecover.Dashboard.Shared;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallRecover.Tests.Dashboard;

/// <summary>Live pages (Interactive Server) rendered with bUnit on the real services: they follow their own business's changes only.</summary>
public sealed class LivePagesTests
{
    [Theory, DatabaseData]
    public async Task Overview_CountsAMissedCallLive_AndIgnoresAnotherBusiness(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var mine = await app.CreateBusinessAsync();
        var theirs = await app.CreateBusinessAsync();
        await using var ui = await PageHarness.SignedInAsync(app, mine.OwnerEmail);
        var page = ui.Render<OverviewPage>();
        page.WaitForElement("#stats-today [data-stat=missed]");
        page.Find("#stats-today [data-stat=missed]").TextContent.ShouldBe("0");
        page.Find("h1").GetAttribute("data-live").ShouldBe("on");

        await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, theirs.Id, clock.GetUtcNow());
        app.Service<LiveEvents>().Publish(theirs.Id, "call", "x");
        await Task.Delay(200);
        page.Find("#stats-today [data-stat=missed]").TextContent.ShouldBe("0", "another business's call is not counted or shown");

        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, mine.Id, clock.GetUtcNow());
        app.Service<LiveEvents>().Publish(mine.Id, "call", thread.CallId);
        PageHarness.Until(page, () => page.Find("#stats-today [data-stat=missed]").TextContent == "1", "the missed call counted live");
        page.Find("#activity").TextContent.ShouldContain(Fmt.Phone(thread.Phone));
    }

    [Theory, DatabaseData]
    public async Task UnreadBadge_RisesLive_WhenTheOwnerIsNotified(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var mine = await app.CreateBusinessAsync();
        var theirs = await app.CreateBusinessAsync();
        await using var ui = await PageHarness.SignedInAsync(app, mine.OwnerEmail);
        var badge = ui.Render<UnreadBadge>();
        badge.WaitForAssertion(() => badge.Find("#unread-count").TextContent.ShouldBe("0"));

        await db.Db.WriteAsync(tx => app.Service<Notifier>().NotifyAsync(tx, theirs.Id, new OwnerNotice("missed_call", "Missed call", "Not yours")));
        await db.Db.WriteAsync(tx => app.Service<Notifier>().NotifyAsync(tx, mine.Id, new OwnerNotice("missed_call", "Missed call", "From a caller")));
        PageHarness.Until(badge, () => badge.Find("#unread-count").TextContent == "1", "one unread alert, this business's own");
        badge.Find("#unread-count").GetAttribute("aria-label").ShouldBe("1 unread");
    }

    [Theory, DatabaseData]
    public async Task AnOpenPage_LosesItsUser_WhenTheUserIsMovedOrRemoved(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        User staff = null!;
        await db.Db.WriteAsync(async tx => staff = await app.Service<UserStore>().InsertAsync(tx, business.Id, "stan@example.com", "Stan Staff", Roles.Staff));
        var state = new RevalidatingUserState(app.Service<ILoggerFactory>(), app.Service<IServiceScopeFactory>());
        var principal = DashboardUser.Principal(staff);

        (await state.IsStillValidAsync(principal, default)).ShouldBeTrue();
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE users SET business_id = @other WHERE id = @id", new { other = other.Id, id = staff.Id }, tx.Transaction));
        (await state.IsStillValidAsync(principal, default)).ShouldBeFalse("moved to another business");
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE users SET business_id = @b, role = 'technician' WHERE id = @id", new { b = business.Id, id = staff.Id }, tx.Transaction));
        (await state.IsStillValidAsync(principal, default)).ShouldBeFalse("role changed");
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = staff.Id }, tx.Transaction));
        (await state.IsStillValidAsync(principal, default)).ShouldBeFalse("removed");
    }
}
