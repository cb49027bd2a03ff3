using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;
using Twilio.TwiML;
using Dial = Twilio.TwiML.Voice.Dial;

namespace CallRecover.Recordings;

/// <summary>Recording's part of the voice answers: consent and recording on forwarded calls, voicemail when nobody answers.</summary>
public sealed class RecordingVoiceAnswers(RecordingSettingsStore settings, IOptions<AppOptions> app) : IVoiceAnswerExtension
{
    public async Task OnIncomingAsync(DbTx tx, Business business, VoiceResponse answer, Dial dial) =>
        RecordingTwiml.WithRecording(answer, dial, business, await settings.GetAsync(tx, business.Id), app.Value.BaseUrl);

    public async Task OnMissedAsync(DbTx tx, Business business, VoiceResponse answer) =>
        RecordingTwiml.WithVoicemail(answer, business, await settings.GetAsync(tx, business.Id), app.Value.BaseUrl);
}
