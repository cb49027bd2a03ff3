using CallRecover.Compliance;
using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Tests.Compliance;

/// <summary>Each rule of the one texting policy on its own, then their order.</summary>
public sealed class TextingPolicyRulesTests
{
    private const string Caller = "+19045550142";
    // 2026-03-03 17:00 UTC is noon in New York; 03:00 UTC is 22:00 there.
    private static readonly DateTimeOffset Noon = new(2026, 3, 3, 17, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Night = new(2026, 3, 3, 3, 0, 0, TimeSpan.Zero);

    private static Business Biz(string status = "active", NotificationPrefs? prefs = null) => new()
    {
        Id = "b1", Name = "Cool Air", OwnerName = "O", OwnerEmail = "o@example.com", OwnerPhone = "+19045550100", BusinessPhone = "+19045550101",
        CarrierNumber = "+19045550199", SubscriptionStatus = status, NotificationPrefs = prefs ?? new NotificationPrefs(),
    };

    private static TextFacts Facts(DateTimeOffset? now = null, Business? business = null, bool optedOut = false, bool dnt = false, bool cannot = false,
        bool human = false, int reviews = 0, string? to = Caller) => new()
    {
        Business = business ?? Biz(), To = to, OptedOut = optedOut, DoNotText = dnt, CannotText = cannot, HumanHasConversation = human,
        RecentReviewRequests = reviews, RecipientZone = DateTimeZoneProviders.Tzdb["America/New_York"], Now = now ?? Noon,
    };

    private static TextIntent Intent(string purpose, bool byPerson = false, bool urgent = false, bool consent = false, bool atSend = false) =>
        new(Caller, purpose, byPerson, urgent, consent, AtSend: atSend);

    [Fact]
    public void AnOrdinaryReply_GoesNow() =>
        TextingPolicy.Decide(Intent(SmsPurposes.Reply), Facts()).ShouldBe(TextDecision.SendNow);

    [Fact]
    public void AWithheldOrInvalidNumber_IsNeverTexted() =>
        TextingPolicy.RealNumber(Intent(SmsPurposes.Greeting), Facts(to: null)).ShouldBe(TextDecision.Never(TextReasons.InvalidNumber));

    [Theory]
    [InlineData(SmsPurposes.Reply), InlineData(SmsPurposes.Manual), InlineData(SmsPurposes.OwnerNotification), InlineData(SmsPurposes.Quote)]
    public void AnOptedOutNumber_GetsNothing(string purpose) =>
        TextingPolicy.NotOptedOut(Intent(purpose), Facts(optedOut: true)).ShouldBe(TextDecision.Never(TextReasons.OptedOut));

    [Fact]
    public void AnOptedOutNumber_StillGetsTheStopConfirmation() =>
        TextingPolicy.NotOptedOut(Intent(SmsPurposes.Compliance), Facts(optedOut: true)).ShouldBeNull();

    [Fact]
    public void TheDoNotTextList_StopsCallerTexts_ButNotTheOwnersAlerts()
    {
        TextingPolicy.NotOnDoNotText(Intent(SmsPurposes.Manual, byPerson: true), Facts(dnt: true)).ShouldBe(TextDecision.Never(TextReasons.DoNotText));
        TextingPolicy.NotOnDoNotText(Intent(SmsPurposes.OwnerNotification), Facts(dnt: true)).ShouldBeNull();
    }

    [Fact]
    public void ANumberTheCarrierCannotText_IsNotTexted() =>
        TextingPolicy.CanReceiveTexts(Intent(SmsPurposes.FollowUp), Facts(cannot: true)).ShouldBe(TextDecision.Never(TextReasons.CannotText));

    [Theory]
    [InlineData("paused"), InlineData("cancelled")]
    public void APausedBusiness_TextsNobody_ButStillAnswersStop(string status)
    {
        TextingPolicy.BusinessActive(Intent(SmsPurposes.Greeting), Facts(business: Biz(status))).ShouldBe(TextDecision.Never(TextReasons.BusinessPaused));
        TextingPolicy.BusinessActive(Intent(SmsPurposes.Compliance), Facts(business: Biz(status))).ShouldBeNull();
        TextingPolicy.BusinessActive(Intent(SmsPurposes.Greeting), Facts(business: Biz("trial"))).ShouldBeNull();
    }

    [Theory]
    [InlineData(SmsPurposes.Reply), InlineData(SmsPurposes.FollowUp), InlineData(SmsPurposes.Quote), InlineData(SmsPurposes.Booking),
     InlineData(SmsPurposes.Reminder), InlineData(SmsPurposes.Review), InlineData(SmsPurposes.Greeting)]
    public void AfterATakeover_NoAutomatedTextGoes(string purpose) =>
        TextingPolicy.HumanLock(Intent(purpose), Facts(human: true)).ShouldBe(TextDecision.Never(TextReasons.HumanActive));

    [Fact]
    public void AfterATakeover_ThePersonsOwnTextsAndComplianceAnswersGo()
    {
        TextingPolicy.HumanLock(Intent(SmsPurposes.Manual, byPerson: true), Facts(human: true)).ShouldBeNull();
        TextingPolicy.HumanLock(Intent(SmsPurposes.Quote, byPerson: true), Facts(human: true)).ShouldBeNull();
        TextingPolicy.HumanLock(Intent(SmsPurposes.Compliance), Facts(human: true)).ShouldBeNull();
    }

    [Fact]
    public void ACampaignText_NeedsRecordedConsent()
    {
        TextingPolicy.MarketingConsent(Intent(SmsPurposes.Campaign), Facts()).ShouldBe(TextDecision.Never(TextReasons.NoConsent));
        TextingPolicy.MarketingConsent(Intent(SmsPurposes.Campaign, consent: true), Facts()).ShouldBeNull();
    }

    [Fact]
    public void ReviewRequests_StopAtTheCap()
    {
        TextingPolicy.ReviewRequestCap(Intent(SmsPurposes.Review), Facts(reviews: TextingPolicy.ReviewCap - 1)).ShouldBeNull();
        TextingPolicy.ReviewRequestCap(Intent(SmsPurposes.Review), Facts(reviews: TextingPolicy.ReviewCap)).ShouldBe(TextDecision.Never(TextReasons.ReviewCap));
    }

    [Fact]
    public void OwnerAlerts_StayOutOfQuietHours_ButAnEmergencyGoesAtOnce_ByDefault()
    {
        TextingPolicy.OwnerQuietHours(Intent(SmsPurposes.OwnerNotification), Facts(Night)).ShouldBe(TextDecision.Never(TextReasons.OwnerQuietHours));
        // The default allows an emergency through: the caller has just been told someone is on it.
        new NotificationPrefs().EmergencyOverride.ShouldBeTrue();
        TextingPolicy.OwnerQuietHours(Intent(SmsPurposes.OwnerNotification, urgent: true), Facts(Night)).ShouldBeNull();
        TextingPolicy.OwnerQuietHours(Intent(SmsPurposes.OwnerNotification), Facts(Noon)).ShouldBeNull();
    }

    [Fact]
    public void AnEmergencyInQuietHours_WithTheOverrideOff_WaitsForTheEndOfQuietHours_NotDropped()
    {
        // 03:00 UTC is 22:00 in New York; quiet hours end at 07:00 there, 12:00 UTC the next day.
        var off = Biz(prefs: new NotificationPrefs { EmergencyOverride = false });
        TextingPolicy.OwnerQuietHours(Intent(SmsPurposes.OwnerNotification, urgent: true), Facts(Night, off))
            .ShouldBe(TextDecision.Later(TextReasons.OwnerQuietHours, new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero)));
        TextingPolicy.OwnerQuietHours(Intent(SmsPurposes.OwnerNotification), Facts(Night, off)).ShouldBe(TextDecision.Never(TextReasons.OwnerQuietHours));
        // After midnight the end is the same morning's.
        var small = new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero); // 04:30 in New York
        off.QuietHoursEnd(small).ShouldBe(new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(SmsPurposes.FollowUp), InlineData(SmsPurposes.Reminder), InlineData(SmsPurposes.Review), InlineData(SmsPurposes.Campaign)]
    public void UnpromptedTexts_WaitForEightInTheMorning_InTheRecipientsZone(string purpose)
    {
        var held = TextingPolicy.RecipientDaytime(Intent(purpose), Facts(Night));
        held.ShouldNotBeNull();
        held.Verdict.ShouldBe(TextVerdict.Later);
        held.Reason.ShouldBe(TextReasons.QuietHours);
        held.Until.ShouldBe(new DateTimeOffset(2026, 3, 3, 13, 0, 0, TimeSpan.Zero)); // 08:00 EST
        TextingPolicy.RecipientDaytime(Intent(purpose), Facts(Noon)).ShouldBeNull();
    }

    [Theory]
    [InlineData(SmsPurposes.Greeting), InlineData(SmsPurposes.Reply), InlineData(SmsPurposes.Booking), InlineData(SmsPurposes.Quote), InlineData(SmsPurposes.Compliance)]
    public void DirectReplies_GoAtNight(string purpose) =>
        TextingPolicy.RecipientDaytime(Intent(purpose), Facts(Night)).ShouldBeNull();

    [Fact]
    public void APersonTextingAtNight_IsTheirChoice() =>
        TextingPolicy.RecipientDaytime(Intent(SmsPurposes.FollowUp, byPerson: true), Facts(Night)).ShouldBeNull();

    [Fact]
    public void AVisitText_ADispatcherSendsAtNight_WaitsForMorning_UnlessTheVisitComesFirst()
    {
        // Night is 22:00 in New York; the morning is 08:00 there (13:00 UTC).
        var tomorrowAfternoon = new DateTimeOffset(2026, 3, 3, 19, 0, 0, TimeSpan.Zero);
        var tonight = new DateTimeOffset(2026, 3, 3, 4, 0, 0, TimeSpan.Zero);
        var held = TextingPolicy.Decide(new TextIntent(Caller, SmsPurposes.Visit, ByPerson: true, NeededBy: tomorrowAfternoon), Facts(Night));
        (held.Verdict, held.Reason, held.Until).ShouldBe((TextVerdict.Later, TextReasons.QuietHours, new DateTimeOffset(2026, 3, 3, 13, 0, 0, TimeSpan.Zero)));
        // An emergency visit tonight: "on my way" is no use at 8:00.
        TextingPolicy.Decide(new TextIntent(Caller, SmsPurposes.Visit, ByPerson: true, NeededBy: tonight), Facts(Night)).Verdict.ShouldBe(TextVerdict.Now);
        TextingPolicy.Decide(new TextIntent(Caller, SmsPurposes.Visit, ByPerson: true, NeededBy: tomorrowAfternoon), Facts(Noon)).Verdict.ShouldBe(TextVerdict.Now);
        // Held until 8:00, it goes then without being held again.
        TextingPolicy.VisitDaytime(new TextIntent(Caller, SmsPurposes.Visit, ByPerson: true, AtSend: true), Facts(Night)).ShouldBeNull();
        // And an opted-out number still gets nothing, day or night.
        TextingPolicy.Decide(new TextIntent(Caller, SmsPurposes.Visit, ByPerson: true, NeededBy: tonight), Facts(Night, optedOut: true)).Verdict.ShouldBe(TextVerdict.Never);
    }

    [Fact]
    public void SettledWhenQueued_IsNotAskedAgainAtSending()
    {
        TextingPolicy.OwnerQuietHours(Intent(SmsPurposes.OwnerNotification, atSend: true), Facts(Night)).ShouldBeNull();
        TextingPolicy.MarketingConsent(Intent(SmsPurposes.Campaign, atSend: true), Facts()).ShouldBeNull();
    }

    [Fact]
    public void TheFirstRuleThatObjects_GivesTheReason()
    {
        // Opted out and taken over: the opt-out is the reason the owner sees (it outlives the takeover).
        TextingPolicy.Decide(Intent(SmsPurposes.FollowUp), Facts(Night, optedOut: true, human: true)).ShouldBe(TextDecision.Never(TextReasons.OptedOut));
        TextingPolicy.Decide(Intent(SmsPurposes.FollowUp), Facts(Night, human: true)).ShouldBe(TextDecision.Never(TextReasons.HumanActive));
        TextingPolicy.Decide(Intent(SmsPurposes.FollowUp), Facts(Night)).Verdict.ShouldBe(TextVerdict.Later);
    }

    [Fact]
    public void EveryReason_HasWordsForTheOwner()
    {
        foreach (var reason in new[] { TextReasons.InvalidNumber, TextReasons.OptedOut, TextReasons.DoNotText, TextReasons.CannotText, TextReasons.BusinessPaused,
                     TextReasons.HumanActive, TextReasons.NoConsent, TextReasons.ReviewCap, TextReasons.QuietHours, TextReasons.OwnerQuietHours })
            TextReasons.Describe(reason).ShouldNotBe(reason);
    }
}

/// <summary>The recipient's time zone comes from the area code, territories included; an unknown code falls back to the business's.</summary>
public sealed class CallerTimeZoneTests
{
    private static readonly Business Chicago = new()
    {
        Id = "b1", Name = "Cool Air", OwnerName = "O", OwnerEmail = "o@example.com", OwnerPhone = "+13125550100", BusinessPhone = "+13125550101",
        CarrierNumber = "+13125550199", TimeZone = "America/Chicago",
    };

    [Theory]
    [InlineData("+19045550142", "America/New_York"), InlineData("+18085550142", "Pacific/Honolulu"), InlineData("+19075550142", "America/Anchorage")]
    [InlineData("+17875550142", "America/Puerto_Rico"), InlineData("+13405550142", "America/St_Thomas"), InlineData("+16715550142", "Pacific/Guam")]
    [InlineData("+16705550142", "Pacific/Saipan"), InlineData("+16845550142", "Pacific/Pago_Pago")]
    [InlineData("+18005550142", "America/Chicago"), InlineData("+447700900123", "America/Chicago")]
    public void TheZoneFollowsTheAreaCode(string phone, string zone) => CallerTimeZone.For(phone, Chicago).Id.ShouldBe(zone);
}
