using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Telephony;

/// <summary>A busy line is reported as busy, not as "nobody answered" (owner notice and the calls page label).</summary>
public sealed class DialOutcomeTests
{
    [Theory, DatabaseData]
    public async Task BusyLine_IsToldAsBusy_AndNoAnswerAsNobodyAnswered(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        var busyTwiml = await h.IncomingAsync(b, "+19045550142", "CAbusy1");
        (await h.CompletedAsync(b, "+19045550142", "CAbusy1", busyTwiml, "busy")).EnsureSuccessStatusCode();
        var quietTwiml = await h.IncomingAsync(b, "+19045550143", "CAquiet1");
        (await h.CompletedAsync(b, "+19045550143", "CAquiet1", quietTwiml, "no-answer")).EnsureSuccessStatusCode();

        var bodies = await h.QueryAsync<string>("SELECT body FROM notifications WHERE business_id = @Id AND event = 'missed_call' ORDER BY body", b);
        bodies.Count().ShouldBe(2);
        bodies.ShouldContain(x => x.StartsWith("(904) 555-0142 called and the line was busy.", StringComparison.Ordinal));
        bodies.ShouldContain(x => x.StartsWith("(904) 555-0143 called and nobody answered.", StringComparison.Ordinal));
        (await h.ScalarAsync<string>("SELECT dial_status FROM calls WHERE call_sid = 'CAbusy1'")).ShouldBe("busy");
    }

    [Fact]
    public void CallsPageLabel_FollowsTheDialStatus()
    {
        DialOutcomes.Label(new Call { Status = CallStatuses.Missed, DialStatus = "busy" }).ShouldBe("Line was busy");
        DialOutcomes.Label(new Call { Status = CallStatuses.Missed, DialStatus = "no-answer" }).ShouldBe("Nobody answered");
        DialOutcomes.Label(new Call { Status = CallStatuses.Missed, DialStatus = "failed" }).ShouldBe("Could not connect");
        DialOutcomes.Label(new Call { Status = CallStatuses.Answered, DialStatus = "completed" }).ShouldBe("Answered");
        DialOutcomes.Label(new Call { Status = CallStatuses.Voicemail, DialStatus = "no-answer" }).ShouldBe("Voicemail");
    }
}
