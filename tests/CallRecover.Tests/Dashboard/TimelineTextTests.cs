using CallRecover.Leads;

namespace CallRecover.Tests.Dashboard;

public sealed class TimelineTextTests
{
    private static readonly Dictionary<string, string> Names = new() { ["u1"] = "Olivia Owner" };

    [Theory]
    [InlineData("corrected", """{"field":"address","from":"42 Oak St","to":"24 Oak St"}""", "user:u1", "Dana's address changed from 42 Oak St to 24 Oak St by Olivia")]
    [InlineData("corrected", """{"field":"email","from":null,"to":"d@example.com"}""", "user:u1", "Dana's email set to d@example.com by Olivia")]
    [InlineData("corrected", """{"field":"notes","from":"gate code 12","to":""}""", "user:u1", "Dana's notes cleared (was gate code 12) by Olivia")]
    [InlineData("status_changed", """{"field":"status","from":"contacted","to":"booked"}""", "user:u1", "Status changed from contacted to booked by Olivia")]
    [InlineData("took_over", """{"from":"active","to":"human_active"}""", "user:u1", "Olivia took over the conversation; the AI paused")]
    [InlineData("returned_to_ai", "{}", "user:u1", "Olivia handed the conversation back to the AI")]
    [InlineData("opted_out", """{"reason":"STOP"}""", "caller", "Dana opted out of texts")]
    [InlineData("booking_offered", """{"offerId":"o","slots":3}""", "engine", "The AI offered 3 times to book")]
    [InlineData("booking_handed_to_owner", """{"reason":"no_slots"}""", "engine", "Booking handed to you: no slots")]
    [InlineData("something_new", "not json", "system", "Something new by CallRecover")]
    public void AuditEntries_ReadAsSentences(string action, string details, string actor, string expected) =>
        TimelineText.Sentence(action, details, TimelineText.Actor(actor, Names), "Dana").ShouldBe(expected);

    [Theory]
    [InlineData("turn")]
    [InlineData("sent_manual_text")]
    [InlineData("follow_up_sent")]
    public void EntriesThatRepeatATextOnTheTimeline_AreNotShown(string action) =>
        TimelineText.Sentence(action, "{}", "the AI", "Dana").ShouldBeNull();

    [Fact]
    public void AnUnknownUser_IsATeamMember_NeverAnId() =>
        TimelineText.Actor("user:someone-else", Names).ShouldBe("a team member");

    [Fact]
    public void WithoutAName_TheCallerIsTheCaller() =>
        TimelineText.Sentence("corrected", """{"field":"address","from":"1 A St","to":"2 B St"}""", "Olivia", "The caller")
            .ShouldBe("The caller's address changed from 1 A St to 2 B St by Olivia");
}
