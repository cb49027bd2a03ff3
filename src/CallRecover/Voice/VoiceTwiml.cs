using CallRecover.Telephony;
using CallRecover.Tenancy;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using TwilioGather = Twilio.TwiML.Voice.Gather;
using HttpMethod = Twilio.Http.HttpMethod;

namespace CallRecover.Voice;

/// <summary>The receptionist's TwiML (WIRE.md, voice): the relay's &lt;Connect&gt;, a &lt;Gather&gt; turn, a transfer with its whisper, a goodbye.</summary>
public static class VoiceTwiml
{
    /// <summary>The words the recognizer should expect: the business's services.</summary>
    public static string Hints(Business business) => string.Join(",", business.Services.Select(s => s.Replace(",", " ", StringComparison.Ordinal)).Take(50));

    /// <summary>Hands the call to our WebSocket; when it ends, the carrier asks <paramref name="actionUrl"/> what next.</summary>
    public static string Relay(string socketUrl, string actionUrl, string greeting, Business business)
    {
        var connect = new Connect(action: Twiml.Url(actionUrl), method: HttpMethod.Post);
        connect.ConversationRelay(url: socketUrl, welcomeGreeting: greeting, interruptible: "speech", dtmfDetection: true, hints: Hints(business));
        return Twiml.Write(new VoiceResponse().Append(connect));
    }

    /// <summary>Says <paramref name="text"/> and listens for speech (or a key); silence posts the same turn again with <c>silent=1</c>.</summary>
    public static string Gather(string actionUrl, string text, Business business)
    {
        var gather = new TwilioGather(input: [TwilioGather.InputEnum.Speech, TwilioGather.InputEnum.Dtmf], action: Twiml.Url(actionUrl), method: HttpMethod.Post,
            speechTimeout: "auto", numDigits: 1, hints: Hints(business), language: TwilioGather.LanguageEnum.EnUs);
        gather.Say(text);
        return Twiml.Write(new VoiceResponse().Append(gather).Redirect(Twiml.Url(actionUrl + "&silent=1"), HttpMethod.Post));
    }

    /// <summary>Says <paramref name="text"/>, then rings the owner for 20 s; the owner first hears the whisper from <paramref name="whisperUrl"/>.</summary>
    public static string Transfer(string text, string actionUrl, string whisperUrl, Business business)
    {
        var dial = new Dial(action: Twiml.Url(actionUrl), method: HttpMethod.Post, timeout: 20, callerId: business.CarrierNumber)
            .Number(business.OwnerPhone, url: Twiml.Url(whisperUrl), method: HttpMethod.Post);
        return Twiml.Write(new VoiceResponse().Say(text).Append(dial));
    }

    /// <summary>Speech only for the answering side (the owner) before the legs are bridged.</summary>
    public static string Whisper(string text) => Twiml.Write(new VoiceResponse().Say(text));

    public static string Goodbye(string text) => Twiml.Say(text);
}
