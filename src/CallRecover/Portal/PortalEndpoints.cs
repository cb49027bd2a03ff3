using System.Text;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Estimates;
using CallRecover.Jobs;
using CallRecover.Leads;
using CallRecover.Payments;
using CallRecover.Tenancy;
using static CallRecover.Common.PublicPage;

namespace CallRecover.Portal;

/// <summary>
/// The customer portal at <c>/p/{token}</c> (static server-rendered pages, one column for phones) and the operator's
/// portal-link API under /api/admin/businesses/{businessId}. A bad, expired or revoked token is the same 404 page.
/// </summary>
public static class PortalEndpoints
{
    public static AppRoutes MapPortal(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/portal-links", async (string businessId, string? customerId, string? leadId, PortalLinkStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(businessId, Blank(customerId), Blank(leadId), ct)));
        one.MapPost("/portal-links", async (string businessId, HttpRequest request, PortalService portal, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<NewPortalLinkInput>(request, ct);
            if (input is null) return bad!;
            if (string.IsNullOrWhiteSpace(input.LeadId)) return Problems.BadField("leadId", "leadId is required.");
            return await portal.CreateForLeadAsync(businessId, input.LeadId.Trim(), "operator", ct) is { } made
                ? TypedResults.Created($"/api/admin/businesses/{businessId}/portal-links/{made.Link.Id}", new { made.Link.Id, made.Link.LeadId, made.Link.ExpiresAt, made.Url })
                : Problems.BadField("leadId", $"No lead '{input.LeadId}' in this business.");
        });
        one.MapPost("/portal-links/{linkId}/revoke", async (string businessId, string linkId, PortalService portal, CancellationToken ct) =>
            await portal.RevokeAsync(businessId, linkId, "operator", ct) ? TypedResults.NoContent() : Problems.Missing("portal link", linkId));

        // A customer's link: the token is in the URL (no Referer from these pages), and one IP address gets RateLimits:LinksPerIp.
        var app = routes.App.MapGroup("").SecretInUrl().RequireRateLimiting(RateLimits.Links);
        app.MapGet("/p/{token}", async (string token, string? done, PortalService portal, PortalPage page, CancellationToken ct) =>
            await portal.ResolveAsync(token, ct) is { } found ? await page.RenderAsync(token, found.Link, found.Business, done, null, ct) : PublicPage.NotFound());
        app.MapPost("/p/{token}/quotes/{quoteId}/approve", async (string token, string quoteId, HttpContext http, PortalService portal, PortalPage page,
            CancellationToken ct) =>
        {
            if (await portal.ResolveAsync(token, ct) is not { } found) return PublicPage.NotFound();
            var form = await ReadFormAsync(http);
            var answer = await portal.ApproveAsync(found.Link, found.Business, quoteId, form?["name"], http.Connection.RemoteIpAddress?.ToString(), ct);
            return await AfterAsync(answer, token, found, "approved",
                $"Type your full name to approve the quote (at most {PortalService.MaxNameLength} characters).", page, ct);
        });
        app.MapPost("/p/{token}/quotes/{quoteId}/decline", async (string token, string quoteId, HttpContext http, PortalService portal, PortalPage page,
            CancellationToken ct) =>
        {
            if (await portal.ResolveAsync(token, ct) is not { } found) return PublicPage.NotFound();
            var form = await ReadFormAsync(http);
            var answer = await portal.DeclineAsync(found.Link, found.Business, quoteId, form?["reason"], http.Connection.RemoteIpAddress?.ToString(), ct);
            return await AfterAsync(answer, token, found, "declined", $"The reason can be at most {PortalService.MaxReasonLength} characters.", page, ct);
        });
        // A cancellation is asked once more on its own page: one tap on the visit card does not cancel.
        app.MapGet("/p/{token}/visits/{visitId}/cancel", async (string token, string visitId, PortalService portal, PortalPage page, CancellationToken ct) =>
        {
            if (await portal.ResolveAsync(token, ct) is not { } found) return PublicPage.NotFound();
            return await portal.RescheduleOptionsAsync(found.Link, found.Business, visitId, ct) is { } choice
                ? page.ConfirmCancel(token, found.Business, choice) : PublicPage.NotFound();
        });
        app.MapPost("/p/{token}/visits/{visitId}/cancel", async (string token, string visitId, PortalService portal, PortalPage page, CancellationToken ct) =>
        {
            if (await portal.ResolveAsync(token, ct) is not { } found) return PublicPage.NotFound();
            return await AfterAsync(await portal.CancelVisitAsync(found.Link, found.Business, visitId, ct), token, found, "cancelled", "", page, ct);
        });
        app.MapGet("/p/{token}/visits/{visitId}/reschedule", async (string token, string visitId, PortalService portal, PortalPage page, CancellationToken ct) =>
        {
            if (await portal.ResolveAsync(token, ct) is not { } found) return PublicPage.NotFound();
            return await portal.RescheduleOptionsAsync(found.Link, found.Business, visitId, ct) is { } choice
                ? page.Reschedule(token, found.Business, choice, null) : PublicPage.NotFound();
        });
        app.MapPost("/p/{token}/visits/{visitId}/reschedule", async (string token, string visitId, HttpContext http, PortalService portal, PortalPage page,
            CancellationToken ct) =>
        {
            if (await portal.ResolveAsync(token, ct) is not { } found) return PublicPage.NotFound();
            var form = await ReadFormAsync(http);
            DateTimeOffset? start = long.TryParse(form?["start"].ToString(), out var seconds) && seconds is > 0 and < 253_402_300_799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            var answer = await portal.RescheduleVisitAsync(found.Link, found.Business, visitId, start, ct);
            if (answer is PortalAnswer.Done or PortalAnswer.AlreadyAnswered or PortalAnswer.NotFound)
                return await AfterAsync(answer, token, found, "moved", "", page, ct);
            if (answer == PortalAnswer.Closed)
                return await page.RenderAsync(token, found.Link, found.Business, null, $"This visit can no longer be moved online: {PortalPage.CallUs(found.Business)}.", ct, StatusCodes.Status409Conflict);
            // The page again with the times open now, and why nothing changed.
            if (await portal.RescheduleOptionsAsync(found.Link, found.Business, visitId, ct) is not { } choice) return PublicPage.NotFound();
            return answer == PortalAnswer.SlotTaken
                ? page.Reschedule(token, found.Business, choice, "Sorry, that time was just taken. Your visit has not moved: please pick another time.", StatusCodes.Status409Conflict)
                : page.Reschedule(token, found.Business, choice, "Choose one of the times below.", StatusCodes.Status400BadRequest);
        });
        app.MapPost("/p/{token}/invoices/{invoiceId}/pay", async (string token, string invoiceId, PortalService portal, InvoiceStore invoices, PaymentService payments,
            CancellationToken ct) =>
        {
            if (await portal.ResolveAsync(token, ct) is not { } found) return PublicPage.NotFound();
            var invoice = (await invoices.GetAsync(found.Business.Id, invoiceId, ct))?.Invoice;
            if (invoice is null || invoice.LeadId != found.Link.LeadId) return PublicPage.NotFound();
            var url = await payments.StartCheckoutAsync(found.Business, invoice.Id, $"/p/{token}", ct);
            return Results.Redirect(url ?? $"/p/{token}");
        });
        return routes;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return null;
        try { return await http.Request.ReadFormAsync(http.RequestAborted); }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException) { return null; }
    }

    private static async Task<IResult> AfterAsync(PortalAnswer answer, string token, (PortalLink Link, Business Business) found, string done, string badMessage,
        PortalPage page, CancellationToken ct) => answer switch
        {
            PortalAnswer.Done => Results.Redirect($"/p/{token}?done={done}"),
            PortalAnswer.Bad => await page.RenderAsync(token, found.Link, found.Business, null, badMessage, ct, StatusCodes.Status400BadRequest),
            PortalAnswer.AlreadyAnswered => Results.Redirect($"/p/{token}?done=unchanged"),
            _ => PublicPage.NotFound(),
        };
}

public sealed record NewPortalLinkInput
{
    public string? LeadId { get; init; }
}

/// <summary>The portal page: the customer's quotes, upcoming visits, jobs and invoices — only the link's lead's, in its business.</summary>
public sealed class PortalPage(LeadStore leads, QuoteStore quotes, AppointmentStore appointments, JobStore jobs, TechnicianStore technicians,
    InvoiceStore invoices, TimeProvider clock)
{
    public async Task<IResult> RenderAsync(string token, PortalLink link, Business business, string? done, string? error, CancellationToken ct, int status = 200)
    {
        var now = clock.GetUtcNow();
        var lead = await leads.GetAsync(business.Id, link.LeadId, ct);
        var html = new StringBuilder();
        html.Append($"<h1>{E(business.Name)}</h1>");
        if (lead?.Name is { } name) html.Append($"<p>Hello {E(Names.First(name))}.</p>");
        var message = done switch
        {
            "approved" => "Thank you: the quote is approved. We will be in touch to schedule the work.",
            "declined" => "The quote is declined. Thank you for letting us know.",
            "cancelled" => "Your visit is cancelled.",
            "moved" => "Your visit is moved: the new time is below.",
            "unchanged" => "That was already done.",
            _ => null,
        };
        if (message is not null) html.Append($"""<p class="ok" role="status">{E(message)}</p>""");
        if (error is not null) html.Append($"""<p role="alert"><strong>{E(error)}</strong></p>""");

        // Quotes the customer has been sent (never drafts).
        var shown = (await quotes.ListAsync(business.Id, leadId: link.LeadId, limit: 20, ct: ct)).Where(q => q.Status != QuoteStatuses.Draft).ToList();
        if (shown.Count > 0) html.Append("<h2>Quotes</h2>");
        foreach (var quote in shown)
        {
            var full = (await quotes.GetAsync(business.Id, quote.Id, ct))!;
            var rows = string.Concat(full.Items.Select(i => $"<tr><td>{E(i.Description)}</td><td class=\"n\">{E(EstimateEngine.Money(i.Amount))}</td></tr>"));
            html.Append($"""
                <section aria-label="Quote">
                <table><thead><tr><th scope="col">Item</th><th scope="col" class="n">Amount</th></tr></thead><tbody>{rows}</tbody>
                <tfoot><tr><th scope="row">Total</th><td class="n"><strong>{E(EstimateEngine.Money(quote.Total))}</strong></td></tr></tfoot></table>
                """);
            if (quote.Status == QuoteStatuses.Sent)
                html.Append($"""
                    <form method="post" action="/p/{E(token)}/quotes/{E(quote.Id)}/approve">
                    <label for="name-{E(quote.Id)}">Type your full name to approve</label>
                    <input id="name-{E(quote.Id)}" name="name" autocomplete="name" required maxlength="{PortalService.MaxNameLength}">
                    <button type="submit">Approve quote</button></form>
                    <form method="post" action="/p/{E(token)}/quotes/{E(quote.Id)}/decline">
                    <label for="reason-{E(quote.Id)}">Reason for declining (optional)</label>
                    <textarea id="reason-{E(quote.Id)}" name="reason" rows="2" maxlength="{PortalService.MaxReasonLength}"></textarea>
                    <button type="submit" class="secondary">Decline quote</button></form>
                    """);
            else html.Append($"""<p>Status: <strong>{E(quote.Status)}</strong></p>""");
            html.Append("</section>");
        }

        // Upcoming visits, and a visit the technician is on the way to or at.
        var visits = (await appointments.ForLeadAsync(business.Id, link.LeadId, ct))
            .Where(v => AppointmentStatuses.IsLive(v.Status) && (v.EndAt > now || v.EnRouteAt is not null)).ToList();
        if (visits.Count > 0) html.Append("<h2>Your visits</h2>");
        foreach (var visit in visits)
        {
            var technician = visit.TechnicianId is null ? null : await technicians.GetAsync(business.Id, visit.TechnicianId, ct);
            html.Append($"""<section aria-label="Visit"><p><strong>{E(SlotText.Format(business, new Slot(visit.StartAt, visit.EndAt)))}</strong></p>""");
            if (technician is not null) html.Append($"<p>Your technician: {E(Names.First(technician.Name))}</p>");
            if (visit.VisitStatus == VisitStatuses.EnRoute)
            {
                var eta = visit.EtaMinutes is { } m && visit.EnRouteAt is { } left
                    ? $", arriving around {SlotText.Clock(business.LocalTime(left.AddMinutes(m)).TimeOfDay, true)}" : "";
                html.Append($"""<p class="ok" role="status">On the way{E(eta)}.</p>""");
            }
            else if (visit.VisitStatus == VisitStatuses.OnSite) html.Append("""<p class="ok">Your technician is there.</p>""");
            if (PortalService.CanCancel(visit, now))
                html.Append($"""
                    <p><a class="button" href="/p/{E(token)}/visits/{E(visit.Id)}/reschedule">Choose another time</a></p>
                    <p><a class="button secondary" href="/p/{E(token)}/visits/{E(visit.Id)}/cancel">Cancel this visit</a></p>
                    """);
            html.Append("</section>");
        }

        var customerJobs = await jobs.ForLeadAsync(business.Id, link.LeadId, ct);
        if (customerJobs.Count > 0)
        {
            html.Append("<h2>Your jobs</h2><section aria-label=\"Jobs\"><ul>");
            foreach (var job in customerJobs)
                html.Append($"<li>{E(job.Title)}: <strong>{E(job.Closed ? "Closed (paid)" : JobStages.Label(job.Stage))}</strong></li>");
            html.Append("</ul></section>");
        }

        var bills = await invoices.ForCustomerAsync(business.Id, link.LeadId, null, ct);
        if (bills.Count > 0) html.Append("<h2>Invoices</h2>");
        foreach (var bill in bills)
        {
            var full = (await invoices.GetAsync(business.Id, bill.Id, ct))!;
            var job = customerJobs.FirstOrDefault(j => j.Id == bill.JobId);
            var form = $"""<form method="post" action="/p/{E(token)}/invoices/{E(bill.Id)}/pay"><button type="submit">Pay {Money(bill.TotalCents, bill.Currency)}</button></form>""";
            html.Append(PaymentsEndpoints.InvoiceSection(full, job?.Title, form));
        }
        if (shown.Count == 0 && visits.Count == 0 && customerJobs.Count == 0 && bills.Count == 0) html.Append("<p>Nothing here yet.</p>");
        html.Append(Contact(business));
        return Html(business.Name, html.ToString(), status);
    }

    /// <summary>"please call us at (904) 555-0100" — the business's own number, for what cannot be done online.</summary>
    public static string CallUs(Business business) =>
        string.IsNullOrWhiteSpace(business.BusinessPhone) ? "please call us" : $"please call us at {Phone.Display(business.BusinessPhone)}";

    private static string Contact(Business business) => string.IsNullOrWhiteSpace(business.BusinessPhone) ? ""
        : $"""<p class="muted">Questions? Call {E(business.Name)} at <a href="tel:{E(business.BusinessPhone)}">{E(Phone.Display(business.BusinessPhone))}</a>.</p>""";

    /// <summary>"Cancel your visit on …?" with the button that cancels and a way back that keeps it.</summary>
    public IResult ConfirmCancel(string token, Business business, RescheduleChoice choice)
    {
        var visit = choice.Visit;
        var html = new StringBuilder();
        html.Append($"<h1>{E(business.Name)}</h1><h2>Cancel your visit?</h2>");
        html.Append($"""<p>Your visit: <strong>{E(SlotText.Format(business, new Slot(visit.StartAt, visit.EndAt)))}</strong></p>""");
        if (!choice.CanMove)
            html.Append($"<p>This visit can no longer be cancelled online: {E(CallUs(business))}.</p>");
        else
            html.Append($"""
                <form method="post" action="/p/{E(token)}/visits/{E(visit.Id)}/cancel"><button type="submit" class="secondary">Yes, cancel my visit</button></form>
                <p><a href="/p/{E(token)}/visits/{E(visit.Id)}/reschedule">Choose another time instead</a></p>
                """);
        html.Append($"""<p><a href="/p/{E(token)}">Keep my visit</a></p>""");
        html.Append(Contact(business));
        return Html(business.Name, html.ToString());
    }

    /// <summary>The open times a visit can move to, one radio button each, and a way back that keeps the visit as it is.</summary>
    public IResult Reschedule(string token, Business business, RescheduleChoice choice, string? error, int status = 200)
    {
        var visit = choice.Visit;
        var html = new StringBuilder();
        html.Append($"<h1>{E(business.Name)}</h1><h2>Move your visit</h2>");
        html.Append($"""<p>Now: <strong>{E(SlotText.Format(business, new Slot(visit.StartAt, visit.EndAt)))}</strong></p>""");
        if (error is not null) html.Append($"""<p role="alert"><strong>{E(error)}</strong></p>""");
        if (!choice.CanMove)
            html.Append($"<p>This visit can no longer be moved online: {E(CallUs(business))}.</p>");
        else if (choice.Slots.Count == 0)
            html.Append($"<p>There is no open time in the next few days. Reply to our text or {E(CallUs(business))} and we will find one.</p>");
        else
        {
            html.Append($"""<form method="post" action="/p/{E(token)}/visits/{E(visit.Id)}/reschedule"><fieldset class="slots"><legend>Pick a new time</legend>""");
            foreach (var (slot, n) in choice.Slots.Select((s, n) => (s, n)))
                html.Append($"""<label for="slot-{n}"><input type="radio" id="slot-{n}" name="start" value="{slot.Start.ToUnixTimeSeconds()}" required> {E(SlotText.Format(business, slot))}</label>""");
            html.Append("""</fieldset><button type="submit">Move my visit</button></form>""");
        }
        html.Append($"""<p><a href="/p/{E(token)}">Keep the current time</a></p>""");
        html.Append(Contact(business));
        return Html(business.Name, html.ToString(), status);
    }
}
