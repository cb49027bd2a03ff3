using System.Net;
using System.Text.RegularExpressions;
using CallRecover.Booking;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Portal;

/// <summary>A customer moves their own upcoming visit from the portal (/p/{token}/visits/{id}/reschedule).</summary>
public sealed partial class PortalRescheduleTests
{
    /// <summary>Thu Mar 5 2026, 10:00 in New York: two days after <see cref="BookingScenario.Start"/>.</summary>
    private static readonly DateTimeOffset VisitAt = new(2026, 3, 5, 15, 0, 0, TimeSpan.Zero);

    private sealed record Setup(BookingScenario S, BookingScenario.Caller Jane, Appointment Visit, string LinkId, string Path, HttpClient Browser);

    private static async Task<Appointment> VisitAsync(BookingScenario s, BookingScenario.Caller caller, DateTimeOffset start)
    {
        var made = await s.App.Service<AppointmentAdmin>().CreateAsync(s.Business,
            new NewAppointmentInput { LeadId = caller.Lead.Id, Start = start, DurationMinutes = 60, NotifyCaller = false }, "operator");
        made.Ok.ShouldBeTrue(made.Conflict);
        return made.Appointment!;
    }

    private static async Task<Setup> SetupAsync(AppFactory app)
    {
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var visit = await VisitAsync(s, jane, VisitAt);
        var made = await (await app.OperatorClient().PostJsonAsync(Url(s, "/portal-links"), new { leadId = jane.Lead.Id })).JsonAsync();
        var path = new Uri(made.GetProperty("url").GetString()!).AbsolutePath;
        return new Setup(s, jane, visit, made.GetProperty("id").GetString()!, path,
            app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    private static FormUrlEncodedContent Choose(long start) => new([KeyValuePair.Create("start", start.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    private static async Task<List<long>> OfferedAsync(HttpClient browser, string url)
    {
        var response = await browser.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return Offered(await response.Content.ReadAsStringAsync());
    }

    private static List<long> Offered(string html) => [.. SlotInput().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static async Task<Appointment> ReloadAsync(BookingScenario s, string id) => (await s.App.Service<AppointmentStore>().GetAsync(s.Business.Id, id))!;

    [Theory, DatabaseData]
    public async Task Customer_MovesTheirVisitToAnOfferedTime_GetsTheNewTimeByText_AndTheOwnerIsTold_UntilSomeoneIsOnTheWay(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jane, visit, _, path, browser) = await SetupAsync(app);

        var portal = await browser.GetStringAsync(path);
        portal.ShouldContain($"href=\"{path}/visits/{visit.Id}/reschedule\"");
        var offered = await OfferedAsync(browser, $"{path}/visits/{visit.Id}/reschedule");
        offered.ShouldNotBeEmpty();
        offered.Count.ShouldBeLessThanOrEqualTo(CallRecover.Portal.PortalService.RescheduleMax);
        // Only open times: after the lead time, and never the visit's own time.
        offered.ShouldAllBe(t => DateTimeOffset.FromUnixTimeSeconds(t) >= BookingScenario.Start.AddHours(2));
        offered.ShouldNotContain(visit.StartAt.ToUnixTimeSeconds());
        var chosen = DateTimeOffset.FromUnixTimeSeconds(offered[^1]);

        var moved = await browser.PostAsync($"{path}/visits/{visit.Id}/reschedule", Choose(offered[^1]));
        moved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        moved.Headers.Location!.OriginalString.ShouldBe($"{path}?done=moved");
        var after = await ReloadAsync(s, visit.Id);
        (after.StartAt, after.EndAt, after.Status).ShouldBe((chosen, chosen.AddMinutes(60), AppointmentStatuses.Scheduled));
        after.IcsSequence.ShouldBe(visit.IcsSequence + 1);
        (await s.LastTextAsync(jane)).ShouldContain("is moved to");
        var notice = (await s.NotificationsAsync()).Where(n => n.Event == "rescheduled").ShouldHaveSingleItem();
        notice.Body.ShouldContain("Jane Doe");
        (await browser.GetStringAsync($"{path}?done=moved")).ShouldContain("Your visit is moved");

        // The same choice again (a second tap) changes nothing more.
        (await browser.PostAsync($"{path}/visits/{visit.Id}/reschedule", Choose(offered[^1]))).Headers.Location!.OriginalString.ShouldEndWith("done=unchanged");
        (await s.NotificationsAsync()).Count(n => n.Event == "rescheduled").ShouldBe(1);
        // A time outside what is open (3 a.m.) is refused the same way as a taken one.
        var night = new DateTimeOffset(2026, 3, 6, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        (await browser.PostAsync($"{path}/visits/{visit.Id}/reschedule", Choose(night))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ReloadAsync(s, visit.Id)).StartAt.ShouldBe(chosen);

        // Once someone is on the way, the visit can no longer be moved online (the cancel path's rule).
        (await app.Service<CallRecover.Jobs.JobService>().ChangeVisitStatusAsync(s.Business, visit.Id,
            new CallRecover.Jobs.VisitStatusInput { Status = VisitStatuses.EnRoute, EtaMinutes = 20 }, "operator")).Conflict.ShouldBeNull();
        (await browser.GetStringAsync(path)).ShouldNotContain($"{path}/visits/{visit.Id}/reschedule");
        (await browser.GetStringAsync($"{path}/visits/{visit.Id}/reschedule")).ShouldContain("can no longer be moved online");
        var late = await browser.PostAsync($"{path}/visits/{visit.Id}/reschedule", Choose(offered[0]));
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await late.Content.ReadAsStringAsync()).ShouldContain("can no longer be moved online");
        (await ReloadAsync(s, visit.Id)).StartAt.ShouldBe(chosen);
    }

    [Theory, DatabaseData]
    public async Task Customer_CancelsTheirVisit_IsTextedOnce_AndTheOwnerIsToldOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jane, visit, _, path, browser) = await SetupAsync(app);
        (await browser.GetStringAsync(path)).ShouldContain($"href=\"{path}/visits/{visit.Id}/cancel\"");
        // The card's button opens a confirmation (with the business's number); opening it cancels nothing.
        var confirm = WebUtility.HtmlDecode(await browser.GetStringAsync($"{path}/visits/{visit.Id}/cancel"));
        confirm.ShouldContain("Cancel your visit?");
        confirm.ShouldContain($"action=\"{path}/visits/{visit.Id}/cancel\"");
        confirm.ShouldContain(CallRecover.Common.Phone.Display(s.Business.BusinessPhone));
        (await ReloadAsync(s, visit.Id)).Status.ShouldNotBe(AppointmentStatuses.Cancelled);

        var cancelled = await browser.PostAsync($"{path}/visits/{visit.Id}/cancel", null);
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ReloadAsync(s, visit.Id)).Status.ShouldBe(AppointmentStatuses.Cancelled);
        var notice = (await s.NotificationsAsync()).Where(n => n.Event == "cancelled").ShouldHaveSingleItem();
        notice.Body.ShouldContain("Jane Doe");
        notice.Body.ShouldContain("(portal)");
        var texts = await s.OutboundAsync(jane);
        texts[^1].Body.ShouldContain("is cancelled");

        // A second tap (or a retried post) cancels nothing more and tells nobody again.
        await browser.PostAsync($"{path}/visits/{visit.Id}/cancel", null);
        (await s.NotificationsAsync()).Count(n => n.Event == "cancelled").ShouldBe(1);
        (await s.OutboundAsync(jane)).Count.ShouldBe(texts.Count);
    }

    [Theory, DatabaseData]
    public async Task ATimeTakenMeanwhile_GetsAClearMessage_AndTheVisitStaysWhereItWas(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jane, visit, _, path, browser) = await SetupAsync(app);
        var offered = await OfferedAsync(browser, $"{path}/visits/{visit.Id}/reschedule");
        var wanted = offered[0];

        // While Jane looks at the list, the office books someone else into that time.
        var bob = await s.QualifiedCallerAsync("Bob Smith", "9 Elm Rd");
        await VisitAsync(s, bob, DateTimeOffset.FromUnixTimeSeconds(wanted));
        var textsBefore = (await s.OutboundAsync(jane)).Count;

        var taken = await browser.PostAsync($"{path}/visits/{visit.Id}/reschedule", Choose(wanted));
        taken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var html = await taken.Content.ReadAsStringAsync();
        html.ShouldContain("that time was just taken");
        html.ShouldContain("has not moved");
        // The page offers what is open now instead.
        Offered(html).ShouldNotContain(wanted);
        Offered(html).ShouldNotBeEmpty();
        var after = await ReloadAsync(s, visit.Id);
        (after.StartAt, after.IcsSequence).ShouldBe((visit.StartAt, visit.IcsSequence));
        (await s.OutboundAsync(jane)).Count.ShouldBe(textsBefore);
        (await s.NotificationsAsync()).ShouldNotContain(n => n.Event == "rescheduled");
    }

    [Theory, DatabaseData]
    public async Task AnotherCustomersOrBusinessesVisit_Is404_AndARevokedLinkMovesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, _, visit, linkId, path, browser) = await SetupAsync(app);
        var offered = await OfferedAsync(browser, $"{path}/visits/{visit.Id}/reschedule");

        // Another customer of the same business, and a customer of another business.
        var bob = await s.QualifiedCallerAsync("Bob Smith", "9 Elm Rd");
        var bobsVisit = await VisitAsync(s, bob, VisitAt.AddHours(3));
        var other = await BookingScenario.CreateAsync(app);
        var carol = await other.QualifiedCallerAsync("Carol Other");
        var carolsVisit = await VisitAsync(other, carol, VisitAt);
        foreach (var (owner, foreign) in new[] { (s, bobsVisit), (other, carolsVisit) })
        {
            var page = await browser.GetAsync($"{path}/visits/{foreign.Id}/reschedule");
            page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await page.Content.ReadAsStringAsync()).ShouldNotContain(owner.Business.Name);
            (await browser.PostAsync($"{path}/visits/{foreign.Id}/reschedule", Choose(offered[0]))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await ReloadAsync(owner, foreign.Id)).StartAt.ShouldBe(foreign.StartAt);
        }
        (await browser.PostAsync($"{path}/visits/no-such-visit/reschedule", Choose(offered[0]))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Revoked by staff: the link opens nothing and moves nothing.
        (await app.OperatorClient().PostAsync(Url(s, $"/portal-links/{linkId}/revoke"), null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.GetAsync($"{path}/visits/{visit.Id}/reschedule")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var revoked = await browser.PostAsync($"{path}/visits/{visit.Id}/reschedule", Choose(offered[0]));
        revoked.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await revoked.Content.ReadAsStringAsync()).ShouldNotContain(s.Business.Name);
        (await ReloadAsync(s, visit.Id)).StartAt.ShouldBe(visit.StartAt);
        (await s.NotificationsAsync()).ShouldNotContain(n => n.Event == "rescheduled");
    }

    [GeneratedRegex("name=\"start\" value=\"(\\d+)\"")]
    private static partial Regex SlotInput();
}
