using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Recordings;
using CallRecover.Tests.Api;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.DataRights;

/// <summary>A customer's data-subject export: everything of theirs, nothing of anyone else's, only to their business.</summary>
public sealed class CustomerExportTests
{
    [Theory, DatabaseData]
    public async Task Export_HoldsEveryRecordOfTheCustomer_AndNothingOfAnyoneElse_AndOnlyTheirBusinessGetsIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var other = await app.CreateBusinessAsync();
        var now = clock.GetUtcNow();
        var dana = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-3));
        var customers = app.Service<CustomerStore>();
        var customer = await db.Db.WriteAsync(tx => customers.UpsertAsync(tx, business.Id, dana.Phone, "Dana Reyes", "dana@example.com", "12 Oak St", CustomerSources.MissedCall));
        await db.Db.WriteAsync(tx => customers.UpsertVehicleAsync(tx, business.Id, customer.Id, 2020, "Toyota", "Camry", null, null));
        var quote = await QuoteSeed.QuoteAsync(app, business.Id, dana.LeadId, now.AddHours(-2), customerId: customer.Id);
        var audio = Path.Combine(Path.GetTempPath(), $"callrecover-test-{Ids.New()}.mp3");
        await File.WriteAllBytesAsync(audio, [0xFF, 0xFB, 0x90, 0x00, 1, 2, 3, 4]);
        var recording = new Recording
        {
            Id = Ids.New(), BusinessId = business.Id, CallId = dana.CallId, CallerPhone = dana.Phone, Kind = RecordingKinds.Voicemail, Origin = "carrier",
            RecordingSid = "RE" + Ids.New(), Status = RecordingStatuses.Downloaded, StoragePath = audio, ContentType = "audio/mpeg", DurationSeconds = 42,
            CreatedAt = now.AddHours(-1), UpdatedAt = now.AddHours(-1),
        };
        await db.Db.WriteAsync(tx => app.Service<RecordingStore>().InsertAsync(tx, recording));
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync(
            "INSERT INTO opt_outs (id, phone, business_id, reason, created_at) VALUES (@id, @phone, @businessId, 'STOP', @now)",
            new { id = Ids.New(), phone = dana.Phone, businessId = business.Id, now }, tx.Transaction));
        // Another caller at the same business, and the same phone at another business: neither is in Dana's export.
        var someoneElse = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddMinutes(-30));
        var elsewhere = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, other.Id, now.AddMinutes(-20), phone: dana.Phone);
        var otherCustomer = await db.Db.WriteAsync(tx => customers.UpsertAsync(tx, other.Id, dana.Phone, "Dana Elsewhere", null, null, CustomerSources.MissedCall));
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
}
