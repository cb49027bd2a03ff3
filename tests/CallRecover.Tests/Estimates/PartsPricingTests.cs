using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Estimates.Pages;
using CallRecover.Leads;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallRecover.Tests.Estimates;

/// <summary>
/// PartsTech on loopback, speaking its documented API: <c>POST /oauth/access</c> (user + partner credentials → a bearer
/// token) and <c>POST /catalog/quote</c> (<c>{searchParams: {vin, keyword}, storeId}</c> → <c>{parts: [{partNumber,
/// partName, price: {cost, price, retail}}], filters: []}</c>). Tests make it slow, wrong or refusing.
/// </summary>
public sealed class FakePartsTech : LoopbackServer
{
    public decimal Retail { get; set; } = 142.50m;
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;
    /// <summary>"ok", "wrong" (a price that makes no sense), "garbage" (not JSON), "401".</summary>
    public string Mode { get; set; } = "ok";
    public ConcurrentQueue<JsonNode> TokenRequests { get; } = new();
    public ConcurrentQueue<(string? Authorization, JsonNode Body)> QuoteRequests { get; } = new();

    public static async Task<FakePartsTech> StartAsync()
    {
        var server = new FakePartsTech();
        await server.StartAsync(app =>
        {
            app.MapPost("/oauth/access", server.TokenAsync);
            app.MapPost("/catalog/quote", server.QuoteAsync);
        });
        return server;
    }

    private async Task TokenAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        TokenRequests.Enqueue(body);
        if (Mode == "401" || (string?)body["credentials"]?["partner"]?["key"] != "partner-secret")
        {
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { error = new { code = "UserAuthenticationFailed", message = "Incorrect user id or user key" } });
            return;
        }
        await http.Response.WriteAsJsonAsync(new { tokenType = "bearer", accessToken = "jwt-1", expiresIn = 3600, username = (string?)body["credentials"]?["user"]?["id"], partner = "callrecover" });
    }

    private async Task QuoteAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        QuoteRequests.Enqueue((http.Request.Headers.Authorization.ToString(), body));
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        if (Mode == "401") { http.Response.StatusCode = 401; await http.Response.WriteAsJsonAsync(new { error = new { code = "InvalidToken", message = "Provided token is invalid" } }); return; }
        if (Mode == "garbage") { http.Response.ContentType = "text/html"; await http.Response.WriteAsync("<html>maintenance</html>"); return; }
        var price = Mode == "wrong" ? -3m : Retail;
        await http.Response.WriteAsJsonAsync(new
        {
            parts = new[]
            {
                new { partId = "BBHK-0986", partNumber = "BP-1234", partName = "Bosch QuietCast Brake Pad Set", price = new { cost = 61.10m, price = 61.10m, retail = (decimal?)price, core = 0m } },
            },
            filters = Array.Empty<object>(),
        });
    }
}

public sealed class PartsPricingTests
{
    private const string Vin = "1HGCM82633A004352";

    private static Dictionary<string, string?> Settings(string partsTechUrl) => new()
    {
        ["Estimates:PartsTechBaseUrl"] = partsTechUrl,
        ["Estimates:PartsTechPartnerId"] = "callrecover",
        ["Estimates:PartsTechPartnerKey"] = "partner-secret",
        ["Estimates:ProviderTimeoutSeconds"] = "1",
    };

    private static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> EstimateAsync(HttpClient client, string businessId, string text, string? vin = Vin)
    {
        var response = await client.PostJsonAsync($"/api/admin/businesses/{businessId}/estimates",
            new { text, vehicle = new { year = 2003, make = "Honda", model = "Accord", vin } });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Repair(JsonElement estimate, string name) =>
        estimate.GetProperty("repairs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    [Theory, DatabaseData]
    public async Task PriceList_ABadFileChangesNothing_AGoodOneReplacesTheList_AndPricesTheRepairsOnIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 100m, EstimatesEnabled = true });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/price-list";

        (await client.PostAsync(url, Csv("repair,price\nBrake pads,99.00\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var (csv, mentions) in new[]
        {
            ("repair,price\nBrake pads,110\nBrake rotors,80\n", "Row 3: repair \"Brake rotors\" is not in the catalog"),
            ("repair,price\nBattery replacement,12O.00\n", "Row 2: price \"12O.00\""),
            ("repair,price\nBrake pads,99\nBattery replacement,\"1,5\"\n", "Row 3: price \"1,5\""),
            ("repair,price\nBattery replacement,-5\n", "Row 2: price \"-5\""),
            ("repair,price\nBrake pads,10\nbrake PADS,11\n", "Row 3: repair \"Brake pads\" is listed twice"),
            ("repair,cost\nBrake pads,10\n", "Row 1: the file needs the columns repair and price"),
            ("repair,price\nBrake pads,\"10\n", "Row 2"),
            ("repair,price\nBrake pads,10,extra\n", "Row 2: it has 3 columns"),
        })
        {
            var bad = await client.PostAsync(url, Csv(csv));
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain(mentions);
        }
        (await client.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var kept = await client.GetFromJsonAsync<JsonElement>(url);
        kept.GetArrayLength().ShouldBe(1);
        kept[0].GetProperty("price").GetDecimal().ShouldBe(99.00m);

        var good = await client.PostAsync(url, Csv("Repair,Price,Part_Number,Description\nbrake pads,$129.99,BP-77,Ceramic pads front\nAlternator replacement,\"1,210.00\",,\n"));
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await client.GetFromJsonAsync<JsonElement>(url);
        list.EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("price").GetDecimal()))
            .ShouldBe([("Alternator replacement", 1210.00m), ("Brake pads", 129.99m)]);

        var estimate = await EstimateAsync(client, business.Id, "my brakes are grinding and the battery is dead", vin: null);
        var brakes = Repair(estimate, "Brake pads");
        brakes.GetProperty("parts").GetDecimal().ShouldBe(129.99m);
        brakes.GetProperty("partsSource").GetString().ShouldBe("price_list");
        brakes.GetProperty("partsFallback").GetBoolean().ShouldBeFalse();
        brakes.GetProperty("partNumber").GetString().ShouldBe("BP-77");
        var battery = Repair(estimate, "Battery replacement");
        battery.GetProperty("parts").GetDecimal().ShouldBe(180m, "the catalog's default");
        battery.GetProperty("partsSource").GetString().ShouldBe("catalog");
        battery.GetProperty("partsFallback").GetBoolean().ShouldBeTrue();
        battery.GetProperty("partsNote").GetString().ShouldBe("not on your price list");
        estimate.GetProperty("total").GetDecimal().ShouldBe(Math.Round((1.5m * 100 + 129.99m + 0.5m * 100 + 180m) * 1.2m, 2), "+20 % for a 2003 car, on the price-list parts too");
    }

    [Theory, DatabaseData]
    public async Task PartsTech_IsAskedAsDocumented_AndASlowWrongOrDownProviderFallsThroughWithTheReason(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var partsTech = await FakePartsTech.StartAsync();
        await using var app = new AppFactory(db, new FakeClock(), Settings(partsTech.Url));
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 100m, EstimatesEnabled = true });
        var client = app.OperatorClient();
        var b = $"/api/admin/businesses/{business.Id}";
        (await client.PostAsync($"{b}/price-list", Csv("repair,price\nBrake pads,99.00\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = await client.PutAsJsonAsync($"{b}/parts-providers",
            new { order = new[] { "partstech", "price_list" }, partsTech = new { userId = "shop-7", key = "user-key-7", storeId = 228621 } });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = await saved.Content.ReadAsStringAsync();
        view.ShouldNotContain("user-key-7");
        JsonDocument.Parse(view).RootElement.GetProperty("active").EnumerateArray().Select(a => a.GetString()).ShouldBe(["partstech", "price_list", "catalog"]);

        var fine = Repair(await EstimateAsync(client, business.Id, "brakes are squealing"), "Brake pads");
        (fine.GetProperty("parts").GetDecimal(), fine.GetProperty("partsSource").GetString(), fine.GetProperty("partsFallback").GetBoolean()).ShouldBe((142.50m, "partstech", false));
        fine.GetProperty("partNumber").GetString().ShouldBe("BP-1234");
        partsTech.TokenRequests.TryPeek(out var token).ShouldBeTrue();
        ((string?)token!["accessType"], (string?)token["credentials"]!["user"]!["id"], (string?)token["credentials"]!["user"]!["key"], (string?)token["credentials"]!["partner"]!["id"])
            .ShouldBe(("user", "shop-7", "user-key-7", "callrecover"));
        partsTech.QuoteRequests.TryPeek(out var quote).ShouldBeTrue();
        quote.Authorization.ShouldBe("Bearer jwt-1");
        ((string?)quote.Body["searchParams"]!["vin"], (string?)quote.Body["searchParams"]!["keyword"], (long?)quote.Body["storeId"]).ShouldBe((Vin, "Brake pads", 228621L));

        // Each failure on another vehicle, so the cached answer above does not hide it.
        async Task<JsonElement> Fails(string mode, TimeSpan delay, string vin)
        {
            (partsTech.Mode, partsTech.Delay) = (mode, delay);
            return Repair(await EstimateAsync(client, business.Id, "brakes are squealing", vin), "Brake pads");
        }
        var slow = await Fails("ok", TimeSpan.FromSeconds(5), "1M8GDM9AXKP042788");
        (slow.GetProperty("parts").GetDecimal(), slow.GetProperty("partsSource").GetString(), slow.GetProperty("partsFallback").GetBoolean()).ShouldBe((99.00m, "price_list", true));
        slow.GetProperty("partsNote").GetString().ShouldBe("PartsTech did not answer within 1 s");
        (await Fails("wrong", TimeSpan.Zero, "2HGFG12857H500001")).GetProperty("partsNote").GetString().ShouldBe("PartsTech gave no usable price");
        (await Fails("garbage", TimeSpan.Zero, "2HGFG12877H500002")).GetProperty("partsNote").GetString().ShouldBe("PartsTech answered something that is not a quote");
        (await Fails("401", TimeSpan.Zero, "2HGFG12897H500003")).GetProperty("partsNote").GetString().ShouldBe("PartsTech refused the credentials");
        var noVin = Repair(await EstimateAsync(client, business.Id, "brakes are squealing", vin: null), "Brake pads");
        (noVin.GetProperty("partsSource").GetString(), noVin.GetProperty("partsNote").GetString()).ShouldBe(("price_list", "PartsTech needs the vehicle's VIN"));

        // The app's Data Protection keys were replaced (a lost key ring): the saved key cannot be read, the estimate goes on.
        var key = await app.Service<Db>().WriteAsync(tx => Dapper.SqlMapper.ExecuteScalarAsync<string>(tx.Connection,
            "SELECT partstech_key FROM parts_providers WHERE business_id = @id", new { id = business.Id }, tx.Transaction));
        await app.Service<Db>().WriteAsync(tx => Dapper.SqlMapper.ExecuteAsync(tx.Connection,
            "UPDATE parts_providers SET partstech_key = 'not-a-protected-value' WHERE business_id = @id", new { id = business.Id }, tx.Transaction));
        (await Fails("ok", TimeSpan.Zero, "2HGFG12857H500001")).GetProperty("partsNote").GetString().ShouldBe("the saved PartsTech key can no longer be read: enter it again");
        await app.Service<Db>().WriteAsync(tx => Dapper.SqlMapper.ExecuteAsync(tx.Connection,
            "UPDATE parts_providers SET partstech_key = @key WHERE business_id = @id", new { key, id = business.Id }, tx.Transaction));

        await partsTech.DisposeAsync(); // down: nothing listens there any more
        var down = Repair(await EstimateAsync(client, business.Id, "brakes are squealing and the battery is dead", "2HGFG12807H500004"), "Brake pads");
        (down.GetProperty("partsSource").GetString(), down.GetProperty("partsNote").GetString()).ShouldBe(("price_list", "PartsTech could not be reached"));
        var battery = Repair(await EstimateAsync(client, business.Id, "the battery is dead", "2HGFG12807H500004"), "Battery replacement");
        (battery.GetProperty("partsSource").GetString(), battery.GetProperty("partsNote").GetString())
            .ShouldBe(("catalog", "PartsTech could not be reached; not on your price list"));
    }

    [Theory, DatabaseData]
    public async Task AProvidersPrice_IsCachedForTheBusinessesHours_ThenAskedAgain(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var partsTech = await FakePartsTech.StartAsync();
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, Settings(partsTech.Url));
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", EstimatesEnabled = true });
        var client = app.OperatorClient();
        (await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/parts-providers",
            new { order = new[] { "partstech" }, cacheHours = 6, partsTech = new { userId = "shop-7", key = "user-key-7", storeId = 1 } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var first = Repair(await EstimateAsync(client, business.Id, "brake pads please"), "Brake pads");
        var fetchedAt = first.GetProperty("partsFetchedAt").GetDateTimeOffset();
        partsTech.Retail = 150m;
        clock.Advance(TimeSpan.FromHours(5));
        var warm = Repair(await EstimateAsync(client, business.Id, "brake pads please"), "Brake pads");
        (warm.GetProperty("parts").GetDecimal(), warm.GetProperty("partsFetchedAt").GetDateTimeOffset()).ShouldBe((142.50m, fetchedAt));
        (partsTech.QuoteRequests.Count, partsTech.TokenRequests.Count).ShouldBe((1, 1), "a warm estimate asks no one");

        clock.Advance(TimeSpan.FromHours(1.5));
        var expired = Repair(await EstimateAsync(client, business.Id, "brake pads please"), "Brake pads");
        expired.GetProperty("parts").GetDecimal().ShouldBe(150m);
        (partsTech.QuoteRequests.Count, partsTech.TokenRequests.Count).ShouldBe((2, 2), "the hour-long token had expired too");
    }

    [Theory, DatabaseData]
    public async Task ProviderSettings_RefuseWhatCannotWork_NamingTheField_AndNeverShowTheKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", EstimatesEnabled = true });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/parts-providers";
        async Task Refused(object body, string field)
        {
            var r = await client.PutAsJsonAsync(url, body);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(field);
        }
        await Refused(new { order = new[] { "ebay" } }, "order");
        await Refused(new { order = new[] { "price_list", "price_list" } }, "order");
        await Refused(new { cacheHours = 0 }, "cacheHours");
        await Refused(new { order = new[] { "partstech" } }, "order");
        await Refused(new { partsTech = new { userId = "u", key = "k", storeId = 1 } }, "partsTech"); // this server has no partner credentials
        (await client.PutAsync(url, new StringContent("[1]", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var view = await client.GetFromJsonAsync<JsonElement>(url);
        view.GetProperty("partsTech").GetProperty("available").GetBoolean().ShouldBeFalse();
        view.GetProperty("active").EnumerateArray().Select(a => a.GetString()).ShouldBe(["catalog"]);
        (await client.PutAsJsonAsync(url, new { order = new[] { "price_list" }, cacheHours = 48 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("cacheHours").GetInt32().ShouldBe(48);
    }

    [Theory, DatabaseData]
    public async Task QuoteLines_SayWhereTheirPriceCameFrom_StaffEditsBecomeCorrections_ByRepair(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 100m, EstimatesEnabled = true });
        var client = app.OperatorClient();
        (await client.PostAsync($"/api/admin/businesses/{business.Id}/price-list", Csv("repair,price\nBrake pads,99.00\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync($"/api/admin/businesses/{business.Id}/labor-guide", Csv("repair,labor_hours\nBrake pads,1.0\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-30));
        var quote = await QuoteFromEngineAsync(app, business.Id, thread.LeadId, "brakes grinding and my battery is dead");

        var items = quote.Items.Where(i => i.Kind == QuoteItemKinds.Part).ToList();
        items.Select(i => (i.Repair, i.PriceSource)).ShouldBe([("Brake pads", "price_list"), ("Battery replacement", "catalog")]);
        items[0].PriceFetchedAt.ShouldNotBeNull();

        await using (var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail))
        {
            var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Quote.Id));
            page.WaitForElement("#quote-lines");
            page.Find("[data-source='price_list']").TextContent.ShouldStartWith("Price from your price list");
            page.Find("[data-source='catalog']").TextContent.ShouldContain("Price from fallback: the catalog default");
            page.Find("[data-source='catalog']").TextContent.ShouldContain("not on your price list");
            page.Find("[data-guide-row='2']").TextContent.ShouldBe("Hours from labor guide row 2 (any vehicle)");
            page.FindAll("[data-guide-row]").Count.ShouldBe(1, "the battery's hours are the catalog's");
        }

        // Staff: brake labor 1 h (the guide's) → 2 h, battery parts kept, a trip fee added.
        var edited = quote.Items.Select(i => new
        {
            kind = i.Kind, repair = i.Repair, description = i.Description,
            qty = i.Kind == QuoteItemKinds.Labor && i.Repair == "Brake pads" ? 2m : i.Qty, unitPrice = i.UnitPrice,
        }).Append(new { kind = QuoteItemKinds.Fee, repair = (string?)null, description = "Trip", qty = 1m, unitPrice = 25m }).ToList();
        (await client.PutAsJsonAsync($"/api/admin/businesses/{business.Id}/quotes/{quote.Quote.Id}/items", edited)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Quote.Id))!;
        after.Items.Single(i => i.Kind == QuoteItemKinds.Part && i.Repair == "Battery replacement").PriceSource.ShouldBe("catalog", "an unchanged line keeps its source");

        var corrections = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/quote-corrections");
        var brakes = corrections.EnumerateArray().Single(c => c.GetProperty("repair").GetString() == "Brake pads");
        (brakes.GetProperty("quotesCorrected").GetInt32(), brakes.GetProperty("laborCorrections").GetInt32(), brakes.GetProperty("averageLaborChange").GetDecimal(),
            brakes.GetProperty("partsCorrections").GetInt32()).ShouldBe((1, 1, 100m, 0));
        corrections.EnumerateArray().Any(c => c.GetProperty("repair").GetString() == "Battery replacement").ShouldBeFalse();
        corrections.EnumerateArray().Single(c => c.GetProperty("repair").ValueKind == JsonValueKind.Null).GetProperty("quotesCorrected").GetInt32().ShouldBe(1);

        await using (var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail))
        {
            var page = ui.Render<QuoteCorrectionsPage>();
            page.WaitForElement("#corrections-table");
            page.Find("[data-repair='Brake pads']").TextContent.ShouldContain("+$100.00 (1×)");
        }
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesPriceListProvidersAndCorrections_AreUnreachable(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var a = await app.CreateBusinessAsync(i => i with { Vertical = "auto", EstimatesEnabled = true });
        var b = await app.CreateBusinessAsync(i => i with { Vertical = "auto", EstimatesEnabled = true });
        var client = app.OperatorClient();
        (await client.PostAsync($"/api/admin/businesses/{a.Id}/price-list", Csv("repair,price\nBrake pads,99.00\n"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PutAsJsonAsync($"/api/admin/businesses/{a.Id}/parts-providers", new { cacheHours = 7 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/price-list")).GetArrayLength().ShouldBe(0);
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{b.Id}/parts-providers")).GetProperty("cacheHours").GetInt32().ShouldBe(24);
        Repair(await EstimateAsync(client, b.Id, "brakes grinding", vin: null), "Brake pads").GetProperty("partsSource").GetString().ShouldBe("catalog");
        (await client.GetAsync("/api/admin/businesses/nope/price-list")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync($"/api/admin/businesses/{a.Id}/price-list")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await using var ui = await PageHarness.SignedInAsync(app, b.OwnerEmail);
        var page = ui.Render<PartsPricesPage>();
        page.WaitForElement("#price-list-empty");
        page.FindAll("#price-list-rows").Count.ShouldBe(0);
    }

    /// <summary>What the recording and web-form paths do: price the parts (before the transaction), run the engine, store the quote.</summary>
    private static async Task<QuoteWithItems> QuoteFromEngineAsync(AppFactory app, string businessId, string leadId, string text)
    {
        var business = (await app.Service<BusinessStore>().GetAsync(businessId))!;
        var prices = await app.Service<PartsPricing>().PriceAsync(business, text, null);
        var catalog = await app.Service<ServiceCatalogStore>().GetAsync(businessId, business.Vertical);
        var estimate = EstimateEngine.Run(text, catalog, business.LaborRate, null, 2026, prices, await app.Service<LaborGuideStore>().ListAsync(businessId));
        return await app.Service<Db>().WriteAsync(async tx =>
        {
            var lead = (await app.Service<LeadStore>().GetAsync(tx, businessId, leadId))!;
            return await app.Service<QuoteService>().CreateAsync(tx, business, lead, estimate, new QuoteOrigin(), "engine");
        });
    }
}
