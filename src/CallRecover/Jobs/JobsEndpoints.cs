using System.Text.Json;
using System.Text.Json.Nodes;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Tenancy;

namespace CallRecover.Jobs;

/// <summary>The operator's jobs API under /api/admin/businesses/{businessId} (the group answers 404 for an unknown business).</summary>
public static class JobsEndpoints
{
    public static AppRoutes MapJobs(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/technicians", async (string businessId, TechnicianStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(businessId, ct)));
        one.MapPost("/technicians", async (string businessId, HttpRequest request, BusinessStore businesses, Technicians technicians, CancellationToken ct) =>
        {
            var (input, bad) = await ReadAsync<TechnicianInput>(request, ct);
            if (input is null) return bad!;
            var result = await technicians.AddAsync((await businesses.GetAsync(businessId, ct))!, input, "operator", ct: ct);
            return Answer(result, t => TypedResults.Created($"/api/admin/businesses/{businessId}/technicians/{t.Id}", t), "technician", "");
        });

        one.MapGet("/jobs", async (string businessId, string? stage, JobStore store, CancellationToken ct) =>
        {
            if (stage is not null && !JobStages.All.Contains(stage)) return Problems.BadField("stage", $"stage must be one of {string.Join(", ", JobStages.All)}.");
            return TypedResults.Ok(await store.ListAsync(businessId, stage, ct: ct));
        });
        one.MapGet("/jobs/{jobId}", async (string businessId, string jobId, JobService jobs, CancellationToken ct) =>
            await jobs.ViewAsync(businessId, jobId, ct) is { } view ? TypedResults.Ok(Shape(view)) : Problems.Missing("job", jobId));
        one.MapPost("/jobs", async (string businessId, HttpRequest request, BusinessStore businesses, JobService jobs, CancellationToken ct) =>
        {
            var (input, bad) = await ReadAsync<NewJobInput>(request, ct);
            if (input is null) return bad!;
            var result = await jobs.CreateAsync((await businesses.GetAsync(businessId, ct))!, input, "operator", ct);
            return Answer(result, j => TypedResults.Created($"/api/admin/businesses/{businessId}/jobs/{j.Id}", j), "job", "");
        });
        one.MapMethods("/jobs/{jobId}/stage", ["PATCH", "PUT", "POST"], async (string businessId, string jobId, HttpRequest request, BusinessStore businesses,
            JobService jobs, CancellationToken ct) =>
        {
            var (input, bad) = await ReadAsync<StageInput>(request, ct);
            if (input is null) return bad!;
            return Answer(await jobs.ChangeStageAsync((await businesses.GetAsync(businessId, ct))!, jobId, input.Stage, "operator", ct), TypedResults.Ok, "job", jobId);
        });
        one.MapPost("/jobs/{jobId}/visits", async (string businessId, string jobId, HttpRequest request, BusinessStore businesses, JobService jobs, CancellationToken ct) =>
        {
            var (input, bad) = await ReadAsync<VisitInput>(request, ct);
            if (input is null) return bad!;
            var result = await jobs.AddVisitAsync((await businesses.GetAsync(businessId, ct))!, jobId, input, "operator", ct);
            return Answer(result, v => TypedResults.Created($"/api/admin/businesses/{businessId}/visits/{v.Id}", Visit(v)), "job", jobId);
        });
        one.MapMethods("/visits/{visitId}/assign", ["PATCH", "PUT", "POST"], async (string businessId, string visitId, HttpRequest request, BusinessStore businesses,
            JobService jobs, CancellationToken ct) =>
        {
            var (input, bad) = await ReadAsync<VisitInput>(request, ct);
            if (input is null) return bad!;
            return Answer(await jobs.AssignAsync((await businesses.GetAsync(businessId, ct))!, visitId, input, "operator", ct), v => TypedResults.Ok(Visit(v)), "visit", visitId);
        });
        one.MapMethods("/visits/{visitId}/status", ["PATCH", "PUT", "POST"], async (string businessId, string visitId, HttpRequest request, BusinessStore businesses,
            JobService jobs, CancellationToken ct) =>
        {
            var (input, bad) = await ReadAsync<VisitStatusInput>(request, ct);
            if (input is null) return bad!;
            return Answer(await jobs.ChangeVisitStatusAsync((await businesses.GetAsync(businessId, ct))!, visitId, input, "operator", ct: ct), v => TypedResults.Ok(Visit(v)),
                "visit", visitId);
        });
        one.MapGet("/parts-orders", async (string businessId, string? jobId, PartsOrderStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(businessId, string.IsNullOrWhiteSpace(jobId) ? null : jobId, ct)));
        one.MapMethods("/parts-orders/{partsOrderId}/status", ["PATCH", "PUT", "POST"], async (string businessId, string partsOrderId, HttpRequest request,
            BusinessStore businesses, JobService jobs, CancellationToken ct) =>
        {
            var (input, bad) = await ReadAsync<PartsStatusInput>(request, ct);
            if (input is null) return bad!;
            return Answer(await jobs.ChangePartsStatusAsync((await businesses.GetAsync(businessId, ct))!, partsOrderId, input, "operator", ct), TypedResults.Ok,
                "parts order", partsOrderId);
        });
        // A job's photo, to a signed-in user of its business: the office, or a technician with a visit on that job.
        // Anyone else (another business, another technician, nobody) gets the same 404 as for a photo that is not there.
        routes.App.MapGet("/job-photos/{photoId}", async (string photoId, HttpContext http, JobPhotoStore photos, AppointmentStore appointments,
            TechnicianStore technicians, CancellationToken ct) =>
        {
            if (CallRecover.Dashboard.Auth.DashboardUser.From(http.User) is not { BusinessId: { } businessId } me
                || await photos.GetAsync(businessId, photoId, ct) is not { } photo) return Problems.Missing("photo", photoId);
            if (!me.IsOffice && (me.Role != Roles.Technician || await technicians.ForUserAsync(businessId, me.UserId, ct) is not { } technician
                || !(await appointments.ForJobAsync(businessId, photo.JobId, ct)).Any(v => v.TechnicianId == technician.Id)))
                return Problems.Missing("photo", photoId);
            return Photos.Serve(http, photo.Id, photo.StoragePath, photo.ContentType, photo.FileName);
        }).RequireAuthorization();
        return routes;
    }

    /// <summary>A visit as the API shows it: the appointment with its visit status and the technician's reason.</summary>
    public static object Visit(Appointment v) => new
    {
        v.Id, v.JobId, v.TechnicianId, Reason = v.AssignReason, Status = v.VisitStatus, v.StartAt, v.EndAt, v.Address, v.EtaMinutes, v.EnRouteAt, v.OnSiteAt,
        v.CompletedAt, v.LeadId,
    };

    /// <summary>A job as the API shows it: its fields, who it is for, its visits and whether it waits for parts.</summary>
    public static object Shape(JobView view) => new
    {
        view.Job.Id, view.Job.Stage, view.Job.QuoteId, view.Job.CustomerId, view.Job.LeadId, view.Job.Source, view.Job.Title, view.Job.Notes,
        view.Job.TechnicianNotes, ChecklistDone = view.Job.ChecklistDoneList, view.Job.CreatedAt, view.Job.UpdatedAt, view.Job.CompletedAt,
        view.CustomerName, view.Address, view.PartsStatus, view.WaitingForParts, Visits = view.Visits.Select(Visit).ToList(),
    };

    private static IResult Answer<T>(Outcome<T> result, Func<T, IResult> ok, string what, string id) where T : class => result.ToResult(ok, what, id);

    private static Task<(T? Input, IResult? Bad)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class => Problems.ReadObjectAsync<T>(request, ct);
}
