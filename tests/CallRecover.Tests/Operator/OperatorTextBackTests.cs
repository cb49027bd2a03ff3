using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Operator;

/// <summary>The console's text-back p50 comes from the real path: a missed call's greeting, accepted by the carrier.</summary>
public sealed class OperatorTextBackTests
{
    [Theory, DatabaseData]
    public async Task AMissedCallsGreeting_CountsInTodaysTextBack_OnceTheCarrierTookIt(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        const string caller = "+19045550177";

        var incoming = await h.IncomingAsync(b, caller, "CAconsole1");
        await h.CompletedAsync(b, caller, "CAconsole1", incoming, "no-answer");
        await h.TextsToAsync(caller);
        await h.IdleAsync();

        var health = await h.App.OperatorClient().GetFromJsonAsync<JsonElement>("/api/admin/health");
        var row = health.GetProperty("businesses").EnumerateArray().Single(r => r.GetProperty("businessId").GetString() == b.Id);
        row.GetProperty("textBacksToday").GetInt32().ShouldBe(1);
        row.GetProperty("textBackP50Seconds").GetDouble().ShouldBeInRange(0, 60);
        row.GetProperty("lastInboundAt").ValueKind.ShouldBe(JsonValueKind.String);
    }
}
