using CallRecover.Recordings;
using CallRecover.Tenancy;

namespace CallRecover.Tests.Recordings;

public sealed class RecordingTwimlTests
{
    private static Business Business(bool recording) => new()
    {
        Id = "b1", Name = "Joe's", OwnerName = "Joe", OwnerEmail = "j@example.com", OwnerPhone = "+19045550100", BusinessPhone = "+19045550101",
        CarrierNumber = "+19045550102", RecordingEnabled = recording, RecordingConsentMessage = "Calls are recorded & kept.",
    };

    [Fact]
    public void RecordingBusiness_GetsRecordOnDial_ConsentFirst_AndEscapedCallbackUrl()
    {
        var attrs = RecordingTwiml.DialAttributes(Business(true), "https://app.example.com");
        attrs.ShouldContain("record=\"record-from-answer-dual\"");
        attrs.ShouldContain("recordingStatusCallback=\"https://app.example.com/webhook/voice/recording?business=b1&amp;kind=answered_call\"");
        RecordingTwiml.ConsentSay(Business(true), new RecordingSettings()).ShouldBe("<Say>Calls are recorded &amp; kept.</Say>");
        RecordingTwiml.ConsentSay(Business(true), new RecordingSettings { ConsentAnnouncement = "Recorded." }).ShouldBe("<Say>Recorded.</Say>");
    }

    [Fact]
    public void NonRecordingBusiness_GetsNothingAdded()
    {
        RecordingTwiml.DialAttributes(Business(false), "https://app.example.com").ShouldBe("");
        RecordingTwiml.ConsentSay(Business(false), new RecordingSettings()).ShouldBe("");
    }

    [Fact]
    public void Voicemail_RecordsWithMaxLengthBeepAndCallback_OrNothingWhenOff()
    {
        var vm = RecordingTwiml.Voicemail(Business(false), new RecordingSettings { VoicemailMaxSeconds = 90 }, "https://app.example.com");
        vm.ShouldContain("<Record maxLength=\"90\" playBeep=\"true\"");
        vm.ShouldContain("recordingStatusCallback=\"https://app.example.com/webhook/voice/recording?business=b1&amp;kind=voicemail\"");
        RecordingTwiml.Voicemail(Business(false), new RecordingSettings { VoicemailEnabled = false }, "https://x").ShouldBe("");
    }
}
