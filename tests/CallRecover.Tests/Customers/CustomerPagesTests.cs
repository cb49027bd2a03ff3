using System.Net;
using System.Text.RegularExpressions;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Recordings;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Customers;

public sealed partial class CustomerPagesTests
{
    [Theory, DatabaseData]
    public async Task Search_FindsByNameAddressOrPhoneInAnyFormat_AndNeverAnotherBusinessesCustomer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var dana = await UpsertAsync(app, a.Id, "+19045550134", "Dana Reyes", "12 Oak St");
        var sam = await UpsertAsync(app, a.Id, "+13125550188", "Sam Lee", "9 Elm Rd");
        // Same phone and a similar name at another business: never in business A's results.
        var other = await UpsertAsync(app, b.Id, "+19045550134", "Dana Other", "12 Oak St");
        var owner = await app.SignedInClientAsync(a.OwnerEmail);

        foreach (var q in new[] { "(904) 555-0134", "904.555.0134", "+1 904 555 0134", "5550134", "dana", "OAK st" })
        {
            var html = await owner.GetStringAsync("/customers?q=" + Uri.EscapeDataString(q));
            Listed(html).ShouldBe([dana.Id], q);
        }
        Listed(await owner.GetStringAsync("/customers?q=elm")).ShouldBe([sam.Id]);
        Listed(await owner.GetStringAsync("/customers")).ShouldBe([sam.Id, dana.Id], ignoreOrder: true);
        var none = await owner.GetStringAsync("/customers?q=zzz");
        none.ShouldContain("id=\"customers-empty\"");
        Listed(none).ShouldBeEmpty();

        var stranger = await app.SignedInClientAsync(b.OwnerEmail);
        Listed(await stranger.GetStringAsync("/customers?q=dana")).ShouldBe([other.Id]);
        Listed(await stranger.GetStringAsync("/customers?q=9045550134")).ShouldBe([other.Id]);
    }

    [Theory, DatabaseData]
    public async Task History_ListsCallsTextsQuotesVisitsAndRecordings_NewestFirst_InTheBusinessZone(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(); // 15:00 UTC = 10:00 in New York
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var now = clock.GetUtcNow();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-3));
        var customer = await UpsertAsync(app, business.Id, thread.Phone, "Dana Reyes", "12 Oak St");
        await db.Db.WriteAsync(tx => app.Service<CustomerStore>().UpsertVehicleAsync(tx, business.Id, customer.Id, 2020, "Toyota", "Camry", null, null));
        var quote = await QuoteSeed.QuoteAsync(app, business.Id, thread.LeadId, now.AddHours(-2), customerId: customer.Id);
        var recording = await RecordingSeed.VoicemailAsync(app, business.Id, thread.CallId, thread.Phone, now.AddHours(-1));
        var audio = recording.StoragePath!;
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO appointments (id, business_id, lead_id, start_at, end_at, duration_minutes, status, ics_uid, ics_token, source, service_type, created_at, updated_at)
            VALUES (@id, @businessId, @leadId, @start, @end, 60, 'scheduled', @uid, @token, 'sms', 'Brake job', @now, @now)
            """, new { id = Ids.New(), businessId = business.Id, leadId = thread.LeadId, start = now.AddDays(2), end = now.AddDays(2).AddHours(1),
                uid = Ids.New() + "@test", token = Ids.New(), now }, tx.Transaction));
        // Another caller's call and text at the same business stay out of Dana's history.
        var someoneElse = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddMinutes(-30));
        var owner = await app.SignedInClientAsync(business.OwnerEmail);

        var response = await owner.GetAsync($"/customers/{customer.Id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Kinds(html).ShouldBe(["appointment", "recording", "quote", "message", "call", "message"]);
        html.ShouldContain("My AC is broken");
        html.ShouldContain("Sorry we missed your call!");
        html.ShouldContain($"href=\"/quotes/{quote.Id}\"");
        html.ShouldContain("$250.00 · Draft");
        html.ShouldContain("Brake job · Scheduled");
        html.ShouldContain($"<audio controls preload=\"none\" src=\"/api/dashboard/recordings/{recording.Id}/audio\"");
        html.ShouldContain("2020 Toyota Camry");
        html.ShouldContain("Missed");
        // 12:00 UTC is 7:00 AM in the business's zone (New York); the visit is in two days at 10:00 AM there.
        html.ShouldContain("7:00 AM");
        html.ShouldNotContain("12:00 PM");
        html.ShouldContain("Mar 5 10:00 AM");
        html.ShouldNotContain(CallRecover.Dashboard.Shared.Fmt.Phone(someoneElse.Phone));

        var played = await owner.GetAsync($"/api/dashboard/recordings/{recording.Id}/audio");
        played.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await played.Content.ReadAsByteArrayAsync()).Length.ShouldBe(8);
        File.Delete(audio);
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesCustomer_IsNotFound_AndItsRecordingDoesNotPlay(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, a.Id, clock.GetUtcNow().AddHours(-1));
        var customer = await UpsertAsync(app, a.Id, thread.Phone, "Dana Reyes", null);
        var owner = await app.SignedInClientAsync(a.OwnerEmail);
        var stranger = await app.SignedInClientAsync(b.OwnerEmail);

        (await owner.GetAsync($"/customers/{customer.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var denied = await stranger.GetAsync($"/customers/{customer.Id}");
        denied.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = await denied.Content.ReadAsStringAsync();
        body.ShouldNotContain("Dana Reyes");
        body.ShouldNotContain(CallRecover.Dashboard.Shared.Fmt.Phone(thread.Phone));
        (await stranger.GetAsync("/customers/does-not-exist")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Listed(await stranger.GetStringAsync("/customers")).ShouldBeEmpty();
    }

    private static async Task<Customer> UpsertAsync(AppFactory app, string businessId, string phone, string? name, string? address) =>
        await app.Service<Db>().WriteAsync(tx => app.Service<CustomerStore>().UpsertAsync(tx, businessId, phone, name, null, address));

    /// <summary>The customers listed in the final render (a streamed page repeats its markup in the update).</summary>
    private static List<string> Listed(string html) =>
        [.. CustomerItem().Matches(html).Select(m => m.Groups[1].Value).Distinct()];

    private static List<string> Kinds(string html) => [.. HistoryItem().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("class=\"customer-item\" data-id=\"([^\"]+)\"")]
    private static partial Regex CustomerItem();

    [GeneratedRegex("class=\"history-item\" data-kind=\"([^\"]+)\"")]
    private static partial Regex HistoryItem();
}
