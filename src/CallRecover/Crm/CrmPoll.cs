using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Queue;

namespace CallRecover.Crm;

/// <summary>
/// Status updates back, and catching up what no event announced. For each business with a connection turned on:
/// <list type="number">
/// <item>a linked lead whose status changed here since the CRM last agreed (staff marked it lost, it went quiet, a visit
/// was completed) is pushed again;</item>
/// <item>a lead made since the connection that has no record yet (a web-form request, an answered call) is pushed;</item>
/// <item>the linked records' status field is read back (<c>select</c> by id, 50 at a time) and a status the CRM changed is
/// applied to the lead through <see cref="LeadStore"/> when the owner's <c>status_in</c> map names it (e.g. "Lost" → lost,
/// "Won" → completed). A status the map does not name is only remembered. Opted-out is never set from the CRM: only the
/// person can opt out.</item>
/// </list>
/// </summary>
public sealed class CrmPoll(Db db, CrmStore store, LeadStore leads, CrmSecrets secrets, RukovoditelClient client, WorkQueue queue, TimeProvider clock,
    ILogger<CrmPoll> log) : IScheduledTask
{
    public string Key => "crm.poll";
    public string Name => "CRM status sync";
    public string Description => "Reads lead statuses back from each connected CRM and pushes leads whose status changed here.";
    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    /// <summary>Lead statuses the CRM may set (never opted_out: only the person opts out).</summary>
    public static readonly IReadOnlySet<string> SettableStatuses = LeadStatuses.All.Where(s => s != LeadStatuses.OptedOut).ToHashSet();

    private const int Page = 200, SelectBatch = 50;

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        int pushed = 0, pulled = 0, failed = 0;
        foreach (var businessId in await store.EnabledBusinessesAsync(ct))
        {
            try
            {
                var (p, q) = await RunForAsync(businessId, ct);
                pushed += p;
                pulled += q;
            }
            catch (CrmException ex)
            {
                failed++;
                log.LogWarning("CRM poll for business {BusinessId} failed: {Error}", businessId, ex.Message);
                await db.WriteAsync(async tx =>
                {
                    await store.LogAsync(tx, businessId, null, "poll", false, null, ex.Message, clock.GetUtcNow());
                    await store.MarkErrorAsync(tx, businessId, ex.Message);
                }, ct);
            }
        }
        return $"{pushed} lead(s) queued, {pulled} status(es) applied{(failed > 0 ? $", {failed} CRM(s) failed" : "")}";
    }

    /// <summary>One business's poll; answers how many leads were queued and how many CRM statuses were applied.</summary>
    public async Task<(int Pushed, int Pulled)> RunForAsync(string businessId, CancellationToken ct)
    {
        if (await store.GetAsync(businessId, ct) is not { Enabled: true } connection) return (0, 0);
        var statusField = connection.Fields.Status;
        var statusIn = new Dictionary<string, string>(connection.StatusInMap.Where(kv => SettableStatuses.Contains(kv.Value)), StringComparer.OrdinalIgnoreCase);
        var target = secrets.Target(connection);
        int pushed = 0, pulled = 0;

        // Leads no event announced.
        var unlinked = await store.UnlinkedLeadsAsync(businessId, connection.CreatedAt, Page, ct);
        pushed += await QueueAsync(businessId, unlinked, ct);

        var after = "";
        while (true)
        {
            var page = await store.LinkedLeadsAsync(businessId, after, Page, ct);
            if (page.Count == 0) break;
            after = page[^1].LeadId;
            pushed += await QueueAsync(businessId, [.. page.Where(l => l.Status != l.LeadStatus).Select(l => l.LeadId)], ct);
            if (statusField is not { } field) continue;
            var key = field.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var batch in page.Chunk(SelectBatch))
            {
                var records = (await client.SelectByIdsAsync(target, batch.Select(l => l.RemoteId), [field], ct))
                    .Where(r => r.ContainsKey("id")).ToDictionary(r => r["id"]!, r => r.GetValueOrDefault(key));
                foreach (var l in batch)
                {
                    if (!records.TryGetValue(l.RemoteId, out var remote) || remote is null || remote == l.RemoteStatus) continue;
                    var apply = statusIn.TryGetValue(remote.Trim(), out var status) && status != l.Status ? status : null;
                    await db.WriteAsync(async tx =>
                    {
                        var now = clock.GetUtcNow();
                        if (apply is not null) await leads.SetStatusAsync(tx, businessId, l.LeadId, apply);
                        // The CRM now agrees with the lead's status: no push back of what came from it.
                        await store.SetLinkStatusAsync(tx, businessId, l.LeadId, apply, remote, now);
                        if (apply is not null) await store.LogAsync(tx, businessId, l.LeadId, "pull", true, l.RemoteId, null, now);
                    }, ct);
                    if (apply is not null) pulled++;
                }
            }
        }
        await db.WriteAsync(tx => store.MarkPolledAsync(tx, businessId, clock.GetUtcNow()), ct);
        return (pushed, pulled);
    }

    private async Task<int> QueueAsync(string businessId, IReadOnlyList<string> leadIds, CancellationToken ct)
    {
        if (leadIds.Count == 0) return 0;
        return await db.WriteAsync(async tx =>
        {
            var n = 0;
            foreach (var leadId in leadIds)
            {
                var phone = (await leads.GetAsync(tx, businessId, leadId))?.Phone;
                if (phone is null) continue;
                await CrmSync.QueueAsync(queue, tx, businessId, leadId, phone, null);
                n++;
            }
            return n;
        }, ct);
    }
}
