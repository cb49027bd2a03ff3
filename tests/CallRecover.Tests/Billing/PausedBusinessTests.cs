using System.Net;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Billing;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Billing;

/// <summary>
/// A paused business sends no automated text, whatever sends it: every sender goes through the one send path and the one
/// texting policy (rule "paused"), so each purpose is checked there; the missed-call text-back and the conversation reply are
/// also checked end to end through the carrier's webhooks, which still store the call and the inbound text.
/// </summary>
public sealed class PausedBusinessTests
{
    private static readonly Dictionary<string, string?> NoWorkers = new() { ["Queue:Enabled"] = "false" };
    private const string Caller = "+19045550142";

    [Theory]
    [InlineData(TestDatabase.Sqlite, "greeting")]
    [InlineData(TestDatabase.Postgres, "greeting")]
    [InlineData(TestDatabase.Sqlite, "reply")]
    [InlineData(TestDatabase.Postgres, "reply")]
    [InlineData(TestDatabase.Sqlite, "follow_up")]
    [InlineData(TestDatabase.Postgres, "follow_up")]
    [InlineData(TestDatabase.Sqlite, "owner_notification")]
    [InlineData(TestDatabase.Postgres, "owner_notification")]
    [InlineData(TestDatabase.Sqlite, "manual")]
    [InlineData(TestDatabase.Postgres, "manual")]
    [InlineData(TestDatabase.Sqlite, "booking")]
    [InlineData(TestDatabase.Postgres, "booking")]
    [InlineData(TestDatabase.Sqlite, "reminder")]
    [InlineData(TestDatabase.Postgres, "reminder")]
    [InlineData(TestDatabase.Sqlite, "quote")]
    [InlineData(TestDatabase.Postgres, "quote")]
    [InlineData(TestDatabase.Sqlite, "review")]
    [InlineData(TestDatabase.Postgres, "review")]
    [InlineData(TestDatabase.Sqlite, "campaign")]
    [InlineData(TestDatabase.Postgres, "campaign")]
    [InlineData(TestDatabase.Sqlite, "visit")]
    [InlineData(TestDatabase.Postgres, "visit")]
    [InlineData(TestDatabase.Sqlite, "job_completed")]
    [InlineData(TestDatabase.Postgres, "job_completed")]
    [InlineData(TestDatabase.Sqlite, "invoice")]
    [InlineData(TestDatabase.Postgres, "invoice")]
    [InlineData(TestDatabase.Sqlite, "request")]
    [InlineData(TestDatabase.Postgres, "request")]
    public async Task PausedBusiness_BlocksEverySenderKind_AtTheOneSendPath(string provider, string purpose)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(), NoWorkers);
        var b = await app.CreateBusinessAsync();
        (await app.Service<SubscriptionService>().MoveAsync(b.Id, SubscriptionStates.Paused, "operator", "pause")).Refused.ShouldBeNull();
        var sender = purpose == SmsPurposes.Manual ? Senders.Human : Senders.System;
        var to = purpose == SmsPurposes.OwnerNotification ? b.OwnerPhone : Caller;

        var result = await db.Db.WriteAsync(tx => app.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, to, "Hello from us", sender, purpose, MarketingConsent: true)));

        result.Queued.ShouldBeFalse();
        result.BlockedReason.ShouldBe(TextReasons.BusinessPaused);
        (await db.ScalarAsync<long>("SELECT COUNT(*) FROM work_items WHERE kind = 'sms.send' AND business_id = @id", new { id = b.Id })).ShouldBe(0);

        // Compliance answers still go (carriers require them); resuming lets the same text through again.
        (await db.Db.WriteAsync(tx => app.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, Caller, "You are unsubscribed.", Senders.System, SmsPurposes.Compliance))))
            .Queued.ShouldBeTrue();
        await app.Service<SubscriptionService>().MoveAsync(b.Id, SubscriptionStates.Active, "operator", "resume");
        (await db.Db.WriteAsync(tx => app.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, to, "Hello from us", sender, purpose, MarketingConsent: true))))
            .BlockedReason.ShouldNotBe(TextReasons.BusinessPaused);
    }

    [Theory, DatabaseData]
    public async Task PausedBusiness_MissedCall_IsStored_ButNobodyIsTexted(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{b.Id}/subscription", new { action = "pause" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await h.MissedCallAsync(b, Caller, "CApaused1");
        await h.IdleAsync();

        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE call_sid = 'CApaused1'")).ShouldBe("missed");
        h.Carrier.To(Caller).ShouldBeEmpty();
        (await h.QueryAsync<string>("SELECT policy_reason FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b)).ShouldBe([TextReasons.BusinessPaused]);
    }

    [Theory, DatabaseData]
    public async Task PausedBusiness_InboundText_IsStored_ButTheConversationDoesNotReply(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{b.Id}/subscription", new { action = "pause" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await h.TextAsync(b, Caller, "Do you fix heat pumps?", sid: "SMpaused1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await h.IdleAsync();

        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'inbound'", b)).ShouldBe(1);
        h.Carrier.To(Caller).ShouldBeEmpty();
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'outbound' AND status <> 'blocked' AND to_phone = @caller",
            new { b.Id, caller = Caller })).ShouldBe(0);
    }
}
