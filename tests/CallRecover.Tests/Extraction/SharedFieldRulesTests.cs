using System.Text.Json;
using CallRecover.Common;
using CallRecover.Extraction;

namespace CallRecover.Tests.Extraction;

/// <summary>The small rules the extractors, lead capture and corrections share.</summary>
public sealed class SharedFieldRulesTests
{
    [Theory]
    [InlineData("(904) 555-0134", "+19045550134")]
    [InlineData("+19045550134", "+19045550134")]
    [InlineData("anonymous", null)]
    [InlineData("+266696687", null)] // normalizes, but carriers use it for a withheld number
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("555-0134", null)]
    public void CallerIdOrNull_IsANormalizedNumberThatIsNotWithheld(string? from, string? expected)
    {
        Phone.CallerIdOrNull(from).ShouldBe(expected);
        Phone.CallerIdOrNull(from).ShouldBe(Phone.NormalizeOrNull(from) is { } id && !Phone.IsWithheld(from) ? id : null);
    }

    [Fact]
    public void WithheldCallerId_IsNotUsedAsTheCallbackNumber()
    {
        var context = new ExtractionContext("+266696687", 2026, "Joe's", "auto");
        RuleExtractor.Extract("My brakes squeal.", context).Fields.ContainsKey(FieldNames.Phone).ShouldBeFalse();
        OpenAiExtractor.Validate("{}", context).Fields.ContainsKey(FieldNames.Phone).ShouldBeFalse();
        LeadCapture.LeadPhone("+266696687", new ExtractionResult()).ShouldBeNull();
    }

    [Fact]
    public void AppointmentStatus_FollowsThePreferredTimes_AndIsSerialized()
    {
        new ExtractionResult().AppointmentStatus.ShouldBe(AppointmentStatuses.None);
        new ExtractionResult { PreferredTimes = ["Monday"] }.AppointmentStatus.ShouldBe(AppointmentStatuses.One);
        var several = new ExtractionResult { PreferredTimes = ["Monday", "Tuesday"] };
        several.AppointmentStatus.ShouldBe(AppointmentStatuses.Several);
        (several with { PreferredTimes = [] }).AppointmentStatus.ShouldBe(AppointmentStatuses.None);

        var json = JsonSerializer.Serialize(several, Json.Options);
        JsonDocument.Parse(json).RootElement.GetProperty("appointmentStatus").GetString().ShouldBe(AppointmentStatuses.Several);
        JsonSerializer.Deserialize<ExtractionResult>(json, Json.Options)!.AppointmentStatus.ShouldBe(AppointmentStatuses.Several);
    }

    [Theory]
    [InlineData("1hgcm82633a004352", "1HGCM82633A004352")]
    [InlineData("1HGCM82633A00435", null)]
    [InlineData("1HGCM82633A00435O", null)]
    public void Vin_IsUpperCasedOrRejected(string value, string? expected) => FieldValues.Vin(value).ShouldBe(expected);

    [Fact]
    public void Email_AndPrice_AreNormalizedTheSameEverywhere()
    {
        FieldValues.Email("Maria@Example.COM").ShouldBe("maria@example.com");
        FieldValues.Email("maria at example").ShouldBeNull();
        FieldValues.Price(300m).ShouldBe("300.00");
        FieldValues.Price(1234.5m).ShouldBe("1234.50");
        var errors = new Dictionary<string, string[]>();
        CorrectionService.Normalize(FieldNames.Price, "$1234.5", 2026, errors).ShouldBe("1234.50");
        CorrectionService.Normalize(FieldNames.Email, "Maria@Example.COM", 2026, errors).ShouldBe("maria@example.com");
        CorrectionService.Normalize(FieldNames.Vin, "1hgcm82633a004352", 2026, errors).ShouldBe("1HGCM82633A004352");
        errors.ShouldBeEmpty();
    }
}
