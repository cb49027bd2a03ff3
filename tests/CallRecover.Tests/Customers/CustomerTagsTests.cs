using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallRecover.Campaigns;
using CallRecover.Common;
using CallRecover.Customers;
using CallRecover.DataRights;
using CallRecover.Tenancy;
using CallRecover.Tests.Api;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using Dapper;

namespace CallRecover.Tests.Customers;

/// <summary>
/// Customer tags on both databases: set, replace and normalize them through the operator and public APIs (bad ones
/// change nothing), keep them inside their business, filter the customers by one, keep the union on a merge, drop them on
/// an erasure, show and edit them on the customer's page (office users only), and text a campaign to a tag — the tagged
/// customers and the list contacts with that tag, with the consent attestation customers need.
/// </summary>
public sealed partial class CustomerTagsTests
{
    private static string Base(Business b) => $"/api/admin/businesses/{b.Id}";

    private static async Task<string> CustomerAsync(HttpClient op, Business b, string phone, string name)
    {
        var r = await op.PostAsJsonAsync($"{Base(b)}/customers", new { phone, name });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> PutTagsAsync(HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task SetTagsAsync(HttpClient op, Business b, string customerId, params string[] tags) =>
        (await op.PutAsJsonAsync($"{Base(b)}/customers/{customerId}/tags", new { tags })).EnsureSuccessStatusCode();

    /// <summary>A business on a fresh database with two customers, Dana and Sam, and the operator's client.</summary>
    private sealed class Shop : IAsyncDisposable
    {
        public required TestDatabase Db { get; init; }
        public required FakeClock Clock { get; init; }
        public required AppFactory App { get; init; }
        public required Business A { get; init; }
        public required HttpClient Op { get; init; }
        public required string Dana { get; init; }
        public required string Sam { get; init; }

        public static async Task<Shop> OpenAsync(string provider)
        {
            var db = await TestDatabase.CreateAsync(provider);
            var clock = new FakeClock();
            var app = new AppFactory(db, clock);
            var a = await app.CreateBusinessAsync();
            var op = app.OperatorClient();
            return new Shop
            {
                Db = db, Clock = clock, App = app, A = a, Op = op,
                Dana = await CustomerAsync(op, a, "+19045550134", "Dana Reyes"), Sam = await CustomerAsync(op, a, "+13125550188", "Sam Lee"),
            };
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Db.DisposeAsync();
        }
    }

    private static async Task<string[]> TagsAsync(HttpClient op, Business b, string customerId) =>
        [.. (await op.GetFromJsonAsync<JsonElement>($"{Base(b)}/customers/{customerId}")).GetProperty("customer").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];

    private static string[] Tags(JsonElement customer) => [.. customer.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];

    private static string[] IdsOf(JsonElement customers) => [.. customers.EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    [Theory, DatabaseData]
    public async Task TheOperatorApi_SetsReplacesAndNormalizesTags_AndBadTagsChangeNothing(string provider)
    {
        await using var shop = await Shop.OpenAsync(provider);
        var (db, a, op, dana) = (shop.Db, shop.A, shop.Op, shop.Dana);
        var url = $"{Base(a)}/customers/{dana}/tags";
        (await TagsAsync(op, a, dana)).ShouldBeEmpty();

        // Trimmed, lower-cased, inner spaces made one, duplicates folded; the answer is the customer with its tags.
        var set = await PutTagsAsync(op, url, """{"tags": ["  Maintenance   Plan ", "VIP", "vip", "commercial"], "by": "ops@example.com"}""");
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var answer = await set.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("id").GetString().ShouldBe(dana);
        Tags(answer).ShouldBe(["commercial", "maintenance plan", "vip"]);
        (await TagsAsync(op, a, dana)).ShouldBe(["commercial", "maintenance plan", "vip"]);

        // A second set replaces the first.
        (await PutTagsAsync(op, url, """{"tags": ["vip", "Annual_Service-2026"]}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TagsAsync(op, a, dana)).ShouldBe(["annual_service-2026", "vip"]);

        // Each bad set: 400 naming tags, nothing changed.
        foreach (var bad in new[]
                 {
                     """{"tags": ["ok", "no!"]}""", """{"tags": ["ok", "   "]}""", $$"""{"tags": ["{{new string('a', 41)}}"]}""",
                     $$"""{"tags": [{{string.Join(", ", Enumerable.Range(1, 21).Select(i => $"\"tag {i}\""))}}]}""",
                     """{"tags": null}""", """{}""", """{"tags": "vip"}""", """{"tags": ["ok", null]}""",
                 })
        {
            var refused = await PutTagsAsync(op, url, bad);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["tags"], bad);
            (await TagsAsync(op, a, dana)).ShouldBe(["annual_service-2026", "vip"], bad);
        }
        // Twenty is the most; an empty list clears them.
        (await PutTagsAsync(op, url, $$"""{"tags": [{{string.Join(", ", Enumerable.Range(1, 20).Select(i => $"\"tag {i}\""))}}]}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TagsAsync(op, a, dana)).Length.ShouldBe(20);
        (await PutTagsAsync(op, url, """{"tags": []}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TagsAsync(op, a, dana)).ShouldBeEmpty();

        // Every change is audited with what was added and removed; a refused one is not.
        await using var conn = await db.Db.OpenAsync();
        var audited = (await conn.QueryAsync<(string Actor, string Details)>(
            "SELECT actor, details FROM audit_log WHERE business_id = @b AND entity_id = @dana AND action = 'tags_changed' ORDER BY created_at, id",
            new { b = a.Id, dana })).ToList();
        audited.Count.ShouldBe(4);
        audited[0].Actor.ShouldBe("operator:ops@example.com");
        audited[1].Details.ShouldContain("annual_service-2026");
        audited[1].Details.ShouldContain("maintenance plan");
    }

    [Theory, DatabaseData]
    public async Task AnotherBusinessesCustomer_IsNotFound_AndItsTagsAreInvisible_ThroughTheOperatorAndPublicApis(string provider)
    {
        await using var shop = await Shop.OpenAsync(provider);
        var (app, a, op, dana, sam) = (shop.App, shop.A, shop.Op, shop.Dana, shop.Sam);
        var b = await app.CreateBusinessAsync();
        await SetTagsAsync(op, a, dana, "vip");

        // The operator on business B: 404 for A's customer, with tags or without; A's tag is in none of B's answers.
        (await PutTagsAsync(op, $"{Base(b)}/customers/{dana}/tags", """{"tags": ["stolen"]}""")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PutTagsAsync(op, $"{Base(b)}/customers/{dana}/tags", """{"by": "someone"}""")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.GetAsync($"{Base(b)}/customers/{dana}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.GetFromJsonAsync<JsonElement>($"{Base(b)}/customers?tag=vip")).GetArrayLength().ShouldBe(0);
        (await op.GetFromJsonAsync<JsonElement>($"{Base(b)}/customer-tags")).GetArrayLength().ShouldBe(0);
        (await TagsAsync(op, a, dana)).ShouldBe(["vip"]);
        (await op.PutAsync($"{Base(a)}/customers/no-such-customer/tags", JsonContent.Create(new { tags = new[] { "vip" } }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The public API: B's token reaches nothing of A; A's token sets, reads and filters A's tags.
        var (theirs, _, _) = await ApiScenario.TokenClientAsync(app, b.Id, "read", "write");
        (await PutTagsAsync(theirs, $"/api/v1/customers/{dana}/tags", """{"tags": ["stolen"]}""")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await theirs.GetFromJsonAsync<JsonElement>("/api/v1/customers?tag=vip")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await TagsAsync(op, a, dana)).ShouldBe(["vip"]);

        var (own, _, _) = await ApiScenario.TokenClientAsync(app, a.Id, "read", "write");
        var put = await PutTagsAsync(own, $"/api/v1/customers/{dana}/tags", """{"tags": ["VIP", "Maintenance Plan"]}""");
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Tags(await put.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe(["maintenance plan", "vip"]);
        Tags(await own.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{dana}")).ShouldBe(["maintenance plan", "vip"]);
        IdsOf((await own.GetFromJsonAsync<JsonElement>("/api/v1/customers?tag=Maintenance%20Plan")).GetProperty("items")).ShouldBe([dana]);
        IdsOf((await own.GetFromJsonAsync<JsonElement>("/api/v1/customers")).GetProperty("items")).ShouldBe([dana, sam], ignoreOrder: true);
        var badFilter = await own.GetAsync("/api/v1/customers?tag=no!");
        badFilter.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe("tag");
        var bad = await PutTagsAsync(own, $"/api/v1/customers/{dana}/tags", """{"tags": ["no!"]}""");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("tags", out _).ShouldBeTrue();
        var (readOnly, _, _) = await ApiScenario.TokenClientAsync(app, a.Id, "read");
        (await PutTagsAsync(readOnly, $"/api/v1/customers/{dana}/tags", """{"tags": []}""")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await TagsAsync(op, a, dana)).ShouldBe(["maintenance plan", "vip"]);
    }

    [Theory, DatabaseData]
    public async Task TheCustomers_FilterByATag_AloneOrWithASearch_AndEachTagIsCounted(string provider)
    {
        await using var shop = await Shop.OpenAsync(provider);
        var (app, a, op, dana, sam) = (shop.App, shop.A, shop.Op, shop.Dana, shop.Sam);
        var lee = await CustomerAsync(op, a, "+19045550177", "Lee Park");
        await SetTagsAsync(op, a, dana, "vip", "maintenance plan");
        await SetTagsAsync(op, a, sam, "maintenance plan");

        IdsOf(await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customers?tag=Maintenance%20%20Plan")).ShouldBe([dana, sam], ignoreOrder: true);
        IdsOf(await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customers?tag=vip&q=dana")).ShouldBe([dana]);
        IdsOf(await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customers?tag=vip&q=904%20555%200134")).ShouldBe([dana]);
        IdsOf(await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customers?tag=vip&q=sam")).ShouldBeEmpty();
        IdsOf(await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customers")).ShouldBe([dana, sam, lee], ignoreOrder: true);
        var bad = await op.GetAsync($"{Base(a)}/customers?tag=no!");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe("tag");
        var counts = await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customer-tags");
        counts.EnumerateArray().Select(t => (t.GetProperty("tag").GetString(), t.GetProperty("customers").GetInt32())).ShouldBe([("maintenance plan", 2), ("vip", 1)]);

        // The dashboard's list: a chip per tag on each customer, and the tag filter.
        var owner = await app.SignedInClientAsync(a.OwnerEmail);
        var all = WebUtility.HtmlDecode(await owner.GetStringAsync("/customers"));
        all.ShouldContain("<option value=\"vip\">vip (1)</option>");
        all.ShouldContain("<span class=\"tag customer-tag\">maintenance plan</span>");
        Listed(await owner.GetStringAsync("/customers?tag=vip")).ShouldBe([dana]);
        Listed(await owner.GetStringAsync("/customers?tag=maintenance+plan&q=sam")).ShouldBe([sam]);
        var none = WebUtility.HtmlDecode(await owner.GetStringAsync("/customers?tag=nobody"));
        Listed(none).ShouldBeEmpty();
        none.ShouldContain("No customer tagged “nobody”.");
    }

    [Theory, DatabaseData]
    public async Task AMerge_KeepsTheUnionOfTags_TheExportsListThem_AndAnErasureRemovesThem(string provider)
    {
        await using var shop = await Shop.OpenAsync(provider);
        var (db, app, a, op, dana, duplicate) = (shop.Db, shop.App, shop.A, shop.Op, shop.Dana, shop.Sam);
        await SetTagsAsync(op, a, dana, "vip", "maintenance plan");
        await SetTagsAsync(op, a, duplicate, "maintenance plan", "commercial");

        (await op.PostAsJsonAsync($"{Base(a)}/customers/merge", new { keepId = dana, mergeId = duplicate })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TagsAsync(op, a, dana)).ShouldBe(["commercial", "maintenance plan", "vip"]);
        (await app.Service<CustomerStore>().GetAsync(a.Id, duplicate))!.Customer.Tags.ShouldBeEmpty();
        (await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customer-tags")).EnumerateArray()
            .Select(t => (t.GetProperty("tag").GetString(), t.GetProperty("customers").GetInt32())).ShouldBe([("commercial", 1), ("maintenance plan", 1), ("vip", 1)]);
        // The merged customer's phone finds Dana, tags and all.
        (await app.Service<CustomerStore>().GetByPhoneAsync(a.Id, "+13125550188"))!.Customer.Tags.ShouldBe(["commercial", "maintenance plan", "vip"]);

        // Dana's own export lists her tags; so does the business's.
        var export = (await app.Service<CustomerExport>().BuildAsync(a.Id, dana))!;
        export.Sections.Single(s => s.Kind == "customer_tags").Rows.Select(r => (string)r["tag"]!).ShouldBe(["commercial", "maintenance plan", "vip"]);
        using (var zip = new ZipArchive(new MemoryStream(await op.GetByteArrayAsync($"{Base(a)}/customers/{dana}/export"))))
        using (var reader = new StreamReader(zip.GetEntry("csv/customer_tags.csv").ShouldNotBeNull().Open()))
            (await reader.ReadToEndAsync()).ShouldContain("maintenance plan");
        using (var stream = new MemoryStream())
            (await app.Service<BusinessExport>().WriteZipAsync(a.Id, shop.Clock.GetUtcNow(), stream)).Rows["customer_tags"].ShouldBe(3);

        // Erased, she carries no tag any more: nothing of hers is left to find by one.
        var erased = await op.DeleteAsync($"{Base(a)}/customers/{dana}");
        erased.StatusCode.ShouldBe(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("records").GetProperty("customer_tags").GetInt32().ShouldBe(3);
        await using var conn = await db.Db.OpenAsync();
        (await conn.QuerySingleAsync<long>("SELECT COUNT(*) FROM customer_tags WHERE business_id = @b", new { b = a.Id })).ShouldBe(0);
        (await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customer-tags")).GetArrayLength().ShouldBe(0);
        (await op.GetFromJsonAsync<JsonElement>($"{Base(a)}/customers?tag=vip")).GetArrayLength().ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task TheDetailPage_ShowsTagsAsChips_OwnerAndStaffEditThem_ATechnicianCannot(string provider)
    {
        await using var shop = await Shop.OpenAsync(provider);
        var (db, app, a, op, dana) = (shop.Db, shop.App, shop.A, shop.Op, shop.Dana);
        await SetTagsAsync(op, a, dana, "vip");
        await SetTagsAsync(op, a, shop.Sam, "commercial");
        var page = $"/customers/{dana}";
        var owner = await app.SignedInClientAsync(a.OwnerEmail);

        // Chips with a named remove button each, a labelled field and the business's other tags as suggestions.
        var html = WebUtility.HtmlDecode(await owner.GetStringAsync(page));
        html.ShouldContain("data-tag=\"vip\"");
        html.ShouldContain("aria-label=\"Remove tag vip\"");
        html.ShouldContain("<label for=\"tag-new\">Add a tag</label>");
        html.ShouldContain("list=\"tag-suggestions\"");
        html.ShouldContain("<option value=\"commercial\"></option>");
        html.ShouldNotContain("<option value=\"vip\"></option>"); // she has it already

        var added = await owner.PostFormAsync(page, page, ("_handler", "tag-add"), ("tag", "  Maintenance Plan "));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        added.Headers.Location!.ToString().ShouldContain("saved=tag-added");
        (await TagsAsync(op, a, dana)).ShouldBe(["maintenance plan", "vip"]);

        var refused = await owner.PostFormAsync(page, page, ("_handler", "tag-add"), ("tag", "no!"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var error = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        error.ShouldContain("data-error-for=\"tags\" role=\"alert\"");
        error.ShouldContain("has a character a tag cannot hold");
        (await TagsAsync(op, a, dana)).ShouldBe(["maintenance plan", "vip"]);

        var staff = await app.SignedInStaffAsync(a);
        (await staff.PostFormAsync(page, page, ("_handler", "tag-add"), ("tag", "commercial"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var removed = await staff.PostFormAsync(page, page, ("_handler", "tag-remove"), ("tag", "vip"));
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        removed.Headers.Location!.ToString().ShouldContain("saved=tag-removed");
        (await TagsAsync(op, a, dana)).ShouldBe(["commercial", "maintenance plan"]);
        var after = WebUtility.HtmlDecode(await staff.GetStringAsync(page + "?saved=tag-removed"));
        after.ShouldContain("id=\"tags-saved\" role=\"status\">Tag removed.");
        after.ShouldNotContain("data-tag=\"vip\"");

        // A technician neither sees the page nor changes a tag by posting its form.
        await db.Db.WriteAsync(tx => app.Service<UserStore>().InsertAsync(tx, a.Id, "tech@example.com", "Tina Tech", Roles.Technician));
        var tech = await app.SignedInClientAsync("tech@example.com");
        var denied = await tech.GetAsync(page);
        denied.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await denied.Content.ReadAsStringAsync()).ShouldNotContain("maintenance plan");
        foreach (var (handler, tag) in new[] { ("tag-add", "hacked"), ("tag-remove", "commercial") })
        {
            var posted = await tech.PostFormAsync(page, "/jobs", ("_handler", handler), ("tag", tag));
            posted.Headers.Location?.ToString().ShouldNotContain("saved=");
        }
        (await TagsAsync(op, a, dana)).ShouldBe(["commercial", "maintenance plan"]);
    }

    /// <summary>Tue 2026-03-03 10:30 in New York: inside the campaign window for Jacksonville numbers.</summary>
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 3, 15, 30, 0, TimeSpan.Zero);

    [Theory, DatabaseData]
    public async Task ACampaignToATag_TextsTheTaggedCustomersAndTheListContactsWithIt_Once_AndNeedsConsentForCustomers(string provider)
    {
        var clock = new FakeClock(Tuesday);
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Queue:RunScheduledTasks"] = "false" }, clock: clock);
        var b = await h.BusinessAsync();
        var op = h.App.OperatorClient();
        var (ann, bob, cy, dee, eve, fay) = ("+19045550101", "+19045550102", "+19045550103", "+19045550104", "+19045550105", "+19045550106");
        var annId = await CustomerAsync(op, b, ann, "Ann Lee");
        var bobId = await CustomerAsync(op, b, bob, "Bob Stone");
        await CustomerAsync(op, b, cy, "Cy Young");
        var deeId = await CustomerAsync(op, b, dee, "Dee Park");
        await SetTagsAsync(op, b, annId, "maintenance plan");
        await SetTagsAsync(op, b, bobId, "maintenance plan", "vip");
        await SetTagsAsync(op, b, deeId, "vip");
        // Ann's last visit was a furnace tune-up in September.
        await using (var conn = await h.Db.OpenAsync())
        {
            var lead = Ids.New();
            var at = new DateTimeOffset(2025, 9, 15, 14, 0, 0, TimeSpan.Zero);
            await conn.ExecuteAsync("INSERT INTO leads (id, business_id, phone, source, created_at, updated_at) VALUES (@lead, @b, @ann, 'missed_call', @at, @at)",
                new { lead, b = b.Id, ann, at });
            await conn.ExecuteAsync("""
                INSERT INTO appointments (id, business_id, lead_id, start_at, end_at, service_type, status, ics_uid, ics_token, created_at, updated_at)
                VALUES (@id, @b, @lead, @at, @end, 'furnace tune-up', 'completed', @uid, @token, @at, @at)
                """, new { id = Ids.New(), b = b.Id, lead, at, end = at.AddHours(1), uid = Ids.New(), token = Ids.New() });
        }
        // A list: Eve carries the tag in her tags column, Fay another one, and Ann is on it too (with her street).
        var csv = $"""
            first_name,phone,tags,street
            Eve,{eve},"Maintenance Plan; spring",Elm
            Fay,{fay},commercial,Oak
            Annie,{ann},maintenance plan,Pine
            """;
        (await op.PostAsync($"{Base(b)}/contact-lists?name=past%20customers&consentBy=Olive%20Owner&consentSource=work%20orders",
            new StringContent(csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();

        // The builder's suggestions: the customers' tags and the lists' tag values.
        (await h.App.Service<CampaignService>().TagsAsync(b.Id)).ShouldBe(["commercial", "maintenance plan", "spring", "vip"]);

        // Customers carry the tag: their consent must be on record, naming the missing field.
        const string template = "Hi {first_name}, your {service} is due ({street}).";
        async Task<HttpResponseMessage> CreateAsync(object body) => await op.PostAsJsonAsync($"{Base(b)}/campaigns", body);
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { name = "Plan members", template, audience = new { tag = "Maintenance Plan" } }, "consentBy"),
                     (new { name = "Plan members", template, audience = new { tag = "Maintenance Plan" }, consentBy = "Olive Owner" }, "consentSource"),
                 })
        {
            var refused = await CreateAsync(body);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe(field);
        }
        var preview = await (await op.PostAsJsonAsync($"{Base(b)}/campaigns/preview", new { template, audience = new { tag = "maintenance plan" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        preview.GetProperty("audience").GetInt32().ShouldBe(3); // Ann (customer and contact: once), Bob, Eve
        var made = await CreateAsync(new { name = "Plan members", template, audience = new { tag = "Maintenance Plan" }, consentBy = "Olive Owner", consentSource = "plan sign-up form" });
        made.StatusCode.ShouldBe(HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
        var campaign = await made.Content.ReadFromJsonAsync<JsonElement>();
        (campaign.GetProperty("consentBy").GetString(), campaign.GetProperty("consentSource").GetString()).ShouldBe(("Olive Owner", "plan sign-up form"));
        var id = campaign.GetProperty("id").GetString()!;
        (await op.PostAsync($"{Base(b)}/campaigns/{id}/start", null)).EnsureSuccessStatusCode();
        await h.App.Service<CampaignSender>().RunAsync(CancellationToken.None);
        await h.IdleAsync();

        var texts = (await h.QueryAsync<(string To, string Body)>(
            "SELECT to_phone, body FROM messages WHERE business_id = @b AND purpose = 'campaign' AND carrier_sid IS NOT NULL", new { b = b.Id })).ToList();
        texts.Select(t => t.To).ShouldBe([ann, bob, eve], ignoreOrder: true);
        texts.Single(t => t.To == ann).Body.ShouldBe($"{b.Name}: Hi Ann, your furnace tune-up is due (Pine). Reply STOP to opt out.");
        texts.Single(t => t.To == eve).Body.ShouldStartWith($"{b.Name}: Hi Eve,");

        // A tag only list contacts carry needs no attestation; once a customer carries it, the campaign does not start without one.
        var listOnly = await CreateAsync(new { name = "Spring", template = "Hi {first_name}, spring is here.", audience = new { tag = "spring" } });
        listOnly.StatusCode.ShouldBe(HttpStatusCode.Created, await listOnly.Content.ReadAsStringAsync());
        var spring = await listOnly.Content.ReadFromJsonAsync<JsonElement>();
        spring.GetProperty("consentBy").ValueKind.ShouldBe(JsonValueKind.Null);
        await SetTagsAsync(op, b, deeId, "vip", "spring");
        var notYet = await op.PostAsync($"{Base(b)}/campaigns/{spring.GetProperty("id").GetString()}/start", null);
        notYet.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notYet.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().ShouldBe("consentBy");
        (await h.App.Service<CampaignStore>().GetAsync(b.Id, spring.GetProperty("id").GetString()!))!.Status.ShouldBe(CampaignStatuses.Draft);
    }

    /// <summary>The customers listed in the final render (a streamed page repeats its markup in the update).</summary>
    private static List<string> Listed(string html) => [.. CustomerItem().Matches(html).Select(m => m.Groups[1].Value).Distinct()];

    [GeneratedRegex("class=\"customer-item\" data-id=\"([^\"]+)\"")]
    private static partial Regex CustomerItem();
}
