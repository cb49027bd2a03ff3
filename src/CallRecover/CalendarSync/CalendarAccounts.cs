using System.Security.Cryptography;
using System.Text;
using CallRecover.Audit;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CallRecover.CalendarSync;

/// <summary>A connected calendar account as the owner and the operator see it (never its token).</summary>
public sealed record CalendarAccountView(string Id, string Provider, string? Account, bool Broken, DateTimeOffset? LastSyncedAt, DateTimeOffset? LastAttemptAt,
    string? LastError, int BusyCount);

/// <summary>
/// Calendar accounts connected by OAuth (Google Calendar, Outlook Calendar): the connect round trip (a state bound to the business and the
/// signed-in user, time-limited by Data Protection), the refresh token kept protected, busy times read into
/// <c>calendar_busy</c> like an iCal address's (a failure keeps the last good ones), and our bookings written out as events.
/// When the provider refuses the grant the account is marked broken, its busy times go (slots fall back to our own
/// appointments) and the owner is told once, in words.
/// </summary>
public sealed class CalendarAccounts(Db db, CalendarSyncStore store, BusinessStore businesses, AppointmentStore appointments, LeadStore leads, IEnumerable<ICalendarProvider> providers,
    Notifier notifier, AuditLog audit, IDataProtectionProvider protection, IOptions<CalendarSyncOptions> options, IOptions<AppOptions> app, TimeProvider clock,
    ILogger<CalendarAccounts> log)
{
    private readonly IDataProtector _tokens = protection.CreateProtector("CallRecover.CalendarSync.RefreshToken");
    private readonly ITimeLimitedDataProtector _state = protection.CreateProtector("CallRecover.CalendarSync.OAuthState").ToTimeLimitedDataProtector();

    private readonly ITimeLimitedDataProtector _notice = protection.CreateProtector("CallRecover.CalendarSync.ConnectNotice").ToTimeLimitedDataProtector();

    /// <summary>
    /// Why connecting failed, sealed for the redirect to the settings page: the page shows only words we wrote, never text
    /// someone put in a link.
    /// </summary>
    public string SealNotice(string text) => _notice.Protect(text, TimeSpan.FromMinutes(10));

    public string? OpenNotice(string? sealedText)
    {
        if (string.IsNullOrEmpty(sealedText)) return null;
        try { return _notice.Unprotect(sealedText); }
        catch (CryptographicException) { return null; }
    }

    /// <summary>The providers this installation offers (none without their settings).</summary>
    public IReadOnlyList<string> Offered => [.. providers.Where(p => p.Configured).Select(p => p.Key)];

    public static string Name(string provider) => provider switch
    {
        GoogleCalendar.Provider => "Google Calendar", MicrosoftCalendar.Provider => "Outlook Calendar", _ => provider,
    };

    private ICalendarProvider? For(string? provider) => providers.FirstOrDefault(p => p.Key == provider && p.Configured);

    public string RedirectUri(string provider) => $"{app.Value.BaseUrl}/api/dashboard/calendar/{provider}/callback";

    public async Task<IReadOnlyList<CalendarAccountView>> ViewAsync(string businessId, CancellationToken ct = default) =>
        [.. (await store.SourcesAsync(businessId, ct)).Where(s => s.Provider is not null)
            .Select(s => new CalendarAccountView(s.Id, s.Provider!, s.Account, s.BrokenAt is not null, s.LastSyncedAt, s.LastAttemptAt, s.LastError, s.BusyCount))];

    /// <summary>Where to send the owner's browser to connect; null when the provider is not offered.</summary>
    public string? StartUrl(string businessId, string userId, string provider)
    {
        if (For(provider) is not { } p) return null;
        var state = _state.Protect($"{provider}|{businessId}|{userId}|{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}", TimeSpan.FromMinutes(15));
        return p.AuthorizeUrl(RedirectUri(provider), state);
    }

    /// <summary>
    /// The provider sent the owner back: checks the state is this business's and this user's, exchanges the code, stores the
    /// account (replacing an earlier one of the same provider) and reads its busy times. Returns the error in words, or null.
    /// </summary>
    public async Task<string?> FinishAsync(string businessId, string userId, string actor, string provider, string? code, string? state, string? error,
        CancellationToken ct = default)
    {
        if (For(provider) is not { } p) return $"{Name(provider)} is not offered here.";
        string? payload = null;
        try { payload = state is null ? null : _state.Unprotect(state); }
        catch (CryptographicException) { }
        var parts = payload?.Split('|');
        if (parts is not { Length: 4 } || parts[0] != provider || parts[1] != businessId || parts[2] != userId)
            return "The connection link expired or was started by someone else. Click Connect again.";
        if (error is not null || string.IsNullOrEmpty(code))
            return error == "access_denied" ? $"You did not allow access to {Name(provider)}, so nothing was connected." : $"{Name(provider)} did not connect ({error ?? "no code"}). Try again.";
        ProviderGrant grant;
        try { grant = await p.ExchangeAsync(code, RedirectUri(provider), ct); }
        catch (CalendarProviderException ex) { return ex.Message; }

        var source = new CalendarSource
        {
            Id = Ids.New(), BusinessId = businessId, Url = "", UrlHint = Name(provider), Provider = provider, RefreshToken = _tokens.Protect(grant.RefreshToken),
            Account = grant.Account, CreatedAt = clock.GetUtcNow(),
        };
        await db.WriteAsync(async tx =>
        {
            foreach (var old in (await store.SourcesAsync(businessId, ct)).Where(s => s.Provider == provider && s.TechnicianId is null))
                await store.RemoveSourceAsync(tx, businessId, old.Id);
            await store.AddSourceAsync(tx, source);
            await audit.WriteAsync(tx, businessId, actor, "business", businessId, "calendar_connected", new { provider });
        }, ct);
        if (await businesses.GetAsync(businessId, ct) is { } business) await RefreshAsync(business, source, ct);
        return null;
    }

    /// <summary>Forgets the account: its token, its busy times and the record of our events there (the events themselves stay in that calendar).</summary>
    public async Task<bool> DisconnectAsync(string businessId, string provider, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            var found = (await store.SourcesAsync(businessId, ct)).Where(s => s.Provider == provider).ToList();
            foreach (var s in found) await store.RemoveSourceAsync(tx, businessId, s.Id);
            if (found.Count > 0) await audit.WriteAsync(tx, businessId, actor, "business", businessId, "calendar_disconnected", new { provider });
            return found.Count > 0;
        }, ct);

    /// <summary>Reads the account's busy times into the cache; false when it failed (the last good busy times stay, unless the access was revoked).</summary>
    public async Task<bool> RefreshAsync(Business business, CalendarSource source, CancellationToken ct = default)
    {
        if (source.BrokenAt is not null || For(source.Provider) is not { } p) return false;
        var now = clock.GetUtcNow();
        try
        {
            var token = await AccessTokenAsync(p, business.Id, source, ct);
            var busy = await p.BusyAsync(token, source.Account, now, now.AddDays(options.Value.HorizonDays), ct);
            await db.WriteAsync(tx => store.ReplaceBusyAsync(tx, business.Id, source.Id, source.TechnicianId, busy, null, null, now), ct);
            return true;
        }
        catch (CalendarProviderException ex)
        {
            await FailedAsync(business.Id, source, ex, ct);
            return false;
        }
    }

    /// <summary>
    /// Makes the appointment's event in each working account match the appointment: made once (our event id is derived
    /// from the appointment, and the link is stored), updated in place when it changed, deleted once when it is cancelled.
    /// Nothing new since the last write: no call. A revoked account is marked broken (no retry); another failure throws, so
    /// the queue retries.
    /// </summary>
    public async Task PushAsync(string businessId, string appointmentId, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return;
        var accounts = (await store.SourcesAsync(businessId, ct)).Where(s => For(s.Provider) is not null && s.BrokenAt is null && s.TechnicianId is null).ToList();
        if (accounts.Count == 0) return;
        var a = await appointments.GetAsync(businessId, appointmentId, ct);
        var remove = a is null || a.Status is AppointmentStatuses.Cancelled;
        CalendarEventBody? body = null;
        string pushed = "deleted";
        if (!remove)
        {
            var lead = await leads.GetAsync(businessId, a!.LeadId, ct);
            body = new CalendarEventBody($"{a.ServiceType ?? "Service visit"} – {lead?.Name ?? "customer"}", string.IsNullOrWhiteSpace(a.Address) ? null : a.Address,
                $"{business.Name} visit, booked by CallRecover. Status: {a.Status}.", a.StartAt, a.EndAt, business.TimeZone);
            pushed = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json.Serialize(body))))[..32];
        }
        string? failure = null;
        foreach (var source in accounts)
        {
            var link = await store.EventAsync(businessId, source.Id, appointmentId, ct);
            if (remove ? link is null || link.DeletedAt is not null : link is { DeletedAt: null } && link.Pushed == pushed) continue;
            var p = For(source.Provider)!;
            try
            {
                var token = await AccessTokenAsync(p, businessId, source, ct);
                string remoteId;
                if (remove)
                {
                    await p.DeleteAsync(token, link!.RemoteId, ct);
                    remoteId = link.RemoteId;
                }
                else remoteId = await p.UpsertAsync(token, appointmentId, link is { DeletedAt: null } ? link.RemoteId : null, body!, ct);
                var now = clock.GetUtcNow();
                await db.WriteAsync(tx => store.SaveEventAsync(tx, businessId, source.Id, appointmentId, remoteId, pushed, remove ? now : null, now), ct);
            }
            catch (CalendarProviderException ex)
            {
                await FailedAsync(businessId, source, ex, ct);
                if (!ex.Revoked) failure = ex.Message;
            }
        }
        if (failure is not null) throw new InvalidOperationException($"Calendar push failed: {failure}");
    }

    private async Task FailedAsync(string businessId, CalendarSource source, CalendarProviderException ex, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var provider = Name(source.Provider ?? "");
        await db.WriteAsync(async tx =>
        {
            if (!ex.Revoked)
            {
                await store.MarkFailedAsync(tx, businessId, source.Id, ex.Message, now);
                return;
            }
            if (await store.MarkBrokenAsync(tx, businessId, source.Id, ex.Message, now))
                await notifier.NotifyAsync(tx, businessId, new OwnerNotice("calendar_disconnected", $"{provider} disconnected",
                    $"{provider} stopped letting us use your calendar (the access was removed or has expired). Until you connect it again in Settings → Calendar, " +
                    "we offer times from your CallRecover bookings only and new bookings are not added to it."));
        }, ct);
        // Never the token: the source, the business and the provider's words.
        log.LogWarning("Calendar account {SourceId} ({Provider}) of business {BusinessId} failed, access revoked: {Revoked}: {Error}", source.Id, source.Provider,
            businessId, ex.Revoked, ex.Message);
    }

    /// <summary>An access token; a refresh token the provider rotated is kept in place of the old one.</summary>
    private async Task<string> AccessTokenAsync(ICalendarProvider p, string businessId, CalendarSource source, CancellationToken ct)
    {
        var access = await p.AccessAsync(RefreshToken(source), ct);
        if (access.NewRefreshToken is { } rotated)
            await db.WriteAsync(tx => store.SetRefreshTokenAsync(tx, businessId, source.Id, _tokens.Protect(rotated)), ct);
        return access.AccessToken;
    }

    private string RefreshToken(CalendarSource source)
    {
        try { return _tokens.Unprotect(source.RefreshToken ?? ""); }
        catch (CryptographicException)
        {
            throw new CalendarProviderException("We could not read the stored access to your calendar (this server's keys changed). Connect it again.", revoked: true);
        }
    }
}

/// <summary>
/// Queues a calendar push, in the transaction of the change, for every appointment booked, moved, re-addressed, assigned or
/// cancelled while the business has a working calendar account. One ordering key per appointment: its pushes run in order.
/// </summary>
public sealed class CalendarPushQueue(CalendarSyncStore store, WorkQueue queue) : IAppointmentChangedHook
{
    public async Task ChangedAsync(DbTx tx, string businessId, string appointmentId)
    {
        if (!await store.HasWorkingAccountAsync(tx, businessId)) return;
        await queue.EnqueueAsync(tx, new NewWork(CalendarPush.Kind, new CalendarPush.Payload(appointmentId), businessId, $"calendar:{businessId}:{appointmentId}",
            MaxAttempts: CalendarPush.MaxAttempts));
    }
}

/// <summary>One push of an appointment to the business's connected calendars (see <see cref="CalendarAccounts.PushAsync"/>).</summary>
public sealed class CalendarPush(CalendarAccounts accounts) : IWorkHandler
{
    public const string Kind = "calendar.push";
    /// <summary>About a day of retries at the queue's backoff.</summary>
    public const int MaxAttempts = 60;

    public sealed record Payload(string AppointmentId);

    string IWorkHandler.Kind => Kind;

    public Task HandleAsync(WorkItem item, CancellationToken ct) =>
        accounts.PushAsync(item.BusinessId ?? throw new PermanentWorkFailure("A calendar push without a business."), item.PayloadAs<Payload>().AppointmentId, ct);
}
