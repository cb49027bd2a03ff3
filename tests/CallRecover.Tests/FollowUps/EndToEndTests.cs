using System.Net;
using CallRecover.Conversations;
using CallRecover.Leads;
using CallRecover.Tests.Conversations;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.FollowUps;

/// <summary>
/// The default run end to end through the real carrier webhooks and a fake carrier on loopback: a missed call,
/// the greeting, the caller's replies through /webhook/sms/incoming, the engine's answers in order, a qualified
/// lead, follow-ups when the caller goes quiet; and the same against the fake OpenAI server.
/// </summary>
public sealed class EndToEndTests
{
    private const string Caller = "+14075550123";
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero);

    private static async Task<string> SayAsync(TelephonyHarness h, CallRecover.Tenancy.Business b, string text, int expectTexts, FakeClock clock)
    {
        clock.Advance(TimeSpan.FromMinutes(1));
        (await h.TextAsync(b, Caller, text)).EnsureSuccessStatusCode();
        return (await h.TextsToAsync(Caller, expectTexts))[expectTexts - 1].Body;
    }

    [Theory, DatabaseData]
    public async Task MissedCall_ToQualifiedLead_ThroughTheWebhooks_WithTheBuiltInEngine_AndAFollowUpWhenQuiet(string provider)
    {
        var clock = new FakeClock(Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var b = await h.BusinessAsync();

        await h.MissedCallAsync(b, Caller);
        (await h.TextsToAsync(Caller)).Single().Body.ShouldContain(b.Name);

        (await SayAsync(h, b, "hey my furnace is making a loud banging noise when it kicks on", 2, clock)).ShouldContain("How soon");
        (await SayAsync(h, b, "this week if possible", 3, clock)).ShouldContain("name");
        (await SayAsync(h, b, "Tasha Green", 4, clock)).ShouldStartWith("Thanks, Tasha!");
        (await SayAsync(h, b, "3318 Willow Creek Dr, Orlando FL 32801", 5, clock)).ShouldContain("good time");
        (await SayAsync(h, b, "thursday morning", 6, clock)).ShouldContain("everything I need");

        var lead = (await h.App.Service<LeadStore>().ListAsync(b.Id)).Single();
        lead.Status.ShouldBe(LeadStatuses.Qualified);
        lead.ServiceNeeded.ShouldBe("Furnace repair");
        lead.Name.ShouldBe("Tasha Green");
        lead.Address.ShouldBe("3318 Willow Creek Dr, Orlando, FL 32801");
        lead.PreferredTime.ShouldBe("thursday morning");
        // The owner heard about the qualified lead by text too.
        (await h.TextsToAsync(b.OwnerPhone, 2)).ShouldContain(t => t.Body.Contains("Tasha Green"));

        // Booking offers times for Thursday morning right after the engine's last answer.
        (await h.TextsToAsync(Caller, 7))[6].Body.ShouldStartWith("Tasha, we can come out: 1) Thu Mar 5, 8–9am");

        // Quiet for two hours after that offer: follow-up #1 goes out through the carrier.
        clock.Advance(TimeSpan.FromHours(2).Add(TimeSpan.FromMinutes(1)));
        (await h.TextsToAsync(Caller, 8))[7].Body.ShouldStartWith("Just checking in");
    }

    [Theory, DatabaseData]
    public async Task TwoTextsTogether_GetOneReplyEach_InOrder_ThroughTheWebhooks(string provider)
    {
        var clock = new FakeClock(Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var b = await h.BusinessAsync();
        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);

        clock.Advance(TimeSpan.FromMinutes(1));
        (await h.TextAsync(b, Caller, "the ac upstairs stopped cooling")).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromSeconds(1));
        (await h.TextAsync(b, Caller, "im Omar btw")).EnsureSuccessStatusCode();

        var texts = await h.TextsToAsync(Caller, 3);
        texts[1].Body.ShouldContain("How soon");
        texts[2].Body.ShouldContain("Omar");
        await Task.Delay(300);
        h.Carrier.To(Caller).Count.ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task Takeover_StopsTheAi_AndTheOwnerIsTextedInstead(string provider)
    {
        var clock = new FakeClock(Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var b = await h.BusinessAsync();
        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);
        var conversation = (await h.App.Service<ConversationStore>().ListAsync(b.Id)).Single();

        (await h.App.OperatorClient().PostAsync($"/api/admin/businesses/{b.Id}/conversations/{conversation.Id}/takeover", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.TextAsync(b, Caller, "hello is anyone there? my ac is out")).EnsureSuccessStatusCode();

        await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(b.OwnerPhone).Any(t => t.Body.Contains("my ac is out"))), "the owner texted about the new message");
        await Task.Delay(300);
        h.Carrier.To(Caller).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task MissedCall_ToQualifiedLead_ThroughTheWebhooks_WithTheFakeOpenAiModel(string provider)
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        object[] script =
        [
            new { reply = "Sorry about that! How soon do you need someone?", service_needed = "Drain cleaning" },
            new { reply = "Got it. What name should I put this under?", urgency = "soon" },
            new { reply = "Thanks, Heather! What's the address?", name = "Heather Mills" },
            new { reply = "When's a good time for us to come out?", address = "2425 Maple Grove Ln" },
            new { reply = "Thanks! Someone will confirm shortly.", preferred_time = "today after 4pm" },
        ];
        model.Respond = (n, _, ctx) => FakeOpenAiServer.ToolCall(ctx, script[n]);
        var clock = new FakeClock(Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Ai:Provider"] = "openai", ["Ai:BaseUrl"] = model.BaseUrl, ["Ai:ApiKey"] = "sk-test",
        });
        var b = await h.BusinessAsync(i => i with { Vertical = "plumbing", Services = null });
        await h.MissedCallAsync(b, Caller);
        await h.TextsToAsync(Caller);

        var texts = new[] { "kitchen sink is clogged", "today if possible", "Heather Mills", "2425 Maple Grove Ln", "after 4" };
        for (var i = 0; i < texts.Length; i++)
            (await SayAsync(h, b, texts[i], i + 2, clock)).ShouldBe((string)script[i].GetType().GetProperty("reply")!.GetValue(script[i])!);

        var lead = (await h.App.Service<LeadStore>().ListAsync(b.Id)).Single();
        lead.Status.ShouldBe(LeadStatuses.Qualified);
        lead.Address.ShouldBe("2425 Maple Grove Ln");
        model.Requests.Count.ShouldBe(5);
    }
}
