using System.Net;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Telephony;

/// <summary>Webhook idempotency is per business: one business's receipt never answers another business's webhook.</summary>
public sealed class WebhookTenancyTests
{
    private const string Caller = "+19045550142";

    [Theory, DatabaseData]
    public async Task TheSameCallSid_ToTwoBusinesses_GetsEachItsOwnTwiml_AndItsOwnCallRow(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var first = await h.BusinessAsync();
        var second = await h.BusinessAsync();
        var sid = "CA" + Guid.NewGuid().ToString("N");

        var firstTwiml = await h.IncomingAsync(first, Caller, sid);
        var secondTwiml = await h.IncomingAsync(second, Caller, sid);

        firstTwiml.ShouldContain(first.BusinessPhone);
        secondTwiml.ShouldContain(second.BusinessPhone);
        secondTwiml.ShouldNotContain(first.BusinessPhone);
        (await h.CountAsync("calls", first.Id)).ShouldBe(1);
        (await h.CountAsync("calls", second.Id)).ShouldBe(1);
        var secondCall = await h.ScalarAsync<string>("SELECT id FROM calls WHERE business_id = @id AND call_sid = @sid", new { id = second.Id, sid });
        secondTwiml.ShouldContain(secondCall);

        // A carrier retry to either business still gets that business's first answer, and nothing new.
        (await h.IncomingAsync(first, Caller, sid)).ShouldBe(firstTwiml);
        (await h.IncomingAsync(second, Caller, sid)).ShouldBe(secondTwiml);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM calls")).ShouldBe(2);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts WHERE endpoint = 'voice/incoming'")).ShouldBe(2);

        // The dial result for the second business's call misses that call only.
        var completed = await h.CompletedAsync(second, Caller, sid, secondTwiml, "no-answer");
        completed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE business_id = @id", new { id = second.Id })).ShouldBe("missed");
        (await h.ScalarAsync<string>("SELECT status FROM calls WHERE business_id = @id", new { id = first.Id })).ShouldBe("ringing");
    }
}
