using CallRecover.Common;
using CallRecover.Tenancy;

namespace CallRecover.Estimates;

/// <summary>Operator API for parts prices and the quote quality loop: /api/admin/businesses/{businessId}/...</summary>
public static class PartsPricingEndpoints
{
    public static AppRoutes MapPartsPricing(this AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/parts-providers", async (string businessId, BusinessStore businesses, PartsPricingSetup setup, CancellationToken ct) =>
            await businesses.GetAsync(businessId, ct) is { } b ? TypedResults.Ok(await setup.GetAsync(b.Id, ct)) : Problems.Missing("business", businessId))
            .WithSummary("The business's parts-price sources in order, the PartsTech user (never its key) and the sources in use").Produces<PartsProvidersView>();

        one.MapPut("/parts-providers", async (string businessId, string? by, HttpRequest request, BusinessStore businesses, PartsPricingSetup setup, CancellationToken ct) =>
        {
            if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
            var (input, bad) = await Problems.ReadObjectAsync<PartsPricingSetup.Input>(request, ct);
            if (bad is not null) return bad;
            var (view, errors) = await setup.SaveAsync(b.Id, input!, Problems.OperatorActor(by), ct);
            return view is not null ? TypedResults.Ok(view) : TypedResults.ValidationProblem(errors, title: "The parts providers are not valid.");
        }).WithSummary("Set the sources asked for parts prices: {order: [price_list, partstech], cacheHours, partsTech: {userId, key, storeId} or {remove: true}}")
          .Produces<PartsProvidersView>().ProducesProblem(StatusCodes.Status400BadRequest);

        one.MapGet("/price-list", async (string businessId, BusinessStore businesses, PartsPricingStore store, CancellationToken ct) =>
            await businesses.GetAsync(businessId, ct) is { } b ? TypedResults.Ok(await store.PriceListAsync(b.Id, ct)) : Problems.Missing("business", businessId))
            .WithSummary("The business's own parts price list").Produces<IReadOnlyList<PriceListRow>>();

        one.MapPost("/price-list", async (string businessId, string? by, HttpRequest request, BusinessStore businesses, PartsPricingSetup setup, CancellationToken ct) =>
        {
            if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
            var (csv, bad) = await CsvTable.ReadBodyAsync(request, "repair, price, and optionally part_number, description", ct);
            if (csv is null) return bad!;
            var result = await setup.ImportPriceListAsync(b, csv, Problems.OperatorActor(by), ct);
            return result.Rows is { } rows ? TypedResults.Ok(rows) : Problems.BadField(result.Row is { } row ? $"row {row}" : "body", result.Error);
        }).WithSummary("Replace the price list from a CSV body (columns repair, price, part_number, description); a bad row refuses the whole file")
          .Produces<IReadOnlyList<PriceListRow>>().ProducesProblem(StatusCodes.Status400BadRequest);

        one.MapGet("/quote-corrections", async (string businessId, BusinessStore businesses, QuoteStore quotes, CancellationToken ct) =>
            await businesses.GetAsync(businessId, ct) is { } b ? TypedResults.Ok(await quotes.CorrectionsByRepairAsync(b.Id, ct)) : Problems.Missing("business", businessId))
            .WithSummary("Where staff corrected the engine's quotes, by repair, most corrected first").Produces<IReadOnlyList<RepairCorrections>>();
        return routes;
    }
}
