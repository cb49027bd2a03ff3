using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallRecover.Campaigns;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Data;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Campaigns;

/// <summary>
/// Reactivation campaigns end to end on both databases, with a fake clock and the loopback carrier: the CSV import and its
/// per-row report, sending through the one send path (once per person, never to an opted-out or do-not-text number, in
/// each person's 10:00–20:00 on open days, within the daily cap across two nodes), the self-pause on opt-outs, replies
/// that become reactivation conversations, and the operator API's refusals and tenant boundary.
/// </summary>
public sealed class CampaignTests
{
    /// <summary>Tue 2026-03-03 10:30 in New York (07:30 in Los Angeles).</summary>
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 3, 15, 30, 0, TimeSpan.Zero);

    private static int _next = Random.Shared.Next(1000, 8000);

    /// <summary>A Jacksonville number (New York time).</summary>
    private static string East() => $"+1904555{Interlocked.Increment(ref _next) % 10000:D4}";

    /// <summary>A Los Angeles number (Pacific time).</summary>
    private static string West() => $"+1213555{Interlocked.Increment(ref _next) % 10000:D4}";

    private static readonly Dictionary<string, string?> Manual = new() { ["Queue:RunScheduledTasks"] = "false" };

    private static string Base(Business b) => $"/api/admin/businesses/{b.Id}";

    private static async Task<HttpResponseMessage> ImportAsync(AppFactory app, Business b, string csv, string name = "past customers") =>
        await app.OperatorClient().PostAsync($"{Base(b)}/contact-lists?name={Uri.EscapeDataString(name)}&consentBy=Dana%20Owner&consentSource=signed%20work%20orders",
            new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static string Csv(IEnumerable<string> phones) =>
        "first_name,phone,service\n" + string.Join("\n", phones.Select((p, i) => $"Person{i},{p},furnace tune-up"));

    private static async Task<string> CampaignAsync(AppFactory app, Business b, string list = "past customers",
        string template = "Hi {first_name}, time for your {service}? Reply to book.")
    {
        var r = await app.OperatorClient().PostAsJsonAsync($"{Base(b)}/campaigns", new { name = "Fall tune-ups", template, audience = new { list } });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await app.OperatorClient().PostAsync($"{Base(b)}/campaigns/{id}/start", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static Task<string?> RunSenderAsync(AppFactory app) => app.Service<CampaignSender>().RunAsync(CancellationToken.None);

    private static Task<IReadOnlyList<string>> CampaignTextsAsync(TelephonyHarness h, Business b) =>
        h.QueryAsync<string>("SELECT to_phone FROM messages WHERE business_id = @b AND purpose = 'campaign' AND carrier_sid IS NOT NULL", new { b = b.Id });

    private static async Task<string> StatusAsync(AppFactory app, Business b, string id) =>
        (await app.OperatorClient().GetFromJsonAsync<JsonElement>($"{Base(b)}/campaigns/{id}")).GetProperty("campaign").GetProperty("status").GetString()!;

    [Theory, DatabaseData]
    public async Task Import_ReportsEveryRowNotTaken_AndAMalformedFileImportsNothing(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: new FakeClock(Tuesday));
        var b = await h.BusinessAsync();
        var (good1, good2, optedOut, blocked) = (East(), East(), East(), East());
        await h.Db.WriteAsync(tx => h.App.Service<OptOutStore>().OptOutAsync(tx, b.Id, optedOut, "keyword"));
        (await h.App.Service<DoNotTextList>().AddAsync(b.Id, blocked, "supplier", "test")).ShouldBeNull();

        var csv = $"""
            First Name,Phone,Last service
            Ann,{good1},AC repair
            Bob,not a phone,furnace
            Ann again,"{Phone.Display(good1)}",AC repair
            Cy,{optedOut},boiler
            Di,{blocked},boiler
            Ed,{good2},"heat pump, annual"
            """;
        var r = await ImportAsync(h.App, b, csv);
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var report = await r.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("rows").GetInt32().ShouldBe(6);
        report.GetProperty("imported").GetInt32().ShouldBe(2);
        var rejected = report.GetProperty("rejected").EnumerateArray().Select(x => (x.GetProperty("row").GetInt32(), x.GetProperty("reason").GetString())).ToList();
        rejected.ShouldBe([(3, "bad_phone"), (4, "duplicate"), (5, "opted_out"), (6, "do_not_text")]);
        report.GetProperty("rejected").EnumerateArray().ShouldAllBe(x => x.GetProperty("value").GetString()!.StartsWith("***"));
        var list = report.GetProperty("list");
        (list.GetProperty("consentBy").GetString(), list.GetProperty("consentSource").GetString(), list.GetProperty("contacts").GetInt32())
            .ShouldBe(("Dana Owner", "signed work orders", 2));
        // Other columns are template fields, named after their header.
        (await h.ScalarAsync<string>("SELECT fields FROM contacts WHERE business_id = @b AND phone = @good2", new { b = b.Id, good2 })).ShouldContain("\"last_service\":\"heat pump, annual\"");

        // The same file again adds nobody and says why.
        var again = await (await ImportAsync(h.App, b, csv)).Content.ReadFromJsonAsync<JsonElement>();
        again.GetProperty("imported").GetInt32().ShouldBe(0);
        again.GetProperty("rejected").EnumerateArray().Count(x => x.GetProperty("reason").GetString() == "already_on_list").ShouldBe(2);

        // A malformed file (row 4 has a column too many; row 5 an unclosed quote) imports nothing and names the first bad row.
        var contactsBefore = await h.CountAsync("contacts", b.Id);
        foreach (var (bad, row) in new[]
        {
            ($"first_name,phone\nA,{East()}\nB,{East()}\nC,{East()},extra\nD,\"{East()}\n", 4),
            ($"first_name,phone\nA,{East()}\nB,{East()}\nC,{East()}\nD,\"{East()}\n", 5),
        })
        {
            var br = await ImportAsync(h.App, b, bad, "broken");
            br.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await br.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("field").GetString().ShouldBe("file");
            problem.GetProperty("detail").GetString()!.ShouldStartWith($"Row {row}");
        }
        (await h.CountAsync("contacts", b.Id)).ShouldBe(contactsBefore);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM contact_lists WHERE business_id = @b AND name = 'broken'", new { b = b.Id })).ShouldBe(0);

        // Bad requests name their field and change nothing.
        foreach (var (url, field) in new[]
        {
            ($"{Base(b)}/contact-lists?consentBy=x&consentSource=y", "name"), ($"{Base(b)}/contact-lists?name=z&consentSource=y", "consentBy"),
            ($"{Base(b)}/contact-lists?name=z&consentBy=x", "consentSource"),
        })
        {
            var br = await h.App.OperatorClient().PostAsync(url, new StringContent(Csv([East()]), Encoding.UTF8, "text/csv"));
            br.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await br.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe(field);
        }
        (await h.App.OperatorClient().PostAsync($"{Base(b)}/contact-lists?name=z&consentBy=x&consentSource=y", JsonContent.Create(new { a = 1 })))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM contact_lists WHERE business_id = @b", new { b = b.Id })).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task TwoNodes_TextEachPersonOnce_AndNeverSomeoneWhoOptedOut(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: clock);
        await using var node2 = h.SecondNode("node-2");
        _ = node2.Services;
        var b = await h.BusinessAsync();
        var phones = Enumerable.Range(0, 24).Select(_ => East()).ToList();
        (await ImportAsync(h.App, b, Csv(phones))).EnsureSuccessStatusCode();
        // Opted out and put on the do-not-text list after the import: the policy still stops them at send time.
        await h.Db.WriteAsync(tx => h.App.Service<OptOutStore>().OptOutAsync(tx, b.Id, phones[0], "keyword"));
        await h.App.Service<DoNotTextList>().AddAsync(b.Id, phones[1], null, "test");
        var id = await CampaignAsync(h.App, b);

        // Both nodes feed at once, several times over.
        for (var i = 0; i < 4; i++)
        {
            await Task.WhenAll(RunSenderAsync(h.App), RunSenderAsync(node2), RunSenderAsync(h.App), RunSenderAsync(node2));
            await h.IdleAsync();
            clock.Advance(TimeSpan.FromSeconds(3));
        }
        await Task.WhenAll(RunSenderAsync(h.App), RunSenderAsync(node2));

        var texted = await CampaignTextsAsync(h, b);
        texted.Count.ShouldBe(22);
        texted.Distinct().Count().ShouldBe(22);
        texted.ShouldNotContain(phones[0]);
        texted.ShouldNotContain(phones[1]);
        h.Carrier.Accepted.Count(m => phones.Contains(m.To)).ShouldBe(22);
        var body = h.Carrier.To(phones[5]).Single().Body;
        body.ShouldBe($"{b.Name}: Hi Person5, time for your furnace tune-up? Reply to book. Reply STOP to opt out.");

        var recipients = await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"{Base(b)}/campaigns/{id}/recipients");
        var byPhone = recipients.EnumerateArray().ToDictionary(r => r.GetProperty("phone").GetString()!, r => (r.GetProperty("status").GetString(), r.GetProperty("reason").GetString()));
        byPhone[phones[0]].ShouldBe(("skipped", TextReasons.OptedOut));
        byPhone[phones[1]].ShouldBe(("skipped", TextReasons.DoNotText));
        byPhone.Values.Count(v => v.Item1 == "sent").ShouldBe(22);
        (await StatusAsync(h.App, b, id)).ShouldBe("done");
    }

    [Theory, DatabaseData]
    public async Task Texts_GoInEachPersonsDaytime_AndNotOnClosedDays(string provider)
    {
        var clock = new FakeClock(Tuesday); // 10:30 in New York, 07:30 in Los Angeles
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: clock);
        var b = await h.BusinessAsync(); // open Monday to Friday, New York time
        var (east, west) = (East(), West());
        (await ImportAsync(h.App, b, Csv([east, west]))).EnsureSuccessStatusCode();
        var id = await CampaignAsync(h.App, b);

        await RunSenderAsync(h.App);
        await h.IdleAsync();
        (await CampaignTextsAsync(h, b)).ShouldBe([east]);

        // 12:30 in Los Angeles: their turn.
        clock.Advance(TimeSpan.FromHours(5));
        await RunSenderAsync(h.App);
        await h.IdleAsync();
        (await CampaignTextsAsync(h, b)).Order().ShouldBe(new[] { east, west }.Order());
        await RunSenderAsync(h.App);
        (await StatusAsync(h.App, b, id)).ShouldBe("done");

        // Another campaign started on Saturday at noon sends nothing until Monday 10:00.
        var more = Enumerable.Range(0, 3).Select(_ => East()).ToList();
        (await ImportAsync(h.App, b, Csv(more), "spring")).EnsureSuccessStatusCode();
        clock.Set(new DateTimeOffset(2026, 3, 7, 17, 0, 0, TimeSpan.Zero));
        var spring = await CampaignAsync(h.App, b, "spring");
        await RunSenderAsync(h.App);
        await h.IdleAsync();
        (await CampaignTextsAsync(h, b)).Count.ShouldBe(2);
        // Monday 09:59 in New York: still too early; 10:00: they go.
        clock.Set(new DateTimeOffset(2026, 3, 9, 13, 59, 0, TimeSpan.Zero));
        await RunSenderAsync(h.App);
        await h.IdleAsync();
        (await CampaignTextsAsync(h, b)).Count.ShouldBe(2);
        clock.Advance(TimeSpan.FromMinutes(1));
        await RunSenderAsync(h.App);
        await h.IdleAsync();
        (await CampaignTextsAsync(h, b)).Count.ShouldBe(5);
        (await StatusAsync(h.App, b, spring)).ShouldBe("sending");
    }

    [Theory, DatabaseData]
    public async Task ATextThatMissesItsWindow_WaitsForTheNextDay_NotSentAtNight(string provider)
    {
        // 19:59:30 in New York; the carrier takes the text only after 20:00 (its send is due then).
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 4, 0, 59, 30, TimeSpan.Zero));
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?>(Manual) { ["Queue:Enabled"] = "false" }, clock: clock);
        var b = await h.BusinessAsync();
        var east = East();
        (await ImportAsync(h.App, b, Csv([east]))).EnsureSuccessStatusCode();
        await CampaignAsync(h.App, b);
        await RunSenderAsync(h.App);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @b AND purpose = 'campaign' AND status = 'queued'", new { b = b.Id })).ShouldBe(1);

        // The send path runs at 20:00:10: the policy stops it, and the sender gives the person back to tomorrow.
        clock.Advance(TimeSpan.FromSeconds(40));
        await using var worker = h.SecondNode("worker", new Dictionary<string, string?> { ["Queue:Enabled"] = "true" });
        _ = worker.Services;
        await Eventually.WaitAsync(() => h.ScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE business_id = @b AND purpose = 'campaign' AND status = 'blocked'", new { b = b.Id }),
            n => n == 1, "the late text stopped");
        await RunSenderAsync(worker);
        (await h.ScalarAsync<string>("SELECT status FROM campaign_recipients WHERE business_id = @b", new { b = b.Id })).ShouldBe("pending");
        h.Carrier.To(east).ShouldBeEmpty();

        // Wednesday 10:00 in New York: it goes, once.
        clock.Set(new DateTimeOffset(2026, 3, 4, 15, 0, 0, TimeSpan.Zero));
        await RunSenderAsync(worker);
        await h.TextsToAsync(east);
        await h.IdleAsync();
        h.Carrier.To(east).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task TheDailyCap_HoldsAcrossTwoNodes(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: clock);
        await using var node2 = h.SecondNode("node-2");
        _ = node2.Services;
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PutAsJsonAsync($"{Base(b)}/send-budget", new { perSecond = 50, perDay = 10 })).EnsureSuccessStatusCode();
        (await ImportAsync(h.App, b, Csv(Enumerable.Range(0, 30).Select(_ => East())))).EnsureSuccessStatusCode();
        var id = await CampaignAsync(h.App, b);

        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(RunSenderAsync(h.App), RunSenderAsync(node2));
            await h.IdleAsync();
            clock.Advance(TimeSpan.FromSeconds(2));
        }
        // 10 a day, less the 10 % campaigns leave for callers: 9.
        (await CampaignTextsAsync(h, b)).Count.ShouldBe(9);
        // A caller who rings now is still answered.
        var caller = East();
        await h.MissedCallAsync(b, caller);
        await h.TextsToAsync(caller);
        (await StatusAsync(h.App, b, id)).ShouldBe("sending");
    }

    [Theory, DatabaseData]
    public async Task ACampaign_PausesItselfWhenTooManyOptOut_AndTellsTheOwner(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?>(Manual)
        {
            ["Campaigns:PauseMinimumSent"] = "10", ["Campaigns:PauseOptOutPercent"] = "5",
        }, clock: clock);
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PutAsJsonAsync($"{Base(b)}/send-budget", new { perSecond = 6, perDay = 1000 })).EnsureSuccessStatusCode();
        var phones = Enumerable.Range(0, 40).Select(_ => East()).ToList();
        (await ImportAsync(h.App, b, Csv(phones))).EnsureSuccessStatusCode();
        var id = await CampaignAsync(h.App, b);
        async Task Step()
        {
            await RunSenderAsync(h.App);
            await h.IdleAsync();
            clock.Advance(TimeSpan.FromSeconds(3));
            await h.IdleAsync();
        }
        // 6 a second, two seconds ahead: 12 texts in the first step.
        await Step();
        var texted = await CampaignTextsAsync(h, b);
        texted.Count.ShouldBe(12);

        // One STOP among 12 (8 %) is over the 5 % limit: the next step pauses instead of sending.
        (await h.TextAsync(b, texted[0], "STOP")).EnsureSuccessStatusCode();
        await h.IdleAsync();
        await Step();
        (await StatusAsync(h.App, b, id)).ShouldBe("paused");
        var view = await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"{Base(b)}/campaigns/{id}");
        view.GetProperty("campaign").GetProperty("pausedReason").GetString().ShouldBe("opt_out_rate");
        view.GetProperty("progress").GetProperty("optedOut").GetInt32().ShouldBe(1);
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE business_id = @b AND event = 'campaign_paused'", new { b = b.Id })).ShouldBe(1);
        await Step();
        (await CampaignTextsAsync(h, b)).Count.ShouldBe(12);

        // The owner resumes it: it goes on (and pauses again only on new evidence).
        (await h.App.OperatorClient().PostAsync($"{Base(b)}/campaigns/{id}/resume", null)).EnsureSuccessStatusCode();
        (await StatusAsync(h.App, b, id)).ShouldBe("sending");
    }

    [Theory, DatabaseData]
    public async Task ACampaign_PausesItselfWhenCarriersFilterItsTexts(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?>(Manual)
        {
            ["Campaigns:PauseMinimumSent"] = "10", ["Campaigns:PauseFilteredPercent"] = "10",
        }, clock: clock);
        var b = await h.BusinessAsync();
        (await h.App.OperatorClient().PutAsJsonAsync($"{Base(b)}/send-budget", new { perSecond = 5, perDay = 1000 })).EnsureSuccessStatusCode();
        var phones = Enumerable.Range(0, 30).Select(_ => East()).ToList();
        (await ImportAsync(h.App, b, Csv(phones))).EnsureSuccessStatusCode();
        var id = await CampaignAsync(h.App, b);
        await RunSenderAsync(h.App);
        await h.IdleAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        await h.IdleAsync();
        h.Carrier.Accepted.Count.ShouldBe(10);

        // One filtered text in ten is not over 10 %; a second is.
        async Task Filtered(FakeSms sms) =>
            (await h.PostAsync("/webhook/sms/status", [("MessageSid", sms.Sid), ("MessageStatus", "undelivered"), ("ErrorCode", "30007"),
                ("AccountSid", FakeCarrier.AccountSid), ("From", b.CarrierNumber!), ("To", sms.To)])).EnsureSuccessStatusCode();
        await Filtered(h.Carrier.Accepted[0]);
        await RunSenderAsync(h.App);
        (await StatusAsync(h.App, b, id)).ShouldBe("sending");
        await h.IdleAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        await h.IdleAsync();
        await Filtered(h.Carrier.Accepted[1]);
        await Filtered(h.Carrier.Accepted[2]);
        await RunSenderAsync(h.App);
        (await StatusAsync(h.App, b, id)).ShouldBe("paused");
        var view = await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"{Base(b)}/campaigns/{id}");
        view.GetProperty("campaign").GetProperty("pausedReason").GetString().ShouldBe("carrier_filtering");
        view.GetProperty("progress").GetProperty("filtered").GetInt32().ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task APausedBusiness_SendsNoCampaignText_AndKeepsItsRecipientsWaiting(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: new FakeClock(Tuesday));
        var b = await h.BusinessAsync(i => i with { SubscriptionStatus = "paused" });
        (await ImportAsync(h.App, b, Csv([East(), East()]))).EnsureSuccessStatusCode();
        var id = await CampaignAsync(h.App, b);
        await RunSenderAsync(h.App);
        await h.IdleAsync();
        (await CampaignTextsAsync(h, b)).ShouldBeEmpty();
        (await h.ScalarAsync<int>("SELECT COUNT(*) FROM campaign_recipients WHERE business_id = @b AND status = 'pending'", new { b = b.Id })).ShouldBe(2);
        (await StatusAsync(h.App, b, id)).ShouldBe("sending");
    }

    [Theory, DatabaseData]
    public async Task AYesToACampaign_IsAboutWhatItOffered_NotAskedAgain(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: clock);
        var b = await h.BusinessAsync();
        var (yes, other) = (East(), East());
        (await ImportAsync(h.App, b, Csv([yes, other]))).EnsureSuccessStatusCode();
        await CampaignAsync(h.App, b, template: "Hi {first_name}, time for your fall AC tune-up? Reply to book.");
        await RunSenderAsync(h.App);
        await h.TextsToAsync(yes);
        await h.TextsToAsync(other);
        await h.IdleAsync();

        // "Yes please": the tune-up the campaign offered; the engine goes on to the next question instead of asking what is wrong.
        (await h.TextAsync(b, yes, "Yes please")).EnsureSuccessStatusCode();
        var answer = (await h.TextsToAsync(yes, 2))[1].Body;
        answer.ShouldNotContain("what can we help with", Case.Insensitive);
        answer.ShouldNotContain("What's going on", Case.Insensitive);
        // Someone who answers with another need is taken at their word.
        (await h.TextAsync(b, other, "Actually my furnace is making a banging noise")).EnsureSuccessStatusCode();
        await h.TextsToAsync(other, 2);
        await h.IdleAsync();
        var services = (await h.QueryAsync<(string Phone, string? Service)>(
            "SELECT phone, service_needed FROM leads WHERE business_id = @b", new { b = b.Id })).ToDictionary(x => x.Phone, x => x.Service);
        services[yes].ShouldNotBeNull().ShouldContain("tune-up", Case.Insensitive);
        services[other].ShouldNotBeNull().ShouldNotContain("tune-up", Case.Insensitive);
    }

    [Theory, DatabaseData]
    public async Task AReplyToACampaign_IsQualifiedAndBookedByText_AndCountsAsBooked(string provider)
    {
        var clock = new FakeClock(Tuesday); // 10:30 in New York
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: clock);
        var b = await h.BusinessAsync();
        var person = East();
        (await ImportAsync(h.App, b, Csv([person]))).EnsureSuccessStatusCode();
        var id = await CampaignAsync(h.App, b, template: "Hi {first_name}, time for your fall AC tune-up? Reply to book.");
        await RunSenderAsync(h.App);
        await h.TextsToAsync(person);
        await h.IdleAsync();

        var n = 1;
        foreach (var say in new[] { "Yes please", "no rush, next week is fine", "Dana Reyes", "1420 Maple Ave, Orlando 32801", "tomorrow morning works" })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            (await h.TextAsync(b, person, say)).EnsureSuccessStatusCode();
            n = (await h.TextsToAsync(person, n + 1)).Count;
            await h.IdleAsync();
        }
        var offer = await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(person).LastOrDefault()?.Body ?? ""),
            t => t.Contains("Reply with the number", StringComparison.Ordinal), "the slot offer");
        offer.ShouldStartWith("Dana, we can come out: 1)");
        clock.Advance(TimeSpan.FromMinutes(1));
        n = h.Carrier.To(person).Count;
        (await h.TextAsync(b, person, "1")).EnsureSuccessStatusCode();
        (await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(person).Skip(n).Select(t => t.Body).ToList()),
            l => l.Any(t => t.StartsWith("You're booked", StringComparison.Ordinal)), "the booking confirmation")).ShouldNotBeEmpty();
        await h.IdleAsync();

        var lead = (await h.QueryAsync<(string Source, string Status, string? Service)>(
            "SELECT source, status, service_needed FROM leads WHERE business_id = @b AND phone = @person", new { b = b.Id, person })).Single();
        lead.Source.ShouldBe("reactivation");
        lead.Status.ShouldBe("booked");
        lead.Service.ShouldNotBeNull().ShouldContain("tune-up", Case.Insensitive);
        var progress = (await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"{Base(b)}/campaigns/{id}")).GetProperty("progress");
        (progress.GetProperty("replied").GetInt32(), progress.GetProperty("booked").GetInt32()).ShouldBe((1, 1));
    }

    [Theory, DatabaseData]
    public async Task AReply_StartsAReactivationConversation_ThatCarriesTheCampaignText(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: clock);
        var b = await h.BusinessAsync();
        var person = East();
        (await ImportAsync(h.App, b, Csv([person]))).EnsureSuccessStatusCode();
        var id = await CampaignAsync(h.App, b);
        await RunSenderAsync(h.App);
        await h.TextsToAsync(person);
        await h.IdleAsync();

        (await h.TextAsync(b, person, "Yes please, my furnace is making a banging noise")).EnsureSuccessStatusCode();
        await h.TextsToAsync(person, 2);
        await h.IdleAsync();
        var lead = await h.QueryAsync<(string Id, string Source)>("SELECT id, source FROM leads WHERE business_id = @b AND phone = @person", new { b = b.Id, person });
        lead.Single().Source.ShouldBe("reactivation");
        var thread = await h.QueryAsync<(string Direction, string Purpose)>("""
            SELECT m.direction, COALESCE(m.purpose, '') FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.business_id = @b AND c.lead_id = @lead ORDER BY m.created_at, m.id
            """, new { b = b.Id, lead = lead.Single().Id });
        thread[0].ShouldBe(("outbound", "campaign"));
        thread[1].Direction.ShouldBe("inbound");
        thread[2].Direction.ShouldBe("outbound");
        var progress = (await h.App.OperatorClient().GetFromJsonAsync<JsonElement>($"{Base(b)}/campaigns/{id}")).GetProperty("progress");
        (progress.GetProperty("sent").GetInt32(), progress.GetProperty("replied").GetInt32()).ShouldBe((1, 1));
    }

    [Theory, DatabaseData]
    public async Task TheOperatorApi_RefusesBadCampaigns_AndKeepsBusinessesApart(string provider)
    {
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: new FakeClock(Tuesday));
        var (a, other) = (await h.BusinessAsync(), await h.BusinessAsync());
        (await ImportAsync(h.App, a, Csv([East(), East()]))).EnsureSuccessStatusCode();
        var client = h.App.OperatorClient();

        foreach (var (body, field) in new (object, string)[]
        {
            (new { template = "Hi", audience = new { list = "past customers" } }, "name"),
            (new { name = "x", audience = new { list = "past customers" } }, "template"),
            (new { name = "x", template = "Hi {nickname}", audience = new { list = "past customers" } }, "template"),
            (new { name = "x", template = "Hi" }, "audience"),
            (new { name = "x", template = "Hi", audience = new { list = "nope" } }, "audience.list"),
            (new { name = "x", template = "Hi", audience = new { lastVisitBefore = "2026-13-40" } }, "audience.lastVisitBefore"),
            (new { name = "x", template = "Hi", audience = new { lastVisitBefore = "2026-01-01" } }, "consentBy"),
            (new { name = "x", template = new string('a', 700), audience = new { list = "past customers" } }, "template"),
        })
        {
            var r = await client.PostAsJsonAsync($"{Base(a)}/campaigns", body);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, JsonSerializer.Serialize(body));
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe(field, JsonSerializer.Serialize(body));
        }
        (await client.PostAsync($"{Base(a)}/campaigns", new StringContent("{\"name\": 5", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await h.CountAsync("campaigns", a.Id)).ShouldBe(0);

        // A list of another business is not there; nor is its campaign.
        var made = await client.PostAsJsonAsync($"{Base(a)}/campaigns", new { name = "Fall", template = "Hi {first_name}", audience = new { list = "past customers" } });
        made.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await client.PostAsJsonAsync($"{Base(other)}/campaigns", new { name = "x", template = "Hi", audience = new { list = "past customers" } }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        foreach (var path in new[] { $"/campaigns/{id}", $"/campaigns/{id}/recipients" })
            (await client.GetAsync(Base(other) + path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var action in new[] { "start", "pause", "resume", "cancel" })
            (await client.PostAsync($"{Base(other)}/campaigns/{id}/{action}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetFromJsonAsync<JsonElement>($"{Base(other)}/contact-lists")).GetArrayLength().ShouldBe(0);
        (await client.GetFromJsonAsync<JsonElement>($"{Base(other)}/campaigns")).GetArrayLength().ShouldBe(0);
        (await h.App.CreateClient().GetAsync($"{Base(a)}/campaigns")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await h.App.CreateClient().PostAsync($"{Base(a)}/contact-lists?name=x&consentBy=x&consentSource=y", new StringContent("phone\n+19045550100", Encoding.UTF8, "text/csv")))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // Preview: the audience's size and one person's text.
        var preview = await (await client.PostAsJsonAsync($"{Base(a)}/campaigns/preview", new { template = "Hi {first_name}!", audience = new { list = "past customers" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        preview.GetProperty("audience").GetInt32().ShouldBe(2);
        preview.GetProperty("text").GetString().ShouldBe($"{a.Name}: Hi Person0! Reply STOP to opt out.");
        preview.GetProperty("segments").GetInt32().ShouldBe(1);

        // A draft's start: set, kept by a change that leaves it out, cleared by an explicit null.
        async Task<JsonElement> PutAsync(string json)
        {
            var r = await client.PutAsync($"{Base(a)}/campaigns/{id}", new StringContent(json, Encoding.UTF8, "application/json"));
            r.StatusCode.ShouldBe(HttpStatusCode.OK, json);
            return await r.Content.ReadFromJsonAsync<JsonElement>();
        }
        var start = Tuesday.AddDays(1);
        (await PutAsync($"{{\"startAt\": \"{start:O}\"}}")).GetProperty("startAt").GetDateTimeOffset().ShouldBe(start);
        var renamed = await PutAsync("{\"name\": \"Fall tune-up\"}");
        (renamed.GetProperty("name").GetString(), renamed.GetProperty("startAt").GetDateTimeOffset()).ShouldBe(("Fall tune-up", start));
        await PutAsync("{\"startAt\": null}");
        (await h.App.Service<CampaignStore>().GetAsync(a.Id, id))!.StartAt.ShouldBeNull();

        // Cancelled is final; a started campaign is not changed.
        (await client.PostAsync($"{Base(a)}/campaigns/{id}/cancel", null)).EnsureSuccessStatusCode();
        var again = await client.PostAsync($"{Base(a)}/campaigns/{id}/start", null);
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe("status");
    }

    [Theory, DatabaseData]
    public async Task ACustomerAudience_PicksByLastVisitAndService_AndFillsTheirFields(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, Manual, clock: clock);
        var b = await h.BusinessAsync();
        var (ann, bob, cy) = (East(), East(), East());
        async Task Customer(string phone, string name, params (DateTimeOffset At, string Service, string Status)[] visits)
        {
            await using var conn = await h.Db.OpenAsync();
            var now = clock.GetUtcNow();
            var lead = Ids.New();
            await Dapper.SqlMapper.ExecuteAsync(conn, "INSERT INTO customers (id, business_id, phone, name, created_at, updated_at) VALUES (@id, @b, @phone, @name, @now, @now)",
                new { id = Ids.New(), b = b.Id, phone, name, now });
            await Dapper.SqlMapper.ExecuteAsync(conn, "INSERT INTO leads (id, business_id, phone, source, created_at, updated_at) VALUES (@lead, @b, @phone, 'missed_call', @now, @now)",
                new { lead, b = b.Id, phone, now });
            foreach (var (at, service, status) in visits)
                await Dapper.SqlMapper.ExecuteAsync(conn, """
                    INSERT INTO appointments (id, business_id, lead_id, start_at, end_at, service_type, status, ics_uid, ics_token, created_at, updated_at)
                    VALUES (@id, @b, @lead, @at, @end, @service, @status, @uid, @token, @at, @at)
                    """, new { id = Ids.New(), b = b.Id, lead, at, end = at.AddHours(1), service, status, uid = Ids.New(), token = Ids.New(), });
        }
        await Customer(ann, "Ann Lee", (new(2025, 9, 15, 14, 0, 0, TimeSpan.Zero), "furnace tune-up", "completed"), (new(2026, 2, 1, 14, 0, 0, TimeSpan.Zero), "AC repair", "cancelled"));
        await Customer(bob, "Bob", (new(2026, 2, 20, 14, 0, 0, TimeSpan.Zero), "AC repair", "completed"));
        await Customer(cy, "Cy", []);
        var client = h.App.OperatorClient();
        var template = "Hi {first_name}, your last {service} was in {last_visit}.";

        async Task<JsonElement> Preview(object audience) =>
            await (await client.PostAsJsonAsync($"{Base(b)}/campaigns/preview", new { template, audience })).Content.ReadFromJsonAsync<JsonElement>();
        var early = await Preview(new { lastVisitBefore = "2026-01-01" });
        early.GetProperty("audience").GetInt32().ShouldBe(1);
        early.GetProperty("text").GetString().ShouldBe($"{b.Name}: Hi Ann, your last furnace tune-up was in September 2025. Reply STOP to opt out.");
        (await Preview(new { service = "ac repair" })).GetProperty("audience").GetInt32().ShouldBe(1); // Ann's AC visit was cancelled
        (await Preview(new { lastVisitBefore = "2026-03-01", service = "AC" })).GetProperty("audience").GetInt32().ShouldBe(1);

        var made = await client.PostAsJsonAsync($"{Base(b)}/campaigns",
            new { name = "Tune-ups", template, audience = new { lastVisitBefore = "2026-01-01" }, consentBy = "Dana Owner", consentSource = "work order checkbox" });
        made.StatusCode.ShouldBe(HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await client.PostAsync($"{Base(b)}/campaigns/{id}/start", null)).EnsureSuccessStatusCode();
        await RunSenderAsync(h.App);
        await h.IdleAsync();
        (await CampaignTextsAsync(h, b)).ShouldBe([ann]);
    }

    [Fact]
    public void Segments_CountGsmAndUnicodeTexts()
    {
        CampaignTemplate.Segments(new string('a', 160)).ShouldBe(1);
        CampaignTemplate.Segments(new string('a', 161)).ShouldBe(2);
        CampaignTemplate.Segments(new string('a', 306)).ShouldBe(2);
        CampaignTemplate.Segments(new string('a', 307)).ShouldBe(3);
        CampaignTemplate.Segments(new string('[', 80)).ShouldBe(1);
        CampaignTemplate.Segments(new string('[', 81)).ShouldBe(2);
        CampaignTemplate.Segments("Hi 🙂").ShouldBe(1);
        CampaignTemplate.Segments(new string('é', 150) + "🙂").ShouldBe(3); // 152 UTF-16 units: ⌈152 / 67⌉
        CampaignTemplate.Segments(new string('ł', 71)).ShouldBe(2);
    }
}
