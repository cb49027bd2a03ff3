using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Recordings;

namespace CallRecover.Tests.Extraction;

public sealed class CorrectionsApiTests
{
    [Theory, DatabaseData]
    public async Task CorrectingFields_StoresWhoWhenOldNew_UpdatesLeadAndVehicle_RepricesTheQuote_AndFeedsQuality(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.MechanicAsync();
        var client = kit.App.OperatorClient();
        await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails",
            new { from = TestBusinesses.UniquePhone(), text = "This is Jon. My 2018 Honda Accord needs an oil change." });
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        quote.Total.ShouldBe(95m);

        var response = await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/extractions/{quote.ExtractionId}/corrections", new
        {
            by = "dana@shop.example",
            fields = new Dictionary<string, string?> { ["name"] = "Jonathan Reed", ["vehicleYear"] = "2006", ["vehicleMake"] = "Lexus", ["vehicleModel"] = "RX 350" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        outcome.GetProperty("corrections").GetArrayLength().ShouldBe(4);
        outcome.GetProperty("extraction").GetProperty("fields").GetProperty("name").GetProperty("confidence").GetDouble().ShouldBe(1.0);
        outcome.GetProperty("extraction").GetProperty("originalFields").GetProperty("name").GetProperty("value").GetString().ShouldBe("Jon");

        var corrections = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/extractions/{quote.ExtractionId}");
        var nameFix = corrections.GetProperty("corrections").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "name");
        nameFix.GetProperty("oldValue").GetString().ShouldBe("Jon");
        nameFix.GetProperty("newValue").GetString().ShouldBe("Jonathan Reed");
        nameFix.GetProperty("correctedBy").GetString().ShouldBe("operator:dana@shop.example");

        var lead = await kit.App.Service<LeadStore>().GetAsync(business.Id, quote.LeadId);
        lead!.Name.ShouldBe("Jonathan Reed");
        lead.Confidence["name"].ShouldBe(1.0);
        var customer = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/customers/{quote.CustomerId}");
        customer.GetProperty("customer").GetProperty("name").GetString().ShouldBe("Jonathan Reed");
        customer.GetProperty("vehicles")[0].GetProperty("make").GetString().ShouldBe("Lexus");

        // Lexus +30 %, 2006 (20 years) +20 %: 95 × 1.3 = 123.50, × 1.2 = 148.20. The caller never saw it: back to draft.
        var repriced = (await kit.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!;
        repriced.Quote.Total.ShouldBe(148.20m);
        repriced.Quote.Status.ShouldBe(QuoteStatuses.Draft);
        repriced.Items.Count(i => i.Kind == "adjustment").ShouldBe(2);

        var quality = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/extraction-quality");
        var name = quality.EnumerateArray().Single(q => q.GetProperty("field").GetString() == "name");
        (name.GetProperty("extracted").GetInt32(), name.GetProperty("corrected").GetInt32(), name.GetProperty("accuracy").GetDouble()).ShouldBe((1, 1, 0.0));
        var phone = quality.EnumerateArray().Single(q => q.GetProperty("field").GetString() == "phone");
        phone.GetProperty("accuracy").GetDouble().ShouldBe(1.0);
    }

    [Theory, DatabaseData]
    public async Task Correction_WithBadValues_Is400NamingEachField_AndChangesNothing(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.MechanicAsync();
        var client = kit.App.OperatorClient();
        await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = TestBusinesses.UniquePhone(), text = "This is Jon. Oil change please." });
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");

        var response = await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/extractions/{quote.ExtractionId}/corrections", new
        {
            by = "dana",
            fields = new Dictionary<string, string?> { ["phone"] = "not a phone", ["urgency"] = "whenever", ["vin"] = "123", ["favoriteColor"] = "red", ["name"] = "Jon Q" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var f in new[] { "fields.phone", "fields.urgency", "fields.vin", "fields.favoriteColor" }) errors.TryGetProperty(f, out _).ShouldBeTrue(f);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM extraction_corrections", new { })).ShouldBe(0);
        (await kit.App.Service<LeadStore>().GetAsync(business.Id, quote.LeadId))!.Name.ShouldBe("Jon");
    }
}
