using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Reports;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Reports;

/// <summary>
/// "Recovered" counts the missed callers who engaged with the business, through the real webhooks and the built-in
/// engine: a caller whose only answer was STOP, "wrong number" or "not interested" was not recovered; one who asked for
/// something was, even when they opted out afterwards.
/// </summary>
public sealed class RecoveredTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero);

    [Theory, DatabaseData]
    public async Task Recovered_CountsCallersWhoEngaged_NotThoseWhoOnlyOptedOutOrSaidWrongNumberOrNotInterested(string provider)
    {
        var clock = new FakeClock(Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var b = await h.BusinessAsync();
        const string stop = "+14075550141", wrong = "+14075550142", request = "+14075550143", requestThenStop = "+14075550144",
            notInterested = "+14075550145";
        foreach (var phone in new[] { stop, wrong, request, requestThenStop, notInterested })
        {
            await h.MissedCallAsync(b, phone);
            await h.TextsToAsync(phone); // the greeting
        }

        async Task SayAsync(string phone, string body, int expectTexts)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            (await h.TextAsync(b, phone, body)).EnsureSuccessStatusCode();
            await h.TextsToAsync(phone, expectTexts);
        }
        await SayAsync(stop, "STOP", 2);
        await SayAsync(wrong, "sorry, wrong number", 2);
        await SayAsync(notInterested, "no thanks, not interested", 2);
        await SayAsync(request, "hey my furnace is making a loud banging noise when it kicks on", 2);
        await SayAsync(requestThenStop, "the ac upstairs stopped cooling", 2);
        await SayAsync(requestThenStop, "STOP", 3);
        await h.IdleAsync();

        // Today computed from the source tables, a fold of it, and the report the owner reads all agree.
        var builder = h.App.Service<DailyMetricsBuilder>();
        var today = b.LocalTime(clock.GetUtcNow()).Date;
        await using (var conn = await h.Db.OpenAsync())
        {
            var day = await builder.ComputeDayAsync(conn, b, today);
            (day.Missed, day.Recovered).ShouldBe((5, 2));
        }
        await builder.FoldAsync(b);
        await using (var conn = await h.Db.OpenAsync())
            (await h.App.Service<MetricsStore>().RangeAsync(conn, b.Id, "2026-03-03", "2026-03-03")).Single().Recovered.ShouldBe(2);

        var report = await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/reports?period=week");
        var recovered = report.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "recovered");
        recovered.GetProperty("value").GetDecimal().ShouldBe(2);
        recovered.GetProperty("definition").GetString()!.ShouldContain("opt");
        report.GetProperty("funnel").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "replied").GetProperty("count").GetInt32().ShouldBe(2);
    }
}
