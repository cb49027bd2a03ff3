using CallRecover.Booking;
using NodaTime;

namespace CallRecover.Tests.Booking;

public sealed class ReplyParserTests
{
    private static readonly LocalDate Today = new(2026, 3, 3); // a Tuesday

    private static ParsedReply P(string text) => ReplyParser.Parse(text, Today);

    [Theory]
    [InlineData("2", 2)]
    [InlineData("#3", 3)]
    [InlineData("option 1 please", 1)]
    [InlineData("2 works", 2)]
    [InlineData("Let's do 4", 4)]
    [InlineData("the second one", 2)]
    [InlineData("First one!", 1)]
    [InlineData("3rd one", 3)]
    public void Picks_ByNumberOrOrdinal(string text, int index) => P(text).Index.ShouldBe(index);

    /// <summary>After a cancellation, asking for a visit again ("Text us anytime to book a new time").</summary>
    [Theory]
    [InlineData("can i rebook for friday morning?", true)]
    [InlineData("actually i want to book again, thursday afternoon", true)]
    [InlineData("I'd like to re-book", true)]
    [InlineData("can we schedule a new appointment", true)]
    [InlineData("can someone come out next week", true)]
    [InlineData("cancel my appointment", false)]
    [InlineData("CANCEL APPT", false)]
    [InlineData("reschedule", false)]
    [InlineData("thanks", false)]
    public void ABookingRequest_IsRead(string text, bool book) => P(text).Book.ShouldBe(book);

    [Fact]
    public void TheLastOne() => P("the last one").Last.ShouldBeTrue();

    [Fact]
    public void TheTuesdayOne() => P("the Tuesday one").Weekday.ShouldBe(IsoDayOfWeek.Tuesday);

    /// <summary>"actually make it fri aft" to an offer got Friday's morning slots too (found using the simulator).</summary>
    [Theory]
    [InlineData("actually make it fri aft", IsoDayOfWeek.Friday, DayPart.Afternoon)]
    [InlineData("tues eve works better", IsoDayOfWeek.Tuesday, DayPart.Evening)]
    [InlineData("how about mon morn", IsoDayOfWeek.Monday, DayPart.Morning)]
    // The engine keeps "before noon" as the caller said it (issue #15); booking reads it as the morning.
    [InlineData("saturday before noon", IsoDayOfWeek.Saturday, DayPart.Morning)]
    public void TextingShorthand_ForAPartOfTheDay_IsRead(string text, IsoDayOfWeek day, DayPart part)
    {
        var r = P(text);
        r.Weekday.ShouldBe(day);
        r.Part.ShouldBe(part);
    }

    [Theory]
    [InlineData("every friday works")]
    [InlineData("after the game on friday")]
    public void WordsThatStartLikeShorthand_AreNoPartOfTheDay(string text) => P(text).Part.ShouldBeNull();

    [Theory]
    [InlineData("wknd works")]
    [InlineData("weekend is best")]
    [InlineData("this weekend")]
    [InlineData("any time this weekend")]
    [InlineData("sat or sun")]
    [InlineData("sat/sun")]
    [InlineData("saturday or sunday works")]
    [InlineData("wkend")]
    [InlineData("weekends are better for me")]
    [InlineData("a week-end visit")]
    [InlineData("can you do the weekend instead?")]
    [InlineData("wknd?")]
    public void AWeekendPreference_IsTheWeekend(string text)
    {
        var r = P(text);
        r.Weekend.ShouldBeTrue();
        r.Weekday.ShouldBeNull();
        r.HasWhen.ShouldBeTrue();
    }

    [Theory]
    [InlineData("we have a weekender cabin")]
    [InlineData("it broke last weekend")]
    [InlineData("midweek end of day is fine")]
    public void WeekendInsideAnotherWord_OrInThePast_IsNoWeekend(string text) => P(text).Weekend.ShouldBeFalse();

    [Theory]
    [InlineData("Sunday", IsoDayOfWeek.Sunday)]
    [InlineData("sat", IsoDayOfWeek.Saturday)]
    [InlineData("this weekend, saturday ideally", IsoDayOfWeek.Saturday)]
    [InlineData("wknd works, sunday best", IsoDayOfWeek.Sunday)]
    public void ADayNamed_WinsOverTheWeekend(string text, IsoDayOfWeek day)
    {
        var r = P(text);
        r.Weekday.ShouldBe(day);
        r.Weekend.ShouldBeFalse();
    }

    [Fact]
    public void ADateNamed_WinsOverTheWeekend()
    {
        var r = P("the weekend, 3/7 if you can");
        r.Date.ShouldBe(new LocalDate(2026, 3, 7));
        r.Weekend.ShouldBeFalse();
    }

    [Fact]
    public void SatOrSunMorning_IsAWeekendMorning()
    {
        var r = P("sat or sun morning");
        r.Weekend.ShouldBeTrue();
        r.Part.ShouldBe(DayPart.Morning);
    }

    [Fact]
    public void CanYouDoTheWeekendInstead_IsARescheduleToTheWeekend()
    {
        var r = P("can you do the weekend instead?");
        r.Reschedule.ShouldBeTrue();
        r.Weekend.ShouldBeTrue();
    }

    [Fact]
    public void TomorrowAt2_MeansTomorrowAfternoon()
    {
        var r = P("tomorrow at 2");
        r.Date.ShouldBe(new LocalDate(2026, 3, 4));
        r.Time.ShouldBe(new LocalTime(14, 0));
        r.Index.ShouldBeNull();
    }

    [Theory]
    [InlineData("9am", 9, 0)]
    [InlineData("2:30 pm", 14, 30)]
    [InlineData("at 10", 10, 0)]
    [InlineData("around 3", 15, 0)]
    [InlineData("noon", 12, 0)]
    [InlineData("4 p.m.", 16, 0)]
    public void Times(string text, int hour, int minute) => P(text).Time.ShouldBe(new LocalTime(hour, minute));

    [Theory]
    [InlineData("March 5th", 3, 5)]
    [InlineData("3/5", 3, 5)]
    [InlineData("Mar 2", 3, 2)] // already past this year → next year... not within range → see below
    public void Dates(string text, int month, int day)
    {
        var d = P(text).Date!.Value;
        d.Month.ShouldBe(month);
        d.Day.ShouldBe(day);
        d.ShouldBeGreaterThanOrEqualTo(Today);
    }

    [Fact]
    public void CanWeDoThursdayInstead_IsARescheduleToThursday()
    {
        var r = P("can we do Thursday instead?");
        r.Reschedule.ShouldBeTrue();
        r.Weekday.ShouldBe(IsoDayOfWeek.Thursday);
    }

    [Theory]
    [InlineData("none of those work")]
    [InlineData("No")]
    [InlineData("neither, sorry")]
    public void Declines(string text) => P(text).Decline.ShouldBeTrue();

    [Fact] public void C_Confirms() => P("C").Confirm.ShouldBeTrue();
    [Fact] public void R_Reschedules() => P("r").Reschedule.ShouldBeTrue();
    [Theory]
    [InlineData("Thanks!")]
    [InlineData("thank you so much")]
    [InlineData("ok see you then")]
    [InlineData("👍")]
    public void Acknowledgements(string text) => P(text).Ack.ShouldBeTrue();

    [Fact] public void AQuestion_IsNotAnAcknowledgement() => P("thanks, what should I do until then?").Ack.ShouldBeFalse();

    [Fact] public void CancelAppt_Cancels() => P("CANCEL APPT").Cancel.ShouldBeTrue();
    [Fact] public void CancelMyAppointment_Cancels() => P("Please cancel my appointment").Cancel.ShouldBeTrue();
    [Fact] public void Yes_IsYes() => P("Yes please").Yes.ShouldBeTrue();

    [Theory]
    [InlineData("2pm")]
    [InlineData("at 2")]
    public void ATime_IsNotAPick(string text) => P(text).Index.ShouldBeNull();

    [Fact]
    public void AQuestion_IsNotABookingReply()
    {
        var r = P("how much does a tune up cost?");
        (r.HasPick || r.HasWhen || r.Yes || r.Decline || r.Cancel || r.Confirm).ShouldBeFalse();
    }
}
