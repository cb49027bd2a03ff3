using Microsoft.Extensions.Options;
using CallRecover.Common;
using CallRecover.Queue;

namespace CallRecover.Recordings;

public static class RecordingsModule
{
    public static IServiceCollection AddRecordings(this IServiceCollection services)
    {
        services.AddValidatedOptions<RecordingOptions>(RecordingOptions.Section);
        services.AddValidatedOptions<TranscriptionOptions>(TranscriptionOptions.Section);
        services.AddDataFolder("recordings", sp => sp.GetRequiredService<IOptions<RecordingOptions>>().Value.Path);
        services.AddHttpClient(RecordingDownloadHandler.HttpClientName);
        services.AddHttpClient(WhisperTranscriber.HttpClientName);
        services.AddDataProtection();
        services.AddSingleton<RecordingSettingsStore>();
        services.AddSingleton<RecordingSettingsService>();
        services.AddSingleton<Telephony.IVoiceAnswerExtension, RecordingVoiceAnswers>();
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<RecordingStore>());
        services.AddSingleton<RecordingLinks>();
        services.AddSingleton<TypedVoicemails>();
        services.AddSingleton<ITranscriber, WhisperTranscriber>();
        services.AddWorkHandler<RecordingDownloadHandler>();
        services.AddWorkHandler<TranscriptionHandler>();
        services.AddWorkHandler<RecordedCallProcessor>();
        services.AddScheduledTask<RecordingRetentionWorker>();
        return services;
    }
}
