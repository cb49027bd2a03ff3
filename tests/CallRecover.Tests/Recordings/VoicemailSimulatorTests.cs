using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Recordings;

public sealed class VoicemailSimulatorTests
{
    [Theory, DatabaseData]
    public async Task TypedVoicemail_OnTheSimulator_BecomesAPricedQuoteTextedToTheCaller(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
        var b = await app.CreateBusinessAsync(i => i with { Vertical = "auto", Services = null, EstimatesEnabled = true, LaborRate = 100 });
        var client = app.CreateClient();
        const string caller = "+19045550188";

        (await client.GetStringAsync("/simulator")).ShouldContain("data-testid=\"vm-send\"");
        var bad = await client.PostAsJsonAsync("/simulator/api/voicemails", new { carrierNumber = b.CarrierNumber, from = "nope", text = "" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var left = await client.PostAsJsonAsync("/simulator/api/voicemails", new
        {
            carrierNumber = b.CarrierNumber, from = caller,
            text = "Hi this is Maria, my 2018 Honda Civic needs new brake pads, they are squealing. Call me back.",
        });
        left.StatusCode.ShouldBe(HttpStatusCode.Created);

        var texts = await Eventually.WaitAsync(
            async () => await client.GetFromJsonAsync<List<JsonElement>>($"/simulator/api/phones/{Uri.EscapeDataString(caller)}/messages") ?? [],
            l => l.Any(m => m.GetProperty("body").GetString()!.Contains("Reply YES to approve")), "the SMS quote");
        texts.Select(m => m.GetProperty("body").GetString()).ShouldContain(t => t!.Contains("Brake pads") && t.Contains("$270.00"));
    }
}
