using System.Net.Http.Json;
using System.Net;
using Bunit;
using CallRecover.Booking;
using CallRecover.Jobs;
using CallRecover.Jobs.Pages;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Jobs;

/// <summary>A job's own page, its photos behind sign-in, and what happens to its visits when the job ends.</summary>
public sealed class JobDetailTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static async Task<(BookingScenario S, string JobId, string Sam, string Pat, BookingScenario.Caller Jane)> SeedAsync(AppFactory app)
    {
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var sam = (await app.Service<Team>().InviteAsync(s.Business, new InviteInput("sam@example.com", "Sam Rivera", "technician", "2125550142"), "owner")).Value!;
        var pat = (await app.Service<Team>().InviteAsync(s.Business, new InviteInput("pat@example.com", "Pat Lee", "technician", "2125550143"), "owner")).Value!;
        var technicians = await app.Service<TechnicianStore>().ListAsync(s.Business.Id);
        var jobId = await AddJobAsync(app.OperatorClient(), s, jane.Lead.Id);
        return (s, jobId, technicians.Single(t => t.UserId == sam.Id).Id, technicians.Single(t => t.UserId == pat.Id).Id, jane);
    }

    private static async Task<string> VisitAsync(AppFactory app, BookingScenario s, string jobId, string? technicianId, string start, string end)
    {
        var response = await app.OperatorClient().PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { technicianId, start, end });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    [Theory, DatabaseData]
    public async Task JobPage_ShowsTheJobWhole_SchedulesAVisit_MovesTheStage_AndTracksItsParts(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jobId, sam, _, jane) = await SeedAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        await s.Db.WriteAsync(tx => app.Service<PartsOrderStore>().TryOpenAsync(tx, app.Service<PartsOrderStore>().New(s.Business.Id, jobId,
            [new PartsOrderItem { PartNumber = "IGN-42", Description = "Hot surface igniter", Qty = 1, UnitCost = 38.5m }])));
        var visit = await VisitAsync(app, s, jobId, sam, "2026-03-03T11:00:00-05:00", "2026-03-03T12:00:00-05:00");
        (await app.Service<JobPhotoStore>().SaveAsync(s.Business.Id, jobId, "user:sam", "furnace.jpg", Jpeg.Length, new MemoryStream(Jpeg))).Photo.ShouldNotBeNull();

        await using var ui = await PageHarness.SignedInAsync(app, s.Business.OwnerEmail);
        var page = ui.Render<JobDetailPage>(p => p.Add(x => x.Id, jobId));
        page.WaitForElement("#job-title").TextContent.ShouldBe("Furnace repair");
        page.Find("#job-stage").GetAttribute("data-stage").ShouldBe(JobStages.Confirmed);
        page.Find("#job-stage").TextContent.ShouldContain("Waiting for parts");
        page.Find("#job-summary").TextContent.ShouldContain("Jane Doe");
        page.Find($"#visit-{visit}").TextContent.ShouldContain("Sam Rivera");
        page.Find("#parts-lines").TextContent.ShouldContain("Hot surface igniter");
        var photo = page.Find("#job-photos img");
        photo.GetAttribute("src").ShouldStartWith("/job-photos/");

        // A second visit from the page, with the best free technician: booked, the customer texted the day and time.
        page.WaitForAssertion(() => page.Find("#visit-add-save").HasAttribute("disabled").ShouldBeFalse(), TimeSpan.FromSeconds(5));
        await page.ChangeAsync("#visit-day", "2026-03-05");
        await page.ChangeAsync("#visit-start", "13:00");
        await page.ClickAsync("#visit-add-save");
        page.WaitForAssertion(() => page.Find("#job-done").TextContent.ShouldContain("Visit scheduled with"));
        var visits = await app.Service<AppointmentStore>().ForJobAsync(s.Business.Id, jobId);
        visits.Count.ShouldBe(2);
        (await s.LastTextAsync(jane)).ShouldContain("your visit is scheduled for Thu Mar 5");
        page.FindAll(".job-visit").Count.ShouldBe(2);

        // Parts: ordered from a supplier, then received; the job stops waiting for them.
        await page.ChangeAsync("#parts-supplier", "Acme Supply");
        await page.ClickAsync("#parts-next");
        page.WaitForAssertion(() => page.Find("#parts-status").TextContent.ShouldBe("Ordered"));
        await page.ClickAsync("#parts-next");
        page.WaitForAssertion(() => page.Find("#parts-status").TextContent.ShouldBe("Received"));
        var order = (await app.Service<PartsOrderStore>().ListAsync(s.Business.Id, jobId)).ShouldHaveSingleItem();
        (order.Status, order.SupplierName).ShouldBe((PartsOrderStatuses.Received, "Acme Supply"));
        page.Find("#job-stage").TextContent.ShouldNotContain("Waiting for parts");

        // An impossible move names the stages; a possible one moves the job.
        await page.ChangeAsync("#job-move", JobStages.InProgress);
        page.WaitForAssertion(() => page.Find("#job-stage").GetAttribute("data-stage").ShouldBe(JobStages.InProgress));

        // Another business's job is not found from this sign-in.
        var theirs = await AddJobAsync(app.OperatorClient(), other, (await other.QualifiedCallerAsync()).Lead.Id, "Their job");
        var foreign = ui.Render<JobDetailPage>(p => p.Add(x => x.Id, theirs));
        foreign.Markup.ShouldNotContain("Their job");
        foreign.FindAll("#job-title").ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task JobPhotos_AreServedToTheOfficeAndTheJobsTechnician_AndToNobodyElse(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jobId, sam, _, _) = await SeedAsync(app);
        await VisitAsync(app, s, jobId, sam, "2026-03-03T11:00:00-05:00", "2026-03-03T12:00:00-05:00");
        var photo = (await app.Service<JobPhotoStore>().SaveAsync(s.Business.Id, jobId, "user:sam", "furnace.jpg", Jpeg.Length, new MemoryStream(Jpeg))).Photo!;
        var other = await BookingScenario.CreateAsync(app);

        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        var response = await owner.GetAsync($"/job-photos/{photo.Id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Jpeg);

        (await (await app.SignedInClientAsync("sam@example.com")).GetAsync($"/job-photos/{photo.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Pat has no visit on this job; the other business's owner is another tenant; nobody signed in is nobody.
        (await (await app.SignedInClientAsync("pat@example.com")).GetAsync($"/job-photos/{photo.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.SignedInClientAsync(other.Business.OwnerEmail)).GetAsync($"/job-photos/{photo.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var anonymous = await app.Browser().GetAsync($"/job-photos/{photo.Id}");
        anonymous.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await anonymous.Content.ReadAsByteArrayAsync()).ShouldNotBe(Jpeg);
    }

    [Theory, DatabaseData]
    public async Task AJobThatEnds_EndsItsVisits_SoNothingStaysBookedOrHoldsATechnician(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jobId, sam, pat, jane) = await SeedAsync(app);
        var client = app.OperatorClient();
        // One visit that has started (10am, it is 10am now) and one still ahead on Thursday.
        var started = await VisitAsync(app, s, jobId, sam, "2026-03-03T10:00:00-05:00", "2026-03-03T11:00:00-05:00");
        var ahead = await VisitAsync(app, s, jobId, pat, "2026-03-05T09:00:00-05:00", "2026-03-05T10:00:00-05:00");
        (await client.PatchAsJsonAsync(Url(s, $"/jobs/{jobId}/stage"), new { stage = JobStages.InProgress })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.PatchAsJsonAsync(Url(s, $"/jobs/{jobId}/stage"), new { stage = JobStages.Completed })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var store = app.Service<AppointmentStore>();
        (await store.GetAsync(s.Business.Id, started))!.VisitStatus.ShouldBe(VisitStatuses.Completed);
        // The visit still ahead is completed with the job, not cancelled: the work it was for is done.
        (await store.GetAsync(s.Business.Id, ahead))!.VisitStatus.ShouldBe(VisitStatuses.Completed);
        // Pat's Thursday morning is free again: a new job can have it.
        var bob = await s.QualifiedCallerAsync(name: "Bob Stone");
        var next = await AddJobAsync(client, s, bob.Lead.Id, "Water heater");
        await VisitAsync(app, s, next, pat, "2026-03-05T09:00:00-05:00", "2026-03-05T10:00:00-05:00");

        // Cancelling a job cancels its live visit and tells the customer.
        var third = await AddJobAsync(client, s, jane.Lead.Id, "Duct cleaning");
        var later = await VisitAsync(app, s, third, sam, "2026-03-06T09:00:00-05:00", "2026-03-06T10:00:00-05:00");
        (await client.PatchAsJsonAsync(Url(s, $"/jobs/{third}/stage"), new { stage = JobStages.Cancelled })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await store.GetAsync(s.Business.Id, later))!.VisitStatus.ShouldBe(VisitStatuses.Cancelled);
        (await s.LastTextAsync(jane)).ShouldContain("your visit on Fri Mar 6");
        (await s.LastTextAsync(jane)).ShouldContain("is cancelled");
    }

    [Theory, DatabaseData]
    public async Task ASecondVisitForTheSameWork_JoinsItsJob_AndOtherWorkOpensItsOwn(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(service: "AC repair");
        var client = app.OperatorClient();

        foreach (var start in new[] { "2026-03-04T09:00:00-05:00", "2026-03-05T09:00:00-05:00" })
            (await client.PostJsonAsync(Url(s, "/appointments"), new { leadId = jane.Lead.Id, start, notifyCaller = false })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var jobs = await app.Service<JobStore>().ListAsync(s.Business.Id);
        var job = jobs.ShouldHaveSingleItem();
        (await app.Service<AppointmentStore>().ForJobAsync(s.Business.Id, job.Id)).Count.ShouldBe(2);

        (await client.PostJsonAsync(Url(s, "/appointments"), new { leadId = jane.Lead.Id, start = "2026-03-06T09:00:00-05:00", serviceType = "Water heater install", notifyCaller = false }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.Service<JobStore>().ListAsync(s.Business.Id)).Select(j => j.Title).Order().ShouldBe(["AC repair", "Water heater install"]);
    }
}
