using CallRecover.Telephony;
using CallRecover.Tenancy;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using HttpMethod = Twilio.Http.HttpMethod;

namespace CallRecover.Recordings;

/// <summary>
/// The recording pieces of the voice TwiML (the incoming-call answer itself belongs to Telephony): attributes that
/// make <c>&lt;Dial&gt;</c> record the forwarded call, the consent announcement played before it, and the voicemail
/// <c>&lt;Record&gt;</c> offered when nobody answers.
/// </summary>
public static class RecordingTwiml
{
    public const string DefaultConsent = "This call may be recorded for quality and to help us serve you.";
    public const string DefaultVoicemailPrompt = "You can also leave a message with your name and what you need after the beep.";

    /// <summary>Makes <c>&lt;Dial&gt;</c> record the forwarded call when the business records calls (unchanged otherwise).</summary>
    public static Dial RecordDial(Dial dial, Business business, string baseUrl)
    {
        if (!business.RecordingEnabled) return dial;
        dial.Record = Dial.RecordEnum.RecordFromAnswerDual;
        dial.RecordingStatusCallback = Twiml.Url(RecordingWebhook.CallbackUrl(baseUrl, business.Id, RecordingKinds.AnsweredCall));
        dial.RecordingStatusCallbackMethod = HttpMethod.Post;
        dial.RecordingStatusCallbackEvent = [Dial.RecordingEventEnum.Completed];
        return dial;
    }

    /// <summary>The consent announcement to play before a recorded call is connected (null when not recording).</summary>
    public static string? Consent(Business business, RecordingSettings settings) => business.RecordingEnabled
        ? settings.ConsentAnnouncement ?? business.RecordingConsentMessage ?? DefaultConsent
        : null;

    /// <summary>Whether a missed caller is offered voicemail: the business's setting, or — until it has saved one — whether it records calls.</summary>
    public static bool VoicemailOn(Business business, RecordingSettings settings) => settings.UpdatedAt is null ? business.RecordingEnabled : settings.VoicemailEnabled;

    /// <summary>Adds the consent announcement (before the dial) and the recording attributes to Telephony's incoming-call answer.</summary>
    public static void WithRecording(VoiceResponse answer, Dial dial, Business business, RecordingSettings settings, string baseUrl)
    {
        if (Consent(business, settings) is not { } consent) return;
        answer.Say(consent);
        RecordDial(dial, business, baseUrl);
    }

    /// <summary>Adds the voicemail prompt and <c>&lt;Record&gt;</c> to Telephony's missed-call answer (nothing when voicemail is off).</summary>
    public static void WithVoicemail(VoiceResponse answer, Business business, RecordingSettings settings, string baseUrl)
    {
        if (VoicemailOn(business, settings)) Voicemail(answer, business, settings with { VoicemailEnabled = true }, baseUrl);
    }

    /// <summary>Appends the voicemail prompt and <c>&lt;Record&gt;</c> for a missed call (nothing when voicemail is off).</summary>
    public static VoiceResponse Voicemail(VoiceResponse answer, Business business, RecordingSettings settings, string baseUrl) => settings.VoicemailEnabled
        ? answer.Say(settings.VoicemailPrompt ?? DefaultVoicemailPrompt)
            .Record(maxLength: settings.VoicemailMaxSeconds, playBeep: true, timeout: 5,
                recordingStatusCallback: Twiml.Url(RecordingWebhook.CallbackUrl(baseUrl, business.Id, RecordingKinds.Voicemail)),
                recordingStatusCallbackMethod: HttpMethod.Post, recordingStatusCallbackEvent: [Record.RecordingEventEnum.Completed])
        : answer;
}
