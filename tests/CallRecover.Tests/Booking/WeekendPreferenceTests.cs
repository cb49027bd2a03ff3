using System.Net;
using System.Net.Http.Json;
using CallRecover.Booking;
using CallRecover.Conversations.Engines;
using CallRecover.Tenancy;
using CallRecover.Tests.Conversations;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using NodaTime;

namespace CallRecover.Tests.Booking;

/// <summary>
/// A caller who says the weekend suits ("wknd works", "sat or sun"): offered weekend times when the business works
/// weekends, and told plainly that it does not (with the soonest weekday times) when it does not, both before the
/// first offer and in a reply to one. Before, the weekend was read by nobody and weekdays were offered silently.
/// A weekend day named with a time ("Saturday 0900 works") when no weekend is open is told so too, with the nearest
/// times on weekdays (it was offered weekday mornings silently).
/// </summary>
public sealed class WeekendPreferenceTests
{
    // BookingScenario.Start is Tue Mar 3 2026, 10:00 in New York; the default hours are weekdays 8–5.
    private const string SoonestWeekdays = "1) Tue Mar 3, 12–1pm 2) Tue Mar 3, 4–5pm 3) Wed Mar 4, 8–9am 4) Thu Mar 5, 4–5pm.";
    private const string Ask = "Reply with the number that works, or tell us another time.";

    private static BusinessInput OpenSaturdayMornings(BusinessInput b)
    {
        var hours = WeeklyHours.WeekdaysNineToFive();
        hours["saturday"] = new DayHours("09:00", "13:00");
        return b with { BusinessHours = hours };
    }

    /// <summary>What the conversation engine keeps of each phrasing is read back as the weekend when the offer is made.</summary>
    [Theory]
    [InlineData("wknd works")]
    [InlineData("weekend is best")]
    [InlineData("this weekend")]
    [InlineData("any time this weekend")]
    [InlineData("sat or sun")]
    [InlineData("sat/sun")]
    [InlineData("wkend")]
    public void TheEnginesReadingOfAWeekendPreference_IsTheWeekend_WhenTheOfferIsMade(string text)
    {
        var kept = UnderstandingProbe.Field(text, LeadFields.PreferredTime, asked: LeadFields.PreferredTime);
        kept.ShouldNotBeNull();
        ReplyParser.Parse(kept, new LocalDate(2026, 3, 3)).Weekend.ShouldBeTrue($"the engine kept \"{kept}\"");
    }

    [Theory, DatabaseData]
    public async Task ClosedOnWeekends_APreferredWeekend_IsToldSo_AndOfferedTheSoonestWeekdays(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(preferredTime: "this weekend");

        await s.QualifyAsync(jane);

        (await s.LastTextAsync(jane)).ShouldBe($"Jane, we're not open on weekends — the soonest we have is {SoonestWeekdays} {Ask}");
    }

    [Theory, DatabaseData]
    public async Task ClosedOnWeekends_APreferredSaturdayMorning_IsToldSo_AndOfferedWeekdayMornings(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync(preferredTime: "saturday 9am");

        await s.QualifyAsync(jane);

        (await s.LastTextAsync(jane)).ShouldBe(
            $"Jane, we're not open on weekends — the soonest we have is 1) Wed Mar 4, 8:30–9:30am 2) Wed Mar 4, 9–10am 3) Thu Mar 5, 9–10am 4) Fri Mar 6, 8:30–9:30am. {Ask}");
    }

    [Theory, DatabaseData]
    public async Task OpenOnSaturday_APreferredSaturdayMorning_IsOfferedSaturday(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app, OpenSaturdayMornings);
        var jane = await s.QualifiedCallerAsync(preferredTime: "saturday 9am");

        await s.QualifyAsync(jane);

        (await s.LastTextAsync(jane)).ShouldStartWith("Jane, we can come out: 1) Sat Mar 7, 9");
    }

    [Theory, DatabaseData]
    public async Task OpenOnSaturday_APreferredWeekend_IsOfferedSaturdays_SoonestFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app, OpenSaturdayMornings);
        var jane = await s.QualifiedCallerAsync(preferredTime: "saturday or sunday");

        await s.QualifyAsync(jane);

        (await s.LastTextAsync(jane)).ShouldBe($"Jane, we can come out: 1) Sat Mar 7, 9–10am 2) Sat Mar 7, 12–1pm 3) Sat Mar 14, 9–10am 4) Sat Mar 14, 12–1pm. {Ask}");
    }

    [Theory, DatabaseData]
    public async Task ClosedOnWeekends_AReplyAskingForTheWeekend_IsToldSo_AndOfferedTheSoonestWeekdays(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var bob = await s.QualifiedCallerAsync(name: "Bob");
        await s.QualifyAsync(jane);
        await s.QualifyAsync(bob);

        await s.ReplyAsync(jane, "can you do the weekend instead?");
        await s.ReplyAsync(bob, "wknd?");

        foreach (var caller in new[] { jane, bob })
        {
            (await s.AppointmentsAsync(caller)).ShouldBeEmpty();
            (await s.LastTextAsync(caller)).ShouldBe($"We're not open on weekends — the soonest we have is {SoonestWeekdays} {Ask}");
        }
        await s.ReplyAsync(jane, "3");
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().StartAt.ShouldBe(new DateTimeOffset(2026, 3, 4, 13, 0, 0, TimeSpan.Zero));
    }

    [Theory, DatabaseData]
    public async Task OpenOnSaturday_AReplyAskingForTheWeekend_IsOfferedSaturdays_AndCanPickOne(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app, OpenSaturdayMornings);
        var jane = await s.QualifiedCallerAsync();
        await s.QualifyAsync(jane);

        await s.ReplyAsync(jane, "wknd?");

        var text = await s.LastTextAsync(jane);
        text.ShouldStartWith("We can do: 1) Sat Mar 7, 9–10am");
        var offered = (await s.OffersAsync(jane)).Single(o => o.Status == "pending").SlotList;
        offered.ShouldAllBe(slot => s.Business.LocalTime(slot.Start).DayOfWeek == IsoDayOfWeek.Saturday);
        await s.ReplyAsync(jane, "1");
        (await s.AppointmentsAsync(jane)).ShouldHaveSingleItem().StartAt.ShouldBe(new DateTimeOffset(2026, 3, 7, 14, 0, 0, TimeSpan.Zero));
    }

    [Theory, DatabaseData]
    public async Task OpenOnSaturday_ButNoSaturdayOpen_SaysNothingIsOpenOnWeekends_InTheOfferAndInAReply(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start));
        var s = await BookingScenario.CreateAsync(app, OpenSaturdayMornings);
        // Away the next three Saturdays (the whole horizon the reply looks at).
        (await app.OperatorClient().PutAsJsonAsync($"/api/admin/businesses/{s.Business.Id}/closed-days", new { dates = new[] { "2026-03-07", "2026-03-14", "2026-03-21" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var jane = await s.QualifiedCallerAsync(preferredTime: "this weekend");
        var bob = await s.QualifiedCallerAsync(name: "Bob");

        await s.QualifyAsync(jane);
        await s.QualifyAsync(bob);
        await s.ReplyAsync(bob, "any time this weekend");

        (await s.LastTextAsync(jane)).ShouldBe($"Jane, nothing's open on weekends right now — the soonest we have is {SoonestWeekdays} {Ask}");
        (await s.LastTextAsync(bob)).ShouldBe($"Nothing's open on weekends right now — the soonest we have is {SoonestWeekdays} {Ask}");
        (await s.AppointmentsAsync(bob)).ShouldBeEmpty();
    }

    /// <summary>The weekend said in the conversation, with the address, before any offer: the whole path by text through the built-in engine.</summary>
    [Theory, DatabaseData]
    public async Task AWeekendSaidInTheConversation_BeforeTheOffer_ShapesTheFirstOffer(string provider)
    {
        const string caller = "+14075550177";
        var clock = new FakeClock(BookingScenario.Start);
        await using var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var closed = await h.BusinessAsync();
        await h.MissedCallAsync(closed, caller);
        await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(caller).Count), n => n >= 1, "greeting");

        foreach (var say in new[] { "my ac is making a rattling noise, no rush", "Dana Reyes", "wknd works, 88 Palmetto Dr, Orlando 32801" })
        {
            var before = h.Carrier.To(caller).Count;
            clock.Advance(TimeSpan.FromMinutes(1));
            await h.TextAsync(closed, caller, say);
            await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(caller).Count), n => n > before, $"answer to \"{say}\"");
        }
        var offer = await Eventually.WaitAsync(() => Task.FromResult(h.Carrier.To(caller).Select(t => t.Body).LastOrDefault(b => b.Contains("Reply with the number", StringComparison.Ordinal))),
            b => b is not null, "the offer");
        offer.ShouldStartWith("Dana, we're not open on weekends — the soonest we have is 1) ");
    }
}
