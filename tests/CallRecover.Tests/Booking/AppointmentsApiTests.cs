using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Booking;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Booking;

public sealed class AppointmentsApiTests
{
    private static DateTimeOffset Utc(int d, int h, int m = 0) => new(2026, 3, d, h, m, 0, TimeSpan.Zero);

    private static string Url(BookingScenario s, string rest = "") => $"/api/admin/businesses/{s.Business.Id}/appointments{rest}";

    [Theory, DatabaseData]
    public async Task Operator_CreatesListsAndMovesAppointmentsThroughValidStatuses(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();

        var created = await client.PostJsonAsync(Url(s), new { leadId = jane.Lead.Id, start = "2026-03-04T09:00:00-05:00", notes = "Gate code 1234" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var a = (await created.Content.ReadFromJsonAsync<JsonElement>());
        var id = a.GetProperty("id").GetString()!;
        a.GetProperty("startAt").GetDateTimeOffset().ShouldBe(Utc(4, 14));
        a.GetProperty("endAt").GetDateTimeOffset().ShouldBe(Utc(4, 15));
        a.GetProperty("address").GetString().ShouldBe("12 Oak St");
        a.GetProperty("serviceType").GetString().ShouldBe("AC repair");
        a.GetProperty("status").GetString().ShouldBe("scheduled");
        a.GetProperty("calendarPath").GetString().ShouldStartWith("/appointments/");
        (await s.LeadAsync(jane)).Status.ShouldBe("booked");
        (await s.LastTextAsync(jane)).ShouldContain("Wed Mar 4, 9–10am");

        var inRange = await client.GetFromJsonAsync<JsonElement>(Url(s, "?from=2026-03-04&to=2026-03-05"));
        inRange.EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(id);
        (await client.GetFromJsonAsync<JsonElement>(Url(s, "?from=2026-03-05&to=2026-03-06"))).GetArrayLength().ShouldBe(0);

        var confirm = await client.PatchAsJsonAsync(Url(s, $"/{id}/status"), new { status = "confirmed" });
        confirm.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PatchAsJsonAsync(Url(s, $"/{id}/status"), new { status = "completed" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await s.LeadAsync(jane)).Status.ShouldBe("completed");

        var back = await client.PatchAsJsonAsync(Url(s, $"/{id}/status"), new { status = "scheduled" });
        back.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await back.Content.ReadAsStringAsync()).ShouldContain("completed is final");
        var bogus = await client.PatchAsJsonAsync(Url(s, $"/{id}/status"), new { status = "done" });
        bogus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bogus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("status").ShouldNotBe(default);
        (await app.Service<AppointmentStore>().GetAsync(s.Business.Id, id))!.Status.ShouldBe("completed");
    }

    [Theory, DatabaseData]
    public async Task Operator_MovesAnAppointment_KeepingItsCalendarUid_AndRefusesOverlaps(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var bob = await s.QualifiedCallerAsync(name: "Bob");
        var client = app.OperatorClient();
        var a = await (await client.PostJsonAsync(Url(s), new { leadId = jane.Lead.Id, start = "2026-03-04T09:00:00-05:00" })).Content.ReadFromJsonAsync<Appointment>(CallRecover.Common.Json.Options);
        await client.PostJsonAsync(Url(s), new { leadId = bob.Lead.Id, start = "2026-03-05T09:00:00-05:00", notifyCaller = false });

        var moved = await client.PostJsonAsync(Url(s, $"/{a!.Id}/reschedule"), new { start = "2026-03-06T13:00:00-05:00" });

        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = (await moved.Content.ReadFromJsonAsync<Appointment>(CallRecover.Common.Json.Options))!;
        after.StartAt.ShouldBe(Utc(6, 18));
        after.IcsUid.ShouldBe(a.IcsUid);
        after.IcsSequence.ShouldBe(a.IcsSequence + 1);
        (await s.LastTextAsync(jane)).ShouldContain("moved to Fri Mar 6, 1–2pm");
        var clash = await client.PostJsonAsync(Url(s, $"/{a.Id}/reschedule"), new { start = "2026-03-05T09:30:00-05:00" });
        clash.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostJsonAsync(Url(s, $"/{a.Id}/reschedule"), new { start = "2020-01-01T09:00:00Z" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.Service<AppointmentStore>().GetAsync(s.Business.Id, a.Id))!.StartAt.ShouldBe(Utc(6, 18));
    }

    [Theory, DatabaseData]
    public async Task Create_RefusesOverlapsAndBadFields_WithReasons_AndWritesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var bob = await s.QualifiedCallerAsync(name: "Bob");
        var client = app.OperatorClient();
        (await client.PostJsonAsync(Url(s), new { leadId = jane.Lead.Id, start = "2026-03-04T09:00:00-05:00", notifyCaller = false })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var overlap = await client.PostJsonAsync(Url(s), new { leadId = bob.Lead.Id, start = "2026-03-04T09:30:00-05:00" });
        overlap.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await overlap.Content.ReadAsStringAsync()).ShouldContain("overlaps Wed Mar 4, 9:30–10:30am");

        var bad = await client.PostJsonAsync(Url(s), new { start = "tomorrow", durationMinutes = 5 });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("start");
        var missing = await client.PostJsonAsync(Url(s), new { start = "2026-03-05T09:00:00-05:00", durationMinutes = 5 });
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("leadId", out _).ShouldBeTrue();
        errors.TryGetProperty("durationMinutes", out _).ShouldBeTrue();
        var unknownField = await client.PostJsonAsync(Url(s), new { leadId = bob.Lead.Id, start = "2026-03-05T09:00:00-05:00", colour = "red" });
        unknownField.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await s.AppointmentsAsync(bob)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesAppointmentsAndLeads_AreUnreachable(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var jane = await a.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var created = await (await client.PostJsonAsync(Url(a), new { leadId = jane.Lead.Id, start = "2026-03-04T09:00:00-05:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        (await client.GetAsync(Url(b, $"/{id}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PatchAsJsonAsync(Url(b, $"/{id}/status"), new { status = "cancelled" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetFromJsonAsync<JsonElement>(Url(b, "?from=2026-03-01&to=2026-04-01"))).GetArrayLength().ShouldBe(0);
        // Booking another business's lead is refused as an unknown lead.
        var foreign = await client.PostJsonAsync(Url(b), new { leadId = jane.Lead.Id, start = "2026-03-05T09:00:00-05:00" });
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.Content.ReadAsStringAsync()).ShouldContain("leadId");
        (await client.GetAsync($"/api/admin/businesses/nope/appointments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Service<AppointmentStore>().GetAsync(a.Business.Id, id!))!.Status.ShouldBe("scheduled");
        (await app.CreateClient().GetAsync(Url(a))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task CancellingAVisit_TextsTheCallerOnce_EvenWhenRetriedOrTappedTwice_AndNeverAnOptedOutCaller(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var bob = await s.QualifiedCallerAsync("Bob Stop", "4 Pine St");
        var carl = await s.QualifiedCallerAsync("Carl Race", "6 Birch St");
        var client = app.OperatorClient();
        async Task<string> BookAsync(BookingScenario.Caller c, string start) =>
            (await (await client.PostJsonAsync(Url(s), new { leadId = c.Lead.Id, start, notifyCaller = false })).Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("id").GetString()!;
        static bool IsCancelText(CallRecover.Conversations.Message m) => m.Body.Contains("is cancelled", StringComparison.Ordinal);

        // The operator's request is retried (a timeout on their side): one cancellation, one text.
        var janes = await BookAsync(jane, "2026-03-04T09:00:00-05:00");
        (await client.PatchAsJsonAsync(Url(s, $"/{janes}/status"), new { status = "cancelled" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await client.PatchAsJsonAsync(Url(s, $"/{janes}/status"), new { status = "cancelled" });
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("cancelled");
        var sent = (await s.OutboundAsync(jane)).Where(IsCancelText).ShouldHaveSingleItem();
        sent.Status.ShouldNotBe("blocked"); // queued, or already with the carrier: the queue runs in this app
        sent.PolicyReason.ShouldBeNull();
        sent.Body.ShouldContain("Wed Mar 4, 9–10am");
        await using (var conn = await db.Db.OpenAsync())
            (await Dapper.SqlMapper.ExecuteScalarAsync<int>(conn, "SELECT COUNT(*) FROM work_items WHERE kind = 'sms.send' AND payload LIKE @p",
                new { p = $"%{sent.Id}%" })).ShouldBe(1);

        // Two people press Cancel at the same moment: one of them changes it and texts, the other finds it done.
        var carls = await BookAsync(carl, "2026-03-05T09:00:00-05:00");
        var admin = app.Service<AppointmentAdmin>();
        var both = await Task.WhenAll(
            admin.ChangeStatusAsync(s.Business, carls, new StatusInput { Status = "cancelled" }, "user:a"),
            admin.ChangeStatusAsync(s.Business, carls, new StatusInput { Status = "cancelled" }, "user:b"));
        both.ShouldAllBe(r => r.Ok);
        (await s.OutboundAsync(carl)).Count(IsCancelText).ShouldBe(1);
        (await CallRecover.Audit.AuditLog.ListAsync(db.Db, s.Business.Id, "appointment", carls)).Count(e => e.Action == "status_changed").ShouldBe(1);

        // Opted out: the policy refuses the text; it is recorded as not sent, with the reason, and never queued.
        var bobs = await BookAsync(bob, "2026-03-06T09:00:00-05:00");
        await db.Db.WriteAsync(tx => app.Service<CallRecover.Compliance.OptOutStore>().OptOutAsync(tx, s.Business.Id, bob.Lead.Phone, "STOP"));
        (await admin.PreviewAsync(s.Business, bobs))!.NotTextedBecause.ShouldBe("they opted out");
        (await client.PatchAsJsonAsync(Url(s, $"/{bobs}/status"), new { status = "cancelled" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var blocked = (await s.OutboundAsync(bob)).Where(IsCancelText).ShouldHaveSingleItem();
        blocked.Status.ShouldBe("blocked");
        blocked.PolicyReason.ShouldBe("opted_out");
        await using (var conn = await db.Db.OpenAsync())
            (await Dapper.SqlMapper.ExecuteScalarAsync<int>(conn, "SELECT COUNT(*) FROM work_items WHERE kind = 'sms.send' AND payload LIKE @p",
                new { p = $"%{blocked.Id}%" })).ShouldBe(0);

        // Asked not to text: cancelled without a text.
        var second = await BookAsync(jane, "2026-03-09T09:00:00-04:00");
        (await client.PatchAsJsonAsync(Url(s, $"/{second}/status"), new { status = "cancelled", notifyCaller = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await s.OutboundAsync(jane)).Count(IsCancelText).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task BookingSettings_AreValidated_AndShapeTheOfferedSlots(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{s.Business.Id}/booking-settings";

        var defaults = await client.GetFromJsonAsync<JsonElement>(url);
        defaults.GetProperty("defaultDurationMinutes").GetInt32().ShouldBe(60);
        defaults.GetProperty("bufferMinutes").GetInt32().ShouldBe(30);

        var bad = await client.PutAsJsonAsync(url, new { bufferMinutes = -5, daysOff = new[] { "next tuesday" } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("bufferMinutes", out _).ShouldBeTrue();
        errors.TryGetProperty("daysOff", out _).ShouldBeTrue();

        var ok = await client.PutAsJsonAsync(url, new { daysOff = new[] { "2026-03-03", "2026-03-04" }, serviceDurations = new Dictionary<string, int> { ["AC repair"] = 120 } });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var slots = await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{s.Business.Id}/appointments/slots?service=AC%20repair");
        var texts = slots.EnumerateArray().Select(x => x.GetProperty("text").GetString()).ToList();
        texts.ShouldNotBeEmpty();
        texts.ShouldAllBe(t => t!.StartsWith("Thu Mar 5") || t.StartsWith("Fri Mar 6") || t.StartsWith("Mon Mar 9"));
        slots.EnumerateArray().ShouldAllBe(x => x.GetProperty("end").GetDateTimeOffset() - x.GetProperty("start").GetDateTimeOffset() == TimeSpan.FromHours(2));
    }
}
