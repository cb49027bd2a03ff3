using CallRecover.Reports;
using CallRecover.Data;
using CallRecover.Notifications;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tenancy;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Notifications.Email;

public sealed class OwnerEmailTests
{
    private static async Task<IReadOnlyList<StoredEmail>> EmailsAsync(Db db, string businessId, string purpose)
    {
        await using var conn = await db.OpenAsync();
        return [.. await conn.QueryAsync<StoredEmail>($"SELECT {EmailOutbox.Columns} FROM emails WHERE business_id = @businessId AND purpose = @purpose ORDER BY created_at",
            new { businessId, purpose })];
    }

    private static async Task<string> ChannelResultAsync(AppFactory app, string businessId, string notificationId) =>
        await Eventually.WaitAsync(async () =>
            (await app.Service<NotificationStore>().ListAsync(businessId)).Single(n => n.Id == notificationId).Channels,
            c => c.Contains("\"email\"", StringComparison.Ordinal), "email channel result");

    [Theory, DatabaseData]
    public async Task EmergencyIsEmailed_MissedCallWaitsForTheDigest_AndEmailOffMeansNoEmail(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var on = await app.CreateBusinessAsync();
        var off = await app.CreateBusinessAsync(i => i with { NotificationPrefs = new NotificationPrefs { Email = false } });
        var notifier = app.Service<Notifier>();

        var emergency = await app.Service<Db>().WriteAsync(tx => notifier.NotifyAsync(tx, on.Id, new OwnerNotice("emergency", "Emergency: gas smell", "Caller +1904… smells gas", Urgent: true)));
        var missed = await app.Service<Db>().WriteAsync(tx => notifier.NotifyAsync(tx, on.Id, new OwnerNotice("missed_call", "Missed call", "From +1904…")));
        var silenced = await app.Service<Db>().WriteAsync(tx => notifier.NotifyAsync(tx, off.Id, new OwnerNotice("emergency", "Emergency", "x", Urgent: true)));

        (await ChannelResultAsync(app, on.Id, emergency.Id)).ShouldContain("queued email");
        (await ChannelResultAsync(app, on.Id, missed.Id)).ShouldContain("skipped: goes in the daily digest");
        (await ChannelResultAsync(app, off.Id, silenced.Id)).ShouldContain("skipped: email notifications are off");
        var sent = await Eventually.WaitAsync(() => EmailsAsync(app.Service<Db>(), on.Id, "notification"), e => e.Count == 1 && e[0].Status == "outbox", "emergency email");
        sent[0].Subject.ShouldBe($"URGENT: Emergency: gas smell – {on.Name}");
        sent[0].ToAddress.ShouldBe(on.OwnerEmail);
        sent[0].TextBody.ShouldStartWith("Caller +1904… smells gas");
        (await EmailsAsync(app.Service<Db>(), off.Id, "notification")).ShouldBeEmpty();
        // The digest's notice was recorded as skipped when it was stored: no email delivery was queued for it (the
        // emergency's was), a work item and its transactions saved on every missed call.
        var deliveries = await app.Service<WorkQueue>().ListAsync(kind: Notifier.DeliverKind, businessId: on.Id);
        deliveries.ShouldContain(w => w.DedupeKey == $"notify:{emergency.Id}:email");
        deliveries.ShouldNotContain(w => w.DedupeKey == $"notify:{missed.Id}:email");
        deliveries.ShouldContain(w => w.DedupeKey == $"notify:{missed.Id}:sms");
    }

    [Theory, DatabaseData]
    public async Task EmailChannel_RunTwiceForOneNotification_QueuesOneEmail(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var b = await app.CreateBusinessAsync();
        var n = await app.Service<Db>().WriteAsync(tx => app.Service<Notifier>().NotifyAsync(tx, b.Id, new OwnerNotice("qualified", "New qualified lead", "Jane, AC repair")));
        var channel = app.Service<EmailNotificationChannel>();

        var first = await channel.DeliverAsync(b, n, CancellationToken.None);
        var second = await channel.DeliverAsync(b, n, CancellationToken.None);

        second.ShouldBe(first);
        (await EmailsAsync(app.Service<Db>(), b.Id, "notification")).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task DailyDigest_IsDueAtSevenLocal_SummarizesYesterday_AndListsTodaysVisits(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start); // Tue Mar 3, 10:00 New York
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "3"); // Wed Mar 4, 8–9am
        var digest = app.Service<DailyDigest>();

        (await digest.EnsureScheduledAsync()).ShouldBeGreaterThanOrEqualTo(1);
        (await digest.EnsureScheduledAsync()).ShouldBe(0);
        var item = (await app.Service<WorkQueue>().ListAsync(kind: DailyDigest.DigestKind, businessId: s.Business.Id)).ShouldHaveSingleItem();
        item.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero)); // Wed 07:00 EST

        clock.Set(item.DueAt);
        var work = new WorkItem { Id = item.Id, Kind = item.Kind, BusinessId = item.BusinessId, Payload = item.Payload, Attempts = 1, MaxAttempts = 5 };
        await digest.HandleAsync(work, CancellationToken.None);
        await digest.HandleAsync(work, CancellationToken.None); // a rerun does not send it twice

        var email = (await EmailsAsync(app.Service<Db>(), s.Business.Id, "digest")).ShouldHaveSingleItem();
        email.Subject.ShouldBe($"Your daily summary – {s.Business.Name} – Wed Mar 4");
        email.TextBody.ShouldContain("for Tue Mar 3:");
        email.TextBody.ShouldContain("- New leads: 1");
        email.TextBody.ShouldContain("- Appointments booked: 1, cancelled: 0");
        email.TextBody.ShouldContain("Today's visits (Wed Mar 4):\n- 8–9am: Jane Doe, AC repair, 12 Oak St");
        // The next day's digest is queued by the run itself.
        (await app.Service<WorkQueue>().ListAsync(kind: DailyDigest.DigestKind, businessId: s.Business.Id))
            .ShouldContain(w => w.DueAt == new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
    }
}
