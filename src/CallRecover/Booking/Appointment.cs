using System.Text.Json.Serialization;

namespace CallRecover.Booking;

public static class AppointmentStatuses
{
    public const string Scheduled = "scheduled", Confirmed = "confirmed", Completed = "completed", Cancelled = "cancelled", NoShow = "no_show";
    public static readonly string[] All = [Scheduled, Confirmed, Completed, Cancelled, NoShow];
    /// <summary>Statuses that hold their time slot.</summary>
    public static readonly string[] Live = [Scheduled, Confirmed];
    public static bool IsLive(string status) => Live.Contains(status);

    /// <summary>Allowed moves. Completed, cancelled and no-show are final: a new time is a new appointment.</summary>
    public static bool CanMove(string from, string to) => (from, to) switch
    {
        (Scheduled, Confirmed or Completed or Cancelled or NoShow) => true,
        (Confirmed, Scheduled or Completed or Cancelled or NoShow) => true,
        _ => false,
    };
}

/// <summary>
/// A visit's status as dispatch sees it: the appointment's status, refined by the field timestamps while it is live
/// (a technician on the way or on site still holds the slot, so the stored status stays scheduled/confirmed).
/// </summary>
public static class VisitStatuses
{
    public const string Scheduled = "scheduled", Confirmed = "confirmed", EnRoute = "en_route", OnSite = "on_site", Completed = "completed",
        Cancelled = "cancelled";
    public static readonly string[] All = [Scheduled, Confirmed, EnRoute, OnSite, Completed, Cancelled];
    private static readonly string[] Forward = [Scheduled, Confirmed, EnRoute, OnSite, Completed];

    /// <summary>Allowed moves: forward along scheduled → confirmed → en route → on site → completed, or cancelled from any live status.</summary>
    public static bool CanMove(string from, string to) =>
        from != to && Array.IndexOf(Forward, from) is var f and >= 0 && f < Forward.Length - 1
        && (to == Cancelled || Array.IndexOf(Forward, to) > f);

    public static string Of(Appointment a) => !AppointmentStatuses.IsLive(a.Status) ? a.Status
        : a.OnSiteAt is not null ? OnSite : a.EnRouteAt is not null ? EnRoute : a.Status;
}

/// <summary>Called in the booking transaction when a new visit is booked (by the caller's text or by hand): the hand-off to jobs.</summary>
public interface IAppointmentBookedHook
{
    Task OnBookedAsync(Data.DbTx tx, Tenancy.Business business, Appointment appointment, string actor);
}

/// <summary>
/// Called in the cancelling transaction when a visit is cancelled by the caller's text, the portal or staff on the
/// appointments page (the dispatch board's cancel is the jobs capability's own): the hand-off to jobs.
/// </summary>
public interface IAppointmentCancelledHook
{
    Task OnCancelledAsync(Data.DbTx tx, Tenancy.Business business, Appointment appointment, string actor);
}

/// <summary>A booked visit. Times are UTC; shown in the business's time zone.</summary>
public sealed record Appointment
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string? ConversationId { get; init; }
    public DateTimeOffset StartAt { get; init; }
    public DateTimeOffset EndAt { get; init; }
    public int DurationMinutes { get; init; } = 60;
    public string? ServiceType { get; init; }
    public string? Address { get; init; }
    public string Status { get; init; } = AppointmentStatuses.Scheduled;
    public string? Notes { get; init; }
    /// <summary>iCalendar UID: stays the same across reschedules so calendars update the event instead of adding one.</summary>
    public string IcsUid { get; init; } = "";
    /// <summary>The unguessable capability in the calendar link (<see cref="CalendarPath"/>).</summary>
    public string IcsToken { get; init; } = "";
    public int IcsSequence { get; init; }
    public string Source { get; init; } = "sms";
    public DateTimeOffset? ReminderSentAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The job this visit belongs to (null for a visit booked before jobs existed).</summary>
    public string? JobId { get; init; }
    public string? TechnicianId { get; init; }
    /// <summary>Why auto-assign chose the technician ("Sam: has 'furnace', free 9–11, same area, 4.8").</summary>
    public string? AssignReason { get; init; }
    public DateTimeOffset? EnRouteAt { get; init; }
    public DateTimeOffset? OnSiteAt { get; init; }
    public int? EtaMinutes { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>scheduled, confirmed, en_route, on_site, completed, cancelled (or no_show).</summary>
    public string VisitStatus => VisitStatuses.Of(this);

    public string CalendarPath => $"/appointments/{IcsToken}.ics";
}

/// <summary>An open time a caller can book.</summary>
public sealed record Slot(DateTimeOffset Start, DateTimeOffset End);

public static class OfferStatuses
{
    public const string Pending = "pending", Accepted = "accepted", Declined = "declined", Superseded = "superseded", HandedOff = "handed_off";
}

/// <summary>Slots offered to a caller by SMS, waiting for their pick.</summary>
public sealed record BookingOffer
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string ConversationId { get; init; } = "";
    public string LeadId { get; init; } = "";
    /// <summary>Set when the offer moves an existing appointment.</summary>
    public string? AppointmentId { get; init; }
    /// <summary>book or reschedule.</summary>
    public string Kind { get; init; } = "book";
    /// <summary>JSON list of <see cref="Slot"/>.</summary>
    [JsonIgnore] public string Slots { get; init; } = "[]";
    public string Status { get; init; } = OfferStatuses.Pending;
    public string? MessageId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("slots")] public IReadOnlyList<Slot> SlotList => Common.Json.Deserialize<List<Slot>>(Slots);
}

/// <summary>
/// Called in the transaction that completes work for a customer: an appointment marked completed, or a job that
/// reached completed (source "appointment" or "job"). Review requests hang off it.
/// </summary>
public interface IWorkCompletedHook
{
    Task OnWorkCompletedAsync(Data.DbTx tx, Tenancy.Business business, string leadId, string source, string sourceId);
}
