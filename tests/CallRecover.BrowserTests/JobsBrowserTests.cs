using CallRecover.Booking;
using CallRecover.Jobs;
using CallRecover.Tenancy;
using Microsoft.Playwright;

namespace CallRecover.BrowserTests;

/// <summary>Jobs in a real browser: the kanban, the dispatch board, and a technician's day at phone width through to a completed job.</summary>
public sealed class JobsBrowserTests(BrowserApp fx) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 10_000 };
    private static int _next = Random.Shared.Next(1000, 8000);

    /// <summary>
    /// A business whose local time is near midday whenever the test runs (a fixed UTC offset zone), so "today's
    /// visits" and a visit an hour from now are the same day.
    /// </summary>
    private async Task<Business> MiddayBusinessAsync()
    {
        var n = Interlocked.Increment(ref _next);
        var utcHour = fx.App.Service<TimeProvider>().GetUtcNow().Hour;
        var offset = 12 - utcHour;
        if (offset > 14) offset -= 24;
        if (offset < -12) offset += 24;
        // Etc/GMT zones have the sign reversed: Etc/GMT-3 is UTC+3.
        var zone = offset == 0 ? "Etc/UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
        var result = await fx.App.Service<BusinessService>().CreateAsync(new BusinessInput
        {
            Name = $"Jobs HVAC {n}", OwnerName = "Olive Owner", OwnerEmail = $"owner-{Guid.NewGuid():N}@example.com",
            OwnerPhone = $"+1904555{n:D4}", BusinessPhone = $"+1905555{n:D4}", CarrierNumber = $"+1906555{n:D4}", TimeZone = zone, Vertical = "hvac",
        }, "test");
        return result.Business ?? throw new InvalidOperationException($"test business rejected: {result.Conflict}");
    }

    [Fact]
    public async Task Owner_DragsAJobAcrossTheBoard_AndAssignsAVisitOnTheDispatchBoard()
    {
        var business = await MiddayBusinessAsync();
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, $"+1904556{Random.Shared.Next(1000, 9999)}");
        var job = (await fx.App.Service<JobService>().CreateAsync(business, new NewJobInput { LeadId = thread.LeadId, Title = "Furnace repair", Stage = "confirmed" }, "test")).Value!;
        var sam = (await fx.App.Service<Technicians>().AddAsync(business, new TechnicianInput { Name = "Sam Rivera", Phone = "2125550142", Email = $"sam-{Guid.NewGuid():N}@example.com", Skills = ["furnace"] }, "test")).Value!;
        var tomorrow = business.LocalTime(fx.App.Service<TimeProvider>().GetUtcNow()).Date.PlusDays(1);
        var start = tomorrow.At(new NodaTime.LocalTime(10, 0)).InZoneLeniently(business.Zone).ToDateTimeOffset();
        var booked = await fx.App.Service<AppointmentAdmin>().CreateAsync(business, new NewAppointmentInput { LeadId = thread.LeadId, Start = start, NotifyCaller = false }, "test");
        booked.Ok.ShouldBeTrue(string.Join(" ", booked.Errors.SelectMany(e => e.Value)) + booked.Conflict);
        var visitId = booked.Appointment!.Id;

        await using var context = await fx.NewContextAsync(1280, 900);
        var page = await fx.SignInAsync(context, business.OwnerEmail);
        await page.GotoAsync("/jobs");
        await BrowserApp.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator($"#stage-confirmed #job-{job.Id}")).ToBeVisibleAsync(Visible);

        await page.DragAndDropAsync($"#job-{job.Id}", "#stage-in_progress");

        await Assertions.Expect(page.Locator($"#stage-in_progress #job-{job.Id}")).ToBeVisibleAsync(Visible);
        (await fx.App.Service<JobStore>().GetAsync(business.Id, job.Id))!.Stage.ShouldBe(JobStages.InProgress);
        await Axe.CheckAsync(page, "jobs board");
        // The card opens the job's own page.
        await page.ClickAsync($"#open-job-{job.Id}");
        await Assertions.Expect(page.Locator("#job-title")).ToHaveTextAsync("Furnace repair", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#job-stage")).ToHaveAttributeAsync("data-stage", "in_progress");

        await page.GotoAsync($"/dispatch?day={tomorrow:yyyy-MM-dd}");
        await BrowserApp.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator($"#unassigned #visit-{visitId}")).ToBeVisibleAsync(Visible);
        await Axe.CheckAsync(page, "dispatch board");

        await page.DragAndDropAsync($"#visit-{visitId}", $"#tech-{sam.Id}");

        await Assertions.Expect(page.Locator($"#tech-{sam.Id} #visit-{visitId}")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.Locator("#dispatch-notice")).ToContainTextAsync("Assigned to Sam Rivera");
        (await fx.App.Service<AppointmentStore>().GetAsync(business.Id, visitId))!.TechnicianId.ShouldBe(sam.Id);
        await BrowserApp.ScreenshotAsync(page, "dispatch-1280");

        await page.GotoAsync("/settings/team");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Team");
        await Axe.CheckAsync(page, "team page");
    }

    [Fact]
    public async Task Technician_AtPhoneWidth_GoesEnRoute_TheCallerGetsTheEta_ThenCompletesWithAPhoto()
    {
        var business = await MiddayBusinessAsync();
        // A Toronto number: its area code is not in the US time-zone map, so the texting policy takes the caller to be in the
        // business's (midday) zone. A 904 number is in New York, where the "on my way" text is rightly held before 8:00.
        var phone = $"+1416557{Random.Shared.Next(1000, 9999)}";
        var thread = await Seed.MissedCallAsync(fx.App, business.Id, phone);
        var email = $"tech-{Guid.NewGuid():N}@example.com";
        var invited = await fx.App.Service<Team>().InviteAsync(business, new InviteInput(email, "Sam Rivera", "technician", "2125550142"), "test");
        invited.Ok.ShouldBeTrue();
        var technician = (await fx.App.Service<TechnicianStore>().ListAsync(business.Id)).Single();
        var job = (await fx.App.Service<JobService>().CreateAsync(business, new NewJobInput { LeadId = thread.LeadId, Title = "Furnace repair", Stage = "confirmed" }, "test")).Value!;
        var now = fx.App.Service<TimeProvider>().GetUtcNow();
        var visit = await fx.App.Service<JobService>().AddVisitAsync(business, job.Id, new VisitInput { TechnicianId = technician.Id, Start = now.AddMinutes(30), End = now.AddMinutes(90), NotifyCustomer = false }, "test");
        visit.Ok.ShouldBeTrue(visit.Conflict);
        var visitId = visit.Value!.Id;

        await using var context = await fx.NewContextAsync(390, 844);
        var page = await BrowserApp.SignInAsync(fx.App, context, fx.BaseUrl, email, fx.BaseUrl + "/jobs");
        await BrowserApp.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator($"#visit-{visitId}")).ToBeVisibleAsync(Visible);
        await Axe.CheckAsync(page, "technician view");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, "no sideways scrolling at 390 px");

        await page.FillAsync($"#eta-{visitId}", "25");
        await page.ClickAsync($"#en-route-{visitId}");
        await Assertions.Expect(page.Locator($"#visit-{visitId}")).ToHaveAttributeAsync("data-status", "en_route", new() { Timeout = 10_000 });

        // The caller's phone (the simulator's) gets the ETA.
        await using var callerContext = await fx.NewContextAsync(1280, 800);
        var sim = await callerContext.NewPageAsync();
        await sim.GotoAsync("/simulator");
        await Assertions.Expect(sim.Locator($"#business option[value='{business.CarrierNumber}']")).ToBeAttachedAsync();
        await sim.SelectOptionAsync("#business", business.CarrierNumber!);
        await sim.FillAsync("#caller-phone", phone);
        await sim.Locator("#caller-phone").DispatchEventAsync("change");
        await Assertions.Expect(sim.Locator("#phone-messages [data-testid=phone-received]", new() { HasText = "on the way, about 25 minutes away" })).ToBeVisibleAsync(Visible);

        await page.ClickAsync($"#on-site-{visitId}");
        await Assertions.Expect(page.Locator($"#visit-{visitId}")).ToHaveAttributeAsync("data-status", "on_site", new() { Timeout = 10_000 });
        await page.FillAsync($"#notes-{visitId}", "Replaced the igniter");
        await page.ClickAsync($"#save-notes-{visitId}");
        // The card's controls are disabled while the notes save; a file chosen then would be ignored.
        await Assertions.Expect(page.Locator($"#photo-{visitId}")).ToBeEnabledAsync(new() { Timeout = 10_000 });
        await page.SetInputFilesAsync($"#photo-{visitId}", new FilePayload
        {
            Name = "work.jpg", MimeType = "image/jpeg", Buffer = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9],
        });
        await Assertions.Expect(page.Locator($"#photos-{visitId} li")).ToContainTextAsync("work.jpg", new() { Timeout = 10_000 });
        await BrowserApp.PageShotAsync(page, "technician");
        await page.ClickAsync($"#complete-{visitId}");

        await Assertions.Expect(page.Locator($"#visit-{visitId}")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 10_000 });
        var done = (await fx.App.Service<JobStore>().GetAsync(business.Id, job.Id))!;
        (done.Stage, done.TechnicianNotes).ShouldBe((JobStages.Completed, "Replaced the igniter"));
        (await fx.App.Service<JobPhotoStore>().ForJobAsync(business.Id, job.Id)).ShouldHaveSingleItem().ContentType.ShouldBe("image/jpeg");

        // The owner, on a phone too, opens the job: completed, the visit done, the technician's photo there to open.
        await using var ownerContext = await fx.NewContextAsync(390, 844);
        var office = await fx.SignInAsync(ownerContext, business.OwnerEmail);
        await office.GotoAsync($"/jobs/{job.Id}");
        await BrowserApp.WaitForLiveAsync(office);
        await Assertions.Expect(office.Locator("#job-stage")).ToHaveAttributeAsync("data-stage", "completed", new() { Timeout = 10_000 });
        await Assertions.Expect(office.Locator($"#visit-{visitId}")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(office.Locator("#job-technician-notes")).ToHaveTextAsync("Replaced the igniter");
        var src = await office.Locator("#job-photos img").GetAttributeAsync("src");
        var photo = await ownerContext.APIRequest.GetAsync(fx.BaseUrl + src);
        (photo.Status, photo.Headers["content-type"]).ShouldBe((200, "image/jpeg"));
        await Axe.CheckAsync(office, "job page");
        (await office.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, "no sideways scrolling at 390 px");
    }
}
