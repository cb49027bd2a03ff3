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
        one.MapPost("/catalog/reset", async (string businessId, BusinessStore businesses, ServiceCatalogStore catalogs, Db db, CancellationToken ct) =>
            await businesses.GetAsync(businessId, ct) is { } b
                ? TypedResults.Ok(await db.WriteAsync(tx => catalogs.ReplaceAsync(tx, b.Id, b.Vertical, CatalogDefaults.For(b.Vertical), null, b.Vertical), ct))
                : Problems.Missing("business", businessId));
        one.MapPost("/catalog/entries", UpsertEntry);
        one.MapDelete("/catalog/entries/{entryId}", async (string businessId, string entryId, Db db, ServiceCatalogStore catalogs, CancellationToken ct) =>
            await db.WriteAsync(tx => catalogs.DeleteEntryAsync(tx, businessId, entryId), ct) ? TypedResults.NoContent() : Problems.Missing("catalog entry", entryId));
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
        return routes;
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

    public sealed record CatalogInput(decimal? TripCharge, List<EntryInput>? Entries);
    public sealed record EntryInput(string? Name, decimal? LaborHours, decimal? PartsCost, List<string>? Keywords, string? Complexity, bool? Diagnostic);

    private static async Task<IResult> ReplaceCatalog(string businessId, HttpRequest request, BusinessStore businesses, ServiceCatalogStore catalogs, Db db, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<CatalogInput>(request, "body", errors, ct);
        var entries = new List<CatalogEntryInput>();
        if (input is not null)
        {
            if (input.Entries is null) errors["entries"] = ["entries is required."];
            if (input.TripCharge is < 0) errors["tripCharge"] = ["tripCharge must not be negative."];
            for (var i = 0; i < (input.Entries?.Count ?? 0); i++)
                if (Validate(input.Entries![i], $"entries[{i}]", errors) is { } e) entries.Add(e);
            foreach (var dup in entries.GroupBy(e => e.Name.ToLowerInvariant()).Where(g => g.Count() > 1))
                errors["entries"] = [$"The name '{dup.First().Name}' appears more than once."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The catalog is not valid.");
        return TypedResults.Ok(await db.WriteAsync(tx => catalogs.ReplaceAsync(tx, b.Id, b.Vertical, entries, input!.TripCharge), ct));
    }

    private static async Task<IResult> UpsertEntry(string businessId, HttpRequest request, BusinessStore businesses, ServiceCatalogStore catalogs, Db db, CancellationToken ct)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } b) return Problems.Missing("business", businessId);
        var errors = new Dictionary<string, string[]>();
        var input = await Problems.ReadAsync<EntryInput>(request, "body", errors, ct);
        var entry = input is null ? null : Validate(input, null, errors);
        if (errors.Count > 0 || entry is null) return TypedResults.ValidationProblem(errors, title: "The catalog entry is not valid.");
        return TypedResults.Ok(await db.WriteAsync(tx => catalogs.UpsertEntryAsync(tx, b.Id, b.Vertical, entry), ct));
    }

    private static CatalogEntryInput? Validate(EntryInput? e, string? prefix, Dictionary<string, string[]> errors)
    {
        string F(string field) => prefix is null ? field : $"{prefix}.{field}";
        if (e is null) { errors[prefix ?? "body"] = ["An entry must be an object."]; return null; }
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(e.Name) || e.Name.Trim().Length > 100) errors[F("name")] = ["name is required (at most 100 characters)."];
        if (e.LaborHours is null or < 0 or > 200) errors[F("laborHours")] = ["laborHours is required, between 0 and 200."];
        if (e.PartsCost is null or < 0) errors[F("partsCost")] = ["partsCost is required and must not be negative."];
        if (e.Keywords is null || e.Keywords.Count == 0 || e.Keywords.Any(string.IsNullOrWhiteSpace)) errors[F("keywords")] = ["keywords must list at least one non-empty word or phrase."];
        if (e.Complexity is not null && !Complexities.All.Contains(e.Complexity)) errors[F("complexity")] = ["complexity must be low, medium or high."];
        if (errors.Count > before) return null;
        return new CatalogEntryInput(e.Name!.Trim(), e.LaborHours!.Value, e.PartsCost!.Value, [.. e.Keywords!.Select(k => k.Trim().ToLowerInvariant())], e.Complexity ?? "medium", e.Diagnostic ?? false);
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
