using CallRecover.Common;

namespace CallRecover.Campaigns;

/// <summary>
/// The operator's campaign API under /api/admin/businesses/{businessId}: contact lists (CSV import with the consent
/// attestation), campaigns (create, preview, start, pause, resume, cancel) and their recipients. The send budget's
/// routes live with the budget (Compliance).
/// </summary>
public static class CampaignEndpoints
{
    /// <summary>The largest CSV accepted (10 MB: far more than <see cref="ContactImport.MaxRows"/> rows of a usual export).</summary>
    public const int MaxCsvBytes = 10_000_000;

    public sealed record PreviewInput(string? Template, CampaignAudience? Audience);

    public static void Map(AppRoutes routes)
    {
        var one = routes.OperatorBusiness;
        one.MapGet("/contact-lists", async (string businessId, CampaignStore store, CancellationToken ct) => TypedResults.Ok(await store.ListsAsync(businessId, ct)))
            .WithSummary("The business's imported contact lists with their consent attestation").Produces<IReadOnlyList<ContactList>>();

        one.MapPost("/contact-lists", async (string businessId, string? name, string? consentBy, string? consentSource, string? consentWording,
            string? phoneColumn, string? firstNameColumn, string? by, HttpRequest request, CampaignService campaigns, CancellationToken ct) =>
        {
            var type = request.ContentType ?? "";
            if (!type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
                return Problems.BadField("Content-Type", "Send the file as text/csv with a header row (first_name, phone, and any other columns).");
            if (await ReadTextAsync(request, ct) is not { } csv)
                return Problems.BadField("body", $"The file is larger than {MaxCsvBytes / 1_000_000} MB; split it.");
            var result = await campaigns.ImportAsync(businessId, name, consentBy, consentSource, consentWording, csv,
                new ContactImport.ColumnMap(phoneColumn, firstNameColumn), Problems.OperatorActor(by), ct);
            return Answer(result);
        })
          .WithSummary("Import past customers from a CSV body (header row; columns first_name, phone and any others as template fields): the per-row report")
          .Produces<ImportReport>().ProducesProblem(StatusCodes.Status400BadRequest);

        one.MapGet("/campaigns", async (string businessId, CampaignStore store, CancellationToken ct) => TypedResults.Ok(await store.CampaignsAsync(businessId, ct)))
            .WithSummary("The business's campaigns, newest first").Produces<IReadOnlyList<Campaign>>();

        one.MapPost("/campaigns", async (string businessId, string? by, HttpRequest request, CampaignService campaigns, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<CampaignInput>(request, ct);
            if (bad is not null) return bad;
            var result = await campaigns.CreateAsync(businessId, input!, Problems.OperatorActor(by), ct);
            return result.Value is { } c ? TypedResults.Created($"/api/admin/businesses/{businessId}/campaigns/{c.Id}", c) : Answer(result);
        }).WithSummary("Create a campaign (a draft): {name, template, audience: {list} or {lastVisitBefore, service} or {tag}, startAt?}")
          .Produces<Campaign>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);

        one.MapPost("/campaigns/preview", async (string businessId, HttpRequest request, CampaignService campaigns, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<PreviewInput>(request, ct);
            if (bad is not null) return bad;
            return Answer(await campaigns.PreviewAsync(businessId, input!.Template, input.Audience, ct));
        }).WithSummary("The audience's size and one recipient's text with its SMS segment count").Produces<CampaignPreview>();

        one.MapGet("/campaigns/{id}", async (string businessId, string id, CampaignService campaigns, CancellationToken ct) =>
            await campaigns.ViewAsync(businessId, id, ct) is { } v ? TypedResults.Ok(v) : Problems.Missing("campaign", id))
            .WithSummary("A campaign with its progress (sent, delivered, replied, opted out, booked)").Produces<CampaignView>();

        one.MapPut("/campaigns/{id}", async (string businessId, string id, string? by, HttpRequest request, CampaignService campaigns, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<CampaignInput>(request, ct);
            if (bad is not null) return bad;
            return Answer(await campaigns.UpdateAsync(businessId, id, input!, Problems.OperatorActor(by), ct), id);
        }).WithSummary("Change a draft").Produces<Campaign>();

        one.MapPost("/campaigns/{id}/start", async (string businessId, string id, string? by, CampaignService campaigns, CancellationToken ct) =>
            Answer(await campaigns.StartAsync(businessId, id, Problems.OperatorActor(by), ct), id))
            .WithSummary("Start now (or schedule, when its startAt is ahead); a paused campaign resumes").Produces<Campaign>();
        one.MapPost("/campaigns/{id}/pause", async (string businessId, string id, string? by, CampaignService campaigns, CancellationToken ct) =>
            Answer(await campaigns.PauseAsync(businessId, id, Problems.OperatorActor(by), ct: ct), id)).WithSummary("Pause sending").Produces<Campaign>();
        one.MapPost("/campaigns/{id}/resume", async (string businessId, string id, string? by, CampaignService campaigns, CancellationToken ct) =>
            Answer(await campaigns.ResumeAsync(businessId, id, Problems.OperatorActor(by), ct), id)).WithSummary("Resume a paused campaign").Produces<Campaign>();
        one.MapPost("/campaigns/{id}/cancel", async (string businessId, string id, string? by, CampaignService campaigns, CancellationToken ct) =>
            Answer(await campaigns.CancelAsync(businessId, id, Problems.OperatorActor(by), ct), id))
            .WithSummary("Cancel: nobody else gets it (texts already in the send path still go)").Produces<Campaign>();

        one.MapGet("/campaigns/{id}/recipients", async (string businessId, string id, string? status, CampaignStore store, CancellationToken ct) =>
            await store.GetAsync(businessId, id, ct) is null ? Problems.Missing("campaign", id)
                : TypedResults.Ok(await store.RecipientsAsync(businessId, id, status, ct: ct)))
            .WithSummary("Each recipient: status, reason, sent at, delivery, replied, opted out, booked").Produces<IReadOnlyList<CampaignRecipient>>();
    }

    private static IResult Answer<T>(CampaignService.Result<T> result, string? id = null) where T : class =>
        result.NotFound ? Problems.Missing("campaign", id ?? "")
        : result.Value is { } v ? TypedResults.Ok(v)
        : Problems.BadField(result.Field!, result.Error);

    /// <summary>The body as text, or null when it is larger than <see cref="MaxCsvBytes"/>.</summary>
    private static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxCsvBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxCsvBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
    }
}
