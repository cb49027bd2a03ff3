using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.FollowUps;
using CallRecover.Leads;
using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;
using Dapper;
using NodaTime;
using static CallRecover.Tests.Conversations.ConversationTestKit;

namespace CallRecover.Tests.FollowUps;

public sealed class FollowUpTests
{
    // FakeClock starts Tuesday 2026-03-03 15:00 UTC = 10:00 in New York.
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero);

    private static async Task<IReadOnlyList<Message>> FollowUpsAsync(AppFactory app, Started s) =>
        [.. (await MessagesAsync(app, s)).Where(m => m.Purpose == SmsPurposes.FollowUp)];

    private static Task<IReadOnlyList<Message>> WaitForFollowUpsAsync(AppFactory app, Started s, int count) =>
        Eventually.WaitAsync(() => FollowUpsAsync(app, s), l => l.Count >= count, $"{count} follow-up(s)");

    private static async Task<List<(string Status, DateTimeOffset DueAt)>> FollowUpItemsAsync(AppFactory app, Started s)
    {
        await using var conn = await app.Service<Db>().OpenAsync();
        return [.. await conn.QueryAsync<(string, DateTimeOffset)>("SELECT status, due_at FROM work_items WHERE kind = 'followup.send' AND dedupe_key LIKE @p ORDER BY id",
            new { p = FollowUpWork.KeyPrefix(s.Conversation.Id) + "%" })];
    }

    [Theory, DatabaseData]
    public async Task SilentCaller_GetsThreeFollowUps_ThenTheConversationClosesAndTheLeadIsUnresponsive(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(Start);
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business, "+14075550188");

        // The greeting scheduled follow-up #1 two hours later.
        (await ConversationAsync(app, s))!.NextFollowUpAt.ShouldBe(Start.AddHours(2));
        clock.Advance(TimeSpan.FromHours(1.9));
        await Task.Delay(300);
        (await FollowUpsAsync(app, s)).ShouldBeEmpty();

        clock.Set(Start.AddHours(2));
        var first = (await WaitForFollowUpsAsync(app, s, 1)).Single();
        first.Body.ShouldBe("Just checking in — did you still need help with anything?");
        first.Sender.ShouldBe(Senders.Ai);
        var c = (await ConversationAsync(app, s))!;
        c.Status.ShouldBe(ConversationStatuses.FollowUp);
        c.FollowUpCount.ShouldBe(1);
        c.NextFollowUpAt.ShouldBe(Start.AddHours(24));

        clock.Set(Start.AddHours(24));
        (await WaitForFollowUpsAsync(app, s, 2))[1].Body.ShouldContain(business.Name);
        clock.Set(Start.AddHours(72));
        (await WaitForFollowUpsAsync(app, s, 3))[2].Body.ShouldStartWith($"Last note from {business.Name}");

        c = (await ConversationAsync(app, s))!;
        c.Status.ShouldBe(ConversationStatuses.ClosedNoResponse);
        c.FollowUpCount.ShouldBe(3);
        c.NextFollowUpAt.ShouldBeNull();
        (await LeadAsync(app, s))!.Status.ShouldBe(LeadStatuses.Unresponsive);

        clock.Advance(TimeSpan.FromDays(10));
        await Task.Delay(300);
        (await FollowUpsAsync(app, s)).Count.ShouldBe(3);
        (await FollowUpItemsAsync(app, s)).ShouldNotContain(i => i.Status == "pending");
    }

    [Theory, DatabaseData]
    public async Task NoStillNeedHelpFollowUp_ForABookedVisit_AnEmergency_OrSomeoneWaitingForAPerson(string provider)
    {
        // Found using the product: each of these had "Just checking in — did you still need help?" due the next morning.
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(Start);
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var booked = await MissedCallAsync(app, business, "+14075550161");
        var emergency = await MissedCallAsync(app, business, "+14075550162");
        var person = await MissedCallAsync(app, business, "+14075550163");
        var silent = await MissedCallAsync(app, business, "+14075550164");

        await app.Service<Db>().WriteAsync(tx => app.Service<LeadStore>().SetStatusAsync(tx, business.Id, booked.Lead.Id, LeadStatuses.Booked));
        await SayAsync(app, emergency, "i smell gas in the basement", clock);
        (await ConversationAsync(app, emergency))!.Emergency.ShouldBeTrue();
        await SayAsync(app, person, "can i talk to a real person please", clock);
        (await ConversationAsync(app, person))!.NeedsHuman.ShouldBeTrue();

        clock.Advance(TimeSpan.FromHours(3));
        (await WaitForFollowUpsAsync(app, silent, 1)).Single().Body.ShouldStartWith("Just checking in");
        foreach (var s in new[] { booked, emergency, person })
        {
            await Eventually.WaitAsync(async () => (await ConversationAsync(app, s))!.NextFollowUpAt is null, "the follow-up dropped");
            (await FollowUpsAsync(app, s)).ShouldBeEmpty();
        }
    }

    [Theory, DatabaseData]
    public async Task FollowUps_UseTheServiceAndTheName_WhenKnown(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(Start);
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business, "+14075550177");
        var replyAt = (await SayAsync(app, s, "hi this is Dana, our AC stopped cooling", clock))!.CreatedAt;

        clock.Set(replyAt.AddHours(2));
        (await WaitForFollowUpsAsync(app, s, 1))[0].Body.ShouldBe("Just checking in — did you still need help with your AC repair?");
        clock.Set(replyAt.AddHours(24));
        (await WaitForFollowUpsAsync(app, s, 2))[1].Body.ShouldStartWith("Hi Dana, ");
    }

    [Theory, DatabaseData]
    public async Task AReply_CancelsThePendingFollowUp_AndTheCountNeverPassesThree(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(Start);
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business, "+14075550166");

        clock.Advance(TimeSpan.FromMinutes(29));
        var answeredAt = (await SayAsync(app, s, "my furnace is making a banging noise", clock))!.CreatedAt;

        var items = await FollowUpItemsAsync(app, s);
        items.Count(i => i.Status == "cancelled").ShouldBe(1);
        // Our answer started a new wait: #1 is now due two hours after it.
        items.Single(i => i.Status == "pending").DueAt.ShouldBe(answeredAt.AddHours(2));

        clock.Set(Start.AddHours(2));
        await Task.Delay(300);
        (await FollowUpsAsync(app, s)).ShouldBeEmpty();
        clock.Set(answeredAt.AddHours(2));
        await WaitForFollowUpsAsync(app, s, 1);
        await Task.Delay(200);
        (await FollowUpsAsync(app, s)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task AtNight_TheFollowUpWaitsFor8amCallerTime_UsingTheAreaCode(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // 19:30 in New York; +2 h is 21:30, too late to text.
        var evening = new DateTimeOffset(2026, 3, 4, 0, 30, 0, TimeSpan.Zero);
        var clock = new FakeClock(evening);
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var nyCaller = await MissedCallAsync(app, business, "+14075550155");
        (await ConversationAsync(app, nyCaller))!.NextFollowUpAt.ShouldBe(new DateTimeOffset(2026, 3, 4, 13, 0, 0, TimeSpan.Zero));

        // 13:00 UTC: +2 h is 10:00 in New York but 07:00 in Los Angeles, where a 310 number lives.
        clock.Set(new DateTimeOffset(2026, 3, 5, 13, 0, 0, TimeSpan.Zero));
        var laCaller = await MissedCallAsync(app, business, "+13105550155");
        (await ConversationAsync(app, laCaller))!.NextFollowUpAt.ShouldBe(new DateTimeOffset(2026, 3, 5, 16, 0, 0, TimeSpan.Zero));
        var eastCaller = await MissedCallAsync(app, business, "+14075550144");
        (await ConversationAsync(app, eastCaller))!.NextFollowUpAt.ShouldBe(new DateTimeOffset(2026, 3, 5, 15, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void NextAllowed_KeepsDaytime_AndMovesEveningsAndNightsToTheNext8am()
    {
        var ny = DateTimeZoneProviders.Tzdb["America/New_York"];
        FollowUpSchedule.NextAllowed(new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero), ny).ShouldBe(new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero));
        // 21:00 exactly is already too late; 07:59 too early.
        FollowUpSchedule.NextAllowed(new DateTimeOffset(2026, 3, 4, 2, 0, 0, TimeSpan.Zero), ny).ShouldBe(new DateTimeOffset(2026, 3, 4, 13, 0, 0, TimeSpan.Zero));
        FollowUpSchedule.NextAllowed(new DateTimeOffset(2026, 3, 4, 12, 59, 0, TimeSpan.Zero), ny).ShouldBe(new DateTimeOffset(2026, 3, 4, 13, 0, 0, TimeSpan.Zero));
        // Across the spring-forward night (8 March 2026) 08:00 is 12:00 UTC.
        FollowUpSchedule.NextAllowed(new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.Zero), ny).ShouldBe(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero));
    }

    [Theory, DatabaseData]
    public async Task IdleConversations_WithNothingPending_BecomeStale(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(Start);
        // No background worker: its own periodic sweep would otherwise race the sweep this test runs by hand.
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var business = await app.CreateBusinessAsync();
        var idle = await MissedCallAsync(app, business, greet: false);
        var waiting = await MissedCallAsync(app, business);
        // The pending follow-up of "waiting" is far off for this test.
        await using (var conn = await app.Service<Db>().OpenAsync())
            await conn.ExecuteAsync("UPDATE work_items SET due_at = @far WHERE kind = 'followup.send'", new { far = Start.AddDays(30) });

        clock.Advance(TimeSpan.FromHours(47));
        (await app.Service<StaleSweepTask>().MarkStaleAsync()).ShouldBe(0);
        clock.Advance(TimeSpan.FromHours(2));
        (await app.Service<StaleSweepTask>().MarkStaleAsync()).ShouldBe(1);

        (await ConversationAsync(app, idle))!.Status.ShouldBe(ConversationStatuses.Stale);
        (await ConversationAsync(app, waiting))!.Status.ShouldBe(ConversationStatuses.Active);
    }

    [Theory, DatabaseData]
    public async Task TwoNodes_SchedulingAndRunningTheSameFollowUp_SendItOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(Start);
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var business = await app.CreateBusinessAsync();
        // A caller on the East Coast, where Start + 2 h is midday: a generated number can be Hawaii's or Guam's, where it is night
        // and the follow-up is rightly moved to the morning (the test failed so about once in a few hundred runs).
        var s = await MissedCallAsync(app, business, "+14075550193");
        var scheduler = app.Service<FollowUpScheduler>();
        await app.Service<Db>().WriteAsync(tx => scheduler.ScheduleAsync(tx, business.Id, s.Conversation.Id, Start));
        await app.Service<Db>().WriteAsync(tx => scheduler.ScheduleAsync(tx, business.Id, s.Conversation.Id, Start));
        (await FollowUpItemsAsync(app, s)).Count(i => i.Status == "pending").ShouldBe(1);

        clock.Set(Start.AddHours(2));
        var item = new CallRecover.Queue.WorkItem { Kind = FollowUpWork.SendKind, Payload = Common.Json.Serialize(new FollowUpWork.Payload(business.Id, s.Conversation.Id, 1, Start)) };
        await Task.WhenAll(app.Service<FollowUpHandler>().HandleAsync(item, default), app.Service<FollowUpHandler>().HandleAsync(item, default));

        (await FollowUpsAsync(app, s)).Count.ShouldBe(1);
    }
}
