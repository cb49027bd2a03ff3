using System.Text.RegularExpressions;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Queue;
using CallRecover.Reviews;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Reviews;

/// <summary>
/// Review requests over the real app and queue with a fake clock: Jane's visit (Wed Mar 4, 8–9am New York) is
/// marked completed at 10:00 local (15:00Z); the ask is due 2 h later, the one reminder 48 h after the ask.
/// </summary>
public sealed class ReviewRequestTests
{
    private static DateTimeOffset Utc(int d, int h, int m = 0) => new(2026, 3, d, h, m, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Completed = Utc(4, 15);
    private const string ReviewUrl = "https://g.page/r/cool-air/review";

    private static async Task<(BookingScenario S, BookingScenario.Caller Jane)> CompletedVisitAsync(AppFactory app, FakeClock clock, bool withLink = true)
    {
        var s = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        if (withLink)
            (await client.PutAsJsonAsync($"/api/admin/businesses/{s.Business.Id}/review-settings", new { reviewUrl = ReviewUrl })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "3");
        var visit = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        clock.Set(Completed);
        (await client.PatchAsJsonAsync($"/api/admin/businesses/{s.Business.Id}/appointments/{visit.Id}/status", new { status = "completed" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        return (s, jane);
    }

    private static async Task<List<Message>> ReviewTextsAsync(BookingScenario s, BookingScenario.Caller c) =>
        [.. (await s.OutboundAsync(c)).Where(m => m.Purpose == SmsPurposes.Review)];

    private static async Task<List<Message>> WaitForReviewTextsAsync(BookingScenario s, BookingScenario.Caller c, int count) =>
        await Eventually.WaitAsync(() => ReviewTextsAsync(s, c), l => l.Count >= count, $"{count} review text(s)") ?? throw new InvalidOperationException();

    /// <summary>Lets the queue poll a few times at the current fake time (nothing due must stay not sent).</summary>
    private static Task SettleAsync() => Task.Delay(400);

    private static async Task<ReviewRequest> RequestAsync(AppFactory app, BookingScenario s) =>
        (await app.Service<ReviewStore>().ListAsync(s.Business.Id, null)).ShouldHaveSingleItem();

    /// <summary>Jane texts STOP (the one opt-out path every channel goes through).</summary>
    private static Task StopAsync(AppFactory app, BookingScenario s, BookingScenario.Caller c) =>
        s.Db.WriteAsync(tx => app.Service<OptOuts>().OptOutAsync(tx, s.Business.Id, c.Lead.Phone, "keyword", "caller"));

    private static string CodeOf(Message m) => m.Body[(m.Body.IndexOf("/r/", StringComparison.Ordinal) + 3)..];

    [Theory, DatabaseData]
    public async Task ReviewAt2Hours_OneReminderAt50Hours_AndNeverMore(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await CompletedVisitAsync(app, clock);
        var request = await RequestAsync(app, s);
        (request.Status, request.DueAt, request.Source).ShouldBe((ReviewStatuses.Pending, Completed.AddHours(2), "appointment"));

        clock.Set(Completed.AddHours(2).AddSeconds(-1));
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).ShouldBeEmpty();

        clock.Set(Completed.AddHours(2));
        var ask = (await WaitForReviewTextsAsync(s, jane, 1)).ShouldHaveSingleItem();
        ask.Body.ShouldBe($"Thanks for choosing {s.Business.Name}! Would you leave us a quick Google review? It helps a lot: http://localhost/r/{request.Code}");
        (await RequestAsync(app, s)).Status.ShouldBe(ReviewStatuses.Sent, $"the ask is {ask.Status} ({ask.PolicyReason})");

        clock.Set(Completed.AddHours(50).AddSeconds(-1));
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).Count.ShouldBe(1);

        clock.Set(Completed.AddHours(50));
        var texts = await WaitForReviewTextsAsync(s, jane, 2);
        texts[1].Body.ShouldBe($"A quick reminder from {s.Business.Name}: if you have a minute, a review helps us a lot: http://localhost/r/{request.Code}");
        var reminded = await RequestAsync(app, s);
        (reminded.Status, reminded.SentAt, reminded.ReminderAt).ShouldBe((ReviewStatuses.Reminded, Completed.AddHours(2), Completed.AddHours(50)));

        clock.Set(Completed.AddDays(30));
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).Count.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task AClick_IsRecordedAndRedirects_AndStopsTheReminder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await CompletedVisitAsync(app, clock);
        clock.Set(Completed.AddHours(2));
        var ask = (await WaitForReviewTextsAsync(s, jane, 1)).Single();

        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // A link checker's or a link preview's HEAD gets the redirect too, but is no click by the customer.
        (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/r/{CodeOf(ask)}"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RequestAsync(app, s)).Clicks.ShouldBe(0);
        clock.Set(Completed.AddHours(3));
        var click = await browser.GetAsync($"/r/{CodeOf(ask)}");
        click.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        click.Headers.Location!.ToString().ShouldBe(ReviewUrl);
        (await browser.GetAsync($"/r/{CodeOf(ask)}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/r/nosuchcode1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var clicked = await RequestAsync(app, s);
        (clicked.Status, clicked.ClickedAt, clicked.Clicks).ShouldBe((ReviewStatuses.Clicked, Completed.AddHours(3), 2));

        clock.Set(Completed.AddHours(51));
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).Count.ShouldBe(1);
        (await RequestAsync(app, s)).Status.ShouldBe(ReviewStatuses.Clicked);
    }

    [Theory, DatabaseData]
    public async Task ACustomerWhoOptedOut_IsNeverAsked(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await CompletedVisitAsync(app, clock);

        await StopAsync(app, s, jane);
        (await RequestAsync(app, s)).Status.ShouldBe(ReviewStatuses.OptedOut);

        clock.Set(Completed.AddHours(51));
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task AnOptOutAfterTheAsk_StopsTheReminder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await CompletedVisitAsync(app, clock);
        clock.Set(Completed.AddHours(2));
        await WaitForReviewTextsAsync(s, jane, 1);

        await StopAsync(app, s, jane);
        clock.Set(Completed.AddHours(51));
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).Count.ShouldBe(1);
        (await RequestAsync(app, s)).Status.ShouldBe(ReviewStatuses.OptedOut);
    }

    [Theory, DatabaseData]
    public async Task WithoutAReviewLink_NobodyIsAsked(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, _) = await CompletedVisitAsync(app, clock, withLink: false);
        (await app.Service<ReviewStore>().ListAsync(s.Business.Id, null)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task TwoNodes_SendOneText_NeverTwo(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var nodeA = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:NodeName"] = "node-a" });
        await using var nodeB = new AppFactory(db, clock, new Dictionary<string, string?> { ["Queue:NodeName"] = "node-b" });
        _ = nodeB.Services; // start node B's workers too
        var (s, jane) = await CompletedVisitAsync(nodeA, clock);
        var request = await RequestAsync(nodeA, s);

        // Both nodes run the same item at the same instant (as after a lease taken over mid-run): one text.
        clock.Set(Completed.AddHours(2));
        var item = new WorkItem { Id = -1, Kind = ReviewRequests.Kind, BusinessId = s.Business.Id,
            Payload = Json.Serialize(new ReviewRequests.Payload(s.Business.Id, request.Id, ReviewRequests.Ask)), MaxAttempts = 5 };
        var handlers = new[] { nodeA, nodeB }.Select(n => n.Services.GetServices<IWorkHandler>().OfType<ReviewRequestHandler>().Single()).ToList();
        await Task.WhenAll(handlers.Select(h => Task.Run(() => h.HandleAsync(item, CancellationToken.None))));
        await WaitForReviewTextsAsync(s, jane, 1);
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).Count.ShouldBe(1);

        // And the queued items, claimed by whichever node: still one ask and, later, one reminder.
        clock.Set(Completed.AddHours(50));
        await WaitForReviewTextsAsync(s, jane, 2);
        clock.Set(Completed.AddHours(100));
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).Count.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task OperatorApi_ListsRequestsByStatus_ValidatesSettings_AndKeepsTenantsApart(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await CompletedVisitAsync(app, clock);
        var other = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{s.Business.Id}";

        var rows = await client.GetFromJsonAsync<JsonElement>($"{url}/review-requests?status=pending");
        var row = rows.EnumerateArray().ShouldHaveSingleItem();
        row.GetProperty("leadId").GetString().ShouldBe(jane.Lead.Id);
        row.GetProperty("phone").GetString().ShouldBe(jane.Lead.Phone);
        row.GetProperty("status").GetString().ShouldBe("pending");
        row.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(Completed.AddHours(2));
        row.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        row.TryGetProperty("code", out _).ShouldBeFalse();
        (await client.GetFromJsonAsync<JsonElement>($"{url}/review-requests?status=sent")).GetArrayLength().ShouldBe(0);
        var bad = await client.GetAsync($"{url}/review-requests?status=happy");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("status");

        var badSettings = await client.PutAsJsonAsync($"{url}/review-settings", new { reviewUrl = "http://not-secure.example", delayMinutes = -1 });
        badSettings.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await badSettings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("reviewUrl", out _).ShouldBeTrue();
        errors.TryGetProperty("delayMinutes", out _).ShouldBeTrue();
        (await client.PutAsJsonAsync($"{url}/review-settings", new { delayMinutes = "soon" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsJsonAsync($"{url}/review-settings", new { stars = 5 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var settings = await client.GetFromJsonAsync<JsonElement>($"{url}/review-settings");
        (settings.GetProperty("reviewUrl").GetString(), settings.GetProperty("delayMinutes").GetInt32()).ShouldBe((ReviewUrl, 120));

        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{other.Business.Id}/review-requests")).GetArrayLength().ShouldBe(0);
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/businesses/{other.Business.Id}/review-settings")).GetProperty("reviewUrl").ValueKind.ShouldBe(JsonValueKind.Null);
        (await app.CreateClient().GetAsync($"{url}/review-requests")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task ReviewsPage_ShowsSentClickedAndRemindedPerWeek_AndTheSettingsFormSavesTheLink(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var (s, jane) = await CompletedVisitAsync(app, clock);
        clock.Set(Completed.AddHours(2));
        var ask = (await WaitForReviewTextsAsync(s, jane, 1)).Single();
        clock.Set(Completed.AddHours(50));
        await WaitForReviewTextsAsync(s, jane, 2);
        // Clicked the following Monday (Mar 9, 10:00 New York).
        clock.Set(Utc(9, 14));
        (await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync($"/r/{CodeOf(ask)}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        var html = WebUtility.HtmlDecode(await owner.GetStringAsync("/reviews"));
        html.ShouldContain("<tr data-week=\"2026-03-02\"><td>Mon Mar 2</td><td>1</td><td>0</td><td>1</td></tr>");
        html.ShouldContain("<tr data-week=\"2026-03-09\"><td>Mon Mar 9</td><td>0</td><td>1</td><td>0</td></tr>");
        html.ShouldContain("Asking 2 h after completion");

        var bad = await owner.PostFormAsync("/settings", "/settings", ("_handler", "reviews"), ("reviewUrl", "my google page"), ("delayMinutes", "soon"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var errors = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        errors.ShouldContain("Enter your review link as an https:// address");
        errors.ShouldContain("Enter the wait in whole minutes");
        (await app.Service<ReviewStore>().SettingsAsync(s.Business.Id)).ReviewUrl.ShouldBe(ReviewUrl);

        var ok = await owner.PostFormAsync("/settings", "/settings", ("_handler", "reviews"), ("reviewUrl", "https://g.page/r/new/review"), ("delayMinutes", "90"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = await app.Service<ReviewStore>().SettingsAsync(s.Business.Id);
        (saved.ReviewUrl, saved.DelayMinutes).ShouldBe(("https://g.page/r/new/review", 90));
        // One review link on the settings page, not two fields with the same id (found probing).
        Regex.Matches(await owner.GetStringAsync("/settings"), "id=\"review-url\"").Count.ShouldBe(1);

        // A business created with a review link on its profile asks for reviews without setting it twice; once saved
        // under Reviews, those settings are the only ones.
        var withLink = await app.CreateBusinessAsync(i => i with { ReviewUrl = "https://g.page/r/profile/review" });
        (await app.Service<ReviewStore>().SettingsAsync(withLink.Id)).ReviewUrl.ShouldBe("https://g.page/r/profile/review");
        var other = await app.SignedInClientAsync(withLink.OwnerEmail);
        WebUtility.HtmlDecode(await other.GetStringAsync("/reviews")).ShouldContain("linking to <span class=\"mono\">https://g.page/r/profile/review</span>");
        (await other.PostFormAsync("/settings", "/settings", ("_handler", "reviews"), ("reviewUrl", ""), ("delayMinutes", "120"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Service<ReviewStore>().SettingsAsync(withLink.Id)).ReviewUrl.ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task ACompletedJob_AsksOnce_EvenWhenItsVisitIsCompletedToo(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock(BookingScenario.Start);
        await using var app = new AppFactory(db, clock);
        var s = await BookingScenario.CreateAsync(app);
        var client = app.OperatorClient();
        var url = $"/api/admin/businesses/{s.Business.Id}";
        (await client.PutAsJsonAsync($"{url}/review-settings", new { reviewUrl = ReviewUrl, delayMinutes = 30 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);
        await s.ReplyAsync(jane, "3");
        var visit = (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem();
        var jobId = visit.JobId.ShouldNotBeNull();
        clock.Set(Completed);

        foreach (var stage in new[] { "in_progress", "completed" })
            (await client.PatchAsJsonAsync($"{url}/jobs/{jobId}/stage", new { stage })).StatusCode.ShouldBe(HttpStatusCode.OK, stage);
        (await client.PatchAsJsonAsync($"{url}/appointments/{visit.Id}/status", new { status = "completed" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var request = await RequestAsync(app, s);
        (request.Source, request.SourceId, request.DueAt).ShouldBe(("job", jobId, Completed.AddMinutes(30)));
        clock.Set(Completed.AddMinutes(30));
        await WaitForReviewTextsAsync(s, jane, 1);
        await SettleAsync();
        (await ReviewTextsAsync(s, jane)).Count.ShouldBe(1);
    }
}
