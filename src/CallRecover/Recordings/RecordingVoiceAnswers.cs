using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Recordings;

/// <summary>Recording's part of the voice answers: consent and recording on forwarded calls, voicemail when nobody answers.</summary>
public sealed class RecordingVoiceAnswers(RecordingSettingsStore settings, IOptions<AppOptions> app) : IVoiceAnswerExtension
{
    public async Task<string> OnIncomingAsync(DbTx tx, Business business, string twiml) =>
        RecordingTwiml.WithRecording(twiml, business, await settings.GetAsync(tx, business.Id), app.Value.BaseUrl);

    public async Task<string> OnMissedAsync(DbTx tx, Business business, string twiml) =>
        RecordingTwiml.WithVoicemail(twiml, business, await settings.GetAsync(tx, business.Id), app.Value.BaseUrl);
}
