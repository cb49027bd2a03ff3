using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Estimates;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Recordings;

namespace CallRecover.Tests.Estimates;

public sealed class EstimatesApiTests
{
    /// <summary>
    /// Found by the fuzz test on PostgreSQL: two resets (or edits) of one catalog at once each deleted the rows they
    /// saw and inserted theirs, and the second insert hit the unique name — a 500. Now the catalog's meta row is
    /// locked first, so they run one after the other.
    /// </summary>
    [Theory, DatabaseData]
    public async Task ConcurrentResetsAndUpserts_OfOneCatalog_AllSucceed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", EstimatesEnabled = true });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/catalog";
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => i % 3 == 2
            ? client.PostJsonAsync($"{url}/entries", new { name = "Wiper blades", laborHours = 0.2, partsCost = 30, keywords = new[] { "wipers" } })
            : client.PostAsync($"{url}/reset", null)));
        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK);
        var catalog = await client.GetFromJsonAsync<JsonElement>(url);
        catalog.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldBeUnique();
    }

    [Theory, DatabaseData]
    public async Task Catalog_IsSeededFromTheVertical_EditsBumpTheVersion_AndEstimatesUseIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto", LaborRate = 120m, EstimatesEnabled = true });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/catalog";

        var catalog = await client.GetFromJsonAsync<JsonElement>(url);
        catalog.GetProperty("version").GetInt32().ShouldBe(1);
        catalog.GetProperty("entries").GetArrayLength().ShouldBe(10);
        catalog.GetProperty("entries")[1].GetProperty("name").GetString().ShouldBe("Brake pads");

        var upsert = await client.PostJsonAsync($"{url}/entries", new { name = "Brake pads", laborHours = 2.0, partsCost = 150, keywords = new[] { "brakes", "brake pads" } });
        upsert.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("version").GetInt32().ShouldBe(2);

        var preview = await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/estimates", new { text = "my brakes are grinding", vehicle = new { year = 2020, make = "Honda", model = "Civic" } });
        var estimate = await preview.Content.ReadFromJsonAsync<JsonElement>();
        estimate.GetProperty("total").GetDecimal().ShouldBe(2.0m * 120 + 150);
        estimate.GetProperty("catalogVersion").GetInt32().ShouldBe(2);

        var put = await client.PutAsJsonAsync(url, new { tripCharge = 40, entries = new[] { new { name = "Tire rotation", laborHours = 0.5, partsCost = 0, keywords = new[] { "rotate my tires", "tire rotation" } } } }, CallRecover.Common.Json.Options);
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var replaced = await put.Content.ReadFromJsonAsync<JsonElement>();
        replaced.GetProperty("version").GetInt32().ShouldBe(3);
        replaced.GetProperty("tripCharge").GetDecimal().ShouldBe(40m);
        replaced.GetProperty("entries").GetArrayLength().ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Catalog_RejectsBadEntries_NamingEachField_AndChangesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync(i => i with { Vertical = "auto" });
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{business.Id}/catalog";
        await client.GetAsync(url);

        var response = await client.PutAsJsonAsync(url, new
        {
            tripCharge = -5,
            entries = new object[] { new { name = "", laborHours = -1, partsCost = 10, keywords = Array.Empty<string>() }, new { name = "X", laborHours = 1, partsCost = 1, keywords = new[] { "x" }, complexity = "extreme" } },
        }, CallRecover.Common.Json.Options);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "tripCharge", "entries[0].name", "entries[0].laborHours", "entries[0].keywords", "entries[1].complexity" })
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Staff_CanEditApproveAndDeclineQuotes_AndASecondAnswerConflicts(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.MechanicAsync();
        var client = kit.App.OperatorClient();
        var caller = TestBusinesses.UniquePhone();
        await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = caller, text = "My name is Ann. I need an oil change on my 2020 Toyota Camry." });
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        var baseUrl = $"/api/admin/businesses/{business.Id}/quotes/{quote.Id}";

        var edit = await client.PutAsJsonAsync($"{baseUrl}/items?by=dana", new object[]
        {
            new { kind = "labor", description = "Oil change labor", qty = 0.5, unitPrice = 100, repair = "Oil change" },
            new { kind = "part", description = "Synthetic oil and filter", qty = 1, unitPrice = 65, repair = "Oil change", partNumber = "OF-123" },
        }, CallRecover.Common.Json.Options);
        edit.StatusCode.ShouldBe(HttpStatusCode.OK);
        var edited = await edit.Content.ReadFromJsonAsync<JsonElement>();
        edited.GetProperty("quote").GetProperty("total").GetDecimal().ShouldBe(115m);
        edited.GetProperty("quote").GetProperty("status").GetString().ShouldBe("draft");

        // The caller's YES does not approve numbers they were not sent.
        await kit.CallerTextsAsync(business.Id, caller, "YES");
        await Eventually.WaitAsync(async () => await kit.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = 'conversation.turn' AND business_id = @Id AND status IN ('pending','running')", new { business.Id }) == 0
            && await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'inbound'", new { business.Id }) >= 1, "the turn");
        (await kit.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe("draft");

        (await client.PostAsync($"{baseUrl}/send?by=dana", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sent = await kit.ScalarAsync<string>("SELECT body FROM messages WHERE business_id = @Id AND purpose = 'quote' ORDER BY created_at DESC LIMIT 1", new { business.Id });
        sent.ShouldContain("= $115.00 total");

        var approve = await client.PostAsync($"{baseUrl}/approve?by=dana", null);
        approve.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quote").GetProperty("approvedBy").GetString().ShouldBe("operator:dana");
        (await client.PostAsync($"{baseUrl}/decline", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @Id AND event = 'quote_approved'", new { business.Id })).ShouldBe(1);

        var bad = await client.PutAsJsonAsync($"{baseUrl}/items", new object[] { new { kind = "gift", description = "", qty = 0, unitPrice = -1 } }, CallRecover.Common.Json.Options);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, DatabaseData]
    public async Task No_DeclinesThePendingQuote_AndOtherTextsAreLeftForTheEngine(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.MechanicAsync();
        var caller = TestBusinesses.UniquePhone();
        await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = caller, text = "My name is Bo. My brakes are squealing." });
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");

        await kit.CallerTextsAsync(business.Id, caller, "yes but does that include the rotors?");
        // Not an approval: no step of ours handles it, so the conversation engine answers it.
        await Eventually.WaitAsync(async () => await kit.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = 'conversation.turn' AND business_id = @Id AND status = 'done'", new { business.Id }) == 1, "the engine's turn");
        (await kit.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe("sent");

        await kit.CallerTextsAsync(business.Id, caller, "No thanks");
        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Declined, "the NO to decline");
    }

    [Theory, DatabaseData]
    public async Task Yes_FromAnOptedOutNumber_DoesNotApprove(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.MechanicAsync();
        var caller = TestBusinesses.UniquePhone();
        await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = caller, text = "My name is Cy. Oil change please." });
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        await kit.App.Service<CallRecover.Data.Db>().WriteAsync(tx => kit.App.Service<CallRecover.Compliance.OptOutStore>().OptOutAsync(tx, business.Id, caller, "STOP"));

        await kit.CallerTextsAsync(business.Id, caller, "YES");

        await Eventually.WaitAsync(async () => await kit.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = 'conversation.turn' AND business_id = @Id AND status IN ('pending','running')", new { business.Id }) == 0
            && await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'inbound'", new { business.Id }) >= 1, "the turn");
        (await kit.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe("sent");
    }
}

public sealed class QuoteExpiryTests
{
    [Theory, DatabaseData]
    public async Task SentQuote_ExpiresAfterTwoWeeks_AndALateYesDoesNotApproveIt(string provider)
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        // The test runs the sweep by hand; the scheduled one would race it once the clock moves.
        await using var kit = await RecordingsTestKit.StartAsync(provider, clock, new() { ["Transcription:Provider"] = "none", ["Queue:RunScheduledTasks"] = "false" });
        var business = await kit.MechanicAsync();
        var caller = TestBusinesses.UniquePhone();
        await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = caller, text = "My name is Eve. Oil change please." });
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        var worker = kit.App.Service<QuoteExpiryWorker>();

        clock.Advance(TimeSpan.FromDays(13));
        (await worker.RunOnceAsync()).ShouldBe(0);
        clock.Advance(TimeSpan.FromDays(2));
        (await worker.RunOnceAsync()).ShouldBe(1);

        await kit.CallerTextsAsync(business.Id, caller, "YES");
        await Eventually.WaitAsync(async () => await kit.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = 'conversation.turn' AND business_id = @Id AND status IN ('pending','running')", new { business.Id }) == 0
            && await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'inbound'", new { business.Id }) >= 1, "the turn");
        (await kit.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Expired);
    }
}
