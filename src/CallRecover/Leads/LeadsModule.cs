using CallRecover.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Leads;

public static class LeadsModule
{
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddSingleton<LeadStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<LeadStore>());
        services.AddSingleton<LeadCorrections>();
        services.AddSingleton<LeadTimeline>();
        return services;
    }

    public sealed record LeadView(Lead Lead, IReadOnlyList<TimelineEntry> Timeline);

    /// <summary>Leads for the operator (any business) and for the signed-in dashboard user (their business only).</summary>
    public static AppRoutes MapLeads(this AppRoutes routes)
    {
        routes.OperatorBusiness.MapGet("/leads", async (string businessId, string? status, string? q, LeadStore leads, CancellationToken ct) =>
            TypedResults.Ok(await leads.ListAsync(businessId, status, q, ct: ct)));
        routes.OperatorBusiness.MapGet("/leads/{leadId}", async Task<Results<Ok<Lead>, NotFound<Problems.Body>>> (string businessId, string leadId, LeadStore leads, CancellationToken ct) =>
            await leads.GetAsync(businessId, leadId, ct) is { } lead ? TypedResults.Ok(lead) : Problems.NotFound("lead", leadId));

        routes.Dashboard.MapGet("/leads", async Task<Results<Ok<IReadOnlyList<Lead>>, NotFound>> (HttpContext http, LeadStore leads, string? status, string? q, CancellationToken ct) =>
            RequestTenant.BusinessId(http) is { } b ? TypedResults.Ok(await leads.ListAsync(b, status, q, 200, ct)) : TypedResults.NotFound());
        routes.Dashboard.MapGet("/leads/{id}", async Task<Results<Ok<LeadView>, NotFound>> (string id, HttpContext http, LeadStore leads, LeadTimeline timeline, CancellationToken ct) =>
        {
            if (RequestTenant.BusinessId(http) is not { } b || await leads.GetAsync(b, id, ct) is not { } lead) return TypedResults.NotFound();
            return TypedResults.Ok(new LeadView(lead, await timeline.ForLeadAsync(b, lead, ct)));
        });
        return routes;
    }
}
