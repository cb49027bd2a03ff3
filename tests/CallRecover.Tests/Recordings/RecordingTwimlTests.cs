using CallRecover.Recordings;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Twilio.TwiML;

namespace CallRecover.Tests.Recordings;

public sealed class RecordingTwimlTests
{
    private static Business Business(bool recording) => new()
    {
        Id = "b1", Name = "Joe's", OwnerName = "Joe", OwnerEmail = "j@example.com", OwnerPhone = "+19045550100", BusinessPhone = "+19045550101",
        CarrierNumber = "+19045550102", RecordingEnabled = recording, RecordingConsentMessage = "Calls are recorded & kept.",
    };

    private static string Incoming(Business business, RecordingSettings settings)
    {
        var answer = new VoiceResponse();
        var dial = Twiml.Dial("https://app.example.com/done", business.CarrierNumber!, business.BusinessPhone, "https://app.example.com/status", null, false);
        RecordingTwiml.WithRecording(answer, dial, business, settings, "https://app.example.com");
        return Twiml.Write(answer.Append(dial));
    }

    [Fact]
    public void RecordingBusiness_GetsRecordOnDial_ConsentFirst_AndEscapedCallbackUrl()
    {
        var twiml = Incoming(Business(true), new RecordingSettings());
        twiml.ShouldContain("recordingStatusCallback=\"https://app.example.com/webhook/voice/recording?business=b1&amp;kind=answered_call\"");
        twiml.ShouldBeTwiml("""
            <Response><Say>Calls are recorded &amp; kept.</Say>
            <Dial action="https://app.example.com/done" method="POST" timeout="20" callerId="+19045550102" record="record-from-answer-dual"
                  recordingStatusCallback="https://app.example.com/webhook/voice/recording?business=b1&amp;kind=answered_call"
                  recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed"><Number statusCallbackEvent="initiated ringing answered completed"
                  statusCallback="https://app.example.com/status" statusCallbackMethod="POST">+19045550101</Number></Dial></Response>
            """);
        Incoming(Business(true), new RecordingSettings { ConsentAnnouncement = "Recorded." }).ShouldContain("<Say>Recorded.</Say>");
    }

    [Fact]
    public void NonRecordingBusiness_GetsNothingAdded()
    {
        var twiml = Incoming(Business(false), new RecordingSettings());
        twiml.ShouldNotContain("<Say");
        twiml.ShouldNotContain("record");
        RecordingTwiml.Consent(Business(false), new RecordingSettings()).ShouldBeNull();
    }

    [Fact]
    public void Voicemail_RecordsWithMaxLengthBeepAndCallback_OrNothingWhenOff()
    {
        var vm = Twiml.Write(RecordingTwiml.Voicemail(new VoiceResponse(), Business(false), new RecordingSettings { VoicemailMaxSeconds = 90 }, "https://app.example.com"));
        vm.ShouldBeTwiml($"""
            <Response><Say>{RecordingTwiml.DefaultVoicemailPrompt}</Say><Record maxLength="90" playBeep="true" timeout="5"
            recordingStatusCallback="https://app.example.com/webhook/voice/recording?business=b1&amp;kind=voicemail" recordingStatusCallbackMethod="POST"
            recordingStatusCallbackEvent="completed"/></Response>
            """);
        Twiml.Write(RecordingTwiml.Voicemail(new VoiceResponse(), Business(false), new RecordingSettings { VoicemailEnabled = false }, "https://x")).ShouldBeTwiml("<Response/>");
    }
}
