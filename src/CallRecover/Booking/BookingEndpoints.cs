using CallRecover.Leads;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using CallRecover.Common;

namespace CallRecover.Booking;

/// <summary>
/// Appointments and booking settings for the operator (and the dashboard, which uses the same stores), plus the
/// public calendar link <c>GET /appointments/{token}.ics</c>.
/// </summary>
public static class BookingEndpoints
{
    public static AppRoutes MapBooking(this AppRoutes routes)
    {
        routes.App.MapGet("/appointments/{file}", CalendarFileAsync).WithTags("Booking").SecretInUrl().RequireRateLimiting(RateLimits.Links);

        // The dashboard's appointments overlapping [from, to) (ISO-8601 instants; default: the next 31 days).
        routes.Dashboard.MapGet("/appointments", async Task<Results<Ok<IReadOnlyList<AppointmentRow>>, ProblemHttpResult, NotFound>> (HttpContext http, AppointmentStore store,
            TimeProvider clock, DateTimeOffset? from, DateTimeOffset? to, string? status, CancellationToken ct) =>
        {
            if (RequestTenant.BusinessId(http) is not { } b) return TypedResults.NotFound();
            foreach (var (name, value) in new[] { ("from", from), ("to", to) })
                if (value is { } v && !LocalTimes.IsSensible(v)) return TypedResults.Problem(LocalTimes.SensibleDayMessageFor(name), statusCode: 400, title: "Bad date range");
            var start = (from ?? clock.GetUtcNow()).ToUniversalTime();
            var end = (to ?? start.AddDays(31)).ToUniversalTime();
            if (end <= start || end - start > TimeSpan.FromDays(366)) return TypedResults.Problem("'to' must be after 'from' and at most 366 days later.", statusCode: 400, title: "Bad date range");
            if (status is not null && !AppointmentStatuses.All.Contains(status))
                return TypedResults.Problem($"status must be one of {string.Join(", ", AppointmentStatuses.All)}.", statusCode: 400, title: "Unknown status");
            return TypedResults.Ok(await store.BoardAsync(b, start, end, status, ct: ct));
        });

        var one = routes.OperatorBusiness;
        one.MapGet("/appointments", ListAsync);
        one.MapGet("/appointments/{appointmentId}", async Task<Results<Ok<Appointment>, NotFound<Problems.Body>>> (string businessId, string appointmentId, AppointmentStore store, CancellationToken ct) =>
            await store.GetAsync(businessId, appointmentId, ct) is { } a ? TypedResults.Ok(a) : Problems.NotFound("appointment", appointmentId));
        one.MapPost("/appointments", CreateAsync);
        one.MapMethods("/appointments/{appointmentId}/status", ["PUT", "PATCH", "POST"], StatusAsync);
        one.MapPost("/appointments/{appointmentId}/reschedule", RescheduleAsync);
        one.MapGet("/appointments/slots", SlotsAsync);
        one.MapGet("/booking-settings", async (string businessId, BookingSettingsStore store, CancellationToken ct) => TypedResults.Ok(await store.GetAsync(businessId, ct)));
        one.MapMethods("/booking-settings", ["PUT", "PATCH"], SaveSettingsAsync);
        one.MapGet("/closed-days", async (string businessId, BookingSettingsStore store, BusinessStore businesses, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(ClosedDaysView.Of((await businesses.GetAsync(businessId, ct))!, await store.GetAsync(businessId, ct), clock.GetUtcNow())));
        one.MapPut("/closed-days", SaveClosedDaysAsync);
        return routes;
    }

    /// <summary>Appointments overlapping [from, to) (default: from the start of today, UTC, for 31 days).</summary>
    private static async Task<Results<Ok<IReadOnlyList<Appointment>>, ValidationProblem>> ListAsync(string businessId, string? from, string? to, string? status,
        AppointmentStore store, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var start = ParseTime(from, "from", errors) ?? new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var end = ParseTime(to, "to", errors) ?? start.AddDays(31);
        if (errors.Count == 0 && end <= start) errors["to"] = ["to must be after from."];
        if (errors.Count == 0 && end - start > TimeSpan.FromDays(366)) errors["to"] = ["The range may span at most 366 days."];
        if (status is not null && !AppointmentStatuses.All.Contains(status)) errors["status"] = [$"status must be one of {string.Join(", ", AppointmentStatuses.All)}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query is not valid.");
        return TypedResults.Ok(await store.ListAsync(businessId, start, end, status, ct));
    }

    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t))
        {
            if (LocalTimes.IsSensible(t)) return t.ToUniversalTime();
            errors[field] = [LocalTimes.SensibleDayMessageFor(field)];
            return null;
        }
        errors[field] = [$"{field} '{value}' is not a date or ISO-8601 time."];
        return null;
    }

    private static async Task<Results<Created<Appointment>, ValidationProblem, Conflict<Problems.Body>>> CreateAsync(string businessId, HttpRequest request,
        BusinessStore businesses, AppointmentAdmin admin, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = await ReadAsync<NewAppointmentInput>(request, errors, ct);
        if (input is null) return TypedResults.ValidationProblem(errors, title: "The appointment is not valid.");
        var business = (await businesses.GetAsync(businessId, ct))!;
        var result = await admin.CreateAsync(business, input, "operator", ct);
        if (result.Conflict is not null) return Problems.Conflict(result.Conflict);
        if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The appointment is not valid.");
        return TypedResults.Created($"/api/admin/businesses/{businessId}/appointments/{result.Appointment!.Id}", result.Appointment);
    }

    private static async Task<Results<Ok<Appointment>, ValidationProblem, Conflict<Problems.Body>, NotFound<Problems.Body>>> StatusAsync(
        string businessId, string appointmentId, HttpRequest request, BusinessStore businesses, AppointmentAdmin admin, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = await ReadAsync<StatusInput>(request, errors, ct);
        if (input is null) return TypedResults.ValidationProblem(errors, title: "The status change is not valid.");
        var business = (await businesses.GetAsync(businessId, ct))!;
        var result = await admin.ChangeStatusAsync(business, appointmentId, input, "operator", ct);
        if (result.NotFound) return Problems.NotFound("appointment", appointmentId);
        if (result.Conflict is not null) return Problems.Conflict(result.Conflict);
        if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The status change is not valid.");
        return TypedResults.Ok(result.Appointment!);
    }

    private static async Task<Results<Ok<Appointment>, ValidationProblem, Conflict<Problems.Body>, NotFound<Problems.Body>>> RescheduleAsync(
        string businessId, string appointmentId, HttpRequest request, BusinessStore businesses, AppointmentAdmin admin, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = await ReadAsync<RescheduleInput>(request, errors, ct);
        if (input is null) return TypedResults.ValidationProblem(errors, title: "The new time is not valid.");
        var business = (await businesses.GetAsync(businessId, ct))!;
        var result = await admin.RescheduleAsync(business, appointmentId, input, "operator", ct);
        if (result.NotFound) return Problems.NotFound("appointment", appointmentId);
        if (result.Conflict is not null) return Problems.Conflict(result.Conflict);
        if (!result.Ok) return TypedResults.ValidationProblem(result.Errors, title: "The new time is not valid.");
        return TypedResults.Ok(result.Appointment!);
    }

    public sealed record SlotView(DateTimeOffset Start, DateTimeOffset End, string Text);

    /// <summary>What would be offered to a caller right now (optionally for a service).</summary>
    private static async Task<Ok<IReadOnlyList<SlotView>>> SlotsAsync(string businessId, string? service, BusinessStore businesses, BookingService booking,
        CallRecover.Data.Db db, CancellationToken ct)
    {
        var business = (await businesses.GetAsync(businessId, ct))!;
        await using var tx = await db.BeginAsync(ct);
        var request = await booking.SlotRequestAsync(tx, business, service);
        var slots = SlotFinder.Offer(request, BookingService.OfferDays, BookingService.OfferMax);
        return TypedResults.Ok<IReadOnlyList<SlotView>>([.. slots.Select(s => new SlotView(s.Start, s.End, SlotText.Format(business, s)))]);
    }

    private static async Task<Results<Ok<BookingSettings>, ValidationProblem>> SaveSettingsAsync(string businessId, HttpRequest request,
        BookingSettingsService settings, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = await ReadAsync<BookingSettingsInput>(request, errors, ct);
        var saved = input is null ? null : await settings.SaveAsync(businessId, input, "operator", errors, ct);
        return saved is null ? TypedResults.ValidationProblem(errors, title: "The booking settings are not valid.") : TypedResults.Ok(saved);
    }

    /// <summary>Replaces the closed dates and/or holiday presets (a field left out stays as it is).</summary>
    private static async Task<Results<Ok<ClosedDaysView>, ValidationProblem>> SaveClosedDaysAsync(string businessId, HttpRequest request,
        BookingSettingsService settings, BusinessStore businesses, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = await ReadAsync<ClosedDaysInput>(request, errors, ct);
        var saved = input is null ? null : await settings.SaveAsync(businessId, new BookingSettingsInput { DaysOff = input.Dates, Holidays = input.Holidays }, "operator", errors, ct);
        if (saved is null)
        {
            // The shared rules name the settings' fields; the closed-days body calls the dates "dates".
            if (errors.Remove("daysOff", out var bad)) errors["dates"] = bad;
            return TypedResults.ValidationProblem(errors, title: "The closed days are not valid.");
        }
        return TypedResults.Ok(ClosedDaysView.Of((await businesses.GetAsync(businessId, ct))!, saved, clock.GetUtcNow()));
    }

    /// <summary>
    /// The calendar file behind a booking link. The token (256 random bits) is the capability: unknown tokens get
    /// the same 404 as malformed ones, and the response is never cached by shared caches.
    /// </summary>
    private static async Task<IResult> CalendarFileAsync(string file, AppointmentStore store, BusinessStore businesses, LeadStore leads,
        BookingService booking, HttpContext http, CancellationToken ct)
    {
        if (!file.EndsWith(".ics", StringComparison.OrdinalIgnoreCase)) return TypedResults.NotFound();
        var token = file[..^4];
        var a = await store.GetByTokenAsync(token, ct);
        if (a is null) return TypedResults.NotFound();
        var business = await businesses.GetAsync(a.BusinessId, ct);
        if (business is null) return TypedResults.NotFound();
        var lead = await leads.GetAsync(a.BusinessId, a.LeadId, ct);
        var ics = CalendarFile.Write(a, business, lead, booking.CalendarUrl(a));
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        http.Response.Headers.ContentDisposition = "inline; filename=\"appointment.ics\"";
        return TypedResults.Text(ics, CalendarFile.ContentType);
    }

    private static async Task<T?> ReadAsync<T>(HttpRequest request, Dictionary<string, string[]> errors, CancellationToken ct) where T : class
    {
        var body = await Problems.ReadJsonAsync(request, ct);
        if (body is not System.Text.Json.Nodes.JsonObject)
        {
            errors["body"] = ["The body must be a JSON object."];
            return null;
        }
        try { return System.Text.Json.JsonSerializer.Deserialize<T>(body, Common.Json.Options); }
        catch (System.Text.Json.JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            errors[field] = [ex.Message.Split(" Path:")[0]];
            return null;
        }
    }
}
