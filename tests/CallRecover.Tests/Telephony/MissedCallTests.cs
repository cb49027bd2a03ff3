using System.Net;
using System.Net.Http.Json;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Telephony;

public sealed class MissedCallTests
{
    private const string Caller = "+19045550142";

    [Theory, DatabaseData]
    public async Task Incoming_RingsTheBusinessPhone_WithExactlyTheWireTwiml_AndLogsTheCallRinging(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PutAsync($"/api/admin/businesses/{b.Id}/telephony",
            JsonContent.Create(new { screenCalls = false, machineDetection = false }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, Caller, "CAexact1"));

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/xml");
        var callId = await h.ScalarAsync<string>("SELECT id FROM calls WHERE call_sid = 'CAexact1'");
        (await response.Content.ReadAsStringAsync()).ShouldBeTwiml(
            $"<Response><Dial timeout=\"20\" action=\"http://localhost/webhook/voice/call-completed?call={callId}\" method=\"POST\" callerId=\"{b.CarrierNumber}\">" +
            $"<Number statusCallbackEvent=\"initiated ringing answered completed\" statusCallback=\"http://localhost/webhook/voice/status?call={callId}\" statusCallbackMethod=\"POST\">{b.BusinessPhone}</Number></Dial></Response>");
        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE id = @callId", new { callId })).ShouldBe("ringing");
        (await h.ScalarAsync<string>("SELECT caller_phone FROM calls WHERE id = @callId", new { callId })).ShouldBe(Caller);
    }

    [Theory, DatabaseData]
    public async Task MissedCall_SendsGreetingOnce_WhenCarrierRetries(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        var incoming = new List<string>();
        for (var i = 0; i < 3; i++) incoming.Add(await h.IncomingAsync(b, Caller, "CAretry1"));
        incoming.Distinct().Count().ShouldBe(1);
        var answers = new List<string>();
        for (var i = 0; i < 3; i++) answers.Add(await (await h.CompletedAsync(b, Caller, "CAretry1", incoming[0], "no-answer")).Content.ReadAsStringAsync());

        answers.Distinct().Count().ShouldBe(1);
        answers[0].ShouldBeTwiml("<Response><Say>Sorry we missed your call. We'll text you right away.</Say><Hangup/></Response>");
        var texts = await h.TextsToAsync(Caller);
        await h.IdleAsync();
        texts = h.Carrier.To(Caller);
        texts.Count.ShouldBe(1);
        texts[0].From.ShouldBe(b.CarrierNumber);
        texts[0].Body.ShouldBe($"Hey! Sorry we missed your call. This is {b.Name}. How can we help you today? Reply STOP to opt out.");
        texts[0].StatusCallback.ShouldBe("http://localhost/webhook/sms/status");

        (await h.CountAsync("calls", b.Id)).ShouldBe(1);
        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE business_id = @Id", b)).ShouldBe("missed");
        (await h.ScalarAsync<string>("SELECT status FROM leads WHERE business_id = @Id", b)).ShouldBe("contacted");
        (await h.ScalarAsync<string>("SELECT source FROM leads WHERE business_id = @Id", b)).ShouldBe("missed_call");
        (await h.ScalarAsync<string>("SELECT status FROM conversations WHERE business_id = @Id", b)).ShouldBe("active");
        var greeting = await h.QueryAsync<(string Status, string? Sid)>("SELECT status, carrier_sid FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b);
        greeting.Single().Sid.ShouldBe(texts[0].Sid);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'missed_call'", b)).ShouldBe(1);
        // The owner hears about it by SMS too, once.
        (await h.TextsToAsync(b.OwnerPhone)).Single().Body.ShouldContain(CallRecover.Common.Phone.Display(Caller));
    }

    [Theory, DatabaseData]
    public async Task MissedCall_DeliveredFiveTimesAtOnce_GreetsOnce_AndEveryDeliveryGetsTheSameAnswer(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync(i => i with { NotificationPrefs = new NotificationPrefs { Sms = false } });
        var twiml = await h.IncomingAsync(b, Caller, "CAparallel");

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            var r = await h.CompletedAsync(b, Caller, "CAparallel", twiml, "no-answer");
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            return await r.Content.ReadAsStringAsync();
        }));

        answers.Distinct().ShouldHaveSingleItem().ShouldContain("text you right away");
        await h.TextsToAsync(Caller);
        await h.IdleAsync();
        h.Carrier.To(Caller).Count.ShouldBe(1);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id", b)).ShouldBe(1);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts WHERE endpoint = 'voice/call-completed'")).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task MissedCall_UsesTheCustomGreeting_WithTheBusinessNameAndOptOutHint(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync(i => i with { Greeting = "Hi, thanks for calling! What can we fix for you?" });

        await h.MissedCallAsync(b, Caller);

        (await h.TextsToAsync(Caller)).Single().Body.ShouldBe($"{b.Name}: Hi, thanks for calling! What can we fix for you? Reply STOP to opt out.");
    }

    [Theory, DatabaseData]
    public async Task AnsweredCall_IsRecordedWithItsDuration_AndTextsNobody(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PutAsync($"/api/admin/businesses/{b.Id}/telephony", JsonContent.Create(new { machineDetection = false }))).EnsureSuccessStatusCode();

        var twiml = await h.IncomingAsync(b, Caller, "CAanswered");
        var r = await h.CompletedAsync(b, Caller, "CAanswered", twiml, "completed", ("DialCallDuration", "73"));

        (await r.Content.ReadAsStringAsync()).ShouldBeTwiml("<Response><Hangup/></Response>");
        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE call_sid = 'CAanswered'")).ShouldBe("answered");
        (await h.ScalarAsync<int>("SELECT duration_seconds FROM calls WHERE call_sid = 'CAanswered'")).ShouldBe(73);
        await h.IdleAsync();
        h.Carrier.Posts.ShouldBe(0);
        (await h.CountAsync("leads", b.Id)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task UnknownNumber_GetsAShortSay_AndNothingIsStoredForAnyTenant(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var stranger = b with { CarrierNumber = TestBusinesses.UniquePhone() };

        var r = await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(stranger, Caller, "CAunknown"));

        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldBeTwiml("<Response><Say>Sorry, the number you called is not in service. Goodbye.</Say><Hangup/></Response>");
        (await h.TextAsync(stranger, Caller, "hello?")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM calls")).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages")).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task AnonymousCaller_IsNeverTexted_ButTheOwnerIsTold(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        var twiml = await h.MissedCallAsync(b, "anonymous");

        twiml.ShouldBeTwiml("<Response><Say>Sorry we missed your call. Please try again later. Goodbye.</Say><Hangup/></Response>");
        await h.TextsToAsync(b.OwnerPhone);
        await h.IdleAsync();
        h.Carrier.Accepted.Count(m => m.To != b.OwnerPhone).ShouldBe(0);
        (await h.CountAsync("leads", b.Id)).ShouldBe(0);
        (await h.ScalarAsync<string>("SELECT caller_phone FROM calls WHERE business_id = @Id", b)).ShouldBe("anonymous");
    }

    [Theory, DatabaseData]
    public async Task TheOwnersOwnPhoneOrTheBusinessLine_IsNoCaller_AndIsNeverGreeted(string provider)
    {
        // Found by probing: the owner's test call got "Sorry we missed your call" and an open thread it could never answer.
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        foreach (var own in new[] { b.OwnerPhone, b.BusinessPhone })
            (await h.MissedCallAsync(b, own)).ShouldContain("Please try again later");

        await h.IdleAsync();
        h.Carrier.Accepted.ShouldBeEmpty();
        (await h.CountAsync("leads", b.Id)).ShouldBe(0);
        (await h.CountAsync("conversations", b.Id)).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM calls WHERE business_id = @Id", b)).ShouldBe(2);

        // A customer's call right after is greeted as ever.
        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);
    }

    [Theory, DatabaseData]
    public async Task OptedOutCaller_HearsOnlyAnApology_AndGetsNoText(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        (await h.TextAsync(b, Caller, "STOP")).EnsureSuccessStatusCode();
        await h.TextsToAsync(Caller); // the one opt-out confirmation

        var twiml = await h.MissedCallAsync(b, Caller);

        twiml.ShouldContain("Please try again later");
        await h.IdleAsync();
        h.Carrier.To(Caller).Count.ShouldBe(1);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND purpose = 'greeting'", b)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task RepeatCaller_GetsNoSecondGreeting_WhileTheConversationIsOpen_OrWithin24Hours(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);
        await h.MissedCallAsync(b, Caller); // conversation still open
        var conversationId = await h.ScalarAsync<string>("SELECT id FROM conversations WHERE business_id = @Id", b);
        (await h.App.Service<CallRecover.Conversations.TakeoverService>().CloseAsync(b.Id, conversationId, "test")).Ok.ShouldBeTrue();
        await h.MissedCallAsync(b, Caller); // closed, but greeted minutes ago

        await h.IdleAsync();
        h.Carrier.To(Caller).Count.ShouldBe(1);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM calls WHERE business_id = @Id AND status = 'missed'", b)).ShouldBe(3);
        (await h.CountAsync("conversations", b.Id)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task AfterHours_IsFlagged_FromTheBusinessHoursAndTimeZone_AndACallerIsGreetedAgainAfter24Hours(string provider)
    {
        // Tuesday 2026-03-03 15:00 UTC = 10:00 in New York (open 08:00–17:00 on weekdays).
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero));
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var b = await h.BusinessAsync();

        await h.MissedCallAsync(b, Caller, "CAday");
        await h.TextsToAsync(Caller);
        var conversationId = await h.ScalarAsync<string>("SELECT id FROM conversations WHERE business_id = @Id", b);
        (await h.App.Service<CallRecover.Conversations.TakeoverService>().CloseAsync(b.Id, conversationId, "test")).Ok.ShouldBeTrue();
        clock.Advance(TimeSpan.FromHours(12)); // 22:00 in New York
        await h.MissedCallAsync(b, Caller, "CAnight");
        clock.Advance(TimeSpan.FromHours(13)); // 25 h after the greeting: Wednesday 11:00
        await h.MissedCallAsync(b, Caller, "CAnextday");

        (await h.ScalarAsync<bool>("SELECT after_hours FROM calls WHERE call_sid = 'CAday'")).ShouldBeFalse();
        (await h.ScalarAsync<bool>("SELECT after_hours FROM calls WHERE call_sid = 'CAnight'")).ShouldBeTrue();
        (await h.ScalarAsync<bool>("SELECT after_hours FROM calls WHERE call_sid = 'CAnextday'")).ShouldBeFalse();
        var texts = await h.TextsToAsync(Caller, 2);
        await h.IdleAsync();
        h.Carrier.To(Caller).Count.ShouldBe(2);
        (await h.CountAsync("conversations", b.Id)).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task ThreeMissedCalls_In10Minutes_AlertTheOwnerAsUrgent_Once(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        for (var i = 0; i < 4; i++) await h.MissedCallAsync(b, Caller);

        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'urgent_repeat_caller' AND urgent", b)).ShouldBe(1);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'missed_call'", b)).ShouldBe(3);
        var ownerTexts = await h.TextsToAsync(b.OwnerPhone, 4);
        ownerTexts.Count(t => t.Body.StartsWith("URGENT", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task DoNotTextList_IsEditableByTheOperator_AndStopsTheGreeting(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();

        var bad = await op.PostJsonAsync($"/api/admin/businesses/{b.Id}/do-not-text", new { phone = "call me", label = "x" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"phone\"");
        var added = await op.PostJsonAsync($"/api/admin/businesses/{b.Id}/do-not-text", new { phone = "(904) 555-0142", label = "Supplier" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await op.PostJsonAsync($"/api/admin/businesses/{b.Id}/do-not-text", new { phone = Caller, label = "Parts supplier" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await op.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/api/admin/businesses/{b.Id}/do-not-text");
        list!.Single().GetProperty("phone").GetString().ShouldBe(Caller);
        list![0].GetProperty("label").GetString().ShouldBe("Parts supplier");
        (await op.GetAsync($"/api/admin/businesses/nope/do-not-text")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await h.MissedCallAsync(b, Caller)).ShouldContain("Please try again later");
        await h.TextsToAsync(b.OwnerPhone);
        await h.IdleAsync();
        h.Carrier.To(Caller).ShouldBeEmpty();
        (await h.CountAsync("leads", b.Id)).ShouldBe(0);

        (await op.DeleteAsync($"/api/admin/businesses/{b.Id}/do-not-text/{Uri.EscapeDataString(Caller)}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);
    }

    [Theory, DatabaseData]
    public async Task VoicemailPickup_CountsAsMissed_WithPress1Screening_AndAPersonPressing1_CountsAsAnswered(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PutAsync($"/api/admin/businesses/{b.Id}/telephony", JsonContent.Create(new { screenCalls = true, machineDetection = false }))).EnsureSuccessStatusCode();

        // Voicemail answers: the whisper asks for 1, nobody presses, that leg hangs up, the dial still says "completed".
        var twiml = await h.IncomingAsync(b, Caller, "CAvm1");
        twiml.ShouldContain("answerOnBridge=\"true\"");
        var screenPath = TelephonyHarness.UrlIn(twiml, "Number", "url")!;
        var screen = await (await h.PostAsync(screenPath, [("CallSid", "CAleg-vm1"), ("CallStatus", "in-progress"), ("To", b.BusinessPhone), ("From", b.CarrierNumber!)])).Content.ReadAsStringAsync();
        screen.ShouldBeTwiml($"<Response><Gather numDigits=\"1\" timeout=\"6\" action=\"http://localhost/webhook/voice/screen?call={screenPath.Split("call=")[1]}&amp;step=gather\" method=\"POST\"><Say>Call for {b.Name}. Press 1 to take this call.</Say></Gather><Hangup/></Response>");
        (await (await h.CompletedAsync(b, Caller, "CAvm1", twiml, "completed", ("DialCallDuration", "4"))).Content.ReadAsStringAsync()).ShouldContain("text you");
        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE call_sid = 'CAvm1'")).ShouldBe("missed");
        await h.TextsToAsync(Caller);

        // A person answers and presses 1.
        const string other = "+19045550177";
        var twiml2 = await h.IncomingAsync(b, other, "CAhuman1");
        var screen2 = await (await h.PostAsync(TelephonyHarness.UrlIn(twiml2, "Number", "url")!, [("CallSid", "CAleg-h1"), ("CallStatus", "in-progress")])).Content.ReadAsStringAsync();
        var gather = TelephonyHarness.UrlIn(screen2, "Gather", "action")!;
        (await (await h.PostAsync(gather, [("CallSid", "CAleg-h1"), ("Digits", "1")])).Content.ReadAsStringAsync()).ShouldBeTwiml("<Response/>");
        (await (await h.CompletedAsync(b, other, "CAhuman1", twiml2, "completed", ("DialCallDuration", "30"))).Content.ReadAsStringAsync()).ShouldBeTwiml("<Response><Hangup/></Response>");
        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE call_sid = 'CAhuman1'")).ShouldBe("answered");
    }

    [Theory, DatabaseData]
    public async Task AnsweringMachineDetection_HangsUpOnAMachine_AndTheCallCountsAsMissed(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync(); // machine detection is on by default

        var twiml = await h.IncomingAsync(b, Caller, "CAamd1");
        twiml.ShouldContain("machineDetection=\"Enable\"");
        for (var i = 0; i < 3; i++) // the carrier may retry the screening request too
        {
            var screen = await h.PostAsync(TelephonyHarness.UrlIn(twiml, "Number", "url")!, [("CallSid", "CAleg-amd"), ("AnsweredBy", "machine_end_beep")]);
            (await screen.Content.ReadAsStringAsync()).ShouldBeTwiml("<Response><Hangup/></Response>");
        }
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts WHERE endpoint = 'voice/screen'")).ShouldBe(1);
        await h.CompletedAsync(b, Caller, "CAamd1", twiml, "completed", ("DialCallDuration", "3"), ("DialBridged", "false"));

        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE call_sid = 'CAamd1'")).ShouldBe("missed");
        (await h.ScalarAsync<string>("SELECT answered_by FROM calls WHERE call_sid = 'CAamd1'")).ShouldBe("machine_end_beep");
        await h.TextsToAsync(Caller);
    }

    [Theory, DatabaseData]
    public async Task CallStatusCallbacks_InAnyOrder_KeepTheFurthestStatus_AndRetriesCountOnce(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var twiml = await h.IncomingAsync(b, Caller, "CAstatus1");
        var statusPath = TelephonyHarness.UrlIn(twiml, "Number", "statusCallback")!;

        (string, string)[] Event(string status, string seq) => [("CallSid", "CAleg-s1"), ("ParentCallSid", "CAstatus1"), ("CallStatus", status), ("SequenceNumber", seq), ("CallDuration", "12")];
        foreach (var (status, seq) in new[] { ("completed", "3"), ("ringing", "1"), ("completed", "3"), ("initiated", "0"), ("in-progress", "2"), ("completed", "3") })
            (await h.PostAsync(statusPath, Event(status, seq))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await h.ScalarAsync<string>("SELECT leg_status FROM calls WHERE call_sid = 'CAstatus1'")).ShouldBe("completed");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM call_events WHERE call_sid = 'CAleg-s1'")).ShouldBe(4);
    }

    [Fact]
    public void CarrierSettings_AreValidated_WithMessagesNamingTheKey()
    {
        OptionsError(new() { ["Carrier:Provider"] = "twilio", ["Carrier:AuthToken"] = "x" }).ShouldContain("Carrier:AccountSid");
        OptionsError(new() { ["Carrier:Provider"] = "signalwire", ["Carrier:AccountSid"] = "p", ["Carrier:AuthToken"] = "x", ["Carrier:BaseUrl"] = "https://x.signalwire.com" })
            .ShouldContain("Carrier:SigningKey");
        OptionsError(new() { ["Carrier:Provider"] = "telegraph" }).ShouldContain("Carrier:Provider");
        OptionsError(new() { ["Carrier:Provider"] = "twilio", ["Carrier:AccountSid"] = "AC1" }).ShouldContain("Carrier:AuthToken");
        OptionsError(new() { ["Carrier:BaseUrl"] = "not a url" }).ShouldContain("Carrier:BaseUrl");
    }

    /// <summary>The validation message the app's start-up would print for these settings.</summary>
    private static string OptionsError(Dictionary<string, string?> settings)
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        CallRecover.Common.OptionsRegistration.AddValidatedOptions<CarrierOptions>(services, CarrierOptions.Section);
        using var sp = services.BuildServiceProvider();
        return Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CarrierOptions>>().Value).Message;
    }
}
