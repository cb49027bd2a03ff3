using System.Net;
using Bunit;
using CallRecover.Campaigns;
using CallRecover.Campaigns.Pages;
using CallRecover.Data;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Campaigns;

/// <summary>The owner's campaign pages: one business's campaigns and lists only, office roles only, and what the page buttons do.</summary>
public sealed class CampaignPagesTests
{
    [Theory, DatabaseData]
    public async Task AnotherBusinessesCampaign_IsNotFound_LikeAMissingOne_AndSignedOutVisitorsAreSentToSignIn(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(), new Dictionary<string, string?> { ["Queue:RunScheduledTasks"] = "false" });
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var phone = TestBusinesses.UniquePhone();
        var (draft, sending) = await TwoCampaignsAsync(app, a, phone);

        var owner = await app.SignedInClientAsync(a.OwnerEmail);
        var list = await owner.GetStringAsync("/campaigns");
        list.ShouldContain("Spring tune-up");
        list.ShouldContain("Consent attested by Olive Owner");
        list.ShouldContain("href=\"/campaigns/import\"");
        (await owner.GetStringAsync("/")).ShouldContain("href=\"/campaigns\"", customMessage: "the Campaigns nav entry");
        foreach (var url in new[] { $"/campaigns/{sending.Id}", $"/campaigns/{draft.Id}", $"/campaigns/{draft.Id}/edit", "/campaigns/new", "/campaigns/import" })
            (await owner.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
        (await owner.GetStringAsync($"/campaigns/{sending.Id}")).ShouldContain("Danaquilla");

        var stranger = await app.SignedInClientAsync(b.OwnerEmail);
        var missing = await stranger.GetAsync("/campaigns/no-such-campaign");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var url in new[] { $"/campaigns/{sending.Id}", $"/campaigns/{draft.Id}", $"/campaigns/{draft.Id}/edit", $"/campaigns/{sending.Id}?status=pending" })
        {
            var denied = await stranger.GetAsync(url);
            denied.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            var html = await denied.Content.ReadAsStringAsync();
            html.ShouldNotContain("Spring tune-up", customMessage: url);
            html.ShouldNotContain("Danaquilla", customMessage: url); // a rare name: a random token on the page can hold "dana"
            html.ShouldNotContain(Fmt(phone), customMessage: url);
        }
        var theirs = await stranger.GetStringAsync("/campaigns");
        theirs.ShouldNotContain("Spring tune-up");
        theirs.ShouldNotContain("Oak Street 2024");
        (await stranger.GetStringAsync("/campaigns/new")).ShouldNotContain("Oak Street 2024", customMessage: "another business's lists are not offered");

        // Opened live by the other owner, the page shows nothing of it and its buttons are not there to press.
        await using (var ui = await PageHarness.SignedInAsync(app, b.OwnerEmail))
        {
            var page = ui.Render<CampaignPage>(p => p.Add(x => x.Id, sending.Id));
            page.Markup.ShouldNotContain("Spring tune-up");
            page.FindAll("#pause-campaign").ShouldBeEmpty();
        }
        (await app.Service<CampaignStore>().GetAsync(a.Id, sending.Id))!.Status.ShouldBe(CampaignStatuses.Sending);

        foreach (var url in new[] { "/campaigns", $"/campaigns/{sending.Id}", "/campaigns/import", "/campaigns/new" })
        {
            var anonymous = await app.Browser().GetAsync(url);
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            anonymous.Headers.Location!.ToString().ShouldContain("/login", Case.Insensitive, url);
        }

        await db.Db.WriteAsync(tx => app.Service<UserStore>().InsertAsync(tx, a.Id, "tech@example.com", "Tina Tech", Roles.Technician));
        var tech = await app.SignedInClientAsync("tech@example.com");
        foreach (var url in new[] { "/campaigns", $"/campaigns/{sending.Id}" })
        {
            var refused = await tech.GetAsync(url);
            refused.StatusCode.ShouldNotBe(HttpStatusCode.OK, url);
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain("Spring tune-up");
        }
        var staff = await app.SignedInStaffAsync(a);
        (await staff.GetAsync($"/campaigns/{sending.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK, "staff are office users too");
    }

    [Theory, DatabaseData]
    public async Task CampaignPage_PausesResumesAndCancels_AfterAskingToConfirm(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(), new Dictionary<string, string?> { ["Queue:RunScheduledTasks"] = "false" });
        var a = await app.CreateBusinessAsync();
        var (_, sending) = await TwoCampaignsAsync(app, a, TestBusinesses.UniquePhone());
        await using var ui = await PageHarness.SignedInAsync(app, a.OwnerEmail);
        var page = ui.Render<CampaignPage>(p => p.Add(x => x.Id, sending.Id));
        PageHarness.Until(page, () => page.FindAll("#pause-campaign").Count == 1 && page.FindAll("#recipients-table tbody tr").Count == 1, "the page has loaded");
        page.Find("[data-stat=recipients]").TextContent.ShouldBe("1");
        page.Find("#recipients-table tbody tr").GetAttribute("data-status").ShouldBe("pending");

        // Each step's live event re-renders the page a moment later; a click that lands on the render it replaced is
        // dropped, so each click is repeated until its effect shows.
        void ClickUntil(string button, Func<bool> done, string what) => PageHarness.Until(page, () =>
        {
            if (done()) return true;
            try { if (page.FindAll($"{button}:not([disabled])").Count == 1) page.Find(button).Click(); }
            catch (Exception ex) when (ex is not ShouldAssertException) { /* a render replaced the button meanwhile */ }
            return done();
        }, what);
        string Status() => page.Find("#campaign-status").GetAttribute("data-status") ?? "";

        ClickUntil("#pause-campaign", () => Status() == "paused", "paused");
        page.Find("#campaign-status").TextContent.ShouldContain("Paused by you");
        ClickUntil("#resume-campaign", () => Status() == "sending", "resumed");

        ClickUntil("#cancel-campaign", () => page.FindAll("#cancel-confirm").Count == 1, "the cancel confirmation");
        (await app.Service<CampaignStore>().GetAsync(a.Id, sending.Id))!.Status.ShouldBe(CampaignStatuses.Sending, "nothing happens before the confirmation");
        page.Find("#cancel-confirm").TextContent.ShouldContain("cannot be undone");
        ClickUntil("#cancel-yes", () => Status() == "cancelled", "cancelled");
        page.FindAll("#cancel-campaign").ShouldBeEmpty();
        (await app.Service<CampaignStore>().GetAsync(a.Id, sending.Id))!.Status.ShouldBe(CampaignStatuses.Cancelled);
    }

    [Fact]
    public void ImportPreview_GuessesTheColumns_FollowsTheMapping_AndNamesTheBadRowOfAMalformedFile()
    {
        const string csv = "Name,Mobile,Last service\nDana,(904) 555-0142,furnace tune-up\nLee,12345,AC repair\n";
        var guessed = CampaignImportPreview.Read(csv, null);
        guessed.Error.ShouldBeNull();
        (guessed.PhoneColumn, guessed.FirstNameColumn, guessed.People).ShouldBe(("Mobile", "Name", 2));
        guessed.Rows[0].Phone.ShouldBe("+19045550142");
        guessed.Rows[0].FirstName.ShouldBe("Dana");
        guessed.Rows[0].Fields["last_service"].ShouldBe("furnace tune-up");
        guessed.Rows[1].Phone.ShouldBeNull("12345 is not a phone number");

        var mapped = CampaignImportPreview.Read("who,cell2,note\nDana,904-555-0142,hi\n", new ContactImport.ColumnMap("cell2", "who"));
        (mapped.PhoneColumn, mapped.FirstNameColumn).ShouldBe(("cell2", "who"));
        mapped.Rows.ShouldHaveSingleItem().FirstName.ShouldBe("Dana");

        var unguessable = CampaignImportPreview.Read("who,cell2\nDana,904-555-0142\n", null);
        unguessable.Headers.ShouldBe(["who", "cell2"], "the columns are offered for mapping even when none is guessed");
        unguessable.Error.ShouldNotBeNull().ShouldContain("Row 1");

        var malformed = CampaignImportPreview.Read("first_name,phone\nDana,904-555-0142\nLee,904-555-0143,extra\n", null);
        malformed.Error.ShouldNotBeNull().ShouldContain("Row 3");
        malformed.Rows.ShouldBeEmpty();
    }

    /// <summary>A list of one (Dana), a draft to it and a second campaign to it that has started.</summary>
    private static async Task<(Campaign Draft, Campaign Sending)> TwoCampaignsAsync(AppFactory app, Business business, string phone)
    {
        var campaigns = app.Service<CampaignService>();
        var import = await campaigns.ImportAsync(business.Id, "Oak Street 2024", "Olive Owner", "signed work orders 2024", null,
            $"first_name,phone\nDanaquilla,{phone}\n", null, "test");
        import.Value.ShouldNotBeNull(import.Error).Imported.ShouldBe(1);
        var input = new CampaignInput { Name = "Spring tune-up", Template = "Hi {first_name}, time for a tune-up? Reply YES to book.", Audience = new() { List = "Oak Street 2024" } };
        var draft = (await campaigns.CreateAsync(business.Id, input, "test")).Value.ShouldNotBeNull();
        var other = (await campaigns.CreateAsync(business.Id, input with { Name = "Spring tune-up (sent)" }, "test")).Value.ShouldNotBeNull();
        var started = await campaigns.StartAsync(business.Id, other.Id, "test");
        started.Value.ShouldNotBeNull(started.Error).Status.ShouldBe(CampaignStatuses.Sending);
        return (draft, started.Value);
    }

    private static string Fmt(string phone) => CallRecover.Dashboard.Shared.Fmt.Phone(phone);
}
