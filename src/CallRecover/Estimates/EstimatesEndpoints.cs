using System.Text.Json;
using System.Text.Json.Nodes;
using CallRecover.Data;
using CallRecover.Tenancy;

using CallRecover.Common;

namespace CallRecover.Estimates;

/// <summary>Operator API for catalogs, estimate previews and quotes: /api/admin/businesses/{businessId}/...</summary>
public static class EstimatesEndpoints
{
    public static AppRoutes MapEstimates(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/catalog", async (string businessId, BusinessStore businesses, ServiceCatalogStore catalogs, CancellationToken ct) =>
            await businesses.GetAsync(businessId, ct) is { } b ? TypedResults.Ok(await catalogs.GetAsync(b.Id, b.Vertical, ct)) : Problems.Missing("business", businessId));
        one.MapPut("/catalog", ReplaceCatalog);
        one.MapPost("/catalog/reset", async (string businessId, BusinessStore businesses, ServiceCatalogService catalogs, CancellationToken ct) =>
            await businesses.GetAsync(businessId, ct) is { } b ? TypedResults.Ok(await catalogs.ResetAsync(b, ct)) : Problems.Missing("business", businessId));
        one.MapPost("/catalog/entries", UpsertEntry);
        one.MapDelete("/catalog/entries/{entryId}", async (string businessId, string entryId, ServiceCatalogService catalogs, CancellationToken ct) =>
            await catalogs.RemoveAsync(businessId, entryId, ct) ? TypedResults.NoContent() : Problems.Missing("catalog entry", entryId));
        one.MapPost("/estimates", Preview);

        one.MapGet("/quotes", async (string businessId, string? status, string? leadId, QuoteStore quotes, CancellationToken ct) =>
            TypedResults.Ok(await quotes.ListAsync(businessId, status, leadId, ct: ct)));
        one.MapGet("/quotes/{quoteId}", async (string businessId, string quoteId, QuoteStore quotes, CancellationToken ct) =>
            await quotes.GetAsync(businessId, quoteId, ct) is { } q ? TypedResults.Ok(q) : Problems.Missing("quote", quoteId));
        one.MapPost("/quotes/{quoteId}/approve", (string businessId, string quoteId, string? by, BusinessStore b, QuoteStore q, QuoteService s, CancellationToken ct) =>
            Act(businessId, quoteId, b, q, biz => s.AnswerByStaffAsync(biz, quoteId, approve: true, Problems.OperatorActor(by), ct), ct));
        one.MapPost("/quotes/{quoteId}/decline", (string businessId, string quoteId, string? by, BusinessStore b, QuoteStore q, QuoteService s, CancellationToken ct) =>
            Act(businessId, quoteId, b, q, biz => s.AnswerByStaffAsync(biz, quoteId, approve: false, Problems.OperatorActor(by), ct), ct));
        one.MapPost("/quotes/{quoteId}/send", (string businessId, string quoteId, string? by, BusinessStore b, QuoteStore q, QuoteService s, CancellationToken ct) =>
            Act(businessId, quoteId, b, q, biz => s.SendByStaffAsync(biz, quoteId, Problems.OperatorActor(by), ct), ct));
        one.MapPut("/quotes/{quoteId}/items", EditItems);
        routes.MapEstimateData();
        return routes.MapPartsPricing();
    }

    /// <summary>Runs a staff action (the same one the dashboard runs) and answers with the quote or a problem naming why not.</summary>
    private static async Task<IResult> Act(string businessId, string quoteId, BusinessStore businesses, QuoteStore quotes,
        Func<Business, Task<QuoteActionResult>> action, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return Problems.Missing("business", businessId);
        var result = await action(business);
        return result.Outcome == QuoteOutcome.Done && await quotes.GetAsync(businessId, quoteId, ct) is { } q ? TypedResults.Ok(q) : Problem(result, quoteId);
    }

    private static IResult Problem(QuoteActionResult result, string quoteId) => result.Outcome switch
    {
        QuoteOutcome.Invalid => TypedResults.ValidationProblem(result.Errors, title: "The quote items are not valid."),
        QuoteOutcome.Refused => TypedResults.Conflict(Problems.Of(409, "Conflict", result.Message!)),
        QuoteOutcome.Blocked => TypedResults.UnprocessableEntity(Problems.Of(422, "Not sent", result.Message!)),
        _ => Problems.Missing("quote", quoteId),
    };

    private static async Task<IResult> EditItems(string businessId, string quoteId, string? by, HttpRequest request, QuoteService service, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var body = await Problems.ReadAsync<List<QuoteItemInput?>>(request, "items", errors, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The quote items are not valid.");
        var result = await service.EditItemsAsync(businessId, quoteId, body, Problems.OperatorActor(by), ct);
        return result.Ok ? TypedResults.Ok(result.Quote) : Problem(result, quoteId);
    }

    public sealed record CatalogInput(decimal? TripCharge, List<ServiceCatalogService.EntryInput?>? Entries);

    private static async Task<IResult> ReplaceCatalog(string businessId, HttpRequest request, BusinessStore businesses, ServiceCatalogService catalogs, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<CatalogInput>(request, "body", errors, ct);
        var entries = input is null ? null : ServiceCatalogService.Validate(input.Entries, input.TripCharge, errors);
        if (errors.Count > 0 || entries is null) return TypedResults.ValidationProblem(errors, title: "The catalog is not valid.");
        return TypedResults.Ok(await catalogs.ReplaceAsync(b, entries, input!.TripCharge, ct));
    }

    private static async Task<IResult> UpsertEntry(string businessId, HttpRequest request, BusinessStore businesses, ServiceCatalogService catalogs, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<ServiceCatalogService.EntryInput>(request, "body", errors, ct);
        if (input is null) return TypedResults.ValidationProblem(errors, title: "The catalog entry is not valid.");
        var result = await catalogs.UpsertAsync(b, input, ct);
        return result.Ok ? TypedResults.Ok(result.Entry) : TypedResults.ValidationProblem(result.Errors, title: "The catalog entry is not valid.");
    }

    public sealed record PreviewInput(string? Text, VehicleInfo? Vehicle);

    private static async Task<IResult> Preview(string businessId, HttpRequest request, BusinessStore businesses, ServiceCatalogStore catalogs, LaborGuideStore guides,
        PartsPricing pricing,
        TimeProvider clock, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<PreviewInput>(request, "body", errors, ct);
        if (input is not null && string.IsNullOrWhiteSpace(input.Text)) errors["text"] = ["text is required."];
        if (input?.Vehicle?.Vin is { Length: > 0 } vin && VinDecoder.Problem(vin) is { } vinProblem) errors["vehicle.vin"] = [vinProblem];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The estimate request is not valid.");
        var catalog = await catalogs.GetAsync(b.Id, b.Vertical, ct);
        var vehicle = input!.Vehicle is { } v ? VinDecoder.Fill(v) : null;
        var guide = await guides.ListAsync(b.Id, ct);
        var prices = await pricing.PriceAsync(b, catalog, guide, input.Text!, vehicle, ct);
        return TypedResults.Ok(EstimateEngine.Run(input.Text!, catalog, b.LaborRate, vehicle, b.LocalTime(clock.GetUtcNow()).Year, prices, guide));
    }
}
