using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Simulator;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Telephony;

/// <summary>
/// Numbers bought through the carrier's REST API (issue 20): the operator's routes against the fake carrier on loopback
/// (checking the exact requests), the carrier's errors in words with nothing half-created, re-pointing, releasing,
/// tenant isolation, bad input, and the built-in simulator end to end.
/// </summary>
public sealed class PhoneNumberTests
{
    private const string Caller = "+19045550177";
    private static readonly string NumbersPath = $"/2010-04-01/Accounts/{FakeCarrier.AccountSid}";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<string> DetailAsync(HttpResponseMessage r) => (await JsonAsync(r)).GetProperty("detail").GetString()!;

    private static Task<HttpResponseMessage> BuyAsync(HttpClient client, string businessId, object body) =>
        client.PostJsonAsync($"/api/admin/businesses/{businessId}/number", body);

    private static Task<int> HeldAsync(TelephonyHarness h) => h.ScalarAsync<int>("SELECT COUNT(*) FROM phone_numbers WHERE status = 'bought'");

    [Theory, DatabaseData]
    public async Task SearchThenBuy_WiresTheNumberToOurWebhooks_AndACallToItReachesTheBusiness(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();

        var search = await op.GetAsync("/api/admin/numbers/available?areaCode=904");
        search.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = (await JsonAsync(search)).EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("phoneNumber").GetString()).ShouldBe(["+19045550110", "+19045550111", "+19045550112"]);
        rows[0].GetProperty("friendlyName").GetString().ShouldBe("(904) 555-0110");
        rows[0].GetProperty("locality").GetString().ShouldBe("Jacksonville");
        rows[0].GetProperty("region").GetString().ShouldBe("FL");
        var get = h.Carrier.NumberRequests.Single();
        (get.Method, get.Path, get.Query, get.Authorized).ShouldBe(("GET", NumbersPath + "/AvailablePhoneNumbers/US/Local.json",
            "?AreaCode=904&SmsEnabled=true&VoiceEnabled=true", true));

        var buy = await BuyAsync(op, b.Id, new { phoneNumber = "+1 (904) 555-0111" });
        buy.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await JsonAsync(buy);
        body.GetProperty("business").GetProperty("carrierNumber").GetString().ShouldBe("+19045550111");
        var sid = body.GetProperty("number").GetProperty("carrierSid").GetString()!;
        h.Carrier.Owned[sid].ShouldBe("+19045550111");

        var post = h.Carrier.NumberRequests[^1];
        (post.Method, post.Path, post.Authorized).ShouldBe(("POST", NumbersPath + "/IncomingPhoneNumbers.json", true));
        post.Form.ShouldBe(new Dictionary<string, string>
        {
            ["PhoneNumber"] = "+19045550111", ["FriendlyName"] = b.Name,
            ["VoiceUrl"] = "http://localhost/webhook/voice/incoming", ["VoiceMethod"] = "POST",
            ["StatusCallback"] = "http://localhost/webhook/voice/status", ["StatusCallbackMethod"] = "POST",
            ["SmsUrl"] = "http://localhost/webhook/sms/incoming", ["SmsMethod"] = "POST",
        }, ignoreOrder: true);

        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBe("+19045550111");
        (await h.ScalarAsync<string>("SELECT carrier_sid FROM phone_numbers WHERE business_id = @id AND status = 'bought'", new { id = b.Id })).ShouldBe(sid);
        (await h.QueryAsync<string>("SELECT action FROM audit_log WHERE business_id = @id AND entity_type = 'phone_number'", new { id = b.Id })).ShouldBe(["bought"]);
        (await op.GetAsync($"/api/admin/businesses/{b.Id}/number")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The carrier now sends the number's calls to us: one to the new number is this business's call.
        var moved = (await h.App.Service<BusinessStore>().GetAsync(b.Id))!;
        await h.IncomingAsync(moved, Caller, "CAnewnumber1");
        (await h.ScalarAsync<string>("SELECT business_id FROM calls WHERE call_sid = 'CAnewnumber1'")).ShouldBe(b.Id);
    }

    [Theory, DatabaseData]
    public async Task CarrierErrors_ReachTheOperatorAsPlainSentences_AndNothingIsStored(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();

        // 21452 (SignalWire) and an empty list (Twilio) read the same.
        foreach (var area in new[] { "999", "998" })
        {
            var none = await op.GetAsync($"/api/admin/numbers/available?areaCode={area}");
            none.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await DetailAsync(none)).ShouldBe($"No numbers are available in area code {area} — try a nearby one.");
        }

        var gone = await BuyAsync(op, b.Id, new { phoneNumber = "+19045550150" });
        gone.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DetailAsync(gone)).ShouldBe("(904) 555-0150 is no longer available — search again and pick another.");

        h.Carrier.NumberScript.Enqueue(new FakeReply(401, 20003, "Authenticate"));
        var auth = await BuyAsync(op, b.Id, new { phoneNumber = "+19045550110" });
        auth.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await DetailAsync(auth)).ShouldBe("The carrier refused our credentials (check Carrier__AccountSid/AuthToken).");

        h.Carrier.NumberScript.Enqueue(new FakeReply(400, 21606, "Insufficient funds to purchase this number"));
        var funds = await BuyAsync(op, b.Id, new { phoneNumber = "+19045550110" });
        funds.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await DetailAsync(funds)).ShouldContain("insufficient funds");

        (await HeldAsync(h)).ShouldBe(0);
        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBe(b.CarrierNumber);
        h.Carrier.Owned.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task ACarrier500OnBuy_IsNotRetried_AndStoresNothing(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        h.Carrier.NumberScript.Enqueue(new FakeReply(500, 20500, "Internal Server Error"));

        var r = await BuyAsync(h.App.OperatorClient(), b.Id, new { phoneNumber = "+19045550110" });

        r.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await DetailAsync(r)).ShouldContain("nothing was changed");
        h.Carrier.NumberRequests.Count(x => x.Method == "POST").ShouldBe(1);
        (await HeldAsync(h)).ShouldBe(0);
        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBe(b.CarrierNumber);
    }

    [Theory, DatabaseData]
    public async Task ABuyThatFailedAfterTheSale_IsReconciled_AndTheNumberGivenBack(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        h.Carrier.SellEvenWhenFailing = true;
        h.Carrier.NumberScript.Enqueue(new FakeReply(502, 20500, "Bad Gateway"));

        var r = await BuyAsync(h.App.OperatorClient(), b.Id, new { phoneNumber = "+19045550110" });

        r.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        h.Carrier.Owned.Count.ShouldBe(1);
        await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.Owned.Count == 0), "the number sold by a failed buy to be released");
        h.Carrier.NumberRequests.ShouldContain(x => x.Method == "GET" && x.Path == NumbersPath + "/IncomingPhoneNumbers.json" && x.Query == "?PhoneNumber=%2B19045550110");
        (await HeldAsync(h)).ShouldBe(0);
        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBe(b.CarrierNumber);
    }

    [Theory, DatabaseData]
    public async Task AStoreFailureAfterTheCarrierSold_GivesTheNumberBack(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        // The table disappears while the carrier is selling: the purchase succeeds, storing it cannot.
        h.Carrier.OnBuy = async () =>
        {
            await using var conn = await h.Db.OpenAsync();
            await Dapper.SqlMapper.ExecuteAsync(conn, "DROP TABLE phone_numbers");
        };

        var r = await BuyAsync(h.App.OperatorClient(), b.Id, new { phoneNumber = "+19045550110" });

        r.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await DetailAsync(r)).ShouldBe("The carrier sold us (904) 555-0110 but we could not record it, so it was given back; nothing changed — try again.");
        h.Carrier.Owned.ShouldBeEmpty();
        var release = h.Carrier.NumberRequests[^1];
        release.Method.ShouldBe("DELETE");
        release.Path.ShouldStartWith(NumbersPath + "/IncomingPhoneNumbers/PN");
        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBe(b.CarrierNumber);
    }

    [Theory, DatabaseData]
    public async Task ANumberTakenByAnotherBusinessWhileBuying_IsGivenBack_With409(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var a = await h.BusinessAsync();
        var other = await h.BusinessAsync();
        h.Carrier.OnBuy = async () =>
            (await h.App.Service<BusinessService>().UpdateAsync(other.Id, new System.Text.Json.Nodes.JsonObject { ["carrierNumber"] = "+19045550110" }, "test"))!
                .Ok.ShouldBeTrue();

        var r = await BuyAsync(h.App.OperatorClient(), a.Id, new { phoneNumber = "+19045550110" });

        r.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DetailAsync(r)).ShouldBe("(904) 555-0110 already belongs to another business.");
        h.Carrier.Owned.ShouldBeEmpty();
        (await HeldAsync(h)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task BuyingAnother_ReleasesThePrevious_AndDeleteReleasesTheNumber(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();
        (await BuyAsync(op, b.Id, new { phoneNumber = "+19045550110" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = h.Carrier.Owned.Single().Key;

        (await BuyAsync(op, b.Id, new { phoneNumber = "+13055550111" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The replaced number goes back through the durable queue.
        await Eventually.WaitAsync(() => Task.FromResult(!h.Carrier.Owned.ContainsKey(first)), "the replaced number to be released at the carrier");
        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBe("+13055550111");
        (await h.QueryAsync<string>("SELECT phone_number FROM phone_numbers WHERE status = 'bought'")).ShouldBe(["+13055550111"]);

        var release = await op.DeleteAsync($"/api/admin/businesses/{b.Id}/number");
        release.StatusCode.ShouldBe(HttpStatusCode.OK);
        h.Carrier.Owned.ShouldBeEmpty();
        (await HeldAsync(h)).ShouldBe(0);
        // The business has no number until it buys another: a call or text to the released one (the carrier may sell it
        // to someone else) finds nobody.
        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBeNull();
        (await h.App.Service<CallRecover.Telephony.BusinessDirectory>().ByCarrierNumberAsync("+13055550111", default)).ShouldBeNull();
        (await op.DeleteAsync($"/api/admin/businesses/{b.Id}/number")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await h.QueryAsync<string>("SELECT action FROM audit_log WHERE business_id = @id AND entity_type = 'phone_number' ORDER BY created_at, action",
            new { id = b.Id })).ShouldBe(["bought", "bought", "released", "released"], ignoreOrder: true);
    }

    [Theory, DatabaseData]
    public async Task Repoint_SendsEveryNumberTheCurrentUrls_AndNamesTheOnesThatFailed(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var a = await h.BusinessAsync();
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();
        (await BuyAsync(op, a.Id, new { phoneNumber = "+19045550110" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BuyAsync(op, b.Id, new { phoneNumber = "+19045550111" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var moved = h.SecondNode("moved", new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://calls.example.com/" });
        var before = h.Carrier.NumberRequests.Count;
        var r = await moved.OperatorClient().PostAsync("/api/admin/numbers/repoint", null);

        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await JsonAsync(r);
        body.GetProperty("updated").GetInt32().ShouldBe(2);
        body.GetProperty("failed").GetArrayLength().ShouldBe(0);
        var updates = h.Carrier.NumberRequests.Skip(before).ToList();
        updates.Count.ShouldBe(2);
        foreach (var u in updates)
        {
            u.Method.ShouldBe("POST");
            h.Carrier.Owned.Keys.Select(sid => $"{NumbersPath}/IncomingPhoneNumbers/{sid}.json").ShouldContain(u.Path);
            u.Form["VoiceUrl"].ShouldBe("https://calls.example.com/webhook/voice/incoming");
            u.Form["StatusCallback"].ShouldBe("https://calls.example.com/webhook/voice/status");
            u.Form["SmsUrl"].ShouldBe("https://calls.example.com/webhook/sms/incoming");
            (u.Form["VoiceMethod"], u.Form["StatusCallbackMethod"], u.Form["SmsMethod"]).ShouldBe(("POST", "POST", "POST"));
        }
        (await h.QueryAsync<string>("SELECT DISTINCT voice_url FROM phone_numbers")).ShouldBe(["https://calls.example.com/webhook/voice/incoming"]);

        h.Carrier.NumberScript.Enqueue(new FakeReply(500, 20500, "Internal Server Error"));
        var partly = await JsonAsync(await moved.OperatorClient().PostAsync("/api/admin/numbers/repoint", null));
        partly.GetProperty("updated").GetInt32().ShouldBe(1);
        var failed = partly.GetProperty("failed").EnumerateArray().Single();
        failed.GetProperty("phoneNumber").GetString().ShouldBe("+19045550110");
        failed.GetProperty("error").GetString()!.ShouldContain("The carrier answered with an error (500)");
        partly.GetProperty("summary").GetString()!.ShouldStartWith("1 number(s) updated; 1 failed: (904) 555-0110: ");
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinesssNumber_IsNeverReachable(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var a = await h.BusinessAsync();
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();
        (await BuyAsync(op, a.Id, new { phoneNumber = "+19045550110" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await op.GetAsync($"/api/admin/businesses/{b.Id}/number")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.DeleteAsync($"/api/admin/businesses/{b.Id}/number")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var steal = await BuyAsync(op, b.Id, new { phoneNumber = "+19045550110" });
        steal.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DetailAsync(steal)).ShouldBe("(904) 555-0110 already belongs to another business.");
        // A business's existing (hand-wired) carrier number is taken too.
        (await BuyAsync(op, b.Id, new { phoneNumber = a.CarrierNumber })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await op.DeleteAsync("/api/admin/businesses/no-such-business/number")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await BuyAsync(op, "no-such-business", new { phoneNumber = "+19045550111" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        h.Carrier.Owned.Values.ShouldBe(["+19045550110"]);
        (await h.App.Service<BusinessStore>().GetAsync(a.Id))!.CarrierNumber.ShouldBe("+19045550110");
        (await h.App.Service<BusinessStore>().GetAsync(b.Id))!.CarrierNumber.ShouldBe(b.CarrierNumber);
        (await h.App.CreateClient().GetAsync("/api/admin/numbers/available?areaCode=904")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task BadInput_Is400NamingTheField_AndNeverReachesTheCarrier(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider);
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();

        foreach (var q in new[] { "", "?areaCode=", "?areaCode=abc", "?areaCode=123", "?areaCode=9041", "?areaCode=90" })
        {
            var r = await op.GetAsync("/api/admin/numbers/available" + q);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, q);
            (await JsonAsync(r)).GetProperty("field").GetString().ShouldBe("areaCode");
        }
        foreach (var body in new object[] { new { }, new { phoneNumber = "call me" }, new { phoneNumber = "" } })
        {
            var r = await BuyAsync(op, b.Id, body);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await JsonAsync(r)).GetProperty("field").GetString().ShouldBe("phoneNumber");
        }
        var notJson = await op.PostAsync($"/api/admin/businesses/{b.Id}/number", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"));
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var wrongType = await BuyAsync(op, b.Id, new { phoneNumber = 9045550110 });
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(wrongType)).GetProperty("errors").TryGetProperty("phoneNumber", out _).ShouldBeTrue();

        h.Carrier.NumberRequests.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task TheSimulator_ProvisionsANumberEndToEnd_InTheDefaultRun(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var b = await app.CreateBusinessAsync(i => i with { NotificationPrefs = new NotificationPrefs { QuietStart = "00:00", QuietEnd = "00:00" } });
        var op = app.OperatorClient();

        var offered = (await JsonAsync(await op.GetAsync("/api/admin/numbers/available?areaCode=904"))).EnumerateArray()
            .Select(r => r.GetProperty("phoneNumber").GetString()!).ToList();
        offered.Count.ShouldBe(20);
        offered[0].ShouldBe("+19045550100");

        var buy = await BuyAsync(op, b.Id, new { phoneNumber = offered[0] });
        buy.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonAsync(buy)).GetProperty("number").GetProperty("provider").GetString().ShouldBe("simulator");
        var moved = (await app.Service<BusinessStore>().GetAsync(b.Id))!;
        moved.CarrierNumber.ShouldBe("+19045550100");

        // A missed call to the new number, played by the simulator through the real webhooks, is this business's.
        await app.Service<SimulatorCalls>().PlaceAsync(moved, Caller, SimulatedOutcomes.Missed, CancellationToken.None);
        await using (var conn = await db.Db.OpenAsync())
            (await Dapper.SqlMapper.ExecuteScalarAsync<string>(conn, "SELECT status FROM calls WHERE business_id = @id", new { id = b.Id })).ShouldBe("missed");

        // What it sold is not offered again; an area code with nothing says so in words; another business cannot buy it.
        var again = (await JsonAsync(await op.GetAsync("/api/admin/numbers/available?areaCode=904"))).EnumerateArray()
            .Select(r => r.GetProperty("phoneNumber").GetString()).ToList();
        again.ShouldNotContain("+19045550100");
        again.Count.ShouldBe(19);
        var none = await op.GetAsync("/api/admin/numbers/available?areaCode=999");
        none.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await DetailAsync(none)).ShouldBe("No numbers are available in area code 999 — try a nearby one.");
        var other = await app.CreateBusinessAsync();
        (await BuyAsync(op, other.Id, new { phoneNumber = "+19045550100" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var notOffered = await BuyAsync(op, other.Id, new { phoneNumber = "+19045550150" });
        notOffered.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DetailAsync(notOffered)).ShouldContain("no longer available");

        var repoint = await JsonAsync(await op.PostAsync("/api/admin/numbers/repoint", null));
        repoint.GetProperty("updated").GetInt32().ShouldBe(1);
        (await op.DeleteAsync($"/api/admin/businesses/{b.Id}/number")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
