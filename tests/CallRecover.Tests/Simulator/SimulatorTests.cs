using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Simulator;

public sealed class SimulatorTests
{
    private const string Caller = "+19045550142";

    private static async Task<List<JsonElement>> PhoneAsync(HttpClient client, string phone) =>
        (await client.GetFromJsonAsync<List<JsonElement>>($"/simulator/api/phones/{Uri.EscapeDataString(phone)}/messages"))!;

    [Theory, DatabaseData]
    public async Task Simulator_MissedCall_DrivesTheSignedWebhooks_AndTheCallersPhoneShowsTheDeliveredGreeting_ThenAReply(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
        var b = await app.CreateBusinessAsync(i => i with { NotificationPrefs = new CallRecover.Tenancy.NotificationPrefs { QuietStart = "00:00", QuietEnd = "00:00" } });
        var client = app.CreateClient();

        var page = await client.GetStringAsync("/simulator");
        foreach (var id in new[] { "id=\"business\"", "id=\"caller-phone\"", "data-testid=\"call-missed\"", "data-testid=\"call-voicemail\"", "data-testid=\"send-text\"", "id=\"phone-messages\"" })
            page.ShouldContain(id);
        (await client.GetFromJsonAsync<List<JsonElement>>("/simulator/api/businesses"))!.ShouldContain(x => x.GetProperty("carrierNumber").GetString() == b.CarrierNumber);

        var call = await client.PostAsJsonAsync("/simulator/api/calls", new { carrierNumber = b.CarrierNumber, from = Caller, outcome = "missed" });
        call.StatusCode.ShouldBe(HttpStatusCode.OK);
        var steps = (await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("steps").EnumerateArray().ToList();
        steps.ShouldAllBe(s => s.GetProperty("status").GetInt32() < 300);
        steps.First().GetProperty("url").GetString()!.ShouldEndWith("/webhook/voice/incoming");
        steps.Last().GetProperty("body").GetString()!.ShouldContain("text you right away");

        var received = await Eventually.WaitAsync(() => PhoneAsync(client, Caller),
            l => l.Any(m => m.GetProperty("status").GetString() == "delivered"), "the greeting to be delivered to the simulated phone");
        received.Single().GetProperty("body").GetString()!.ShouldContain(b.Name);
        await Eventually.WaitAsync(() => PhoneAsync(client, b.OwnerPhone), l => l.Count == 1, "the owner's missed-call text");

        (await client.PostAsJsonAsync("/simulator/api/texts", new { carrierNumber = b.CarrierNumber, from = Caller, body = "My AC is blowing warm air" })).EnsureSuccessStatusCode();
        var thread = await PhoneAsync(client, Caller);
        thread.Last().GetProperty("direction").GetString().ShouldBe("inbound");
        thread.Last().GetProperty("body").GetString().ShouldBe("My AC is blowing warm air");

        var bad = await client.PostAsJsonAsync("/simulator/api/calls", new { carrierNumber = "+19999999999", from = "nope", outcome = "exploded" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadAsStringAsync();
        problem.ShouldContain("carrierNumber");
        problem.ShouldContain("outcome");
    }

    [Theory, DatabaseData]
    public async Task Simulator_VoicemailPickup_CountsAsMissed_AndAnAnsweredCallDoesNot(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
        var b = await app.CreateBusinessAsync();
        var client = app.CreateClient();

        (await client.PostAsJsonAsync("/simulator/api/calls", new { carrierNumber = b.CarrierNumber, from = Caller, outcome = "voicemail" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/simulator/api/calls", new { carrierNumber = b.CarrierNumber, from = "+19045550177", outcome = "answered" })).EnsureSuccessStatusCode();

        var calls = (await app.OperatorClient().GetFromJsonAsync<List<JsonElement>>($"/api/admin/businesses/{b.Id}/calls"))!;
        calls.Single(c => c.GetProperty("callerPhone").GetString() == Caller).GetProperty("status").GetString().ShouldBe("missed");
        calls.Single(c => c.GetProperty("callerPhone").GetString() == "+19045550177").GetProperty("status").GetString().ShouldBe("answered");
        await Eventually.WaitAsync(() => PhoneAsync(client, Caller), l => l.Count == 1, "the greeting after the voicemail pickup");
        (await PhoneAsync(client, "+19045550177")).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Simulator_IsOff_WithARealCarrier(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        (await h.Client.GetAsync("/simulator")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await h.Client.PostAsJsonAsync("/simulator/api/calls", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
