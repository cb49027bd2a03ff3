using CallRecover.Data;
using CallRecover.Tenancy;

namespace CallRecover.Telephony;

/// <summary>
/// Lets another capability add to the TwiML the voice webhooks answer, inside the webhook's transaction (Recordings adds
/// the consent announcement and recording to the forwarded call, and voicemail after the missed-call message). The
/// voice path stays ours: an extension only rewrites the answer, quickly, from the database.
/// </summary>
public interface IVoiceAnswerExtension
{
    /// <summary>The answer to an incoming call (a <c>&lt;Dial&gt;</c> of the business phone).</summary>
    Task<string> OnIncomingAsync(DbTx tx, Business business, string twiml);

    /// <summary>The answer after a missed call (the apology or "we'll text you").</summary>
    Task<string> OnMissedAsync(DbTx tx, Business business, string twiml);
}
