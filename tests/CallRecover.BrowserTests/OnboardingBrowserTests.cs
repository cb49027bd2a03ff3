using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CallRecover.Notifications.Email;
using CallRecover.Onboarding;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>
/// Issue 20's journey, alone on a phone: sign up, confirm by the emailed link, go through the wizard (details, hours,
/// services, greeting with its live preview, buy a number on the simulator, forwarding codes), then a call from the
/// owner's phone arrives on the waiting page live, and "Done" opens the dashboard.
/// </summary>
public sealed partial class OnboardingBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 10_000 };

    [Fact]
    public async Task NewOwner_SignsUp_FinishesTheWizardOnAPhone_AndSeesTheirTestCallArrive()
    {
        await fx.App.Service<SignupService>().SetModeAsync(SignupModes.Open, "operator:test");
        const string email = "rosa@rosa-heating.example.com";
        await using var phone = await fx.NewContextAsync(390, 844);
        var page = await phone.NewPageAsync();

        await page.GotoAsync("/signup");
        await Axe.CheckAsync(page, "sign-up");
        await page.FillAsync("#ownerName", "Rosa Diaz");
        await page.FillAsync("#businessName", "Rosa Heating");
        await page.FillAsync("#email", email);
        await page.FillAsync("#phone", "(904) 555-0142");
        await page.ClickAsync("#signup-submit");
        await Assertions.Expect(page.Locator("#signup-sent")).ToBeVisibleAsync(Visible);

        var mail = (await Eventually.WaitAsync(
            async () => (await fx.App.Service<EmailOutbox>().RecentAsync(email)).Where(m => m.Purpose == "signup_link").ToList(),
            l => l.Count > 0, "the sign-up email"))[0];
        var token = Token().Match(mail.TextBody).Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        await page.GotoAsync($"/login/link?token={token}");
        await page.ClickAsync("#confirm-sign-in");
        await BrowserApp.WaitForLoadedAsync(page, fx.BaseUrl + "/onboarding");
        await BrowserApp.WaitForLiveAsync(page);

        // 1. Details
        await Assertions.Expect(page.Locator("#step-details")).ToBeVisibleAsync(Visible);
        await page.SelectOptionAsync("#ob-vertical", "hvac");
        await page.FillAsync("#ob-phone", "(904) 555-0143");
        await page.ClickAsync("#ob-next");
        // 2. Hours
        await Assertions.Expect(page.Locator("#step-hours")).ToBeVisibleAsync(Visible);
        await page.CheckAsync("#ob-saturday");
        await page.ClickAsync("#ob-next");
        // 3. Services: the vertical's usual ones are offered
        await Assertions.Expect(page.Locator("#step-services")).ToBeVisibleAsync(Visible);
        (await page.InputValueAsync("#ob-services")).ShouldContain("AC repair");
        await page.ClickAsync("#ob-next");
        // 4. Greeting, previewed by the real composer as it is typed
        await Assertions.Expect(page.Locator("#step-greeting")).ToBeVisibleAsync(Visible);
        await page.FillAsync("#ob-greeting", "Hi! Sorry we missed you. What can we fix for you today?");
        await Assertions.Expect(page.Locator("#ob-preview")).ToContainTextAsync("Rosa Heating: Hi! Sorry we missed you.", new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#ob-preview")).ToContainTextAsync("STOP");
        await Axe.CheckAsync(page, "onboarding greeting");
        await page.ClickAsync("#ob-next");

        // The wizard resumes where the owner was after a reload.
        await Assertions.Expect(page.Locator("#step-number")).ToBeVisibleAsync(Visible);
        await page.ReloadAsync();
        await BrowserApp.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator("#step-number")).ToBeVisibleAsync(Visible);

        // 5. Number: search, choose, buy on the simulator
        await page.FillAsync("#ob-area", "904");
        await page.ClickAsync("#ob-search");
        await Assertions.Expect(page.Locator("#ob-candidates")).ToBeVisibleAsync(Visible);
        await page.ClickAsync("#ob-buy");
        // 6. Forwarding codes with the bought number filled in
        await Assertions.Expect(page.Locator("#step-forwarding")).ToBeVisibleAsync(Visible);
        var business = (await fx.App.Service<BusinessStore>().ListAsync()).Single(b => b.OwnerEmail == email);
        business.CarrierNumber.ShouldNotBeNull();
        var digits = business.CarrierNumber[2..];
        await Assertions.Expect(page.Locator("#forwarding-codes tr[data-carrier='Verizon'] .fwd-code")).ToHaveTextAsync($"*71{digits}");
        await Assertions.Expect(page.Locator("#forwarding-codes tr[data-carrier='AT&T'] .fwd-code")).ToHaveTextAsync($"**004*1{digits}#");
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("the forwarding step fits a 390 px screen");
        // "Call me to test": the owner dials Verizon's code on their business line (the simulated network), then CallRecover
        // calls that line; nobody answers, the line forwards it, and it comes back to the new number.
        using var http = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        var dialed = await http.PostAsJsonAsync("/simulator/api/forwarding", new { line = business.BusinessPhone, code = $"*71{digits}" });
        dialed.IsSuccessStatusCode.ShouldBeTrue(await dialed.Content.ReadAsStringAsync());
        await page.ClickAsync("#fwd-test-call");
        await Assertions.Expect(page.Locator("#fwd-test-ok")).ToContainTextAsync("Forwarding works", new() { Timeout = 20_000 });
        await page.ClickAsync("#ob-next");

        // 7. The page waits for the first call; one from the owner's phone arrives live.
        await Assertions.Expect(page.Locator("#step-test_call")).ToBeVisibleAsync(Visible);
        var placed = await http.PostAsJsonAsync("/simulator/api/calls", new { carrierNumber = business.CarrierNumber, from = "+19045550142", outcome = "missed" });
        placed.IsSuccessStatusCode.ShouldBeTrue(await placed.Content.ReadAsStringAsync());
        await Assertions.Expect(page.Locator("#ob-call-arrived")).ToContainTextAsync("(904) 555-0142", new() { Timeout = 15_000 });
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("the test-call step fits a 390 px screen");
        await page.ClickAsync("#ob-done");
        await BrowserApp.WaitForLoadedAsync(page, fx.BaseUrl + "/");
    }

    [GeneratedRegex(@"token=([A-Za-z0-9_\-]+)")]
    private static partial Regex Token();
}
