using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Live;
using CallRecover.Notifications;
using CallRecover.Tenancy;

namespace CallRecover.Telephony;

/// <summary>
/// The text-back on a missed call (PRODUCT.md flow 1, step 5), inside the call-completed webhook's transaction:
/// everything it decides commits together with the call's status, and the greeting leaves through the send path's
/// queue, so the webhook never waits on the carrier.
/// </summary>
public sealed class MissedCallService(
    SmsSender sender, TextingPolicy policy, LeadStore leads, ConversationStore conversations, CallStore calls, NotificationStore notifications,
    Notifier notifier, LiveEvents live, TimeProvider clock, ILogger<MissedCallService> log)
{
    public const string TextingYou = "Sorry we missed your call. We'll text you right away.";
    public const string Apology = "Sorry we missed your call. Please try again later. Goodbye.";
    public static readonly TimeSpan GreetingWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(10);
    public const int UrgentRepeatCount = 3;

    /// <summary>The first text a missed caller gets: the business's greeting (or the default), always naming the business and how to opt out.</summary>
    public static string Greeting(Business business)
    {
        var text = string.IsNullOrWhiteSpace(business.Greeting)
            ? $"Hey! Sorry we missed your call. This is {business.Name}. How can we help you today?"
            : business.Greeting.Trim().Replace("{Business}", business.Name, StringComparison.OrdinalIgnoreCase);
        if (!text.Contains(business.Name, StringComparison.OrdinalIgnoreCase)) text = $"{business.Name}: {text}";
        if (!text.Contains("STOP", StringComparison.Ordinal)) text += " Reply STOP to opt out.";
        return text;
    }

    /// <summary>Handles a call that was just marked missed; returns what the caller is told (<see cref="Apology"/> or <see cref="TextingYou"/>).</summary>
    public async Task<string> OnMissedAsync(DbTx tx, Business business, Call call)
    {
        var now = clock.GetUtcNow();
        // The one texting policy says whether this caller may get the greeting; its "never" reasons decide what the owner is told.
        var intent = new TextIntent(call.CallerPhone, SmsPurposes.Greeting, ByPerson: false);
        var facts = await policy.FactsAsync(tx, business, intent);
        var may = TextingPolicy.Decide(intent, facts);
        if (Phone.CallerIdOrNull(call.CallerPhone) is not { } phone || may.Reason == TextReasons.InvalidNumber)
        {
            await NotifyAsync(tx, business, "missed_call", "Missed call from a withheld number",
                $"Someone with a hidden number called and {DialOutcomes.Sentence(call.DialStatus)}. They cannot be texted.", new { callId = call.Id });
            log.LogInformation("Missed call {CallId} from a withheld number: no text", call.Id);
            return Apology;
        }
        if (may.Reason == TextReasons.OwnNumber)
        {
            // The forwarding test's call (Onboarding): our own number called the owner's line, which forwarded it back.
            // The call is stored (the wizard and the number screen watch for it); it is no lead and no one to text.
            log.LogInformation("Call {CallId} came back from the business's own number: call forwarding works", call.Id);
            return Apology;
        }
        if (business.IsOwnLine(phone))
        {
            // A greeting would open a thread nobody could answer.
            log.LogInformation("Call {CallId} came from the owner's own phone or the business line: no lead, no text", call.Id);
            return Apology;
        }
        if (may.Reason == TextReasons.OptedOut)
        {
            await NotifyAsync(tx, business, "missed_call", "Missed call (opted out of texts)",
                $"{Phone.Display(phone)} called and {DialOutcomes.Sentence(call.DialStatus)}. They opted out of texts: call them back.", new { callId = call.Id, phone });
            log.LogInformation("Missed call {CallId} from {Phone}: opted out, no text", call.Id, Phone.Mask(phone));
            return Apology;
        }
        if (may.Reason == TextReasons.DoNotText)
        {
            await NotifyAsync(tx, business, "missed_call", "Missed call (do-not-text list)",
                $"{Phone.Display(phone)} (on your do-not-text list) called and {DialOutcomes.Sentence(call.DialStatus)}.", new { callId = call.Id, phone });
            log.LogInformation("Missed call {CallId} from {Phone}: on the do-not-text list, no text", call.Id, Phone.Mask(phone));
            return Apology;
        }

        var (lead, _) = await leads.GetOrCreateAsync(tx, business.Id, phone, LeadSources.MissedCall);
        tx.AfterCommit(() => live.Publish(business.Id, "lead", lead.Id));
        var repeats = await calls.CountMissedSinceAsync(tx, business.Id, phone, now - RepeatWindow);
        var urgent = repeats >= UrgentRepeatCount && !await notifications.SentSinceAsync(tx, business.Id, "urgent_repeat_caller", lead.Id, now - RepeatWindow);

        if (may.Reason == TextReasons.CannotText)
        {
            await NotifyAsync(tx, business, urgent ? "urgent_repeat_caller" : "missed_call", urgent ? $"URGENT: {Phone.Display(phone)} called {repeats} times" : "Missed call: call them back",
                $"{Phone.Display(phone)} called and {DialOutcomes.Sentence(call.DialStatus)}. Their number cannot receive texts: call them back.", new { callId = call.Id, leadId = lead.Id, phone }, urgent);
            return Apology;
        }

        var open = await conversations.GetOpenByPhoneAsync(tx, business.Id, phone);
        var greetedRecently = open is null && await conversations.GreetedSinceAsync(tx, business.Id, phone, now - GreetingWindow);

        string what;
        if (open is not null) what = "They already have an open conversation: no new greeting.";
        else if (greetedRecently) what = "They were greeted in the last 24 hours: no new greeting.";
        else
        {
            var conversation = await conversations.OpenAsync(tx, business.Id, lead.Id, call.Id, phone);
            if (conversation.Created)
            {
                var sent = await sender.QueueAsync(tx, new OutboundSms(business.Id, phone, Greeting(business), Senders.System, SmsPurposes.Greeting, conversation.Id), business, facts);
                tx.AfterCommit(() => live.Publish(business.Id, "message", sent.Message.Id));
                if (sent.Queued) await leads.MarkContactedAsync(tx, business.Id, lead.Id);
                what = sent.Queued ? "We texted them." : $"No text was sent: {TextReasons.Describe(sent.BlockedReason)}.";
            }
            else what = "They already have an open conversation: no new greeting.";
            tx.AfterCommit(() => live.Publish(business.Id, "conversation", conversation.Id));
        }

        if (urgent)
            await NotifyAsync(tx, business, "urgent_repeat_caller", $"URGENT: {Phone.Display(phone)} called {repeats} times in 10 minutes",
                $"{Phone.Display(phone)} called {repeats} times in the last 10 minutes without an answer (this time {DialOutcomes.Sentence(call.DialStatus)}). {what} Call them back now.",
                new { callId = call.Id, leadId = lead.Id, phone, repeats }, urgent: true);
        else
            await NotifyAsync(tx, business, "missed_call", "Missed call", $"{Phone.Display(phone)} called and {DialOutcomes.Sentence(call.DialStatus)}. {what}", new { callId = call.Id, leadId = lead.Id, phone });
        log.LogInformation("Missed call {CallId} from {Phone}: {Outcome}", call.Id, Phone.Mask(phone), open is null && !greetedRecently ? "greeting queued" : "no new greeting");
        return TextingYou;
    }

    private Task NotifyAsync(DbTx tx, Business business, string ev, string title, string body, object data, bool urgent = false) =>
        notifier.NotifyAsync(tx, business.Id, new OwnerNotice(ev, title, body, data, urgent));
}
