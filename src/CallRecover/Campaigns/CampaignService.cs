using System.Globalization;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Tenancy;
using NodaTime;
using NodaTime.Text;

namespace CallRecover.Campaigns;

/// <summary>
/// Who a campaign goes to: an imported list by name, or the business's customers by last visit (before a day) and
/// service, or everyone carrying a tag — the customers tagged with it and the contacts of every list whose
/// <c>tag</c>/<c>tags</c> column holds it.
/// </summary>
public sealed record CampaignAudience
{
    public string? List { get; init; }
    /// <summary>yyyy-MM-dd, business-local: customers whose last visit was before this day.</summary>
    public string? LastVisitBefore { get; init; }
    public string? Service { get; init; }
    public string? Tag { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public bool IsList => !string.IsNullOrWhiteSpace(List);
    [System.Text.Json.Serialization.JsonIgnore] public bool IsTag => !IsList && !string.IsNullOrWhiteSpace(Tag);
    [System.Text.Json.Serialization.JsonIgnore] public bool IsCustomers => !IsList && !IsTag;
}

/// <summary>What a person asks for when they create or change a campaign (operator API and dashboard).</summary>
public sealed record CampaignInput
{
    public string? Name { get; init; }
    public string? Template { get; init; }
    public CampaignAudience? Audience { get; init; }
    /// <summary>When to start; a change that names it (even as null, which clears it) replaces it, one that leaves it out keeps it.</summary>
    public DateTimeOffset? StartAt
    {
        get => _startAt;
        init
        {
            _startAt = value;
            StartAtGiven = true;
        }
    }

    private readonly DateTimeOffset? _startAt;

    /// <summary>Whether <see cref="StartAt"/> was given (JSON calls the setter for an explicit null too).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool StartAtGiven { get; private init; }

    /// <summary>
    /// For an audience of customers, or a tag that customers carry: who attests that they agreed to marketing texts, and
    /// how (a list carries its own).
    /// </summary>
    public string? ConsentBy { get; init; }
    public string? ConsentSource { get; init; }
}

/// <summary>The import's answer: the list, how many people were added, and each row not taken with its reason.</summary>
public sealed record ImportReport(ContactList List, int Rows, int Imported, IReadOnlyList<RejectedRow> Rejected);

/// <summary>A builder's live preview: how many people the audience holds and the text one of them would get.</summary>
public sealed record CampaignPreview(int Audience, string? Phone, string Text, int Segments, IReadOnlyList<string> Fields);

public sealed record CampaignView(Campaign Campaign, CampaignProgress Progress);

/// <summary>
/// Reactivation campaigns (issue 19): imports contact lists with their consent attestation, creates and changes
/// campaigns, fixes their recipients when they start, and moves them through draft → scheduled → sending ⇄ paused →
/// done, or cancelled. The texts themselves go out through <see cref="CampaignSender"/> and the one send path.
/// </summary>
public sealed class CampaignService(Db db, CampaignStore store, CustomerStore customers, OptOutStore optOuts, BusinessStore businesses, AuditLog audit, LiveEvents live,
    TimeProvider clock)
{
    public sealed record Result<T>(T? Value, string? Field = null, string? Error = null, bool NotFound = false) where T : class
    {
        public static Result<T> Bad(string field, string error) => new(null, field, error);
        public static readonly Result<T> Missing = new(null, NotFound: true);
    }

    // ---- import

    public async Task<Result<ImportReport>> ImportAsync(string businessId, string? name, string? consentBy, string? consentSource, string? consentWording,
        string csv, ContactImport.ColumnMap? map, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100) return Result<ImportReport>.Bad("name", "Name the list (up to 100 characters).");
        if (string.IsNullOrWhiteSpace(consentBy) || consentBy.Trim().Length > 200)
            return Result<ImportReport>.Bad("consentBy", "Say who attests that these people agreed to texts from you (consentBy).");
        if (string.IsNullOrWhiteSpace(consentSource) || consentSource.Trim().Length > 500)
            return Result<ImportReport>.Bad("consentSource", "Say where the consent comes from, e.g. \"signed work orders 2023–2025\" (consentSource).");
        if (consentWording is { Length: > 2000 }) return Result<ImportReport>.Bad("consentWording", "The consent wording is too long (2,000 characters at most).");
        ContactImport.Parsed parsed;
        try { parsed = ContactImport.Read(csv, map); }
        catch (Common.CsvTable.BadFile ex) { return Result<ImportReport>.Bad("file", ex.Message); }

        var report = await db.WriteAsync(async tx =>
        {
            var (optedOut, doNotText) = await optOuts.UnreachableAsync(tx, businessId);
            var seen = new HashSet<string>();
            var onList = await store.ListByNameAsync(tx, businessId, name.Trim()) is { } earlier
                ? await store.PhonesOnListAsync(tx, businessId, earlier.Id)
                : new HashSet<string>();
            var rejected = new List<RejectedRow>();
            var contacts = new List<Contact>();
            foreach (var (row, raw, firstName, fields) in parsed.Rows)
            {
                string? reason = null;
                var phone = Phone.NormalizeOrNull(raw);
                if (phone is null) reason = "bad_phone";
                else if (!seen.Add(phone)) reason = "duplicate";
                else if (onList.Contains(phone)) reason = "already_on_list";
                else if (optedOut.Contains(phone)) reason = "opted_out";
                else if (doNotText.Contains(phone)) reason = "do_not_text";
                else if (Phone.Kind(phone) == PhoneKind.Landline) reason = "landline";
                if (reason is not null) { rejected.Add(new RejectedRow(row, Phone.Mask(raw), reason)); continue; }
                contacts.Add(new Contact(phone!, firstName, fields));
            }
            var (list, added) = await store.ImportAsync(tx, businessId, name.Trim(), consentBy.Trim(), consentSource.Trim(), consentWording?.Trim(), contacts);
            await audit.WriteAsync(tx, businessId, actor, "contact_list", list.Id, "imported",
                new { rows = parsed.Rows.Count, imported = added, rejected = rejected.Count, consentBy = list.ConsentBy, consentSource = list.ConsentSource });
            return new ImportReport(list, parsed.Rows.Count, added, rejected);
        }, ct);
        return new Result<ImportReport>(report);
    }

    // ---- campaigns

    public async Task<Result<Campaign>> CreateAsync(string businessId, CampaignInput input, string actor, CancellationToken ct = default)
    {
        var (campaign, field, error) = await ValidateAsync(businessId, input, null, ct);
        if (campaign is null) return Result<Campaign>.Bad(field!, error!);
        var now = clock.GetUtcNow();
        campaign = campaign with { Id = Ids.New(), BusinessId = businessId, Status = CampaignStatuses.Draft, CreatedBy = actor, CreatedAt = now, UpdatedAt = now };
        await db.WriteAsync(async tx =>
        {
            await store.InsertAsync(tx, campaign);
            await audit.WriteAsync(tx, businessId, actor, "campaign", campaign.Id, "created", new { campaign.Name, campaign.Audience });
            Changed(tx, businessId, campaign.Id);
        }, ct);
        return new Result<Campaign>(await store.GetAsync(businessId, campaign.Id, ct));
    }

    public async Task<Result<Campaign>> UpdateAsync(string businessId, string id, CampaignInput input, string actor, CancellationToken ct = default)
    {
        if (await store.GetAsync(businessId, id, ct) is not { } current) return Result<Campaign>.Missing;
        if (current.Status != CampaignStatuses.Draft) return Result<Campaign>.Bad("status", "Only a draft can be changed; this campaign has started.");
        var (campaign, field, error) = await ValidateAsync(businessId, input, current, ct);
        if (campaign is null) return Result<Campaign>.Bad(field!, error!);
        await db.WriteAsync(async tx =>
        {
            await store.UpdateDraftAsync(tx, campaign with { UpdatedAt = clock.GetUtcNow() });
            await audit.WriteAsync(tx, businessId, actor, "campaign", id, "changed", new { campaign.Name });
            Changed(tx, businessId, id);
        }, ct);
        return new Result<Campaign>(await store.GetAsync(businessId, id, ct));
    }

    private async Task<(Campaign? Campaign, string? Field, string? Error)> ValidateAsync(string businessId, CampaignInput input, Campaign? current, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? current?.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) return (null, "name", "Name the campaign (up to 100 characters).");
        var audience = input.Audience ?? current?.AudienceValue;
        if (audience is null) return (null, "audience", "Choose who gets it: {\"list\": \"name\"}, {\"lastVisitBefore\": \"2026-06-01\", \"service\": \"...\"} or {\"tag\": \"...\"}.");
        if (audience.LastVisitBefore is { } lv && !IsDay(lv)) return (null, "audience.lastVisitBefore", "Give the day as yyyy-MM-dd, e.g. 2026-06-01.");
        if (audience.Service is { Length: > 100 } || audience.Tag is { Length: > 100 } || audience.List is { Length: > 100 })
            return (null, "audience", "An audience value is too long (100 characters at most).");
        if (audience.IsCustomers && audience.LastVisitBefore is null && string.IsNullOrWhiteSpace(audience.Service))
            return (null, "audience", "Choose a list, a tag, or customers by lastVisitBefore and/or service.");
        var fields = new List<string>(CampaignTemplate.StandardFields);
        string? consentBy = input.ConsentBy?.Trim() ?? current?.ConsentBy, consentSource = input.ConsentSource?.Trim() ?? current?.ConsentSource;
        var consentNeeded = audience.IsCustomers;
        if (audience.IsList)
        {
            if (await store.ListByNameAsync(businessId, audience.List!.Trim(), ct) is not { } list) return (null, "audience.list", $"There is no list named \"{audience.List}\".");
            audience = audience with { List = list.Name };
            await using var tx = await db.BeginAsync(ct);
            fields.AddRange((await store.ContactsAsync(tx, businessId, list.Id)).SelectMany(c => c.Fields.Keys).Distinct(StringComparer.OrdinalIgnoreCase));
        }
        else if (audience.IsTag)
        {
            audience = audience with { Tag = audience.Tag!.Trim() };
            await using (var tx = await db.BeginAsync(ct))
                fields.AddRange((await store.ContactsAsync(tx, businessId, null)).SelectMany(c => c.Fields.Keys).Distinct(StringComparer.OrdinalIgnoreCase));
            // Customers carry the tag: texting them needs the same attestation as a customer audience. Given without
            // them, it is recorded too (customers tagged before the start are then texted as well).
            consentNeeded = await TaggedCustomersAsync(businessId, audience.Tag!, ct)
                || !string.IsNullOrWhiteSpace(consentBy) || !string.IsNullOrWhiteSpace(consentSource);
        }
        if (consentNeeded && ConsentProblem(consentBy, consentSource) is { } problem) return (null, problem.Field, problem.Error);
        var template = input.Template ?? current?.Template;
        if (CampaignTemplate.Check(template, fields.Distinct(StringComparer.OrdinalIgnoreCase).ToList()) is { } bad) return (null, "template", bad);
        var startAt = input.StartAtGiven ? input.StartAt : current?.StartAt;
        if (input.StartAt is { } s && s < clock.GetUtcNow().AddMinutes(-5)) return (null, "startAt", "The start is in the past; leave it out to start when you press Start.");
        return (new Campaign
        {
            Id = current?.Id ?? "", BusinessId = businessId, Name = name, Template = template!.Trim(), Audience = Json.Serialize(audience),
            ConsentBy = consentNeeded ? consentBy : null, ConsentSource = consentNeeded ? consentSource : null, StartAt = startAt,
        }, null, null);
    }

    /// <summary>What is wrong with a consent attestation for texting customers marketing, or null.</summary>
    private static (string Field, string Error)? ConsentProblem(string? consentBy, string? consentSource) =>
        string.IsNullOrWhiteSpace(consentBy) ? ("consentBy", "Texting customers marketing needs their consent on record: say who attests that they agreed.")
        : string.IsNullOrWhiteSpace(consentSource) ? ("consentSource", "Texting customers marketing needs their consent on record: say where it comes from (e.g. \"signed work orders\").")
        : consentBy.Length > 200 || consentSource.Length > 500 ? (consentBy.Length > 200 ? "consentBy" : "consentSource", "The consent attestation is too long.")
        : null;

    /// <summary>Whether any customer of the business carries the tag (as typed; a word that is not a valid tag is carried by nobody).</summary>
    private async Task<bool> TaggedCustomersAsync(string businessId, string tag, CancellationToken ct) =>
        (await customers.ListAsync(businessId, null, 1, ct, tag: tag)).Count > 0;

    /// <summary>The builder's suggestions for a tag audience: the customers' tags and the tags in the lists' tag columns.</summary>
    public async Task<IReadOnlyList<string>> TagsAsync(string businessId, CancellationToken ct = default) =>
        [.. (await customers.TagsAsync(businessId, ct)).Select(t => t.Tag).Concat(await store.ContactTagsAsync(businessId, ct))
            .DistinctBy(t => t.ToLowerInvariant()).Order(StringComparer.OrdinalIgnoreCase)];

    private static bool IsDay(string s) => LocalDatePattern.Iso.Parse(s).TryGetValue(default, out var d) && LocalTimes.IsSensible(d);

    /// <summary>
    /// The people an audience holds now, each with the fields a template may use. A tag audience holds the customers
    /// carrying the tag (unless <paramref name="taggedCustomers"/> is false: a campaign without a consent attestation)
    /// and the list contacts whose tag column holds it, one per phone.
    /// </summary>
    public async Task<IReadOnlyList<Contact>> AudienceAsync(DbTx tx, Business business, CampaignAudience audience, bool taggedCustomers = true)
    {
        if (audience.IsList)
            return await store.ListByNameAsync(tx, business.Id, audience.List!) is { } list ? await store.ContactsAsync(tx, business.Id, list.Id) : [];
        if (audience.IsTag)
        {
            var tagged = taggedCustomers && CustomerTags.Normalize(audience.Tag).Tag is { } tag ? await CustomersAsync(tx, business, null, null, tag) : [];
            return OnePerPhone(tagged, (await store.ContactsAsync(tx, business.Id, null)).Where(c => HasTag(c, audience.Tag!)));
        }
        var before = audience.LastVisitBefore is { } lv ? business.Zone.StartOfDayUtc(LocalDatePattern.Iso.Parse(lv).Value) : (DateTimeOffset?)null;
        return await CustomersAsync(tx, business, before, audience.Service, null);
    }

    /// <summary>Customers (all, or those carrying <paramref name="tag"/>) last seen before <paramref name="before"/> for <paramref name="service"/>, with their first name, service and last visit.</summary>
    private async Task<List<Contact>> CustomersAsync(DbTx tx, Business business, DateTimeOffset? before, string? service, string? tag)
    {
        var result = new List<Contact>();
        foreach (var (phone, name, lastVisit, lastService, services) in await store.CustomersAsync(tx, business.Id, tag))
        {
            if (before is { } b && (lastVisit is null || lastVisit >= b)) continue;
            if (!string.IsNullOrWhiteSpace(service) && !services.Split('\n').Any(s => MentionsService(s, service))) continue;
            var fields = new Dictionary<string, string>
            {
                ["service"] = lastService ?? "",
                ["last_visit"] = lastVisit is { } v ? Instant.FromDateTimeOffset(v).InZone(business.Zone).Date.ToString("MMMM yyyy", CultureInfo.InvariantCulture) : "",
            };
            result.Add(new Contact(phone, FirstName(name), fields));
        }
        return result;
    }

    /// <summary>
    /// One person per phone, the first occurrence first: someone who is both a tagged customer and a list contact is
    /// texted once, with the customer's first name, service and last visit and the list's other columns.
    /// </summary>
    private static List<Contact> OnePerPhone(IEnumerable<Contact> customers, IEnumerable<Contact> contacts)
    {
        var people = new List<Contact>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var person in customers.Concat(contacts))
        {
            if (index.TryAdd(person.Phone, people.Count))
            {
                people.Add(person);
                continue;
            }
            var first = people[index[person.Phone]];
            var fields = new Dictionary<string, string>(person.Fields);
            foreach (var (key, value) in first.Fields)
                if (value.Length > 0 || !fields.ContainsKey(key)) fields[key] = value;
            people[index[person.Phone]] = first with { FirstName = first.FirstName ?? person.FirstName, Fields = fields };
        }
        return people;
    }

    /// <summary>A visit's service names the wanted one as whole words ("AC" finds "AC repair", not "furnace").</summary>
    private static bool MentionsService(string service, string wanted) =>
        System.Text.RegularExpressions.Regex.IsMatch(service, $@"(?<![\p{{L}}\p{{N}}]){System.Text.RegularExpressions.Regex.Escape(wanted.Trim())}(?![\p{{L}}\p{{N}}])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private static string? FirstName(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    private static bool HasTag(Contact c, string tag) => c.Tags.Any(t => string.Equals(t, tag.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The builder's live preview: the audience's size and one recipient's text (or a made-up one when the audience is empty).</summary>
    public async Task<Result<CampaignPreview>> PreviewAsync(string businessId, string? template, CampaignAudience? audience, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return Result<CampaignPreview>.Missing;
        await using var tx = await db.BeginAsync(ct);
        var people = audience is null ? [] : await AudienceAsync(tx, business, audience);
        var fields = CampaignTemplate.StandardFields.Concat(people.SelectMany(p => p.Fields.Keys)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var sample = people.FirstOrDefault() ?? new Contact("", "Alex", new Dictionary<string, string> { ["service"] = "furnace tune-up", ["last_visit"] = "October 2025" });
        var text = CampaignTemplate.Render(business, template ?? "", sample.FirstName, sample.Fields);
        return new Result<CampaignPreview>(new CampaignPreview(people.Count, people.Count > 0 ? Phone.Display(sample.Phone) : null, text, CampaignTemplate.Segments(text), fields));
    }

    /// <summary>Starts a draft now (or, with a start time ahead, schedules it): its recipients are fixed at that moment.</summary>
    public async Task<Result<Campaign>> StartAsync(string businessId, string id, string actor, CancellationToken ct = default)
    {
        if (await store.GetAsync(businessId, id, ct) is not { } c) return Result<Campaign>.Missing;
        var now = clock.GetUtcNow();
        if (c.Status == CampaignStatuses.Paused) return await ResumeAsync(businessId, id, actor, ct);
        if (c.Status is CampaignStatuses.Sending or CampaignStatuses.Scheduled) return new Result<Campaign>(c);
        if (c.Status != CampaignStatuses.Draft) return Result<Campaign>.Bad("status", $"This campaign is {c.Status}; it cannot start again.");
        // Customers tagged since the draft was saved need the attestation it was saved without.
        if (c.AudienceValue is { IsTag: true } tagAudience && c.ConsentBy is null && await TaggedCustomersAsync(businessId, tagAudience.Tag!, ct))
            return Result<Campaign>.Bad("consentBy", $"Customers now carry the tag “{tagAudience.Tag}”: texting them marketing needs their consent on record. " +
                "Say who attests that they agreed and where it comes from, then start.");
        if (c.StartAt is { } at && at > now)
        {
            await db.WriteAsync(async tx =>
            {
                await store.SetStatusAsync(tx, businessId, id, [CampaignStatuses.Draft], CampaignStatuses.Scheduled);
                await audit.WriteAsync(tx, businessId, actor, "campaign", id, "scheduled", new { startAt = at });
                Changed(tx, businessId, id);
            }, ct);
        }
        else if (!await BeginSendingAsync(businessId, id, [CampaignStatuses.Draft], actor, ct))
            return Result<Campaign>.Bad("status", "The campaign changed meanwhile; reload it.");
        return new Result<Campaign>(await store.GetAsync(businessId, id, ct));
    }

    /// <summary>Fixes the recipients and moves the campaign to sending, in one transaction (a scheduled one when its time comes).</summary>
    public async Task<bool> BeginSendingAsync(string businessId, string id, string[] from, string actor, CancellationToken ct = default)
    {
        if (await businesses.GetAsync(businessId, ct) is not { } business) return false;
        return await db.WriteAsync(async tx =>
        {
            if (await store.GetAsync(tx, businessId, id) is not { } c || !from.Contains(c.Status)) return false;
            // A tag audience saved without an attestation (no customer carried the tag then) texts only the list contacts.
            var people = await AudienceAsync(tx, business, c.AudienceValue, taggedCustomers: c.ConsentBy is not null);
            var count = await store.AddRecipientsAsync(tx, businessId, id, people.Select(p => (p, CallerTimeZone.For(p.Phone, business).Id)));
            await store.SetStatusAsync(tx, businessId, id, from, CampaignStatuses.Sending, startAt: clock.GetUtcNow());
            await audit.WriteAsync(tx, businessId, actor, "campaign", id, "started", new { recipients = count });
            Changed(tx, businessId, id);
            return true;
        }, ct);
    }

    public async Task<Result<Campaign>> PauseAsync(string businessId, string id, string actor, string reason = "owner", CancellationToken ct = default) =>
        await MoveAsync(businessId, id, [CampaignStatuses.Sending, CampaignStatuses.Scheduled], CampaignStatuses.Paused, actor, "paused", reason, ct);

    public async Task<Result<Campaign>> ResumeAsync(string businessId, string id, string actor, CancellationToken ct = default)
    {
        if (await store.GetAsync(businessId, id, ct) is not { } c) return Result<Campaign>.Missing;
        // A campaign paused before its scheduled start had no recipients yet: resuming starts it.
        if (c.Status == CampaignStatuses.Paused && c.Recipients == 0 && await BeginSendingAsync(businessId, id, [CampaignStatuses.Paused], actor, ct))
            return new Result<Campaign>(await store.GetAsync(businessId, id, ct));
        return await MoveAsync(businessId, id, [CampaignStatuses.Paused], CampaignStatuses.Sending, actor, "resumed", null, ct);
    }

    public async Task<Result<Campaign>> CancelAsync(string businessId, string id, string actor, CancellationToken ct = default) =>
        await MoveAsync(businessId, id, [CampaignStatuses.Draft, CampaignStatuses.Scheduled, CampaignStatuses.Sending, CampaignStatuses.Paused],
            CampaignStatuses.Cancelled, actor, "cancelled", null, ct);

    private async Task<Result<Campaign>> MoveAsync(string businessId, string id, string[] from, string to, string actor, string action, string? reason, CancellationToken ct)
    {
        if (await store.GetAsync(businessId, id, ct) is not { } c) return Result<Campaign>.Missing;
        if (c.Status == to) return new Result<Campaign>(c);
        var moved = await db.WriteAsync(async tx =>
        {
            if (!await store.SetStatusAsync(tx, businessId, id, from, to, reason)) return false;
            await audit.WriteAsync(tx, businessId, actor, "campaign", id, action, reason is null ? null : new { reason });
            Changed(tx, businessId, id);
            return true;
        }, ct);
        return moved ? new Result<Campaign>(await store.GetAsync(businessId, id, ct))
            : Result<Campaign>.Bad("status", $"This campaign is {c.Status}; it cannot be {action}.");
    }

    /// <summary>Tells open dashboards (every node) that a campaign changed, once the change is committed.</summary>
    public void Changed(DbTx tx, string businessId, string campaignId) => tx.AfterCommit(() => live.Publish(businessId, "campaign", campaignId));

    public async Task<CampaignView?> ViewAsync(string businessId, string id, CancellationToken ct = default) =>
        await store.GetAsync(businessId, id, ct) is { } c ? new CampaignView(c, await store.ProgressAsync(businessId, id, ct)) : null;
}
