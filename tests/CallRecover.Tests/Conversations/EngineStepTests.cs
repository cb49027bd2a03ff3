using System.Net;
using System.Text.Json;
using CallRecover.Conversations;
using CallRecover.Data;
using CallRecover.Leads;
using CallRecover.Queue;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CallRecover.Tests.Conversations.ConversationTestKit;

namespace CallRecover.Tests.Conversations;

public sealed class EngineStepTests
{
    /// <summary>Records the leads it was told about, as booking (issue 5) will.</summary>
    private sealed class RecordingHook : ILeadQualifiedHook
    {
        public List<(string LeadId, string Status)> Calls { get; } = [];

        public async Task OnQualifiedAsync(DbTx tx, Business business, Conversation conversation, Lead lead)
        {
            var status = await tx.Connection.ExecuteScalarAsync<string>("SELECT status FROM leads WHERE id = @Id", new { lead.Id }, tx.Transaction);
            Calls.Add((lead.Id, status!));
        }
    }

    [Theory, DatabaseData]
    public async Task MissedCaller_IsCarriedToAQualifiedLead_ByTheBuiltInEngine(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock);
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business, "+14075550142");

        var r1 = await SayAsync(app, s, "hi my ac stopped working and its 85 in the house", clock);
        r1.ShouldNotBeNull();
        r1.Sender.ShouldBe(Senders.Ai);
        r1.Purpose.ShouldBe(SmsPurposes.Reply);
        r1.Engine.ShouldBe("builtin");
        r1.Body.ShouldContain("How soon");
        (await LeadAsync(app, s))!.Status.ShouldBe(LeadStatuses.Qualifying);

        (await SayAsync(app, s, "asap please", clock))!.Body.ShouldContain("name");
        (await SayAsync(app, s, "Dana Reyes", clock))!.Body.ShouldStartWith("Thanks, Dana!");
        (await SayAsync(app, s, "1420 Maple Ave apt 3, Orlando 32801", clock))!.Body.ShouldContain("good time");
        var last = await SayAsync(app, s, "tomorrow morning works", clock);
        last!.Body.ShouldContain("everything I need");

        var lead = (await LeadAsync(app, s))!;
        lead.Status.ShouldBe(LeadStatuses.Qualified);
        lead.Name.ShouldBe("Dana Reyes");
        lead.ServiceNeeded.ShouldBe("AC repair");
        lead.Urgency.ShouldBe(Urgencies.Soon);
        lead.Address.ShouldBe("1420 Maple Ave Apt 3, Orlando, 32801");
        lead.PreferredTime.ShouldBe("tomorrow morning");
        lead.Confidence.Keys.ShouldBe(["service", "urgency", "name", "address", "preferredTime"], ignoreOrder: true);
        lead.Confidence.Values.ShouldAllBe(c => c > 0 && c <= 1);

        var conversation = (await ConversationAsync(app, s))!;
        using var q = JsonDocument.Parse(conversation.Qualification);
        q.RootElement.GetProperty("fields").GetProperty("name").GetProperty("value").GetString().ShouldBe("Dana Reyes");
        q.RootElement.GetProperty("qualifiedAnnounced").GetBoolean().ShouldBeTrue();

        var notice = (await NotificationsAsync(app, business)).Single(n => n.Event == "qualified");
        notice.Body.ShouldContain("Dana Reyes");
        notice.Body.ShouldContain("AC repair");
        notice.Body.ShouldContain("soon");
        notice.Body.ShouldContain("1420 Maple Ave");
        notice.Body.ShouldContain("+14075550142");
    }

    [Theory, DatabaseData]
    public async Task LeadQualifiedHooks_AreCalledOnce_InTheEngineTransaction(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var hook = new RecordingHook();
        await using var app = new AppFactory(db, clock, services: sv => sv.AddSingleton<ILeadQualifiedHook>(hook));
        var business = await app.CreateBusinessAsync();
        var s = await MissedCallAsync(app, business);

        foreach (var text in new[] { "Hi this is Jen Kowalski, our furnace is making a banging noise", "no rush", "6120 Oak Hollow Rd, Columbus OH 43004", "saturday morning", "thanks!" })
            await SayAsync(app, s, text, clock);

        hook.Calls.Count.ShouldBe(1);
        hook.Calls[0].LeadId.ShouldBe(s.Lead.Id);
        // The hook saw the lead already qualified: it runs inside the transaction that qualified it.
        hook.Calls[0].Status.ShouldBe(LeadStatuses.Qualified);
    }
}
