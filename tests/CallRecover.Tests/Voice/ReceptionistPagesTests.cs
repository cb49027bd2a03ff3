using System.Net;
using CallRecover.Tenancy;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using CallRecover.Voice;

namespace CallRecover.Tests.Voice;

/// <summary>The owner turns the receptionist on in Settings, and reads a receptionist call on the lead's page.</summary>
public sealed class ReceptionistPagesTests
{
    [Theory, DatabaseData]
    public async Task TheOwnerChoosesWhenTheReceptionistAnswers_AndReadsTheCallOnTheLead_WhichOtherBusinessesCannot(string provider)
    {
        await using var h = await VoiceHarness.StartAsync(provider, VoicePaths.Gather, VoiceReceptionistModes.Off);
        var owner = await h.T.App.SignedInClientAsync(h.Business.OwnerEmail);
        var page = await owner.GetStringAsync("/settings");
        page.ShouldContain("id=\"receptionist-off\" value=\"off\" checked");

        var bad = await owner.PostFormAsync("/settings", "/settings", ("_handler", "receptionist"), ("voiceReceptionist", "sometimes"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()).ShouldContain("Choose when the voice receptionist answers");
        (await h.T.App.Service<BusinessStore>().GetAsync(h.Business.Id))!.VoiceReceptionist.ShouldBe(VoiceReceptionistModes.Off);

        var saved = await owner.PostFormAsync("/settings", "/settings", ("_handler", "receptionist"), ("voiceReceptionist", "always"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        saved.Headers.Location!.ToString().ShouldEndWith("/settings?saved=receptionist#receptionist");
        (await owner.GetStringAsync("/settings?saved=receptionist")).ShouldContain("id=\"receptionist-always\" value=\"always\" checked");

        // A call the receptionist takes shows on the lead, with the transcript both sides.
        const string Caller = "+19045550190";
        var twiml = await h.MissedCallAsync(Caller, "CApage");
        twiml = await h.SayAsync(twiml, Caller, "CApage", "my AC is making a rattling noise");
        await h.SayAsync(twiml, Caller, "CApage", "this is Jo Park, just text me");
        var leadId = await h.ScalarAsync<string>("SELECT id FROM leads WHERE phone = @Caller", new { Caller });
        var lead = WebUtility.HtmlDecode(await owner.GetStringAsync($"/leads/{leadId}"));
        lead.ShouldContain("Receptionist calls");
        lead.ShouldContain("data-status=\"texted\"");
        lead.ShouldContain("my AC is making a rattling noise");
        lead.ShouldContain("Sure, I'll text you right now.");

        var other = await h.T.BusinessAsync();
        var stranger = await h.T.App.SignedInClientAsync(other.OwnerEmail);
        (await stranger.GetAsync($"/leads/{leadId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
