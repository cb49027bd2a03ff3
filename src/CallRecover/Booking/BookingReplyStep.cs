using CallRecover.Conversations;
using CallRecover.Conversations.Engines;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tenancy;
using Dapper;
using NodaTime;

namespace CallRecover.Booking;

/// <summary>
/// Offers slots when the conversation engine qualifies a lead. Emergencies are left to the owner (who was alerted)
/// rather than offered a visit days away; a conversation a person has taken over gets no automated text.
/// </summary>
public sealed class BookingOfferHook(BookingService booking, LeadStore leads, AppointmentStore appointments) : ILeadQualifiedHook
{
    public async Task OnQualifiedAsync(DbTx tx, Business business, Conversation conversation, Lead lead)
    {
        if (conversation.Status == ConversationStatuses.HumanActive) return;
        var current = await leads.GetAsync(tx, business.Id, lead.Id) ?? lead;
        if (current.Urgency == Urgencies.Emergency) return;
        if (await appointments.UpcomingForLeadAsync(tx, business.Id, current.Id) is not null) return;
        await booking.OfferAsync(tx, business, conversation, current);
    }
}

/// <summary>A caller's corrected address goes onto their future visits (past visits keep where they happened).</summary>
public sealed class VisitAddressCorrection(AppointmentStore appointments) : ILeadCorrectedHook
{
    public async Task<string?> OnCorrectedAsync(DbTx tx, Business business, Lead lead, IReadOnlyDictionary<string, string> corrected)
    {
        if (!corrected.TryGetValue("address", out var address)) return null;
        var changed = await appointments.SetFutureAddressAsync(tx, business.Id, lead.Id, address);
        return changed.Count switch
        {
            0 => null,
            1 => $"Your visit on {SlotText.Format(business, new Slot(changed[0].StartAt, changed[0].EndAt))} has the new address too.",
            _ => $"Your {changed.Count} upcoming visits have the new address too.",
        };
    }
}

/// <summary>
/// Order 500: replies about booking. While slots are on offer it reads the pick ("2", "the Tuesday one",
/// "tomorrow at 2", "the last one") or a request for another time (nearest open slot, or the owner calls).
/// With a booked visit ahead it handles C (confirm), R / "reschedule" / "can we do Thursday instead", and
/// "cancel my appointment". After a cancellation (the lead's latest visit is cancelled, none ahead) it offers times
/// again for "can i rebook for friday morning?", "book again" or R, and answers a second cancel. Anything else goes
/// on to the conversation engine.
/// </summary>
public sealed class BookingReplyStep(Db db, BookingService booking, BookingOfferStore offers, AppointmentStore appointments, LeadStore leads,
    ConversationStore conversations, TimeProvider clock) : IInboundTextStep
{
    public int Order => 500;

    /// <summary>
    /// How long after a cancellation "book again" is read as about that visit: a caller back months later with a new
    /// problem is qualified afresh by the engine, not offered times for the old one.
    /// </summary>
    public const int RebookDays = 30;

    /// <summary>A cancellation after this is recent enough for "book again" (<see cref="RebookDays"/>).</summary>
    private DateTimeOffset RebookSince => clock.GetUtcNow().AddDays(-RebookDays);

    public async Task<bool> TryHandleAsync(InboundText text, CancellationToken ct)
    {
        // Most texts arrive while nothing is on offer or booked: answer those from a read, without the write lock.
        if (!await HasBookingStateAsync(text.Business.Id, text.Lead.Id, ct)) return false;
        return await db.WriteAsync(async tx =>
        {
            if (!await HandleAsync(tx, text)) return false;
            await conversations.ClaimStepTurnAsync(tx, text, "booking");
            return true;
        }, ct);
    }

    private async Task<bool> HasBookingStateAsync(string businessId, string leadId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<int>("""
            SELECT (SELECT COUNT(*) FROM booking_offers WHERE business_id = @businessId AND lead_id = @leadId AND status = 'pending')
                 + (SELECT COUNT(*) FROM appointments WHERE business_id = @businessId AND lead_id = @leadId
                    AND (status IN ('scheduled','confirmed') AND end_at > @now OR status = 'cancelled' AND updated_at > @recent))
            """, new { businessId, leadId, now = clock.GetUtcNow(), recent = RebookSince }) > 0;
    }

    private async Task<bool> HandleAsync(DbTx tx, InboundText text)
    {
        var business = text.Business;
        var lead = await leads.GetAsync(tx, business.Id, text.Lead.Id) ?? text.Lead;
        var conversation = await conversations.GetAsync(tx, business.Id, text.Conversation.Id) ?? text.Conversation;
        if (conversation.Status == ConversationStatuses.HumanActive) return false;
        var offer = await offers.PendingForLeadAsync(tx, business.Id, lead.Id);
        var upcoming = await appointments.UpcomingForLeadAsync(tx, business.Id, lead.Id);
        var today = business.LocalTime(clock.GetUtcNow()).Date;
        var reply = ReplyParser.Parse(text.Message.Body, today);
        var ctx = new Context(tx, business, conversation, lead, today);
        if (offer is null && upcoming is null)
            return await appointments.LatestForLeadAsync(tx, business.Id, lead.Id) is { Status: AppointmentStatuses.Cancelled } cancelled
                && cancelled.UpdatedAt > RebookSince
                && await AfterCancelAsync(ctx, cancelled, reply, text.Message.Body);
        if (offer is not null && await OnOfferReplyAsync(ctx, offer, upcoming, reply)) return true;
        return upcoming is not null && await OnAppointmentReplyAsync(ctx, upcoming, reply);
    }

    private sealed record Context(DbTx Tx, Business Business, Conversation Conversation, Lead Lead, LocalDate Today);

    private async Task<bool> OnOfferReplyAsync(Context c, BookingOffer offer, Appointment? upcoming, ParsedReply r)
    {
        var slots = offer.SlotList;
        if (r.Cancel && !r.HasPick)
        {
            if (offer.Kind == "reschedule" && upcoming is not null)
            {
                await booking.CancelAsync(c.Tx, c.Business, c.Conversation, c.Lead, upcoming);
                return true;
            }
            await offers.CloseAsync(c.Tx, c.Business.Id, c.Lead.Id, OfferStatuses.Declined);
            await booking.TextAsync(c.Tx, c.Business, c.Conversation, c.Lead, "No problem. Text us anytime if you'd like to book a visit.");
            return true;
        }

        Slot? chosen = null;
        if (r.Index is { } n)
        {
            if (n < 1 || n > slots.Count)
            {
                await booking.TextAsync(c.Tx, c.Business, c.Conversation, c.Lead,
                    $"Please reply with a number from 1 to {slots.Count}: {SlotText.Numbered(c.Business, slots)}.");
                return true;
            }
            chosen = slots[n - 1];
        }
        else if (r.Last && !r.HasWhen) chosen = slots[^1];
        else if (r.HasWhen)
        {
            var matches = slots.Where(s => SlotMatcher.Matches(c.Business, s, r)).ToList();
            if (matches.Count > 1 && r.Last) chosen = matches[^1];
            else if (matches.Count == 1) chosen = matches[0];
            else if (matches.Count > 1)
            {
                await booking.OfferSpecificAsync(c.Tx, c.Business, c.Conversation, c.Lead, offer, matches, "Which one works best?");
                return true;
            }
            else return await NearestAsync(c, offer, r, upcoming);
        }
        else if (r.BareOrdinal is { } day)
        {
            var onDay = slots.Where(s => c.Business.LocalTime(s.Start).Day == day).ToList();
            if (onDay.Count == 1) chosen = onDay[0];
            else if (onDay.Count == 0 && day <= slots.Count) chosen = slots[day - 1];
            else if (onDay.Count > 1)
            {
                await booking.OfferSpecificAsync(c.Tx, c.Business, c.Conversation, c.Lead, offer, onDay, "Which one works best?");
                return true;
            }
            else return await NearestAsync(c, offer, r with { Date = NextDayOfMonth(c.Today, day) }, upcoming);
        }
        else if ((r.Yes || r.Any) && !r.Decline)
        {
            if (slots.Count == 1 || r.Any) chosen = slots[0];
            else
            {
                await booking.TextAsync(c.Tx, c.Business, c.Conversation, c.Lead, $"Great! Which one? Reply 1 to {slots.Count}: {SlotText.Numbered(c.Business, slots)}.");
                return true;
            }
        }
        else if (r.Decline)
        {
            await booking.HandToOwnerAsync(c.Tx, c.Business, c.Conversation, c.Lead, "none of the offered times work");
            return true;
        }
        else if (r.Reschedule)
        {
            await booking.TextAsync(c.Tx, c.Business, c.Conversation, c.Lead, "Sure. What day and time would work best for you?");
            return true;
        }
        else return false;

        return await BookOrReofferAsync(c, offer, chosen);
    }

    private async Task<bool> BookOrReofferAsync(Context c, BookingOffer offer, Slot chosen)
    {
        // An offer answered days later may point at a time that has passed.
        var stale = chosen.Start <= clock.GetUtcNow();
        var booked = stale ? null : await booking.BookAsync(c.Tx, c.Business, c.Conversation, c.Lead, offer, chosen);
        if (booked is null)
        {
            var moving = offer.AppointmentId is { } id ? await appointments.GetAsync(c.Tx, c.Business.Id, id) : null;
            await booking.OfferAsync(c.Tx, c.Business, c.Conversation, c.Lead, moving,
                stale ? "Sorry, that time has passed. Here is what's open now:" : "Sorry, that time was just taken. Here is what's open now:");
        }
        return true;
    }

    private async Task<bool> OnAppointmentReplyAsync(Context c, Appointment a, ParsedReply r)
    {
        if (r.Confirm || (r.Yes && a.ReminderSentAt is not null && !r.HasWhen && !r.Reschedule && !r.Cancel))
        {
            await booking.ConfirmAsync(c.Tx, c.Business, c.Conversation, c.Lead, a);
            return true;
        }
        if (r.Cancel)
        {
            await booking.CancelAsync(c.Tx, c.Business, c.Conversation, c.Lead, a);
            return true;
        }
        if (r.Reschedule)
        {
            var moving = new BookingOffer { BusinessId = c.Business.Id, LeadId = c.Lead.Id, ConversationId = c.Conversation.Id, Kind = "reschedule", AppointmentId = a.Id };
            if (r.HasWhen) return await NearestAsync(c, moving, r, a);
            await booking.OfferAsync(c.Tx, c.Business, c.Conversation, c.Lead, a);
            return true;
        }
        if (r.Ack && !r.HasWhen && !r.HasPick)
        {
            // "Thanks!" after the confirmation: no answer needed, and no new thread left open for follow-ups to nag.
            await booking.RestAsync(c.Tx, c.Business, c.Conversation);
            return true;
        }
        return false;
    }

    /// <summary>
    /// The caller's visit was cancelled and none is booked (the cancellation said "Text us anytime to book a new time"):
    /// "can i rebook for friday morning?", "i want to book again, thursday afternoon", R, or just "friday morning?" get
    /// open times as a new booking, as the first offer did, the time asked becoming their preferred time (the engine
    /// would only say it has everything it needs: the lead is qualified already, so nothing offers). Another "cancel"
    /// is told there is nothing left to cancel and how to book; a "thanks" needs no answer. Anything else goes on.
    /// </summary>
    private async Task<bool> AfterCancelAsync(Context c, Appointment cancelled, ParsedReply r, string body)
    {
        if (c.Lead.Urgency == Urgencies.Emergency) return false;
        if (r.Cancel && !r.Book)
        {
            // Closed before the text is queued: nothing is left open for follow-ups to nag about, and the next text starts afresh.
            await conversations.CloseAfterCancelAsync(c.Tx, c.Business.Id, c.Conversation.Id);
            await booking.TextAsync(c.Tx, c.Business, c.Conversation, c.Lead,
                $"There's no upcoming {c.Business.Name} visit to cancel — the one on {SlotText.Format(c.Business, new Slot(cancelled.StartAt, cancelled.EndAt))} is already cancelled. " +
                "To book a new time, reply with a day that works (like \"Friday morning\").");
            return true;
        }
        // A time alone ("friday morning?") answers "Text us anytime to book a new time"; in a longer text it may be about anything.
        var justATime = r.HasWhen && body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4;
        // R and "reschedule" alone, or with a day ("can we do thursday instead"): "can i change my address" is no booking.
        if (r.Book || r.Reschedule && (r.HasWhen || body.Trim().Length <= "reschedule".Length) || justATime)
        {
            var lead = c.Lead;
            if (r.HasWhen && PreferredTimeOf(c, r, body) is { } wanted && wanted != lead.PreferredTime)
            {
                await leads.UpdateColumnsAsync(c.Tx, c.Business.Id, lead.Id, new Dictionary<string, object?> { ["preferred_time"] = wanted });
                lead = lead with { PreferredTime = wanted };
            }
            await booking.OfferAsync(c.Tx, c.Business, c.Conversation, lead);
            return true;
        }
        if (r.Ack && !r.HasPick)
        {
            await conversations.CloseAfterCancelAsync(c.Tx, c.Business.Id, c.Conversation.Id);
            return true;
        }
        return false;
    }

    /// <summary>The time asked for as the conversation engine would keep it ("friday morning"), or as this reply reads it.</summary>
    private string? PreferredTimeOf(Context c, ParsedReply r, string body) =>
        SmsUnderstanding.Read(body, c.Business, LeadFields.PreferredTime, clock.GetUtcNow()).Fields.TryGetValue(LeadFields.PreferredTime, out var t)
            && t.Value is not ("asap" or "anytime") ? t.Value
            : Describe(r, r.Date ?? (r.Weekday is { } wd ? SlotMatcher.Next(c.Today, wd) : null));

    /// <summary>
    /// The caller asked for a time that was not offered: book it if it is open exactly, otherwise offer the
    /// nearest openings (saying so when the business is closed that day: "We're closed Thursday for Thanksgiving");
    /// nothing near (within a week) → the owner calls.
    /// </summary>
    private async Task<bool> NearestAsync(Context c, BookingOffer offer, ParsedReply r, Appointment? upcoming)
    {
        var moving = offer.Kind == "reschedule" ? upcoming : null;
        var request = await booking.SlotRequestAsync(c.Tx, c.Business, moving?.ServiceType ?? c.Lead.ServiceNeeded, moving?.Id);
        var all = SlotFinder.Candidates(request).SelectMany(d => d.Slots).ToList();
        var wantedDay = r.Date ?? (r.Weekday is { } wd ? SlotMatcher.Next(c.Today, wd) : (LocalDate?)null);
        var asked = Describe(r, wantedDay);
        if (all.Count == 0)
        {
            await booking.HandToOwnerAsync(c.Tx, c.Business, c.Conversation, c.Lead, $"asked for {asked}; nothing open in the next {SlotFinder.HorizonDays} days");
            return true;
        }
        var matches = all.Where(s => SlotMatcher.Matches(c.Business, s, r with { Date = wantedDay ?? r.Date })).ToList();
        if (r.Weekend && matches.Count == 0)
        {
            // "Can you do the weekend instead?" with no weekend open: say so, then the soonest times (in the part of the day asked for, when open).
            var open = SlotFinder.Candidates(request);
            var weekdays = SlotMatcher.MatchingDays(c.Business, open, r with { Weekend = false });
            if (weekdays.Count == 0) weekdays = [.. open.Take(BookingService.OfferDays)];
            await booking.OfferSpecificAsync(c.Tx, c.Business, c.Conversation, c.Lead, offer,
                SlotFinder.Spread(c.Business, weekdays, BookingService.OfferMax), WeekendOffer.Intro(c.Business));
            return true;
        }
        if (r.Time is not null && matches.Count > 0 && (wantedDay is not null || matches.Count >= 1))
        {
            var exact = matches.FirstOrDefault(s => c.Business.LocalTime(s.Start).TimeOfDay == r.Time);
            if (exact is not null) return await BookOrReofferAsync(c, offer, exact);
        }
        if (matches.Count > 0 && r.Time is null)
        {
            var byDay = matches.GroupBy(s => c.Business.LocalTime(s.Start).Date)
                .Select(g => (g.Key, (IReadOnlyList<Slot>)[.. g])).Take(BookingService.OfferDays).ToList();
            var picks = SlotFinder.Spread(c.Business, byDay, wantedDay is null ? BookingService.OfferMax : 3);
            var intro = wantedDay is not null ? $"On {SlotText.Day(wantedDay.Value)} we can do:" : "We can do:";
            await booking.OfferSpecificAsync(c.Tx, c.Business, c.Conversation, c.Lead, offer, picks, intro);
            return true;
        }
        var nearest = all.OrderBy(s => SlotMatcher.Distance(c.Business, s, r with { Date = wantedDay }, c.Today)).ThenBy(s => s.Start).Take(2).OrderBy(s => s.Start).ToList();
        if (wantedDay is { } d && Math.Abs(Period.Between(d, c.Business.LocalTime(nearest[0].Start).Date, PeriodUnits.Days).Days) > 7)
        {
            await booking.HandToOwnerAsync(c.Tx, c.Business, c.Conversation, c.Lead, $"asked for {asked}; nothing open within a week of it");
            return true;
        }
        var lead = wantedDay is { } day && ClosedCalendar.Of(request.Settings).ClosedOn(day) is { } why
            ? ClosedIntro(c.Today, day, why)
            : $"{Capitalize(asked)} isn't open, but the closest we have is";
        await booking.OfferSpecificAsync(c.Tx, c.Business, c.Conversation, c.Lead, offer, nearest, lead);
        return true;
    }

    /// <summary>"We're closed Thursday for Thanksgiving — the closest we have is" (a weekday name within the coming week, else the date).</summary>
    public static string ClosedIntro(LocalDate today, LocalDate day, string why)
    {
        var when = Period.Between(today, day, PeriodUnits.Days).Days is >= 0 and < 7
            ? day.ToString("dddd", System.Globalization.CultureInfo.InvariantCulture)
            : SlotText.Day(day);
        var reason = why == ClosedCalendar.DayOffLabel ? "" : $" for {why}";
        return $"We're closed {when}{reason} — the closest we have is";
    }

    private static string Describe(ParsedReply r, LocalDate? day)
    {
        var parts = new List<string>();
        if (day is { } d) parts.Add(SlotText.Day(d));
        else if (r.Weekend) parts.Add("weekend");
        if (r.Time is { } t) parts.Add(SlotText.Clock(t, true));
        else if (r.Part is { } p) parts.Add(p.ToString().ToLowerInvariant());
        return parts.Count == 0 ? "that time" : string.Join(" ", parts);
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static LocalDate? NextDayOfMonth(LocalDate today, int day)
    {
        for (var i = 0; i < 62; i++)
        {
            var d = today.PlusDays(i);
            if (d.Day == day) return d;
        }
        return null;
    }
}
