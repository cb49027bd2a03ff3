using System.Text.Json;
using System.Text.Json.Nodes;
using CallRecover.Data;
using CallRecover.Leads;
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
        one.MapPost("/quotes/{quoteId}/approve", (string businessId, string quoteId, string? by, BusinessStore b, QuoteStore q, QuoteService s, Db db, CancellationToken ct) =>
            Transition(businessId, quoteId, by, b, q, db, (tx, biz, actor) => s.ApproveAsync(tx, biz, quoteId, actor), ct));
        one.MapPost("/quotes/{quoteId}/decline", (string businessId, string quoteId, string? by, BusinessStore b, QuoteStore q, QuoteService s, Db db, CancellationToken ct) =>
            Transition(businessId, quoteId, by, b, q, db, (tx, biz, actor) => s.DeclineAsync(tx, biz, quoteId, actor), ct));
        one.MapPost("/quotes/{quoteId}/send", SendQuote);
        one.MapPut("/quotes/{quoteId}/items", EditItems);
        return routes;
    }

    private static async Task<IResult> Transition(string businessId, string quoteId, string? by, BusinessStore businesses, QuoteStore quotes, Db db,
        Func<DbTx, Business, string, Task<bool>> change, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return Problems.Missing("business", businessId);
        if (await quotes.GetAsync(businessId, quoteId, ct) is not { } existing) return Problems.Missing("quote", quoteId);
        if (!await db.WriteAsync(tx => change(tx, business, Problems.OperatorActor(by)), ct))
            return TypedResults.Conflict(Problems.Of(409, "Conflict", $"Quote '{quoteId}' is {existing.Quote.Status}; only a draft or sent quote can be approved or declined."));
        return TypedResults.Ok(await quotes.GetAsync(businessId, quoteId, ct));
    }

    private static async Task<IResult> SendQuote(string businessId, string quoteId, string? by, BusinessStore businesses, QuoteStore quotes, LeadStore leads, QuoteService service, Db db, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return Problems.Missing("business", businessId);
        if (await quotes.GetAsync(businessId, quoteId, ct) is not { } q) return Problems.Missing("quote", quoteId);
        if (!QuoteStatuses.Pending.Contains(q.Quote.Status))
            return TypedResults.Conflict(Problems.Of(409, "Conflict", $"Quote '{quoteId}' is {q.Quote.Status}; only a draft or sent quote can be sent."));
        if (q.Items.Count == 0 || q.Quote.Total <= 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = ["The quote has no priced items; add items before sending."] });
        var result = await db.WriteAsync(async tx =>
        {
            var lead = await leads.GetAsync(tx, businessId, q.Quote.LeadId) ?? throw new InvalidOperationException("Lead not found.");
            return await service.SendAsync(tx, business, lead, quoteId, null, Problems.OperatorActor(by));
        }, ct);
        if (!result.Queued)
            return TypedResults.UnprocessableEntity(Problems.Of(422, "Not sent", $"The text was blocked: {result.BlockedReason}."));
        return TypedResults.Ok(await quotes.GetAsync(businessId, quoteId, ct));
    }

    public sealed record ItemInput(string? Kind, string? Description, decimal? Qty, decimal? UnitPrice, decimal? Hours, string? Repair, string? PartNumber);

    private static async Task<IResult> EditItems(string businessId, string quoteId, string? by, HttpRequest request, QuoteStore quotes, QuoteService service, Db db, CancellationToken ct)
    {
        if (await quotes.GetAsync(businessId, quoteId, ct) is not { } existing) return Problems.Missing("quote", quoteId);
        var errors = new Dictionary<string, string[]>();
        var body = await Problems.ReadAsync<List<ItemInput>>(request, "items", errors, ct);
        var items = new List<QuoteItem>();
        if (body is not null)
        {
            if (body.Count == 0) errors["items"] = ["At least one item is required."];
            for (var i = 0; i < body.Count; i++)
            {
                var it = body[i];
                if (it is null) { errors[$"items[{i}]"] = ["An item must be an object."]; continue; }
                if (it.Kind is null || !QuoteItemKinds.All.Contains(it.Kind)) errors[$"items[{i}].kind"] = [$"kind must be one of {string.Join(", ", QuoteItemKinds.All)}."];
                if (string.IsNullOrWhiteSpace(it.Description)) errors[$"items[{i}].description"] = ["description is required."];
                if (it.Qty is not > 0) errors[$"items[{i}].qty"] = ["qty must be greater than 0."];
                if (it.UnitPrice is null || (it.UnitPrice < 0 && it.Kind != QuoteItemKinds.Adjustment)) errors[$"items[{i}].unitPrice"] = ["unitPrice is required and must not be negative."];
                items.Add(new QuoteItem { Kind = it.Kind ?? "", Description = it.Description?.Trim() ?? "", Qty = it.Qty ?? 0, UnitPrice = it.UnitPrice ?? 0,
                    Hours = it.Hours ?? (it.Kind == QuoteItemKinds.Labor ? it.Qty : null), Repair = it.Repair, PartNumber = it.PartNumber });
            }
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The quote items are not valid.");
        var result = await db.WriteAsync(tx => service.EditAsync(tx, businessId, quoteId, items, Problems.OperatorActor(by)), ct);
        return result is null
            ? TypedResults.Conflict(Problems.Of(409, "Conflict", $"Quote '{quoteId}' is {existing.Quote.Status}; only a draft or sent quote can be edited."))
            : TypedResults.Ok(result);
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

    private static async Task<IResult> Preview(string businessId, HttpRequest request, BusinessStore businesses, ServiceCatalogStore catalogs, TimeProvider clock, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<PreviewInput>(request, "body", errors, ct);
        if (input is not null && string.IsNullOrWhiteSpace(input.Text)) errors["text"] = ["text is required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The estimate request is not valid.");
        var catalog = await catalogs.GetAsync(b.Id, b.Vertical, ct);
        return TypedResults.Ok(EstimateEngine.Run(input!.Text!, catalog, b.LaborRate, input.Vehicle, b.LocalTime(clock.GetUtcNow()).Year));
    }
}
