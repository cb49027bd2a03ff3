using CallRecover.Conversations.Engines;
using CallRecover.Extraction;
using CallRecover.Leads;
using CallRecover.Tenancy;

namespace CallRecover.Tests.Conversations;

/// <summary>One reading of a caller's words for the understanding tests: a text (as the SMS engine reads it) or a voicemail.</summary>
internal static class UnderstandingProbe
{
    public static Understanding Read(string text, string vertical = "hvac", int month = 7, string? asked = null) =>
        SmsUnderstanding.Read(text, new UnderstandingContext(DefaultServices.For(vertical), vertical, month), asked);

    public static string? Field(string text, string field, string vertical = "hvac", int month = 7, string? asked = null) =>
        Read(text, vertical, month, asked).Fields.TryGetValue(field, out var f) ? f.Value : null;

    /// <summary>Texts played through the engine, one after another, on a July afternoon (or in <paramref name="month"/>).</summary>
    public static CorpusResult Talk(string vertical, params string[] texts) => TalkIn(7, vertical, texts);

    public static CorpusResult TalkIn(int month, string vertical, params string[] texts) =>
        ConversationCorpus.Play(vertical, new DateTimeOffset(2026, month, 14, 15, 0, 0, TimeSpan.Zero), texts);

    public static ExtractionResult Voicemail(string transcript, string vertical = "hvac", int month = 7)
    {
        var business = ConversationCorpus.BusinessFor(vertical);
        var at = new DateTimeOffset(2026, month, 10, 15, 0, 0, TimeSpan.Zero);
        return RuleExtractor.Extract(transcript, new ExtractionContext(null, 2026, business.Name, vertical) { Services = business.Services, Now = at });
    }
}
