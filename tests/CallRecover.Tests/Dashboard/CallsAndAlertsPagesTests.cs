using System.Net;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Notifications;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Dashboard;

public sealed class CallsAndAlertsPagesTests
{
    [Theory, DatabaseData]
    public async Task CallsLog_FiltersByOutcome_AndByLocalDateRange(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero));
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        await InsertCallAsync(db.Db, business.Id, "+19045550101", "missed", new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero));
        await InsertCallAsync(db.Db, business.Id, "+19045550102", "answered", new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero));
        // 02:00 UTC on the 9th is the evening of the 8th in New York.
        await InsertCallAsync(db.Db, business.Id, "+19045550103", "voicemail", new DateTimeOffset(2026, 3, 9, 2, 0, 0, TimeSpan.Zero));
        var owner = await app.SignedInClientAsync(business.OwnerEmail);

        var all = await owner.GetStringAsync("/calls");
        all.ShouldContain("(904) 555-0101");
        all.ShouldContain("(904) 555-0102");
        all.ShouldContain("(904) 555-0103");

        var missed = await owner.GetStringAsync("/calls?filter=missed");
        missed.ShouldContain("(904) 555-0101");
        missed.ShouldContain("(904) 555-0103");
        missed.ShouldNotContain("(904) 555-0102");

        var answered = await owner.GetStringAsync("/calls?filter=answered");
        answered.ShouldContain("(904) 555-0102");
        answered.ShouldNotContain("(904) 555-0101");

        var onThe8th = await owner.GetStringAsync("/calls?filter=all&from=2026-03-08&to=2026-03-08");
        onThe8th.ShouldContain("(904) 555-0103");
        onThe8th.ShouldNotContain("(904) 555-0101");

        var backwards = await owner.GetStringAsync("/calls?from=2026-03-10&to=2026-03-01");
        backwards.ShouldContain("calls-range-error");
        var garbage = await owner.GetStringAsync("/calls?from=yesterday");
        garbage.ShouldContain("is not a date like");
    }

    [Theory, DatabaseData]
    public async Task Alerts_ShowTheUnreadCount_AndMarkingReadLowersIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        Notification first = null!;
        await db.Db.WriteAsync(async tx =>
        {
            first = await app.Service<Notifier>().NotifyAsync(tx, business.Id, new OwnerNotice("missed_call", "Missed call", "From (904) 555-0101"));
            await app.Service<Notifier>().NotifyAsync(tx, business.Id, new OwnerNotice("emergency", "Emergency", "No heat", Urgent: true));
            await app.Service<Notifier>().NotifyAsync(tx, other.Id, new OwnerNotice("missed_call", "Someone else's", "Not yours"));
        });
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var page = await owner.GetStringAsync("/notifications");
        page.ShouldContain("id=\"unread-count\" aria-label=\"2 unread\"");
        page.ShouldNotContain("Someone else's");

        (await owner.PostFormAsync("/notifications", "/notifications", ("_handler", "read-" + first.Id))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Service<NotificationStore>().UnreadCountAsync(business.Id)).ShouldBe(1);
        (await owner.PostFormAsync("/notifications", "/notifications", ("_handler", "mark-all"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Service<NotificationStore>().UnreadCountAsync(business.Id)).ShouldBe(0);
        (await app.Service<NotificationStore>().UnreadCountAsync(other.Id)).ShouldBe(1);
    }

    private static Task InsertCallAsync(Db db, string businessId, string phone, string status, DateTimeOffset at) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, after_hours, created_at, updated_at)
            VALUES (@id, @businessId, @sid, @phone, @status, FALSE, @at, @at)
            """, new { id = Ids.New(), businessId, sid = "CA" + Ids.New(), phone, status, at }, tx.Transaction));
}

public sealed class DoNotTextSettingsTests
{
    [Theory, DatabaseData]
    public async Task Settings_AddsAndRemovesDoNotTextNumbers_ForThisBusinessOnly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var store = app.Service<CallRecover.Compliance.DoNotTextStore>();

        var bad = await owner.PostFormAsync("/settings", "/settings", ("_handler", "dnt-add"), ("phone", "call me"), ("label", "x"));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("is not a valid phone number");
        (await store.ListAsync(business.Id)).ShouldBeEmpty();

        (await owner.PostFormAsync("/settings", "/settings", ("_handler", "dnt-add"), ("phone", "(904) 555-0177"), ("label", "Supplier")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var entry = (await store.ListAsync(business.Id)).ShouldHaveSingleItem();
        entry.Phone.ShouldBe("+19045550177");
        entry.Label.ShouldBe("Supplier");
        (await store.ListAsync(other.Id)).ShouldBeEmpty();

        (await owner.PostFormAsync("/settings", "/settings", ("_handler", "dnt-remove-" + entry.Id))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await store.ListAsync(business.Id)).ShouldBeEmpty();
    }
}
