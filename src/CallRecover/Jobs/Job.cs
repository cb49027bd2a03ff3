using System.Text.Json.Serialization;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Tenancy;

namespace CallRecover.Jobs;

/// <summary>A job's stages and the moves between them: a table the code checks (a new stage is one line here).</summary>
public static class JobStages
{
    public const string QuoteRequested = "quote_requested", QuoteSent = "quote_sent", Confirmed = "confirmed", InProgress = "in_progress",
        Completed = "completed", Cancelled = "cancelled";

    /// <summary>In board order.</summary>
    public static readonly string[] All = [QuoteRequested, QuoteSent, Confirmed, InProgress, Completed, Cancelled];

    private static readonly Dictionary<string, string[]> Moves = new()
    {
        [QuoteRequested] = [QuoteSent, Confirmed, Cancelled],
        [QuoteSent] = [QuoteRequested, Confirmed, Cancelled],
        [Confirmed] = [QuoteSent, InProgress, Cancelled],
        [InProgress] = [Confirmed, Completed, Cancelled],
        // Completed and cancelled are final: new work is a new job.
        [Completed] = [],
        [Cancelled] = [],
    };

    public static bool CanMove(string from, string to) => Moves.TryGetValue(from, out var next) && next.Contains(to);
    public static IReadOnlyList<string> NextOf(string from) => Moves.TryGetValue(from, out var next) ? next : [];
    public static bool IsOpen(string stage) => stage is not (Completed or Cancelled);

    public static string Label(string stage) => stage switch
    {
        QuoteRequested => "Quote requested",
        QuoteSent => "Quote sent",
        Confirmed => "Confirmed",
        InProgress => "In progress",
        Completed => "Completed",
        Cancelled => "Cancelled",
        _ => stage,
    };
}

/// <summary>Called in the completing transaction when a job reaches completed (its last visit done, or staff): the
/// hand-off to invoicing. Zero or more are registered; a replayed completion must be harmless.</summary>
public interface IJobCompletedHook
{
    Task OnCompletedAsync(Data.DbTx tx, Business business, Job job, string actor);
}

public static class JobSources
{
    public const string Quote = "quote", Booking = "booking", Manual = "manual";
}

/// <summary>The unit of work: from an approved quote, a booked visit, or staff. Its visits are appointments.</summary>
public sealed record Job
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string LeadId { get; init; } = "";
    public string? CustomerId { get; init; }
    public string? QuoteId { get; init; }
    public string Source { get; init; } = JobSources.Manual;
    public string Title { get; init; } = "";
    public string Stage { get; init; } = JobStages.QuoteRequested;
    public string? Notes { get; init; }
    public string? TechnicianNotes { get; init; }
    /// <summary>JSON list of the checklist items ticked.</summary>
    [JsonIgnore] public string ChecklistDone { get; init; } = "[]";
    public DateTimeOffset StageChangedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>When its invoice was paid: a completed, paid job is closed.</summary>
    public DateTimeOffset? PaidAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Completed and paid: nothing is left to do.</summary>
    public bool Closed => Stage == JobStages.Completed && PaidAt is not null;

    [JsonPropertyName("checklistDone")] public IReadOnlyList<string> ChecklistDoneList => Json.Deserialize<List<string>>(ChecklistDone);
}

/// <summary>A job as the API and the boards show it: with its visits, who it is for, and its parts order's status.</summary>
public sealed record JobView
{
    public required Job Job { get; init; }
    public string? CustomerName { get; init; }
    public string CustomerPhone { get; init; } = "";
    public string? Address { get; init; }
    public IReadOnlyList<Appointment> Visits { get; init; } = [];
    public string? PartsStatus { get; init; }
    /// <summary>A job waits for parts until its parts order is received.</summary>
    public bool WaitingForParts => PartsStatus is not null && PartsStatus != PartsOrderStatuses.Received;
}

public static class TechnicianStatuses
{
    public const string Available = "available", Busy = "busy", Off = "off";
    public static readonly string[] All = [Available, Busy, Off];
}

/// <summary>A person who goes out to jobs. Shifts are weekly hours in the business's time zone (none: any time).</summary>
public sealed record Technician
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string? UserId { get; init; }
    public string Name { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Email { get; init; } = "";
    [JsonIgnore] public string Skills { get; init; } = "[]";
    public string? HomeArea { get; init; }
    [JsonIgnore] public string Shifts { get; init; } = "[]";
    public string Status { get; init; } = TechnicianStatuses.Available;
    public decimal? Rating { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("skills")] public IReadOnlyList<string> SkillList => Json.Deserialize<List<string>>(Skills);

    /// <summary>Weekly hours; null when none are set (the technician can be given any time).</summary>
    [JsonPropertyName("shifts")] public WeeklyHours? ShiftHours => Shifts is "[]" or "{}" or "" or "null" ? null : Json.Deserialize<WeeklyHours>(Shifts);
}

public static class PartsOrderStatuses
{
    public const string Requested = "requested", Ordered = "ordered", Received = "received";
    public static readonly string[] All = [Requested, Ordered, Received];
    public static bool CanMove(string from, string to) => Array.IndexOf(All, to) > Array.IndexOf(All, from);
}

/// <summary>The parts for one job, with a timestamp per status.</summary>
public sealed record PartsOrder
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    public string JobId { get; init; } = "";
    public string? SupplierName { get; init; }
    public string? SupplierContact { get; init; }
    public string Status { get; init; } = PartsOrderStatuses.Requested;
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? OrderedAt { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<PartsOrderItem> Items { get; init; } = [];
}

public sealed record PartsOrderItem
{
    public string Id { get; init; } = "";
    [JsonIgnore] public string BusinessId { get; init; } = "";
    [JsonIgnore] public string PartsOrderId { get; init; } = "";
    public int Position { get; init; }
    public string? PartNumber { get; init; }
    public string Description { get; init; } = "";
    public decimal Qty { get; init; }
    public decimal UnitCost { get; init; }
}
