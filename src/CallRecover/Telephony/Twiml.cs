using System.Xml.Linq;
using HttpMethod = Twilio.Http.HttpMethod;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace CallRecover.Telephony;

/// <summary>TwiML answers (WIRE.md), built with the Twilio package's <see cref="VoiceResponse"/> and <see cref="MessagingResponse"/> (which escape every attribute and text).</summary>
public static class Twiml
{
    public const string ContentType = "application/xml";

    /// <summary>A voice answer that does nothing more (the screened leg is let through).</summary>
    public static readonly string Empty = Write(new VoiceResponse());

    /// <summary>An SMS webhook's answer that sends nothing: every text leaves through the outbox instead.</summary>
    public static readonly string NoReply = Write(new MessagingResponse());

    /// <summary>The answer as sent: one line with the XML declaration.</summary>
    public static string Write(TwiML response) => response.ToString(SaveOptions.DisableFormatting);

    public static string Say(string text, bool hangup = true)
    {
        var response = new VoiceResponse().Say(text);
        return Write(hangup ? response.Hangup() : response);
    }

    public static string Hangup() => Write(new VoiceResponse().Hangup());

    /// <summary>
    /// Rings the business phone for 20 s showing the carrier number. <paramref name="screenUrl"/> (human-pickup screening
    /// and/or answering-machine detection) runs on the answering side before the legs are bridged.
    /// </summary>
    public static Dial Dial(string actionUrl, string callerId, string number, string statusCallbackUrl, string? screenUrl, bool machineDetection) =>
        new Dial(action: Url(actionUrl), method: HttpMethod.Post, timeout: 20, callerId: callerId,
                // While the answering side is screened the caller should keep hearing ringing, not silence.
                answerOnBridge: screenUrl is null ? null : true)
            .Number(number, statusCallbackEvent: [Number.EventEnum.Initiated, Number.EventEnum.Ringing, Number.EventEnum.Answered, Number.EventEnum.Completed],
                statusCallback: Url(statusCallbackUrl), statusCallbackMethod: HttpMethod.Post,
                url: screenUrl is null ? null : Url(screenUrl), method: screenUrl is null ? null : HttpMethod.Post,
                machineDetection: machineDetection ? "Enable" : null);

    /// <summary>Asks whoever answered the business phone to press 1; no key falls through to a hangup of that leg only.</summary>
    public static string ScreenGather(string actionUrl, string businessName) => Write(new VoiceResponse()
        .Append(new Gather(numDigits: 1, timeout: 6, action: Url(actionUrl), method: HttpMethod.Post).Say($"Call for {businessName}. Press 1 to take this call."))
        .Hangup());

    /// <summary>A URL for a TwiML attribute: the package writes it back exactly as given.</summary>
    public static Uri Url(string url) => new(url, UriKind.RelativeOrAbsolute);
}
