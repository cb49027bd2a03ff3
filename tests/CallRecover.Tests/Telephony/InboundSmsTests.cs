using System.Net;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Telephony;

public sealed class InboundSmsTests
{
    private const string Caller = "+19045550142";

    [Theory, DatabaseData]
    public async Task FirstText_WithNoCall_StartsASmsLeadAndConversation_AndQueuesTheTurn_Once_WhenRetried(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        for (var i = 0; i < 3; i++)
        {
            var r = await h.TextAsync(b, Caller, "Do you fix heat pumps?", sid: "SMfirst1");
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await r.Content.ReadAsStringAsync()).ShouldBeTwiml("<Response/>");
        }

        (await h.ScalarAsync<string>("SELECT source FROM leads WHERE business_id = @Id", b)).ShouldBe("sms");
        (await h.ScalarAsync<string>("SELECT status FROM conversations WHERE business_id = @Id", b)).ShouldBe("active");
        var messages = await h.QueryAsync<(string Direction, string Body, string Status)>("SELECT direction, body, status FROM messages WHERE business_id = @Id AND direction = 'inbound'", b);
        messages.Count.ShouldBe(1);
        messages[0].ShouldBe(("inbound", "Do you fix heat pumps?", "received"));
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = @Kind", new { ConversationTurn.Kind })).ShouldBe(1);
        // The conversation engine answers the caller, once.
        await h.TextsToAsync(Caller);
        await h.IdleAsync();
        h.Carrier.To(Caller).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task ReplyAfterAMissedCall_LandsOnTheOpenConversation(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        await h.MissedCallAsync(b, Caller);

        await h.TextAsync(b, Caller, "my furnace is making a banging noise");

        (await h.CountAsync("conversations", b.Id)).ShouldBe(1);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.business_id = @Id AND m.direction = 'inbound'", b)).ShouldBe(1);
        (await h.ScalarAsync<string>("SELECT source FROM leads WHERE business_id = @Id", b)).ShouldBe("missed_call");
    }

    [Theory, DatabaseData]
    public async Task Stop_OptsOut_ClosesTheConversation_ConfirmsOnce_AndBlocksLaterTexts(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);

        await h.TextAsync(b, Caller, "  stop ");
        await h.TextAsync(b, Caller, "STOP");

        var texts = await h.TextsToAsync(Caller, 2);
        await h.IdleAsync();
        texts = h.Carrier.To(Caller);
        texts.Count.ShouldBe(2);
        texts[1].Body.ShouldBe($"{b.Name}: You're unsubscribed and will get no more texts from us. Reply START to resubscribe.");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @Id AND phone = @Caller", new { b.Id, Caller })).ShouldBe(1);
        (await h.ScalarAsync<string>("SELECT status FROM conversations WHERE business_id = @Id", b)).ShouldBe("closed_opted_out");
        (await h.ScalarAsync<string>("SELECT status FROM leads WHERE business_id = @Id", b)).ShouldBe("opted_out");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = @Kind", new { ConversationTurn.Kind })).ShouldBe(0);

        // Any later text through the send path is blocked inside the path.
        var sent = await h.Db.WriteAsync(tx => h.App.Service<SmsSender>().QueueAsync(tx, new OutboundSms(b.Id, Caller, "Following up!", Senders.Ai, SmsPurposes.FollowUp)));
        sent.BlockedReason.ShouldBe("opted_out");
    }

    [Theory, DatabaseData]
    public async Task EveryOptOutWord_Counts_ButASentenceContainingOne_IsAnOrdinaryMessage(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        string[] words = ["STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT", "revoke", "OPTOUT"];
        for (var i = 0; i < words.Length; i++)
            await h.TextAsync(b, $"+1904555{i + 1:D4}", words[i]);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @Id", b)).ShouldBe(words.Length);

        await h.TextAsync(b, Caller, "Please stop calling me about the END of the job");

        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @Id AND phone = @Caller", new { b.Id, Caller })).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = @Kind", new { ConversationTurn.Kind })).ShouldBe(1);
        (await h.ScalarAsync<string>("SELECT status FROM conversations WHERE business_id = @Id AND phone = @Caller", new { b.Id, Caller })).ShouldBe("active");
    }

    [Theory, DatabaseData]
    public async Task Start_And_YesWhileOptedOut_OptBackIn_WithAConfirmation_ButYesOtherwiseIsAReply(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        await h.TextAsync(b, Caller, "STOP");
        await h.TextAsync(b, Caller, "start");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @Id", b)).ShouldBe(0);
        await h.TextAsync(b, Caller, "STOP");
        await h.TextAsync(b, Caller, "Yes");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @Id", b)).ShouldBe(0);

        var texts = await h.TextsToAsync(Caller, 4);
        texts.Count(t => t.Body.Contains("resubscribed", StringComparison.Ordinal)).ShouldBe(2);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = @Kind", new { ConversationTurn.Kind })).ShouldBe(0);

        await h.TextAsync(b, Caller, "YES");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = @Kind", new { ConversationTurn.Kind })).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Help_AnswersWithTheBusinessNameAndHowToReachIt(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        await h.TextAsync(b, Caller, "help");
        await h.TextAsync(b, "+19045550143", "INFO");

        var reply = (await h.TextsToAsync(Caller)).Single().Body;
        reply.ShouldContain(b.Name);
        reply.ShouldContain(CallRecover.Common.Phone.Display(b.BusinessPhone)); // "(904) 555-0101", not E.164
        reply.ShouldNotContain(b.BusinessPhone);
        reply.ShouldContain("STOP");
        (await h.TextsToAsync("+19045550143")).Single().Body.ShouldBe(reply);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task TextToBusinessA_NeverTouchesBusinessB_AndOptOutsArePerBusiness(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var a = await h.BusinessAsync();
        var b = await h.BusinessAsync();

        await h.TextAsync(a, Caller, "Need a quote for a new AC");
        await h.TextAsync(a, "+19045550143", "STOP");
        await h.MissedCallAsync(a, "+19045550144");

        foreach (var table in new[] { "leads", "conversations", "messages", "calls", "notifications", "opt_outs" })
            (await h.CountAsync(table, b.Id)).ShouldBe(0, $"{table} of business B");
        // B's own daily digest and weekly report may be scheduled at any moment; nothing else of A's traffic may queue work for B.
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE business_id = @Id AND kind <> @Digest AND kind <> @Weekly",
            new { b.Id, Digest = CallRecover.Reports.DailyDigest.DigestKind, Weekly = CallRecover.Reports.WeeklyReportEmail.WeeklyKind }))
            .ShouldBe(0, "work_items of business B");
        (await h.CountAsync("leads", a.Id)).ShouldBe(2);

        // Opted out of A only: B may still greet that caller after a missed call.
        await h.MissedCallAsync(b, "+19045550143");
        (await h.TextsToAsync("+19045550143", 2)).Last().From.ShouldBe(b.CarrierNumber);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM calls WHERE business_id = @Id", b)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task TheOwnerTextingTheBusinessNumber_IsNotALead(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        await h.TextAsync(b, b.OwnerPhone, "ok thanks");

        (await h.CountAsync("leads", b.Id)).ShouldBe(0);
        (await h.CountAsync("messages", b.Id)).ShouldBe(0);
    }
}
