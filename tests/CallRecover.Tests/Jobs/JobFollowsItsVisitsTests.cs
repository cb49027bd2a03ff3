using System.Net;
using System.Net.Http.Json;
using CallRecover.Booking;
using CallRecover.Dashboard.Overview;
using CallRecover.Jobs;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Jobs;

/// <summary>
/// A job follows what happens to its visits and its visits follow the job: a cancelled booking takes the job it opened
/// with it, and a completed job completes the visits it still had.
/// </summary>
public sealed class JobFollowsItsVisitsTests
{
    private static async Task<string> BookAsync(HttpClient client, BookingScenario s, string leadId, string start)
    {
        var response = await client.PostJsonAsync(Url(s, "/appointments"), new { leadId, start, notifyCaller = false });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    [Theory, DatabaseData]
    public async Task CallerCancelsTheOnlyVisitByText_TheJobTheBookingOpenedIsCancelled_AndNoLongerCountsAsConfirmed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "4");
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        job.Stage.ShouldBe(JobStages.Confirmed);

        await s.ReplyAsync(jane, "Something came up, please cancel my appointment");

        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().Status.ShouldBe(AppointmentStatuses.Cancelled);
        (await app.Service<JobStore>().GetAsync(s.Business.Id, job.Id))!.Stage.ShouldBe(JobStages.Cancelled);
        (await app.Service<JobStore>().ListAsync(s.Business.Id, JobStages.Confirmed)).ShouldBeEmpty();
        (await s.NotificationsAsync()).Select(n => n.Event).ShouldContain("job_stage");
        // One "cancelled" text: the caller's own answer, not a second one from the job.
        (await s.OutboundAsync(jane)).Count(m => m.Body.Contains("cancelled")).ShouldBe(1);
        (await s.LastTextAsync(jane)).ShouldStartWith($"Your {s.Business.Name} visit on Thu Mar 5, 4–5pm is cancelled.");

        // Booking again is new work: a new confirmed job, the cancelled one stays cancelled.
        await BookAsync(app.OperatorClient(), s, jane.Lead.Id, "2026-03-06T09:00:00-05:00");
        var jobs = await app.Service<JobStore>().ListAsync(s.Business.Id);
        jobs.Count.ShouldBe(2);
        jobs.Single(j => j.Id != job.Id).Stage.ShouldBe(JobStages.Confirmed);
        jobs.Single(j => j.Id == job.Id).Stage.ShouldBe(JobStages.Cancelled);
    }

    [Theory, DatabaseData]
    public async Task CancellingOneOfTwoVisits_KeepsTheJobConfirmed_CancellingTheLastCancelsIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(service: "AC repair");
        var client = app.OperatorClient();
        var first = await BookAsync(client, s, jane.Lead.Id, "2026-03-04T09:00:00-05:00");
        var second = await BookAsync(client, s, jane.Lead.Id, "2026-03-05T09:00:00-05:00");
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();

        (await client.PatchAsJsonAsync(Url(s, $"/appointments/{first}/status"), new { status = "cancelled", notifyCaller = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<JobStore>().GetAsync(s.Business.Id, job.Id))!.Stage.ShouldBe(JobStages.Confirmed);

        (await client.PatchAsJsonAsync(Url(s, $"/appointments/{second}/status"), new { status = "cancelled", notifyCaller = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<JobStore>().GetAsync(s.Business.Id, job.Id))!.Stage.ShouldBe(JobStages.Cancelled);
    }

    [Theory, DatabaseData]
    public async Task AJobStaffOpened_StaysConfirmedWhenItsVisitIsCancelled_AndTakesANewVisit(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var sam = await AddTechnicianAsync(client, s, "Sam Rivera");
        var jobId = await AddJobAsync(client, s, jane.Lead.Id);
        var visit = await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { technicianId = sam, start = "2026-03-04T09:00:00-05:00", end = "2026-03-04T10:00:00-05:00" });
        visit.StatusCode.ShouldBe(HttpStatusCode.Created);
        var visitId = (await visit.JsonAsync()).GetProperty("id").GetString()!;

        (await client.PatchAsJsonAsync(Url(s, $"/visits/{visitId}/status"), new { status = "cancelled" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Staff's own job (or an approved quote's) is still work to schedule, not a booking that fell through.
        (await app.Service<JobStore>().GetAsync(s.Business.Id, jobId))!.Stage.ShouldBe(JobStages.Confirmed);
        (await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { technicianId = sam, start = "2026-03-05T09:00:00-05:00", end = "2026-03-05T10:00:00-05:00" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory, DatabaseData]
    public async Task CancellingTheLastVisit_AfterWorkStarted_KeepsTheJobInProgress(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(service: "AC repair");
        var client = app.OperatorClient();
        var visit = await BookAsync(client, s, jane.Lead.Id, "2026-03-04T09:00:00-05:00");
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        (await client.PatchAsJsonAsync(Url(s, $"/jobs/{job.Id}/stage"), new { stage = JobStages.InProgress })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.PatchAsJsonAsync(Url(s, $"/appointments/{visit}/status"), new { status = "cancelled", notifyCaller = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.Service<JobStore>().GetAsync(s.Business.Id, job.Id))!.Stage.ShouldBe(JobStages.InProgress);
    }

    [Theory, DatabaseData]
    public async Task CompletingAJob_CompletesItsVisitStillAhead_WhichStillCountsAsBooked(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(service: "AC repair");
        var client = app.OperatorClient();
        // Mon Mar 9, 8–9am (daylight time has begun by then).
        var visitId = await BookAsync(client, s, jane.Lead.Id, "2026-03-09T08:00:00-04:00");
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        (await app.Service<OverviewQueries>().GetAsync(s.Business)).Today.Booked.ShouldBe(1);

        (await client.PatchAsJsonAsync(Url(s, $"/jobs/{job.Id}/stage"), new { stage = JobStages.InProgress })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PatchAsJsonAsync(Url(s, $"/jobs/{job.Id}/stage"), new { stage = JobStages.Completed })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var visit = (await app.Service<AppointmentStore>().GetAsync(s.Business.Id, visitId))!;
        (visit.Status, visit.VisitStatus).ShouldBe((AppointmentStatuses.Completed, VisitStatuses.Completed));
        visit.CompletedAt.ShouldNotBeNull();
        (await app.Service<JobService>().ViewAsync(s.Business.Id, job.Id))!.Visits.ShouldHaveSingleItem().VisitStatus.ShouldBe(VisitStatuses.Completed);
        (await app.Service<OverviewQueries>().GetAsync(s.Business)).Today.Booked.ShouldBe(1);
        // The customer was not told their visit is cancelled.
        (await s.OutboundAsync(jane)).ShouldNotContain(m => m.Body.Contains("cancelled"));
    }
}
