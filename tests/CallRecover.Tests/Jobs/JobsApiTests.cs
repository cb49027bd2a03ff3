using System.Net;
using System.Net.Http.Json;
using CallRecover.Booking;
using CallRecover.Estimates;
using CallRecover.Jobs;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Jobs;

public sealed class JobsApiTests
{
    [Theory, DatabaseData]
    public async Task ApprovedQuote_OpensExactlyOneJobAndOnePartsOrder_AlsoWhenTheApprovalIsReplayed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var quote = await QuoteSeed.QuoteAsync(app, s.Business.Id, jane.Lead.Id, BookingScenario.Start, QuoteStatuses.Sent);

        (await s.Db.WriteAsync(tx => app.Service<QuoteService>().ApproveAsync(tx, s.Business, quote.Id, "caller"))).ShouldBeTrue();
        // A retried webhook replays the approval: the quote is no longer pending, and the hook itself finds the job there.
        (await s.Db.WriteAsync(tx => app.Service<QuoteService>().ApproveAsync(tx, s.Business, quote.Id, "caller"))).ShouldBeFalse();
        var items = await s.Db.WriteAsync(async tx => await app.Service<QuoteStore>().ItemsAsync(tx, s.Business.Id, quote.Id));
        await s.Db.WriteAsync(tx => app.Service<JobService>().OnApprovedAsync(tx, s.Business, quote with { Status = QuoteStatuses.Approved }, items, "caller"));

        var jobs = await app.Service<JobStore>().ListAsync(s.Business.Id);
        var job = jobs.ShouldHaveSingleItem();
        job.QuoteId.ShouldBe(quote.Id);
        job.Stage.ShouldBe(JobStages.Confirmed);
        job.WaitingForParts.ShouldBeTrue();
        var order = (await app.Service<PartsOrderStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        order.JobId.ShouldBe(job.Id);
        order.Status.ShouldBe(PartsOrderStatuses.Requested);
        var line = order.Items.ShouldHaveSingleItem();
        (line.Description, line.Qty, line.UnitCost).ShouldBe(("Brake pads parts", 1m, 50m));

        var client = app.OperatorClient();
        var view = await (await client.GetAsync(Url(s, $"/jobs/{job.Id}"))).JsonAsync();
        view.GetProperty("quoteId").GetString().ShouldBe(quote.Id);
        view.GetProperty("waitingForParts").GetBoolean().ShouldBeTrue();
        var ordered = await client.PatchAsJsonAsync(Url(s, $"/parts-orders/{order.Id}/status"), new { status = "ordered", supplierName = "NAPA" });
        ordered.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ordered.JsonAsync()).GetProperty("orderedAt").GetDateTimeOffset().ShouldBe(BookingScenario.Start);
        (await client.PatchAsJsonAsync(Url(s, $"/parts-orders/{order.Id}/status"), new { status = "received" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var back = await client.PatchAsJsonAsync(Url(s, $"/parts-orders/{order.Id}/status"), new { status = "requested" });
        back.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var parts = await (await client.GetAsync(Url(s, $"/parts-orders?jobId={job.Id}"))).JsonAsync();
        parts[0].GetProperty("supplierName").GetString().ShouldBe("NAPA");
        parts[0].GetProperty("receivedAt").ValueKind.ShouldNotBe(System.Text.Json.JsonValueKind.Null);
        (await (await client.GetAsync(Url(s, $"/jobs/{job.Id}"))).JsonAsync()).GetProperty("waitingForParts").GetBoolean().ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task VisitBookedByText_IsTheJobsFirstVisit_OneRecord(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);

        await s.ReplyAsync(jane, "1");

        var visit = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        visit.JobId.ShouldNotBeNull();
        var job = (await app.Service<JobStore>().GetAsync(s.Business.Id, visit.JobId))!;
        (job.Source, job.Stage, job.LeadId, job.Title).ShouldBe((JobSources.Booking, JobStages.Confirmed, jane.Lead.Id, "AC repair"));
        var view = await (await app.OperatorClient().GetAsync(Url(s, $"/jobs/{job.Id}"))).JsonAsync();
        view.GetProperty("visits").EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(visit.Id);
    }

    [Theory, DatabaseData]
    public async Task ApprovedQuote_ThenABookedVisit_TheVisitJoinsTheQuotesJob(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var quote = await QuoteSeed.QuoteAsync(app, s.Business.Id, jane.Lead.Id, BookingScenario.Start, QuoteStatuses.Sent);
        await s.Db.WriteAsync(tx => app.Service<QuoteService>().ApproveAsync(tx, s.Business, quote.Id, "staff:owner"));

        var created = await app.OperatorClient().PostJsonAsync(Url(s, "/appointments"), new { leadId = jane.Lead.Id, start = "2026-03-04T09:00:00-05:00" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        job.QuoteId.ShouldBe(quote.Id);
        (await created.JsonAsync()).GetProperty("jobId").GetString().ShouldBe(job.Id);
    }

    [Theory, DatabaseData]
    public async Task Technicians_AreAddedWithTheirFields_DuplicateEmailIsAConflict_BadInputNamesTheField(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();

        var created = await client.PostJsonAsync(Url(s, "/technicians"), new
        {
            name = "Sam Rivera", phone = "(212) 555-0142", email = "Sam@Example.com", skills = new[] { "furnace", "AC" }, homeArea = "10001", status = "available",
            rating = 4.8, shifts = new { monday = new { open = "08:00", close = "17:00" } },
        });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var sam = await created.JsonAsync();
        sam.GetProperty("email").GetString().ShouldBe("sam@example.com");
        sam.GetProperty("phone").GetString().ShouldBe("+12125550142");
        sam.GetProperty("skills").EnumerateArray().Select(e => e.GetString()).ShouldBe(["furnace", "AC"]);
        sam.GetProperty("shifts").GetProperty("monday").GetProperty("open").GetString().ShouldBe("08:00");
        var again = await client.PostJsonAsync(Url(s, "/technicians"), new { name = "Sam R", phone = "2125550143", email = "sam@example.com" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("sam@example.com");

        foreach (var (body, field) in new (object, string)[]
        {
            (new { name = "X", phone = "nope", email = "x@example.com" }, "phone"),
            (new { name = "X", phone = "2125550144", email = "not-an-email" }, "email"),
            (new { name = "", phone = "2125550144", email = "x@example.com" }, "name"),
            (new { name = "X", phone = "2125550144", email = "x@example.com", status = "asleep" }, "status"),
            (new { name = "X", phone = "2125550144", email = "x@example.com", rating = 9 }, "rating"),
            (new { name = "X", phone = "2125550144", email = "x@example.com", shifts = new { monday = new { open = "18:00", close = "08:00" } } }, "shifts.monday"),
            (new { name = "X", phone = "2125550144", email = "x@example.com", skills = "furnace" }, "skills"),
            (new { name = "X", phone = "2125550144", email = "x@example.com", colour = "red" }, "colour"),
        })
        {
            var bad = await client.PostJsonAsync(Url(s, "/technicians"), body);
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, field);
            (await bad.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"{field}: {await bad.Content.ReadAsStringAsync()}");
        }
        var raw = await client.PostAsync(Url(s, "/technicians"), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        raw.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await client.GetAsync(Url(s, "/technicians"))).JsonAsync()).GetArrayLength().ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Stages_MoveOnlyAlongTheTable_AnImpossibleMoveIs409NamingTheStage(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var jobId = await AddJobAsync(client, s, jane.Lead.Id, stage: JobStages.QuoteRequested);

        var jump = await client.PatchAsJsonAsync(Url(s, $"/jobs/{jobId}/stage"), new { stage = "completed" });
        jump.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await jump.Content.ReadAsStringAsync()).ShouldContain("quote_requested cannot move to completed");
        foreach (var stage in new[] { "quote_sent", "confirmed", "in_progress", "completed" })
            (await client.PatchAsJsonAsync(Url(s, $"/jobs/{jobId}/stage"), new { stage })).StatusCode.ShouldBe(HttpStatusCode.OK, stage);
        var reopen = await client.PatchAsJsonAsync(Url(s, $"/jobs/{jobId}/stage"), new { stage = "in_progress" });
        reopen.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reopen.Content.ReadAsStringAsync()).ShouldContain("completed is final");
        (await client.PatchAsJsonAsync(Url(s, $"/jobs/{jobId}/stage"), new { stage = "done" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PatchAsJsonAsync(Url(s, "/jobs/nope/stage"), new { stage = "confirmed" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync(Url(s, "/jobs"), new { leadId = "nope" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync(Url(s, "/jobs?stage=later"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await client.GetAsync(Url(s, "/jobs?stage=completed"))).JsonAsync()).GetArrayLength().ShouldBe(1);
        // The owner heard of every move.
        (await s.NotificationsAsync()).Count(n => n.Event == "job_stage").ShouldBe(4);
    }

    [Theory, DatabaseData]
    public async Task Dispatch_AutoAssignsWithAReason_RefusesAClashNamingIt_AndTextsTheCustomerThroughTheOneSendPath(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(address: "12 Oak St, New York, NY 10001");
        var client = app.OperatorClient();
        var pat = await AddTechnicianAsync(client, s, "Pat Lee", ["plumbing"], "10002", 5.0m);
        var sam = await AddTechnicianAsync(client, s, "Sam Rivera", ["furnace"], "10001", 4.8m);
        var jobId = await AddJobAsync(client, s, jane.Lead.Id, "Furnace repair");

        var auto = await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { start = "2026-03-04T09:00:00-05:00", end = "2026-03-04T11:00:00-05:00" });

        auto.StatusCode.ShouldBe(HttpStatusCode.Created, await auto.Content.ReadAsStringAsync());
        var visit = await auto.JsonAsync();
        visit.GetProperty("technicianId").GetString().ShouldBe(sam);
        visit.GetProperty("reason").GetString().ShouldBe("Sam Rivera: has 'furnace', free 9–11am, same area, 4.8");
        visit.GetProperty("status").GetString().ShouldBe("scheduled");
        (await s.LastTextAsync(jane)).ShouldContain("your visit is scheduled for Wed Mar 4, 9–11am");

        var clash = await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { technicianId = sam, start = "2026-03-04T10:00:00-05:00", end = "2026-03-04T12:00:00-05:00" });
        clash.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await clash.Content.ReadAsStringAsync()).ShouldContain("Sam Rivera already has a visit Wed Mar 4, 9–11am (Jane Doe)");
        // Auto-assign at the same time goes to the one who is free, and says so.
        var second = await (await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { start = "2026-03-04T10:00:00-05:00", end = "2026-03-04T12:00:00-05:00" })).JsonAsync();
        second.GetProperty("technicianId").GetString().ShouldBe(pat);
        second.GetProperty("reason").GetString().ShouldBe("Pat Lee: free 10am–12pm, 5.0");
        var none = await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { start = "2026-03-04T10:30:00-05:00", end = "2026-03-04T11:00:00-05:00" });
        none.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await none.Content.ReadAsStringAsync()).ShouldContain("No technician is free");

        foreach (var (body, field) in new (object, string)[]
        {
            (new { end = "2026-03-04T11:00:00-05:00" }, "start"),
            (new { start = "2026-03-04T11:00:00-05:00", end = "2026-03-04T10:00:00-05:00" }, "end"),
            (new { start = "9999-03-04T11:00:00-05:00", end = "9999-03-04T12:00:00-05:00" }, "start"),
            (new { start = "2026-03-04T11:00:00-05:00", end = "2026-03-05T11:00:00-05:00" }, "end"),
            (new { technicianId = "nobody", start = "2026-03-05T11:00:00-05:00", end = "2026-03-05T12:00:00-05:00" }, "technicianId"),
            (new { start = "tomorrow", end = "2026-03-05T12:00:00-05:00" }, "start"),
        })
        {
            var bad = await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), body);
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, field);
            (await bad.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(await bad.Content.ReadAsStringAsync());
        }
    }

    [Theory, DatabaseData]
    public async Task VisitStatuses_EnRouteTextsTheEta_CompletionNeedsTheChecklist_AndCompletesTheJob(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var sam = await AddTechnicianAsync(client, s, "Sam Rivera", ["furnace"]);
        var jobId = await AddJobAsync(client, s, jane.Lead.Id);
        await s.Db.WriteAsync(tx => app.Service<JobStore>().SaveChecklistAsync(tx, s.Business.Id, ["Photo of the work", "Customer signed"]));
        var visitId = (await (await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"),
            new { technicianId = sam, start = "2026-03-03T11:00:00-05:00", end = "2026-03-03T12:00:00-05:00" })).JsonAsync()).GetProperty("id").GetString()!;
        string Status(string status, int? eta = null) => System.Text.Json.JsonSerializer.Serialize(new { status, etaMinutes = eta });

        var enRoute = await client.PatchAsync(Url(s, $"/visits/{visitId}/status"), new StringContent(Status("en_route", 25), System.Text.Encoding.UTF8, "application/json"));

        enRoute.StatusCode.ShouldBe(HttpStatusCode.OK, await enRoute.Content.ReadAsStringAsync());
        (await enRoute.JsonAsync()).GetProperty("status").GetString().ShouldBe("en_route");
        (await s.LastTextAsync(jane)).ShouldBe($"Sam from {s.Business.Name} is on the way, about 25 minutes away (ETA 10:25am).");
        (await s.OutboundAsync(jane))[^1].Purpose.ShouldBe("visit");
        (await app.Service<JobStore>().GetAsync(s.Business.Id, jobId))!.Stage.ShouldBe(JobStages.InProgress);
        (await app.Service<TechnicianStore>().GetAsync(s.Business.Id, sam))!.Status.ShouldBe(TechnicianStatuses.Busy);
        var backwards = await client.PatchAsJsonAsync(Url(s, $"/visits/{visitId}/status"), new { status = "confirmed" });
        backwards.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await backwards.Content.ReadAsStringAsync()).ShouldContain("en_route cannot become confirmed");
        (await client.PatchAsJsonAsync(Url(s, $"/visits/{visitId}/status"), new { status = "on_site" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var early = await client.PatchAsJsonAsync(Url(s, $"/visits/{visitId}/status"), new { status = "completed" });
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Content.ReadAsStringAsync()).ShouldContain("The checklist is not done: Photo of the work, Customer signed");
        await app.Service<JobService>().SaveTechnicianWorkAsync(s.Business, jobId, "Replaced igniter", ["Photo of the work", "Customer signed", "not on the list"], "technician");
        var done = await client.PatchAsJsonAsync(Url(s, $"/visits/{visitId}/status"), new { status = "completed" });

        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        var job = (await app.Service<JobStore>().GetAsync(s.Business.Id, jobId))!;
        (job.Stage, job.TechnicianNotes, job.CompletedAt).ShouldBe((JobStages.Completed, "Replaced igniter", (DateTimeOffset?)BookingScenario.Start));
        job.ChecklistDoneList.ShouldBe(["Photo of the work", "Customer signed"]);
        var thanks = (await s.OutboundAsync(jane))[^1];
        (thanks.Purpose, thanks.Body).ShouldBe(("job_completed", $"Thanks for choosing {s.Business.Name}! Your furnace repair job is done. Reply here if anything needs another look."));
        (await app.Service<TechnicianStore>().GetAsync(s.Business.Id, sam))!.Status.ShouldBe(TechnicianStatuses.Available);
        (await client.PatchAsJsonAsync(Url(s, $"/visits/{visitId}/status"), new { status = "later" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PatchAsJsonAsync(Url(s, $"/visits/{visitId}/status"), new { status = "en_route", etaMinutes = 0 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, DatabaseData]
    public async Task VisitTexts_RespectOptOut(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var sam = await AddTechnicianAsync(client, s, "Sam Rivera");
        var jobId = await AddJobAsync(client, s, jane.Lead.Id);
        await s.ReplyAsync(jane, "STOP");

        var visit = await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { technicianId = sam, start = "2026-03-04T09:00:00-05:00", end = "2026-03-04T10:00:00-05:00" });

        visit.StatusCode.ShouldBe(HttpStatusCode.Created);
        var scheduled = (await s.OutboundAsync(jane)).Last(m => m.Purpose == "visit");
        (scheduled.Status, scheduled.PolicyReason).ShouldBe(("blocked", "opted_out"));
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesJobsTechniciansVisitsAndPartsAreUnreachable(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var a = await BookingScenario.CreateAsync(app);
        var b = await BookingScenario.CreateAsync(app);
        var jane = await a.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var sam = await AddTechnicianAsync(client, a, "Sam Rivera");
        var jobId = await AddJobAsync(client, a, jane.Lead.Id);
        var quote = await QuoteSeed.QuoteAsync(app, a.Business.Id, jane.Lead.Id, BookingScenario.Start, QuoteStatuses.Sent);
        await a.Db.WriteAsync(tx => app.Service<QuoteService>().ApproveAsync(tx, a.Business, quote.Id, "caller"));
        var order = (await app.Service<PartsOrderStore>().ListAsync(a.Business.Id)).Single();
        var visitId = (await (await client.PostJsonAsync(Url(a, $"/jobs/{jobId}/visits"),
            new { technicianId = sam, start = "2026-03-04T09:00:00-05:00", end = "2026-03-04T10:00:00-05:00" })).JsonAsync()).GetProperty("id").GetString()!;

        (await client.GetAsync(Url(b, $"/jobs/{jobId}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PatchAsJsonAsync(Url(b, $"/jobs/{jobId}/stage"), new { stage = "cancelled" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync(Url(b, $"/jobs/{jobId}/visits"), new { start = "2026-03-05T09:00:00-05:00", end = "2026-03-05T10:00:00-05:00" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PatchAsJsonAsync(Url(b, $"/visits/{visitId}/status"), new { status = "cancelled" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PatchAsJsonAsync(Url(b, $"/parts-orders/{order.Id}/status"), new { status = "ordered" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync(Url(b, "/jobs"), new { leadId = jane.Lead.Id })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var otherJob = await AddJobAsync(client, b, (await b.QualifiedCallerAsync()).Lead.Id);
        var foreignTech = await client.PostJsonAsync(Url(b, $"/jobs/{otherJob}/visits"), new { technicianId = sam, start = "2026-03-05T09:00:00-05:00", end = "2026-03-05T10:00:00-05:00" });
        foreignTech.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await client.GetAsync(Url(b, "/jobs"))).JsonAsync()).GetArrayLength().ShouldBe(1);
        (await (await client.GetAsync(Url(b, "/technicians"))).JsonAsync()).GetArrayLength().ShouldBe(0);
        (await (await client.GetAsync(Url(b, "/parts-orders"))).JsonAsync()).GetArrayLength().ShouldBe(0);
        (await app.Service<AppointmentStore>().GetAsync(a.Business.Id, visitId))!.Status.ShouldBe("scheduled");
    }
}
