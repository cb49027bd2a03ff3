using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Recordings;

/// <summary>The default run (simulator) has no audio: a voicemail is "left" as typed text standing in for the transcript.</summary>
public sealed class TypedVoicemailTests
{
    [Theory, DatabaseData]
    public async Task TypedVoicemail_ToAMechanic_BecomesVoicemailLeadWithQuote_ApprovedByYes(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.MechanicAsync();
        var caller = TestBusinesses.UniquePhone();
        var client = kit.App.OperatorClient();

        var response = await client.PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new
        {
            from = caller,
            text = "Hi, my name is Maria Lopez. My 2019 Honda Civic needs an oil change and the battery light is on. I'm at 1234 Oak Street. Tomorrow morning would be great.",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the typed voicemail's quote");
        // Oil change 0.5 h + 45, alternator 2.0 h + 260: two lines each, one quote.
        quote.Total.ShouldBe(50m + 45m + 200m + 260m);
        var lead = await kit.App.Service<LeadStore>().GetAsync(business.Id, quote.LeadId);
        lead!.Source.ShouldBe(LeadSources.Voicemail);
        lead.PreferredTime.ShouldBe("tomorrow morning");
        var calls = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/calls");
        calls[0].GetProperty("status").GetString().ShouldBe("voicemail");
        calls[0].GetProperty("transcription").GetString()!.ShouldContain("oil change");
        var body = await kit.ScalarAsync<string>("SELECT body FROM messages WHERE business_id = @Id AND purpose = 'quote'", new { business.Id });
        body.ShouldContain("Estimate for Oil change and Alternator replacement");
        body.ShouldContain("got your message about an oil change");

        await kit.CallerTextsAsync(business.Id, caller, "yes");
        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Approved, "the approval");
    }

    [Theory, DatabaseData]
    public async Task TypedVoicemail_ToHvacWithoutQuotes_TextRefersToTheMessage_AndAsksOnlyWhatItDidNotSay(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.App.CreateBusinessAsync();
        var caller = TestBusinesses.UniquePhone();

        var response = await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new
        {
            from = caller,
            text = "Hi, this is Tom Baker. The AC is not cooling at all and it's 90 degrees in here. Can you come tomorrow afternoon?",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);

        var body = await Eventually.WaitAsync(() => kit.ScalarAsync<string?>("SELECT body FROM messages WHERE business_id = @Id AND direction = 'outbound'", new { business.Id }),
            b => b is not null, "the voicemail follow-up text");
        // The need retold from the understanding (not the transcript's first words), the business named, and the
        // opt-out hint a first text to a number carries (issue #15).
        body.ShouldBe($"Hi Tom, this is {business.Name} — got your message about your AC not cooling. What's the address where you need the service? Reply STOP to opt out.");
        body!.ShouldNotContain("$");
        var lead = (await kit.App.Service<LeadStore>().ListAsync(business.Id)).Single();
        lead.Name.ShouldBe("Tom Baker");
        lead.PreferredTime.ShouldBe("tomorrow afternoon");
        // The service is the business's own name for it, read the way the SMS engine reads a text.
        lead.ServiceNeeded.ShouldBe("AC repair");
        lead.Source.ShouldBe(LeadSources.Voicemail);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM quotes WHERE business_id = @Id", new { business.Id })).ShouldBe(0);
    }

    /// <summary>
    /// Consent is revoked by any reasonable means, a voicemail too (issue #15): "please stop calling and texting me" left
    /// as a message opts the caller out like a STOP. Before, it got the usual "got your message" text.
    /// </summary>
    [Theory, DatabaseData]
    public async Task TypedVoicemail_AskingNotToBeContacted_OptsOut_NothingIsTexted_AndTheOwnerIsTold(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.App.CreateBusinessAsync();
        var caller = TestBusinesses.UniquePhone();

        var response = await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new
        {
            from = caller,
            text = "Hi, this is Glen Ruiz. You folks keep calling this number about a furnace. Please stop calling and texting me, take me off your list.",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);

        var lead = await Eventually.WaitAsync(() => kit.App.Service<LeadStore>().GetByPhoneAsync(business.Id, caller),
            l => l?.Status == LeadStatuses.OptedOut, "the caller opted out by voicemail");
        lead!.Name.ShouldBe("Glen Ruiz");
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM opt_outs WHERE business_id = @Id AND phone = @caller", new { business.Id, caller })).ShouldBe(1);
        (await kit.ScalarAsync<string>("SELECT title FROM notifications WHERE business_id = @Id AND event = 'opted_out'", new { business.Id }))
            .ShouldBe("Glen Ruiz asked not to be contacted");
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND to_phone = @caller", new { business.Id, caller })).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task TypedVoicemail_RejectsBadInput_NamingTheField(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();

        var response = await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new { from = "call me", text = "" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("from", out _).ShouldBeTrue();
        problem.GetProperty("errors").TryGetProperty("text", out _).ShouldBeTrue();
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM recordings", new { })).ShouldBe(0);
    }
}

public sealed class DefaultRunTests
{
    [Theory, DatabaseData]
    public async Task DefaultRun_SeedsADemoMechanic_WhereATypedVoicemailGetsAPricedQuoteAndYesApproves(string provider)
    {
        // The default run: the demo is seeded only with the simulator as the carrier (whose signing key is Carrier:AuthToken here).
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new()
        {
            ["SeedDemo"] = "true", ["Transcription:Provider"] = "none", ["Carrier:Provider"] = "simulator",
        });
        var client = kit.App.OperatorClient();
        var businesses = await client.GetFromJsonAsync<JsonElement>("/api/admin/businesses");
        var mechanic = businesses.EnumerateArray().Single(b => b.GetProperty("carrierNumber").GetString() == CallRecover.Estimates.DemoMechanicSeed.CarrierNumber);
        mechanic.GetProperty("estimatesEnabled").GetBoolean().ShouldBeTrue();
        var id = mechanic.GetProperty("id").GetString()!;
        var caller = TestBusinesses.UniquePhone();

        (await client.PostJsonAsync($"/api/admin/businesses/{id}/voicemails", new { from = caller, text = "Hi, this is Dave. My 2008 Ford F-150 won't crank, it clicks when I turn the key." }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var quote = await kit.WaitForQuoteAsync(id, q => q.Status == QuoteStatuses.Sent, "the demo quote");
        quote.Total.ShouldBe(675.00m);
        await kit.CallerTextsAsync(id, caller, "YES");
        await kit.WaitForQuoteAsync(id, q => q.Status == QuoteStatuses.Approved, "the demo approval");
        businesses.GetArrayLength().ShouldBe(2);
    }
}
