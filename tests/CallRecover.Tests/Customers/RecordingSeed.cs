using CallRecover.Common;
using CallRecover.Recordings;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Customers;

/// <summary>A downloaded 42-second voicemail of a call, stored through the real RecordingStore, with an 8-byte audio file in the temp folder.</summary>
public static class RecordingSeed
{
    public static async Task<Recording> VoicemailAsync(AppFactory app, string businessId, string callId, string phone, DateTimeOffset at)
    {
        var audio = Path.Combine(Path.GetTempPath(), $"callrecover-test-{Ids.New()}.mp3");
        await File.WriteAllBytesAsync(audio, [0xFF, 0xFB, 0x90, 0x00, 1, 2, 3, 4]);
        var recording = new Recording
        {
            Id = Ids.New(), BusinessId = businessId, CallId = callId, CallerPhone = phone, Kind = RecordingKinds.Voicemail, Origin = "carrier",
            RecordingSid = "RE" + Ids.New(), Status = RecordingStatuses.Downloaded, StoragePath = audio, ContentType = "audio/mpeg", DurationSeconds = 42,
            CreatedAt = at, UpdatedAt = at,
        };
        await app.Database.Db.WriteAsync(tx => app.Service<RecordingStore>().InsertAsync(tx, recording));
        return recording;
    }
}
