using System.Net;
using System.Net.Http.Json;
using Bunit;
using CallRecover.Audit;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Estimates.Pages;
using CallRecover.Leads;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Estimates;

public sealed class QuotePagesTests
{
    [Theory, DatabaseData]
    public async Task QuoteEditor_ExplainsBadLinesInWords_AddsAndRemovesRows_AndSavesNewTotals(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-30));
        var quote = await QuoteSeed.QuoteAsync(app, business.Id, thread.LeadId, clock.GetUtcNow().AddMinutes(-20), QuoteStatuses.Sent);
        await using var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail);
        var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
        page.WaitForElement("#quote-lines");

        page.FindAll("#quote-lines tbody tr").Count.ShouldBe(2);
        page.Find("#quote-lines tbody tr").TextContent.ShouldContain("Brake pads labor");
        page.Find("#quote-lines tbody tr").TextContent.ShouldContain("Labor");
        page.Find("#quote-total").TextContent.ShouldBe("$250.00");

        await page.ClickAsync("#edit-items");
        page.Find("#qty-0").Input("two");
        page.Find("#line-total-0").TextContent.ShouldBe("—");
        page.Find("#desc-1").Input("  ");
        await page.SubmitAsync("#items-form");
        page.Find("[data-error-for='items[0].qty']").TextContent.ShouldBe("Quantity must be a number above 0.");
        page.Find("[data-error-for='items[1].description']").TextContent.ShouldBe("Description is required.");
        page.Find("#quote-error").TextContent.ShouldContain("Nothing was saved");
        var unchanged = (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!;
        (unchanged.Quote.Total, unchanged.Quote.Status, unchanged.Items.Count).ShouldBe((250m, QuoteStatuses.Sent, 2));

        // Fix the lines, add a fee and a throwaway row, remove the throwaway: the totals follow as typed.
        page.Find("#qty-0").Input("3");
        page.Find("#desc-1").Input("Ceramic pads");
        page.Find("#price-1").Input("$60");
        await page.ClickAsync("#add-line");
        page.Find("#desc-2").Input("Shop supplies");
        await page.ChangeAsync("#kind-2", QuoteItemKinds.Fee);
        page.Find("#price-2").Input("15");
        await page.ClickAsync("#add-line");
        page.Find("#desc-3").Input("Oops");
        await page.ClickAsync("#remove-3");
        page.FindAll("fieldset.quote-row").Count.ShouldBe(3);
        page.Find("#line-total-0").TextContent.ShouldBe("$300.00");
        page.Find("#edit-total").TextContent.ShouldBe("$375.00");
        await page.SubmitAsync("#items-form");

        var saved = (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!;
        saved.Quote.Total.ShouldBe(375m);
        saved.Quote.LaborTotal.ShouldBe(300m);
        saved.Quote.FeesTotal.ShouldBe(15m);
        saved.Quote.Status.ShouldBe(QuoteStatuses.Draft, "the caller has not seen the new numbers, so their YES must not approve them");
        saved.Items.Select(i => (i.Kind, i.Description, i.Amount)).ShouldBe([(QuoteItemKinds.Labor, "Brake pads labor", 300m), (QuoteItemKinds.Part, "Ceramic pads", 60m), (QuoteItemKinds.Fee, "Shop supplies", 15m)]);
        saved.Items[0].Repair.ShouldBe("Brake pads", "an edited line keeps the repair it prices");
        PageHarness.Until(page, () => page.FindAll("#quote-total").Count == 1 && page.Find("#quote-total").TextContent == "$375.00", "the saved total shown");
        page.Find("#quote-done").TextContent.ShouldContain("Items saved");
        var audit = await AuditLog.ListAsync(db.Db, business.Id, "quote", quote.Id);
        audit.Single(e => e.Action == "edited").Actor.ShouldStartWith("user:");
    }

    [Theory, DatabaseData]
    public async Task Send_ShowsTheExactTextFirst_GoesThroughTheSendPath_ThenApproveEndsTheActions(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-30));
        var quote = await QuoteSeed.QuoteAsync(app, business.Id, thread.LeadId, clock.GetUtcNow().AddMinutes(-20));
        await using var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail);
        var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
        page.WaitForElement("#send-quote");

        await page.ClickAsync("#send-quote");
        var preview = page.Find("#send-preview").TextContent;
        var lead = (await app.Service<LeadStore>().GetAsync(business.Id, thread.LeadId))!;
        var stored = (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!;
        preview.ShouldBe(QuoteService.ComposeSms(business, lead, stored.Quote, stored.Items, null));
        preview.ShouldContain("= $250.00 total");
        (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Draft, "nothing goes before the confirmation");

        await page.ClickAsync("#confirm-send");
        var sent = (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote;
        sent.Status.ShouldBe(QuoteStatuses.Sent);
        var message = (await app.Service<ConversationStore>().GetMessageAsync(business.Id, sent.SentMessageId!))!;
        // The previewed words, then a new link to the customer's portal (made when the text is queued).
        message.Body.ShouldStartWith(preview + " See it online: http://localhost/p/");
        message.Sender.ShouldBe(Senders.Human);
        message.ToPhone.ShouldBe(thread.Phone);
        PageHarness.Until(page, () => page.Find("#quote-status").GetAttribute("data-status") == QuoteStatuses.Sent, "the page shows it sent");

        await page.ClickAsync("#approve-quote");
        page.Find("#answer-confirm").TextContent.ShouldContain("$250.00");
        await page.ClickAsync("#cancel-confirm");
        (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Sent, "Keep it open changes nothing");
        await page.ClickAsync("#approve-quote");
        await page.ClickAsync("#confirm-answer");
        var approved = (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote;
        approved.Status.ShouldBe(QuoteStatuses.Approved);
        approved.ApprovedBy!.ShouldStartWith("user:");
        PageHarness.Until(page, () => page.Find("#quote-status").GetAttribute("data-status") == QuoteStatuses.Approved, "the page shows it approved");
        page.FindAll("#send-quote, #approve-quote, #decline-quote, #edit-items").ShouldBeEmpty("an approved quote offers no more moves");
        (await AuditLog.ListAsync(db.Db, business.Id, "quote", quote.Id)).Select(e => e.Action).ShouldBe(["sent", "approved"]);

        // The same moves asked again (a stale tab, the API) get a sentence and change nothing.
        var service = app.Service<QuoteService>();
        var again = await service.AnswerByStaffAsync(business, quote.Id, approve: false, "user:x");
        (again.Outcome, again.Message).ShouldBe((QuoteOutcome.Refused, "This quote is approved; only a draft or sent quote can be declined."));
        (await service.SendByStaffAsync(business, quote.Id, "user:x")).Message.ShouldBe("This quote is approved; only a draft or sent quote can be sent.");
        (await service.EditItemsAsync(business.Id, quote.Id, [new QuoteItemInput("part", "x", 1, 1)], "user:x")).Outcome.ShouldBe(QuoteOutcome.Refused);
        (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Approved);
    }

    [Theory, DatabaseData]
    public async Task Decline_AndAnOpenEditorClosesWithASentence_WhenTheCustomerAnswersMeanwhile(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-30));
        var quote = await QuoteSeed.QuoteAsync(app, business.Id, thread.LeadId, clock.GetUtcNow().AddMinutes(-20), QuoteStatuses.Sent);
        await using var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail);
        var editing = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
        editing.WaitForElement("#edit-items");
        await editing.ClickAsync("#edit-items");
        editing.Find("#price-1").Input("999");

        // The caller's YES arrives (the reply step's path): the open editor closes and says why, nothing is saved.
        await db.Db.WriteAsync(tx => app.Service<QuoteService>().ApproveAsync(tx, business, quote.Id, "caller"));
        PageHarness.Until(editing, () => editing.FindAll("#items-form").Count == 0, "the editor closed");
        editing.Find("#quote-error").TextContent.ShouldBe("The quote is now approved; your changes to the items were not saved.");
        (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Total.ShouldBe(250m);

        var second = await QuoteSeed.QuoteAsync(app, business.Id, thread.LeadId, clock.GetUtcNow().AddMinutes(-5), QuoteStatuses.Sent);
        var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, second.Id));
        page.WaitForElement("#decline-quote");
        await page.ClickAsync("#decline-quote");
        await page.ClickAsync("#confirm-answer");
        (await app.Service<QuoteStore>().GetAsync(business.Id, second.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Declined);
        page.Find("#quote-done").TextContent.ShouldBe("Quote declined.");
    }

    [Theory, DatabaseData]
    public async Task Send_ToAnOptedOutCaller_SaysWhyInWords_AndLeavesTheQuoteADraft(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, business.Id, clock.GetUtcNow().AddMinutes(-30));
        var quote = await QuoteSeed.QuoteAsync(app, business.Id, thread.LeadId, clock.GetUtcNow().AddMinutes(-20));
        await db.Db.WriteAsync(tx => app.Service<CallRecover.Compliance.OptOutStore>().OptOutAsync(tx, business.Id, thread.Phone, "STOP"));
        await using var ui = await PageHarness.SignedInAsync(app, business.OwnerEmail);
        var page = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
        page.WaitForElement("#send-quote");

        await page.ClickAsync("#send-quote");
        await page.ClickAsync("#confirm-send");
        page.Find("#quote-error").TextContent.ShouldBe("The text was not sent: the person opted out of texts.");
        (await app.Service<QuoteStore>().GetAsync(business.Id, quote.Id))!.Quote.Status.ShouldBe(QuoteStatuses.Draft);
        (await AuditLog.ListAsync(db.Db, business.Id, "quote", quote.Id)).Select(e => e.Action).ShouldBe(["send_blocked"]);
    }

    [Fact]
    public void ItemChecks_NameEachFieldInWords()
    {
        var (items, errors) = QuoteRules.CheckItems([
            new QuoteItemInput("gift", "", 0, -1),
            new QuoteItemInput(QuoteItemKinds.Adjustment, "Loyalty discount", 1, -20),
            new QuoteItemInput(QuoteItemKinds.Part, new string('x', 201), 20_000, 2_000_000),
            null,
        ]);
        items.ShouldBeEmpty();
        errors["items[0].kind"].ShouldBe(["Kind must be one of labor, part, fee, adjustment."]);
        errors["items[0].description"].ShouldBe(["Description is required."]);
        errors["items[0].qty"].ShouldBe(["Quantity must be a number above 0."]);
        errors["items[0].unitPrice"].ShouldBe(["Unit price must not be negative (only an adjustment can take money off)."]);
        errors.Keys.ShouldNotContain("items[1].unitPrice", "an adjustment may take money off");
        errors["items[2].description"].ShouldBe(["Description must be at most 200 characters."]);
        errors["items[2].qty"].ShouldBe(["Quantity must be at most 10,000."]);
        errors["items[2].unitPrice"].ShouldBe(["Unit price must be at most $1,000,000.00."]);
        errors["items[3]"].ShouldBe(["A line item must be an object."]);
        QuoteRules.CheckItems([]).Errors["items"].ShouldBe(["Add at least one line item."]);
        QuoteRules.Refusal(QuoteRules.Send, QuoteStatuses.Expired).ShouldBe("This quote is expired; only a draft or sent quote can be sent.");
        QuoteRules.Refusal(QuoteRules.Approve, QuoteStatuses.Sent).ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesQuote_IsNotFound_OnPagesAndActions_AndNotListed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var a = await app.CreateBusinessAsync();
        var b = await app.CreateBusinessAsync();
        var thread = await DashboardTestKit.SeedMissedCallThreadAsync(db.Db, a.Id, clock.GetUtcNow().AddMinutes(-30));
        var quote = await QuoteSeed.QuoteAsync(app, a.Id, thread.LeadId, clock.GetUtcNow().AddMinutes(-20), QuoteStatuses.Sent);
        var owner = await app.SignedInClientAsync(a.OwnerEmail);
        var stranger = await app.SignedInClientAsync(b.OwnerEmail);

        (await owner.GetAsync($"/quotes/{quote.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.GetStringAsync("/quotes")).ShouldContain(quote.Id);
        var denied = await stranger.GetAsync($"/quotes/{quote.Id}");
        denied.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await denied.Content.ReadAsStringAsync()).ShouldNotContain("$250.00");
        var list = await stranger.GetStringAsync("/quotes?status=sent");
        list.ShouldNotContain(quote.Id);
        list.ShouldNotContain(CallRecover.Dashboard.Shared.Fmt.Phone(thread.Phone));

        // Opened live by the other business's owner: nothing of it shows, no action is offered.
        await using var ui = await PageHarness.SignedInAsync(app, b.OwnerEmail);
        var live = ui.Render<QuoteDetailPage>(p => p.Add(x => x.Id, quote.Id));
        live.Markup.ShouldNotContain("$250.00");
        live.FindAll("#send-quote, #approve-quote, #decline-quote, #edit-items").ShouldBeEmpty();

        // The actions, asked with the other business (as its pages would), find nothing and change nothing.
        var service = app.Service<QuoteService>();
        (await service.AnswerByStaffAsync(b, quote.Id, approve: true, "user:x")).Outcome.ShouldBe(QuoteOutcome.NotFound);
        (await service.SendByStaffAsync(b, quote.Id, "user:x")).Outcome.ShouldBe(QuoteOutcome.NotFound);
        (await service.EditItemsAsync(b.Id, quote.Id, [new QuoteItemInput("part", "x", 1, 1)], "user:x")).Outcome.ShouldBe(QuoteOutcome.NotFound);
        var after = (await app.Service<QuoteStore>().GetAsync(a.Id, quote.Id))!;
        (after.Quote.Status, after.Quote.Total).ShouldBe((QuoteStatuses.Sent, 250m));
        (await AuditLog.ListAsync(db.Db, a.Id, "quote", quote.Id)).ShouldBeEmpty();

        // The operator API under the other business's id does not reach it either.
        var api = app.OperatorClient();
        (await api.PostAsync($"/api/admin/businesses/{b.Id}/quotes/{quote.Id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PutAsJsonAsync($"/api/admin/businesses/{b.Id}/quotes/{quote.Id}/items", new[] { new { kind = "part", description = "x", qty = 1, unitPrice = 1 } }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
