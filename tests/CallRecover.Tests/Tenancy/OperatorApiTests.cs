using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Data;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Tenancy;

public sealed class OperatorApiTests
{
    private static object ValidBody(string? carrier = null) => new
    {
        name = "Reyes Plumbing",
        ownerName = "Ana Reyes",
        ownerEmail = $"ana-{Guid.NewGuid():N}@example.com",
        ownerPhone = "(904) 555-0134",
        businessPhone = "904-555-0135",
        carrierNumber = carrier ?? TestBusinesses.UniquePhone(),
        timeZone = "America/Chicago",
        vertical = "plumbing",
        businessHours = new { monday = new { open = "07:30", close = "16:00" }, saturday = (object?)null },
        averageJobValue = 425.5,
    };

    private static async Task<int> CountBusinessesAsync(Db db)
    {
        await using var conn = await db.OpenAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM businesses");
    }

    [Theory, DatabaseData]
    public async Task CreateBusiness_Returns201_WithNormalizedPhonesAndDefaults(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.OperatorClient();

        var response = await client.PostJsonAsync("/api/admin/businesses", ValidBody());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        body.GetProperty("ownerPhone").GetString().ShouldBe("+19045550134");
        body.GetProperty("businessPhone").GetString().ShouldBe("+19045550135");
        body.GetProperty("subscriptionStatus").GetString().ShouldBe("trial");
        body.GetProperty("averageJobValue").GetDecimal().ShouldBe(425.50m);
        body.GetProperty("businessHours").GetProperty("monday").GetProperty("open").GetString().ShouldBe("07:30");
        body.GetProperty("businessHours").GetProperty("tuesday").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("services").GetArrayLength().ShouldBeGreaterThan(0);
        response.Headers.Location!.ToString().ShouldBe($"/api/admin/businesses/{body.GetProperty("id").GetString()}");

        var fetched = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        fetched.GetProperty("name").GetString().ShouldBe("Reyes Plumbing");
        fetched.GetProperty("timeZone").GetString().ShouldBe("America/Chicago");
    }

    [Theory, DatabaseData]
    public async Task CreateBusiness_ReadsNationalPhones_InTheCarrierNumbersCountry(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);

        var response = await app.OperatorClient().PostJsonAsync("/api/admin/businesses", new
        {
            name = "Thames Heating", ownerName = "Ann Lee", ownerEmail = $"ann-{Guid.NewGuid():N}@example.com",
            ownerPhone = "07912 345678", businessPhone = "020 7946 0958", carrierNumber = "+44 20 7031 3000",
            timeZone = "Europe/London", vertical = "hvac",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("carrierNumber").GetString().ShouldBe("+442070313000");
        body.GetProperty("ownerPhone").GetString().ShouldBe("+447912345678");
        body.GetProperty("businessPhone").GetString().ShouldBe("+442079460958");
    }

    [Theory, DatabaseData]
    public async Task CreateBusiness_RejectsBadFields_NamingEach_AndWritesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.OperatorClient();

        var response = await client.PostJsonAsync("/api/admin/businesses", new
        {
            name = "X",
            ownerName = "Y",
            ownerEmail = "not-an-email",
            ownerPhone = "call me maybe",
            businessPhone = "123",
            carrierNumber = "+19045550111",
            timeZone = "Mars/Olympus",
            businessHours = new { monday = new { open = "17:00", close = "08:00" }, funday = (object?)null },
            vertical = "bakery",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "ownerEmail", "ownerPhone", "businessPhone", "timeZone", "businessHours", "vertical" })
            errors.TryGetProperty(field, out _).ShouldBeTrue($"expected an error for {field}");
        (await CountBusinessesAsync(db.Db)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task CreateBusiness_WrongTypeOrMalformedJson_Is400NamingTheField(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.OperatorClient();

        var wrongType = await client.PostAsync("/api/admin/businesses",
            new StringContent("""{"name":"A","averageJobValue":"lots"}""", System.Text.Encoding.UTF8, "application/json"));
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("averageJobValue", out _).ShouldBeTrue();

        var unknown = await client.PostAsync("/api/admin/businesses",
            new StringContent("""{"name":"A","colour":"blue"}""", System.Text.Encoding.UTF8, "application/json"));
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var malformed = await client.PostAsync("/api/admin/businesses",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CountBusinessesAsync(db.Db)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task DuplicateCarrierNumber_Is409_OnCreateAndUpdate(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.OperatorClient();
        var carrier = TestBusinesses.UniquePhone();
        (await client.PostJsonAsync("/api/admin/businesses", ValidBody(carrier))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await client.PostJsonAsync("/api/admin/businesses", ValidBody(carrier))).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var other = await (await client.PostJsonAsync("/api/admin/businesses", ValidBody())).Content.ReadFromJsonAsync<JsonElement>();
        var patch = await client.PatchAsJsonAsync($"/api/admin/businesses/{other.GetProperty("id").GetString()}", new { carrierNumber = carrier });
        patch.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CountBusinessesAsync(db.Db)).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task UpdateBusiness_ChangesOnlyGivenFields_AndRejectsBadValuesWithoutWriting(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.OperatorClient();
        var business = await app.CreateBusinessAsync();

        var ok = await client.PatchAsJsonAsync($"/api/admin/businesses/{business.Id}", new { greeting = "Hi from us!", laborRate = 120 });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var updated = await app.Service<BusinessStore>().GetAsync(business.Id);
        updated!.Greeting.ShouldBe("Hi from us!");
        updated.LaborRate.ShouldBe(120m);
        updated.Name.ShouldBe(business.Name);

        var bad = await client.PatchAsJsonAsync($"/api/admin/businesses/{business.Id}", new { greeting = "changed", timeZone = "Nowhere/Land" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Service<BusinessStore>().GetAsync(business.Id))!.Greeting.ShouldBe("Hi from us!");
    }

    [Theory, DatabaseData]
    public async Task UnknownBusiness_Is404_Everywhere(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var client = app.OperatorClient();
        (await client.GetAsync("/api/admin/businesses/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PatchAsJsonAsync("/api/admin/businesses/nope", new { name = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/admin/businesses/nope/leads")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/admin/businesses/nope/calls")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task MissingOrWrongOperatorKey_Is401_AndNoKeyConfigured_DisablesTheApi(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/admin/businesses")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        (await anonymous.GetAsync("/api/admin/businesses")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostJsonAsync("/api/admin/businesses", ValidBody())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await CountBusinessesAsync(db.Db)).ShouldBe(0);

        await using var disabled = new AppFactory(db, settings: new Dictionary<string, string?> { ["Operator:ApiKey"] = "" });
        var client = disabled.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "");
        (await client.GetAsync("/api/admin/businesses")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
