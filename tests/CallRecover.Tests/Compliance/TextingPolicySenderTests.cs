using CallRecover.Booking;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Recordings;
using CallRecover.Tenancy;
using CallRecover.Tests.Conversations;
using BookingScenario = CallRecover.Tests.Booking.BookingScenario;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;

namespace CallRecover.Tests.Compliance;

/// <summary>
/// Every sender goes through the one send path and its texting policy: for each, a caller who opted out, one on the
/// do-not-text list, one whose conversation a person has taken over, and one it is night for. What the carrier receives
/// (and the reason stored on a text that was not sent) is the same whichever capability tried to text.
/// </summary>
public sealed class TextingPolicySenderTests
{
    /// <summary>Tue 2026-03-03 10:00 in New York.</summary>
    private static readonly DateTimeOffset Day = new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero);

    /// <summary>Tue 2026-03-03 23:00 in New York.</summary>
    private static readonly DateTimeOffset Night = new(2026, 3, 4, 4, 0, 0, TimeSpan.Zero);

    private static int _next = Random.Shared.Next(1000, 8000);

    /// <summary>A Jacksonville mobile: its area code puts the caller in New York time.</summary>
    private static string Caller() => $"+1904555{Interlocked.Increment(ref _next) % 10000:D4}";

    private sealed class Scene(TelephonyHarness h, FakeClock clock, Business business) : IAsyncDisposable
    {
        public TelephonyHarness H { get; } = h;
        public FakeClock Clock { get; } = clock;
        public Business Business { get; } = business;
        public T Service<T>() where T : notnull => H.App.Service<T>();

        public Task OptOutAsync(string phone) =>
            H.Db.WriteAsync(tx => Service<OptOuts>().OptOutAsync(tx, Business.Id, phone, "keyword", "caller"));

        public Task DoNotTextAsync(string phone) => Service<DoNotTextStore>().AddAsync(Business.Id, phone, "supplier");

        public async Task TakeOverAsync(string phone)
        {
            var id = await H.ScalarAsync<string>("SELECT id FROM conversations WHERE business_id = @b AND phone = @phone AND status IN ('active','follow_up')",
                new { b = Business.Id, phone });
            (await Service<TakeoverService>().TakeOverAsync(Business.Id, id, "user:test")).Ok.ShouldBeTrue();
        }

        /// <summary>The carrier's texts to the phone with this purpose's stored bodies.</summary>
        public async Task<IReadOnlyList<FakeSms>> AtCarrierAsync(string phone, string purpose)
        {
            await H.IdleAsync();
            var bodies = await H.QueryAsync<string>("SELECT body FROM messages WHERE business_id = @b AND to_phone = @phone AND purpose = @purpose",
                new { b = Business.Id, phone, purpose });
            return [.. H.Carrier.To(phone).Where(m => bodies.Contains(m.Body))];
        }

        /// <summary>The policy reasons stored on this purpose's texts to the phone that did not go.</summary>
        public async Task<IReadOnlyList<string>> NotSentAsync(string phone, string purpose)
        {
            await H.IdleAsync();
            return await H.QueryAsync<string>(
                "SELECT policy_reason FROM messages WHERE business_id = @b AND to_phone = @phone AND purpose = @purpose AND status = 'blocked' ORDER BY created_at, id",
                new { b = Business.Id, phone, purpose });
        }

        public async ValueTask DisposeAsync() => await H.DisposeAsync();
    }

    private static async Task<Scene> StartAsync(string provider, DateTimeOffset at, Func<BusinessInput, BusinessInput>? customize = null)
    {
        var clock = new FakeClock(at);
        var h = await TelephonyHarness.StartAsync(provider, clock: clock);
        var business = await h.BusinessAsync(customize);
        return new Scene(h, clock, business);
    }

    [Theory, DatabaseData]
    public async Task Greeting_AsksThePolicy(string provider)
    {
        await using var s = await StartAsync(provider, Night);
        var (optedOut, dnt, night) = (Caller(), Caller(), Caller());
        await s.OptOutAsync(optedOut);
        await s.DoNotTextAsync(dnt);

        foreach (var phone in new[] { optedOut, dnt, night }) await s.H.MissedCallAsync(s.Business, phone);

        (await s.AtCarrierAsync(optedOut, SmsPurposes.Greeting)).ShouldBeEmpty();
        (await s.AtCarrierAsync(dnt, SmsPurposes.Greeting)).ShouldBeEmpty();
        // The greeting answers a call the caller just made: it goes at night.
        (await s.AtCarrierAsync(night, SmsPurposes.Greeting)).Count.ShouldBe(1);
        // A taken-over caller has an open conversation: a second missed call does not greet them again.
        await s.TakeOverAsync(night);
        await s.H.MissedCallAsync(s.Business, night);
        (await s.AtCarrierAsync(night, SmsPurposes.Greeting)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task EngineReply_AsksThePolicy(string provider)
    {
        await using var s = await StartAsync(provider, Night);
        var (optedOut, dnt, takenOver, night) = (Caller(), Caller(), Caller(), Caller());
        foreach (var phone in new[] { optedOut, dnt, takenOver, night }) await s.H.MissedCallAsync(s.Business, phone);
        await s.H.IdleAsync();
        await s.OptOutAsync(optedOut);
        await s.DoNotTextAsync(dnt);
        await s.TakeOverAsync(takenOver);

        foreach (var phone in new[] { optedOut, dnt, takenOver, night }) (await s.H.TextAsync(s.Business, phone, "my AC stopped cooling")).EnsureSuccessStatusCode();

        (await s.AtCarrierAsync(optedOut, SmsPurposes.Reply)).ShouldBeEmpty();
        (await s.AtCarrierAsync(dnt, SmsPurposes.Reply)).ShouldBeEmpty();
        (await s.AtCarrierAsync(takenOver, SmsPurposes.Reply)).ShouldBeEmpty();
        (await s.AtCarrierAsync(night, SmsPurposes.Reply)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task FollowUp_AsksThePolicy(string provider)
    {
        await using var s = await StartAsync(provider, Day);
        var (dnt, takenOver, evening) = (Caller(), Caller(), Caller());
        var optedOutEverywhere = Caller();
        foreach (var phone in new[] { dnt, takenOver, optedOutEverywhere })
            await ConversationTestKit.MissedCallAsync(s.H.App, s.Business, phone);
        await s.DoNotTextAsync(dnt);
        await s.TakeOverAsync(takenOver);
        // A platform-wide opt-out (no business) reaches no conversation of this business: only the policy stops the follow-up.
        await s.H.Db.WriteAsync(tx => s.Service<OptOutStore>().OptOutAsync(tx, null, optedOutEverywhere, "platform"));

        s.Clock.Advance(TimeSpan.FromHours(2.1));
        (await s.NotSentAsync(dnt, SmsPurposes.FollowUp)).ShouldBe([TextReasons.DoNotText]);
        (await s.NotSentAsync(optedOutEverywhere, SmsPurposes.FollowUp)).ShouldBe([TextReasons.OptedOut]);
        (await s.AtCarrierAsync(takenOver, SmsPurposes.FollowUp)).ShouldBeEmpty();
        (await s.AtCarrierAsync(dnt, SmsPurposes.FollowUp)).ShouldBeEmpty();

        // Greeted at 20:30 New York time: the 2-hour follow-up would land at 22:30; it waits for 08:00.
        s.Clock.Set(new DateTimeOffset(2026, 3, 4, 1, 30, 0, TimeSpan.Zero));
        await ConversationTestKit.MissedCallAsync(s.H.App, s.Business, evening);
        s.Clock.Advance(TimeSpan.FromHours(2.5));
        (await s.AtCarrierAsync(evening, SmsPurposes.FollowUp)).ShouldBeEmpty();
        s.Clock.Set(new DateTimeOffset(2026, 3, 4, 13, 0, 30, TimeSpan.Zero));
        await Eventually.WaitAsync(() => s.AtCarrierAsync(evening, SmsPurposes.FollowUp), l => l.Count == 1, "the follow-up at 08:00");
    }

    [Theory, DatabaseData]
    public async Task Reminder_AsksThePolicy(string provider)
    {
        await using var s = await StartAsync(provider, Day);
        var scenario = new BookingScenario(s.H.App, s.Business);
        var callers = new Dictionary<string, BookingScenario.Caller>();
        foreach (var name in new[] { "optedOut", "dnt", "takenOver", "ok" })
        {
            var c = await scenario.QualifiedCallerAsync(name: name);
            // Booked by hand for Thursday 09:00, without the confirmation text: the reminder is due Wednesday 09:00.
            var booked = await s.Service<AppointmentAdmin>().CreateAsync(s.Business, new NewAppointmentInput
            {
                LeadId = c.Lead.Id, Start = new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.FromHours(-5)).AddHours(callers.Count), NotifyCaller = false,
            }, "user:test");
            booked.Ok.ShouldBeTrue();
            callers[name] = c;
        }
        await s.OptOutAsync(callers["optedOut"].Lead.Phone);
        await s.DoNotTextAsync(callers["dnt"].Lead.Phone);
        await s.TakeOverAsync(callers["takenOver"].Lead.Phone);

        s.Clock.Set(new DateTimeOffset(2026, 3, 4, 18, 0, 0, TimeSpan.Zero)); // Wednesday 13:00: every reminder is due
        // The queue may look idle for a moment before its next poll picks up what the new time made due.
        (await Eventually.WaitAsync(() => s.AtCarrierAsync(callers["ok"].Lead.Phone, SmsPurposes.Reminder), r => r.Count > 0, "the reminder sent"))
            .Count.ShouldBe(1);
        // The opt-out dropped the reminder before it came due; the others were stopped by the policy with their reason.
        (await s.AtCarrierAsync(callers["optedOut"].Lead.Phone, SmsPurposes.Reminder)).ShouldBeEmpty();
        (await s.NotSentAsync(callers["dnt"].Lead.Phone, SmsPurposes.Reminder)).ShouldBe([TextReasons.DoNotText]);
        (await s.NotSentAsync(callers["takenOver"].Lead.Phone, SmsPurposes.Reminder)).ShouldBe([TextReasons.HumanActive]);
    }

    [Theory, DatabaseData]
    public async Task BookingConfirmation_AsksThePolicy(string provider)
    {
        await using var s = await StartAsync(provider, Night);
        var scenario = new BookingScenario(s.H.App, s.Business);
        var (optedOut, dnt, takenOver, night) = (await scenario.QualifiedCallerAsync(), await scenario.QualifiedCallerAsync(),
            await scenario.QualifiedCallerAsync(), await scenario.QualifiedCallerAsync());
        await s.OptOutAsync(optedOut.Lead.Phone);
        await s.DoNotTextAsync(dnt.Lead.Phone);
        await s.TakeOverAsync(takenOver.Lead.Phone);

        var hour = 0;
        foreach (var c in new[] { optedOut, dnt, takenOver, night })
            (await s.Service<AppointmentAdmin>().CreateAsync(s.Business, new NewAppointmentInput
            {
                LeadId = c.Lead.Id, Start = new DateTimeOffset(2026, 3, 5, 9 + hour++, 0, 0, TimeSpan.FromHours(-5)),
            }, "user:test")).Ok.ShouldBeTrue();

        (await s.NotSentAsync(optedOut.Lead.Phone, SmsPurposes.Booking)).ShouldBe([TextReasons.OptedOut]);
        (await s.NotSentAsync(dnt.Lead.Phone, SmsPurposes.Booking)).ShouldBe([TextReasons.DoNotText]);
        // Staff booked these by hand: their own confirmation goes, also to the caller whose conversation they hold, and at night.
        (await s.AtCarrierAsync(takenOver.Lead.Phone, SmsPurposes.Booking)).Count.ShouldBe(1);
        (await s.AtCarrierAsync(night.Lead.Phone, SmsPurposes.Booking)).Count.ShouldBe(1);

        // The automated offer (the engine qualified the lead) is not sent into a conversation a person has taken over.
        await scenario.QualifyAsync(takenOver with { Conversation = (await s.Service<ConversationStore>().GetAsync(s.Business.Id, takenOver.Conversation.Id))! });
        (await s.AtCarrierAsync(takenOver.Lead.Phone, SmsPurposes.Booking)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task ManualStaffText_AsksThePolicy(string provider)
    {
        await using var s = await StartAsync(provider, Night);
        var (optedOut, dnt, takenOver) = (Caller(), Caller(), Caller());
        var conversations = new Dictionary<string, string>();
        foreach (var phone in new[] { optedOut, dnt, takenOver })
            conversations[phone] = (await ConversationTestKit.MissedCallAsync(s.H.App, s.Business, phone)).Conversation.Id;
        await s.H.IdleAsync();
        await s.DoNotTextAsync(dnt);
        await s.TakeOverAsync(takenOver);
        await s.OptOutAsync(optedOut);
        var takeover = s.Service<TakeoverService>();

        (await takeover.SendManualAsync(s.Business.Id, conversations[optedOut], "user:test", "Hi, it's Dana")).Sent.ShouldBeNull();
        var toDnt = (await takeover.SendManualAsync(s.Business.Id, conversations[dnt], "user:test", "Hi, it's Dana")).Sent!;
        toDnt.BlockedReason.ShouldBe(TextReasons.DoNotText);
        // The person holding the conversation writes at night: their choice.
        (await takeover.SendManualAsync(s.Business.Id, conversations[takenOver], "user:test", "Hi, it's Dana")).Sent!.Queued.ShouldBeTrue();

        (await s.AtCarrierAsync(takenOver, SmsPurposes.Manual)).Count.ShouldBe(1);
        (await s.AtCarrierAsync(dnt, SmsPurposes.Manual)).ShouldBeEmpty();
        (await s.AtCarrierAsync(optedOut, SmsPurposes.Manual)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task OwnerNotification_AsksThePolicy(string provider)
    {
        await using var s = await StartAsync(provider, Night, b => b with { NotificationPrefs = new NotificationPrefs() });
        var notifier = s.Service<Notifier>();
        Task NotifyAsync(bool urgent = false) => s.H.Db.WriteAsync(tx => notifier.NotifyAsync(tx, s.Business.Id, new OwnerNotice("missed_call", "Missed call", "x", Urgent: urgent)));

        // 23:00 for the owner: inside the default quiet hours (21:00–07:00).
        await NotifyAsync();
        (await s.NotSentAsync(s.Business.OwnerPhone, SmsPurposes.OwnerNotification)).ShouldBe([TextReasons.OwnerQuietHours]);

        s.Clock.Set(Night.AddHours(11)); // 10:00 the next morning
        // The do-not-text list is about callers: the owner's own phone on it still gets alerts.
        await s.DoNotTextAsync(s.Business.OwnerPhone);
        await NotifyAsync();
        (await s.AtCarrierAsync(s.Business.OwnerPhone, SmsPurposes.OwnerNotification)).Count.ShouldBe(1);

        // An owner who texted STOP to their business number gets no alerts by text.
        await s.H.Db.WriteAsync(tx => s.Service<OptOutStore>().OptOutAsync(tx, s.Business.Id, s.Business.OwnerPhone, "keyword"));
        await NotifyAsync(urgent: true);
        (await s.NotSentAsync(s.Business.OwnerPhone, SmsPurposes.OwnerNotification)).ShouldBe([TextReasons.OwnerQuietHours, TextReasons.OptedOut]);
        (await s.AtCarrierAsync(s.Business.OwnerPhone, SmsPurposes.OwnerNotification)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task VoicemailReply_AsksThePolicy_AndAfterATakeoverTheOwnerIsToldWhyNothingWent(string provider)
    {
        await using var s = await StartAsync(provider, Night, b => b with { EstimatesEnabled = false });
        var (optedOut, dnt, takenOver, night) = (Caller(), Caller(), Caller(), Caller());
        foreach (var phone in new[] { optedOut, dnt, takenOver }) await ConversationTestKit.MissedCallAsync(s.H.App, s.Business, phone);
        await s.H.IdleAsync();
        await s.OptOutAsync(optedOut);
        await s.DoNotTextAsync(dnt);
        await s.TakeOverAsync(takenOver);

        foreach (var phone in new[] { optedOut, dnt, takenOver, night })
            await s.Service<TypedVoicemails>().LeaveAsync(s.Business.Id, phone, "Hi, this is Mark Jensen. Our furnace is blowing cold air. I'm at 12 Oak Street.", default);

        (await s.NotSentAsync(optedOut, SmsPurposes.Reply)).ShouldBe([TextReasons.OptedOut]);
        (await s.NotSentAsync(dnt, SmsPurposes.Reply)).ShouldBe([TextReasons.DoNotText]);
        (await s.NotSentAsync(takenOver, SmsPurposes.Reply)).ShouldBe([TextReasons.HumanActive]);
        (await s.AtCarrierAsync(takenOver, SmsPurposes.Reply)).ShouldBeEmpty();
        // Each caller's voicemail that got no answer is on the owner's list, with the reason.
        var told = await s.H.QueryAsync<string>("SELECT body FROM notifications WHERE business_id = @Id AND event = 'not_texted'", s.Business);
        told.Count.ShouldBe(3);
        told.ShouldContain(t => t.Contains("a person has taken over the conversation", StringComparison.Ordinal));
        // A returning caller's voicemail still updates what we know about them, service included (the furnace named,
        // not the symptom it shares with other heating: "Furnace repair").
        var lead = await s.H.QueryAsync<string>("SELECT service_needed FROM leads WHERE business_id = @b AND phone = @takenOver", new { b = s.Business.Id, takenOver });
        lead.ShouldBe(["Furnace repair"]);
        // An answer to a voicemail the caller just left goes at night.
        (await s.AtCarrierAsync(night, SmsPurposes.Reply)).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Quote_AsksThePolicy_AndAQuoteAfterATakeoverWaitsForTheOwner(string provider)
    {
        await using var s = await StartAsync(provider, Night, b => b with { Name = "Joe's Mobile Mechanic", Vertical = "auto", EstimatesEnabled = true });
        var (optedOut, dnt, takenOver, night) = (Caller(), Caller(), Caller(), Caller());
        foreach (var phone in new[] { optedOut, dnt, takenOver }) await ConversationTestKit.MissedCallAsync(s.H.App, s.Business, phone);
        await s.H.IdleAsync();
        await s.OptOutAsync(optedOut);
        await s.DoNotTextAsync(dnt);
        await s.TakeOverAsync(takenOver);

        foreach (var phone in new[] { optedOut, dnt, takenOver, night })
            await s.Service<TypedVoicemails>().LeaveAsync(s.Business.Id, phone, "Hi, this is Maria. My 2019 Honda Civic needs an oil change. I'm at 1234 Oak Street.", default);

        (await s.NotSentAsync(optedOut, SmsPurposes.Quote)).ShouldBe([TextReasons.OptedOut]);
        (await s.NotSentAsync(dnt, SmsPurposes.Quote)).ShouldBe([TextReasons.DoNotText]);
        (await s.NotSentAsync(takenOver, SmsPurposes.Quote)).ShouldBe([TextReasons.HumanActive]);
        (await s.AtCarrierAsync(takenOver, SmsPurposes.Quote)).ShouldBeEmpty();
        // The returning caller's quote is made and kept as a draft for the person who has the conversation.
        var statuses = await s.H.QueryAsync<string>("""
            SELECT q.status FROM quotes q JOIN leads l ON l.id = q.lead_id WHERE q.business_id = @b AND l.phone = @takenOver
            """, new { b = s.Business.Id, takenOver });
        statuses.ShouldBe(["draft"]);
        (await s.H.QueryAsync<string>("SELECT body FROM notifications WHERE business_id = @Id AND event = 'not_texted'", s.Business))
            .ShouldContain(t => t.Contains("ready to send", StringComparison.Ordinal) && t.Contains("taken over", StringComparison.Ordinal));
        (await s.AtCarrierAsync(night, SmsPurposes.Quote)).Count.ShouldBe(1);
    }
}
