using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Recordings;
using CallRecover.Tests.Api;
using CallRecover.Tests.Customers;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.DataRights;

/// <summary>
/// Customers' data rights: the export holds everything of theirs and nothing of anyone else's, only for their business;
/// the erasure leaves nothing that finds, shows or texts them, keeps the reports' totals, and touches no other business.
/// </summary>
public sealed class CustomerDataRightsTests
{
    [Theory, DatabaseData]
    public async Task Export_HoldsEveryRecordOfTheCustomer_AndNothingOfAnyoneElse_AndOnlyTheirBusinessGetsIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var (business, other, dana, customer, quote, recording, audio, someoneElse, elsewhere, otherCustomer) = await SeedAsync(app, db, clock);
        var now = clock.GetUtcNow();
        // Dana and someone else are on an imported list, and a campaign to it has started.
        (await db.Db.WriteAsync(tx => app.Service<CallRecover.Campaigns.CampaignStore>().ImportAsync(tx, business.Id, "past customers", "owner", "work orders", null,
            [new CallRecover.Campaigns.Contact(dana.Phone, "Dana", new Dictionary<string, string>()),
             new CallRecover.Campaigns.Contact(someoneElse.Phone, "Sam", new Dictionary<string, string>())]))).Added.ShouldBe(2);
        var campaigns = app.Service<CallRecover.Campaigns.CampaignService>();
        var campaign = (await campaigns.CreateAsync(business.Id, new CallRecover.Campaigns.CampaignInput
            { Name = "Tune-up", Template = "Hi {first_name}, time for a tune-up?", Audience = new CallRecover.Campaigns.CampaignAudience { List = "past customers" } }, "owner")).Value!;
        (await campaigns.StartAsync(business.Id, campaign.Id, "owner")).Value.ShouldNotBeNull();
        try
        {
            var owner = await app.SignedInClientAsync(business.OwnerEmail);
            var response = await owner.GetAsync($"/api/dashboard/customers/{customer.Id}/export");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
            response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"customer-{customer.Id}-{now:yyyyMMdd}.zip");
            using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
            string Read(string entry)
            {
                using var reader = new StreamReader(zip.GetEntry(entry).ShouldNotBeNull(entry).Open());
                return reader.ReadToEnd();
            }
            var text = Read("customer.json");
            var json = JsonDocument.Parse(text).RootElement;
            string[] IdsOf(string kind) => [.. json.GetProperty(kind).EnumerateArray().Select(r => r.GetProperty(kind == "conversation_turns" ? "message_id" : "id").GetString()!)];

            IdsOf("customers").ShouldBe([customer.Id]);
            json.GetProperty("customers")[0].GetProperty("name").GetString().ShouldBe("Dana Reyes");
            json.GetProperty("vehicles").GetArrayLength().ShouldBe(1);
            IdsOf("leads").ShouldBe([dana.LeadId]);
            IdsOf("calls").ShouldBe([dana.CallId]);
            IdsOf("conversations").ShouldBe([dana.ConversationId]);
            json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString())
                .ShouldBe(["Sorry we missed your call! Reply STOP to opt out.", "My AC is broken"]);
            IdsOf("quotes").ShouldBe([quote.Id]);
            json.GetProperty("quote_items").GetArrayLength().ShouldBeGreaterThan(0);
            IdsOf("recordings").ShouldBe([recording.Id]);
            json.GetProperty("opt_outs").GetArrayLength().ShouldBe(1);
            json.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("phone").GetString()).ShouldBe([dana.Phone]);
            json.GetProperty("campaign_recipients").EnumerateArray().Select(c => (c.GetProperty("phone").GetString(), c.GetProperty("campaign_id").GetString()))
                .ShouldBe([(dana.Phone, campaign.Id)]);
            json.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ShouldBe([$"recordings/{recording.Id}.mp3"]);
            zip.GetEntry($"recordings/{recording.Id}.mp3").ShouldNotBeNull().Length.ShouldBe(8);
            Read("csv/messages.csv").ShouldContain("My AC is broken");
            Read("csv/customers.csv").Split('\n')[0].ShouldStartWith("id,phone,name,email,address");
            // Nothing of anyone else's, and no server paths or link secrets.
            foreach (var foreign in new[] { someoneElse.Phone, someoneElse.LeadId, someoneElse.CallId, elsewhere.LeadId, elsewhere.CallId, otherCustomer.Id, other.Id,
                         "Dana Elsewhere", "storage_path", "token_hash", audio })
                text.ShouldNotContain(foreign);

            string audited;
            await using (var conn = await db.Db.OpenAsync())
                audited = await conn.QuerySingleAsync<string>("SELECT actor FROM audit_log WHERE business_id = @b AND entity_id = @id AND action = 'exported'",
                    new { b = business.Id, id = customer.Id });
            audited.ShouldStartWith("user:");

            // Only the customer's own business, and only its owner: another business's owner, staff-less anonymity, the
            // operator on the wrong business and another business's API token all get nothing.
            (await app.CreateClient().GetAsync($"/api/dashboard/customers/{customer.Id}/export")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            var stranger = await app.SignedInClientAsync(other.OwnerEmail);
            (await stranger.GetAsync($"/api/dashboard/customers/{customer.Id}/export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var operatorClient = app.OperatorClient();
            (await operatorClient.GetAsync($"/api/admin/businesses/{other.Id}/customers/{customer.Id}/export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await operatorClient.GetAsync($"/api/admin/businesses/{business.Id}/customers/{customer.Id}/export")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var (foreignToken, _, _) = await ApiScenario.TokenClientAsync(app, other.Id, "read");
            (await foreignToken.GetAsync($"/api/v1/customers/{customer.Id}/export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var (ownToken, _, _) = await ApiScenario.TokenClientAsync(app, business.Id, "read");
            var viaApi = await ownToken.GetAsync($"/api/v1/customers/{customer.Id}/export");
            viaApi.StatusCode.ShouldBe(HttpStatusCode.OK);
            using (var apiZip = new ZipArchive(new MemoryStream(await viaApi.Content.ReadAsByteArrayAsync())))
                apiZip.GetEntry("customer.json").ShouldNotBeNull();
            (await owner.GetAsync("/api/dashboard/customers/no-such-customer/export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

            // The owner sees the download on the customer's page.
            (await owner.GetStringAsync($"/customers/{customer.Id}")).ShouldContain($"href=\"/api/dashboard/customers/{customer.Id}/export\"");
        }
        finally
        {
            File.Delete(audio);
        }
    }

    [Theory, DatabaseData]
    public async Task Erase_LeavesNothingThatFindsOrShowsThem_KeepsTheReportsTotals_AndOnlyTheirBusinessCanDoIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var (business, other, dana, customer, _, recording, audio, someoneElse, elsewhere, otherCustomer) = await SeedAsync(app, db, clock);
        var operatorClient = app.OperatorClient();
        async Task<string> FiguresAsync(string businessId) =>
            await operatorClient.GetStringAsync($"/api/admin/businesses/{businessId}/reports.csv?period=month&table=figures");
        // Dana is also on an imported campaign list.
        (await db.Db.WriteAsync(tx => app.Service<CallRecover.Campaigns.CampaignStore>().ImportAsync(tx, business.Id, "past customers", "owner", "work orders", null,
            [new CallRecover.Campaigns.Contact(dana.Phone, "Dana", new Dictionary<string, string> { ["street"] = "Oak" })]))).Added.ShouldBe(1);
        var figuresBefore = await FiguresAsync(business.Id);
        var otherBefore = await FiguresAsync(other.Id);
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var stranger = await app.SignedInClientAsync(other.OwnerEmail);

        // Nobody else can erase Dana: another business's operator route, its API token, its owner's form.
        (await operatorClient.DeleteAsync($"/api/admin/businesses/{other.Id}/customers/{customer.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (foreignToken, _, _) = await ApiScenario.TokenClientAsync(app, other.Id, "read", "write");
        (await foreignToken.DeleteAsync($"/api/v1/customers/{customer.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/customers/{customer.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Service<CustomerStore>().GetAsync(business.Id, customer.Id))!.Customer.Name.ShouldBe("Dana Reyes");
        // Unticked, the owner's form refuses and erases nothing.
        var unticked = await owner.PostFormAsync($"/customers/{customer.Id}", $"/customers/{customer.Id}", ("_handler", "customer-erase"));
        WebUtility.HtmlDecode(await unticked.Content.ReadAsStringAsync()).ShouldContain("Tick the box to confirm");
        (await app.Service<CustomerStore>().GetAsync(business.Id, customer.Id))!.Customer.Name.ShouldBe("Dana Reyes");

        var erased = await owner.PostFormAsync($"/customers/{customer.Id}", $"/customers/{customer.Id}", ("_handler", "customer-erase"), ("confirm", "yes"));
        erased.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        erased.Headers.Location!.PathAndQuery.ShouldStartWith("/customers?erased=");
        File.Exists(audio).ShouldBeFalse("the voicemail's audio is deleted");

        // Nothing finds or shows Dana at her business any more: not her phone in any format, not her name.
        foreach (var q in new[] { dana.Phone, Phone.Display(dana.Phone), "Dana", "Reyes", "Oak" })
            (await app.Service<CustomerStore>().ListAsync(business.Id, q, 50)).ShouldBeEmpty(q);
        await using (var conn = await db.Db.OpenAsync())
        {
            foreach (var (table, column) in new[] { ("customers", "phone"), ("leads", "phone"), ("calls", "caller_phone"), ("conversations", "phone"),
                         ("messages", "from_phone"), ("messages", "to_phone"), ("recordings", "caller_phone"), ("contacts", "phone") })
                (await conn.QuerySingleAsync<long>($"SELECT COUNT(*) FROM {table} WHERE business_id = @b AND {column} = @phone", new { b = business.Id, phone = dana.Phone }))
                    .ShouldBe(0, $"{table}.{column}");
            (await conn.QueryAsync<string>("SELECT body FROM messages WHERE business_id = @b AND conversation_id = @c", new { b = business.Id, c = dana.ConversationId }))
                .ShouldAllBe(body => body == "[erased]");
            (await conn.QuerySingleAsync<string>("SELECT status FROM recordings WHERE id = @id", new { id = recording.Id })).ShouldBe("deleted");
            // The opt-out keeps the number: she is never texted again.
            (await conn.QuerySingleAsync<long>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @b AND phone = @phone", new { b = business.Id, phone = dana.Phone })).ShouldBe(1);
            // The other caller, and Dana at the other business, are untouched.
            (await conn.QuerySingleAsync<string>("SELECT phone FROM leads WHERE id = @id", new { id = someoneElse.LeadId })).ShouldBe(someoneElse.Phone);
            (await conn.QuerySingleAsync<string>("SELECT phone FROM leads WHERE id = @id", new { id = elsewhere.LeadId })).ShouldBe(dana.Phone);
            (await conn.QueryAsync<string>("SELECT body FROM messages WHERE conversation_id = @c", new { c = elsewhere.ConversationId })).ShouldContain("My AC is broken");
            (await conn.QuerySingleAsync<string>("SELECT actor FROM audit_log WHERE business_id = @b AND entity_id = @id AND action = 'erased'",
                new { b = business.Id, id = customer.Id })).ShouldStartWith("user:");
        }
        (await app.Service<CustomerStore>().GetAsync(other.Id, otherCustomer.Id))!.Customer.Name.ShouldBe("Dana Elsewhere");
        var page = WebUtility.HtmlDecode(await owner.GetStringAsync($"/customers/{customer.Id}"));
        page.ShouldNotContain("Dana Reyes");
        page.ShouldNotContain(Phone.Display(dana.Phone));
        page.ShouldNotContain("My AC is broken");

        // The reports count the same calls, texts and money as before.
        (await FiguresAsync(business.Id)).ShouldBe(figuresBefore);
        (await FiguresAsync(other.Id)).ShouldBe(otherBefore);

        // Again through the API (the receipt), and for a customer that is not there.
        var (ownToken, _, _) = await ApiScenario.TokenClientAsync(app, business.Id, "read", "write");
        var again = await ownToken.DeleteAsync($"/api/v1/customers/{customer.Id}");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var receipt = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        receipt.GetProperty("customerId").GetString().ShouldBe(customer.Id);
        receipt.GetProperty("kept").GetArrayLength().ShouldBe(3);
        (await ownToken.DeleteAsync("/api/v1/customers/nobody")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private sealed record Seeded(CallRecover.Tenancy.Business Business, CallRecover.Tenancy.Business Other, DashboardTestKit.SeededThread Dana, Customer Customer,
        CallRecover.Estimates.Quote Quote, Recording Recording, string Audio, DashboardTestKit.SeededThread SomeoneElse, DashboardTestKit.SeededThread Elsewhere, Customer OtherCustomer);

    /// <summary>
    /// Dana at one business — a missed call and texts, a customer with a vehicle, a quote, a voicemail with its audio, an
    /// opt-out — beside another caller at the same business and Dana's own number at another business.
    /// </summary>
    private static async Task<Seeded> SeedAsync(AppFactory app, TestDatabase db, FakeClock clock)
    {
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var now = clock.GetUtcNow();
        var dana = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-3));
        var customers = app.Service<CustomerStore>();
        var customer = await db.Db.WriteAsync(tx => customers.UpsertAsync(tx, business.Id, dana.Phone, "Dana Reyes", "dana@example.com", "12 Oak St", CustomerSources.MissedCall));
        await db.Db.WriteAsync(tx => customers.UpsertVehicleAsync(tx, business.Id, customer.Id, 2020, "Toyota", "Camry", null, null));
        var quote = await QuoteSeed.QuoteAsync(app, business.Id, dana.LeadId, now.AddHours(-2), customerId: customer.Id);
        var recording = await RecordingSeed.VoicemailAsync(app, business.Id, dana.CallId, dana.Phone, now.AddHours(-1));
        var audio = recording.StoragePath!;
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "INSERT INTO opt_outs (id, phone, business_id, reason, created_at) VALUES (@id, @phone, @businessId, 'STOP', @now)",
            new { id = Ids.New(), phone = dana.Phone, businessId = business.Id, now }, tx.Transaction));
        // Another caller at the same business, and the same phone at another business: neither is in Dana's export.
        var someoneElse = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddMinutes(-30));
        var elsewhere = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, other.Id, now.AddMinutes(-20), phone: dana.Phone);
        var otherCustomer = await db.Db.WriteAsync(tx => customers.UpsertAsync(tx, other.Id, dana.Phone, "Dana Elsewhere", null, null, CustomerSources.MissedCall));
        return new Seeded(business, other, dana, customer, quote, recording, audio, someoneElse, elsewhere, otherCustomer);
    }
}
