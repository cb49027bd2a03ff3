using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Compliance;
using CallRecover.Onboarding;
using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Onboarding;

/// <summary>
/// "Call me to test" (issue 20): CallRecover calls the owner's business line through the carrier's <c>Calls.json</c>; when
/// the line forwards unanswered calls, the call comes back to the CallRecover number, where it is stored and shown — and,
/// coming from our own number, is no lead and gets no text. On the simulator, the owner dials the forwarding code on
/// the simulated line.
/// </summary>
public sealed class ForwardingTestTests
{
    private const string Token = "simulator-token-0123456789";

    private static Dictionary<string, string?> Simulator => new() { ["Carrier:Provider"] = "simulator", ["Carrier:AuthToken"] = Token };

    [Theory, DatabaseData]
    public async Task WithForwardingDialed_TheTestCallComesBack_IsStored_AndIsNoLeadAndGetsNoText(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: Simulator);
        var forwarded = await app.CreateBusinessAsync();
        var notForwarded = await app.CreateBusinessAsync();
        var client = app.CreateClient();
        var onboarding = app.Service<OnboardingService>();

        // The owner dials Verizon's code on their business line, with the CallRecover number's 10 digits.
        var dialed = await client.PostAsJsonAsync("/simulator/api/forwarding", new { line = forwarded.BusinessPhone, code = "*71" + forwarded.CarrierNumber![2..] });
        dialed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dialed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("forwardsTo").GetString().ShouldBe(forwarded.CarrierNumber);

        var (startedAt, problem) = await onboarding.StartForwardingTestAsync(forwarded.Id, "user:test");
        problem.ShouldBeNull();
        var (otherStarted, otherProblem) = await onboarding.StartForwardingTestAsync(notForwarded.Id, "user:test");
        otherProblem.ShouldBeNull();

        var back = await Eventually.WaitAsync(() => onboarding.ForwardingTestArrivedAsync(forwarded.Id, forwarded.CarrierNumber, startedAt!.Value), c => c is not null, "the test call back");
        back!.CallerPhone.ShouldBe(forwarded.CarrierNumber);
        await using var conn = await db.Db.OpenAsync();
        // The call is stored like any call; it is no lead, and nothing is texted to our own number.
        (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM leads WHERE business_id = @Id", forwarded)).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'outbound' AND status NOT IN ('blocked')", forwarded))
            .ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE business_id = @Id AND action = 'forwarding_test'", forwarded)).ShouldBe(1);
        // The line without forwarding let the call ring out: nothing came back (the forwarded one took the same time).
        (await onboarding.ForwardingTestArrivedAsync(notForwarded.Id, notForwarded.CarrierNumber!, otherStarted!.Value)).ShouldBeNull();
        (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM calls WHERE business_id = @Id", notForwarded)).ShouldBe(0);

        // One test a minute per business (each rings the owner's line); undoing the code stops the forwarding.
        (await onboarding.StartForwardingTestAsync(forwarded.Id, "user:test")).Problem!.ShouldContain("less than a minute ago");
        var undone = await client.PostAsJsonAsync("/simulator/api/forwarding", new { line = forwarded.BusinessPhone, code = "*73" });
        (await undone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("forwardsTo").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory, DatabaseData]
    public async Task TheRestClient_PlacesTheCall_ThroughTheSimulatorsCallsJson_AndGsmCodesForwardToo(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: Simulator);
        var url = app.StartKestrel();
        var business = await app.CreateBusinessAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        // AT&T / T-Mobile: the GSM code for all conditional forwarding, with a 1 before the 10 digits.
        (await http.PostAsJsonAsync("/simulator/api/forwarding", new { line = business.BusinessPhone, code = $"**004*1{business.CarrierNumber![2..]}#" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var o = new CarrierOptions { Provider = CarrierOptions.Twilio, BaseUrl = url + "/simulator", AccountSid = "ACsimulator", AuthToken = Token };
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSingleton(Options.Create(o));
        TwilioCompatibleClient.AddHttpClient(services);
        await using var sp = services.BuildServiceProvider();
        var rest = new TwilioCompatibleNumbers(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<CarrierOptions>>());

        var placed = await rest.CallAsync(business.CarrierNumber, business.BusinessPhone, Twiml.Say(OnboardingService.TestCallWords), default);
        placed.Ok.ShouldBeTrue(placed.Failure?.Sentence);
        placed.Value!.ShouldStartWith("CA");
        await Eventually.WaitAsync(async () =>
        {
            await using var conn = await db.Db.OpenAsync();
            return await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM calls WHERE business_id = @Id AND caller_phone = @CarrierNumber", business);
        }, n => n == 1, "the forwarded call");

        // A From that is not ours, and a To that is no phone number, are refused as the carrier refuses them.
        (await rest.CallAsync("+19045559999", business.BusinessPhone, "<Response/>", default)).Failure!.Code.ShouldBe("21210");
        (await rest.CallAsync(business.CarrierNumber, "not a number", "<Response/>", default)).Failure!.Code.ShouldBe("21211");
    }

    [Theory, DatabaseData]
    public async Task BadForwardingInput_IsRefusedNamingTheField_AndABusinessWithoutANumberCannotTest(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: Simulator);
        var client = app.CreateClient();
        async Task<string> FieldOf(object body)
        {
            var r = await client.PostAsJsonAsync("/simulator/api/forwarding", body);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            return string.Join(",", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }
        (await FieldOf(new { line = "nope", code = "*71" })).ShouldBe("line");
        (await FieldOf(new { line = "+19045550101", code = "" })).ShouldBe("code");
        (await FieldOf(new { line = "+19045550101", code = "*69" })).ShouldBe("code");

        var b = await app.CreateBusinessAsync(i => i with { CarrierNumber = null });
        (await app.Service<OnboardingService>().StartForwardingTestAsync(b.Id, "user:test")).Problem.ShouldBe("Choose your CallRecover number first.");
        TextingPolicy.Rules.Select(r => r.Name).ShouldContain("own_number");
    }
}
