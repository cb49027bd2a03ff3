using CallRecover.Extraction;

namespace CallRecover.Tests.Extraction;

public sealed class RuleExtractorTests
{
    private static readonly ExtractionContext Ctx = new("+19045550188", 2026, "Joe's Mobile Mechanic", "auto");

    private const string AnsweredCall =
        "Hi, my name is Maria Lopez. I've got a 2015 Honda Civic, the 1.8 liter, and the brakes are squealing really bad when I stop. " +
        "You can call me back at nine oh four, five five five, oh one three four. I'm at 1234 Oak Street, Jacksonville. " +
        "Could you come Thursday morning? I was quoted $300 somewhere else.";

    [Fact]
    public void AnsweredCall_GivesEveryFieldWithAConfidence()
    {
        var r = RuleExtractor.Extract(AnsweredCall, Ctx);

        r.Value(FieldNames.Name).ShouldBe("Maria Lopez");
        r.Confidence(FieldNames.Name).ShouldBeGreaterThanOrEqualTo(0.9);
        r.Value(FieldNames.Phone).ShouldBe("+19045550134");
        r.Confidence(FieldNames.Phone).ShouldBeGreaterThan(0.8);
        r.Value(FieldNames.Address).ShouldBe("1234 Oak St, Jacksonville");
        r.Value(FieldNames.VehicleYear).ShouldBe("2015");
        r.Value(FieldNames.VehicleMake).ShouldBe("Honda");
        r.Value(FieldNames.VehicleModel).ShouldBe("Civic");
        r.Value(FieldNames.VehicleEngine).ShouldBe("1.8L");
        r.Value(FieldNames.Problem)!.ShouldContain("brakes are squealing");
        r.Value(FieldNames.PreferredTime).ShouldBe("thursday morning");
        r.AppointmentStatus.ShouldBe(AppointmentStatuses.One);
        r.Value(FieldNames.Price).ShouldBe("300.00");
        r.Fields.Values.ShouldAllBe(f => f.Confidence > 0 && f.Confidence <= 1);
    }

    [Fact]
    public void Voicemail_WithSpokenYear_AndNoAppointment_SaysSoExplicitly()
    {
        var r = RuleExtractor.Extract(
            "Hey, this is Dave. My oh eight Ford F-150 won't crank, it just clicks when I turn the key. Call me back at 904-555-0177. Thanks.", Ctx);

        r.Value(FieldNames.Name).ShouldBe("Dave");
        r.Value(FieldNames.VehicleYear).ShouldBe("2008");
        r.Value(FieldNames.VehicleMake).ShouldBe("Ford");
        r.Value(FieldNames.VehicleModel).ShouldBe("F-150");
        r.Value(FieldNames.Phone).ShouldBe("+19045550177");
        r.AppointmentStatus.ShouldBe(AppointmentStatuses.None);
        r.Fields.ContainsKey(FieldNames.PreferredTime).ShouldBeFalse();
        r.Fields.ContainsKey(FieldNames.Address).ShouldBeFalse();
    }

    [Fact]
    public void SeveralTimes_AreAllKept_WithLowConfidence()
    {
        var r = RuleExtractor.Extract("Oil change please. I'm available Tuesday afternoon or Friday at 9 am, whichever works.", Ctx);

        r.AppointmentStatus.ShouldBe(AppointmentStatuses.Several);
        r.PreferredTimes.ShouldBe(["tuesday afternoon", "friday 9am"]);
        r.Confidence(FieldNames.PreferredTime).ShouldBeLessThan(0.5);
    }

    [Fact]
    public void WhenTheProblemStarted_IsNotAPreferredTime()
    {
        var r = RuleExtractor.Extract("The AC has been blowing warm since Monday.", Ctx);
        r.AppointmentStatus.ShouldBe(AppointmentStatuses.None);
    }

    [Fact]
    public void NoNumberSaid_FallsBackToCallerId_WithLowerConfidence()
    {
        var r = RuleExtractor.Extract("My name is Sam and my battery is dead.", Ctx);
        r.Value(FieldNames.Phone).ShouldBe("+19045550188");
        r.Confidence(FieldNames.Phone).ShouldBeLessThan(0.7);
    }

    [Fact]
    public void Vin_IsRecognized_AndItsCheckDigitRaisesConfidence()
    {
        var r = RuleExtractor.Extract("The VIN is 1HGCM82633A004352 on my Accord.", Ctx);
        r.Value(FieldNames.Vin).ShouldBe("1HGCM82633A004352");
        r.Confidence(FieldNames.Vin).ShouldBeGreaterThan(0.9);
        r.Value(FieldNames.VehicleMake).ShouldBe("Honda");
    }

    [Theory]
    [InlineData("I smell gas in the garage, please come right away", "emergency")]
    [InlineData("can you come today? the heat isn't working", "soon")]
    [InlineData("no rush, whenever you have time", "flexible")]
    public void Urgency_FollowsTheWordsOfEstimatesMd(string text, string urgency) =>
        RuleExtractor.Extract(text, Ctx).Value(FieldNames.Urgency).ShouldBe(urgency);

    [Theory]
    [InlineData("nine oh four five five five oh one three four", "9045550134")]
    [InlineData("904 five five five, 01 34", "9045550134")]
    [InlineData("nine oh four, double five five, oh one three four", "9045550134")]
    public void SpokenDigits_BecomeTheNumber(string said, string digits) =>
        SpokenNumbers.DigitRuns(said).ShouldContain(r => r.Digits == digits);

    [Fact]
    public void SpokenPrice_IsRead()
    {
        RuleExtractor.Extract("They wanted two hundred fifty dollars for the brakes", Ctx).Value(FieldNames.Price).ShouldBe("250.00");
    }
}
