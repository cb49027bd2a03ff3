using System.Net;
using CallRecover.Compliance;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Queue;
using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Telephony;

public sealed class SendPathTests
{
    private const string Caller = "+19045550142";

    [Theory, DatabaseData]
    public async Task LandlineError_MarksTheLeadCannotText_TellsTheOwnerToCallBack_AndDoesNotRetry(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        h.Carrier.Rule = to => to == Caller ? new FakeReply(400, 21614, "'To' number is not a valid mobile number") : null;

        await h.MissedCallAsync(b, Caller);

        await Eventually.WaitAsync(async () => await h.ScalarAsync<string>("SELECT status FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b), s => s == "failed", "the greeting to fail");
        await h.IdleAsync();
        (await h.ScalarAsync<string>("SELECT error_code FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b)).ShouldBe("21614");
        (await h.ScalarAsync<bool>("SELECT cannot_text FROM leads WHERE business_id = @Id", b)).ShouldBeTrue();
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'cannot_text'", b)).ShouldBe(1);
        (await h.TextsToAsync(b.OwnerPhone, 2)).ShouldContain(t => t.Body.Contains("call them back", StringComparison.OrdinalIgnoreCase));
        h.Carrier.Accepted.Count(m => m.To == Caller).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT attempts FROM work_items WHERE kind = 'sms.send' AND payload LIKE '%' || @Id || '%' ORDER BY id LIMIT 1",
            new { Id = await h.ScalarAsync<string>("SELECT id FROM messages WHERE purpose = 'greeting'") })).ShouldBe(1);

        // The next missed call does not text them again: the owner is told to call back.
        (await h.MissedCallAsync(b, Caller)).ShouldContain("Please try again later");
    }

    [Theory, DatabaseData]
    public async Task Error21610_RecordsTheOptOut_AndDoesNotRetry(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        h.Carrier.Rule = to => to == Caller ? new FakeReply(400, 21610, "Attempt to send to unsubscribed recipient") : null;

        await h.MissedCallAsync(b, Caller);

        await Eventually.WaitAsync(async () => await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @Id", b), n => n == 1, "the opt-out");
        await h.IdleAsync();
        (await h.ScalarAsync<string>("SELECT status FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b)).ShouldBe("failed");
        (await h.ScalarAsync<string>("SELECT status FROM leads WHERE business_id = @Id", b)).ShouldBe("opted_out");
        (await h.ScalarAsync<string>("SELECT status FROM conversations WHERE business_id = @Id", b)).ShouldBe("closed_opted_out");
        h.Carrier.Accepted.Count(m => m.To == Caller).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = 'sms.send' AND status = 'done'")).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Theory, DatabaseData]
    public async Task Carrier500ThenSuccess_SendsOneText_AfterARetry(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync(i => i with { NotificationPrefs = new CallRecover.Tenancy.NotificationPrefs { Sms = false } });
        h.Carrier.Script.Enqueue(new FakeReply(500, 20500, "Internal Server Error"));

        await h.MissedCallAsync(b, Caller);

        var texts = await h.TextsToAsync(Caller);
        await h.IdleAsync();
        h.Carrier.To(Caller).Count.ShouldBe(1);
        h.Carrier.Posts.ShouldBe(2);
        h.Carrier.Lists.ShouldBe(1); // the retry asked first whether the 500 had been sent after all
        (await h.ScalarAsync<string>("SELECT carrier_sid FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b)).ShouldBe(texts[0].Sid);
        (await h.ScalarAsync<int>("SELECT attempts FROM work_items WHERE kind = 'sms.send'")).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task ATimeout_AfterTheCarrierTookTheText_IsReconciledOnRetry_NotSentTwice(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Carrier:RequestTimeout"] = "00:00:01" });
        var b = await h.BusinessAsync(i => i with { NotificationPrefs = new CallRecover.Tenancy.NotificationPrefs { Sms = false } });
        h.Carrier.Script.Enqueue(new FakeReply(201, Delay: TimeSpan.FromSeconds(3)));

        await h.MissedCallAsync(b, Caller);

        var sid = await Eventually.WaitAsync(async () => await h.ScalarAsync<string?>("SELECT carrier_sid FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b),
            s => s is not null, "the greeting's SID to be recorded");
        await h.IdleAsync();
        h.Carrier.To(Caller).Single().Sid.ShouldBe(sid);
        h.Carrier.Posts.ShouldBe(1);
        h.Carrier.Lists.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Theory, DatabaseData]
    public async Task RateLimit429_IsRetried_AndSendsOnce(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync(i => i with { NotificationPrefs = new CallRecover.Tenancy.NotificationPrefs { Sms = false } });
        h.Carrier.Script.Enqueue(new FakeReply(429, 20429, "Too Many Requests"));
        h.Carrier.Script.Enqueue(new FakeReply(429, 20429, "Too Many Requests"));

        await h.MissedCallAsync(b, Caller);

        await h.TextsToAsync(Caller);
        await h.IdleAsync();
        h.Carrier.To(Caller).Count.ShouldBe(1);
        h.Carrier.Posts.ShouldBe(3);
        h.Carrier.Lists.ShouldBe(0); // a 429 is certainly not sent: no need to ask
    }

    [Theory, DatabaseData]
    public async Task ACrashAfterTheCarrierAccepted_IsRecordedOnRetry_NotSentTwice(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var b = await h.BusinessAsync();
        var sent = await h.Db.WriteAsync(tx => h.App.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, Caller, "Your tech is on the way.", Senders.Human, SmsPurposes.Manual)));
        // The earlier attempt marked it sending, the carrier took it, and the process died before recording the SID.
        await h.Db.WriteAsync(tx => Dapper.SqlMapper.ExecuteAsync(tx.Connection, "UPDATE messages SET status = 'sending' WHERE id = @Id", new { sent.Message.Id }, tx.Transaction));
        // As stored: the first text to the number carries the business name and the opt-out hint.
        var earlier = h.Carrier.Preload(Caller, b.CarrierNumber!, sent.Message.Body, sent.Message.CreatedAt);
        h.Carrier.Preload(Caller, b.CarrierNumber!, "An older, different text.", sent.Message.CreatedAt);
        var item = (await h.App.Service<WorkQueue>().ListAsync(kind: SmsSender.SendKind)).Single();

        await h.App.Service<SmsSendHandler>().HandleAsync(new WorkItem { Id = item.Id, Kind = item.Kind, BusinessId = b.Id, Payload = item.Payload, Attempts = 2, MaxAttempts = 10 }, default);

        h.Carrier.Posts.ShouldBe(0);
        (await h.ScalarAsync<string>("SELECT carrier_sid FROM messages WHERE id = @Id", sent.Message)).ShouldBe(earlier.Sid);
        (await h.ScalarAsync<string>("SELECT status FROM messages WHERE id = @Id", sent.Message)).ShouldBe("sent");
        // A run that overlapped the one recording that SID does not take the text's own SID for another text's (it sent
        // the text again: seen in CI when a test's clock jumped past the lease of a send waiting on the carrier).
        var conversations = h.App.Service<ConversationStore>();
        (await conversations.RecentSidsToAsync(b.Id, Caller, sent.Message.CreatedAt.AddDays(-2), sent.Message.Id)).ShouldNotContain(earlier.Sid);
        (await conversations.RecentSidsToAsync(b.Id, Caller, sent.Message.CreatedAt.AddDays(-2), Ids.New())).ShouldContain(earlier.Sid);

        // Without a trace at the carrier, the retry sends it.
        var second = await h.Db.WriteAsync(tx => h.App.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, Caller, "Running 10 minutes late.", Senders.Human, SmsPurposes.Manual)));
        await h.Db.WriteAsync(tx => Dapper.SqlMapper.ExecuteAsync(tx.Connection, "UPDATE messages SET status = 'sending' WHERE id = @Id", new { second.Message.Id }, tx.Transaction));
        var item2 = (await h.App.Service<WorkQueue>().ListAsync(kind: SmsSender.SendKind)).First(w => w.Payload.Contains(second.Message.Id, StringComparison.Ordinal));
        await h.App.Service<SmsSendHandler>().HandleAsync(new WorkItem { Id = item2.Id, Kind = item2.Kind, BusinessId = b.Id, Payload = item2.Payload, Attempts = 2, MaxAttempts = 10 }, default);
        h.Carrier.Posts.ShouldBe(1);
        h.Carrier.To(Caller).Count(m => m.Body == "Running 10 minutes late.").ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task StatusCallbacks_OutOfOrder_OnlyMoveForward_AndStoreErrorCodes(string provider)
    {
        // A weekday morning for the caller: the follow-up below is not held for the caller's quiet hours.
        await using var h = await TelephonyHarness.StartAsync(provider, clock: new FakeClock());
        var b = await h.BusinessAsync(i => i with { NotificationPrefs = new CallRecover.Tenancy.NotificationPrefs { Sms = false } });
        await h.MissedCallAsync(b, Caller);
        var sid = (await h.TextsToAsync(Caller)).Single().Sid;
        await h.IdleAsync();

        async Task Status(string s, string? code = null, string? messageSid = null) =>
            (await h.PostAsync("/webhook/sms/status", [("MessageSid", messageSid ?? sid), ("MessageStatus", s), ("AccountSid", FakeCarrier.AccountSid),
                ("From", b.CarrierNumber!), ("To", Caller), .. code is null ? Array.Empty<(string, string)>() : [("ErrorCode", code)]])).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await Status("delivered");
        await Status("sent");
        await Status("sent");
        (await h.ScalarAsync<string>("SELECT status FROM messages WHERE carrier_sid = @sid", new { sid })).ShouldBe("delivered");

        // A second text that the carrier later reports undeliverable to a landline (30006): lead marked, owner told.
        var conversationId = await h.ScalarAsync<string>("SELECT id FROM conversations WHERE business_id = @Id", b);
        var second = await h.Db.WriteAsync(tx => h.App.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, Caller, "Still need help?", Senders.Ai, SmsPurposes.FollowUp, conversationId)));
        var sid2 = (await h.TextsToAsync(Caller, 2)).Last().Sid;
        await h.IdleAsync();
        await Status("undelivered", "30006", sid2);
        await Status("sent", messageSid: sid2);
        (await h.ScalarAsync<string>("SELECT status FROM messages WHERE id = @Id", second.Message)).ShouldBe("undelivered");
        (await h.ScalarAsync<string>("SELECT error_code FROM messages WHERE id = @Id", second.Message)).ShouldBe("30006");
        (await h.ScalarAsync<bool>("SELECT cannot_text FROM leads WHERE business_id = @Id", b)).ShouldBeTrue();
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'cannot_text'", b)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task AStatusCallback_ThatOvertakesOurOwnRecordOfTheSid_IsAppliedWhenTheSidLands(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var b = await h.BusinessAsync();
        var sent = await h.Db.WriteAsync(tx => h.App.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, Caller, "Hello", Senders.Human, SmsPurposes.Manual)));
        var item = (await h.App.Service<WorkQueue>().ListAsync(kind: SmsSender.SendKind)).Single();
        var sid = "SM" + Ids.New();
        h.Carrier.NextSid = sid;
        // The carrier's "delivered" callback for that SID arrives before our send has recorded it.
        (await h.PostAsync("/webhook/sms/status", [("MessageSid", sid), ("MessageStatus", "delivered"), ("From", b.CarrierNumber!), ("To", Caller)])).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await h.ScalarAsync<string>("SELECT status FROM messages WHERE id = @Id", sent.Message)).ShouldBe("queued");

        await h.App.Service<SmsSendHandler>().HandleAsync(new WorkItem { Id = item.Id, Kind = item.Kind, BusinessId = b.Id, Payload = item.Payload, Attempts = 1, MaxAttempts = 10 }, default);

        (await h.ScalarAsync<string>("SELECT carrier_sid FROM messages WHERE id = @Id", sent.Message)).ShouldBe(sid);
        (await h.ScalarAsync<string>("SELECT status FROM messages WHERE id = @Id", sent.Message)).ShouldBe("delivered");
    }

    [Theory, DatabaseData]
    public async Task Logs_NeverContainPhoneNumbersOrMessageBodies(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        h.Carrier.Script.Enqueue(new FakeReply(500, 20500, $"Internal error sending to {Caller}"));

        await h.MissedCallAsync(b, Caller);
        await h.TextAsync(b, Caller, "My secret gate code is 4471");
        await h.TextAsync(b, "+19045550143", "STOP");
        await h.TextsToAsync(Caller);
        await h.IdleAsync();

        var logs = string.Join("\n", h.App.Logs.Lines);
        logs.ShouldNotBeEmpty();
        foreach (var phone in new[] { Caller, "+19045550143", b.OwnerPhone, b.CarrierNumber! })
            logs.ShouldNotContain(phone[2..]);
        logs.ShouldNotContain("gate code");
        logs.ShouldNotContain("Sorry we missed your call");
    }
}
