using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using CallRecover.Voice;

namespace CallRecover.Tests.Voice;

/// <summary>The voice receptionist on the Gather path: one signed webhook per spoken turn.</summary>
public sealed class GatherReceptionistTests
{
    private const string Caller = "+19045550177";

    [Theory, DatabaseData]
    public async Task AMissedCaller_IsQualifiedByVoice_HearsTheTimeAndAddressBack_AndIsBooked_ThenTexted(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Gather);
        var twiml = await h.MissedCallAsync(Caller, "CAgather1");
        var root = VoiceHarness.Root(twiml);
        var gather = root.Element("Gather")!;
        (gather.Attribute("input")!.Value, gather.Attribute("speechTimeout")!.Value, gather.Attribute("hints")!.Value).ShouldBe(("speech dtmf", "auto", "AC repair,Furnace repair,Tune-up"));
        VoiceHarness.Said(twiml).ShouldContain($"Thanks for calling {h.Business.Name}");
        VoiceHarness.Said(twiml).ShouldContain("say text me or press 1");
        root.Element("Redirect")!.Value.ShouldEndWith("&silent=1");

        twiml = await h.SayAsync(twiml, Caller, "CAgather1", "my AC is not cooling");
        VoiceHarness.Said(twiml).ShouldContain("How soon");
        foreach (var line in new[] { "Dana Whitfield", "42 Oak St, Springfield 62704" })
            twiml = await h.SayAsync(twiml, Caller, "CAgather1", line);
        VoiceHarness.Said(twiml).ShouldContain("good time");
        twiml = await h.SayAsync(twiml, Caller, "CAgather1", "tomorrow morning");
        VoiceHarness.Said(twiml).ShouldBe("Thanks, Dana. We can come out Wednesday, March 4th at 8 AM, 9:30 AM or 11:30 AM. Which works best?");
        twiml = await h.SayAsync(twiml, Caller, "CAgather1", "the second one please");
        VoiceHarness.Said(twiml).ShouldBe("Just to confirm: Wednesday, March 4th at 9:30 AM, at 42 Oak Street, Springfield, 62704. Shall I book that?");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM appointments")).ShouldBe(0, "nothing is booked before the caller says yes");

        // A carrier retry of the same turn gets the same answer and books nothing twice.
        var yes = await h.SayAsync(twiml, Caller, "CAgather1", "yes that's right");
        (await h.SayAsync(twiml, Caller, "CAgather1", "yes that's right")).ShouldBe(yes);
        VoiceHarness.Said(yes).ShouldBe($"You're booked for Wednesday, March 4th at 9:30 AM. I've texted you the details with a calendar link. Thanks for calling {h.Business.Name}. Goodbye.");
        VoiceHarness.Root(yes).Element("Hangup").ShouldNotBeNull();

        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM appointments WHERE status = 'scheduled'")).ShouldBe(1);
        (await h.ScalarAsync<string>("SELECT status FROM leads WHERE phone = @Caller", new { Caller })).ShouldBe("booked");
        (await h.ScalarAsync<string>("SELECT name FROM leads WHERE phone = @Caller", new { Caller })).ShouldBe("Dana Whitfield");
        var texts = await h.T.TextsToAsync(Caller);
        texts.Single().Body.ShouldStartWith($"You're booked with {h.Business.Name}: Wed Mar 4, 9:30");
        texts.Single().Body.ShouldContain("/appointments/");
        texts.Single().Body.ShouldContain("Reply STOP to opt out");

        // The transcript, both sides in order, with when each was said; the session says how it ended.
        var callId = await h.ScalarAsync<string>("SELECT id FROM calls WHERE call_sid = 'CAgather1'");
        var transcript = await h.T.App.OperatorClient().GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{h.Business.Id}/calls/{callId}/transcript");
        transcript.GetProperty("status").GetString().ShouldBe(VoiceSessionStatuses.Booked);
        transcript.GetProperty("path").GetString().ShouldBe(VoicePaths.Gather);
        var turns = transcript.GetProperty("turns").EnumerateArray().ToList();
        turns.Select(t => t.GetProperty("speaker").GetString()).ShouldBe(Enumerable.Range(0, 13).Select(i => i % 2 == 0 ? "receptionist" : "caller"));
        turns[1].GetProperty("text").GetString().ShouldBe("my AC is not cooling");
        turns.Select(t => t.GetProperty("atMs").GetInt64()).ShouldBeInOrder();
        // Another business cannot read it.
        var other = await h.T.BusinessAsync();
        (await h.T.App.OperatorClient().GetAsync($"/api/admin/businesses/{other.Id}/calls/{callId}/transcript")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The caller's data: the transcript is in their export, and erasing them erases what they said.
        var customerId = await h.ScalarAsync<string>("SELECT id FROM customers WHERE phone = @Caller", new { Caller });
        var export = await h.T.App.OperatorClient().GetStringAsync($"/api/admin/businesses/{h.Business.Id}/customers/{customerId}/export?by=test");
        export.ShouldContain("voice_turns");
        (await h.T.App.OperatorClient().DeleteAsync($"/api/admin/businesses/{h.Business.Id}/customers/{customerId}?by=test")).EnsureSuccessStatusCode();
        (await h.T.QueryAsync<string>("SELECT DISTINCT text FROM voice_turns")).ShouldBe(["[erased]"]);
        (await h.ScalarAsync<string?>("SELECT summary FROM voice_sessions")).ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task TheOwnersOwnPhone_IsNotAnsweredByTheReceptionist_NorMadeALead(string provider)
    {
        // The owner testing their line hears the apology; no voice session, lead or text is made of them.
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Gather);
        var twiml = await h.MissedCallAsync(h.Business.OwnerPhone, "CAown1");
        twiml.ShouldContain("Please try again later");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM leads")).ShouldBe(0);
        await h.T.IdleAsync();
        h.T.Carrier.Accepted.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task AnEmergency_IsPutThroughToTheOwnerWithAWhisper_AndWhenNobodyAnswers_AMessageIsTaken(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Gather);
        var twiml = await h.MissedCallAsync(Caller, "CAgas");
        twiml = await h.SayAsync(twiml, Caller, "CAgas", "I smell gas in the kitchen");
        VoiceHarness.Said(twiml).ShouldBe("That sounds urgent. I'm connecting you to Sam right now, please hold.");
        var dial = VoiceHarness.Root(twiml).Element("Dial")!;
        dial.Element("Number")!.Value.ShouldBe(h.Business.OwnerPhone);
        dial.Attribute("callerId")!.Value.ShouldBe(h.Business.CarrierNumber);
        var whisperUrl = dial.Element("Number")!.Attribute("url")!.Value[TelephonyHarness.PublicBaseUrl.Length..];
        var whisper = await (await h.T.PostAsync(whisperUrl, TelephonyHarness.CallForm(h.Business, h.Business.CarrierNumber!, "CAownerleg"))).Content.ReadAsStringAsync();
        VoiceHarness.Said(whisper).ShouldContain("an emergency");
        VoiceHarness.Said(whisper).ShouldContain("I smell gas in the kitchen");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE event = 'emergency' AND urgent = TRUE")).ShouldBe(1);

        // The owner does not pick up: the receptionist takes a message, and the owner is alerted at once.
        var action = dial.Attribute("action")!.Value[TelephonyHarness.PublicBaseUrl.Length..];
        var missed = await (await h.T.PostAsync(action, TelephonyHarness.CallForm(h.Business, Caller, "CAgas", ("DialCallStatus", "no-answer")))).Content.ReadAsStringAsync();
        VoiceHarness.Said(missed).ShouldBe("Sorry, Sam couldn't pick up. Please tell me your message and I'll send it to them right away.");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE title LIKE 'You missed a transferred call%' AND urgent = TRUE")).ShouldBe(1);
        var bye = await h.SayAsync(missed, Caller, "CAgas", "Please call me back, the whole house smells of gas");
        VoiceHarness.Said(bye).ShouldContain("passed that on to Sam");
        (await h.ScalarAsync<string>("SELECT body FROM notifications WHERE event = 'receptionist_call'")).ShouldContain("the whole house smells of gas");
        (await h.ScalarAsync<string>("SELECT status FROM voice_sessions")).ShouldBe(VoiceSessionStatuses.Message);
        (await h.ScalarAsync<string>("SELECT urgency FROM leads WHERE phone = @Caller", new { Caller })).ShouldBe("emergency");
    }

    [Theory, DatabaseData]
    public async Task JustTextMe_HandsTheCallerToTheTextBack_AndSilenceTwiceDoesToo(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Gather, settings: new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });
        var twiml = await h.MissedCallAsync(Caller, "CAtext");
        var bye = await h.SayAsync(twiml, Caller, "CAtext", "can you just text me");
        // How long the caller waited for the answer is measured, by path.
        // (The exporter caches a scrape for a moment: scrape until it shows.)
        await Eventually.WaitAsync(async () => (await h.T.App.CreateClient().GetStringAsync("/metrics")).Split('\n')
            .Any(l => l.StartsWith("callrecover_receptionist_latency_seconds_count{", StringComparison.Ordinal) && l.Contains("path=\"gather\"", StringComparison.Ordinal)),
            "the receptionist's answer time on /metrics");
        VoiceHarness.Said(bye).ShouldBe("Sure, I'll text you right now. Thanks for calling, goodbye.");
        (await h.T.TextsToAsync(Caller)).Single().Body.ShouldContain("Sorry we missed your call");
        (await h.ScalarAsync<string>("SELECT status FROM voice_sessions")).ShouldBe(VoiceSessionStatuses.Texted);

        const string Quiet = "+19045550178";
        twiml = await h.MissedCallAsync(Quiet, "CAquiet");
        var silentUrl = VoiceHarness.Root(twiml).Element("Redirect")!.Value[TelephonyHarness.PublicBaseUrl.Length..];
        var again = await (await h.T.PostAsync(silentUrl, TelephonyHarness.CallForm(h.Business, Quiet, "CAquiet"))).Content.ReadAsStringAsync();
        VoiceHarness.Said(again).ShouldStartWith("Sorry, I didn't catch that.");
        silentUrl = VoiceHarness.Root(again).Element("Redirect")!.Value[TelephonyHarness.PublicBaseUrl.Length..];
        var gone = await (await h.T.PostAsync(silentUrl, TelephonyHarness.CallForm(h.Business, Quiet, "CAquiet"))).Content.ReadAsStringAsync();
        VoiceHarness.Said(gone).ShouldBe("I can't hear you, so I'll text you instead. Goodbye.");
        (await h.T.TextsToAsync(Quiet)).Single().Body.ShouldContain("Sorry we missed your call");
    }

    [Theory, DatabaseData]
    public async Task AfterHoursOnly_LeavesCallsInOpeningHoursToTheTextBack_AndUnsignedTurnsAreRefused(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Gather, VoiceReceptionistModes.AfterHours);
        // 10 AM on a Tuesday: open, so the text-back answers as before.
        (await h.MissedCallAsync(Caller, "CAopen")).ShouldBeTwiml("<Response><Say>Sorry we missed your call. We'll text you right away.</Say><Hangup/></Response>");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM voice_sessions")).ShouldBe(0);

        h.Clock.Advance(TimeSpan.FromHours(10)); // 8 PM: closed
        var twiml = await h.MissedCallAsync("+19045550179", "CAnight");
        VoiceHarness.Root(twiml).Element("Gather").ShouldNotBeNull();
        var action = TelephonyHarness.UrlIn(twiml, "Gather", "action")!;
        var unsigned = await h.T.Client.PostAsync(action, new FormUrlEncodedContent([new("SpeechResult", "hello")]));
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var wrongKey = await h.T.PostAsync(action, TelephonyHarness.CallForm(h.Business, "+19045550179", "CAnight", ("SpeechResult", "hello")), key: "not-the-token");
        wrongKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await h.T.PostAsync("/webhook/voice/gather?call=x", TelephonyHarness.CallForm(h.Business, "+19045550179", "CAnight"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM voice_turns WHERE speaker = 'caller'")).ShouldBe(0);

        // The setting is the business's, validated like its other fields.
        var bad = await h.T.App.OperatorClient().PatchAsJsonAsync($"/api/admin/businesses/{h.Business.Id}", new { voiceReceptionist = "sometimes" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("voiceReceptionist");
    }
}
