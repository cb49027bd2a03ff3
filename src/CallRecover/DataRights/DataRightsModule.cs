using CallRecover.Api;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Dashboard.Auth;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tenancy;

namespace CallRecover.DataRights;

/// <summary>
/// Customers' data rights: everything about one customer as a zip (JSON, CSV per kind, call audio and photos), for the
/// operator (<c>GET /api/admin/businesses/{id}/customers/{customerId}/export</c>), the business's owner on the dashboard
/// (<c>GET /api/dashboard/customers/{customerId}/export</c>) and a business's API token (<c>GET /api/v1/customers/{id}/export</c>,
/// scope read). Erasure on request (<see cref="CustomerErasure"/>): <c>DELETE /api/admin/businesses/{id}/customers/{customerId}</c>,
/// <c>DELETE /api/v1/customers/{customerId}</c> (scope write) and the owner's button on the customer page, each answering
/// the receipt. Every export and erasure is audited.
/// </summary>
public static class DataRightsModule
{
    public static IServiceCollection AddDataRights(this IServiceCollection services)
    {
        services.AddSingleton<CustomerExport>();
        services.AddSingleton<CustomerErasure>();
        services.AddSingleton<BusinessExport>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<RetentionService>();
        services.AddScheduledTask<RetentionSweep>();
        return services;
    }

    public static AppRoutes MapDataRights(this AppRoutes routes)
    {
        routes.OperatorBusiness.MapGet("/export", (string businessId, string? by, BusinessExport export, Db db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
                ExportBusinessAsync(businessId, Problems.OperatorActor(by), export, db, audit, clock, ct))
            .WithSummary("Everything the business holds as a zip (business.json, a CSV per table, call audio and photos)").WithTags("Data rights")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        routes.Dashboard.MapGet("/export", (HttpContext http, BusinessExport export, Db db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
                ExportBusinessAsync(RequestTenant.BusinessId(http)!, DashboardUser.From(http.User)!.Actor, export, db, audit, clock, ct))
            .RequireAuthorization(p => p.RequireRole(Roles.Owner, Roles.Operator));
        routes.OperatorBusiness.MapGet("/retention", async (string businessId, RetentionStore store, CancellationToken ct) => TypedResults.Ok(await store.GetAsync(businessId, ct)))
            .WithSummary("How many days the business keeps message bodies, transcripts and audit entries (null: kept)").WithTags("Data rights");
        routes.OperatorBusiness.MapPut("/retention", async (string businessId, string? by, HttpRequest request, RetentionService service, CancellationToken ct) =>
            {
                var (input, bad) = await Problems.ReadObjectAsync<RetentionInput>(request, ct);
                if (input is null) return bad!;
                var (saved, errors) = await service.SaveAsync(businessId, input, Problems.OperatorActor(by), ct);
                return saved is null ? TypedResults.ValidationProblem(errors, title: "The retention settings are not valid.") : TypedResults.Ok(saved);
            })
            .WithSummary("Sets the retention per kind: {messageDays, transcriptDays, auditDays}, each 1–3650 days (audit at least 30) or null to keep")
            .WithTags("Data rights").ProducesValidationProblem();
        routes.OperatorBusiness.MapGet("/customers/{customerId}/export", (string businessId, string customerId, string? by, CustomerExport export, Db db, AuditLog audit,
                TimeProvider clock, CancellationToken ct) => ExportAsync(businessId, customerId, Problems.OperatorActor(by), export, db, audit, clock, ct))
            .WithSummary("Everything about one customer as a zip (customer.json, a CSV per kind, call audio and photos)").WithTags("Customers")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesProblem(StatusCodes.Status404NotFound);
        routes.Dashboard.MapGet("/customers/{customerId}/export", (string customerId, HttpContext http, CustomerExport export, Db db, AuditLog audit, TimeProvider clock,
                CancellationToken ct) => ExportAsync(RequestTenant.BusinessId(http)!, customerId, DashboardUser.From(http.User)!.Actor, export, db, audit, clock, ct))
            .RequireAuthorization(p => p.RequireRole(Roles.Owner, Roles.Operator));
        var v1 = routes.App.MapGroup("/api/v1").RequireApiToken().RequireRateLimiting(RateLimits.Api).WithTags(PublicApiEndpoints.Tag);
        v1.MapGet("/customers/{customerId}/export", (string customerId, HttpContext http, CustomerExport export, Db db, AuditLog audit, TimeProvider clock,
                CancellationToken ct) => ExportAsync(RequestTenant.BusinessId(http)!, customerId, ApiAuth.Actor(http), export, db, audit, clock, ct))
            .WithSummary("Everything about one customer as a zip (customer.json, a CSV per kind, call audio and photos)")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesProblem(StatusCodes.Status404NotFound);

        routes.OperatorBusiness.MapDelete("/customers/{customerId}", (string businessId, string customerId, string? by, CustomerErasure erasure, CancellationToken ct) =>
                EraseAsync(businessId, customerId, Problems.OperatorActor(by), erasure, ct))
            .WithSummary("Erase a customer on request: personal details anonymized, texts' bodies, recordings and photos deleted; answers the receipt")
            .WithTags("Customers").Produces<ErasureReceipt>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapDelete("/customers/{customerId}", (string customerId, HttpContext http, CustomerErasure erasure, CancellationToken ct) =>
                EraseAsync(RequestTenant.BusinessId(http)!, customerId, ApiAuth.Actor(http), erasure, ct))
            .WithSummary("Erase a customer on request: personal details anonymized, texts' bodies, recordings and photos deleted; answers the receipt")
            .Produces<ErasureReceipt>().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> EraseAsync(string businessId, string customerId, string actor, CustomerErasure erasure, CancellationToken ct) =>
        await erasure.EraseAsync(businessId, customerId, actor, ct) is { } receipt ? TypedResults.Ok(receipt) : Problems.Missing("customer", customerId);

    /// <summary>Builds the zip in a temporary file (deleted when the response has been sent) and audits who took it.</summary>
    private static async Task<IResult> ExportAsync(string businessId, string customerId, string actor, CustomerExport export, Db db, AuditLog audit, TimeProvider clock,
        CancellationToken ct)
    {
        if (await export.BuildAsync(businessId, customerId, ct) is not { } result) return Problems.Missing("customer", customerId);
        var now = clock.GetUtcNow();
        return await ZipAsync($"customer-{result.CustomerId}-{now:yyyyMMdd}.zip", async file =>
        {
            CustomerExport.WriteZip(result, now, file);
            await db.WriteAsync(tx => audit.WriteAsync(tx, businessId, actor, "customer", result.CustomerId, "exported",
                new { kinds = result.Sections.Where(s => s.Rows.Count > 0).ToDictionary(s => s.Kind, s => s.Rows.Count), files = result.Files.Count }), ct);
        });
    }

    private static async Task<IResult> ExportBusinessAsync(string businessId, string actor, BusinessExport export, Db db, AuditLog audit, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await ZipAsync($"business-{businessId}-{now:yyyyMMdd}.zip", async file =>
        {
            var (rows, files) = await export.WriteZipAsync(businessId, now, file, ct);
            await db.WriteAsync(tx => audit.WriteAsync(tx, businessId, actor, "business", businessId, "exported",
                new { tables = rows.Where(r => r.Value > 0).ToDictionary(r => r.Key, r => r.Value), files }), ct);
        });
    }

    /// <summary>A zip written by <paramref name="write"/> to a temporary file that is deleted once the response has been sent.</summary>
    private static async Task<IResult> ZipAsync(string downloadName, Func<Stream, Task> write)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"callrecover-export-{Ids.New()}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            81920, FileOptions.DeleteOnClose);
        try
        {
            await write(file);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        return TypedResults.File(file, "application/zip", downloadName);
    }
}
