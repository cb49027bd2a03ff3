using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Conversations;

/// <summary>The default run: the simulator carrier and the built-in engine, driven the way a person uses /simulator.</summary>
public sealed class SimulatorConversationTests
{
    private const string Caller = "+19045550161";

    private static async Task<List<JsonElement>> OutboundAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<List<JsonElement>>($"/simulator/api/phones/{Uri.EscapeDataString(Caller)}/messages"))!
            .Where(m => m.GetProperty("direction").GetString() != "inbound")];

    [Theory, DatabaseData]
    public async Task DefaultRun_CarriesAMissedCallerToAQualifiedLead_InTheSimulator(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
        var b = await app.CreateBusinessAsync(i => i with { Vertical = "auto", Services = null });
        var client = app.CreateClient();

        (await client.PostAsJsonAsync("/simulator/api/calls", new { carrierNumber = b.CarrierNumber, from = Caller, outcome = "missed" })).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(() => OutboundAsync(client), l => l.Count == 1, "the greeting");

        string[] texts = ["hey my brakes are squealing pretty bad", "this week would be great", "Tony", "4410 Lakeshore Dr", "wednesday after 5"];
        for (var i = 0; i < texts.Length; i++)
        {
            (await client.PostAsJsonAsync("/simulator/api/texts", new { carrierNumber = b.CarrierNumber, from = Caller, body = texts[i] })).EnsureSuccessStatusCode();
            await Eventually.WaitAsync(() => OutboundAsync(client), l => l.Count >= i + 2, $"the answer to text {i + 1}");
        }

        // The engine's last answer, then booking's offer of open times (issue 5).
        var answers = await Eventually.WaitAsync(async () => (await OutboundAsync(client)).Select(m => m.GetProperty("body").GetString()!).ToList(),
            l => l.Count == texts.Length + 2, "the engine's last answer and the booking offer");
        answers[^2].ShouldContain("everything I need");
        answers[^1].ShouldStartWith("Tony, we can come out: 1) ");
        var lead = (await app.Service<LeadStore>().ListAsync(b.Id)).Single();
        lead.Status.ShouldBe(LeadStatuses.Qualified);
        lead.ServiceNeeded.ShouldBe("Brake pads");
        lead.Name.ShouldBe("Tony");
        lead.Address.ShouldBe("4410 Lakeshore Dr");
        lead.PreferredTime.ShouldBe("wednesday after 5pm");
    }
}
