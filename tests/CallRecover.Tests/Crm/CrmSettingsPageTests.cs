using System.Net;
using CallRecover.Crm;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Crm;

public sealed class CrmSettingsPageTests
{
    [Theory, DatabaseData]
    public async Task OwnerConnectsRukovoditel_TestsIt_SeesTheLog_NeverTheSecrets_AndOnlyForTheirBusiness(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, new FakeClock(BookingScenario.Start), new Dictionary<string, string?> { ["Outbound:AllowPrivateTargets"] = "true" });
        await using var crm = await FakeRukovoditel.StartAsync();
        var s = await BookingScenario.CreateAsync(app);
        var other = await BookingScenario.CreateAsync(app);
        var owner = await app.SignedInClientAsync(s.Business.OwnerEmail);
        (await owner.GetStringAsync("/settings/crm")).ShouldContain("Connect Rukovoditel");

        (string, string)[] form =
        [
            ("_handler", "crm-save"), ("baseUrl", crm.Url), ("username", FakeRukovoditel.Username), ("password", FakeRukovoditel.Password),
            ("apiKey", FakeRukovoditel.Key), ("entityId", "34"), ("field-name", "201"), ("field-phone", "202"), ("field-status", "205"),
            ("statusOut", "paid=Paid"), ("statusIn", "Lost=lost\nWon=completed"), ("enabled", "on"),
        ];
        var bad = await owner.PostFormAsync("/settings/crm", "/settings/crm", [.. form.Where(f => f.Item1 != "field-phone"), ("field-phone", "phone")]);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("fields.phone must be a number");
        (await app.Service<CrmStore>().GetAsync(s.Business.Id)).ShouldBeNull();

        (await owner.PostFormAsync("/settings/crm", "/settings/crm", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var c = (await app.Service<CrmStore>().GetAsync(s.Business.Id)).ShouldNotBeNull();
        (c.EntityId, c.Fields.Phone, c.StatusInMap["Lost"]).ShouldBe((34L, (int?)202, "lost"));
        var page = await owner.GetStringAsync("/settings/crm");
        page.ShouldContain("Connected to " + crm.Url);
        page.ShouldNotContain(FakeRukovoditel.Key);
        page.ShouldNotContain(FakeRukovoditel.Password);

        var tested = await owner.PostFormAsync("/settings/crm", "/settings/crm", ("_handler", "crm-test"));
        (await tested.Content.ReadAsStringAsync()).ShouldContain("Connected: entity 34");
        crm.Actions("select").ShouldHaveSingleItem()["limit"].ShouldBe("1");

        // Saving again with the secrets left empty keeps them (the test still passes).
        (await owner.PostFormAsync("/settings/crm", "/settings/crm", [.. form.Where(f => f.Item1 is not ("password" or "apiKey"))])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Service<CrmConnections>().TestAsync(s.Business.Id))!.Ok.ShouldBeTrue();
        (await owner.GetStringAsync("/settings/crm")).ShouldContain("data-crm-log=\"test\"");

        // The other business's owner sees no connection, and disconnecting there does nothing to this one.
        var otherOwner = await app.SignedInClientAsync(other.Business.OwnerEmail);
        var theirs = await otherOwner.GetStringAsync("/settings/crm");
        theirs.ShouldContain("Connect Rukovoditel");
        theirs.ShouldNotContain(crm.Url);
        await otherOwner.PostFormAsync("/settings/crm", "/settings/crm", ("_handler", "crm-disconnect"));
        (await app.Service<CrmStore>().GetAsync(s.Business.Id)).ShouldNotBeNull();

        (await owner.PostFormAsync("/settings/crm", "/settings/crm", ("_handler", "crm-disconnect"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Service<CrmStore>().GetAsync(s.Business.Id)).ShouldBeNull();
    }
}
