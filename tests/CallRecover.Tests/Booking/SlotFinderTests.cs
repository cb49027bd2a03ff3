using CallRecover.Booking;
using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Tests.Booking;

public sealed class SlotFinderTests
{
    internal static Business Business(string zone = "America/New_York", WeeklyHours? hours = null) => new()
    {
        Id = "b1", Name = "Cool Air", OwnerName = "O", OwnerEmail = "o@example.com", OwnerPhone = "+19045550100",
        BusinessPhone = "+19045550101", CarrierNumber = "+19045550199", TimeZone = zone, BusinessHours = hours ?? WeeklyHours.WeekdaysNineToFive(),
    };

    private static WeeklyHours EveryDay(string open, string close)
    {
        var h = new WeeklyHours();
        foreach (var d in WeeklyHours.DayNames) h[d] = new DayHours(open, close);
        return h;
    }

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static SlotFinder.Request Request(Business b, DateTimeOffset now, BookingSettings? s = null, IReadOnlyList<Busy>? busy = null, int minutes = 60) =>
        new(b, s ?? new BookingSettings(), minutes, now, busy ?? []);

    private static List<string> Texts(Business b, IEnumerable<Slot> slots) => [.. slots.Select(s => SlotText.Format(b, s))];

    [Fact]
    public void Offer_SpreadsFourSlots_AcrossThreeBusinessDaysAndTimesOfDay()
    {
        var b = Business();
        // Tue Mar 3 2026, 10:00 in New York; lead time 2 h → nothing before noon today.
        var offer = SlotFinder.Offer(Request(b, Utc(2026, 3, 3, 15)));

        Texts(b, offer).ShouldBe(["Tue Mar 3, 12–1pm", "Tue Mar 3, 4–5pm", "Wed Mar 4, 8–9am", "Thu Mar 5, 4–5pm"]);
    }

    [Fact]
    public void Offer_SkipsClosedWeekendsAndDaysOff()
    {
        var b = Business();
        var settings = new BookingSettings { DaysOff = ["2026-03-09"] };
        // Fri Mar 6, 16:30 local: nothing left today; Sat/Sun closed; Mon Mar 9 is a day off.
        var offer = SlotFinder.Offer(Request(b, Utc(2026, 3, 6, 21, 30), settings));

        var days = offer.Select(s => b.LocalTime(s.Start).Date).Distinct().ToList();
        days.ShouldBe([new LocalDate(2026, 3, 10), new LocalDate(2026, 3, 11), new LocalDate(2026, 3, 12)]);
        offer.Count.ShouldBe(4);
    }

    [Fact]
    public void Slots_NeverOverlapAnAppointment_AndKeepTheBufferAroundIt()
    {
        var b = Business();
        // Wed Mar 4 10:00–11:00 local is booked; 30 min buffer.
        var busy = new Busy(Utc(2026, 3, 4, 15), Utc(2026, 3, 4, 16));
        var days = SlotFinder.Candidates(Request(b, Utc(2026, 3, 3, 15), new BookingSettings { BufferMinutes = 30 }, [busy]));
        var wednesday = days.Single(d => d.Date == new LocalDate(2026, 3, 4)).Slots.Select(s => b.LocalTime(s.Start).TimeOfDay).ToList();

        wednesday.ShouldContain(new LocalTime(8, 30)); // ends 9:30, 30 min before the job
        wednesday.ShouldNotContain(new LocalTime(9, 0)); // would end 10:00: no buffer left
        wednesday.ShouldNotContain(new LocalTime(10, 0));
        wednesday.ShouldNotContain(new LocalTime(11, 0)); // starts as the job ends: no buffer
        wednesday.ShouldContain(new LocalTime(11, 30));

        var noBuffer = SlotFinder.Candidates(Request(b, Utc(2026, 3, 3, 15), new BookingSettings { BufferMinutes = 0 }, [busy]))
            .Single(d => d.Date == new LocalDate(2026, 3, 4)).Slots.Select(s => b.LocalTime(s.Start).TimeOfDay).ToList();
        noBuffer.ShouldContain(new LocalTime(9, 0));
        noBuffer.ShouldContain(new LocalTime(11, 0));
        noBuffer.ShouldNotContain(new LocalTime(9, 30));
    }

    [Fact]
    public void Slots_RespectTheLeadTime_AndTheClosingTimeForLongJobs()
    {
        var b = Business();
        var days = SlotFinder.Candidates(Request(b, Utc(2026, 3, 3, 15), new BookingSettings { LeadTimeHours = 5 }, minutes: 120));
        var today = days.Single(d => d.Date == new LocalDate(2026, 3, 3)).Slots;

        // 10:00 + 5 h = 15:00 local; a 2-hour job must end by 17:00.
        Texts(b, today).ShouldBe(["Tue Mar 3, 3–5pm"]);
    }

    [Fact]
    public void ServiceLength_ComesFromTheSettingsPerService()
    {
        var s = new BookingSettings { DefaultDurationMinutes = 60, ServiceDurations = new(StringComparer.OrdinalIgnoreCase) { ["New system / replacement"] = 240, ["AC repair"] = 90 } };
        s.DurationFor("ac repair").ShouldBe(90);
        s.DurationFor("AC repair - not cooling upstairs").ShouldBe(90);
        s.DurationFor("Thermostat").ShouldBe(60);
        s.DurationFor(null).ShouldBe(60);
    }

    [Fact]
    public void SpringForward_OffersTheSameWallClockHours_AtTheNewOffset()
    {
        var b = Business(hours: EveryDay("08:00", "17:00"));
        // Sat Mar 7 2026, 20:00 EST. Clocks go forward Sun Mar 8 at 02:00.
        var days = SlotFinder.Candidates(Request(b, Utc(2026, 3, 8, 1), new BookingSettings { LeadTimeHours = 0 }), days: 3);
        var sunday = days.Single(d => d.Date == new LocalDate(2026, 3, 8)).Slots;
        var monday = days.Single(d => d.Date == new LocalDate(2026, 3, 9)).Slots;

        sunday[0].Start.ShouldBe(Utc(2026, 3, 8, 12)); // 08:00 EDT (UTC-4)
        monday[0].Start.ShouldBe(Utc(2026, 3, 9, 12));
        SlotText.Format(b, sunday[0]).ShouldBe("Sun Mar 8, 8–9am");
        sunday[^1].End.ShouldBe(Utc(2026, 3, 8, 21)); // last visit ends at 17:00 EDT
    }

    [Fact]
    public void SpringForward_NeverOffersAWallClockTimeThatDoesNotExist()
    {
        var b = Business(hours: EveryDay("00:00", "06:00"));
        var days = SlotFinder.Candidates(Request(b, Utc(2026, 3, 7, 12), new BookingSettings { LeadTimeHours = 0, BufferMinutes = 0 }), days: 3);
        var sunday = days.Single(d => d.Date == new LocalDate(2026, 3, 8)).Slots;
        var starts = sunday.Select(s => b.LocalTime(s.Start).TimeOfDay).ToList();

        starts.ShouldNotContain(new LocalTime(2, 0));
        starts.ShouldNotContain(new LocalTime(2, 30));
        starts.ShouldContain(new LocalTime(1, 30));
        starts.ShouldContain(new LocalTime(3, 0));
        // Every visit is 60 real minutes even across the jump (1:30 EST → 3:30 EDT).
        sunday.ShouldAllBe(s => s.End - s.Start == TimeSpan.FromHours(1));
        // The night is one hour shorter: 00:00–06:00 local is 5 real hours, so 9 half-hour starts fit (not 11).
        sunday.Count.ShouldBe(9);
    }

    [Fact]
    public void FallBack_OffersARepeatedWallClockTimeOnce_AndKeepsRealDurations()
    {
        var b = Business(hours: EveryDay("00:00", "04:00"));
        var days = SlotFinder.Candidates(Request(b, Utc(2026, 10, 31, 12), new BookingSettings { LeadTimeHours = 0, BufferMinutes = 0 }), days: 3);
        var sunday = days.Single(d => d.Date == new LocalDate(2026, 11, 1)).Slots;
        var labels = Texts(b, sunday);

        labels.Distinct().Count().ShouldBe(labels.Count);
        sunday.Select(s => s.Start).Distinct().Count().ShouldBe(sunday.Count);
        // 01:00 is the first (EDT) occurrence: 05:00Z.
        sunday.Single(s => b.LocalTime(s.Start).TimeOfDay == new LocalTime(1, 0)).Start.ShouldBe(Utc(2026, 11, 1, 5));
        sunday.ShouldAllBe(s => s.End - s.Start == TimeSpan.FromHours(1));
        // The night is 5 real hours long; a visit must end by 04:00 EST (09:00Z).
        sunday.ShouldAllBe(s => s.End <= Utc(2026, 11, 1, 9));
    }

    [Fact]
    public void TimeZones_AreTheBusinesses_NotTheServers()
    {
        var b = Business(zone: "America/Los_Angeles");
        var offer = SlotFinder.Offer(Request(b, Utc(2026, 3, 3, 15)));
        // 07:00 in Los Angeles: the earliest slot is 09:00 local (2 h lead time) = 17:00Z.
        offer[0].Start.ShouldBe(Utc(2026, 3, 3, 17));
        SlotText.Format(b, offer[0]).ShouldBe("Tue Mar 3, 9–10am");
    }

    [Fact]
    public void NoOpenings_MeansNoOffer()
    {
        var hours = new WeeklyHours();
        foreach (var d in WeeklyHours.DayNames) hours[d] = null;
        SlotFinder.Offer(Request(Business(hours: hours), Utc(2026, 3, 3, 15))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(9, 0, 10, 0, "9–10am")]
    [InlineData(11, 30, 12, 30, "11:30am–12:30pm")]
    [InlineData(12, 0, 13, 0, "12–1pm")]
    [InlineData(16, 0, 17, 30, "4–5:30pm")]
    public void Windows_ReadNaturally(int h1, int m1, int h2, int m2, string expected) =>
        SlotText.Window(new LocalTime(h1, m1), new LocalTime(h2, m2)).ShouldBe(expected);
}
