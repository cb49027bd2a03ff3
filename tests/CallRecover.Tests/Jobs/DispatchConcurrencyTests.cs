using System.Net;
using CallRecover.Booking;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Jobs;

public sealed class DispatchConcurrencyTests
{
    /// <summary>
    /// Two nodes on one database, staff on both assigning the same technician overlapping windows at the same instant:
    /// exactly one visit is booked, every other request is a 409 naming the clash (never a 500), and the calendar holds one visit.
    /// </summary>
    [Theory, DatabaseData]
    public async Task ATechnicianIsNeverDoubleBooked_WhenStaffOnTwoNodesAssignAtOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var nodeA = new AppFactory(db, clock);
        await using var nodeB = new AppFactory(db, clock);
        var s = await BookingScenario.CreateAsync(nodeA);
        var jane = await s.QualifiedCallerAsync();
        var a = nodeA.OperatorClient();
        var b = nodeB.OperatorClient();
        var sam = await AddTechnicianAsync(a, s, "Sam Rivera");
        var jobs = new List<string>();
        for (var i = 0; i < 4; i++) jobs.Add(await AddJobAsync(a, s, jane.Lead.Id));

        for (var round = 0; round < 3; round++)
        {
            var day = 4 + round;
            var requests = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            {
                var client = i % 2 == 0 ? a : b;
                var minute = i * 5;
                return await client.PostJsonAsync(Url(s, $"/jobs/{jobs[i % jobs.Count]}/visits"), new
                {
                    technicianId = sam,
                    start = $"2026-03-{day:00}T09:{minute:00}:00-05:00",
                    end = $"2026-03-{day:00}T10:{minute:00}:00-05:00",
                    notifyCustomer = false,
                });
            })).ToList();
            var answers = await Task.WhenAll(requests);

            answers.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, $"round {round}: {string.Join(", ", answers.Select(r => (int)r.StatusCode))}");
            answers.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(answers.Length - 1);
            foreach (var conflict in answers.Where(r => r.StatusCode == HttpStatusCode.Conflict))
                (await conflict.Content.ReadAsStringAsync()).ShouldContain("Sam Rivera already has a visit");
            var calendar = await nodeB.Service<AppointmentStore>().ListAsync(s.Business.Id, new DateTimeOffset(2026, 3, day, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, day + 1, 0, 0, 0, TimeSpan.Zero));
            calendar.Where(v => v.TechnicianId == sam && AppointmentStatuses.IsLive(v.Status)).ShouldHaveSingleItem();
        }
    }
}
