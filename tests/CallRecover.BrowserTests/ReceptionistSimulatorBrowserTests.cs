using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>
/// "Talk to the receptionist" on /simulator at phone width: a ConversationRelay call started from the panel, two lines
/// typed as the caller, the receptionist's replies in the transcript. The business has the receptionist off; the
/// simulator's call asks for it.
/// </summary>
public sealed class ReceptionistSimulatorBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task ARelayCall_FromTheSimulator_TwoLinesSaid_RepliesShown_AtPhoneWidth()
    {
        var business = await fx.CreateBusinessAsync();
        await using var context = await fx.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/simulator");
        await Assertions.Expect(page.Locator($"#talk-business option[value='{business.CarrierNumber}']")).ToBeAttachedAsync();
        await page.SelectOptionAsync("#talk-business", business.CarrierNumber!);
        await page.FillAsync("#talk-caller", "+19045550189");
        await page.GetByLabel("ConversationRelay (one WebSocket)").CheckAsync();
        // Headless Chromium has no voices; speaking must not get in the way either way.
        await page.GetByLabel("Speak replies").UncheckAsync();
        await page.ClickAsync("#talk-start");

        var lines = page.Locator("#talk-lines [data-testid=talk-line]");
        await Assertions.Expect(lines.First).ToContainTextAsync($"Thanks for calling {business.Name}", Soon);
        await Assertions.Expect(page.Locator("#talk-status")).ToContainTextAsync("listening");
        (await page.Locator("#talk-silence").IsVisibleAsync()).ShouldBeFalse("silence means nothing on the relay");

        await page.GetByLabel("What the caller says").FillAsync("my AC is not cooling");
        await page.ClickAsync("#talk-say");
        await Assertions.Expect(page.Locator("#talk-lines [data-speaker=receptionist]").Nth(1)).ToContainTextAsync("How soon", Soon);
        await page.GetByLabel("What the caller says").FillAsync("it's urgent, today if you can");
        await page.PressAsync("#talk-text", "Enter");
        await Assertions.Expect(page.Locator("#talk-lines [data-speaker=caller]").Nth(1)).ToContainTextAsync("today if you can", Soon);
        await Assertions.Expect(page.Locator("#talk-lines [data-speaker=receptionist]")).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        (await page.Locator("#talk-lines").GetAttributeAsync("aria-live")).ShouldBe("polite");
        await Axe.CheckAsync(page, "simulator with a receptionist call");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(1, $"/simulator at 390 px scrolls sideways by {overflow} px");
        await BrowserApp.PageShotAsync(page, "simulator-receptionist");

        await page.ClickAsync("#talk-hangup");
        await Assertions.Expect(page.Locator("#talk-status")).ToContainTextAsync("ended", Soon);
        await Assertions.Expect(page.Locator("#talk-start")).ToBeEnabledAsync();
    }
}
