using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Leads;
using Microsoft.Extensions.Options;

namespace CallRecover.Crm;

/// <summary>A connection as the owner and the operator see it: the API key and the password are write-only (only whether they are set).</summary>
public sealed record CrmConnectionView(string Kind, string BaseUrl, string Username, long EntityId, CrmFieldMap Fields,
    IReadOnlyDictionary<string, string> StatusOut, IReadOnlyDictionary<string, string> StatusIn, bool Enabled, bool ApiKeySet, bool PasswordSet,
    DateTimeOffset? LastSyncAt, DateTimeOffset? LastPollAt, string? LastError)
{
    public static CrmConnectionView Of(CrmConnection c) => new(c.Kind, c.BaseUrl, c.Username, c.EntityId, c.Fields, c.StatusOutMap, c.StatusInMap, c.Enabled,
        c.ApiKey.Length > 0, c.Password.Length > 0, c.LastSyncAt, c.LastPollAt, c.LastError);
}

/// <summary>What the owner's settings page and the operator API do with a business's CRM connection; each change is audited.</summary>
public sealed class CrmConnections(Db db, CrmStore store, CrmSecrets secrets, RukovoditelClient client, AuditLog audit, IOptions<OutboundOptions> outbound,
    TimeProvider clock)
{
    /// <summary>A new connection needs the API key and the password; on a change, an empty one keeps what is stored.</summary>
    public sealed record Input(string? Kind, string? BaseUrl, string? Username, string? Password, string? ApiKey, long? EntityId, CrmFieldMap? Fields,
        Dictionary<string, string>? StatusOut, Dictionary<string, string>? StatusIn, bool? Enabled);

    public sealed record Result(CrmConnectionView? Value, Dictionary<string, string[]> Errors);

    /// <summary>What a new connection maps back from the CRM unless the owner says otherwise.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultStatusIn = new Dictionary<string, string> { ["Lost"] = LeadStatuses.Lost, ["Won"] = LeadStatuses.Completed };

    public async Task<CrmConnectionView?> GetAsync(string businessId, CancellationToken ct = default) =>
        await store.GetAsync(businessId, ct) is { } c ? CrmConnectionView.Of(c) : null;

    public async Task<Result> SaveAsync(string businessId, Input input, string actor, CancellationToken ct = default)
    {
        var existing = await store.GetAsync(businessId, ct);
        var errors = new Dictionary<string, string[]>();
        if ((input.Kind ?? CrmKinds.Rukovoditel) != CrmKinds.Rukovoditel) errors["kind"] = ["kind must be rukovoditel."];
        if (await OutboundTargets.CheckAsync(input.BaseUrl, outbound.Value.AllowPrivateTargets, ct) is { } bad) errors["baseUrl"] = [bad.Replace("url", "baseUrl")];
        if (string.IsNullOrWhiteSpace(input.Username) || input.Username.Length > 200) errors["username"] = ["username is required (at most 200 characters)."];
        if (string.IsNullOrEmpty(input.Password) && existing is null) errors["password"] = ["password is required."];
        else if (input.Password is { Length: > 500 }) errors["password"] = ["password must be at most 500 characters."];
        if (string.IsNullOrEmpty(input.ApiKey) && existing is null) errors["apiKey"] = ["apiKey is required (Extension → Tools → API in Rukovoditel)."];
        else if (input.ApiKey is { Length: > 500 }) errors["apiKey"] = ["apiKey must be at most 500 characters."];
        if (input.EntityId is not > 0) errors["entityId"] = ["entityId must be the id of the Rukovoditel entity (a positive number)."];
        var fields = input.Fields ?? existing?.Fields ?? new CrmFieldMap();
        if (fields.Phone is null) errors["fields.phone"] = ["fields.phone is required: the record's phone field finds a lead's record again."];
        foreach (var (key, field) in fields.All())
            if (field is <= 0) errors[$"fields.{key}"] = [$"fields.{key} must be a Rukovoditel field id (the N of field_N)."];
        var statusOut = input.StatusOut ?? existing?.StatusOutMap ?? [];
        if (statusOut.Count > 50 || statusOut.Any(kv => kv.Key.Length is 0 or > 50 || kv.Value is null || kv.Value.Length > 200))
            errors["statusOut"] = ["statusOut maps our stage names to the value the CRM's status field takes (at most 50 entries)."];
        var statusIn = input.StatusIn ?? existing?.StatusInMap ?? new Dictionary<string, string>(DefaultStatusIn);
        if (statusIn.Count > 50 || statusIn.Any(kv => kv.Key.Trim().Length is 0 or > 200 || !CrmPoll.SettableStatuses.Contains(kv.Value ?? "")))
            errors["statusIn"] = [$"statusIn maps the CRM's status text to one of: {string.Join(", ", CrmPoll.SettableStatuses)}."];
        if (errors.Count > 0) return new(null, errors);

        var now = clock.GetUtcNow();
        var c = new CrmConnection
        {
            BusinessId = businessId, Kind = CrmKinds.Rukovoditel, BaseUrl = input.BaseUrl!.Trim(), Username = input.Username!.Trim(),
            Password = string.IsNullOrEmpty(input.Password) ? existing!.Password : secrets.Protect(input.Password),
            ApiKey = string.IsNullOrEmpty(input.ApiKey) ? existing!.ApiKey : secrets.Protect(input.ApiKey),
            EntityId = input.EntityId!.Value, FieldMap = Json.Serialize(fields), StatusOut = Json.Serialize(statusOut), StatusIn = Json.Serialize(statusIn),
            Enabled = input.Enabled ?? existing?.Enabled ?? true, CreatedAt = existing?.CreatedAt ?? now, UpdatedAt = now,
        };
        await db.WriteAsync(async tx =>
        {
            await store.UpsertAsync(tx, c);
            // Never the secrets: only whether they changed.
            await audit.WriteAsync(tx, businessId, actor, "crm", businessId, existing is null ? "connected" : "changed",
                new { c.BaseUrl, c.Username, c.EntityId, c.Enabled, apiKeyChanged = !string.IsNullOrEmpty(input.ApiKey), passwordChanged = !string.IsNullOrEmpty(input.Password) });
        }, ct);
        return new(CrmConnectionView.Of((await store.GetAsync(businessId, ct))!), errors);
    }

    public async Task<bool> DisconnectAsync(string businessId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            if (!await store.DeleteAsync(tx, businessId)) return false;
            await audit.WriteAsync(tx, businessId, actor, "crm", businessId, "disconnected");
            return true;
        }, ct);

    public sealed record TestResult(bool Ok, string Message);

    /// <summary>A real <c>select</c> of one record with the stored credentials; the answer is logged in the sync log too.</summary>
    public async Task<TestResult?> TestAsync(string businessId, CancellationToken ct = default)
    {
        if (await store.GetAsync(businessId, ct) is not { } c) return null;
        TestResult result;
        try
        {
            var records = await client.SelectOneAsync(secrets.Target(c), ct);
            result = new(true, records.Count == 0 ? $"Connected: entity {c.EntityId} has no records yet." : $"Connected: entity {c.EntityId} answered with record {records[0].GetValueOrDefault("id")}.");
        }
        catch (CrmException ex)
        {
            result = new(false, ex.Message);
        }
        await db.WriteAsync(tx => store.LogAsync(tx, businessId, null, "test", result.Ok, null, result.Ok ? null : result.Message, clock.GetUtcNow()), ct);
        return result;
    }
}
