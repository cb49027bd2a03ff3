using System.Net;
using CallRecover.Booking;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Recordings;
using Dapper;
using static CallRecover.Tests.Conversations.ConversationTestKit;

namespace CallRecover.Tests.Conversations;

/// <summary>The defects of issue #15 that need the app: auto-responder pause, corrections reaching the visit, first texts.</summary>
public sealed class OffScriptFlowTests
{
    // ---------- 4: auto-responder protection ----------

    [Theory, DatabaseData]
    public async Task AHumanTextingEvery10Seconds_GetsAnAnswerToEachText(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var s = await MissedCallAsync(app, await app.CreateBusinessAsync());

        string[] texts = ["hi", "my ac is out", "its hot in here", "Mark Jensen", "42 Oak St, Springfield, 62704", "tomorrow morning", "thanks!"];
        var inbound = new List<Message>();
        foreach (var t in texts)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            inbound.Add(await CallerTextsAsync(app, s, t));
        }
        foreach (var m in inbound) await WaitForTurnAsync(app, m);

        var c = (await ConversationAsync(app, s))!;
        c.Status.ShouldBe(ConversationStatuses.Active);
        EngineStep.ParseState(c.Qualification).AutoResponder.ShouldBeFalse();
        (await AiRepliesAsync(app, s)).Count.ShouldBe(texts.Length);
    }

    [Theory, DatabaseData]
    public async Task AnAutoResponder_PausesVisibly_AlertsTheOwner_AndAHumanLookingReplyResumes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business);

        (await SayAsync(app, s, "I'm driving right now. I'll get back to you when I arrive.", clock)).ShouldBeNull();

        var c = (await ConversationAsync(app, s))!;
        EngineStep.ParseState(c.Qualification).AutoResponder.ShouldBeTrue();
        c.NeedsHuman.ShouldBeTrue();
        ConversationStatusText.For(c).ShouldBe("Paused: automatic replies detected");
        ConversationStatusText.For(c).ShouldNotContain("taken over");
        (await NotificationsAsync(app, business)).ShouldContain(n => n.Title.Contains("Automatic replies detected"));

        // The machine again: still nothing.
        (await SayAsync(app, s, "I'm driving right now. I'll get back to you when I arrive.", clock)).ShouldBeNull();

        // A person writes: the AI answers again.
        var reply = await SayAsync(app, s, "sorry that was my car. my ac is not cooling", clock);
        reply.ShouldNotBeNull();
        reply.Sender.ShouldBe(Senders.Ai);
        c = (await ConversationAsync(app, s))!;
        EngineStep.ParseState(c.Qualification).AutoResponder.ShouldBeFalse();
        ConversationStatusText.For(c).ShouldNotStartWith("Paused");
        (await LeadAsync(app, s))!.ServiceNeeded.ShouldBe("AC repair");
    }

    // ---------- 6: a correction reaches the lead, the customer and a future visit; the caller is told ----------

    [Theory, DatabaseData]
    public async Task ACorrectedAddress_UpdatesLeadCustomerAndTheFutureVisit_AndTheCallerIsToldWhatChanged(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business);
        await SayAsync(app, s, "I'm Dana Whitfield, 42 Oak St, Springfield 62704. AC not cooling", clock);

        var now = clock.GetUtcNow();
        Appointment Visit(DateTimeOffset start) => new()
        {
            Id = Ids.New(), BusinessId = business.Id, LeadId = s.Lead.Id, ConversationId = s.Conversation.Id, StartAt = start, EndAt = start.AddHours(1),
            ServiceType = "AC repair", Address = "42 Oak St, Springfield, 62704", IcsUid = Ids.New() + "@test", IcsToken = AppointmentStore.NewToken(),
            CreatedAt = now, UpdatedAt = now,
        };
        var future = Visit(now.AddDays(2));
        var past = Visit(now.AddDays(-7));
        await app.Service<Db>().WriteAsync(async tx =>
        {
            await app.Service<CustomerStore>().UpsertAsync(tx, business.Id, s.Conversation.Phone, "Dana Whitfield", null, "42 Oak St, Springfield, 62704");
            (await app.Service<AppointmentStore>().TryInsertAsync(tx, future, 0)).ShouldBeTrue();
            (await app.Service<AppointmentStore>().TryInsertAsync(tx, past, 0)).ShouldBeTrue();
        });

        var reply = await SayAsync(app, s, "sorry, it's 24 Oak St not 42", clock);

        reply.ShouldNotBeNull();
        reply.Body.ShouldContain("24 Oak St, Springfield, 62704");
        reply.Body.ShouldContain("visit");
        (await LeadAsync(app, s))!.Address.ShouldBe("24 Oak St, Springfield, 62704");
        await using var conn = await app.Service<Db>().OpenAsync();
        (await conn.ExecuteScalarAsync<string>("SELECT address FROM customers WHERE business_id = @b AND phone = @p", new { b = business.Id, p = s.Conversation.Phone }))
            .ShouldBe("24 Oak St, Springfield, 62704");
        (await app.Service<AppointmentStore>().GetAsync(business.Id, future.Id))!.Address.ShouldBe("24 Oak St, Springfield, 62704");
        (await app.Service<AppointmentStore>().GetAsync(business.Id, past.Id))!.Address.ShouldBe("42 Oak St, Springfield, 62704");
    }

    // ---------- 7: voicemail replies and first texts ----------

    [Theory, DatabaseData]
    public async Task AVoicemailReply_NamesTheBusiness_UsesTheCallersName_SummarisesTheNeed_AndCarriesTheOptOutHint(string provider)
    {
        await using var kit = await RecordingsTestKit.StartAsync(provider, extra: new() { ["Transcription:Provider"] = "none" });
        var business = await kit.App.CreateBusinessAsync();

        var response = await kit.App.OperatorClient().PostJsonAsync($"/api/admin/businesses/{business.Id}/voicemails", new
        {
            from = TestBusinesses.UniquePhone(),
            text = "Hi this is Tom, I'm calling about the AC, it's blowing warm air. I'm at 220 Lake Drive. Sometime this week would be great.",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);

        var body = await Eventually.WaitAsync(() => kit.ScalarAsync<string?>("SELECT body FROM messages WHERE business_id = @Id AND direction = 'outbound'", new { business.Id }),
            b => b is not null, "the voicemail reply");
        body!.ShouldStartWith("Hi Tom");
        body.ShouldContain(business.Name);
        body.ShouldContain("about your AC not cooling");
        body.ShouldNotContain("this is Tom");
        body.ShouldContain("Reply STOP to opt out");
    }

    [Theory, DatabaseData]
    public async Task TheFirstTextToANumber_AlwaysNamesTheBusinessAndSaysHowToOptOut_LaterTextsDoNot(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business, greet: false);

        var (first, sent1) = await app.Service<TakeoverService>().SendManualAsync(business.Id, s.Conversation.Id, "owner", "Hi, can we come by at 3?");
        first.Ok.ShouldBeTrue();
        sent1!.Message.Body.ShouldContain(business.Name);
        sent1.Message.Body.ShouldContain("Reply STOP to opt out");
        sent1.Message.Body.ShouldContain("Hi, can we come by at 3?");

        var (_, sent2) = await app.Service<TakeoverService>().SendManualAsync(business.Id, s.Conversation.Id, "owner", "See you then.");
        sent2!.Message.Body.ShouldBe("See you then.");
    }
}
