using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Simulator;

/// <summary>The simulated phone shows message times in the business's time zone, not UTC.</summary>
public sealed class SimulatorLocalTimeTests
{
    [Theory, DatabaseData]
    public async Task PhoneMessages_CarryTheBusinessZone_AndTheLocalTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 2, 19, 5, 0, TimeSpan.Zero));
        await using var app = new AppFactory(db, clock, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
        var b = await app.CreateBusinessAsync(i => i with { TimeZone = "America/Chicago" });
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/simulator/api/texts", new { carrierNumber = b.CarrierNumber, from = "+19045550142", body = "Is anyone there?" })).EnsureSuccessStatusCode();

        var messages = (await client.GetFromJsonAsync<List<JsonElement>>("/simulator/api/phones/%2B19045550142/messages"))!;
        var inbound = messages.First(m => m.GetProperty("direction").GetString() == "inbound");
        inbound.GetProperty("timeZone").GetString().ShouldBe("America/Chicago");
        inbound.GetProperty("localTime").GetString().ShouldBe("1:05 PM", "19:05 UTC is 1:05 PM in Chicago in March (CST)");
        (await client.GetStringAsync("/simulator")).ShouldContain("m.localTime");
    }
}
