using System.Globalization;
using CallRecover.Booking;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Notifications;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallRecover.Campaigns;

/// <summary>
/// Feeds sending campaigns into the one send path, a scheduled task (<c>campaigns.send</c>) that one node runs at a time.
/// Each run, per campaign: starts scheduled campaigns whose time has come; brings recipients up to date with their texts;
/// pauses the campaign (and tells the owner) when its opt-out rate or the carrier's filtering passes the limits; then, on
/// a day the business is open, queues texts for recipients whose local time is within 10:00–20:00 — only as many as the
/// send budget can take in the next seconds, so a campaign never floods the queue and callers' texts keep their place
/// (the budget itself, at the moment of sending, puts every other text first). A recipient is claimed with a
/// conditional update in the transaction that queues its text: two runs or two nodes never text a person twice.
/// </summary>
public sealed class CampaignSender(
    Db db, CampaignStore store, CampaignService campaigns, SmsSender sender, SendBudget budget, BusinessStore businesses, BookingSettingsStore booking,
    Notifier notifier, IOptions<CampaignOptions> options, TimeProvider clock, ILogger<CampaignSender> log) : IScheduledTask
{
    public string Key => "campaigns.send";
    public string Name => "Campaign sender";
    public string Description => "Starts scheduled campaigns and hands sending ones their next texts, at the send budget's pace, in each person's 10:00–20:00.";
    public TimeSpan Interval => TimeSpan.FromSeconds(options.Value.FeedIntervalSeconds);
    public bool Frequent => true;

    /// <summary>Texts queued in one run per campaign at most (a budget of thousands per second still runs in steps).</summary>
    public const int MaxPerRun = 1000;

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        foreach (var due in await store.DueScheduledAsync(ct))
            await campaigns.BeginSendingAsync(due.BusinessId, due.Id, [CampaignStatuses.Scheduled], "system", ct);
        int queued = 0, active = 0;
        foreach (var campaign in await store.SendingAsync(ct))
        {
            active++;
            try { queued += await FeedAsync(campaign, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Campaign {CampaignId} of business {BusinessId}: feeding failed; next run tries again", campaign.Id, campaign.BusinessId);
            }
        }
        return active == 0 ? null : $"{active} campaign(s) sending, {queued} text(s) queued";
    }

    /// <summary>One campaign's step; returns how many texts it queued.</summary>
    public async Task<int> FeedAsync(Campaign campaign, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(campaign.BusinessId, ct) is not { } business) return 0;
        // A paused business texts nobody: its campaign waits (rather than every recipient being marked skipped).
        if (business.SubscriptionStatus is "paused" or "cancelled") return 0;
        await db.WriteAsync(tx => store.SyncQueuedAsync(tx, business.Id, campaign.Id, [TextReasons.CampaignHours]), ct);
        if (await PauseIfNeededAsync(business, campaign, ct)) return 0;

        var now = clock.GetUtcNow();
        var zones = (await store.PendingZonesAsync(business.Id, campaign.Id, ct))
            .Where(z => DateTimeZoneProviders.Tzdb.GetZoneOrNull(z) is { } zone && TextingPolicy.InCampaignHours(now, zone)).ToList();
        var inFlight = await store.InFlightAsync(business.Id, campaign.Id, ct);
        if (zones.Count == 0)
        {
            if (inFlight == 0) await FinishIfDoneAsync(business, campaign, ct);
            return 0;
        }
        if (await ClosedTodayAsync(business, now, ct) is { } closed)
        {
            log.LogDebug("Campaign {CampaignId}: the business is closed today ({Why}); nothing sent", campaign.Id, closed);
            return 0;
        }
        var limits = await budget.LimitsAsync(business.Id, ct);
        var room = Math.Min(MaxPerRun, limits.PerSecond * options.Value.FeedAheadSeconds - inFlight);
        if (room <= 0) return 0;

        var queued = 0;
        foreach (var chunk in (await store.PendingAsync(business.Id, campaign.Id, zones, room, ct)).Chunk(50))
            queued += await db.WriteAsync(async tx =>
            {
                // Paused or cancelled meanwhile (the owner pressed Pause): stop here.
                if ((await store.GetAsync(tx, business.Id, campaign.Id))?.Status != CampaignStatuses.Sending) return 0;
                var n = 0;
                foreach (var r in chunk)
                {
                    if (!await store.ClaimAsync(tx, business.Id, r.Id)) continue;
                    var text = CampaignTemplate.Render(business, campaign.Template, r.FirstName, r.FieldValues());
                    var result = await sender.QueueAsync(tx, new OutboundSms(business.Id, r.Phone, text, Senders.System, SmsPurposes.Campaign, MarketingConsent: true));
                    if (result.Queued)
                    {
                        await store.SetQueuedAsync(tx, business.Id, r.Id, result.Message.Id);
                        n++;
                    }
                    else if (result.BlockedReason == TextReasons.CampaignHours)
                        await store.SetFinalAsync(tx, business.Id, r.Id, RecipientStatuses.Pending, result.BlockedReason, null);
                    else
                        await store.SetFinalAsync(tx, business.Id, r.Id, RecipientStatuses.Skipped, result.BlockedReason, result.Message.Id);
                }
                return n;
            }, ct);
        return queued;
    }

    /// <summary>The business's reason to be closed today in its own time zone (a closed weekday, a day off, a holiday), or null when open.</summary>
    private async Task<string?> ClosedTodayAsync(Business business, DateTimeOffset now, CancellationToken ct)
    {
        var today = Instant.FromDateTimeOffset(now).InZone(business.Zone).Date;
        if (business.BusinessHours.For(today.DayOfWeek) is null) return $"closed on {today.DayOfWeek}s";
        return ClosedCalendar.Of(await booking.GetAsync(business.Id, ct)).ClosedOn(today);
    }

    private async Task<bool> PauseIfNeededAsync(Business business, Campaign campaign, CancellationToken ct)
    {
        var o = options.Value;
        var (handed, optedOut, filtered) = await store.PauseFactsAsync(business.Id, campaign.Id, ct);
        if (handed < o.PauseMinimumSent) return false;
        string? reason = null, why = null;
        if (optedOut * 100.0 / handed > o.PauseOptOutPercent)
        {
            reason = "opt_out_rate";
            why = $"{optedOut} of the {handed} people it texted opted out ({Percent(optedOut, handed)}), more than your {o.PauseOptOutPercent.ToString(CultureInfo.InvariantCulture)} % limit";
        }
        else if (filtered * 100.0 / handed > o.PauseFilteredPercent)
        {
            reason = "carrier_filtering";
            why = $"carriers filtered {filtered} of its {handed} texts ({Percent(filtered, handed)}) as unwanted, more than the {o.PauseFilteredPercent.ToString(CultureInfo.InvariantCulture)} % limit";
        }
        if (reason is null) return false;
        var paused = await db.WriteAsync(async tx =>
        {
            if (!await store.SetStatusAsync(tx, business.Id, campaign.Id, [CampaignStatuses.Sending], CampaignStatuses.Paused, reason)) return false;
            campaigns.Changed(tx, business.Id, campaign.Id);
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("campaign_paused", $"Campaign “{campaign.Name}” paused itself",
                $"It stopped because {why}. Nobody else gets it until you resume it; check the message and the list first.", new { campaignId = campaign.Id }));
            return true;
        }, ct);
        if (paused) log.LogWarning("Campaign {CampaignId} of business {BusinessId} paused itself: {Reason}", campaign.Id, business.Id, reason);
        return true;
    }

    private static string Percent(int part, int whole) => (part * 1.0 / whole).ToString("P1", CultureInfo.InvariantCulture);

    private async Task FinishIfDoneAsync(Business business, Campaign campaign, CancellationToken ct)
    {
        if (await store.UnfinishedAsync(business.Id, campaign.Id, ct) > 0) return;
        await db.WriteAsync(async tx =>
        {
            if (await store.SetStatusAsync(tx, business.Id, campaign.Id, [CampaignStatuses.Sending], CampaignStatuses.Done)) campaigns.Changed(tx, business.Id, campaign.Id);
        }, ct);
    }
}
