using CallRecover.Data;
using CallRecover.Tenancy;
using Twilio.TwiML;
using Dial = Twilio.TwiML.Voice.Dial;

namespace CallRecover.Telephony;

/// <summary>
/// Lets another capability add to the TwiML the voice webhooks answer, inside the webhook's transaction (Recordings adds
/// the consent announcement and recording to the forwarded call, and voicemail after the missed-call message). The
/// voice path stays ours: an extension only adds to the answer, quickly, from the database.
/// </summary>
public interface IVoiceAnswerExtension
{
    /// <summary>
    /// The answer to an incoming call: verbs appended to <paramref name="answer"/> are played before <paramref name="dial"/>
    /// (the <c>&lt;Dial&gt;</c> of the business phone, appended after every extension ran), whose attributes it may set.
    /// </summary>
    Task OnIncomingAsync(DbTx tx, Business business, VoiceResponse answer, Dial dial);

    /// <summary>The answer after a missed call: verbs appended after the apology or "we'll text you", before the final hangup.</summary>
    Task OnMissedAsync(DbTx tx, Business business, VoiceResponse answer);
}

/// <summary>
/// Lets another capability answer a call nobody picked up instead of the text-back (the voice receptionist): inside the
/// call-completed webhook's transaction, after the call is stored as missed. Returns the TwiML that answers the caller,
/// or null to leave the call to the text-back.
/// </summary>
public interface IMissedCallAnswerer
{
    Task<string?> TryAnswerAsync(DbTx tx, Business business, Call call, WebhookForm form);
}
