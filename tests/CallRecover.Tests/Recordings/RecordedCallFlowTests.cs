using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Estimates;
using CallRecover.Extraction;
using CallRecover.Leads;
using CallRecover.Recordings;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Recordings;

public sealed class RecordedCallFlowTests
{
    private const string AnsweredTranscript =
        "Hi, my name is Maria Lopez. I've got a 2019 Honda Civic and the brakes are squealing really bad when I stop. " +
        "You can call me back at nine oh four, five five five, oh one three four. I'm at 1234 Oak Street, Jacksonville. Could you come Thursday morning?";

    private const string VoicemailTranscript =
        "Hey, this is Dave. My oh eight Ford F-150 won't crank, it just clicks when I turn the key. Call me back at 904-555-0177. Thanks.";

    [Theory, DatabaseData]
    public async Task AnsweredCall_BecomesLeadWithTranscriptFieldsAndPricedQuote_TextedAndApprovedByYes(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        var caller = TestBusinesses.UniquePhone();
        var callId = await kit.InsertCallAsync(business.Id, "CA-answered-1", caller, "answered");
        kit.Carrier.Media["RE-answered-1.mp3"] = (FakeRecordingHost.Mp3(20), "audio/mpeg");
        kit.Whisper.Answers["RE-answered-1.mp3"] = FakeWhisperServer.VerboseJson(AnsweredTranscript);

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-answered-1", "RE-answered-1"));

        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote to be texted");
        quote.Total.ShouldBe(270.00m);
        quote.LaborTotal.ShouldBe(150.00m);
        quote.PartsTotal.ShouldBe(120.00m);
        using (var estimate = JsonDocument.Parse(quote.Estimate))
        {
            estimate.RootElement.GetProperty("repairs")[0].GetProperty("matchedWords").EnumerateArray().Select(e => e.GetString()).ShouldContain("brakes");
            estimate.RootElement.GetProperty("catalogVersion").GetInt32().ShouldBe(1);
        }

        // The recording was fetched as mp3 with the carrier's credentials, which did not follow the redirect to the CDN.
        kit.Carrier.Requests.ShouldContain(r => r.Path.EndsWith("/Recordings/RE-answered-1.mp3", StringComparison.Ordinal) && r.Authorization!.StartsWith("Basic ", StringComparison.Ordinal));
        kit.Carrier.Requests.ShouldContain(r => r.Path == "/cdn/RE-answered-1.mp3" && string.IsNullOrEmpty(r.Authorization));
        var whisper = kit.Whisper.Requests.Single();
        // The OpenAI package sends the file part without a Content-Type; Whisper reads the format from the file name.
        (whisper.Model, whisper.ResponseFormat, whisper.Language, whisper.FileName).ShouldBe(("whisper-1", "verbose_json", "en", "RE-answered-1.mp3"));
        whisper.FileBytes.ShouldBeGreaterThan(0);
        whisper.Authorization.ShouldBe("Bearer sk-test");

        var client = kit.App.OperatorClient();
        var recordings = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/recordings");
        var recordingId = recordings[0].GetProperty("id").GetString()!;
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/recordings/{recordingId}");
        detail.GetProperty("recording").GetProperty("status").GetString().ShouldBe("downloaded");
        detail.GetProperty("recording").GetProperty("sizeBytes").GetInt64().ShouldBe(80000);
        detail.GetProperty("recording").GetProperty("callId").GetString().ShouldBe(callId);
        File.Exists(Path.Combine(kit.RecordingsPath, business.Id, "RE-answered-1.mp3")).ShouldBeTrue();
        var transcription = detail.GetProperty("transcription");
        transcription.GetProperty("text").GetString()!.ShouldContain("brakes are squealing");
        transcription.GetProperty("quality").GetString().ShouldBe("ok");
        transcription.GetProperty("meanConfidence").GetDouble().ShouldBeInRange(0.7, 1.0);
        transcription.GetProperty("segments").GetArrayLength().ShouldBeGreaterThan(2);

        var lead = await kit.App.Service<LeadStore>().GetAsync(business.Id, quote.LeadId);
        lead!.Source.ShouldBe(LeadSources.AnsweredCall);
        lead.Name.ShouldBe("Maria Lopez");
        lead.Address.ShouldBe("1234 Oak St, Jacksonville");
        lead.PreferredTime.ShouldBe("thursday morning");
        lead.Confidence["name"].ShouldBeGreaterThanOrEqualTo(0.9);
        lead.EstimatedValue.ShouldBe(270.00m);
        (await kit.ScalarAsync<string>("SELECT transcription FROM calls WHERE id = @callId", new { callId })).ShouldContain("brakes");

        var extraction = await kit.App.Service<ExtractionStore>().GetAsync(business.Id, quote.ExtractionId!);
        extraction!.FieldMap[FieldNames.VehicleModel].Value.ShouldBe("Civic");
        extraction.FieldMap[FieldNames.Phone].Value.ShouldBe("+19045550134");
        extraction.FieldMap.Values.ShouldAllBe(f => f.Confidence > 0);
        extraction.RecordingId.ShouldBe(recordingId);
        var customer = await kit.App.Service<CallRecover.Customers.CustomerStore>().GetAsync(business.Id, quote.CustomerId!);
        customer!.Vehicles.Single().Model.ShouldBe("Civic");

        var sms = await kit.QueryAsync<(string Body, string Purpose, string Status)>(
            "SELECT body, purpose, status FROM messages WHERE business_id = @Id AND direction = 'outbound'", new { business.Id });
        var text = sms.Single();
        text.Purpose.ShouldBe("quote");
        text.Status.ShouldBeOneOf("queued", "sending", "sent", "delivered");
        (await Eventually.WaitAsync(() => Task.FromResult(kit.Sms.To(caller)), l => l.Count >= 1, "the quote at the carrier"))[0].Body.ShouldContain("Reply YES");
        text.Body.ShouldStartWith("Hi Maria, thanks for calling Joe's Mobile Mechanic.");
        text.Body.ShouldContain("Brake pads: labor $150.00 + parts $120.00 = $270.00 total.");
        // Then a link to the customer's portal, and the first text to the number also says how to opt out (issue #15:
        // the one send path adds it).
        text.Body.ShouldContain("Reply YES to approve or call us with questions. See it online: http://localhost/p/");
        text.Body.ShouldEndWith(" Reply STOP to opt out.");

        await kit.CallerTextsAsync(business.Id, caller, "Yes!");

        var approved = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Approved, "the YES to approve the quote");
        approved.ApprovedBy!.ShouldStartWith("caller:");
        var notices = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{business.Id}/notifications");
        notices.EnumerateArray().ShouldContain(n => n.GetProperty("event").GetString() == "quote_approved");
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id AND direction = 'outbound' AND body LIKE '%is approved%'", new { business.Id })).ShouldBe(1);

        // Logs never hold the caller's number (heard or caller id), the transcript or a text's body.
        kit.App.Logs.Lines.ShouldNotBeEmpty();
        var callerTail = caller.Substring(caller.Length - 7);
        kit.App.Logs.Lines.ShouldNotContain(l => l.Contains(callerTail, StringComparison.Ordinal) || l.Contains("5550134", StringComparison.Ordinal)
            || l.Contains("squealing", StringComparison.Ordinal) || l.Contains("Reply YES", StringComparison.Ordinal) || l.Contains("Maria", StringComparison.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task Voicemail_BecomesVoicemailLead_QuoteRefersToTheMessage_WithTruckAndAgeAdjustments_AndYesApproves(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        var caller = TestBusinesses.UniquePhone();
        var callId = await kit.InsertCallAsync(business.Id, "CA-vm-1", caller, "missed");
        kit.Carrier.Media["RE-vm-1.mp3"] = (FakeRecordingHost.Mp3(15), "audio/mpeg");
        kit.Whisper.Answers["RE-vm-1.mp3"] = FakeWhisperServer.VerboseJson(VoicemailTranscript);

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "voicemail", "CA-vm-1", "RE-vm-1", duration: 15));

        var quote = await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the voicemail quote");
        // Starter: 2.3 h × 100 + 220 = 450; F-150 +25 % = 562.50; 2008 model (15+ years) +20 % = 675.00.
        quote.Total.ShouldBe(675.00m);
        quote.AdjustmentsTotal.ShouldBe(225.00m);
        var items = (await kit.App.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Items;
        items.Select(i => i.Kind).ShouldBe(["labor", "part", "adjustment", "adjustment"]);

        var lead = await kit.App.Service<LeadStore>().GetAsync(business.Id, quote.LeadId);
        lead!.Source.ShouldBe(LeadSources.Voicemail);
        lead.Name.ShouldBe("Dave");
        (await kit.ScalarAsync<string>("SELECT status FROM calls WHERE id = @callId", new { callId })).ShouldBe("voicemail");
        var body = await kit.ScalarAsync<string>("SELECT body FROM messages WHERE business_id = @Id AND purpose = 'quote'", new { business.Id });
        body.ShouldStartWith("Hi Dave, this is Joe's Mobile Mechanic — got your message about your car not starting");
        body.ShouldContain("= $675.00 total. Reply YES to approve");
        var extraction = await kit.App.Service<ExtractionStore>().GetAsync(business.Id, quote.ExtractionId!);
        extraction!.AppointmentStatus.ShouldBe(AppointmentStatuses.None);
        extraction.FieldMap[FieldNames.VehicleYear].Value.ShouldBe("2008");

        await kit.CallerTextsAsync(business.Id, caller, "YES");
        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Approved, "the YES to approve the voicemail quote");
    }

    [Theory, DatabaseData]
    public async Task AVoicemailFromTheOwnersOwnPhone_MakesNoLeadCustomerOrQuote(string provider)
    {
        // The owner testing their line leaves a voicemail: it is stored and transcribed, but the owner is no customer.
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-own-1", business.OwnerPhone, "missed");
        kit.Carrier.Media["RE-own-1.mp3"] = (FakeRecordingHost.Mp3(15), "audio/mpeg");
        kit.Whisper.Answers["RE-own-1.mp3"] = FakeWhisperServer.VerboseJson(VoicemailTranscript);

        RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "voicemail", "CA-own-1", "RE-own-1", duration: 15));

        await Eventually.WaitAsync(() => kit.ScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE kind = 'recording.process' AND status = 'done'", new { }),
            n => n == 1, "the voicemail processed");
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM leads WHERE business_id = @Id", new { business.Id })).ShouldBe(0);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM customers WHERE business_id = @Id", new { business.Id })).ShouldBe(0);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM quotes WHERE business_id = @Id", new { business.Id })).ShouldBe(0);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM recordings WHERE business_id = @Id", new { business.Id })).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task RetriedRecordingCallback_IsStoredAndDownloadedOnce(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();
        await kit.InsertCallAsync(business.Id, "CA-dup", TestBusinesses.UniquePhone(), "answered");
        kit.Carrier.Media["RE-dup.mp3"] = (FakeRecordingHost.Mp3(20), "audio/mpeg");
        kit.Whisper.DefaultAnswer = FakeWhisperServer.VerboseJson("My name is Ann. I need an oil change.");

        for (var i = 0; i < 3; i++) RecordingsTestKit.ShouldBeNoContent(await kit.PostRecordingCallbackAsync(business.Id, "answered_call", "CA-dup", "RE-dup"));

        await kit.WaitForQuoteAsync(business.Id, q => q.Status == QuoteStatuses.Sent, "the quote");
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM recordings WHERE recording_sid = 'RE-dup'", new { })).ShouldBe(1);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM quotes WHERE business_id = @Id", new { business.Id })).ShouldBe(1);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @Id", new { business.Id })).ShouldBe(1);
        kit.Whisper.Requests.Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task RecordingCallback_WithBadSignature_IsRejected_AndStoresNothing(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider);
        var business = await kit.MechanicAsync();

        var response = await kit.PostRecordingCallbackAsync(business.Id, "voicemail", "CA-x", "RE-forged", token: "wrong-token");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await kit.ScalarAsync<int>("SELECT COUNT(*) FROM recordings", new { })).ShouldBe(0);
    }
}
