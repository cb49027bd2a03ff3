using System.Security;
using CallRecover.Tenancy;

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

    /// <summary>Attributes to add to <c>&lt;Dial&gt;</c> when the business records calls (empty otherwise); begins with a space.</summary>
    public static string DialAttributes(Business business, string baseUrl) => business.RecordingEnabled
        ? $" record=\"record-from-answer-dual\" recordingStatusCallback=\"{Attr(RecordingWebhook.CallbackUrl(baseUrl, business.Id, RecordingKinds.AnsweredCall))}\" recordingStatusCallbackMethod=\"POST\" recordingStatusCallbackEvent=\"completed\""
        : "";

    /// <summary>The consent <c>&lt;Say&gt;</c> to play before a recorded call is connected (empty when not recording).</summary>
    public static string ConsentSay(Business business, RecordingSettings settings) => business.RecordingEnabled
        ? $"<Say>{SecurityElement.Escape(settings.ConsentAnnouncement ?? business.RecordingConsentMessage ?? DefaultConsent)}</Say>"
        : "";

    /// <summary>Whether a missed caller is offered voicemail: the business's setting, or — until it has saved one — whether it records calls.</summary>
    public static bool VoicemailOn(Business business, RecordingSettings settings) => settings.UpdatedAt is null ? business.RecordingEnabled : settings.VoicemailEnabled;

    /// <summary>Adds the consent announcement and the recording attributes to Telephony's <c>&lt;Dial&gt;</c> answer.</summary>
    public static string WithRecording(string dialTwiml, Business business, RecordingSettings settings, string baseUrl)
    {
        if (!business.RecordingEnabled || !dialTwiml.StartsWith("<Response><Dial ", StringComparison.Ordinal)) return dialTwiml;
        return "<Response>" + ConsentSay(business, settings) + "<Dial" + DialAttributes(business, baseUrl) + dialTwiml["<Response><Dial".Length..];
    }

    /// <summary>Appends the voicemail prompt and <c>&lt;Record&gt;</c> to Telephony's missed-call answer (unchanged when voicemail is off).</summary>
    public static string WithVoicemail(string missedTwiml, Business business, RecordingSettings settings, string baseUrl)
    {
        if (!VoicemailOn(business, settings) || !missedTwiml.EndsWith("</Response>", StringComparison.Ordinal)) return missedTwiml;
        var body = missedTwiml[..^"</Response>".Length].Replace("<Hangup/>", "", StringComparison.Ordinal);
        return body + Voicemail(business, settings with { VoicemailEnabled = true }, baseUrl) + "</Response>";
    }

    /// <summary>The voicemail prompt and <c>&lt;Record&gt;</c> for a missed call (empty when voicemail is off).</summary>
    public static string Voicemail(Business business, RecordingSettings settings, string baseUrl) => settings.VoicemailEnabled
        ? $"<Say>{SecurityElement.Escape(settings.VoicemailPrompt ?? DefaultVoicemailPrompt)}</Say>" +
          $"<Record maxLength=\"{settings.VoicemailMaxSeconds}\" playBeep=\"true\" timeout=\"5\" " +
          $"recordingStatusCallback=\"{Attr(RecordingWebhook.CallbackUrl(baseUrl, business.Id, RecordingKinds.Voicemail))}\" " +
          "recordingStatusCallbackMethod=\"POST\" recordingStatusCallbackEvent=\"completed\"/><Hangup/>"
        : "";

    private static string Attr(string s) => SecurityElement.Escape(s)!;
}
