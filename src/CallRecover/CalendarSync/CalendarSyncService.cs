using CallRecover.Audit;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CallRecover.CalendarSync;

/// <summary>One calendar source as the owner and the operator see it (the full address: they pasted it).</summary>
public sealed record CalendarSourceView(string Id, string Url, string? TechnicianId, DateTimeOffset? LastSyncedAt, DateTimeOffset? LastAttemptAt, string? LastError,
    int BusyCount);

/// <param name="Offered">The calendar accounts this installation can connect ("google"); empty without their settings.</param>
/// <param name="Accounts">The connected calendar accounts and each one's last sync and error.</param>
public sealed record CalendarSyncView(IReadOnlyList<string> IcsUrls, IReadOnlyList<CalendarSourceView> Sources, IReadOnlyList<string> Offered,
    IReadOnlyList<CalendarAccountView> Accounts);

/// <summary>
/// The business's own calendars: the secret iCal addresses it pasted (checked against the SSRF guard when saved), their
/// scheduled fetch (conditional GET; a failure keeps the last good busy times and records the error in words), and the busy
/// times slot finding reads (<see cref="IBusyTimeSource"/>: the database only, never the network).
/// </summary>
public sealed class CalendarSyncService(Db db, CalendarSyncStore store, BusinessStore businesses, IcsFetcher fetcher, CalendarAccounts accounts, AuditLog audit,
    IDataProtectionProvider protection, IOptions<CalendarSyncOptions> options, IOptions<OutboundOptions> outbound, TimeProvider clock,
    ILogger<CalendarSyncService> log) : IBusyTimeSource
{
    public const int MaxSources = 10;

    private readonly IDataProtector _protector = protection.CreateProtector("CallRecover.CalendarSync.Url");

    public sealed record Input(IReadOnlyList<string?>? IcsUrls);

    public sealed record SaveResult(CalendarSyncView? Value, Dictionary<string, string[]> Errors);

    public async Task<CalendarSyncView> ViewAsync(string businessId, CancellationToken ct = default)
    {
        var all = await store.SourcesAsync(businessId, ct);
        var sources = all.Where(s => s.Provider is null)
            .Select(s => new CalendarSourceView(s.Id, Unprotect(s.Url), s.TechnicianId, s.LastSyncedAt, s.LastAttemptAt, s.LastError, s.BusyCount)).ToList();
        return new CalendarSyncView([.. sources.Where(s => s.TechnicianId is null).Select(s => s.Url)], sources, accounts.Offered, await accounts.ViewAsync(businessId, ct));
    }

    /// <summary>
    /// Replaces the business's calendar addresses: an address already there keeps its sync state and busy times, a removed
    /// one loses them, a new one is fetched by the next sync (or <see cref="RefreshAsync"/>). All or nothing.
    /// </summary>
    /// <param name="technicianId">Replace that technician's addresses instead of the business's own (the caller checked the technician is the business's).</param>
    public async Task<SaveResult> SaveAsync(string businessId, Input input, string actor, CancellationToken ct = default, string? technicianId = null)
    {
        var errors = new Dictionary<string, string[]>();
        var urls = (input.IcsUrls ?? []).Select(u => u?.Trim()).Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).Distinct(StringComparer.Ordinal).ToList();
        if (input.IcsUrls is null) errors["icsUrls"] = ["icsUrls is required (a list of secret iCal addresses; empty to remove them all)."];
        else if (urls.Count > MaxSources) errors["icsUrls"] = [$"icsUrls may hold at most {MaxSources} addresses."];
        else
        {
            var problems = new List<string>();
            for (var i = 0; i < urls.Count; i++)
            {
                // webcal:// is how calendars often show the address; it is https underneath.
                if (urls[i].StartsWith("webcal://", StringComparison.OrdinalIgnoreCase)) urls[i] = "https://" + urls[i]["webcal://".Length..];
                if (await OutboundTargets.CheckAsync(urls[i], outbound.Value.AllowPrivateTargets, ct) is { } problem)
                    problems.Add($"icsUrls[{i}]: {problem.Replace("url ", "the address ", StringComparison.Ordinal)}");
            }
            if (problems.Count > 0) errors["icsUrls"] = [.. problems];
        }
        if (errors.Count > 0) return new SaveResult(null, errors);

        await db.WriteAsync(async tx =>
        {
            var existing = (await store.SourcesAsync(businessId, ct)).Where(s => s.TechnicianId == technicianId && s.Provider is null).ToList();
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in existing)
            {
                var url = Unprotect(s.Url);
                if (urls.Contains(url) && kept.Add(url)) continue;
                await store.RemoveSourceAsync(tx, businessId, s.Id);
            }
            foreach (var url in urls.Where(u => !kept.Contains(u)))
                await store.AddSourceAsync(tx, new CalendarSource
                {
                    Id = Ids.New(), BusinessId = businessId, TechnicianId = technicianId, Url = _protector.Protect(url), UrlHint = Hint(url), CreatedAt = clock.GetUtcNow(),
                });
            await audit.WriteAsync(tx, businessId, actor, "business", businessId, "calendar_sync_saved", new { sources = urls.Count, technicianId });
        }, ct);
        return new SaveResult(await ViewAsync(businessId, ct), []);
    }

    /// <summary>Fetches every calendar of the business now (iCal addresses and connected accounts); answers how many failed.</summary>
    public async Task<int> RefreshAsync(string businessId, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return 0;
        var failed = 0;
        foreach (var source in await store.SourcesAsync(businessId, ct))
            if (!await (source.Provider is null ? RefreshSourceAsync(business, source, ct) : accounts.RefreshAsync(business, source, ct))) failed++;
        return failed;
    }

    private async Task<bool> RefreshSourceAsync(Business business, CalendarSource source, CancellationToken ct)
    {
        // The network first, outside any transaction: a slow provider holds no lock.
        var fetch = await fetcher.FetchAsync(Unprotect(source.Url), source.Etag, source.LastModified, ct);
        var now = clock.GetUtcNow();
        IReadOnlyList<Busy>? busy = null;
        var error = fetch.Error;
        if (error is null && !fetch.NotModified)
        {
            try { busy = IcsBusyTimes.Read(fetch.Body!, business.Zone, now, now.AddDays(options.Value.HorizonDays)); }
            catch (IcsFormatException ex) { error = ex.Message; }
        }
        await db.WriteAsync(async tx =>
        {
            if (error is not null) await store.MarkFailedAsync(tx, business.Id, source.Id, error, now);
            else if (busy is null) await store.MarkUnchangedAsync(tx, business.Id, source.Id, now);
            else await store.ReplaceBusyAsync(tx, business.Id, source.Id, source.TechnicianId, busy, fetch.Etag, fetch.LastModified, now);
        }, ct);
        // The address is a secret: logs name the source and its host only.
        if (error is not null) log.LogWarning("Calendar {SourceId} ({Hint}) of business {BusinessId} failed: {Error}", source.Id, source.UrlHint, business.Id, error);
        return error is null;
    }

    /// <summary>Busy times of the business's own calendars (not its technicians'), from the last good syncs.</summary>
    public Task<IReadOnlyList<Busy>> BusyAsync(DbTx tx, string businessId, DateTimeOffset from, DateTimeOffset to) =>
        store.BusyAsync(tx, businessId, null, from, to);

    /// <summary>Busy times of the technicians' own calendars (their iCal addresses), from the last good syncs.</summary>
    public Task<IReadOnlyList<TechnicianBusy>> TechnicianBusyAsync(string businessId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        store.TechnicianBusyAsync(businessId, from, to, ct);

    private string Unprotect(string protectedUrl)
    {
        try { return _protector.Unprotect(protectedUrl); }
        catch (System.Security.Cryptography.CryptographicException) { return ""; }
    }

    private static string Hint(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : "";

    /// <summary>"2 h ago", "5 min ago", "just now": how old the busy times are, for the owner.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var d = now - then;
        return d < TimeSpan.FromMinutes(1) ? "just now"
            : d < TimeSpan.FromHours(1) ? $"{(int)d.TotalMinutes} min ago"
            : d < TimeSpan.FromDays(2) ? $"{(int)d.TotalHours} h ago"
            : $"{(int)d.TotalDays} days ago";
    }
}
