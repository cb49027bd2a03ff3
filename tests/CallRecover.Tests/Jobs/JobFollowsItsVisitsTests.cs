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
/// A job's visits follow the job: a completed job completes the visits it still had.
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
