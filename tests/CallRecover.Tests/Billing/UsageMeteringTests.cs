using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Billing;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Billing;

/// <summary>Usage metered per business per month: the stored counts are those of the stored messages and calls, however often webhooks and roll-ups repeat.</summary>
public sealed class UsageMeteringTests
{
    private const string Caller = "+19045550142";

    [Theory, DatabaseData]
    public async Task Usage_MatchesTheStoredMessagesAndCalls_AndRetriedWebhooksOrRollupsDoNotDoubleCount(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var a = await h.BusinessAsync();
        var b = await h.BusinessAsync();

        // A missed call delivered three times, a text the carrier retries, a second caller: each stored once.
        for (var i = 0; i < 3; i++) await h.MissedCallAsync(a, Caller, "CAmeter1");
        for (var i = 0; i < 2; i++) await h.TextAsync(a, Caller, "Do you fix heat pumps?", sid: "SMmeter1");
        await h.MissedCallAsync(b, "+19045550143", "CAmeter2");
        await h.IdleAsync();

        var task = h.App.Service<UsageRollupTask>();
        await task.RunAsync(CancellationToken.None);
        await task.RunAsync(CancellationToken.None);
        var month = h.App.Service<TimeProvider>().GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        foreach (var biz in new[] { a, b })
        {
            var stored = (await h.App.Service<UsageStore>().GetAsync(biz.Id, month))!;
            var outbound = await h.QueryAsync<string>(
                "SELECT body FROM messages WHERE business_id = @Id AND direction = 'outbound' AND carrier_sid IS NOT NULL", biz);
            stored.Texts.ShouldBe(outbound.Count);
            stored.Segments.ShouldBe(outbound.Sum(SmsSegments.Count));
            stored.InboundTexts.ShouldBe(await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'inbound'", biz));
            stored.CallMinutes.ShouldBe(await h.ScalarAsync<int>(
                "SELECT COALESCE(SUM((duration_seconds + 59) / 60), 0) FROM calls WHERE business_id = @Id AND duration_seconds > 0", biz));
            stored.TranscriptionMinutes.ShouldBe(0);
        }
        var ua = (await h.App.Service<UsageStore>().GetAsync(a.Id, month))!;
        ua.InboundTexts.ShouldBe(1);
        ua.Texts.ShouldBeGreaterThan(0);
        (await h.CountAsync("calls", a.Id)).ShouldBe(1);

        // The operator's report shows the same figures with the plan's allowance.
        var usage = await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"/api/admin/usage?month={month}");
        var row = usage.GetProperty("businesses").EnumerateArray().Single(r => r.GetProperty("businessId").GetString() == a.Id);
        row.GetProperty("segments").GetInt32().ShouldBe(ua.Segments);
        row.GetProperty("plan").GetString().ShouldBe("starter");
        row.GetProperty("includedSegments").GetInt32().ShouldBe(1_000);
        row.GetProperty("overSegments").GetInt32().ShouldBe(0);

        // One business's own figures (the owner's Plan & billing section) are read for that business alone.
        h.App.Service<UsageReport>().TryMonth(month, out var from).ShouldBeTrue();
        foreach (var biz in new[] { a, b })
        {
            var own = await h.App.Service<UsageReport>().ComputeAsync(from, businessId: biz.Id);
            var stored = (await h.App.Service<UsageStore>().GetAsync(biz.Id, month))!;
            own.Businesses.ShouldHaveSingleItem().BusinessId.ShouldBe(biz.Id);
            (own.Totals.TextsSent, own.Totals.Segments, own.Totals.InboundTexts, own.Totals.CallMinutes)
                .ShouldBe((stored.Texts, stored.Segments, stored.InboundTexts, stored.CallMinutes));
        }
    }
}
