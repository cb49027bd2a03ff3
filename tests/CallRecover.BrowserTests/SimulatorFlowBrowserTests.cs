using System.Text.RegularExpressions;
using CallRecover.Conversations;
using CallRecover.Leads;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>
/// The whole product in a browser, as a new owner meets it: a missed call placed on /simulator becomes a live
/// conversation on the dashboard, the AI answers the caller, the owner takes over and replies to the simulated
/// phone, hands back to the AI, and the lead ends up qualified — all without reloading a page.
/// </summary>
public sealed class SimulatorFlowBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 10_000 };

    [Fact]
    public async Task MissedCallOnTheSimulator_BecomesALiveConversation_TakeoverReachesThePhone_AndTheLeadQualifies()
    {
        var business = await fx.CreateBusinessAsync();
        const string caller = "+19045550188";
        await using var owner = await fx.NewContextAsync();
        var overview = await fx.SignInAsync(owner, business.OwnerEmail);
        var inbox = await owner.NewPageAsync();
        await inbox.GotoAsync("/conversations");
        await Task.WhenAll(BrowserApp.WaitForLiveAsync(overview), BrowserApp.WaitForLiveAsync(inbox));
        await overview.EvaluateAsync("window.__sameDocument = true");

        // The caller's side: the simulator page (no sign-in), as a separate browser.
        await using var callerContext = await fx.NewContextAsync(1280, 800);
        var sim = await callerContext.NewPageAsync();
        await sim.GotoAsync("/simulator");
        await Assertions.Expect(sim.Locator($"#business option[value='{business.CarrierNumber}']")).ToBeAttachedAsync();
        await sim.SelectOptionAsync("#business", business.CarrierNumber!);
        await sim.FillAsync("#caller-phone", caller);
        await sim.Locator("#caller-phone").DispatchEventAsync("change");
        await sim.ClickAsync("#call-missed");
        await Assertions.Expect(sim.Locator("#call-result")).ToContainTextAsync("ended", new() { Timeout = 10_000 });

        // Live on the overview and in the inbox, no reload.
        await Assertions.Expect(overview.Locator("#stats-today [data-stat=missed]")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Assertions.Expect(overview.Locator("#activity")).ToContainTextAsync("Missed call from (904) 555-0188", new() { Timeout = 10_000 });
        (await overview.EvaluateAsync<bool>("window.__sameDocument === true")).ShouldBeTrue("the overview updated without a reload");
        var item = inbox.Locator($".conversation-item[data-phone='{caller}']");
        await Assertions.Expect(item).ToBeVisibleAsync(Visible);
        var conversationId = await item.GetAttributeAsync("data-id");

        // The greeting reached the caller's phone.
        await Assertions.Expect(sim.Locator("#phone-messages [data-testid=phone-received]").First).ToBeVisibleAsync(Visible);

        // The caller replies; the thread shows it and the AI's answer live.
        var thread = await owner.NewPageAsync();
        await thread.GotoAsync($"/conversations/{conversationId}");
        await BrowserApp.WaitForLiveAsync(thread);
        var aiBefore = await thread.Locator(".bubble.ai").CountAsync();
        await SimTextAsync(sim, "My AC stopped blowing cold air");
        await Assertions.Expect(thread.Locator(".bubble.caller").Last).ToContainTextAsync("My AC stopped blowing cold air", new() { Timeout = 5_000 });
        await WaitForMoreAsync(thread.Locator(".bubble.ai"), aiBefore);

        // The owner takes over and texts; the text arrives at the simulated phone.
        await thread.ClickAsync("#take-over");
        await Assertions.Expect(thread.Locator("#thread-status")).ToHaveAttributeAsync("data-status", "human_active");
        await thread.FillAsync("#reply-text", "Hi, this is Olive from the shop. We can help today.");
        await thread.ClickAsync("#send-reply");
        await Assertions.Expect(thread.Locator(".bubble.human")).ToContainTextAsync("We can help today.", new() { Timeout = 5_000 });
        await Assertions.Expect(sim.Locator("#phone-messages [data-testid=phone-received]", new() { HasText = "We can help today." })).ToBeVisibleAsync(Visible);

        // While a person has it, the AI stays quiet.
        var aiWhileHuman = await thread.Locator(".bubble.ai").CountAsync();
        await SimTextAsync(sim, "Great, thanks");
        await Assertions.Expect(thread.Locator(".bubble.caller").Last).ToContainTextAsync("Great, thanks", new() { Timeout = 5_000 });

        // Back to the AI, which carries on qualifying until the lead is qualified.
        await thread.ClickAsync("#return-to-ai");
        await Assertions.Expect(thread.Locator("#thread-status")).ToHaveAttributeAsync("data-status", "active");
        (await thread.Locator(".bubble.ai").CountAsync()).ShouldBe(aiWhileHuman, "no AI text went out while the owner had the conversation");
        // Answer whatever the AI asks, like a caller would, until the lead is qualified.
        for (var turn = 0; turn < 8 && await thread.Locator("#lead-fields [data-field=status]").InnerTextAsync() != "Qualified"; turn++)
        {
            var last = (await thread.Locator(".bubble.ai .body").Last.InnerTextAsync()).ToLowerInvariant();
            // Only the sentence with the question counts ("Thanks, got the address. What name ...?").
            var question = last.Split('.', '!').LastOrDefault(p => p.Contains('?', StringComparison.Ordinal)) ?? last;
            var answer = question switch
            {
                _ when question.Contains("address", StringComparison.Ordinal) => "12 Oak St, Jacksonville FL 32207",
                _ when question.Contains("name", StringComparison.Ordinal) => "My name is Sam Carter",
                _ when question.Contains("urgent", StringComparison.Ordinal) || question.Contains("how soon", StringComparison.Ordinal) => "It can wait a couple of days",
                _ when question.Contains("when", StringComparison.Ordinal) || question.Contains("time", StringComparison.Ordinal) => "Tomorrow morning",
                _ => "AC repair",
            };
            var before = await thread.Locator(".bubble.ai").CountAsync();
            await SimTextAsync(sim, answer);
            try { await WaitForMoreAsync(thread.Locator(".bubble.ai"), before); }
            catch (PlaywrightException)
            {
                TestContext.Current.TestOutputHelper!.WriteLine("THREAD " + await thread.Locator("#thread").InnerTextAsync());
                throw;
            }
        }
        await Assertions.Expect(thread.Locator("#lead-fields [data-field=status]")).ToHaveTextAsync("Qualified", new() { Timeout = 10_000 });
        await Assertions.Expect(thread.Locator("#lead-fields [data-field=name]")).ToContainTextAsync("Sam Carter");
        await Assertions.Expect(overview.Locator("#stats-today [data-stat=qualified]")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Assertions.Expect(overview.Locator("#stats-today [data-stat=recovered]")).ToHaveTextAsync("1");
        (await fx.App.Service<LeadStore>().ListAsync(business.Id, LeadStatuses.Qualified)).Single().Phone.ShouldBe(caller);
        (await fx.App.Service<ConversationStore>().GetAsync(business.Id, conversationId!))!.Status.ShouldBe(ConversationStatuses.Active);
        await BrowserApp.ScreenshotAsync(thread, "simulator-flow-thread-390");
        await BrowserApp.ScreenshotAsync(overview, "simulator-flow-overview-390");
    }

    private static async Task SimTextAsync(IPage sim, string body)
    {
        await sim.FillAsync("#sms-body", body);
        await sim.ClickAsync("#send-text");
        await Assertions.Expect(sim.Locator("#sms-body")).ToHaveValueAsync("", new() { Timeout = 5_000 });
    }

    private static async Task WaitForMoreAsync(ILocator bubbles, int than) =>
        await Assertions.Expect(bubbles).ToHaveCountAsync(than + 1, new() { Timeout = 10_000 });
}
