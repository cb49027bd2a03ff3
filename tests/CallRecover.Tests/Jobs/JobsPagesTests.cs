using System.Net;
using Bunit;
using CallRecover.Booking;
using CallRecover.Jobs;
using CallRecover.Jobs.Pages;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Jobs;

public sealed class JobsPagesTests
{
    /// <summary>Clicks once the button is there and enabled (a live reload may be re-rendering the card).</summary>
    private static async Task ClickReadyAsync<T>(IRenderedComponent<T> page, string selector) where T : Microsoft.AspNetCore.Components.IComponent
    {
        page.WaitForAssertion(() => page.Find(selector).HasAttribute("disabled").ShouldBeFalse(selector), TimeSpan.FromSeconds(5));
        await page.ClickAsync(selector);
    }

    private static async Task<(BookingScenario S, string JobId, string Sam, string Pat, BookingScenario.Caller Jane)> SeedAsync(AppFactory app)
    {
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var client = app.OperatorClient();
        var sam = (await app.Service<Team>().InviteAsync(s.Business, new InviteInput("sam@example.com", "Sam Rivera", "technician", "2125550142"), "owner")).Value!;
        var pat = (await app.Service<Team>().InviteAsync(s.Business, new InviteInput("pat@example.com", "Pat Lee", "technician", "2125550143"), "owner")).Value!;
        var technicians = await app.Service<TechnicianStore>().ListAsync(s.Business.Id);
        var jobId = await AddJobAsync(client, s, jane.Lead.Id);
        return (s, jobId, technicians.Single(t => t.UserId == sam.Id).Id, technicians.Single(t => t.UserId == pat.Id).Id, jane);
    }

    [Theory, DatabaseData]
    public async Task JobsBoard_MovesAJobWithItsStageMenu_AndShowsAnImpossibleMove(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jobId, _, _, _) = await SeedAsync(app);
        await using var ui = await PageHarness.SignedInAsync(app, s.Business.OwnerEmail);
        var page = ui.Render<JobsPage>();
        page.WaitForElement($"#stage-confirmed #job-{jobId}");

        await page.ChangeAsync($"#move-{jobId}", JobStages.InProgress);

        (await app.Service<JobStore>().GetAsync(s.Business.Id, jobId))!.Stage.ShouldBe(JobStages.InProgress);
        page.WaitForElement($"#stage-in_progress #job-{jobId}");
        await page.Find($"#job-{jobId}").TriggerEventAsync("ondragstart", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        await page.Find("#stage-quote_requested").TriggerEventAsync("ondrop", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        page.Find("#jobs-error").TextContent.ShouldContain("in_progress cannot move to quote_requested");
        (await app.Service<JobStore>().GetAsync(s.Business.Id, jobId))!.Stage.ShouldBe(JobStages.InProgress);
        await page.Find($"#job-{jobId}").TriggerEventAsync("ondragstart", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        await page.Find("#stage-completed").TriggerEventAsync("ondrop", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        (await app.Service<JobStore>().GetAsync(s.Business.Id, jobId))!.Stage.ShouldBe(JobStages.Completed);
    }

    [Theory, DatabaseData]
    public async Task DispatchBoard_AssignsAVisitBookedByText_AndShowsAClash(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jobId, sam, pat, _) = await SeedAsync(app);
        var bob = await s.QualifiedCallerAsync(name: "Bob Stone");
        var booked = await app.OperatorClient().PostJsonAsync(Url(s, "/appointments"), new { leadId = bob.Lead.Id, start = "2026-03-04T09:00:00-05:00", notifyCaller = false });
        var visitId = (await booked.JsonAsync()).GetProperty("id").GetString()!;
        await app.OperatorClient().PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { technicianId = sam, start = "2026-03-04T09:30:00-05:00", end = "2026-03-04T10:30:00-05:00" });
        await using var ui = await PageHarness.SignedInAsync(app, s.Business.OwnerEmail);
        ui.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/dispatch?day=2026-03-04");
        var page = ui.Render<DispatchPage>();
        page.WaitForElement($"#unassigned #visit-{visitId}");

        await page.ChangeAsync($"#pick-{visitId}", sam);
        await page.ClickAsync($"#assign-{visitId}");

        page.Find("#dispatch-error").TextContent.ShouldContain("Sam Rivera already has a visit Wed Mar 4, 9:30–10:30am");
        (await app.Service<AppointmentStore>().GetAsync(s.Business.Id, visitId))!.TechnicianId.ShouldBeNull();
        await page.Find($"#visit-{visitId}").TriggerEventAsync("ondragstart", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        await page.Find($"#tech-{pat}").TriggerEventAsync("ondrop", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        (await app.Service<AppointmentStore>().GetAsync(s.Business.Id, visitId))!.TechnicianId.ShouldBe(pat);
        page.WaitForElement($"#tech-{pat} #visit-{visitId}");
        page.Find("#dispatch-notice").TextContent.ShouldContain("Assigned to Pat Lee");
    }

    [Theory, DatabaseData]
    public async Task TechnicianView_ShowsOnlyTheirOwnVisits_WorksThemThrough_AndRefusesABadPhoto(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var (s, jobId, sam, pat, jane) = await SeedAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var mine = (await (await client.PostJsonAsync(Url(s, $"/jobs/{jobId}/visits"), new { technicianId = sam, start = "2026-03-03T11:00:00-05:00", end = "2026-03-03T12:00:00-05:00" })).JsonAsync()).GetProperty("id").GetString()!;
        var bob = await s.QualifiedCallerAsync(name: "Bob Stone");
        var patsJob = await AddJobAsync(client, s, bob.Lead.Id, "Water heater");
        var theirs = (await (await client.PostJsonAsync(Url(s, $"/jobs/{patsJob}/visits"), new { technicianId = pat, start = "2026-03-03T11:00:00-05:00", end = "2026-03-03T12:00:00-05:00" })).JsonAsync()).GetProperty("id").GetString()!;
        await s.Db.WriteAsync(tx => app.Service<JobStore>().SaveChecklistAsync(tx, s.Business.Id, ["Photo of the work"]));
        await s.Db.WriteAsync(async tx =>
        {
            var customer = await app.Service<CallRecover.Customers.CustomerStore>().UpsertAsync(tx, s.Business.Id, jane.Lead.Phone, "Jane Doe", null, null);
            await app.Service<CallRecover.Customers.CustomerStore>().UpsertVehicleAsync(tx, s.Business.Id, customer.Id, 2014, "Honda", "Civic", "1.8L", null);
        });
        await using var ui = await PageHarness.SignedInAsync(app, "sam@example.com");
        var page = ui.Render<JobsPage>();
        page.WaitForElement($"#visit-{mine}");

        page.FindAll($"#visit-{theirs}").ShouldBeEmpty();
        page.Markup.ShouldNotContain("Bob Stone");
        page.Markup.ShouldNotContain("Water heater");
        page.Find($"#visit-{mine}").TextContent.ShouldContain("12 Oak St");
        page.Find($"#vehicle-{mine}").TextContent.ShouldBe("2014 Honda Civic (1.8L)");
        // Another technician's visit (or another business's) cannot be moved as this technician.
        (await app.Service<JobService>().ChangeVisitStatusAsync(s.Business, theirs, new VisitStatusInput { Status = "en_route" }, "user:sam", sam)).NotFound.ShouldBeTrue();
        (await app.Service<JobService>().SaveTechnicianWorkAsync(s.Business, patsJob, "x", null, "user:sam", sam)).NotFound.ShouldBeTrue();
        (await app.Service<JobService>().ChangeVisitStatusAsync(other.Business, mine, new VisitStatusInput { Status = "en_route" }, "user:sam")).NotFound.ShouldBeTrue();

        await page.ChangeAsync($"#eta-{mine}", "20");
        await ClickReadyAsync(page, $"#en-route-{mine}");
        (await app.Service<AppointmentStore>().GetAsync(s.Business.Id, mine))!.VisitStatus.ShouldBe(VisitStatuses.EnRoute);
        (await s.LastTextAsync(jane)).ShouldContain("about 20 minutes away");
        await ClickReadyAsync(page, $"#on-site-{mine}");
        await page.ChangeAsync($"#notes-{mine}", "Igniter replaced");
        await ClickReadyAsync(page, $"#save-notes-{mine}");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("not a picture", "notes.jpg"));
        page.WaitForElement($"#visit-error-{mine}").TextContent.ShouldContain("Only JPEG, PNG or HEIC");
        (await app.Service<JobPhotoStore>().ForJobAsync(s.Business.Id, jobId)).ShouldBeEmpty();
        await ClickReadyAsync(page, $"#complete-{mine}");
        page.Find($"#visit-error-{mine}").TextContent.ShouldContain("The checklist is not done: Photo of the work");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "work.jpg", contentType: "image/jpeg"));
        page.WaitForElement($"#photos-{mine} li");
        await page.ChangeAsync($"#check-{mine}-0", true);
        await ClickReadyAsync(page, $"#complete-{mine}");

        var job = (await app.Service<JobStore>().GetAsync(s.Business.Id, jobId))!;
        (job.Stage, job.TechnicianNotes).ShouldBe((JobStages.Completed, "Igniter replaced"));
        var photo = (await app.Service<JobPhotoStore>().ForJobAsync(s.Business.Id, jobId)).ShouldHaveSingleItem();
        (photo.ContentType, photo.SizeBytes).ShouldBe(("image/jpeg", 13L));
        File.Exists(photo.StoragePath).ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task TeamPage_InvitesAndRemovesWithAConfirmStep_AndATechnicianCannotOpenOfficePages(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);

        var bad = await owner.PostFormAsync("/settings/team", "/settings/team", ("_handler", "team-invite"), ("name", "Sam"), ("email", "nope"), ("role", "technician"), ("phone", ""));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("data-error-for=\"email\"");
        var invited = await owner.PostFormAsync("/settings/team", "/settings/team", ("_handler", "team-invite"), ("name", "Sam Rivera"), ("email", "sam@example.com"),
            ("role", "technician"), ("phone", "2125550142"));
        invited.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.SeeOther);
        var sam = (await app.Service<CallRecover.Tenancy.UserStore>().GetByEmailAsync("sam@example.com"))!;
        (await owner.GetStringAsync($"/settings/team?remove={sam.Id}")).ShouldContain("confirm-remove-yes");

        var technician = await app.SignedInClientAsync("sam@example.com");
        foreach (var office in new[] { "/dispatch", "/settings/team", "/leads", "/customers", "/quotes" })
            (await technician.GetAsync(office)).StatusCode.ShouldNotBe(HttpStatusCode.OK, office);
        (await technician.GetAsync("/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await owner.PostFormAsync($"/settings/team?remove={sam.Id}", $"/settings/team?remove={sam.Id}", ("_handler", $"team-remove-{sam.Id}"));

        (await app.Service<CallRecover.Tenancy.UserStore>().GetByEmailAsync("sam@example.com")).ShouldBeNull();
        (await technician.GetAsync("/jobs")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
