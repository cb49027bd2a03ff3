using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using NodaTime;

namespace CallRecover.Tests.Booking;

/// <summary>Closed days: holiday presets computed by rule, slots that skip them in the business's zone, the
/// operator API, the settings page, and a caller asking for a closed day being told so.</summary>
public sealed class ClosedDaysTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void UsFederalHolidays_2026_AreComputedByRule_WithObservedDays()
    {
        var days = HolidayPresets.UsFederalHolidays(2026).Select(h => (h.Date, h.Label)).ToList();

        days.ShouldBe([
            (D(2026, 1, 1), "New Year's Day"), (D(2026, 1, 19), "Martin Luther King Jr. Day"), (D(2026, 2, 16), "Washington's Birthday"),
            (D(2026, 5, 25), "Memorial Day"), (D(2026, 6, 19), "Juneteenth"), (D(2026, 7, 3), "Independence Day (observed)"),
            (D(2026, 7, 4), "Independence Day"), (D(2026, 9, 7), "Labor Day"), (D(2026, 10, 12), "Columbus Day"),
            (D(2026, 11, 11), "Veterans Day"), (D(2026, 11, 26), "Thanksgiving"), (D(2026, 12, 25), "Christmas Day"),
        ]);
    }

    [Theory]
    [InlineData(2024, 28)]
    [InlineData(2025, 27)]
    [InlineData(2026, 26)]
    [InlineData(2027, 25)]
    [InlineData(2028, 23)]
    public void Thanksgiving_IsTheFourthThursdayOfNovember(int year, int day) =>
        HolidayPresets.UsFederalHolidays(year).Single(h => h.Label == "Thanksgiving").Date.ShouldBe(D(year, 11, day));

    [Fact]
    public void ASaturdayNewYear_IsObservedOnTheFridayBefore_InThePreviousYear()
    {
        // Jan 1 2028 is a Saturday: observed Friday Dec 31 2027; Christmas 2027 (Saturday) on Friday Dec 24.
        var calendar = new ClosedCalendar(new HashSet<LocalDate>(), [HolidayPresets.UsFederal]);
        calendar.ClosedOn(D(2027, 12, 31)).ShouldBe("New Year's Day (observed)");
        calendar.ClosedOn(D(2027, 12, 24)).ShouldBe("Christmas Day (observed)");
        calendar.ClosedOn(D(2028, 1, 1)).ShouldBe("New Year's Day");
        calendar.ClosedOn(D(2027, 12, 30)).ShouldBeNull();
        new ClosedCalendar(new HashSet<LocalDate>(), []).ClosedOn(D(2026, 11, 26)).ShouldBeNull();
        new ClosedCalendar(new HashSet<LocalDate> { D(2026, 11, 27) }, []).ClosedOn(D(2026, 11, 27)).ShouldBe(ClosedCalendar.DayOffLabel);
    }

    [Fact]
    public void Slots_SkipThanksgiving_InTheBusinessesTimeZone()
    {
        // 06:00 UTC Thursday is still Wednesday 22:00 in Los Angeles: "today" is Wednesday, Thursday is the holiday.
        var b = SlotFinderTests.Business("America/Los_Angeles");
        var now = new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);
        var closed = new BookingSettings { Holidays = [HolidayPresets.UsFederal] };

        var days = SlotFinder.Candidates(new SlotFinder.Request(b, closed, 60, now, [])).Select(d => d.Date).Take(2).ToList();
        days.ShouldBe([D(2026, 11, 27), D(2026, 11, 30)]);
        var open = SlotFinder.Candidates(new SlotFinder.Request(b, new BookingSettings(), 60, now, [])).Select(d => d.Date).First();
        open.ShouldBe(D(2026, 11, 26));
    }

    [Theory, DatabaseData]
    public async Task OperatorApi_ReadsAndReplacesClosedDays_RejectsBadInputNamingTheField_AndSlotsFollow(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero)));
        var s = await BookingScenario.CreateAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{s.Business.Id}/closed-days";

        var empty = await client.GetFromJsonAsync<JsonElement>(url);
        empty.GetProperty("dates").GetArrayLength().ShouldBe(0);
        empty.GetProperty("holidays").GetArrayLength().ShouldBe(0);

        var bad = await client.PutAsJsonAsync(url, new { dates = new[] { "next tuesday" }, holidays = new[] { "uk-bank" } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("dates", out _).ShouldBeTrue();
        errors.TryGetProperty("holidays", out _).ShouldBeTrue();
        (await client.PutAsJsonAsync(url, new { dates = Array.Empty<string>(), weekends = true })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync(url, new StringContent("[1,", System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("holidays").GetArrayLength().ShouldBe(0);

        var ok = await client.PutAsJsonAsync(url, new { dates = new[] { "2026-11-27", "2026-11-24" }, holidays = new[] { "us-federal" } });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = await ok.Content.ReadFromJsonAsync<JsonElement>();
        saved.GetProperty("dates").EnumerateArray().Select(d => d.GetString()).ShouldBe(["2026-11-24", "2026-11-27"]);
        var next = saved.GetProperty("next365Days").EnumerateArray().Select(d => (d.GetProperty("date").GetString(), d.GetProperty("label").GetString())).Take(4).ToList();
        next.ShouldBe([("2026-11-24", "a day off"), ("2026-11-26", "Thanksgiving"), ("2026-11-27", "a day off"), ("2026-12-25", "Christmas Day")]);

        // Only dates: the holidays stay as they are.
        (await client.PutAsJsonAsync(url, new { dates = new[] { "2026-11-27" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var now = await client.GetFromJsonAsync<JsonElement>(url);
        now.GetProperty("holidays").EnumerateArray().Select(h => h.GetString()).ShouldBe(["us-federal"]);

        var slots = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{s.Business.Id}/appointments/slots");
        var texts = slots.EnumerateArray().Select(x => x.GetProperty("text").GetString()!).ToList();
        texts.ShouldNotBeEmpty();
        texts.ShouldAllBe(t => !t.StartsWith("Thu Nov 26") && !t.StartsWith("Fri Nov 27"));

        // Another business is untouched and cannot read these.
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{other.Business.Id}/closed-days")).GetProperty("holidays").GetArrayLength().ShouldBe(0);
        (await client.GetAsync("/api/admin/businesses/nope/closed-days")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task ACallerAskingForAClosedDay_IsToldWhy_AndOfferedTheClosestTimes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // Mon Nov 23 2026, 10:00 in New York.
        await using var app = new AppFactory(db, new FakeClock(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero)));
        var s = await BookingScenario.CreateAsync(app);
        (await app.OperatorClient().PutAsJsonAsync($"/api/admin/businesses/{s.Business.Id}/closed-days", new { holidays = new[] { "us-federal" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);

        await s.ReplyAsync(jane, "Can you do Thursday at 9?");

        (await s.AppointmentsAsync(jane)).ShouldBeEmpty();
        (await s.LastTextAsync(jane)).ShouldBe("We're closed Thursday for Thanksgiving — the closest we have is 1) Wed Nov 25, 9–10am 2) Fri Nov 27, 9–10am. Reply with the number that works, or tell us another time.");
        await s.ReplyAsync(jane, "2");
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().StartAt.ShouldBe(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero));
    }

    [Theory, DatabaseData]
    public async Task SettingsPage_SavesTheHolidayPreset_AndShowsTheNextClosedDays(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero)));
        var business = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);

        var response = await owner.PostFormAsync("/settings", "/settings", ("_handler", "booking"), ("defaultDurationMinutes", "60"),
            ("bufferMinutes", "30"), ("leadTimeHours", "2"), ("serviceDurations", ""), ("daysOff", "2026-12-24"), ("usFederalHolidays", "on"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = await app.Service<BookingSettingsStore>().GetAsync(business.Id);
        saved.Holidays.ShouldBe(["us-federal"]);
        saved.DaysOff.ShouldBe(["2026-12-24"]);
        var html = WebUtility.HtmlDecode(await owner.GetStringAsync(response.Headers.Location!.ToString()));
        html.ShouldContain("Next closed: Thu Nov 26 (Thanksgiving); Thu Dec 24 (a day off); Fri Dec 25 (Christmas Day)");
        html.ShouldContain("id=\"us-federal-holidays\" name=\"usFederalHolidays\" value=\"on\" checked");

        // Unticked: the preset is removed.
        await owner.PostFormAsync("/settings", "/settings", ("_handler", "booking"), ("defaultDurationMinutes", "60"),
            ("bufferMinutes", "30"), ("leadTimeHours", "2"), ("serviceDurations", ""), ("daysOff", "2026-12-24"));
        (await app.Service<BookingSettingsStore>().GetAsync(business.Id)).Holidays.ShouldBeEmpty();
    }
}
