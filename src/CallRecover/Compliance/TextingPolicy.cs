using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using Dapper;
using NodaTime;

namespace CallRecover.Compliance;

/// <summary>Why a text is sent. The texting policy treats purposes differently (owner texts skip the do-not-text list, ...).</summary>
public static class SmsPurposes
{
    public const string Greeting = "greeting", Reply = "reply", FollowUp = "follow_up", OwnerNotification = "owner_notification",
        Manual = "manual", Compliance = "compliance", Booking = "booking", Reminder = "reminder", Quote = "quote", Review = "review",
        Campaign = "campaign",
        // A job's visit: scheduled (date and window), "on my way" with an ETA, cancelled. They go at once in the
        // daytime; at night they wait for 8:00 unless the visit comes first (TextingPolicy.VisitDaytime).
        Visit = "visit",
        // The thank-you when a job is completed: nobody is waiting for it, so it keeps the recipient's quiet hours.
        JobCompleted = "job_completed",
        // An invoice with its payment link, sent when staff send it: it answers work the customer had done, so it goes at once.
        Invoice = "invoice",
        // The confirmation of a request the person just sent through the web form (only when they ticked the consent
        // box): it answers them, so it goes at once.
        Request = "request";

    /// <summary>
    /// Texts that are not an answer to something the person just did: they wait for the recipient's daytime
    /// (TCPA quiet hours). A greeting, a reply, a booking confirmation or a quote answers the caller and goes at once.
    /// </summary>
    public static readonly string[] Unprompted = [FollowUp, Reminder, Review, Campaign, JobCompleted];

    /// <summary>
    /// A person is waiting for this text: it answers what they just did (a missed call's greeting, the reply to their text,
    /// a STOP confirmation, what staff just sent), or it is an urgent owner alert. The send path queues these ahead of the
    /// owner's other notices and every unprompted text, so a burst of calls or texts released at 8:00 does not delay them.
    /// </summary>
    public static bool SomeoneWaits(string purpose, bool urgent) =>
        !Unprompted.Contains(purpose) && (purpose != OwnerNotification || urgent);
}

public enum TextVerdict { Now, Later, Never }

/// <summary>The reason codes the policy gives; stored on the message (<c>policy_reason</c>) and shown to the owner.</summary>
public static class TextReasons
{
    public const string InvalidNumber = "invalid_or_withheld_number", OptedOut = "opted_out", DoNotText = "do_not_text",
        CannotText = "cannot_text", BusinessPaused = "business_paused", HumanActive = "human_active", NoConsent = "no_consent",
        ReviewCap = "review_cap", QuietHours = "quiet_hours", OwnerQuietHours = "owner_quiet_hours", CampaignHours = "campaign_hours",
        // Not a rule of the policy: the send budget held the text at the moment of sending (Compliance/SendBudget).
        SendBudget = "send_budget",
        // The business has no carrier number yet (signed up, onboarding not finished): there is nothing to send from.
        NoCarrierNumber = "no_carrier_number",
        // The recipient is the business's own CallRecover number (a forwarding test call coming back, a caller ID copied).
        OwnNumber = "own_number";

    /// <summary>The reason in words for the owner ("Not sent: the caller opted out of texts").</summary>
    public static string Describe(string? reason) => reason switch
    {
        InvalidNumber => "the number is withheld or not a phone number",
        OptedOut => "the person opted out of texts",
        DoNotText => "the number is on your do-not-text list",
        CannotText => "the carrier says this number cannot receive texts",
        BusinessPaused => "texting is paused for this business",
        HumanActive => "a person has taken over the conversation, so automated texts stop",
        NoConsent => "no marketing consent is recorded for this number",
        ReviewCap => "this person has already had the most review requests we send",
        QuietHours => "it is night where the person is; it goes at 8:00 their time",
        OwnerQuietHours => "it is within your quiet hours",
        CampaignHours => "campaign texts go between 10:00 and 20:00 the person's time; it waits for the next sending day",
        SendBudget => "your texting limit for now is used up; it goes as soon as there is room",
        NoCarrierNumber => "the business has no texting number yet",
        OwnNumber => "that is your own CallRecover number",
        null => "",
        _ => reason,
    };
}

/// <summary>The policy's answer for one text: now, later (with the earliest time), or never, with the reason.</summary>
public sealed record TextDecision(TextVerdict Verdict, string? Reason = null, DateTimeOffset? Until = null)
{
    public static readonly TextDecision SendNow = new(TextVerdict.Now);
    public static TextDecision Never(string reason) => new(TextVerdict.Never, reason);
    public static TextDecision Later(string reason, DateTimeOffset until) => new(TextVerdict.Later, reason, until);
}

/// <summary>
/// A text someone wants to send. <see cref="ByPerson"/>: a person wrote or triggered it (the human lock does not apply).
/// <see cref="MessageId"/> and <see cref="AtSend"/> are set when the stored text is checked again at the moment of sending:
/// what can change while a text waits (an opt-out, a takeover, the hour) is checked again; what was settled when it was
/// queued (the owner's quiet hours for an alert, the campaign's consent) is not.
/// </summary>
/// <param name="NeededBy">When the text stops being of use (a visit text: the visit's start); a night-time visit text goes at
/// once when the visit comes before the recipient's morning.</param>
public sealed record TextIntent(string To, string Purpose, bool ByPerson, bool Urgent = false, bool MarketingConsent = false,
    string? MessageId = null, bool AtSend = false, DateTimeOffset? NeededBy = null);

/// <summary>What the policy needs to know about the recipient, read once per decision.</summary>
public sealed record TextFacts
{
    public required Business Business { get; init; }
    /// <summary>The recipient as E.164, or null when withheld or not a phone number.</summary>
    public string? To { get; init; }
    public bool OptedOut { get; init; }
    public bool DoNotText { get; init; }
    public bool CannotText { get; init; }
    /// <summary>A person has taken over an open conversation with this recipient.</summary>
    public bool HumanHasConversation { get; init; }
    /// <summary>The business has texted this recipient before (a text queued, held or sent; not one blocked or canceled).</summary>
    public bool TextedBefore { get; init; }
    /// <summary>Review requests queued or sent to this recipient in the last <see cref="TextingPolicy.ReviewWindow"/>.</summary>
    public int RecentReviewRequests { get; init; }
    public required DateTimeZone RecipientZone { get; init; }
    public DateTimeOffset Now { get; init; }
}

/// <summary>
/// The one texting policy: decides for every outbound text whether it may go now, must wait until a given time, or must
/// never go, with the reason. The one send path asks it when a text is queued and again at the moment it is handed to the
/// carrier (a STOP or a takeover may have arrived while it waited). Built from small rules, each a pure function of the
/// intent and the facts, checked in order; the first that objects decides.
/// </summary>
public sealed class TextingPolicy(TimeProvider clock)
{
    /// <summary>Texts that are not replies go between these local times of the recipient (TCPA: 8 a.m. to 9 p.m.).</summary>
    public static readonly LocalTime DayStart = new(8, 0), DayEnd = new(21, 0);

    /// <summary>At most this many review requests per recipient in <see cref="ReviewWindow"/> (one ask, one reminder).</summary>
    public const int ReviewCap = 2;
    public static readonly TimeSpan ReviewWindow = TimeSpan.FromDays(30);

    public delegate TextDecision? Rule(TextIntent intent, TextFacts facts);

    /// <summary>The rules in the order they are checked.</summary>
    public static readonly IReadOnlyList<(string Name, Rule Check)> Rules =
    [
        ("carrier_number", HasCarrierNumber), ("number", RealNumber), ("own_number", NotOwnNumber), ("opt_out", NotOptedOut), ("do_not_text", NotOnDoNotText), ("cannot_text", CanReceiveTexts),
        ("paused", BusinessActive), ("human_lock", HumanLock), ("consent", MarketingConsent), ("review_cap", ReviewRequestCap),
        ("owner_quiet_hours", OwnerQuietHours), ("campaign_hours", CampaignHours), ("quiet_hours", RecipientDaytime), ("visit_quiet_hours", VisitDaytime),
    ];

    public static TextDecision Decide(TextIntent intent, TextFacts facts)
    {
        foreach (var (_, check) in Rules)
            if (check(intent, facts) is { } decision) return decision;
        return TextDecision.SendNow;
    }

    /// <summary>A business that has not bought its number yet sends nothing, whoever asks.</summary>
    public static TextDecision? HasCarrierNumber(TextIntent i, TextFacts f) =>
        string.IsNullOrEmpty(f.Business.CarrierNumber) ? TextDecision.Never(TextReasons.NoCarrierNumber) : null;

    public static TextDecision? RealNumber(TextIntent i, TextFacts f) =>
        f.To is null ? TextDecision.Never(TextReasons.InvalidNumber) : null;

    /// <summary>
    /// Nothing is texted to the business's own CallRecover number: the forwarding test's call comes back from it (the
    /// business line forwards our own call), and a text to it would only land in our own webhook.
    /// </summary>
    public static TextDecision? NotOwnNumber(TextIntent i, TextFacts f) =>
        f.To is not null && f.To == f.Business.CarrierNumber ? TextDecision.Never(TextReasons.OwnNumber) : null;

    /// <summary>The confirmation of a STOP is the one text an opted-out number still gets (CTIA).</summary>
    public static TextDecision? NotOptedOut(TextIntent i, TextFacts f) =>
        f.OptedOut && i.Purpose != SmsPurposes.Compliance ? TextDecision.Never(TextReasons.OptedOut) : null;

    /// <summary>The do-not-text list is about callers (staff, family, suppliers): the owner's own alerts still go.</summary>
    public static TextDecision? NotOnDoNotText(TextIntent i, TextFacts f) =>
        f.DoNotText && i.Purpose != SmsPurposes.OwnerNotification ? TextDecision.Never(TextReasons.DoNotText) : null;

    public static TextDecision? CanReceiveTexts(TextIntent i, TextFacts f) =>
        f.CannotText && i.Purpose != SmsPurposes.OwnerNotification ? TextDecision.Never(TextReasons.CannotText) : null;

    /// <summary>
    /// A paused or cancelled business texts nobody, except the compliance answers carriers require. past_due (a failed
    /// payment, or a trial that ended without a card) still texts: it is the grace period before the pause, as SaaS billing
    /// does, so one declined card does not silently drop a business's missed callers.
    /// </summary>
    public static TextDecision? BusinessActive(TextIntent i, TextFacts f) =>
        f.Business.SubscriptionStatus is "paused" or "cancelled" && i.Purpose != SmsPurposes.Compliance
            ? TextDecision.Never(TextReasons.BusinessPaused) : null;

    /// <summary>
    /// Once a person has taken over a conversation, no automated text reaches that caller (replies, follow-ups,
    /// quotes, reminders, voicemail answers): only what a person sends, and compliance answers.
    /// </summary>
    public static TextDecision? HumanLock(TextIntent i, TextFacts f) =>
        f.HumanHasConversation && !i.ByPerson && i.Purpose is not (SmsPurposes.Compliance or SmsPurposes.OwnerNotification)
            ? TextDecision.Never(TextReasons.HumanActive) : null;

    public static TextDecision? MarketingConsent(TextIntent i, TextFacts f) =>
        i.Purpose == SmsPurposes.Campaign && !i.MarketingConsent && !i.AtSend ? TextDecision.Never(TextReasons.NoConsent) : null;

    public static TextDecision? ReviewRequestCap(TextIntent i, TextFacts f) =>
        i.Purpose == SmsPurposes.Review && f.RecentReviewRequests >= ReviewCap ? TextDecision.Never(TextReasons.ReviewCap) : null;

    /// <summary>
    /// Owner alerts stay out of the owner's quiet hours (they stay on the dashboard and in the digest). An urgent one goes
    /// at once when the owner allows it (the default), else it waits for the end of quiet hours: an emergency at 4am is
    /// still the first thing the owner should read at 7, not something dropped.
    /// </summary>
    public static TextDecision? OwnerQuietHours(TextIntent i, TextFacts f) =>
        i.Purpose != SmsPurposes.OwnerNotification || i.AtSend || !f.Business.InQuietHours(f.Now) ? null
        : !i.Urgent ? TextDecision.Never(TextReasons.OwnerQuietHours)
        : f.Business.NotificationPrefs.EmergencyOverride ? null
        : TextDecision.Later(TextReasons.OwnerQuietHours, f.Business.QuietHoursEnd(f.Now));

    /// <summary>Campaign texts go between these local times of the recipient, narrower than the law's day: marketing lands when people can answer.</summary>
    public static readonly LocalTime CampaignStart = new(10, 0), CampaignEnd = new(20, 0);

    /// <summary>
    /// A campaign text goes only between 10:00 and 20:00 in the recipient's time zone, checked again at the moment of
    /// sending. Outside it the text is not held overnight (the next morning may be a day the business is closed):
    /// it is stopped, and the campaign sender gives its recipient back to the next sending day (Campaigns/CampaignSender).
    /// </summary>
    public static TextDecision? CampaignHours(TextIntent i, TextFacts f)
    {
        if (i.Purpose != SmsPurposes.Campaign || i.ByPerson) return null;
        return InCampaignHours(f.Now, f.RecipientZone) ? null : TextDecision.Never(TextReasons.CampaignHours);
    }

    public static bool InCampaignHours(DateTimeOffset at, DateTimeZone zone)
    {
        var t = Instant.FromDateTimeOffset(at).InZone(zone).TimeOfDay;
        return t >= CampaignStart && t < CampaignEnd;
    }

    /// <summary>Unprompted texts (follow-ups, reminders, review requests, campaigns) wait for 8:00 in the recipient's time zone.</summary>
    public static TextDecision? RecipientDaytime(TextIntent i, TextFacts f)
    {
        if (i.ByPerson || !SmsPurposes.Unprompted.Contains(i.Purpose)) return null;
        var next = NextDaytime(f.Now, f.RecipientZone);
        return next == f.Now ? null : TextDecision.Later(TextReasons.QuietHours, next);
    }

    /// <summary>
    /// A job's visit texts (scheduled, on my way, cancelled) keep the recipient's daytime even when a person triggers them
    /// (a dispatcher planning tomorrow at 11 p.m.), unless the visit itself comes before that morning (an emergency visit
    /// tonight: waiting would make the text useless). Decided when queued: a held one goes at 8:00 without asking again.
    /// </summary>
    public static TextDecision? VisitDaytime(TextIntent i, TextFacts f)
    {
        if (i.Purpose != SmsPurposes.Visit || i.AtSend) return null;
        var next = NextDaytime(f.Now, f.RecipientZone);
        return next == f.Now || i.NeededBy <= next ? null : TextDecision.Later(TextReasons.QuietHours, next);
    }

    /// <summary>The instant itself when it is between 08:00 and 21:00 in the zone, else the next 08:00.</summary>
    public static DateTimeOffset NextDaytime(DateTimeOffset at, DateTimeZone zone)
    {
        var local = Instant.FromDateTimeOffset(at).InZone(zone);
        var t = local.TimeOfDay;
        if (t >= DayStart && t < DayEnd) return at;
        var day = t < DayStart ? local.Date : local.Date.PlusDays(1);
        return day.At(DayStart).InZoneLeniently(zone).ToDateTimeOffset().ToUniversalTime();
    }

    /// <summary>The hint every first text carries (CTIA: say who is texting and how to stop).</summary>
    public const string OptOutHint = "Reply STOP to opt out.";

    /// <summary>
    /// The first text to a number names the business and says how to opt out, whoever wrote it (a greeting, a voicemail
    /// answer, a person's text): the name goes in front unless the text already has it, the hint at the end unless the text
    /// already says STOP. Owner alerts and compliance answers are left as they are.
    /// </summary>
    public static string FirstTextBody(Business business, string purpose, string body, bool firstText)
    {
        if (!firstText || purpose is SmsPurposes.OwnerNotification or SmsPurposes.Compliance) return body;
        var text = body.Trim();
        if (!text.Contains(business.Name, StringComparison.OrdinalIgnoreCase)) text = $"{business.Name}: {text}";
        if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"\bSTOP\b")) text = $"{text} {OptOutHint}";
        return text;
    }

    /// <summary>Reads the facts for a text inside the sending transaction and decides.</summary>
    public async Task<TextDecision> DecideAsync(DbTx tx, Business business, TextIntent intent) =>
        Decide(intent, await FactsAsync(tx, business, intent));

    public async Task<TextFacts> FactsAsync(DbTx tx, Business business, TextIntent intent)
    {
        var now = clock.GetUtcNow();
        var to = Phone.CallerIdOrNull(intent.To);
        if (to is null) return new TextFacts { Business = business, To = null, RecipientZone = business.Zone, Now = now };
        // One round trip: the hot path of every text (the missed-call greeting) asks this.
        var row = await tx.Connection.QuerySingleAsync<FactsRow>("""
            SELECT
              (SELECT COUNT(*) FROM opt_outs WHERE phone = @to AND (business_id = @businessId OR business_id IS NULL)) AS opted_out,
              (SELECT COUNT(*) FROM do_not_text WHERE business_id = @businessId AND phone = @to) AS do_not_text,
              (SELECT COUNT(*) FROM leads WHERE business_id = @businessId AND phone = @to AND cannot_text) AS cannot_text,
              (SELECT COUNT(*) FROM conversations WHERE business_id = @businessId AND phone = @to AND status = 'human_active') AS human_active,
              (SELECT COUNT(*) FROM messages WHERE business_id = @businessId AND to_phone = @to AND purpose = 'review'
                 AND status NOT IN ('blocked','failed','canceled') AND created_at >= @since AND id <> @messageId) AS review_requests,
              (SELECT COUNT(*) FROM (SELECT 1 AS x FROM messages WHERE business_id = @businessId AND to_phone = @to AND direction = 'outbound'
                 AND status NOT IN ('blocked','canceled') AND id <> @messageId LIMIT 1) AS t) AS texted_before
            """, new { to, businessId = business.Id, since = now - ReviewWindow, messageId = intent.MessageId ?? "" }, tx.Transaction);
        return new TextFacts
        {
            Business = business, To = to, OptedOut = row.OptedOut > 0, DoNotText = row.DoNotText > 0, CannotText = row.CannotText > 0,
            HumanHasConversation = row.HumanActive > 0, RecentReviewRequests = (int)row.ReviewRequests, TextedBefore = row.TextedBefore > 0,
            RecipientZone = intent.Purpose == SmsPurposes.OwnerNotification ? business.Zone : CallerTimeZone.For(to, business), Now = now,
        };
    }

    private sealed record FactsRow
    {
        public long OptedOut { get; init; }
        public long DoNotText { get; init; }
        public long CannotText { get; init; }
        public long HumanActive { get; init; }
        public long ReviewRequests { get; init; }
        public long TextedBefore { get; init; }
    }
}
