using System.Net;
using System.Net.Http.Json;
using CallRecover.Tenancy;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using CallRecover.Voice;
using Dapper;

namespace CallRecover.Tests.Simulator;

/// <summary>
/// The simulator's "Talk to the receptionist" API playing the carrier on both voice paths: the relay over a real
/// WebSocket to the app on Kestrel, the Gather path through the signed webhooks. The business has the receptionist
/// off: the simulator asks for it on its own calls.
/// </summary>
public sealed class ReceptionistSimulatorTests
{
    private const string Calls = "/simulator/api/voice/calls";

    private sealed record Line(string Speaker, string Text);
    private sealed record View(string Id, string Path, List<Line> Lines, string State, string Greeting, string? Whisper)
    {
        public string LastReply => Lines.Last(l => l.Speaker == Speakers.Receptionist).Text;
    }

    private sealed class Sim(TestDatabase db, AppFactory app, HttpClient client, Business business) : IAsyncDisposable
    {
        public AppFactory App { get; } = app;
        public HttpClient Client { get; } = client;
        public Business Business { get; } = business;

        public static async Task<Sim> StartAsync(string provider)
        {
            var db = await TestDatabase.CreateAsync(provider);
            var app = new AppFactory(db, new FakeClock(BookingScenario.Start), new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
            // Kestrel: the relay is a real WebSocket the simulator opens to the app's listening address.
            var client = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };
            var business = await app.CreateBusinessAsync(b => b with
            {
                OwnerName = "Sam Rivera", Services = ["AC repair", "Furnace repair", "Tune-up"],
                NotificationPrefs = new NotificationPrefs { QuietStart = "00:00", QuietEnd = "00:00" },
            });
            business.VoiceReceptionist.ShouldBe(VoiceReceptionistModes.Off);
            return new Sim(db, app, client, business);
        }

        public async Task<View> CallAsync(string from, string path)
        {
            var r = await Client.PostAsJsonAsync(Calls, new { carrierNumber = Business.CarrierNumber, from, path });
            r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            return (await r.Content.ReadFromJsonAsync<View>())!;
        }

        public async Task<View> StepAsync(HttpMethod method, string url, object? body = null)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            var r = await Client.SendAsync(request);
            r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            return (await r.Content.ReadFromJsonAsync<View>())!;
        }

        public Task<View> SayAsync(View call, string text) => StepAsync(HttpMethod.Post, $"{Calls}/{call.Id}/say", new { text });

        public async Task<T> ScalarAsync<T>(string sql, object? param = null)
        {
            await using var conn = await db.Db.OpenAsync();
            return (await conn.ExecuteScalarAsync<T>(sql, param))!;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    [Theory, DatabaseData]
    public async Task OverTheRelay_ACallerBooksByTalking_AndHangingUpMidCall_DropsTheSession(string provider)
    {
        await using var sim = await Sim.StartAsync(provider);
        var call = await sim.CallAsync("+19045550191", VoicePaths.Relay);
        (call.Path, call.State).ShouldBe((VoicePaths.Relay, "listening"));
        call.Greeting.ShouldStartWith($"Thanks for calling {sim.Business.Name}");
        call.Lines.ShouldHaveSingleItem().ShouldBe(new Line(Speakers.Receptionist, call.Greeting));

        call = await sim.SayAsync(call, "my AC is not cooling");
        call.Lines[^2].ShouldBe(new Line(Speakers.Caller, "my AC is not cooling"));
        call.LastReply.ShouldContain("How soon");
        call = await sim.SayAsync(call, "Dana Whitfield");
        call = await sim.SayAsync(call, "42 Oak St, Springfield 62704");
        call.LastReply.ShouldContain("good time");
        call = await sim.SayAsync(call, "tomorrow morning");
        call.LastReply.ShouldBe("Thanks, Dana. We can come out Wednesday, March 4th at 8 AM, 9:30 AM or 11:30 AM. Which works best?");
        call = await sim.SayAsync(call, "the first one");
        call.LastReply.ShouldBe("Just to confirm: Wednesday, March 4th at 8 AM, at 42 Oak Street, Springfield, 62704. Shall I book that?");
        call = await sim.SayAsync(call, "yes");
        // The relay ended with a hang-up handoff; the <Connect action> said the goodbye.
        call.State.ShouldBe("ended");
        call.LastReply.ShouldStartWith("You're booked for Wednesday, March 4th at 8 AM.");
        (await sim.ScalarAsync<int>("SELECT COUNT(*) FROM appointments WHERE status = 'scheduled'")).ShouldBe(1);
        (await sim.ScalarAsync<string>("SELECT status FROM voice_sessions")).ShouldBe(VoiceSessionStatuses.Booked);
        (await sim.ScalarAsync<int>("SELECT COUNT(*) FROM voice_turns WHERE speaker = 'caller'")).ShouldBe(6);
        // An ended call is forgotten at once.
        (await sim.Client.PostAsJsonAsync($"{Calls}/{call.Id}/say", new { text = "hello?" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sim.Client.DeleteAsync($"{Calls}/{call.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Hanging up mid-call drops the socket: the app marks the session dropped and the caller gets the text-back.
        const string Mark = "+19045550192";
        var second = await sim.CallAsync(Mark, VoicePaths.Relay);
        second = await sim.SayAsync(second, "my furnace is making a banging noise, this is Mark Jensen");
        var gone = await sim.StepAsync(HttpMethod.Delete, $"{Calls}/{second.Id}");
        gone.State.ShouldBe("ended");
        gone.LastReply.ShouldBe(ReceptionistCalls.LostLine);
        (await sim.ScalarAsync<string>("SELECT v.status FROM voice_sessions v JOIN calls c ON c.id = v.call_id WHERE c.caller_phone = @Mark", new { Mark }))
            .ShouldBe(VoiceSessionStatuses.Dropped);
        (await sim.ScalarAsync<string>("SELECT name FROM leads WHERE phone = @Mark", new { Mark })).ShouldBe("Mark Jensen");
        (await sim.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE event = 'receptionist_call' AND body LIKE '%dropped%'")).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task OnTheGatherPath_TextMeHandsOver_AnUnansweredTransferTakesAMessage_AndBadRequestsAre400s(string provider)
    {
        await using var sim = await Sim.StartAsync(provider);
        const string Texter = "+19045550193";
        var call = await sim.CallAsync(Texter, VoicePaths.Gather);
        (call.Path, call.State).ShouldBe((VoicePaths.Gather, "listening"));
        call = await sim.SayAsync(call, "just text me");
        call.LastReply.ShouldBe("Sure, I'll text you right now. Thanks for calling, goodbye.");
        call.State.ShouldBe("ended");
        (await sim.ScalarAsync<string>("SELECT body FROM messages WHERE to_phone = @Texter", new { Texter })).ShouldContain("Sorry we missed your call");

        // Silence is a Gather timeout: asked again.
        var quiet = await sim.CallAsync("+19045550194", VoicePaths.Gather);
        quiet = await sim.StepAsync(HttpMethod.Post, $"{Calls}/{quiet.Id}/silence");
        quiet.LastReply.ShouldStartWith("Sorry, I didn't catch that.");

        // A person asked for: the owner's phone rings and nobody answers, so the receptionist takes a message.
        var transfer = await sim.CallAsync("+19045550195", VoicePaths.Gather);
        transfer = await sim.SayAsync(transfer, "I need a furnace repair");
        transfer = await sim.SayAsync(transfer, "let me talk to a real person");
        transfer.State.ShouldBe("transferring");
        transfer.LastReply.ShouldBe("Of course. I'm connecting you to Sam now, please hold.");
        (await sim.Client.PostAsJsonAsync($"{Calls}/{transfer.Id}/say", new { text = "hello?" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        transfer = await sim.StepAsync(HttpMethod.Post, $"{Calls}/{transfer.Id}/transfer", new { answered = false });
        transfer.State.ShouldBe("listening");
        transfer.Whisper.ShouldBeNull("the owner never picked up, so never heard the whisper");
        transfer.LastReply.ShouldBe("Sorry, Sam couldn't pick up. Please tell me your message and I'll send it to them right away.");
        transfer = await sim.SayAsync(transfer, "Please call me back about the furnace");
        transfer.LastReply.ShouldContain("passed that on to Sam");
        transfer.State.ShouldBe("ended");
        (await sim.ScalarAsync<string>("SELECT body FROM notifications WHERE event = 'receptionist_call'")).ShouldContain("call me back about the furnace");

        // An emergency put through and answered: the owner hears the whisper first.
        var gas = await sim.CallAsync("+19045550196", VoicePaths.Gather);
        gas = await sim.SayAsync(gas, "I smell gas in the kitchen");
        gas = await sim.StepAsync(HttpMethod.Post, $"{Calls}/{gas.Id}/transfer", new { answered = true });
        gas.Whisper!.ShouldContain("an emergency");
        gas.Lines.ShouldContain(l => l.Speaker == "owner" && l.Text == gas.Whisper);
        gas.State.ShouldBe("ended");
        (await sim.ScalarAsync<int>("SELECT COUNT(*) FROM voice_sessions WHERE status = 'transferred'")).ShouldBe(1);

        // Bad input names the field; an unknown call is 404; silence means nothing on the relay.
        var bad = await sim.Client.PostAsJsonAsync(Calls, new { carrierNumber = "+19999999999", from = "anonymous", path = "carrier-pigeon" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadAsStringAsync();
        foreach (var field in new[] { "carrierNumber", "from", "path" }) problem.ShouldContain(field);
        var relay = await sim.CallAsync("+19045550197", VoicePaths.Relay);
        foreach (var (url, body, field) in new (string, object, string)[]
        {
            ($"{Calls}/{relay.Id}/say", new { text = "  " }, "text"),
            ($"{Calls}/{relay.Id}/say", new { text = new string('a', 1001) }, "text"),
            ($"{Calls}/{relay.Id}/press", new { digit = "12" }, "digit"),
            ($"{Calls}/{relay.Id}/transfer", new { }, "answered"),
        })
        {
            var r = await sim.Client.PostAsJsonAsync(url, body);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            (await r.Content.ReadAsStringAsync()).ShouldContain(field);
        }
        var silent = await sim.Client.PostAsync($"{Calls}/{relay.Id}/silence", null);
        silent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await silent.Content.ReadAsStringAsync()).ShouldContain("ConversationRelay");
        (await sim.Client.PostAsJsonAsync($"{Calls}/{relay.Id}/transfer", new { answered = true })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await sim.Client.PostAsJsonAsync($"{Calls}/VSnope/say", new { text = "hi" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sim.Client.DeleteAsync($"{Calls}/VSnope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The relay call still works after all that.
        (await sim.SayAsync(relay, "my AC is not cooling")).LastReply.ShouldContain("How soon");
    }
}
