using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Customers;

/// <summary>Customers from every source (one per phone, found again by phone and e-mail), search, VINs and merge.</summary>
public sealed class CustomerRecordsTests
{
    private const string GoodVin = "1HGCM82633A004352"; // check digit 3 matches
    private const string BadVin = "1HGCM82643A004352";  // one digit off: check digit no longer matches

    [Theory, DatabaseData]
    public async Task OnePerPhone_FoundAgainByPhoneAndEmail_SourceKept_GapsFilled(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock());
        var a = await app.CreateBusinessAsync();
        var store = app.Service<CustomerStore>();

        var first = await Upsert(app, a.Id, "+19045550134", null, null, null, CustomerSources.MissedCall);
        var again = await Upsert(app, a.Id, "+19045550134", "Dana Reyes", "Dana@Example.com", "12 Oak St", CustomerSources.WebForm);
        again.Id.ShouldBe(first.Id);
        again.Source.ShouldBe(CustomerSources.MissedCall);
        again.Name.ShouldBe("Dana Reyes");
        again.Email.ShouldBe("dana@example.com");

        // A new phone with a known e-mail is the same customer: its row points at Dana, never a second Dana.
        var byEmail = await Upsert(app, a.Id, "+13125550188", "Dana R", "DANA@example.com", null, CustomerSources.Sms);
        byEmail.Id.ShouldBe(first.Id);
        (await store.GetByPhoneAsync(a.Id, "+13125550188"))!.Customer.Id.ShouldBe(first.Id);
        (await store.GetAsync(a.Id, first.Id))!.MergedPhones.ShouldBe(["+13125550188"]);
        (await store.ListAsync(a.Id, null)).Select(c => c.Id).ShouldBe([first.Id]);
        (await store.ListAsync(a.Id, "312 555 0188")).Select(c => c.Id).ShouldBe([first.Id]);

        // Another business with the same phone and e-mail gets its own customer.
        var b = await app.CreateBusinessAsync();
        var other = await Upsert(app, b.Id, "+19045550134", "Dana Other", "dana@example.com", null, CustomerSources.Manual);
        other.Id.ShouldNotBe(first.Id);
        (await store.ListAsync(b.Id, "dana")).Select(c => c.Id).ShouldBe([other.Id]);
        (await store.ListAsync(a.Id, "other")).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Search_ByVinEmailAndMake_FollowsEdits_AndNeverCrossesBusinesses(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock());
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var store = app.Service<CustomerStore>();
        var dana = await Upsert(app, a.Id, "+19045550134", "Dana Reyes", "dana@example.com", "12 Oak St", CustomerSources.Recording);
        await db.Db.WriteAsync(tx => store.AddVehicleAsync(tx, a.Id, dana.Id, new VehicleDetails(2003, "Honda", "Accord", null, GoodVin, 120000)));
        var theirs = await Upsert(app, b.Id, "+19045550199", "Dana Reyes", "dana@example.com", "12 Oak St", CustomerSources.Recording);
        await db.Db.WriteAsync(tx => store.AddVehicleAsync(tx, b.Id, theirs.Id, new VehicleDetails(2003, "Honda", "Accord", null, GoodVin, null)));

        foreach (var q in new[] { GoodVin.ToLowerInvariant(), "A004352", "honda acc", "DANA@EXAMPLE", "oak st", "(904) 555-0134" })
            (await store.ListAsync(a.Id, q)).Select(c => c.Id).ShouldBe([dana.Id], q);
        (await store.ListAsync(a.Id, "qq%")).ShouldBeEmpty(); // a LIKE wildcard is not a wildcard here

        // The index follows an edit in the same transaction: the new name is found, the old one no longer.
        await db.Db.WriteAsync(tx => store.UpdateDetailsAsync(tx, a.Id, dana.Id, new CustomerDetails("Dana Whitfield", null, "12 Oak St")));
        (await store.ListAsync(a.Id, "whitfield")).Select(c => c.Id).ShouldBe([dana.Id]);
        (await store.ListAsync(a.Id, "reyes")).ShouldBeEmpty();
        (await store.ListAsync(a.Id, "dana@example")).ShouldBeEmpty();
        (await store.ListAsync(b.Id, "reyes")).Select(c => c.Id).ShouldBe([theirs.Id]);
    }

    [Theory, DatabaseData]
    public async Task OperatorApi_CreatesCustomersAndVehicles_BadInputStoresNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock());
        var a = await app.CreateBusinessAsync();
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{a.Id}/customers";

        var bad = await client.PostAsJsonAsync(url, new { phone = "12", email = "not-an-email" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("phone", out _).ShouldBeTrue();
        errors.TryGetProperty("email", out _).ShouldBeTrue();
        (await client.PostAsync(url, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Count(db.Db, "customers", a.Id)).ShouldBe(0);

        var created = await client.PostAsJsonAsync(url, new { phone = "(904) 555-0134", name = "Dana Reyes", by = "ops@example.com" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await client.PostAsJsonAsync(url, new { phone = "+1 904 555 0134" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var badVin = await client.PostAsJsonAsync($"{url}/{id}/vehicles", new { year = "2003", make = "Honda", vin = BadVin });
        badVin.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badVin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("vin", out _).ShouldBeTrue();
        (await client.PostAsJsonAsync($"{url}/{id}/vehicles", new { year = "1850", make = "Ford" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Count(db.Db, "vehicles", a.Id)).ShouldBe(0);
        (await client.PostAsJsonAsync($"{url}/{id}/vehicles", new { year = "2003", make = "Honda", model = "Accord", vin = "1hgcm82633a004352", mileage = "120,500" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var view = await client.GetFromJsonAsync<JsonElement>($"{url}/{id}");
        view.GetProperty("customer").GetProperty("source").GetString().ShouldBe(CustomerSources.Manual);
        var vehicle = view.GetProperty("vehicles")[0];
        vehicle.GetProperty("vin").GetString().ShouldBe(GoodVin);
        vehicle.GetProperty("mileage").GetInt32().ShouldBe(120500);
        (await client.GetFromJsonAsync<JsonElement>($"{url}?q=a004352")).GetArrayLength().ShouldBe(1);

        // Another business's id reaches nothing.
        var b = await app.CreateBusinessAsync();
        (await client.GetAsync($"/api/admin/businesses/{b.Id}/customers/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync($"/api/admin/businesses/{b.Id}/customers/{id}/vehicles", new { make = "Ford" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/customers?q=dana")).GetArrayLength().ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Merge_MovesQuotesVehiclesAndHistory_KeepsTheRow_Audits_AndStaysInsideTheBusiness(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var store = app.Service<CustomerStore>();
        var now = clock.GetUtcNow();
        var keptThread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, a.Id, now.AddHours(-5));
        var dupThread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, a.Id, now.AddHours(-3));
        var kept = await Upsert(app, a.Id, keptThread.Phone, "Dana Reyes", null, null, CustomerSources.MissedCall);
        var dup = await Upsert(app, a.Id, dupThread.Phone, "D. Reyes", "dana@example.com", "12 Oak St", CustomerSources.Sms);
        await db.Db.WriteAsync(tx => store.AddVehicleAsync(tx, a.Id, dup.Id, new VehicleDetails(2003, "Honda", "Accord", null, GoodVin, null)));
        var quote = await QuoteSeed.QuoteAsync(app, a.Id, dupThread.LeadId, now.AddHours(-2), customerId: dup.Id);
        var stranger = await Upsert(app, b.Id, "+13125550100", "Sam Lee", null, null, CustomerSources.Manual);
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{a.Id}/customers/merge";

        // Bad input, another business's customer, or itself: 4xx and nothing changes.
        (await client.PostAsJsonAsync(url, new { keepId = kept.Id })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsJsonAsync(url, new { keepId = kept.Id, mergeId = kept.Id })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsJsonAsync(url, new { keepId = kept.Id, mergeId = stranger.Id })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync($"/api/admin/businesses/{b.Id}/customers/merge", new { keepId = stranger.Id, mergeId = dup.Id })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await store.GetAsync(a.Id, dup.Id))!.Customer.MergedIntoId.ShouldBeNull();

        var merged = await client.PostAsJsonAsync(url, new { keepId = kept.Id, mergeId = dup.Id, by = "ops@example.com" });
        merged.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsJsonAsync(url, new { keepId = kept.Id, mergeId = dup.Id })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var view = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{a.Id}/customers/{kept.Id}");
        var customer = view.GetProperty("customer");
        customer.GetProperty("name").GetString().ShouldBe("Dana Reyes");          // kept's own detail stays
        customer.GetProperty("email").GetString().ShouldBe("dana@example.com");   // the gap is filled from the duplicate
        view.GetProperty("mergedPhones").EnumerateArray().Select(p => p.GetString()).ShouldBe([dupThread.Phone]);
        view.GetProperty("vehicles")[0].GetProperty("vin").GetString().ShouldBe(GoodVin);
        var history = view.GetProperty("history").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Id: e.GetProperty("id").GetString())).ToList();
        history.ShouldContain(("call", dupThread.CallId));
        history.ShouldContain(("call", keptThread.CallId));
        history.ShouldContain(("quote", quote.Id));

        await using var conn = await db.Db.OpenAsync();
        (await conn.ExecuteScalarAsync<string>("SELECT customer_id FROM quotes WHERE business_id = @b AND id = @id", new { b = a.Id, id = quote.Id })).ShouldBe(kept.Id);
        (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customers WHERE business_id = @b", new { b = a.Id })).ShouldBe(2); // nothing deleted
        (await store.GetByPhoneAsync(a.Id, dupThread.Phone))!.Customer.Id.ShouldBe(kept.Id);
        (await store.ListAsync(a.Id, null)).Select(c => c.Id).ShouldBe([kept.Id]);
        (await store.ListAsync(a.Id, "oak st")).Select(c => c.Id).ShouldBe([kept.Id]);
        var audit = await AuditLog.ListAsync(db.Db, a.Id, "customer", kept.Id);
        audit.ShouldContain(e => e.Action == "merged" && e.Actor == "operator:ops@example.com" && e.Details.Contains(dup.Id));

        // A later call or text from the merged phone lands on the kept customer.
        var later = await Upsert(app, a.Id, dupThread.Phone, null, null, "99 Pine Rd", CustomerSources.Sms);
        later.Id.ShouldBe(kept.Id);
        (await store.GetAsync(b.Id, stranger.Id))!.Customer.MergedIntoId.ShouldBeNull();
    }

    [Fact]
    public void Vin_CheckDigit_FollowsIso3779()
    {
        Vin.Parse(GoodVin).ShouldBe((GoodVin, null));
        Vin.Parse("1hgcm8-2633a 004352").Vin.ShouldBe(GoodVin);
        Vin.Parse(BadVin).Error.ShouldNotBeNull();
        Vin.Parse("1HGCM82633A00435").Error.ShouldNotBeNull();   // 16 characters
        Vin.Parse("1HGCM82633A00435O").Error.ShouldNotBeNull();  // O never appears
        Vin.Parse("  ").ShouldBe((null, null));
        Vin.CheckDigitValid("11111111111111111").ShouldBeTrue(); // the classic all-ones VIN: weighted sum ≡ 1 (mod 11)
    }

    private static Task<Customer> Upsert(AppFactory app, string businessId, string phone, string? name, string? email, string? address, string source) =>
        app.Service<Db>().WriteAsync(tx => app.Service<CustomerStore>().UpsertAsync(tx, businessId, phone, name, email, address, source));

    private static async Task<long> Count(Db db, string table, string businessId)
    {
        await using var conn = await db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE business_id = @businessId", new { businessId });
    }
}
