using System.Net;
using System.Text;
using CallRecover.Telephony;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Telephony;

/// <summary>WIRE.md's signature test vectors (from the official SDK tests), and the webhooks refusing bad signatures.</summary>
public sealed class WebhookSignatureTests
{
    private const string Token = "12345";

    private static KeyValuePair<string, string>[] Params(string from) =>
    [
        new("CallSid", "CA1234567890ABCDE"), new("Caller", from), new("Digits", "1234"), new("From", from), new("To", "+18005551212"),
    ];

    [Fact]
    public void Compute_MatchesTheVector_ForExampleDotCom() =>
        WebhookSignature.Compute("https://example.com/myapp.php?foo=1&bar=2", Params("+14158675310"), Token).ShouldBe("L/OH5YylLD5NRKLltdqwSvS0BnU=");

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    [InlineData("http://mycompany.com:80/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")]
    [InlineData("https://MyCompany.com/myapp.php?foo=1&bar=2", "g9IN/x4Cft2g517EjYvEvM/W7LU=")]
    public void Compute_MatchesTheVectors_ForMyCompany(string url, string expected) =>
        WebhookSignature.Compute(url, Params("+14158675309"), Token).ShouldBe(expected);

    [Fact]
    public void IsValid_AcceptsTheSignatureMadeWithThePort_WhenTheServerSeesNoPort_AndTheOtherWayRound()
    {
        WebhookSignature.IsValid("https://mycompany.com/myapp.php?foo=1&bar=2", Params("+14158675309"), "kvajT1Ptam85bY51eRf/AJRuM3w=", Token).ShouldBeTrue();
        WebhookSignature.IsValid("https://mycompany.com:443/myapp.php?foo=1&bar=2", Params("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", Token).ShouldBeTrue();
        // The http:// vector was signed with :80; a server configured without the port still accepts it.
        WebhookSignature.IsValid("http://mycompany.com/myapp.php?foo=1&bar=2", Params("+14158675309"), "0ZXoZLH/DfblKGATFgpif+LLRf4=", Token).ShouldBeTrue();
    }

    [Fact]
    public void IsValid_KeepsHostCase_SoTheLowercaseUrlDoesNotMatchTheMixedCaseSignature()
    {
        WebhookSignature.IsValid("https://MyCompany.com/myapp.php?foo=1&bar=2", Params("+14158675309"), "g9IN/x4Cft2g517EjYvEvM/W7LU=", Token).ShouldBeTrue();
        WebhookSignature.IsValid("https://mycompany.com/myapp.php?foo=1&bar=2", Params("+14158675309"), "g9IN/x4Cft2g517EjYvEvM/W7LU=", Token).ShouldBeFalse();
    }

    [Fact]
    public void IsValid_Fails_ForAnotherToken_ATamperedValue_OrAMissingSignature()
    {
        var url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        WebhookSignature.IsValid(url, Params("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "54321").ShouldBeFalse();
        WebhookSignature.IsValid(url, Params("+14158675300"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", Token).ShouldBeFalse();
        WebhookSignature.IsValid(url, Params("+14158675309"), null, Token).ShouldBeFalse();
        WebhookSignature.IsValid(url, Params("+14158675309"), "", Token).ShouldBeFalse();
    }

    [Fact]
    public void IsValidJson_ChecksTheUrlSignature_AndTheBodyHash()
    {
        var body = Encoding.UTF8.GetBytes("""{"property": "value", "boolean": true}""");
        const string hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        var url = $"https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256={hash}";
        WebhookSignature.Compute(url, [], Token).ShouldBe("a9nBmqA0ju/hNViExpshrM61xv4=");
        WebhookSignature.IsValidJson(url, body, "a9nBmqA0ju/hNViExpshrM61xv4=", Token).ShouldBeTrue();
        WebhookSignature.IsValidJson(url, Encoding.UTF8.GetBytes("""{"property": "other", "boolean": true}"""), "a9nBmqA0ju/hNViExpshrM61xv4=", Token).ShouldBeFalse();
        WebhookSignature.IsValidJson(url.Replace("0a1f", "0a2f"), body, "a9nBmqA0ju/hNViExpshrM61xv4=", Token).ShouldBeFalse();
    }

    [Fact]
    public void IsValid_SignsARepeatedParameter_AsEachValueInOrder()
    {
        const string url = "https://mycompany.com/webhook/sms/incoming";
        KeyValuePair<string, string>[] form = [new("MediaUrl0", "https://m/2"), new("Body", "hi"), new("MediaUrl0", "https://m/1")];
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes(Token),
            Encoding.UTF8.GetBytes(url + "Bodyhi" + "MediaUrl0https://m/1" + "MediaUrl0https://m/2")));

        WebhookSignature.Compute(url, form, Token).ShouldBe(expected);
        WebhookSignature.IsValid(url, form, expected, Token).ShouldBeTrue();
        WebhookSignature.IsValid(url, form[..2], expected, Token).ShouldBeFalse();
    }

    [Fact]
    public void IsValid_IsFalse_NotAnError_ForAUrlTooLongToRead()
    {
        var url = "https://mycompany.com/myapp.php?x=" + new string('a', 70_000);
        WebhookSignature.IsValid(url, Params("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", Token).ShouldBeFalse();
    }

    [Fact]
    public void IsValidJson_IsFalse_NotAnError_WhenBodySha256HasNoValue()
    {
        const string url = "https://mycompany.com/myapp.php?bodySHA256";
        WebhookSignature.IsValidJson(url, "{}"u8, WebhookSignature.Compute(url, [], Token), Token).ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task Webhook_With_A_Bad_Or_Missing_Signature_Gets403_AndChangesNothing(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();

        (await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+19045550142", "CAbad1"), key: "wrong-token")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var unsigned = await h.Client.PostAsync("/webhook/sms/incoming", new FormUrlEncodedContent([new("MessageSid", "SMx"), new("From", "+19045550142"), new("To", b.CarrierNumber), new("Body", "hi")]));
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Signed for another URL (a replay against a different endpoint) is refused too.
        (await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+19045550142", "CAbad2"), signedUrl: "http://localhost/webhook/sms/incoming"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await h.CountAsync("calls", b.Id)).ShouldBe(0);
        (await h.CountAsync("messages", b.Id)).ShouldBe(0);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_receipts")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task SignalWire_Signature_Header_IsAccepted_WithTheSigningKey(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, carrierProvider: CarrierOptions.SignalWire);
        var b = await h.BusinessAsync();

        var ok = await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+19045550142", "7c2b2a1e-5f0e-4b8e-9c57-000000000001"),
            header: CarrierWebhook.SignalWireHeader);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var wrong = await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+19045550142", "7c2b2a1e-5f0e-4b8e-9c57-000000000002"),
            key: "not-the-signing-key", header: CarrierWebhook.SignalWireHeader);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await h.CountAsync("calls", b.Id)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Webhook_Accepts_A_Signature_Made_With_The_Default_Port_Of_The_Public_Url(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://calls.example.com" });
        var b = await h.BusinessAsync();

        var withPort = await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+19045550142", "CAport1"),
            signedUrl: "https://calls.example.com:443/webhook/voice/incoming");
        withPort.StatusCode.ShouldBe(HttpStatusCode.OK);
        var without = await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+19045550142", "CAport2"),
            signedUrl: "https://calls.example.com/webhook/voice/incoming");
        without.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The Host the server sees (localhost behind a proxy) is not what the carrier signed.
        var serverUrl = await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(b, "+19045550142", "CAport3"),
            signedUrl: "http://localhost/webhook/voice/incoming");
        serverUrl.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await h.CountAsync("calls", b.Id)).ShouldBe(2);
    }
}
