using System.Net;
using System.Text.Json;
using CallRecover.Audit;
using Bunit;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Conversations.Pages;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Dashboard;

public sealed class DashboardPagesTests
{
    [Theory, DatabaseData]
    public async Task AnotherBusinessesLeadAndConversation_AreNotFound_OnPagesAndApi(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, a.Id, clock.GetUtcNow().AddMinutes(-10));
        var owner = await app.SignedInClientAsync(a.OwnerEmail);
        var stranger = await app.SignedInClientAsync(b.OwnerEmail);

        foreach (var url in new[] { $"/conversations/{thread.ConversationId}", $"/leads/{thread.LeadId}",
                     $"/api/dashboard/conversations/{thread.ConversationId}", $"/api/dashboard/leads/{thread.LeadId}" })
        {
            (await owner.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var denied = await stranger.GetAsync(url);
            denied.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            (await denied.Content.ReadAsStringAsync()).ShouldNotContain(thread.Phone);
        }
        (await stranger.GetStringAsync("/conversations")).ShouldNotContain(thread.ConversationId);
        (await stranger.GetStringAsync("/api/dashboard/leads")).ShouldNotContain(thread.LeadId);
        (await stranger.GetStringAsync("/calls")).ShouldNotContain(CallRecover.Dashboard.Shared.Fmt.Phone(thread.Phone));

        // Opened live by the other business's owner, the page shows nothing of it and offers no action on it.
        var strangerEmail = b.OwnerEmail;
        await using var ui = await PageHarness.SignedInAsync(app, strangerEmail);
        var live = ui.Render<ConversationThreadPage>(p => p.Add(x => x.Id, thread.ConversationId));
        live.Markup.ShouldNotContain(thread.Phone);
        live.FindAll("#take-over").ShouldBeEmpty();
        (await app.Service<ConversationStore>().GetAsync(a.Id, thread.ConversationId))!.Status.ShouldBe(ConversationStatuses.Active);
    }

    [Theory, DatabaseData]
    public async Task ThreadPage_TakeOver_SendsManualText_ThenReturnsToAi(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-10));
        await using var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail);
        var page = ui.Render<ConversationThreadPage>(p => p.Add(x => x.Id, thread.ConversationId));
        // The messages arrive after the page's first render (the thread container is there before them).
        page.WaitForAssertion(() => page.Find("#thread").TextContent.ShouldContain("My AC is broken"));
        await page.ClickAsync("#take-over");
        (await app.Service<ConversationStore>().GetAsync(business.Id, thread.ConversationId))!.Status.ShouldBe(ConversationStatuses.HumanActive);
        page.Find("#thread-status").GetAttribute("data-status").ShouldBe(ConversationStatuses.HumanActive);

        page.Find("#reply-text").Input("Hi, this is Olive. I can come at 3pm.");
        await page.SubmitAsync("form.composer");
        var messages = await app.Service<ConversationStore>().MessagesAsync(business.Id, thread.ConversationId);
        var manual = messages.Last();
        manual.Sender.ShouldBe(Senders.Human);
        manual.Body.ShouldBe("Hi, this is Olive. I can come at 3pm.");
        manual.ToPhone.ShouldBe(thread.Phone);
        page.Find("#thread").TextContent.ShouldContain("I can come at 3pm.");
        page.Find("#reply-text").GetAttribute("value").ShouldBeNullOrEmpty("the composer is emptied once the text is sent");

        // An empty text is refused with a message, and the page stays as it was.
        await page.SubmitAsync("form.composer");
        page.Find("#thread-error").TextContent.ShouldNotBeNullOrWhiteSpace();
        (await app.Service<ConversationStore>().MessagesAsync(business.Id, thread.ConversationId)).Count.ShouldBe(messages.Count);

        await page.ClickAsync("#return-to-ai");
        (await app.Service<ConversationStore>().GetAsync(business.Id, thread.ConversationId))!.Status.ShouldBe(ConversationStatuses.Active);

        var audit = await AuditLog.ListAsync(db.Db, business.Id, "conversation", thread.ConversationId);
        audit.Select(e => e.Action).ShouldBe(["took_over", "sent_manual_text", "returned_to_ai"]);
        audit.ShouldAllBe(e => e.Actor.StartsWith("user:", StringComparison.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task ThreadPage_ShowsACallersTextLive_WithoutReload(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-10));
        await using var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail);
        var page = ui.Render<ConversationThreadPage>(p => p.Add(x => x.Id, thread.ConversationId));
        page.WaitForElement("#thread");
        var business2 = await app.CreateBusinessAsync();

        await db.Db.WriteAsync(tx => DashboardTestKit.InsertMessageAsync(tx, business.Id, thread.ConversationId, "inbound", "caller", thread.Phone, business.CarrierNumber!,
            "Also the thermostat is blank", "received", clock.GetUtcNow()));
        // Another business's change does not reload this page; this business's does.
        app.Service<CallRecover.Live.LiveEvents>().Publish(business2.Id, "message", "x");
        page.Find("#thread").TextContent.ShouldNotContain("thermostat");
        app.Service<CallRecover.Live.LiveEvents>().Publish(business.Id, "message", "m");
        PageHarness.Until(page, () => page.Find("#thread").TextContent.Contains("thermostat is blank"), "the caller's new text shown live");
    }

    [Theory, DatabaseData]
    public async Task LeadCorrection_IsAudited_AndConfirmsTheField(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-10));
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var url = $"/leads/{thread.LeadId}";

        var bad = await owner.PostFormAsync(url, url, ("_handler", "correct"), ("name", "Sam Caller"), ("email", "not-an-email"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("is not a valid email address");
        (await app.Service<LeadStore>().GetAsync(business.Id, thread.LeadId))!.Email.ShouldBeNull();

        var ok = await owner.PostFormAsync(url, url, ("_handler", "correct"), ("name", "Sam Caller"), ("serviceNeeded", "AC repair"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var lead = (await app.Service<LeadStore>().GetAsync(business.Id, thread.LeadId))!;
        lead.Name.ShouldBe("Sam Caller");
        lead.ServiceNeeded.ShouldBe("AC repair");
        lead.Confidence["serviceNeeded"].ShouldBe(1.0);

        var audit = await AuditLog.ListAsync(db.Db, business.Id, "lead", thread.LeadId);
        var correction = audit.Single(e => e.Action == "corrected" && e.Details.Contains("serviceNeeded"));
        using var details = JsonDocument.Parse(correction.Details);
        details.RootElement.GetProperty("to").GetString().ShouldBe("AC repair");
        ok.Headers.Location!.PathAndQuery.ShouldBe($"{url}?saved=1");
        ok.Headers.Location!.Fragment.ShouldBe("#correct-form", "the page comes back at the form, where the confirmation is");
        var saved = await owner.GetStringAsync(ok.Headers.Location!.PathAndQuery);
        saved.ShouldContain("id=\"edit-saved\" role=\"status\"");

        // A second correction by the owner reads as a sentence with their name; no JSON, no action codes.
        (await owner.PostFormAsync(url, url, ("_handler", "correct"), ("name", "Sam Caller"), ("address", "42 Oak St"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await owner.PostFormAsync(url, url, ("_handler", "correct"), ("name", "Sam Caller"), ("address", "24 Oak St"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = System.Net.WebUtility.HtmlDecode(await owner.GetStringAsync(url));
        page.ShouldContain("Sam's address changed from 42 Oak St to 24 Oak St by Olive");
        page.ShouldContain("Sam's service needed set to AC repair by Olive");
        page.ShouldNotContain("{\"field\"");
        page.ShouldNotContain("(user:");
        page.ShouldContain("<details class=\"timeline-day\" open");
    }

    [Theory, DatabaseData]
    public async Task Overview_CountsTodayAndThisMonth_InTheBusinessTimeZone(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // 2026-03-10 15:00 UTC = 11:00 in New York (EDT from March 8).
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero));
        // The rows below are written with past timestamps, which a real call never has: a metrics fold run by the scheduled
        // task between two of them would count a day as closed before its backdated call is written.
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:RunScheduledTasks"] = "false" });
        var business = await app.CreateBusinessAsync(i => i with { AverageJobValue = 400m });
        var now = clock.GetUtcNow();
        var bookedToday = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-1), callerReplied: true, leadStatus: "booked");
        await SeedAppointmentAsync(db.Db, business.Id, bookedToday.LeadId, createdAt: now.AddMinutes(-30), "scheduled");
        // Booked and then cancelled today: not counted as booked.
        await SeedAppointmentAsync(db.Db, business.Id, bookedToday.LeadId, createdAt: now.AddMinutes(-20), "cancelled");
        await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, now.AddHours(-2), callerReplied: false);
        // 03:30 UTC on the 10th is still the 9th in New York: this month, not today.
        await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, new DateTimeOffset(2026, 3, 10, 3, 30, 0, TimeSpan.Zero), leadStatus: "qualified");
        // Last month.
        var lastMonth = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, new DateTimeOffset(2026, 2, 27, 15, 0, 0, TimeSpan.Zero), leadStatus: "booked");
        await SeedAppointmentAsync(db.Db, business.Id, lastMonth.LeadId, createdAt: new DateTimeOffset(2026, 2, 27, 16, 0, 0, TimeSpan.Zero), "completed");
        await db.Db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO calls (id, business_id, call_sid, caller_phone, status, duration_seconds, after_hours, created_at, updated_at)
            VALUES (@id, @businessId, @sid, '+19045550111', 'answered', 95, FALSE, @now, @now)
            """, new { id = Ids.New(), businessId = business.Id, sid = "CA" + Ids.New(), now }, tx.Transaction));

        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        using var json = JsonDocument.Parse(await owner.GetStringAsync("/api/dashboard/overview"));
        var today = json.RootElement.GetProperty("today");
        today.GetProperty("calls").GetInt32().ShouldBe(3);
        today.GetProperty("missed").GetInt32().ShouldBe(2);
        today.GetProperty("recovered").GetInt32().ShouldBe(1);
        today.GetProperty("qualified").GetInt32().ShouldBe(1);
        today.GetProperty("booked").GetInt32().ShouldBe(1);
        today.GetProperty("estimatedRevenue").GetDecimal().ShouldBe(400m);
        var month = json.RootElement.GetProperty("month");
        month.GetProperty("calls").GetInt32().ShouldBe(4);
        month.GetProperty("missed").GetInt32().ShouldBe(3);
        month.GetProperty("recovered").GetInt32().ShouldBe(2);
        month.GetProperty("qualified").GetInt32().ShouldBe(2);
        month.GetProperty("booked").GetInt32().ShouldBe(1);
        json.RootElement.GetProperty("activity").GetArrayLength().ShouldBeGreaterThan(0);

        var html = await owner.GetStringAsync("/");
        html.ShouldContain("data-stat=\"revenue\">$400<");
    }

    [Theory, DatabaseData]
    public async Task Settings_BadValues_ShowErrorsNextToFields_AndChangeNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        var owner = await app.SignedInClientAsync(business.OwnerEmail);
        var fields = Form(business);
        fields["quietStart"] = "25:99";
        fields["timeZone"] = "Mars/Olympus";
        var bad = await owner.PostFormAsync("/settings", "/settings", [.. fields.Select(f => (f.Key, f.Value))]);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("data-error-for=\"notificationPrefs.quietStart\"");
        html.ShouldContain("data-error-for=\"timeZone\"");
        html.ShouldContain("Mars/Olympus");
        (await app.Service<BusinessStore>().GetAsync(business.Id))!.TimeZone.ShouldBe(business.TimeZone);

        fields = Form(business);
        fields["averageJobValue"] = "425";
        fields["greeting"] = "Hi from Olive's HVAC! Sorry we missed you. Reply STOP to opt out.";
        fields.Remove("open-monday");
        var ok = await owner.PostFormAsync("/settings", "/settings", [.. fields.Select(f => (f.Key, f.Value))]);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = (await app.Service<BusinessStore>().GetAsync(business.Id))!;
        saved.AverageJobValue.ShouldBe(425m);
        saved.Greeting.ShouldStartWith("Hi from Olive's HVAC!");
        saved.BusinessHours["monday"].ShouldBeNull();
        saved.BusinessHours["tuesday"].ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task StaffCannotOpenSettings_AndTechniciansSeeOnlyTheirJobs(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var business = await app.CreateBusinessAsync();
        await db.Db.WriteAsync(async tx =>
        {
            await app.Service<UserStore>().InsertAsync(tx, business.Id, "staff@example.com", "Stan Staff", Roles.Staff);
            await app.Service<UserStore>().InsertAsync(tx, business.Id, "tech@example.com", "Tina Tech", Roles.Technician);
        });
        var staff = await app.SignedInClientAsync("staff@example.com");
        (await staff.GetAsync("/conversations")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.GetAsync("/settings")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var tech = await app.SignedInClientAsync("tech@example.com");
        (await tech.GetAsync("/leads")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await tech.GetAsync("/api/dashboard/leads")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tech.GetAsync("/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Dictionary<string, string> Form(Business b)
    {
        var f = new Dictionary<string, string>
        {
            ["_handler"] = "settings", ["timeZone"] = b.TimeZone, ["services"] = string.Join("\n", b.Services),
            ["averageJobValue"] = "350", ["reviewUrl"] = "", ["greeting"] = "", ["aiInstructions"] = "",
            ["sms"] = "on", ["email"] = "on", ["quietStart"] = "21:00", ["quietEnd"] = "07:00",
        };
        foreach (var d in WeeklyHours.DayNames)
        {
            if (b.BusinessHours.GetValueOrDefault(d) is { } h) { f["open-" + d] = "on"; f["from-" + d] = h.Open; f["to-" + d] = h.Close; }
        }
        return f;
    }

    private static Task SeedAppointmentAsync(Db db, string businessId, string leadId, DateTimeOffset createdAt, string status) =>
        db.WriteAsync(tx => tx.Connection.ExecuteAsync("""
            INSERT INTO appointments (id, business_id, lead_id, start_at, end_at, duration_minutes, status, ics_uid, ics_token, source, created_at, updated_at)
            VALUES (@id, @businessId, @leadId, @start, @end, 60, @status, @uid, @token, 'sms', @createdAt, @createdAt)
            """, new { id = Ids.New(), businessId, leadId, start = createdAt.AddDays(2), end = createdAt.AddDays(2).AddHours(1), status,
                uid = Ids.New() + "@test", token = Ids.New(), createdAt }, tx.Transaction));
}

public sealed class OperatorDashboardTests
{
    [Theory, DatabaseData]
    public async Task Operator_ChoosesABusiness_AndSeesOnlyThatOne(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var threadA = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, a.Id, clock.GetUtcNow().AddMinutes(-5));
        await db.Db.WriteAsync(tx => app.Service<UserStore>().InsertAsync(tx, null, "ops@callrecover.example", "Oscar Ops", Roles.Operator));
        var ops = await app.SignedInClientAsync("ops@callrecover.example");

        // Before choosing, no business's data is reachable.
        (await ops.GetAsync("/api/dashboard/leads")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ops.GetStringAsync("/operator/businesses")).ShouldContain(a.Name);

        var chose = await ops.PostFormAsync("/auth/act-as", "/operator/businesses", ("businessId", b.Id));
        chose.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ops.GetAsync($"/api/dashboard/conversations/{threadA.ConversationId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await ops.PostFormAsync("/auth/act-as", "/operator/businesses", ("businessId", a.Id));
        (await ops.GetAsync($"/api/dashboard/conversations/{threadA.ConversationId}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // An owner cannot use the operator's switch to reach another business.
        var owner = await app.SignedInClientAsync(b.OwnerEmail);
        (await owner.PostFormAsync("/auth/act-as", "/", ("businessId", a.Id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.GetAsync($"/api/dashboard/conversations/{threadA.ConversationId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
