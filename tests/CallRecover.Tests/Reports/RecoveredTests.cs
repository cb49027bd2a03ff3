using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Conversations.Engines;
using CallRecover.Reports;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using Dapper;

namespace CallRecover.Tests.Reports;

/// <summary>
/// "Recovered" counts the missed callers who engaged with the business, through the real webhooks and the built-in
/// engine: a caller whose only answer was STOP, "wrong number" or "not interested" was not recovered; one who asked for
/// something was, even when they opted out afterwards.
/// </summary>
public sealed class RecoveredTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero);

    [Theory, DatabaseData]
    public async Task Recovered_CountsCallersWhoEngaged_NotThoseWhoOnlyOptedOutOrSaidWrongNumberOrNotInterested(string provider)
    {
        var clock = new FakeClock(Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var b = await h.BusinessAsync();
        const string stop = "+14075550141", wrong = "+14075550142", request = "+14075550143", requestThenStop = "+14075550144",
            notInterested = "+14075550145";
        foreach (var phone in new[] { stop, wrong, request, requestThenStop, notInterested })
        {
            await h.MissedCallAsync(b, phone);
            await h.TextsToAsync(phone); // the greeting
        }

        async Task SayAsync(string phone, string body, int expectTexts)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            (await h.TextAsync(b, phone, body)).EnsureSuccessStatusCode();
            await h.TextsToAsync(phone, expectTexts);
        }
        await SayAsync(stop, "STOP", 2);
        await SayAsync(wrong, "sorry, wrong number", 2);
        await SayAsync(notInterested, "no thanks, not interested", 2);
        await SayAsync(request, "hey my furnace is making a loud banging noise when it kicks on", 2);
        await SayAsync(requestThenStop, "the ac upstairs stopped cooling", 2);
        await SayAsync(requestThenStop, "STOP", 3);
        await h.IdleAsync();

        // Today computed from the source tables, a fold of it, and the report the owner reads all agree.
        var builder = h.App.Service<DailyMetricsBuilder>();
        var today = b.LocalTime(clock.GetUtcNow()).Date;
        await using (var conn = await h.Db.OpenAsync())
        {
            var day = await builder.ComputeDayAsync(conn, b, today);
            (day.Missed, day.Recovered).ShouldBe((5, 2));
        }
        await builder.FoldAsync(b);
        await using (var conn = await h.Db.OpenAsync())
            (await h.App.Service<MetricsStore>().RangeAsync(conn, b.Id, "2026-03-03", "2026-03-03")).Single().Recovered.ShouldBe(2);

        var report = await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/reports?period=week");
        var recovered = report.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "recovered");
        recovered.GetProperty("value").GetDecimal().ShouldBe(2);
        recovered.GetProperty("definition").GetString()!.ShouldContain("opt");
        report.GetProperty("funnel").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "replied").GetProperty("count").GetInt32().ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Fold_RecomputesTheMissedCallsDay_WhenTheTurnOnAReplyIsRecordedAfterTheFold(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(Start);
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var business = await app.CreateBusinessAsync();
        var kit = new ReportsTestKit(db.Db, business.Id);
        var builder = app.Service<DailyMetricsBuilder>();
        var phone = await kit.CallAsync(Start, "missed");
        var leadId = await kit.LeadAsync(phone, Start);
        await kit.TextAsync(leadId, phone, "outbound", Start.AddSeconds(5));
        await kit.TextAsync(leadId, phone, "inbound", Start.AddMinutes(1));

        async Task<int> FoldedRecoveredAsync()
        {
            await builder.FoldAsync(business);
            await using var conn = await db.Db.OpenAsync();
            return (await app.Service<MetricsStore>().RangeAsync(conn, business.Id, "2026-03-03", "2026-03-03")).Single().Recovered;
        }

        // The engine has not answered the reply yet: a reply counts until its turn says it closed the thread.
        clock.Advance(TimeSpan.FromMinutes(10));
        (await FoldedRecoveredAsync()).ShouldBe(1);

        // Its turn, recorded after that fold, read it as a wrong number: the next fold recomputes the call's day.
        clock.Advance(TimeSpan.FromMinutes(10));
        await db.Db.WriteAsync(async tx =>
        {
            var (messageId, conversationId) = await tx.Connection.QuerySingleAsync<(string, string)>(
                "SELECT id, conversation_id FROM messages WHERE business_id = @b AND direction = 'inbound'", new { b = business.Id }, tx.Transaction);
            (await app.Service<ConversationStore>().ClaimTurnAsync(tx, business.Id, conversationId, messageId, "builtin", null,
                Json.Serialize(new TurnOutcome { WrongNumber = true }), null)).ShouldBeTrue();
        });
        clock.Advance(TimeSpan.FromMinutes(10));
        (await FoldedRecoveredAsync()).ShouldBe(0);
    }
}
