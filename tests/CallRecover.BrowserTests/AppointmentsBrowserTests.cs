using System.Globalization;
using CallRecover.Booking;
using CallRecover.Conversations;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>The Appointments page in a real browser: live week and list, confirm, move by form and by drag, cancel with its confirm step.</summary>
public sealed class AppointmentsBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 5000 };

    [Theory]
    [InlineData(390, 844, "+19045550150")]
    [InlineData(1280, 900, "+19045550151")]
    public async Task VisitBookedOnTheLeadPage_AppearsLiveInTheWeek_IsConfirmedMovedAndCancelledWithATextToTheCustomer(int width, int height, string phone)
    {
        var business = await fx.CreateBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, phone);
        // Tomorrow: always in the future, and its week is the one the page is opened on.
        var day = business.LocalTime(fx.App.Service<TimeProvider>().GetUtcNow()).Date.PlusDays(1);
        var iso = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var context = await fx.NewContextAsync(width, height);
        var week = await fx.SignInAsync(context, business.OwnerEmail);
        await week.GotoAsync($"/appointments?view=week&week={iso}");
        await BrowserApp.WaitForLiveAsync(week);
        await Assertions.Expect(week.Locator(".appt")).ToHaveCountAsync(0);
        await Axe.CheckAsync(week, "appointments week (empty)");

        var lead = await context.NewPageAsync();
        await lead.GotoAsync($"/leads/{thread.LeadId}");
        await lead.FillAsync("#book-date", iso);
        await lead.FillAsync("#book-time", "12:00");
        await lead.FillAsync("#book-notes", "Dog in the yard");
        await lead.ClickAsync("#book-visit");
        await lead.Locator("#book-saved").WaitForAsync();
        await Assertions.Expect(lead.Locator("#appointment-board .appt")).ToHaveCountAsync(1);
        await Assertions.Expect(lead.Locator("#appointment-board [data-manage]")).ToBeVisibleAsync();

        var visit = week.Locator(".appt");
        await Assertions.Expect(visit).ToHaveCountAsync(1, new() { Timeout = 5000 });
        await Assertions.Expect(visit).ToContainTextAsync("Dog in the yard");
        var id = (await visit.GetAttributeAsync("id"))!["appt-".Length..];
        await week.EvaluateAsync("window.__sameDocument = true");
        await visit.Locator("[data-move=confirmed]").ClickAsync();
        await Assertions.Expect(visit).ToHaveAttributeAsync("data-status", "confirmed", Soon);
        await Axe.CheckAsync(week, "appointments week");
        await BrowserApp.PageShotAsync(week, "appointments");

        // Move by the form (keyboard and phone friendly): 2 pm the same day, with a text about the new time.
        await visit.Locator("[data-action=move]").ClickAsync();
        await Assertions.Expect(week.Locator($"#move-date-{id}")).ToBeFocusedAsync();
        await Assertions.Expect(week.Locator($"#move-notify-{id}")).ToBeCheckedAsync();
        await Axe.CheckAsync(week, "appointments move form");
        await week.FillAsync($"#move-time-{id}", "14:00");
        await week.ClickAsync("#move-save");
        await Assertions.Expect(week.Locator("#appointment-notice")).ToContainTextAsync("Moved", new() { Timeout = 5000 });
        await Assertions.Expect(week.Locator($"#appt-{id} .appt-time")).ToHaveTextAsync("2–3pm", new() { Timeout = 5000 });

        if (width >= 1000)
        {
            // On a desktop: drag it to 10 am in the week's grid.
            await week.Locator($"#appt-{id}").DragToAsync(week.Locator($"[data-slot='{iso}T10']"));
            await Assertions.Expect(week.Locator($"[data-slot='{iso}T10'] #appt-{id}")).ToBeVisibleAsync(new() { Timeout = 5000 });
            await Assertions.Expect(week.Locator($"#appt-{id} .appt-time")).ToHaveTextAsync("10–11am");
        }

        // Cancel: an inline step that says the customer will be texted, reachable by keyboard; then the text goes.
        await week.Locator($"#appt-{id} [data-action=cancel]").ClickAsync();
        await Assertions.Expect(week.Locator("#cancel-question")).ToContainTextAsync($"We'll text {CallRecover.Common.Phone.Display(phone)} that the visit is cancelled.");
        await Assertions.Expect(week.Locator("#cancel-confirm")).ToBeFocusedAsync();
        await Axe.CheckAsync(week, "appointments cancel step");
        await week.Keyboard.PressAsync("Enter");
        await Assertions.Expect(week.Locator($"#appt-{id}")).ToHaveAttributeAsync("data-status", "cancelled", Soon);
        (await week.EvaluateAsync<bool>("window.__sameDocument === true")).ShouldBeTrue("every change happened without a full reload");
        var stored = (await fx.App.Service<AppointmentStore>().ForLeadAsync(business.Id, thread.LeadId)).ShouldHaveSingleItem();
        stored.Status.ShouldBe(AppointmentStatuses.Cancelled);
        var texts = (await fx.App.Service<ConversationStore>().MessagesAsync(business.Id, thread.ConversationId)).Where(m => m.Sender == Senders.Human).ToList();
        texts.Count(m => m.Body.Contains("is cancelled", StringComparison.Ordinal)).ShouldBe(1);
        texts.Count(m => m.Body.Contains("is moved to", StringComparison.Ordinal)).ShouldBe(width >= 1000 ? 2 : 1);
        await BrowserApp.ScreenshotAsync(week, $"appointments-week-{width}");

        // The list view: the same visit, and the page's links keep it live.
        await week.ClickAsync("#view-list");
        await Assertions.Expect(week.Locator("#show-upcoming")).ToBeVisibleAsync();
        await Assertions.Expect(week.Locator($"#appt-{id}")).ToHaveAttributeAsync("data-status", "cancelled", Soon);
        await Axe.CheckAsync(week, "appointments list");
        (await week.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue("the list fits the screen");
        await BrowserApp.ScreenshotAsync(week, $"appointments-list-{width}");
    }
}
