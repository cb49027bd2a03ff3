using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Queue;
using CallRecover.Webhooks;

namespace CallRecover.Crm;

/// <summary>
/// The stage a push writes into the CRM's status field: the lead's own status, or what happened after it was booked.
/// The owner maps each to the value their CRM field takes (<c>status_out</c>); an unmapped one is sent as this text.
/// </summary>
public static class CrmStages
{
    public const string QuoteApproved = "quote_approved", Paid = "paid", JobPrefix = "job_";
}

/// <summary>
/// Queues a CRM push for the events the outbound webhooks carry (the same outbox hook, in the transaction of the change):
/// a missed call or a qualified lead creates or refreshes the lead's record; a booking, an approved quote, a job's stage
/// and a paid invoice update its status. Pushes for one caller are ordered (one ordering key per business and phone).
/// </summary>
public sealed class CrmEvents(CrmStore store, LeadStore leads, WorkQueue queue) : IWebhookEventObserver
{
    public async Task OnEventAsync(DbTx tx, string businessId, string type, string resourceId, object data)
    {
        if (type == WebhookEventTypes.MessageReceived) return;
        if (await store.GetAsync(tx, businessId) is not { Enabled: true }) return;
        var json = JsonSerializer.SerializeToElement(data, Json.Options);
        var (leadId, phone, stage) = type switch
        {
            // The lead for a missed call is made later in this same transaction: the push finds it by the caller's number.
            WebhookEventTypes.CallMissed => (null, Str(json, "callerPhone"), null),
            WebhookEventTypes.LeadQualified => (resourceId, Str(json, "phone"), null),
            WebhookEventTypes.AppointmentBooked => (Str(json, "leadId"), null, null),
            WebhookEventTypes.QuoteApproved => (Str(json, "quote", "leadId"), null, CrmStages.QuoteApproved),
            WebhookEventTypes.JobStageChanged => (Str(json, "job", "leadId"), null, Str(json, "to") is { } to ? CrmStages.JobPrefix + to : null),
            WebhookEventTypes.InvoicePaid => (Str(json, "leadId"), null, CrmStages.Paid),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        if (leadId is null && phone is null) return;
        phone ??= (await leads.GetAsync(tx, businessId, leadId!))?.Phone;
        if (phone is null) return;
        await CrmSync.QueueAsync(queue, tx, businessId, leadId, phone, stage);
    }

    private static string? Str(JsonElement e, params string[] path)
    {
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}

/// <summary>
/// One push of a lead to the business's CRM. Idempotent, so a retry or a repeated run never makes a second record:
/// a linked lead updates its record; an unlinked one is first looked up by its phone in the CRM (the insert may have
/// happened on a run that died before it stored the link) and inserted only when none is found; the link is written
/// with ON CONFLICT, so the first record linked stays the lead's record. A failure is logged with the CRM's words and
/// retried by the queue with backoff.
/// </summary>
public sealed class CrmSync(Db db, CrmStore store, LeadStore leads, CrmSecrets secrets, RukovoditelClient client, TimeProvider clock,
    ILogger<CrmSync> log) : IWorkHandler
{
    public const string Kind = "crm.sync";
    /// <summary>About a day of retries at the queue's backoff.</summary>
    public const int MaxAttempts = 60;

    /// <param name="Erase">The customer was erased here: blank their personal fields in the linked record (nothing inserted).</param>
    public sealed record Payload(string? LeadId, string? Phone, string? Stage, bool Erase = false);

    string IWorkHandler.Kind => Kind;

    /// <summary>The ordering key: one caller's pushes run one at a time, in order (a hash, so no phone number in the queue's keys).</summary>
    public static string OrderingKey(string businessId, string phone) =>
        $"crm:{businessId}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phone)))[..20]}";

    public static Task QueueAsync(WorkQueue queue, DbTx tx, string businessId, string? leadId, string phone, string? stage) =>
        queue.EnqueueAsync(tx, new NewWork(Kind, new Payload(leadId, phone, stage), businessId, OrderingKey(businessId, phone), MaxAttempts: MaxAttempts));

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<Payload>();
        var businessId = item.BusinessId ?? throw new PermanentWorkFailure("A CRM push without a business.");
        if (await store.GetAsync(businessId, ct) is not { Enabled: true } connection) return; // disconnected or turned off since
        var lead = p.LeadId is { } id ? await leads.GetAsync(businessId, id, ct) : await LeadByPhoneAsync(businessId, p.Phone, ct);
        if (lead is null) return; // a withheld number makes no lead
        var fields = connection.Fields;
        var target = secrets.Target(connection);
        if (p.Erase)
        {
            await EraseAsync(businessId, connection, target, lead.Id, ct);
            return;
        }
        var values = Values(connection, lead, p.Stage);
        var link = await store.GetLinkAsync(businessId, lead.Id, ct);
        string action;
        string? remoteId = link?.RemoteId;
        try
        {
            if (remoteId is null)
            {
                remoteId = fields.Phone is { } phoneField ? await FindByPhoneAsync(target, phoneField, lead.Phone, ct) : null;
                action = remoteId is null ? "insert" : "relink";
                remoteId ??= await client.InsertAsync(target, values, ct);
                var linked = await db.WriteAsync(tx => store.LinkAsync(tx, businessId, lead.Id, remoteId, clock.GetUtcNow()), ct);
                if (action == "relink" || linked != remoteId) await client.UpdateAsync(target, linked, values, ct);
                remoteId = linked;
            }
            else
            {
                action = "update";
                await client.UpdateAsync(target, remoteId, values, ct);
            }
        }
        catch (CrmException ex)
        {
            log.LogWarning("CRM push for lead {LeadId} failed: {Error}", lead.Id, ex.Message);
            await db.WriteAsync(async tx =>
            {
                await store.LogAsync(tx, businessId, lead.Id, "push", false, remoteId, ex.Message, clock.GetUtcNow());
                await store.MarkErrorAsync(tx, businessId, ex.Message);
            }, ct);
            throw new InvalidOperationException($"CRM push failed: {ex.Message}");
        }
        await db.WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            await store.SetLinkStatusAsync(tx, businessId, lead.Id, lead.Status, null, now);
            await store.LogAsync(tx, businessId, lead.Id, action, true, remoteId, null, now);
            await store.MarkSyncedAsync(tx, businessId, now);
        }, ct);
    }

    /// <summary>An erased customer's record in the CRM keeps its status but loses name, phone, email, address and notes.</summary>
    private async Task EraseAsync(string businessId, CrmConnection connection, RukovoditelTarget target, string leadId, CancellationToken ct)
    {
        if (await store.GetLinkAsync(businessId, leadId, ct) is not { } link) return;
        var f = connection.Fields;
        var blank = new[] { f.Name, f.Phone, f.Email, f.Address, f.Notes }.OfType<int>().Distinct().ToDictionary(n => n, _ => "");
        try
        {
            if (blank.Count > 0) await client.UpdateAsync(target, link.RemoteId, blank, ct);
        }
        catch (CrmException ex)
        {
            log.LogWarning("CRM erase for lead {LeadId} failed: {Error}", leadId, ex.Message);
            await db.WriteAsync(tx => store.LogAsync(tx, businessId, leadId, "erase", false, link.RemoteId, ex.Message, clock.GetUtcNow()), ct);
            throw new InvalidOperationException($"CRM erase failed: {ex.Message}");
        }
        await db.WriteAsync(tx => store.LogAsync(tx, businessId, leadId, "erase", true, link.RemoteId, null, clock.GetUtcNow()), ct);
    }

    /// <summary>The mapped fields of a lead, keyed by Rukovoditel field id.</summary>
    public static Dictionary<int, string> Values(CrmConnection connection, Lead lead, string? stage)
    {
        var f = connection.Fields;
        var status = stage ?? lead.Status;
        var values = new Dictionary<int, string>();
        void Put(int? field, string? value) { if (field is { } n && value is not null) values[n] = value; }
        Put(f.Name, lead.Name);
        Put(f.Phone, lead.Phone);
        Put(f.Email, lead.Email);
        Put(f.Service, lead.ServiceNeeded);
        Put(f.Address, lead.Address);
        Put(f.Notes, lead.Notes);
        Put(f.Status, connection.StatusOutMap.TryGetValue(status, out var mapped) ? mapped : status);
        return values;
    }

    private async Task<string?> FindByPhoneAsync(RukovoditelTarget target, int phoneField, string phone, CancellationToken ct)
    {
        var digits = Digits(phone);
        var key = phoneField.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var found = await client.SearchAsync(target, phoneField, phone, ct);
        return found.FirstOrDefault(r => r.TryGetValue(key, out var v) && v is not null && Digits(v) == digits && r.ContainsKey("id")) is { } hit ? hit["id"] : null;
    }

    private static string Digits(string s) => new([.. s.Where(char.IsAsciiDigit)]);

    private async Task<Lead?> LeadByPhoneAsync(string businessId, string? phone, CancellationToken ct) =>
        phone is null ? null : await leads.GetByPhoneAsync(businessId, phone, ct);
}

/// <summary>
/// A customer erased here is erased in the business's CRM too: each of their leads that has a record there gets a push
/// (queued in the erasure's transaction, so it survives a crash) that blanks the record's personal fields. The push carries
/// no phone number; the links stay so the push finds the record.
/// </summary>
public sealed class CrmErasure(CrmStore store, WorkQueue queue) : CallRecover.Customers.ICustomerErasureParticipant
{
    public async Task<IReadOnlyList<CallRecover.Customers.Erased>> EraseCustomerAsync(DbTx tx, CallRecover.Customers.ErasureSubject s)
    {
        if (s.LeadIds.Length == 0 || await store.GetAsync(tx, s.BusinessId) is null) return [];
        var linked = await store.LinkedLeadsAsync(tx, s.BusinessId, s.LeadIds);
        foreach (var leadId in linked)
            await queue.EnqueueAsync(tx, new NewWork(CrmSync.Kind, new CrmSync.Payload(leadId, null, null, Erase: true), s.BusinessId, $"crm:{s.BusinessId}:erase:{leadId}",
                MaxAttempts: CrmSync.MaxAttempts));
        return linked.Count == 0 ? [] : [new("crm_links", linked.Count)];
    }
}
