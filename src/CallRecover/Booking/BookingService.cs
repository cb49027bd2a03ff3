using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Compliance;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using NodaTime;
using CallRecover.Webhooks;

namespace CallRecover.Booking;

/// <summary>
/// Booking by text: offers open slots, books the one the caller picks (atomically), confirms, reschedules and
/// cancels, and tells the owner. Every method works inside the caller's transaction so the appointment, the
/// texts, the notifications and the reminder commit together or not at all.
/// </summary>
public sealed class BookingService(
    AppointmentStore appointments, BookingOfferStore offers, BookingSettingsStore settingsStore, SmsSender sms, Notifier notifier,
    LeadStore leads, ConversationStore conversations, AuditLog audit, LiveEvents live, ReminderScheduler reminders, IOptions<AppOptions> app, TimeProvider clock,
    IEnumerable<IAppointmentBookedHook> bookedHooks, IEnumerable<ICustomerPortalLinks> portalLinks, WebhookEvents webhooks,
    IEnumerable<IBusyTimeSource> busySources, IEnumerable<IAppointmentCancelledHook> cancelledHooks)
{
    public const int OfferDays = 3, OfferMax = 4;

    public string CalendarUrl(Appointment a) => CalendarFile.Url(app.Value.BaseUrl, a);

    /// <summary>Open slots for the business right now (as the transaction sees the calendar).</summary>
    public async Task<SlotFinder.Request> SlotRequestAsync(DbTx tx, Business business, string? service, string? exceptAppointmentId = null)
    {
        var settings = await settingsStore.GetAsync(tx, business.Id);
        var now = clock.GetUtcNow();
        DateTimeOffset from = now.AddDays(-1), to = now.AddDays(SlotFinder.HorizonDays + 2);
        var busy = await appointments.BusyAsync(tx.Connection, tx.Transaction, business.Id, from, to, exceptAppointmentId);
        // The business's own calendars (synced ahead of time, read from the database only) take slots too.
        foreach (var source in busySources)
            busy = [.. busy, .. await source.BusyAsync(tx, business.Id, from, to)];
        return new SlotFinder.Request(business, settings, settings.DurationFor(service), now, busy);
    }

    /// <summary>
    /// Offers the next open slots by text (the lead just qualified, or asked to reschedule). With no open slot the
    /// caller is told someone will call, and the owner is notified.
    /// </summary>
    public async Task<BookingOffer?> OfferAsync(DbTx tx, Business business, Conversation conversation, Lead lead, Appointment? moving = null, string? leadIn = null)
    {
        var request = await SlotRequestAsync(tx, business, moving?.ServiceType ?? lead.ServiceNeeded, moving?.Id);
        var (slots, weekendNotOpen) = PreferredOrDefault(business, request, lead.PreferredTime);
        if (slots.Count == 0)
        {
            await offers.CloseAsync(tx, business.Id, lead.Id, OfferStatuses.HandedOff);
            await TextAsync(tx, business, conversation, lead, $"{Hello(lead)}Someone from {business.Name} will call you to confirm a time.");
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("booking_needs_call", "Call to set a time",
                $"{lead.NameAndPhone} is ready to book{(moving is null ? "" : " a new time")} but there is no open slot in the next {OfferDays} business days. Please call to set a time.",
                Data(lead, conversation, moving)));
            return null;
        }
        // The engine has usually just thanked them by name; the offer does not repeat the thanks.
        var intro = leadIn ?? (weekendNotOpen ? WeekendOffer.Intro(business, moving is null ? FirstName(lead) : null)
            : moving is not null ? "Sure, here is what's open:" : FirstName(lead) is { } first ? $"{first}, we can come out:" : "We can come out:");
        var body = $"{intro} {SlotText.Numbered(business, slots)}. Reply with the number that works, or tell us another time.";
        var sent = await TextAsync(tx, business, conversation, lead, body);
        var offer = await offers.CreateAsync(tx, business.Id, conversation.Id, lead.Id, moving is null ? "book" : "reschedule", moving?.Id, slots, sent.Message.Id);
        await audit.WriteAsync(tx, business.Id, "engine", "lead", lead.Id, "booking_offered", new { offerId = offer.Id, slots = slots.Count });
        return offer;
    }

    /// <summary>Offers a specific short list (the nearest times to what the caller asked for).</summary>
    public async Task<BookingOffer> OfferSpecificAsync(DbTx tx, Business business, Conversation conversation, Lead lead, BookingOffer? current, IReadOnlyList<Slot> slots, string intro)
    {
        var ask = slots.Count == 1 ? "Reply YES to book it, or tell us another time." : "Reply with the number that works, or tell us another time.";
        var list = slots.Count == 1 ? SlotText.Format(business, slots[0]) + "." : SlotText.Numbered(business, slots) + ".";
        var sent = await TextAsync(tx, business, conversation, lead, $"{intro} {list} {ask}");
        return await offers.CreateAsync(tx, business.Id, conversation.Id, lead.Id, current?.Kind ?? "book", current?.AppointmentId, slots, sent.Message.Id);
    }

    /// <summary>
    /// Books (or moves the appointment to) <paramref name="slot"/> for the lead, confirms by text and notifies the owner.
    /// Returns null when the slot was taken a moment ago by someone else; nothing is written then.
    /// </summary>
    public async Task<Appointment?> BookAsync(DbTx tx, Business business, Conversation conversation, Lead lead, BookingOffer? offer, Slot slot, string via = "sms")
    {
        var settings = await settingsStore.GetAsync(tx, business.Id);
        var now = clock.GetUtcNow();
        if (offer?.AppointmentId is { } movingId && await appointments.GetAsync(tx, business.Id, movingId) is { } moving && AppointmentStatuses.IsLive(moving.Status))
        {
            if (!await appointments.TryMoveAsync(tx, business.Id, moving.Id, slot.Start, slot.End, settings.BufferMinutes)) return null;
            await offers.CloseAsync(tx, business.Id, lead.Id, OfferStatuses.Accepted);
            var moved = (await appointments.GetAsync(tx, business.Id, moving.Id))!;
            await reminders.RescheduleAsync(tx, business, moved);
            await CloseConversationBookedAsync(tx, business.Id, conversation);
            await TextAsync(tx, business, conversation, lead,
                $"Done! Your {business.Name} visit is moved to {SlotText.Format(business, slot)}{At(moved)}. Updated calendar: {CalendarUrl(moved)}");
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("rescheduled", "Appointment rescheduled",
                $"{lead.NameAndPhone} moved their visit from {SlotText.Format(business, new Slot(moving.StartAt, moving.EndAt))} to {SlotText.Format(business, slot)}{At(moved)}.",
                Data(lead, conversation, moved)));
            await audit.WriteAsync(tx, business.Id, "caller", "appointment", moved.Id, "rescheduled", new { from = moving.StartAt, to = slot.Start });
            Publish(tx, business.Id, moved, lead, conversation);
            return moved;
        }

        var a = new Appointment
        {
            Id = Ids.New(), BusinessId = business.Id, LeadId = lead.Id, ConversationId = conversation.Id, StartAt = slot.Start, EndAt = slot.End,
            DurationMinutes = (int)(slot.End - slot.Start).TotalMinutes, ServiceType = lead.ServiceNeeded, Address = lead.Address,
            Status = AppointmentStatuses.Scheduled, IcsUid = $"{Ids.New()}@callrecover", IcsToken = AppointmentStore.NewToken(),
            // "sms": booked by the caller in a conversation (the audit row says whether by text or by voice); "manual": by staff.
            Source = "sms", CreatedAt = now, UpdatedAt = now,
        };
        if (!await appointments.TryInsertAsync(tx, a, settings.BufferMinutes)) return null;
        await offers.CloseAsync(tx, business.Id, lead.Id, OfferStatuses.Accepted);
        await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Booked);
        await reminders.ScheduleAsync(tx, business, a);
        // Closed before the confirmation is queued, so nothing schedules a "still need help?" follow-up after it.
        await CloseConversationBookedAsync(tx, business.Id, conversation);
        var portal = portalLinks.FirstOrDefault() is { } links ? $" Your visit online: {await links.NewLinkAsync(tx, business.Id, lead.Id, null, "booking")}" : "";
        await TextAsync(tx, business, conversation, lead,
            $"You're booked with {business.Name}: {SlotText.Format(business, slot)}{At(a)}. Add to your calendar: {CalendarUrl(a)} To change it reply R, to cancel reply CANCEL APPT.{portal}");
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("booked", "Appointment booked",
            $"{lead.NameAndPhone} booked {SlotText.Format(business, slot)}{At(a)}{(lead.ServiceNeeded is null ? "" : $" ({lead.ServiceNeeded})")}.",
            Data(lead, conversation, a)));
        await audit.WriteAsync(tx, business.Id, "caller", "appointment", a.Id, "booked", new { a.StartAt, a.EndAt, via });
        await OnBookedAsync(tx, business, a, "caller");
        Publish(tx, business.Id, a, lead, conversation);
        return a;
    }

    /// <summary>
    /// The customer moved their visit themselves (the portal) to <paramref name="slot"/>, one of the open slots: under the
    /// same lock and buffer as booking by text, its reminder follows it, the customer gets the new time and the owner is
    /// told as when a caller moves a visit by text. Null when the slot was taken a moment ago; nothing is written then.
    /// </summary>
    public async Task<Appointment?> MoveByCustomerAsync(DbTx tx, Business business, Lead lead, Appointment moving, Slot slot, string actor, string via)
    {
        var settings = await settingsStore.GetAsync(tx, business.Id);
        if (!await appointments.TryMoveAsync(tx, business.Id, moving.Id, slot.Start, slot.End, settings.BufferMinutes)) return null;
        var moved = (await appointments.GetAsync(tx, business.Id, moving.Id))!;
        await reminders.RescheduleAsync(tx, business, moved);
        var conversationId = moving.ConversationId ?? await conversations.LatestIdForLeadAsync(tx, business.Id, lead.Id);
        await TextAsync(tx, business, conversationId, lead,
            $"Done! Your {business.Name} visit is moved to {SlotText.Format(business, slot)}{At(moved)}. Updated calendar: {CalendarUrl(moved)}");
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("rescheduled", "Appointment rescheduled",
            $"{lead.NameAndPhone} moved their visit from {SlotText.Format(business, new Slot(moving.StartAt, moving.EndAt))} to {SlotText.Format(business, slot)}{At(moved)} ({via}).",
            new { leadId = lead.Id, conversationId, appointmentId = moved.Id }));
        await audit.WriteAsync(tx, business.Id, actor, "appointment", moved.Id, "rescheduled", new { from = moving.StartAt, to = slot.Start, via });
        tx.AfterCommit(() =>
        {
            live.Publish(business.Id, "appointment", moved.Id);
            live.Publish(business.Id, "lead", lead.Id);
        });
        return moved;
    }

    /// <summary>
    /// The customer cancelled a visit themselves (the portal): the owner is told, in the cancelling transaction, as when
    /// a caller moves one (with the calendar cancellation where email notices are on).
    /// </summary>
    public Task TellOwnerCustomerCancelledAsync(DbTx tx, Business business, Lead lead, Appointment a, string via) =>
        notifier.NotifyAsync(tx, business.Id, new OwnerNotice("cancelled", "Appointment cancelled",
            $"{lead.NameAndPhone} cancelled their visit on {SlotText.Format(business, new Slot(a.StartAt, a.EndAt))}{At(a)} ({via}).",
            new { leadId = lead.Id, conversationId = a.ConversationId, appointmentId = a.Id }));

    /// <summary>The caller answered the reminder with C.</summary>
    public async Task ConfirmAsync(DbTx tx, Business business, Conversation conversation, Lead lead, Appointment a)
    {
        if (a.Status == AppointmentStatuses.Scheduled)
        {
            await appointments.SetStatusAsync(tx, business.Id, a.Id, AppointmentStatuses.Confirmed);
            await audit.WriteAsync(tx, business.Id, "caller", "appointment", a.Id, "confirmed");
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("appointment_confirmed", "Appointment confirmed",
                $"{lead.NameAndPhone} confirmed {SlotText.Format(business, new Slot(a.StartAt, a.EndAt))}.", Data(lead, conversation, a)));
        }
        await CloseConversationBookedAsync(tx, business.Id, conversation);
        await TextAsync(tx, business, conversation, lead, $"Thanks! You're confirmed for {SlotText.Format(business, new Slot(a.StartAt, a.EndAt))}. See you then.");
        Publish(tx, business.Id, a, lead, conversation);
    }

    /// <summary>The caller cancelled by text.</summary>
    public async Task CancelAsync(DbTx tx, Business business, Conversation conversation, Lead lead, Appointment a, string actor = "caller")
    {
        // Only if it is still as read: cancelled by staff (who texted them) or completed meanwhile, nothing more happens.
        if (!await appointments.TryChangeStatusAsync(tx, business.Id, a.Id, a.Status, AppointmentStatuses.Cancelled)) return;
        await offers.CloseAsync(tx, business.Id, lead.Id, OfferStatuses.Declined);
        await reminders.CancelAsync(tx, a.Id);
        await OnCancelledAsync(tx, business, a with { Status = AppointmentStatuses.Cancelled }, actor);
        if (lead.Status == LeadStatuses.Booked) await leads.SetStatusAsync(tx, business.Id, lead.Id, LeadStatuses.Qualified);
        var when = SlotText.Format(business, new Slot(a.StartAt, a.EndAt));
        if (ConversationStatuses.IsOpen(conversation.Status)) await conversations.CloseAfterCancelAsync(tx, business.Id, conversation.Id);
        await TextAsync(tx, business, conversation, lead, $"Your {business.Name} visit on {when} is cancelled. Text us anytime to book a new time.");
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("cancelled", "Appointment cancelled",
            $"{lead.NameAndPhone} cancelled their visit on {when}{At(a)}.", Data(lead, conversation, a)));
        await audit.WriteAsync(tx, business.Id, actor, "appointment", a.Id, "cancelled", new { via = "sms" });
        Publish(tx, business.Id, a, lead, conversation);
    }

    /// <summary>Hands the choice of a time to the owner ("none of those work", nothing open near the asked time).</summary>
    public async Task HandToOwnerAsync(DbTx tx, Business business, Conversation conversation, Lead lead, string reason)
    {
        await offers.CloseAsync(tx, business.Id, lead.Id, OfferStatuses.HandedOff);
        await TextAsync(tx, business, conversation, lead, $"No problem. Someone from {business.Name} will call you to find a time that works.");
        await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("booking_needs_call", "Call to set a time",
            $"{lead.NameAndPhone} needs a time that isn't open: {reason}. Please call to set it up.", Data(lead, conversation, null)));
        await audit.WriteAsync(tx, business.Id, "engine", "lead", lead.Id, "booking_handed_to_owner", new { reason });
    }

    public Task<SendResult> TextAsync(DbTx tx, Business business, Conversation conversation, Lead lead, string body) =>
        TextAsync(tx, business, conversation.Id, lead, body);

    /// <summary>
    /// Texts the caller through the one send path (the texting policy decides there), purpose booking. <paramref name="byPerson"/>:
    /// staff booked or moved the visit by hand, so the text is theirs (it goes even while they hold the conversation).
    /// </summary>
    public async Task<SendResult> TextAsync(DbTx tx, Business business, string? conversationId, Lead lead, string body, bool byPerson = false)
    {
        var sent = await sms.QueueAsync(tx, new OutboundSms(business.Id, lead.Phone, body, byPerson ? Senders.Human : Senders.System, SmsPurposes.Booking, conversationId));
        tx.AfterCommit(() => live.Publish(business.Id, "message", sent.Message.Id));
        return sent;
    }

    /// <summary>Tells every <see cref="IAppointmentBookedHook"/> (jobs) about a newly booked visit, in the booking transaction.</summary>
    public async Task OnBookedAsync(DbTx tx, Business business, Appointment a, string actor)
    {
        foreach (var hook in bookedHooks) await hook.OnBookedAsync(tx, business, a, actor);
        await webhooks.RaiseAsync(tx, business.Id, WebhookEventTypes.AppointmentBooked, a.Id, a);
    }

    /// <summary>Tells every <see cref="IAppointmentCancelledHook"/> (jobs) that a visit was cancelled, in the cancelling transaction.</summary>
    public async Task OnCancelledAsync(DbTx tx, Business business, Appointment a, string actor)
    {
        foreach (var hook in cancelledHooks) await hook.OnCancelledAsync(tx, business, a, actor);
    }

    /// <summary>The open slots to offer a lead now (by voice: the receptionist reads them out), nearest their preferred time.</summary>
    public async Task<IReadOnlyList<Slot>> SlotsForAsync(DbTx tx, Business business, Lead lead) =>
        PreferredOrDefault(business, await SlotRequestAsync(tx, business, lead.ServiceNeeded), lead.PreferredTime).Slots;

    /// <summary>
    /// Slots that match the caller's stated preference ("mornings", "Thursday", "wknd works") when there are any, else the
    /// usual spread. WeekendNotOpen: a weekend was asked for and none is open, so the offer must say so (<see cref="WeekendOffer"/>)
    /// rather than offer weekday times as if they were what was asked.
    /// </summary>
    private static (IReadOnlyList<Slot> Slots, bool WeekendNotOpen) PreferredOrDefault(Business business, SlotFinder.Request request, string? preferredTime)
    {
        var candidates = SlotFinder.Candidates(request);
        var days = candidates.Take(OfferDays).ToList();
        var weekendNotOpen = false;
        if (!string.IsNullOrWhiteSpace(preferredTime))
        {
            var today = business.LocalTime(request.Now).Date;
            var pref = ReplyParser.Parse(preferredTime, today);
            if (pref.Weekend)
            {
                // "Wknd works" means weekends suit, not only this one: the open weekend days of the next two weeks, soonest
                // first, in the part of the day asked for when there is one open.
                foreach (var wanted in new[] { pref, pref with { Part = null, Time = null } })
                {
                    var weekend = SlotMatcher.MatchingDays(business, candidates.Where(d => d.Date < today.PlusDays(WeekendOffer.LookAheadDays)), wanted);
                    if (weekend.Count > 0) return (SlotFinder.Spread(business, weekend, weekend.Count == 1 ? 3 : OfferMax), false);
                }
                weekendNotOpen = true;
                pref = pref with { Weekend = false };
            }
            // "Saturday 0900 works" when no Saturday is open: said plainly too, before the nearest times on other days.
            else if (pref.Weekday is { } day && WeekendOffer.IsWeekend(day) && pref.Date is null
                && SlotMatcher.MatchingDays(business, candidates.Where(d => d.Date < today.PlusDays(7)), pref).Count == 0)
                weekendNotOpen = true;
            // "Tomorrow morning" when tomorrow is closed still says "mornings": relax to the part of day.
            foreach (var wanted in new[] { pref, pref with { Date = null, Weekday = null } })
            {
                if (!wanted.HasWhen) continue;
                // Within the coming week: "Thursday" means this Thursday, not three Thursdays.
                var matching = SlotMatcher.MatchingDays(business, candidates.Where(d => d.Date < today.PlusDays(7)), wanted);
                if (matching.Count > 0) return (SlotFinder.Spread(business, matching, matching.Count == 1 ? 3 : OfferMax), weekendNotOpen);
            }
        }
        return (SlotFinder.Spread(business, days, OfferMax), weekendNotOpen);
    }

    /// <summary>Puts the caller's thread back to rest while a visit is booked (e.g. after a "thanks" that started a new one).</summary>
    public Task RestAsync(DbTx tx, Business business, Conversation conversation) => CloseConversationBookedAsync(tx, business.Id, conversation);

    // A person who has taken over keeps the conversation; otherwise booking ends the automated thread.
    private Task CloseConversationBookedAsync(DbTx tx, string businessId, Conversation conversation) =>
        conversations.CloseBookedAsync(tx, businessId, conversation.Id);

    private void Publish(DbTx tx, string businessId, Appointment a, Lead lead, Conversation conversation) => tx.AfterCommit(() =>
    {
        live.Publish(businessId, "appointment", a.Id);
        live.Publish(businessId, "lead", lead.Id);
        live.Publish(businessId, "conversation", conversation.Id);
    });

    private static object Data(Lead lead, Conversation conversation, Appointment? a) =>
        new { leadId = lead.Id, conversationId = conversation.Id, appointmentId = a?.Id };

    private static string? FirstName(Lead lead) => Names.First(lead.Name);

    private static string Hello(Lead lead) => FirstName(lead) is { } first ? $"Thanks, {first}! " : "Thanks! ";

    /// <summary>" at {address}" after a visit's time in texts, or nothing when the visit has no address.</summary>
    public static string At(Appointment a) => string.IsNullOrWhiteSpace(a.Address) ? "" : $" at {a.Address}";
}

/// <summary>Whether a slot fits what a caller said (day, date, time, part of day).</summary>
public static class SlotMatcher
{
    /// <summary>The first <see cref="BookingService.OfferDays"/> days with a slot matching <paramref name="r"/>, each with only its matching slots.</summary>
    public static List<(LocalDate Date, IReadOnlyList<Slot> Slots)> MatchingDays(Business business, IEnumerable<(LocalDate Date, IReadOnlyList<Slot> Slots)> days, ParsedReply r) =>
        [.. days.Select(d => (d.Date, Slots: (IReadOnlyList<Slot>)[.. d.Slots.Where(s => Matches(business, s, r))]))
            .Where(d => d.Slots.Count > 0).Take(BookingService.OfferDays)];

    public static bool Matches(Business business, Slot slot, ParsedReply r)
    {
        var start = business.LocalTime(slot.Start);
        var end = business.LocalTime(slot.End);
        if (r.Date is { } date && start.Date != date) return false;
        if (r.Weekday is { } wd && start.DayOfWeek != wd) return false;
        if (r.Weekend && !WeekendOffer.IsWeekend(start.DayOfWeek)) return false;
        if (r.Time is { } time && !(start.TimeOfDay == time || (time > start.TimeOfDay && time < end.TimeOfDay))) return false;
        if (r.Part is { } part && !ReplyParser.IsIn(part, start.TimeOfDay)) return false;
        return true;
    }

    /// <summary>How far a slot is from what was asked, for "nearest open time" (minutes; lower is better).</summary>
    public static double Distance(Business business, Slot slot, ParsedReply r, LocalDate today)
    {
        var start = business.LocalTime(slot.Start);
        var wanted = r.Date ?? (r.Weekday is { } wd ? Next(today, wd) : (LocalDate?)null);
        var dayDistance = wanted is { } d ? Math.Abs(Period.Between(d, start.Date, PeriodUnits.Days).Days) : 0;
        var timeDistance = r.Time is { } t ? Math.Abs((start.TimeOfDay - t).ToDuration().TotalMinutes)
            : r.Part is { } p ? (ReplyParser.IsIn(p, start.TimeOfDay) ? 0 : 240) : 0;
        // "The weekend at 10" taken: another weekend time comes before a weekday one.
        var offWeekend = r.Weekend && !WeekendOffer.IsWeekend(start.DayOfWeek) ? 7 : 0;
        return (dayDistance + offWeekend) * 24 * 60 + timeDistance;
    }

    public static LocalDate Next(LocalDate today, IsoDayOfWeek wd) => today.DayOfWeek == wd ? today : today.Next(wd);
}

/// <summary>
/// A caller who asked for the weekend ("wknd works", "sat or sun") when no weekend time is open is told so before the
/// weekday times, in the first offer and in a reply alike: an owner would not offer Tuesday as if it were Saturday.
/// </summary>
public static class WeekendOffer
{
    /// <summary>How far the first offer looks for weekend days: this weekend and the next.</summary>
    public const int LookAheadDays = 14;

    public static bool IsWeekend(IsoDayOfWeek day) => day is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    /// <summary>
    /// "We're not open on weekends — the soonest we have is" (no weekend hours), or "Nothing's open on weekends right now"
    /// (weekend days taken or closed); after the caller's first name when given ("Jane, we're not open on weekends — ...").
    /// </summary>
    public static string Intro(Business business, string? firstName = null)
    {
        var why = business.BusinessHours.For(IsoDayOfWeek.Saturday) is null && business.BusinessHours.For(IsoDayOfWeek.Sunday) is null
            ? "we're not open on weekends" : "nothing's open on weekends right now";
        var text = $"{why} — the soonest we have is";
        return firstName is null ? char.ToUpperInvariant(text[0]) + text[1..] : $"{firstName}, {text}";
    }
}
