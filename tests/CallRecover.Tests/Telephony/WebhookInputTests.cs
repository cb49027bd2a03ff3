using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Telephony;

/// <summary>
/// What a webhook does with input no carrier sends: bounded before it is parsed, refused with a 4xx naming the field,
/// never a 500, and nothing stored. Real HTTP (Kestrel on loopback), so the server's own size limits apply.
/// </summary>
public sealed class WebhookInputTests
{
    private const string Caller = "+19045550142";

    [Theory, DatabaseData]
    public async Task MalformedForms_Get4xx_NamingTheField_AndStoreNothing(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, kestrel: true);
        var b = await h.BusinessAsync();

        // A NUL in a signed value (PostgreSQL cannot store it) and a control character in a text.
        await ExpectAsync(await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+1904555\00142", "CAnul1")), 400, "From");
        await ExpectAsync(await Text(h, b, "SMctl1", "hello\u0007there"), 400, "Body");
        // A NUL in the query string of a signed callback URL.
        await ExpectAsync(await h.PostAsync("/webhook/voice/status?call=%00", [("CallSid", "CAq1"), ("CallStatus", "ringing")]), 400, "call");

        // SIDs are 34 characters; 64 is the most we take.
        await ExpectAsync(await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, Caller, "CA" + new string('7', 63))), 400, "CallSid");
        await ExpectAsync(await Text(h, b, "SM" + new string('8', 63), "hi"), 400, "MessageSid");
        // A text is at most 1600 characters (10 segments).
        await ExpectAsync(await Text(h, b, "SMlong1", new string('a', 1601)), 400, "Body");

        // Not a form (a bad multipart boundary, JSON): carriers post application/x-www-form-urlencoded only.
        var multipart = new ByteArrayContent(Encoding.ASCII.GetBytes("--x\r\nContent-Disposition: form-data; name=\"CallSid\"\r\n\r\nCA1\r\n--y--"));
        multipart.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=\"\"");
        (await h.Client.PostAsync("/webhook/voice/incoming", multipart)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await h.Client.PostAsync("/webhook/sms/incoming", new StringContent("{\"Body\":\"hi\"}", Encoding.UTF8, "application/json"))).StatusCode
            .ShouldBe(HttpStatusCode.UnsupportedMediaType);

        // More fields than any carrier sends, in a small body.
        var many = Enumerable.Range(0, 1100).Select(i => ($"F{i}", "1")).Concat(TelephonyHarness.CallForm(b, Caller, "CAmany1"));
        await ExpectAsync(await h.PostAsync("/webhook/voice/incoming", many), 400, null);

        // Bodies over the 64 KB a carrier's form could ever need: refused before they are read.
        await ExpectAsync(await BigAsync(h, "/webhook/sms/incoming", [new("MessageSid", "SMbig1"), new("To", b.CarrierNumber!), new("From", Caller), new("Body", new string('b', 4 * 1024 * 1024 + 1))]), 413, null);
        await ExpectAsync(await BigAsync(h, "/webhook/voice/incoming", [new("CallSid", "CAbig2"), new("To", b.CarrierNumber!), new("F", new string('c', 31 * 1024 * 1024))]), 413, null);

        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM calls")).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages")).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts")).ShouldBe(0);
        h.App.Logs.Lines.ShouldNotContain(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));

        // At the limits the same webhooks are fine.
        (await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, Caller, "CA" + new string('7', 62)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(h, b, "SM" + new string('8', 62), new string('a', 1600))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.CountAsync("calls", b.Id)).ShouldBe(1);
        (await h.CountAsync("messages", b.Id)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task ACallerIdThatIsNotAPhoneNumber_IsStoredAsWithheld(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        (await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "not-a-number<script>", "CAjunk1"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "Restricted", "CAjunk2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.QueryAsync<string>("SELECT caller_phone FROM calls WHERE business_id = @id", new { id = b.Id })).ShouldBe(["anonymous", "anonymous"]);
        // A text from something that is not a phone number is not a conversation, and leaves no receipt either.
        (await Text(h, b, "SMjunk1", "hi", from: "not-a-number<script>")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages")).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts WHERE endpoint = 'sms/incoming'")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task AStatusCallbackForAnUnknownMessage_IsKeptOnlyForOneOfOurNumbers(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        // Not from one of our numbers: nobody to keep it for.
        (await h.PostAsync("/webhook/sms/status", [("MessageSid", "SMstray1"), ("MessageStatus", "delivered"), ("From", "+12025550123"), ("To", Caller)]))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await h.PostAsync("/webhook/sms/status", [("MessageSid", "SMstray2"), ("MessageStatus", "delivered"), ("To", Caller)]))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM sms_status_events")).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts")).ShouldBe(0);

        // From our number: the carrier may call back before we record the SID, so it is kept for that business.
        (await h.PostAsync("/webhook/sms/status", [("MessageSid", "SMearly1"), ("MessageStatus", "delivered"), ("From", b.CarrierNumber!), ("To", Caller)]))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await h.QueryAsync<string>("SELECT business_id FROM sms_status_events")).ShouldBe([b.Id]);
        (await h.QueryAsync<string>("SELECT business_id FROM webhook_receipts")).ShouldBe([b.Id]);
    }

    private static Task<HttpResponseMessage> Text(TelephonyHarness h, CallRecover.Tenancy.Business b, string sid, string body, string from = Caller) =>
        h.PostAsync("/webhook/sms/incoming", [("MessageSid", sid), ("AccountSid", FakeCarrier.AccountSid), ("From", from), ("To", b.CarrierNumber!), ("Body", body)]);

    /// <summary>A large signed form, sent with Expect: 100-continue (as clients send uploads) so a refusal arrives before the body is sent.</summary>
    private static async Task<HttpResponseMessage> BigAsync(TelephonyHarness h, string path, List<KeyValuePair<string, string>> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.ExpectContinue = true;
        request.Headers.TryAddWithoutValidation(CarrierWebhook.TwilioHeader, WebhookSignature.Compute(TelephonyHarness.PublicBaseUrl + path, form, h.Token));
        return await h.Client.SendAsync(request);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, int status, string? field)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, body);
        if (field is not null) body.ShouldContain($"\"field\":\"{field}\"", Case.Sensitive, body);
    }
}
