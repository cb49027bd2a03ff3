using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Simulator;

/// <summary>
/// The simulator's phone numbers served as the carrier's REST API: the real REST client (as pointed at Twilio or
/// SignalWire) against the running app on loopback, with <c>Carrier__BaseUrl={app}/simulator</c>.
/// </summary>
public sealed class SimulatorNumberApiTests
{
    private const string Token = "simulator-token-0123456789";

    private static (TwilioCompatibleNumbers Client, ServiceProvider Services) Client(string baseUrl, string token = Token)
    {
        var o = new CarrierOptions { Provider = CarrierOptions.Twilio, BaseUrl = baseUrl + "/simulator", AccountSid = "ACsimulator", AuthToken = token };
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSingleton(Options.Create(o));
        TwilioCompatibleClient.AddHttpClient(services);
        var sp = services.BuildServiceProvider();
        return (new TwilioCompatibleNumbers(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<CarrierOptions>>()), sp);
    }

    [Theory, DatabaseData]
    public async Task TheRestClient_SearchesBuysRepointsAndReleases_AgainstTheSimulatorsWireApi(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator", ["Carrier:AuthToken"] = Token });
        var url = app.StartKestrel();
        var (client, sp) = Client(url);
        await using var _ = sp;
        var hooks = new NumberWebhooks("https://x.example/webhook/voice/incoming", "https://x.example/webhook/voice/status", "https://x.example/webhook/sms/incoming");

        var found = await client.SearchAsync("904", default);
        found.Ok.ShouldBeTrue(found.Failure?.Sentence);
        found.Value!.Count.ShouldBe(20);
        found.Value[0].ShouldBe(new AvailableNumber("+19045550100", "(904) 555-0100", "Simulated City", "FL", "32099"));

        var bought = await client.BuyAsync("+19045550100", "Test HVAC", hooks, default);
        bought.Ok.ShouldBeTrue(bought.Failure?.Sentence);
        bought.Value!.Sid.ShouldStartWith("PN");
        bought.Value.PhoneNumber.ShouldBe("+19045550100");
        bought.Value.VoiceUrl.ShouldBe(hooks.VoiceUrl);
        bought.Value.SmsUrl.ShouldBe(hooks.SmsUrl);

        (await client.SearchAsync("904", default)).Value!.Select(n => n.PhoneNumber).ShouldNotContain("+19045550100");
        var twice = await client.BuyAsync("+19045550100", "Test HVAC", hooks, default);
        twice.Failure!.Kind.ShouldBe(NumberFailureKind.Unavailable);
        twice.Failure.Sentence.ShouldBe("(904) 555-0100 is no longer available — search again and pick another.");
        var none = await client.SearchAsync("999", default);
        none.Failure!.Sentence.ShouldBe("No numbers are available in area code 999 — try a nearby one.");

        (await client.RepointAsync(bought.Value.Sid, hooks with { VoiceUrl = "https://y.example/webhook/voice/incoming" }, default)).Value!.VoiceUrl
            .ShouldBe("https://y.example/webhook/voice/incoming");
        (await client.RepointAsync("PN" + new string('0', 32), hooks, default)).Failure!.Kind.ShouldBe(NumberFailureKind.NotFound);
        (await client.ReleaseAsync(bought.Value.Sid, default)).Ok.ShouldBeTrue();
        (await client.SearchAsync("904", default)).Value!.Count.ShouldBe(20);

        var (wrong, sp2) = Client(url, "not-the-token");
        await using var __ = sp2;
        (await wrong.SearchAsync("904", default)).Failure!.Sentence.ShouldBe("The carrier refused our credentials (check Carrier__AccountSid/AuthToken).");
    }
}
