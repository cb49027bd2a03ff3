using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Booking;
using CallRecover.Estimates;
using CallRecover.Recordings;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Tenancy;

/// <summary>The settings page's Pricing, Booking and Recording sections over real HTTP: each form saves alone, says
/// "Saved." after a save, shows owner-readable messages next to the field and saves nothing on bad input.</summary>
public sealed class SettingsSectionsTests
{
    private static async Task<string> SavedPageAsync(HttpClient client, HttpResponseMessage response, string section)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        location.ShouldEndWith($"/settings?saved={section}#{section}");
        var html = await client.GetStringAsync(location);
        html.ShouldContain($"id=\"{section}-saved\" role=\"status\">Saved.</p>");
        return html;
    }

    [Theory, DatabaseData]
    public async Task Pricing_LaborRate_BadAmountSavesNothing_GoodAmountSavesAndSaysSaved_AndEstimatesTurnOnAndOff(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);

        foreach (var bad in new[] { "lots", "20000" })
        {
            var response = await owner.PostFormAsync("/settings", "/settings", ("_handler", "pricing-rate"), ("laborRate", bad));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            html.ShouldContain("data-error-for=\"laborRate\"");
            html.ShouldContain("Enter a labor rate");
            html.ShouldNotContain("pricing-saved");
            (await app.Service<BusinessStore>().GetAsync(business.Id))!.LaborRate.ShouldBe(business.LaborRate);
        }

        var ok = await owner.PostFormAsync("/settings", "/settings", ("_handler", "pricing-rate"), ("laborRate", "$135.50"), ("estimatesEnabled", "on"));
        var page = await SavedPageAsync(owner, ok, "pricing");
        page.ShouldContain("value=\"135.5\"");
        var saved = (await app.Service<BusinessStore>().GetAsync(business.Id))!;
        (saved.LaborRate, saved.EstimatesEnabled).ShouldBe((135.50m, true));
        // The owner turns estimates off again (an unticked box sends nothing).
        await owner.PostFormAsync("/settings", "/settings", ("_handler", "pricing-rate"), ("laborRate", "135.50"));
        (await app.Service<BusinessStore>().GetAsync(business.Id))!.EstimatesEnabled.ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task Pricing_PriceList_AddEditRemoveAndReset(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var catalogs = app.Service<ServiceCatalogService>();
        var defaults = (await catalogs.GetAsync(business)).Entries.Count;
        defaults.ShouldBeGreaterThan(0);

        // Bad: no name, hours not a number, no keywords → the page again, the typed text kept, nothing added.
        var bad = await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-add"),
            ("new-name", ""), ("new-keywords", ""), ("new-laborHours", "two"), ("new-partsCost", "40"), ("new-complexity", "medium"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        html.ShouldContain("Enter the service's name");
        html.ShouldContain("Enter the labor hours as a number");
        html.ShouldContain("Enter at least one word customers use");
        html.ShouldContain("value=\"two\"");
        (await catalogs.GetAsync(business)).Entries.Count.ShouldBe(defaults);

        var add = await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-add"), ("new-name", "Zone valve"),
            ("new-keywords", "zone valve, valve stuck"), ("new-laborHours", "1.5"), ("new-partsCost", "$180"), ("new-complexity", "high"), ("new-diagnostic", "on"));
        var page = await SavedPageAsync(owner, add, "pricing");
        page.ShouldContain("data-name=\"Zone valve\"");
        var catalog = await catalogs.GetAsync(business);
        var entry = catalog.Entries.Single(e => e.Name == "Zone valve");
        (entry.LaborHours, entry.PartsCost, entry.Complexity, entry.Diagnostic).ShouldBe((1.5m, 180m, "high", true));
        entry.Keywords.ShouldBe(["zone valve", "valve stuck"]);

        // A second entry with the same name is refused in words.
        var dup = await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-add"), ("new-name", "zone VALVE"),
            ("new-keywords", "x"), ("new-laborHours", "1"), ("new-partsCost", "0"));
        WebUtility.HtmlDecode(await dup.Content.ReadAsStringAsync()).ShouldContain("is already in your price list");

        var edit = await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-edit-" + entry.Id), ($"{entry.Id}-name", "Zone valve replacement"),
            ($"{entry.Id}-keywords", "zone valve"), ($"{entry.Id}-laborHours", "2"), ($"{entry.Id}-partsCost", "200"), ($"{entry.Id}-complexity", "medium"));
        await SavedPageAsync(owner, edit, "pricing");
        var edited = (await catalogs.GetAsync(business)).Entries.Single(e => e.Id == entry.Id);
        (edited.Name, edited.LaborHours, edited.PartsCost, edited.Diagnostic).ShouldBe(("Zone valve replacement", 2m, 200m, false));
        (await catalogs.GetAsync(business)).Version.ShouldBeGreaterThan(catalog.Version);

        var badEdit = await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-edit-" + entry.Id), ($"{entry.Id}-name", "Zone valve replacement"),
            ($"{entry.Id}-keywords", "zone valve"), ($"{entry.Id}-laborHours", "900"), ($"{entry.Id}-partsCost", "-5"));
        badEdit.StatusCode.ShouldBe(HttpStatusCode.OK);
        var badHtml = WebUtility.HtmlDecode(await badEdit.Content.ReadAsStringAsync());
        badHtml.ShouldContain("from 0 to 200");
        badHtml.ShouldContain("Enter the parts cost in dollars");
        (await catalogs.GetAsync(business)).Entries.Single(e => e.Id == entry.Id).LaborHours.ShouldBe(2m);

        await SavedPageAsync(owner, await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-remove-" + entry.Id)), "pricing");
        (await catalogs.GetAsync(business)).Entries.ShouldNotContain(e => e.Id == entry.Id);

        var first = (await catalogs.GetAsync(business)).Entries[0];
        await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-remove-" + first.Id));
        (await catalogs.GetAsync(business)).Entries.Count.ShouldBe(defaults - 1);
        await SavedPageAsync(owner, await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-reset")), "pricing");
        (await catalogs.GetAsync(business)).Entries.Select(e => e.Name).ShouldBe(CatalogDefaults.For(business.Vertical).Select(e => e.Name));
    }

    [Theory, DatabaseData]
    public async Task Pricing_AnotherBusinessesEntry_CannotBeEditedOrRemoved(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var catalogs = app.Service<ServiceCatalogService>();
        var theirs = (await catalogs.GetAsync(other)).Entries[0];
        var page = await owner.GetStringAsync("/settings");
        page.ShouldNotContain(theirs.Id);

        var edit = await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-edit-" + theirs.Id), ($"{theirs.Id}-name", "Hijacked"),
            ($"{theirs.Id}-keywords", "x"), ($"{theirs.Id}-laborHours", "1"), ($"{theirs.Id}-partsCost", "1"));
        ((int)edit.StatusCode).ShouldBeInRange(400, 499);
        var remove = await owner.PostFormAsync("/settings", "/settings", ("_handler", "catalog-remove-" + theirs.Id));
        ((int)remove.StatusCode).ShouldBeInRange(400, 499);

        // The shared service behaves the same when handed the id directly.
        (await catalogs.UpdateAsync(business, theirs.Id, new("Hijacked", 1, 1, ["x"], null, null))).NotFound.ShouldBeTrue();
        (await catalogs.RemoveAsync(business.Id, theirs.Id)).ShouldBeFalse();
        var after = (await catalogs.GetAsync(other)).Entries.Single(e => e.Id == theirs.Id);
        after.Name.ShouldBe(theirs.Name);
    }

    [Theory, DatabaseData]
    public async Task Booking_BadValuesSaveNothing_GoodValuesSaveAndSaySaved(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var store = app.Service<BookingSettingsStore>();

        var bad = await owner.PostFormAsync("/settings", "/settings", ("_handler", "booking"), ("defaultDurationMinutes", "5"),
            ("bufferMinutes", "half an hour"), ("leadTimeHours", "2"), ("serviceDurations", "AC repair 90"), ("daysOff", "Christmas"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        html.ShouldContain("Enter a visit length from 15 to 720 minutes");
        html.ShouldContain("Enter the gap between jobs in whole minutes");
        html.ShouldContain("like \"AC repair = 90\"");
        html.ShouldContain("'Christmas' is not a date like 2026-12-25");
        html.ShouldContain("half an hour");
        (await store.GetAsync(business.Id)).UpdatedAt.ShouldBeNull();

        var ok = await owner.PostFormAsync("/settings", "/settings", ("_handler", "booking"), ("defaultDurationMinutes", "90"),
            ("bufferMinutes", "15"), ("leadTimeHours", "4"), ("serviceDurations", "AC repair = 120\nMaintenance / tune-up: 45"), ("daysOff", "2026-12-25\n2026-01-01"));
        await SavedPageAsync(owner, ok, "booking");
        var saved = await store.GetAsync(business.Id);
        (saved.DefaultDurationMinutes, saved.BufferMinutes, saved.LeadTimeHours).ShouldBe((90, 15, 4));
        saved.DurationFor("AC repair").ShouldBe(120);
        saved.DurationFor("maintenance / tune-up").ShouldBe(45);
        saved.DaysOff.ShouldBe(["2026-01-01", "2026-12-25"]);
    }

    [Theory, DatabaseData]
    public async Task Recording_BadValuesSaveNothing_GoodValuesSaveAndSaySaved(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var store = app.Service<RecordingSettingsStore>();

        var bad = await owner.PostFormAsync("/settings", "/settings", ("_handler", "recording"), ("recordingEnabled", "on"),
            ("voicemailEnabled", "on"), ("voicemailMaxSeconds", "5"), ("retentionDays", "forever"), ("consentAnnouncement", ""), ("voicemailPrompt", ""));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        html.ShouldContain("Enter a voicemail length from 10 to 600 seconds");
        html.ShouldContain("Enter how long to keep recordings in whole days");
        (await store.GetAsync(business.Id)).UpdatedAt.ShouldBeNull();
        (await app.Service<BusinessStore>().GetAsync(business.Id))!.RecordingEnabled.ShouldBeFalse("a bad field saves nothing, not even the switch");

        var ok = await owner.PostFormAsync("/settings", "/settings", ("_handler", "recording"), ("recordingEnabled", "on"),
            ("voicemailMaxSeconds", "90"), ("retentionDays", "30"), ("consentAnnouncement", "This call may be recorded."), ("voicemailPrompt", ""));
        await SavedPageAsync(owner, ok, "recording");
        var saved = await store.GetAsync(business.Id);
        (saved.VoicemailEnabled, saved.VoicemailMaxSeconds, saved.RetentionDays, saved.ConsentAnnouncement, saved.VoicemailPrompt)
            .ShouldBe((false, 90, 30, "This call may be recorded.", (string?)null));
        (await app.Service<BusinessStore>().GetAsync(business.Id))!.RecordingEnabled.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task OperatorApi_GivesTheSameMessagesAsThePage(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var client = app.OperatorClient();
        async Task<JsonElement> ErrorsAsync(HttpResponseMessage r)
        {
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }
        var entry = await ErrorsAsync(await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/catalog/entries",
            new { name = "Valve", laborHours = 500, partsCost = 1, keywords = new[] { "valve" } }));
        entry.GetProperty("laborHours")[0].GetString()!.ShouldStartWith("Enter the labor hours as a number from 0 to 200");
        var booking = await ErrorsAsync(await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/booking-settings", new { bufferMinutes = 999 }));
        booking.GetProperty("bufferMinutes")[0].GetString().ShouldBe("Enter a gap between jobs from 0 to 240 minutes.");
        var recording = await ErrorsAsync(await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/recording-settings", new { retentionDays = 0 }));
        recording.GetProperty("retentionDays")[0].GetString()!.ShouldStartWith("Enter how long to keep recordings");
        var tz = await ErrorsAsync(await client.PatchAsJsonAsync($"/api/admin/businesses/{business.Id}", new { timeZone = "Mars/Olympus" }));
        tz.GetProperty("timeZone")[0].GetString()!.ShouldContain("Enter a time zone like America/Chicago");
    }

    [Theory, DatabaseData]
    public async Task Staff_GetNoSettings_AndTheirPostsSaveNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        await db.Db.WriteAsync(tx => app.Service<UserStore>().InsertAsync(tx, business.Id, "staff@example.com", "Stan Staff", Roles.Staff));
        var staff = await app.SignedInClientAsync("staff@example.com");
        (await staff.GetAsync("/settings")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var token = await staff.AntiforgeryTokenAsync("/conversations");
        var post = await staff.PostAsync("/settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "pricing-rate", ["laborRate"] = "999", ["__RequestVerificationToken"] = token,
        }));
        post.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        ((int)post.StatusCode).ShouldBeLessThan(500);
        (await app.Service<BusinessStore>().GetAsync(business.Id))!.LaborRate.ShouldBe(business.LaborRate);
    }
}
