using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Crm;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Jobs;
using CallRecover.Tests.Telephony;
using CallRecover.Webhooks;

namespace CallRecover.Tests.Crm;

public sealed class CrmSyncTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Outbound:AllowPrivateTargets"] = "true",
        ["Queue:RunScheduledTasks"] = "false", // the tests run the poll themselves
    };

    private static object Connection(string baseUrl, string key = FakeRukovoditel.Key) => new
    {
        kind = "rukovoditel", baseUrl, username = FakeRukovoditel.Username, password = FakeRukovoditel.Password, apiKey = key,
        entityId = FakeRukovoditel.EntityId,
        fields = new { name = 201, phone = 202, email = 203, service = 204, status = 205, address = 206, notes = 207 },
        statusOut = new Dictionary<string, string> { ["paid"] = "Paid", ["lost"] = "Lost" },
        statusIn = new Dictionary<string, string> { ["Lost"] = "lost", ["Won"] = "completed" },
    };

    private static string Url(Business b) => $"/api/admin/businesses/{b.Id}/crm";

    private static async Task ConnectAsync(AppFactory app, Business b, string baseUrl)
    {
        var r = await app.OperatorClient().PutAsJsonAsync(Url(b), Connection(baseUrl), Json.Options);
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
    }

    private static Task<CrmLink> LinkAsync(AppFactory app, string businessId, string leadId) =>
        Eventually.WaitAsync(() => app.Service<CrmStore>().GetLinkAsync(businessId, leadId), l => l is { LeadStatus: not null }, "the lead linked to its CRM record")!;

    /// <summary>A business connected to the CRM, then a qualified caller (Jane Doe) the poll pushes: the caller, the lead's link and its record in the fake CRM.</summary>
    private static async Task<(CallRecover.Tests.Booking.BookingScenario.Caller Caller, CrmLink Link, System.Collections.Concurrent.ConcurrentDictionary<string, string> Record)>
        PushedCallerAsync(AppFactory app, FakeRukovoditel crm, CallRecover.Tests.Booking.BookingScenario s)
    {
        await ConnectAsync(app, s.Business, crm.Url);
        var caller = await s.QualifiedCallerAsync();
        // A lead no event announced is pushed by the poll.
        (await app.Service<CrmPoll>().RunForAsync(s.Business.Id, default)).Pushed.ShouldBe(1);
        var link = await LinkAsync(app, s.Business.Id, caller.Lead.Id);
        var record = crm.Records[link.RemoteId];
        record["201"].ShouldBe("Jane Doe");
        return (caller, link, record);
    }

    private static AppFactory FastRetryApp(TestDatabase db) => new(db, null, new Dictionary<string, string?>(Settings) { ["Queue:BaseBackoff"] = "00:00:00" });

    [Theory, DatabaseData]
    public async Task MissedCall_MakesOneRecord_InTheDocumentedShape_EvenWhenTheCrmFailsAndWhenItsAnswerIsLost(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, Settings);
        await using var crm = await FakeRukovoditel.StartAsync();
        // The first insert fails outright; the second is stored but its answer lost: the retry must find it by phone, not insert again.
        crm.FailBefore = (n, f) => f["action"] == "insert" && crm.Actions("insert").Count() == 1;
        crm.FailAfter = (n, f) => f["action"] == "insert" && crm.Actions("insert").Count() == 2;
        var b = await h.BusinessAsync();
        await ConnectAsync(h.App, b, crm.Url);
        var caller = TestBusinesses.UniquePhone();

        await h.MissedCallAsync(b, caller);

        var lead = await Eventually.WaitAsync(async () =>
        {
            await using var conn = await h.Db.OpenAsync();
            return await h.App.Service<Db>().WriteAsync(tx => h.App.Service<LeadStore>().GetByPhoneAsync(tx, b.Id, caller));
        }, l => l is not null, "the missed call's lead");
        var link = await LinkAsync(h.App, b.Id, lead!.Id);
        crm.Records.Count.ShouldBe(1);
        var record = crm.Records[link.RemoteId];
        record["202"].ShouldBe(caller);
        record["205"].ShouldBe(lead.Status);
        var insert = crm.Actions("insert").Last();
        insert["key"].ShouldBe(FakeRukovoditel.Key);
        insert["username"].ShouldBe(FakeRukovoditel.Username);
        insert["password"].ShouldBe(FakeRukovoditel.Password);
        insert["entity_id"].ShouldBe("34");
        insert["items[0][field_202]"].ShouldBe(caller);
        crm.Actions("insert").Count().ShouldBe(2);
        // Before each insert the record was looked up by phone (a search on the phone field).
        crm.Actions("select").ShouldAllBe(s => s["filters[202][value]"] == caller && s["filters[202][condition]"] == "search");

        var log = await h.App.Service<CrmStore>().LogAsync(b.Id);
        log.ShouldContain(e => !e.Ok && e.Error!.Contains("Internal Server Error"));
        log.ShouldContain(e => e.Ok && e.Action == "relink" && e.RemoteId == link.RemoteId);

        // A replayed push (the queue runs items at least once) still updates the one record.
        await h.App.Service<Db>().WriteAsync(tx => CrmSync.QueueAsync(h.App.Service<CallRecover.Queue.WorkQueue>(), tx, b.Id, lead.Id, caller, null));
        await Eventually.WaitAsync(() => Task.FromResult(crm.Actions("update").Count()), n => n >= 2, "the replayed push");
        crm.Records.Count.ShouldBe(1);
        h.App.Logs.Lines.ShouldNotContain(l => l.Contains(caller) || l.Contains(FakeRukovoditel.Key) || l.Contains(FakeRukovoditel.Password));
    }

    [Theory, DatabaseData]
    public async Task StatusChanges_UpdateTheSameRecord_AndTheCrmMarkingItLost_ClosesTheLead(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = FastRetryApp(db);
        await using var crm = await FakeRukovoditel.StartAsync();
        var s = await CallRecover.Tests.Booking.BookingScenario.CreateAsync(app);
        var (caller, link, record) = await PushedCallerAsync(app, crm, s);
        record["204"].ShouldBe("AC repair");
        record["206"].ShouldBe("12 Oak St");
        record["205"].ShouldBe("qualified");

        // An event (here a paid invoice, raised as Payments raises it) updates the same record's status, mapped by statusOut.
        await app.Service<Db>().WriteAsync(tx => app.Service<WebhookEvents>().RaiseAsync(tx, s.Business.Id, WebhookEventTypes.InvoicePaid, "inv-1",
            new { invoiceId = "inv-1", leadId = caller.Lead.Id, amountCents = 100, currency = "usd" }));
        await Eventually.WaitAsync(() => Task.FromResult(record["205"]), v => v == "Paid", "the record's status updated to Paid");
        var update = crm.Actions("update").Last();
        update["update_by_field[id]"].ShouldBe(link.RemoteId);
        update["data[field_205]"].ShouldBe("Paid");
        crm.Records.Count.ShouldBe(1);

        // Staff change the lead's status here: the poll pushes it to the same record.
        await app.Service<Db>().WriteAsync(tx => app.Service<LeadStore>().SetStatusAsync(tx, s.Business.Id, caller.Lead.Id, LeadStatuses.Booked));
        (await app.Service<CrmPoll>().RunForAsync(s.Business.Id, default)).Pushed.ShouldBe(1);
        await Eventually.WaitAsync(() => Task.FromResult(record["205"]), v => v == "booked", "the record's status updated to booked");

        // The CRM marks the record lost: the next poll closes the lead as lost, and does not push it back.
        await Eventually.WaitAsync(() => app.Service<CrmStore>().GetLinkAsync(s.Business.Id, caller.Lead.Id), l => l!.LeadStatus == "booked", "the push recorded");
        await app.Service<CrmPoll>().RunForAsync(s.Business.Id, default); // sees "booked" (its own push)
        record["205"] = "Lost";
        var (pushed, pulled) = await app.Service<CrmPoll>().RunForAsync(s.Business.Id, default);
        (pushed, pulled).ShouldBe((0, 1));
        (await app.Service<LeadStore>().GetAsync(s.Business.Id, caller.Lead.Id))!.Status.ShouldBe(LeadStatuses.Lost);
        (await app.Service<CrmPoll>().RunForAsync(s.Business.Id, default)).ShouldBe((0, 0));
        (await app.Service<CrmStore>().LogAsync(s.Business.Id)).ShouldContain(e => e.Action == "pull" && e.Ok);
    }

    [Theory, DatabaseData]
    public async Task AnErasedCustomer_IsBlankedInTheCrm_KeepingTheRecordAndItsStatus(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = FastRetryApp(db);
        await using var crm = await FakeRukovoditel.StartAsync();
        var s = await CallRecover.Tests.Booking.BookingScenario.CreateAsync(app);
        var (caller, link, record) = await PushedCallerAsync(app, crm, s);
        var customer = await s.Db.WriteAsync(tx => app.Service<CallRecover.Customers.CustomerStore>().UpsertAsync(tx, s.Business.Id, caller.Lead.Phone, "Jane Doe", null, null));

        var erased = await app.OperatorClient().DeleteAsync($"/api/admin/businesses/{s.Business.Id}/customers/{customer.Id}");

        erased.StatusCode.ShouldBe(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        await Eventually.WaitAsync(() => Task.FromResult(record.GetValueOrDefault("201")), v => v == "", "the CRM record's name blanked");
        (record["202"], record["206"], record["205"]).ShouldBe(("", "", "qualified"));
        crm.Records.Count.ShouldBe(1);
        crm.Actions("update").Last().Keys.ShouldNotContain("data[field_205]");
        // The log line is written after the CRM answered.
        await Eventually.WaitAsync(() => app.Service<CrmStore>().LogAsync(s.Business.Id), log => log.Any(e => e.Action == "erase" && e.Ok), "the erase in the sync log");
    }

    [Theory, DatabaseData]
    public async Task APrivateBaseUrl_IsRefused_UnlessPrivateTargetsAreAllowed_AndBadInputNamesTheField(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        await using var crm = await FakeRukovoditel.StartAsync();
        var b = await app.CreateBusinessAsync();
        var client = app.OperatorClient();

        var refused = await client.PutAsJsonAsync(Url(b), Connection(crm.Url), Json.Options);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.JsonAsync()).GetProperty("errors").GetProperty("baseUrl")[0].GetString()!.ShouldContain("public address");
        (await client.GetAsync(Url(b))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var missing = await client.PutAsJsonAsync(Url(b), new { baseUrl = "https://crm.example.com", username = "u" }, Json.Options);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await missing.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "password", "apiKey", "entityId", "fields.phone" }) errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        var badIn = await client.PutAsJsonAsync(Url(b), new { baseUrl = "https://crm.example.com", username = "u", password = "p", apiKey = "k", entityId = 3,
            fields = new { phone = 1 }, statusIn = new Dictionary<string, string> { ["Unsubscribed"] = "opted_out" } }, Json.Options);
        badIn.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badIn.JsonAsync()).GetProperty("errors").TryGetProperty("statusIn", out _).ShouldBeTrue();
        var malformed = await client.PutAsync(Url(b), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        ((int)malformed.StatusCode).ShouldBe(400);
    }

    [Theory, DatabaseData]
    public async Task EachBusiness_SeesAndChangesOnlyItsOwnConnection_LeadsGoOnlyToItsCrm_AndSecretsNeverShow(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, Settings);
        await using var crmA = await FakeRukovoditel.StartAsync();
        await using var crmB = await FakeRukovoditel.StartAsync();
        var a = await h.BusinessAsync();
        var b = await h.BusinessAsync();
        await ConnectAsync(h.App, a, crmA.Url);
        await ConnectAsync(h.App, b, crmB.Url);
        var client = h.App.OperatorClient();

        var seenByB = await client.GetStringAsync(Url(b));
        seenByB.ShouldContain(crmB.Url);
        seenByB.ShouldNotContain(crmA.Url);
        var seenByA = await client.GetStringAsync(Url(a));
        foreach (var body in new[] { seenByA, seenByB })
        {
            body.ShouldNotContain(FakeRukovoditel.Key);
            body.ShouldNotContain(FakeRukovoditel.Password);
            JsonDocument.Parse(body).RootElement.GetProperty("apiKeySet").GetBoolean().ShouldBeTrue();
        }

        // B changes its own connection (keeping its stored secrets); A's is untouched. B disconnects; A stays connected.
        (await client.PutAsJsonAsync(Url(b), new { baseUrl = crmB.Url, username = FakeRukovoditel.Username, entityId = 34, fields = new { phone = 302 } }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.App.Service<CrmConnections>().TestAsync(b.Id))!.Ok.ShouldBeTrue();
        (await h.App.Service<CrmConnections>().GetAsync(a.Id))!.Fields.Phone.ShouldBe(202);

        var callerA = TestBusinesses.UniquePhone();
        await h.MissedCallAsync(a, callerA);
        await Eventually.WaitAsync(() => Task.FromResult(crmA.Records.Count), n => n == 1, "A's lead in A's CRM");
        crmB.Actions("insert").ShouldBeEmpty();
        (await h.App.Service<CrmStore>().LogAsync(b.Id)).ShouldAllBe(e => e.Action == "test");

        (await client.DeleteAsync(Url(b))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync(Url(b))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(Url(a))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A wrong key: the test says so in the CRM's words, and the key is still never shown.
        (await client.PutAsJsonAsync(Url(a), Connection(crmA.Url, key: "wrong-key-0123456789"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var test = await client.PostAsync(Url(a) + "/test", null);
        var result = await test.JsonAsync();
        result.GetProperty("ok").GetBoolean().ShouldBeFalse();
        result.GetProperty("message").GetString().ShouldBe("API Key mismatch");
        (await client.GetStringAsync(Url(a) + "/log")).ShouldContain("API Key mismatch");
        h.App.Logs.Lines.ShouldNotContain(l => l.Contains(FakeRukovoditel.Key) || l.Contains("wrong-key-0123456789") || l.Contains(FakeRukovoditel.Password)
            || l.Contains(callerA));
    }
}
