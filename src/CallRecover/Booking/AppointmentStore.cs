using System.Data.Common;
using System.Security.Cryptography;
using CallRecover.Common;
using CallRecover.Data;
using Dapper;

namespace CallRecover.Booking;

/// <summary>Appointments, always scoped by business (except the lookup by calendar token, which is the capability itself).</summary>
public sealed class AppointmentStore(Db db, TimeProvider clock, IEnumerable<IAppointmentChangedHook> changedHooks) : CallRecover.Customers.ICustomerErasureParticipant
{
    /// <summary>Tells the changed hooks (in this transaction) that the appointment was booked, moved, changed or cancelled.</summary>
    private async Task ChangedAsync(DbTx tx, string businessId, string appointmentId)
    {
        foreach (var hook in changedHooks) await hook.ChangedAsync(tx, businessId, appointmentId);
    }

    /// <summary>
    /// Erasure: visits stay (times, status, service) without their address and notes. The changed hooks hear of each, so
    /// a copy elsewhere (an event in the owner's connected calendar, which names the customer) is rewritten without them.
    /// </summary>
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        var ids = (await tx.Connection.QueryAsync<string>(
            $"UPDATE appointments SET address = NULL, notes = NULL, updated_at = @now WHERE business_id = @b AND lead_id {tx.Dialect.InList("leadIds")} RETURNING id",
            s.Args, tx.Transaction)).ToList();
        foreach (var id in ids) await ChangedAsync(tx, s.BusinessId, id);
        return [new("appointments", ids.Count)];
    }

    public const string Columns = """
        id, business_id, lead_id, conversation_id, start_at, end_at, duration_minutes, service_type, address, status, notes,
        ics_uid, ics_token, ics_sequence, source, reminder_sent_at, created_at, updated_at,
        job_id, technician_id, assign_reason, en_route_at, on_site_at, eta_minutes, completed_at
        """;

    /// <summary>Appointments overlapping [from, to), in time order.</summary>
    public async Task<IReadOnlyList<Appointment>> ListAsync(string businessId, DateTimeOffset from, DateTimeOffset to, string? status = null, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Appointment>($"""
            SELECT {Columns} FROM appointments
            WHERE business_id = @businessId AND start_at < @to AND end_at > @from AND (@status IS NULL OR status = @status)
            ORDER BY start_at, id LIMIT 1000
            """, new { businessId, from, to, status })];
    }

    /// <summary><see cref="Columns"/> qualified with the alias <c>a</c>, for queries that join appointments to leads.</summary>
    private static readonly string AliasedColumns = string.Join(", ", Columns.Split(',').Select(c => "a." + c.Trim()));

    /// <summary>
    /// The dashboard's view: appointments overlapping [from, to) with who they are for, optionally of one status,
    /// newest first when looking back.
    /// </summary>
    public async Task<IReadOnlyList<AppointmentRow>> BoardAsync(string businessId, DateTimeOffset from, DateTimeOffset to, string? status = null,
        bool newestFirst = false, int limit = 500, CancellationToken ct = default)
    {
        var statusFilter = status is null ? "" : "AND a.status = @status";
        var order = newestFirst ? "a.start_at DESC, a.id DESC" : "a.start_at, a.id";
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Appointment, LeadRef, AppointmentRow>($"""
            SELECT {AliasedColumns}, l.phone AS lead_phone, l.name AS lead_name
            FROM appointments a JOIN leads l ON l.business_id = a.business_id AND l.id = a.lead_id
            WHERE a.business_id = @businessId AND a.start_at < @to AND a.end_at > @from {statusFilter}
            ORDER BY {order} LIMIT {limit}
            """, (a, l) => new AppointmentRow(a, l.LeadName, l.LeadPhone), new { businessId, from, to, status }, splitOn: "lead_phone")];
    }

    /// <summary>Split on the phone, which is never null: Dapper maps a null split column to a null object.</summary>
    private sealed class LeadRef
    {
        public string? LeadName { get; set; }
        public string LeadPhone { get; set; } = "";
    }

    public async Task<IReadOnlyList<Appointment>> ForLeadAsync(string businessId, string leadId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Appointment>(
            $"SELECT {Columns} FROM appointments WHERE business_id = @businessId AND lead_id = @leadId ORDER BY start_at, id", new { businessId, leadId })];
    }

    public async Task<Appointment?> GetAsync(string businessId, string appointmentId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Appointment>(
            $"SELECT {Columns} FROM appointments WHERE business_id = @businessId AND id = @appointmentId", new { businessId, appointmentId });
    }

    public async Task<Appointment?> GetAsync(DbTx tx, string businessId, string appointmentId) =>
        await tx.Connection.QuerySingleOrDefaultAsync<Appointment>(
            $"SELECT {Columns} FROM appointments WHERE business_id = @businessId AND id = @appointmentId", new { businessId, appointmentId }, tx.Transaction);

    /// <summary>The appointment a calendar link points at. The token is the only credential, so it is long and random.</summary>
    public async Task<Appointment?> GetByTokenAsync(string token, CancellationToken ct = default)
    {
        if (token.Length is < 20 or > 100) return null;
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Appointment>($"SELECT {Columns} FROM appointments WHERE ics_token = @token", new { token });
    }

    /// <summary>The lead's scheduled and confirmed appointments.</summary>
    public async Task<IReadOnlyList<Appointment>> LiveForLeadAsync(DbTx tx, string businessId, string leadId) =>
        [.. await tx.Connection.QueryAsync<Appointment>(
            $"SELECT {Columns} FROM appointments WHERE business_id = @businessId AND lead_id = @leadId AND status IN ('scheduled','confirmed')",
            new { businessId, leadId }, tx.Transaction)];

    /// <summary>The lead's appointment changed last (booked, moved, cancelled), or null: is their latest visit a cancelled one?</summary>
    public async Task<Appointment?> LatestForLeadAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.QueryFirstOrDefaultAsync<Appointment>($"""
            SELECT {Columns} FROM appointments WHERE business_id = @businessId AND lead_id = @leadId
            ORDER BY updated_at DESC, start_at DESC, id DESC
            """, new { businessId, leadId }, tx.Transaction);

    /// <summary>The lead's next live appointment that has not ended yet.</summary>
    public async Task<Appointment?> UpcomingForLeadAsync(DbTx tx, string businessId, string leadId) =>
        await tx.Connection.QueryFirstOrDefaultAsync<Appointment>($"""
            SELECT {Columns} FROM appointments
            WHERE business_id = @businessId AND lead_id = @leadId AND status IN ('scheduled','confirmed') AND end_at > @now
            ORDER BY start_at, id
            """, new { businessId, leadId, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>Live appointments overlapping [from, to), except one (the appointment being moved).</summary>
    public async Task<IReadOnlyList<Busy>> BusyAsync(DbConnection conn, DbTransaction? transaction, string businessId, DateTimeOffset from, DateTimeOffset to, string? exceptId = null) =>
        [.. (await conn.QueryAsync<BusyRow>("""
            SELECT start_at, end_at FROM appointments
            WHERE business_id = @businessId AND status IN ('scheduled','confirmed') AND start_at < @to AND end_at > @from
              AND (@exceptId IS NULL OR id <> @exceptId)
            ORDER BY start_at
            """, new { businessId, from, to, exceptId }, transaction)).Select(r => new Busy(r.StartAt, r.EndAt))];

    private sealed class BusyRow
    {
        public DateTimeOffset StartAt { get; set; }
        public DateTimeOffset EndAt { get; set; }
    }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Inserts the appointment unless a live one overlaps it (with <paramref name="bufferMinutes"/> kept free around
    /// every job). Booking is serialized per business: PostgreSQL takes a transaction-scoped advisory lock, SQLite
    /// has a single writer; the unique index on live start times is the last guard. False: the time is taken.
    /// </summary>
    public async Task<bool> TryInsertAsync(DbTx tx, Appointment a, int bufferMinutes)
    {
        await tx.LockAsync("booking:" + a.BusinessId);
        if (await OverlapsAsync(tx, a.BusinessId, a.StartAt, a.EndAt, bufferMinutes, null)) return false;
        try
        {
            await tx.Connection.ExecuteAsync($"""
                INSERT INTO appointments ({Columns}) VALUES (@Id, @BusinessId, @LeadId, @ConversationId, @StartAt, @EndAt, @DurationMinutes,
                    @ServiceType, @Address, @Status, @Notes, @IcsUid, @IcsToken, @IcsSequence, @Source, NULL, @CreatedAt, @UpdatedAt,
                    @JobId, NULL, NULL, NULL, NULL, NULL, NULL)
                """, a, tx.Transaction);
            await ChangedAsync(tx, a.BusinessId, a.Id);
            return true;
        }
        catch (DbException ex) when (IsUniqueViolation(ex))
        {
            // Only reachable if something bypassed the lock; the transaction is unusable on PostgreSQL now.
            throw new SlotTakenException(ex);
        }
    }

    /// <summary>Moves a live appointment to a new time under the same rules as booking. False: the new time is taken.</summary>
    public async Task<bool> TryMoveAsync(DbTx tx, string businessId, string appointmentId, DateTimeOffset start, DateTimeOffset end, int bufferMinutes)
    {
        await tx.LockAsync("booking:" + businessId);
        if (await OverlapsAsync(tx, businessId, start, end, bufferMinutes, appointmentId)) return false;
        // A visit with a technician also stays clear of the technician's other visits.
        if (await GetAsync(tx, businessId, appointmentId) is { TechnicianId: { } technicianId })
        {
            await LockTechnicianAsync(tx, businessId, technicianId);
            if (await TechnicianClashAsync(tx, businessId, technicianId, start, end, appointmentId) is not null) return false;
        }
        await tx.Connection.ExecuteAsync("""
            UPDATE appointments SET start_at = @start, end_at = @end, duration_minutes = @minutes, status = 'scheduled',
                ics_sequence = ics_sequence + 1, reminder_sent_at = NULL, updated_at = @now
            WHERE business_id = @businessId AND id = @appointmentId AND status IN ('scheduled','confirmed')
            """, new { businessId, appointmentId, start, end, minutes = (int)(end - start).TotalMinutes, now = clock.GetUtcNow() }, tx.Transaction);
        await ChangedAsync(tx, businessId, appointmentId);
        return true;
    }

    /// <summary>
    /// The caller corrected their address: every live visit of the lead that has not started yet takes it (a new
    /// calendar sequence, so calendars update the event). Returns the visits changed, in time order.
    /// </summary>
    public async Task<IReadOnlyList<Appointment>> SetFutureAddressAsync(DbTx tx, string businessId, string leadId, string address)
    {
        var now = clock.GetUtcNow();
        var future = (await tx.Connection.QueryAsync<Appointment>($"""
            SELECT {Columns} FROM appointments
            WHERE business_id = @businessId AND lead_id = @leadId AND status IN ('scheduled','confirmed') AND start_at > @now
            ORDER BY start_at, id
            """, new { businessId, leadId, now }, tx.Transaction)).Where(a => a.Address != address).ToList();
        foreach (var a in future)
            await tx.Connection.ExecuteAsync("""
                UPDATE appointments SET address = @address, ics_sequence = ics_sequence + 1, updated_at = @now
                WHERE business_id = @businessId AND id = @id
                """, new { address, now, businessId, id = a.Id }, tx.Transaction);
        foreach (var a in future) await ChangedAsync(tx, businessId, a.Id);
        return future;
    }

    public async Task SetStatusAsync(DbTx tx, string businessId, string appointmentId, string status)
    {
        await tx.Connection.ExecuteAsync("""
            UPDATE appointments SET status = @status, ics_sequence = ics_sequence + 1, updated_at = @now
            WHERE business_id = @businessId AND id = @appointmentId
            """, new { businessId, appointmentId, status, now = clock.GetUtcNow() }, tx.Transaction);
        await ChangedAsync(tx, businessId, appointmentId);
    }

    /// <summary>
    /// Changes the status only if it is still <paramref name="from"/>. False: someone changed it first (a double tap, a
    /// retried request, the caller texting CANCEL APPT); on PostgreSQL the second update waits for the first and then matches nothing.
    /// </summary>
    public async Task<bool> TryChangeStatusAsync(DbTx tx, string businessId, string appointmentId, string from, string to)
    {
        if (await tx.Connection.ExecuteAsync("""
            UPDATE appointments SET status = @to, ics_sequence = ics_sequence + 1, updated_at = @now
            WHERE business_id = @businessId AND id = @appointmentId AND status = @from
            """, new { businessId, appointmentId, from, to, now = clock.GetUtcNow() }, tx.Transaction) != 1) return false;
        await ChangedAsync(tx, businessId, appointmentId);
        return true;
    }

    public async Task MarkReminderSentAsync(DbTx tx, string businessId, string appointmentId) =>
        await tx.Connection.ExecuteAsync("UPDATE appointments SET reminder_sent_at = @now WHERE business_id = @businessId AND id = @appointmentId",
            new { businessId, appointmentId, now = clock.GetUtcNow() }, tx.Transaction);

    // ---- Visits (dispatch): a job's appointments with a technician ----

    /// <summary>A job's visits, in time order.</summary>
    public async Task<IReadOnlyList<Appointment>> ForJobAsync(string businessId, string jobId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return [.. await conn.QueryAsync<Appointment>(
            $"SELECT {Columns} FROM appointments WHERE business_id = @businessId AND job_id = @jobId ORDER BY start_at, id", new { businessId, jobId })];
    }

    public async Task<IReadOnlyList<Appointment>> ForJobAsync(DbTx tx, string businessId, string jobId) =>
        [.. await tx.Connection.QueryAsync<Appointment>(
            $"SELECT {Columns} FROM appointments WHERE business_id = @businessId AND job_id = @jobId ORDER BY start_at, id", new { businessId, jobId }, tx.Transaction)];

    /// <summary>Visits of one technician (or of every technician when null) overlapping [from, to), live or not, in time order.</summary>
    public async Task<IReadOnlyList<Appointment>> ForTechniciansAsync(DbConnection conn, DbTransaction? transaction, string businessId, DateTimeOffset from,
        DateTimeOffset to, string? technicianId = null)
    {
        var filter = technicianId is null ? "technician_id IS NOT NULL" : "technician_id = @technicianId";
        return [.. await conn.QueryAsync<Appointment>($"""
            SELECT {Columns} FROM appointments
            WHERE business_id = @businessId AND {filter} AND start_at < @to AND end_at > @from
            ORDER BY start_at, id
            """, new { businessId, from, to, technicianId }, transaction)];
    }

    /// <summary>
    /// The live visits of every technician overlapping [from, to), with only what auto-assign needs (technician,
    /// times, status): it runs on every assignment, for the whole team's day.
    /// </summary>
    public async Task<IReadOnlyList<Appointment>> TechniciansBusyAsync(DbConnection conn, DbTransaction? transaction, string businessId, DateTimeOffset from,
        DateTimeOffset to) =>
        [.. await conn.QueryAsync<Appointment>("""
            SELECT id, technician_id, start_at, end_at, status FROM appointments
            WHERE business_id = @businessId AND technician_id IS NOT NULL AND status IN ('scheduled','confirmed') AND start_at < @to AND end_at > @from
            """, new { businessId, from, to }, transaction)];

    /// <summary>
    /// Puts <paramref name="a"/> (a new visit with a technician) in the calendar unless one of the technician's live
    /// visits overlaps it; returns that clashing visit, or null when inserted. The technician's row is locked first
    /// (FOR UPDATE on PostgreSQL, so two staff on two nodes assigning the same technician take turns and the second
    /// sees the first's visit; SQLite has one writer), then the overlap is checked in the same transaction.
    /// </summary>
    public async Task<Appointment?> TryInsertVisitAsync(DbTx tx, Appointment a)
    {
        if (a.TechnicianId is null) throw new ArgumentException("A visit needs a technician.", nameof(a));
        await LockTechnicianAsync(tx, a.BusinessId, a.TechnicianId);
        if (await TechnicianClashAsync(tx, a.BusinessId, a.TechnicianId, a.StartAt, a.EndAt, null) is { } clash) return clash;
        await tx.Connection.ExecuteAsync($"""
            INSERT INTO appointments ({Columns}) VALUES (@Id, @BusinessId, @LeadId, @ConversationId, @StartAt, @EndAt, @DurationMinutes,
                @ServiceType, @Address, @Status, @Notes, @IcsUid, @IcsToken, @IcsSequence, @Source, NULL, @CreatedAt, @UpdatedAt,
                @JobId, @TechnicianId, @AssignReason, NULL, NULL, NULL, NULL)
            """, a, tx.Transaction);
        await ChangedAsync(tx, a.BusinessId, a.Id);
        return null;
    }

    /// <summary>
    /// Gives a live visit a technician and a time, under the same lock and overlap check as <see cref="TryInsertVisitAsync"/>.
    /// Returns the clashing visit, or null when assigned.
    /// </summary>
    public async Task<Appointment?> TryAssignAsync(DbTx tx, string businessId, string appointmentId, string technicianId, DateTimeOffset start, DateTimeOffset end,
        string? reason)
    {
        await LockTechnicianAsync(tx, businessId, technicianId);
        if (await TechnicianClashAsync(tx, businessId, technicianId, start, end, appointmentId) is { } clash) return clash;
        await tx.Connection.ExecuteAsync("""
            UPDATE appointments SET technician_id = @technicianId, assign_reason = @reason, start_at = @start, end_at = @end, duration_minutes = @minutes,
                ics_sequence = ics_sequence + CASE WHEN start_at = @start AND end_at = @end THEN 0 ELSE 1 END, updated_at = @now
            WHERE business_id = @businessId AND id = @appointmentId AND status IN ('scheduled','confirmed')
            """, new { businessId, appointmentId, technicianId, reason, start, end, minutes = (int)(end - start).TotalMinutes, now = clock.GetUtcNow() }, tx.Transaction);
        await ChangedAsync(tx, businessId, appointmentId);
        return null;
    }

    /// <summary>Links a visit to its job (a visit booked by text becomes the job's first visit).</summary>
    public async Task SetJobAsync(DbTx tx, string businessId, string appointmentId, string jobId) =>
        await tx.Connection.ExecuteAsync("UPDATE appointments SET job_id = @jobId, updated_at = @now WHERE business_id = @businessId AND id = @appointmentId",
            new { businessId, appointmentId, jobId, now = clock.GetUtcNow() }, tx.Transaction);

    /// <summary>
    /// Moves a live visit to <paramref name="to"/> (a <see cref="VisitStatuses"/> value) only if it is still
    /// <paramref name="from"/>; false when someone changed it first. En route and on site are timestamps on a live
    /// visit; completed and cancelled are its status.
    /// </summary>
    public async Task<bool> TrySetVisitStatusAsync(DbTx tx, string businessId, string appointmentId, string from, string to, int? etaMinutes = null)
    {
        var guard = from switch
        {
            VisitStatuses.Scheduled or VisitStatuses.Confirmed => "status = @from AND en_route_at IS NULL AND on_site_at IS NULL",
            VisitStatuses.EnRoute => "status IN ('scheduled','confirmed') AND en_route_at IS NOT NULL AND on_site_at IS NULL",
            VisitStatuses.OnSite => "status IN ('scheduled','confirmed') AND on_site_at IS NOT NULL",
            _ => throw new ArgumentException($"A visit that is {from} cannot change.", nameof(from)),
        };
        var set = to switch
        {
            VisitStatuses.Confirmed => "status = 'confirmed'",
            VisitStatuses.EnRoute => "en_route_at = @now, eta_minutes = @etaMinutes",
            VisitStatuses.OnSite => "on_site_at = @now",
            VisitStatuses.Completed => "status = 'completed', completed_at = @now",
            VisitStatuses.Cancelled => "status = 'cancelled'",
            _ => throw new ArgumentException($"A visit cannot become {to}.", nameof(to)),
        };
        if (await tx.Connection.ExecuteAsync($"""
            UPDATE appointments SET {set}, updated_at = @now
            WHERE business_id = @businessId AND id = @appointmentId AND {guard}
            """, new { businessId, appointmentId, from, etaMinutes, now = clock.GetUtcNow() }, tx.Transaction) != 1) return false;
        // En route and on site change nothing a calendar shows.
        if (to is VisitStatuses.Confirmed or VisitStatuses.Completed or VisitStatuses.Cancelled) await ChangedAsync(tx, businessId, appointmentId);
        return true;
    }

    private static async Task LockTechnicianAsync(DbTx tx, string businessId, string technicianId)
    {
        var found = await tx.Connection.ExecuteScalarAsync<string?>(
            $"SELECT id FROM technicians WHERE business_id = @businessId AND id = @technicianId {tx.Dialect.ForUpdate}", new { businessId, technicianId }, tx.Transaction);
        if (found is null) throw new ArgumentException($"No technician '{technicianId}' in this business.", nameof(technicianId));
    }

    /// <summary>The technician's first live visit overlapping [start, end), except one (the visit being moved).</summary>
    private static async Task<Appointment?> TechnicianClashAsync(DbTx tx, string businessId, string technicianId, DateTimeOffset start, DateTimeOffset end, string? exceptId) =>
        await tx.Connection.QueryFirstOrDefaultAsync<Appointment>($"""
            SELECT {Columns} FROM appointments
            WHERE business_id = @businessId AND technician_id = @technicianId AND status IN ('scheduled','confirmed')
              AND (@exceptId IS NULL OR id <> @exceptId) AND start_at < @end AND end_at > @start
            ORDER BY start_at, id
            """, new { businessId, technicianId, start, end, exceptId }, tx.Transaction);

    private static async Task<bool> OverlapsAsync(DbTx tx, string businessId, DateTimeOffset start, DateTimeOffset end, int bufferMinutes, string? exceptId)
    {
        var buffer = TimeSpan.FromMinutes(bufferMinutes);
        return await tx.Connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM appointments
            WHERE business_id = @businessId AND status IN ('scheduled','confirmed') AND (@exceptId IS NULL OR id <> @exceptId)
              AND start_at < @until AND end_at > @since
            """, new { businessId, exceptId, until = end + buffer, since = start - buffer }, tx.Transaction) > 0;
    }

    private static bool IsUniqueViolation(DbException ex) =>
        ex is Npgsql.PostgresException { SqlState: "23505" } || ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };
}

/// <summary>
/// Told, inside the transaction of the change, that an appointment was booked, moved, re-addressed, assigned or changed
/// status (CalendarSync queues the push to the owner's connected calendar there). Implementations only queue work.
/// </summary>
public interface IAppointmentChangedHook
{
    Task ChangedAsync(DbTx tx, string businessId, string appointmentId);
}

/// <summary>An appointment with the name and phone of the lead it is for.</summary>
public sealed record AppointmentRow(Appointment Appointment, string? LeadName, string LeadPhone);

/// <summary>A live appointment already holds this start time.</summary>
public sealed class SlotTakenException(Exception inner) : Exception("That time is already booked.", inner);
