using CallRecover.Booking;
using CallRecover.CalendarSync;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.CalendarSync;

/// <summary>What the calendar tests share: March 2026 instants, the slots a business offers, the busy times stored for it,
/// and a visit booked straight through the store.</summary>
public static class CalendarTestKit
{
    /// <summary>March <paramref name="day"/>, 2026 at <paramref name="hour"/>:00 UTC.</summary>
    public static DateTimeOffset Z(int day, int hour) => new(2026, 3, day, hour, 0, 0, TimeSpan.Zero);

    public static async Task<List<Slot>> OpenSlotsAsync(BookingScenario s)
    {
        await using var tx = await s.Db.BeginAsync();
        var request = await s.App.Service<BookingService>().SlotRequestAsync(tx, s.Business, null);
        return [.. SlotFinder.Candidates(request).SelectMany(d => d.Slots)];
    }

    /// <summary>The business's own busy times (not its technicians') stored over the next 90 days of March.</summary>
    public static async Task<IReadOnlyList<Busy>> StoredBusyAsync(AppFactory app, string businessId) =>
        await app.Service<Db>().WriteAsync(tx => app.Service<CalendarSyncStore>().BusyAsync(tx, businessId, null, Z(1, 0), Z(1, 0).AddDays(90)));

    /// <summary>A one-hour visit for <paramref name="caller"/> at <paramref name="start"/>, assigned to the technician when given.</summary>
    public static async Task<Appointment> VisitAsync(BookingScenario s, BookingScenario.Caller caller, DateTimeOffset start, string? technicianId = null,
        string status = AppointmentStatuses.Scheduled)
    {
        var now = s.App.Service<TimeProvider>().GetUtcNow();
        var a = new Appointment
        {
            Id = Ids.New(), BusinessId = s.Business.Id, LeadId = caller.Lead.Id, ConversationId = caller.Conversation.Id, StartAt = start, EndAt = start.AddHours(1),
            DurationMinutes = 60, ServiceType = caller.Lead.ServiceNeeded, Address = caller.Lead.Address, Status = status, IcsUid = $"{Ids.New()}@callrecover",
            IcsToken = AppointmentStore.NewToken(), Source = "manual", CreatedAt = now, UpdatedAt = now,
        };
        (await s.Db.WriteAsync(tx => s.App.Service<AppointmentStore>().TryInsertAsync(tx, a, 0))).ShouldBeTrue();
        if (technicianId is not null)
            (await s.Db.WriteAsync(tx => s.App.Service<AppointmentStore>().TryAssignAsync(tx, s.Business.Id, a.Id, technicianId, a.StartAt, a.EndAt, "test"))).ShouldBeNull();
        return a;
    }
}
