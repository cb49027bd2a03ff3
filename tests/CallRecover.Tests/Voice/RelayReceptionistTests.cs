using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using CallRecover.Voice;

namespace CallRecover.Tests.Voice;

/// <summary>The voice receptionist on Twilio's ConversationRelay: a real WebSocket on loopback speaking its frames.</summary>
public sealed class RelayReceptionistTests
{
    private const string Caller = "+19045550181";

    private static async Task<string> PromptAsync(ClientWebSocket socket, string words)
    {
        await VoiceHarness.SendAsync(socket, new { type = "prompt", voicePrompt = words, lang = "en-US", last = true });
        return VoiceHarness.Text(await VoiceHarness.ReplyAsync(socket));
    }

    [Theory, DatabaseData]
    public async Task ACallerBooksOverTheRelay_TheReplyStreamsInTokens_AndTheCallEndsWithTheGoodbye(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Relay);
        var twiml = await h.MissedCallAsync(Caller, "CArelay1");
        var connect = VoiceHarness.Root(twiml).Element("Connect")!;
        var relay = connect.Element("ConversationRelay")!;
        var callId = await h.ScalarAsync<string>("SELECT id FROM calls WHERE call_sid = 'CArelay1'");
        relay.Attribute("url")!.Value.ShouldBe($"ws://localhost/voice/relay?call={callId}");
        relay.Attribute("welcomeGreeting")!.Value.ShouldStartWith($"Thanks for calling {h.Business.Name}");
        relay.Attribute("interruptible")!.Value.ShouldBe("speech");
        relay.Attribute("dtmfDetection")!.Value.ShouldBe("true");
        connect.Attribute("action")!.Value.ShouldBe($"http://localhost/webhook/voice/relay-ended?call={callId}");

        using var socket = await h.ConnectAsync(twiml);
        await VoiceHarness.SendAsync(socket, new { type = "setup", sessionId = "VX1", accountSid = FakeCarrier.AccountSid, callSid = "CArelay1", from = Caller, to = h.Business.CarrierNumber, direction = "inbound", customParameters = new { } });
        await VoiceHarness.SendAsync(socket, new { type = "prompt", voicePrompt = "my AC is not cooling", lang = "en-US", last = true });
        var frames = await VoiceHarness.ReplyAsync(socket);
        frames.Count.ShouldBeGreaterThan(3, "the reply streams word by word");
        frames.Take(frames.Count - 1).ShouldAllBe(f => f.GetProperty("type").GetString() == "text" && !f.GetProperty("last").GetBoolean());
        frames[^1].GetProperty("last").GetBoolean().ShouldBeTrue();
        VoiceHarness.Text(frames).ShouldContain("How soon");

        // The caller talks over the reply: the transcript keeps what they heard.
        await VoiceHarness.SendAsync(socket, new { type = "interrupt", utteranceUntilInterrupt = "Sorry to hear that", durationUntilInterruptMs = 900 });
        await PromptAsync(socket, "Dana Whitfield");
        await PromptAsync(socket, "42 Oak St, Springfield 62704");
        (await PromptAsync(socket, "tomorrow morning")).ShouldContain("Which works best?");
        (await PromptAsync(socket, "the first one")).ShouldStartWith("Just to confirm: Wednesday, March 4th at 8 AM, at 42 Oak Street");
        await VoiceHarness.SendAsync(socket, new { type = "prompt", voicePrompt = "yes", lang = "en-US", last = true });
        var end = (await VoiceHarness.ReplyAsync(socket)).Single();
        end.GetProperty("type").GetString().ShouldBe("end");
        JsonDocument.Parse(end.GetProperty("handoffData").GetString()!).RootElement.GetProperty("reason").GetString().ShouldBe(ReceptionistActions.Hangup);
        (await VoiceHarness.ReceiveAsync(socket)).ShouldBeNull();
        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);

        // The carrier then asks the <Connect action> what next: the goodbye, said once, then hang up.
        var after = await (await h.T.PostAsync($"/webhook/voice/relay-ended?call={callId}", TelephonyHarness.CallForm(h.Business, Caller, "CArelay1",
            ("HandoffData", end.GetProperty("handoffData").GetString()!)))).Content.ReadAsStringAsync();
        VoiceHarness.Said(after).ShouldStartWith("You're booked for Wednesday, March 4th at 8 AM.");
        VoiceHarness.Root(after).Element("Hangup").ShouldNotBeNull();
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM appointments")).ShouldBe(1);
        (await h.T.TextsToAsync(Caller)).Single().Body.ShouldStartWith($"You're booked with {h.Business.Name}");
        (await h.ScalarAsync<string>("SELECT status FROM voice_sessions")).ShouldBe(VoiceSessionStatuses.Booked);
        (await h.ScalarAsync<bool>("SELECT interrupted FROM voice_turns WHERE seq = 3")).ShouldBeTrue();
        (await h.ScalarAsync<string>("SELECT text FROM voice_turns WHERE seq = 3")).ShouldBe("Sorry to hear that");
    }

    [Theory, DatabaseData]
    public async Task APersonAskedFor_EndsTheRelayWithATransfer_AndTheActionDialsTheOwner(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Relay);
        var twiml = await h.MissedCallAsync(Caller, "CArelay2");
        var callId = await h.ScalarAsync<string>("SELECT id FROM calls WHERE call_sid = 'CArelay2'");
        using var socket = await h.ConnectAsync(twiml);
        await VoiceHarness.SendAsync(socket, new { type = "prompt", voicePrompt = "I need a furnace repair", last = true });
        await VoiceHarness.ReplyAsync(socket);
        await VoiceHarness.SendAsync(socket, new { type = "prompt", voicePrompt = "let me talk to a real person", last = true });
        var end = (await VoiceHarness.ReplyAsync(socket)).Single();
        JsonDocument.Parse(end.GetProperty("handoffData").GetString()!).RootElement.GetProperty("reason").GetString().ShouldBe(ReceptionistActions.Transfer);
        var after = await (await h.T.PostAsync($"/webhook/voice/relay-ended?call={callId}", TelephonyHarness.CallForm(h.Business, Caller, "CArelay2",
            ("HandoffData", end.GetProperty("handoffData").GetString()!)))).Content.ReadAsStringAsync();
        VoiceHarness.Said(after).ShouldBe("Of course. I'm connecting you to Sam now, please hold.");
        VoiceHarness.Root(after).Element("Dial")!.Element("Number")!.Value.ShouldBe(h.Business.OwnerPhone);
        var dialAction = VoiceHarness.Root(after).Element("Dial")!.Attribute("action")!.Value[TelephonyHarness.PublicBaseUrl.Length..];
        (await (await h.T.PostAsync(dialAction, TelephonyHarness.CallForm(h.Business, Caller, "CArelay2", ("DialCallStatus", "completed")))).Content.ReadAsStringAsync())
            .ShouldBeTwiml("<Response><Hangup/></Response>");
        (await h.ScalarAsync<string>("SELECT status FROM voice_sessions")).ShouldBe(VoiceSessionStatuses.Transferred);
        (await h.ScalarAsync<string>("SELECT service_needed FROM leads WHERE phone = @Caller", new { Caller })).ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task PressingOneOnTheRelay_EndsTheConversation_AndTheCallerIsTextedInstead(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Relay);
        var twiml = await h.MissedCallAsync(Caller, "CArelay7");
        var callId = await h.ScalarAsync<string>("SELECT id FROM calls WHERE call_sid = 'CArelay7'");
        using var socket = await h.ConnectAsync(twiml);
        await VoiceHarness.SendAsync(socket, new { type = "dtmf", digit = "1" });
        var end = (await VoiceHarness.ReplyAsync(socket)).Single();
        end.GetProperty("type").GetString().ShouldBe("end");
        var after = await (await h.T.PostAsync($"/webhook/voice/relay-ended?call={callId}", TelephonyHarness.CallForm(h.Business, Caller, "CArelay7",
            ("HandoffData", end.GetProperty("handoffData").GetString()!)))).Content.ReadAsStringAsync();
        VoiceHarness.Said(after).ShouldBe("Sure, I'll text you right now. Thanks for calling, goodbye.");
        (await h.T.TextsToAsync(Caller)).Single().Body.ShouldContain("Sorry we missed your call");
        (await h.ScalarAsync<string>("SELECT text FROM voice_turns WHERE speaker = 'caller'")).ShouldBe("(pressed 1)");
    }

    [Theory, DatabaseData]
    public async Task ADroppedSocket_KeepsWhatWasSaid_TellsTheOwner_AndTheCallEndsPolitelyWithATextBack(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Relay);
        var twiml = await h.MissedCallAsync(Caller, "CArelay3");
        var callId = await h.ScalarAsync<string>("SELECT id FROM calls WHERE call_sid = 'CArelay3'");
        var socket = await h.ConnectAsync(twiml);
        await PromptAsync(socket, "my furnace is making a banging noise, this is Mark Jensen");
        socket.Abort();
        socket.Dispose();
        await Eventually.WaitAsync(async () => await h.ScalarAsync<string>("SELECT status FROM voice_sessions") == VoiceSessionStatuses.Dropped, "the session marked dropped");
        (await h.ScalarAsync<string>("SELECT body FROM notifications WHERE event = 'receptionist_call'")).ShouldContain("dropped");
        (await h.ScalarAsync<string>("SELECT name FROM leads WHERE phone = @Caller", new { Caller })).ShouldBe("Mark Jensen");

        var after = await (await h.T.PostAsync($"/webhook/voice/relay-ended?call={callId}", TelephonyHarness.CallForm(h.Business, Caller, "CArelay3"))).Content.ReadAsStringAsync();
        VoiceHarness.Said(after).ShouldBe(ReceptionistCalls.LostLine);
        (await h.T.TextsToAsync(Caller)).Single().Body.ShouldContain("Sorry we missed your call");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE event = 'receptionist_call'")).ShouldBe(1, "the owner is told once");
    }

    [Theory, DatabaseData]
    public async Task UnsignedUpgrades_OversizedAndNonJsonFrames_AndAnotherCallsSetup_AreRefused(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Relay);
        var twiml = await h.MissedCallAsync(Caller, "CArelay4");
        var refused = await Should.ThrowAsync<WebSocketException>(() => h.ConnectAsync(twiml, signature: "bm90IGEgc2lnbmF0dXJl"));
        refused.Message.ShouldContain("403");
        var plain = await h.T.Client.GetAsync(new Uri(VoiceHarness.Root(twiml).Descendants("ConversationRelay").Single().Attribute("url")!.Value).PathAndQuery);
        plain.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using (var socket = await h.ConnectAsync(twiml))
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"prompt\",\"voicePrompt\":\"" + new string('a', 70_000) + "\"}"), WebSocketMessageType.Text, true, CancellationToken.None);
            (await VoiceHarness.ReceiveAsync(socket)).ShouldBeNull();
            socket.CloseStatus.ShouldBe(WebSocketCloseStatus.MessageTooBig);
        }
        await Eventually.WaitAsync(async () => await h.ScalarAsync<string>("SELECT status FROM voice_sessions") == VoiceSessionStatuses.Dropped, "the session ended");
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM voice_turns WHERE speaker = 'caller'")).ShouldBe(0);

        twiml = await h.MissedCallAsync("+19045550182", "CArelay5");
        using (var socket = await h.ConnectAsync(twiml))
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("not json"), WebSocketMessageType.Text, true, CancellationToken.None);
            (await VoiceHarness.ReceiveAsync(socket)).ShouldBeNull();
            socket.CloseStatus.ShouldBe(WebSocketCloseStatus.InvalidPayloadData);
        }
        twiml = await h.MissedCallAsync("+19045550183", "CArelay6");
        using (var socket = await h.ConnectAsync(twiml))
        {
            await VoiceHarness.SendAsync(socket, new { type = "setup", callSid = "CAsomeoneelse" });
            (await VoiceHarness.ReceiveAsync(socket)).ShouldBeNull();
            socket.CloseStatus.ShouldBe(WebSocketCloseStatus.PolicyViolation);
        }
    }
}
