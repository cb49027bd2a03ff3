using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Conversations;
using CallRecover.Customers;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Leads;
using CallRecover.Notifications;
using CallRecover.Notifications.Email;
using CallRecover.Tenancy;

namespace CallRecover.Requests;

/// <summary>What a person typed into the request form (raw strings, as posted).</summary>
public sealed record RequestInput(string? Name, string? Phone, string? Email, string? Address, string? VehicleYear, string? VehicleMake,
    string? VehicleModel, string? Problem, bool SmsConsent);

/// <summary>The request as accepted: the reference the customer is given, and how they were told.</summary>
public sealed record RequestAccepted(WebRequest Request, bool Texted, bool Emailed);

/// <summary>
/// Takes a request from the public form: validates it (field → message; nothing stored when anything is wrong), then in
/// one transaction finds or creates the customer and the lead (source web_form), stores the request with its consent
/// wording, drafts a quote when the business has estimates on, tells the owner, and confirms to the customer with a
/// short reference: by text through the one send path only when they ticked the consent box, otherwise by email when
/// they gave one. Photos (optional, up to five) are checked with the fields; their files are written just before the
/// transaction and removed again if it fails, and their rows are part of it.
/// </summary>
public sealed class RequestService(Db db, CustomerStore customers, LeadStore leads, WebRequestStore requests, RequestPhotoStore photos, ServiceCatalogStore catalogs, LaborGuideStore guides,
    QuoteService quotes, SmsSender sms, EmailOutbox email, Notifier notifier, AuditLog audit, TimeProvider clock, PartsPricing partsPricing)
{
    public const int MaxName = 100, MaxEmail = 200, MaxAddress = 300, MaxVehicleText = 40, MaxProblem = 2000;

    /// <summary>The wording next to the (unticked) consent box; stored with the request when it is ticked.</summary>
    public static string ConsentWording(Business business) =>
        $"Text me about this request at the mobile number above: a confirmation, questions and updates from {business.Name}. " +
        "Message and data rates may apply. Reply STOP to stop.";

    public static bool AsksForVehicle(Business business) => business.Vertical == "auto";

    public static Dictionary<string, string> Validate(Business business, RequestInput input, int currentYear, out string phone)
    {
        var errors = new Dictionary<string, string>();
        phone = "";
        if (string.IsNullOrWhiteSpace(input.Name)) errors["name"] = "Enter your name.";
        else if (input.Name.Trim().Length > MaxName) errors["name"] = $"Keep your name to {MaxName} characters or fewer.";
        if (string.IsNullOrWhiteSpace(input.Phone)) errors["phone"] = "Enter your mobile number.";
        else if (!Phone.TryNormalize(input.Phone, Phone.RegionOf(business.CarrierNumber), out var e164)) errors["phone"] = "Enter a mobile number we can reach, like (904) 555-0134.";
        else phone = e164;
        if (!string.IsNullOrWhiteSpace(input.Email))
        {
            var e = input.Email.Trim();
            if (e.Length > MaxEmail || !MailAddress.TryCreate(e, out var mail) || mail.Address != e || !e.Contains('.', StringComparison.Ordinal))
                errors["email"] = "Enter an email address like you@example.com, or leave it empty.";
        }
        if (input.Address?.Trim().Length > MaxAddress) errors["address"] = $"Keep the address to {MaxAddress} characters or fewer.";
        if (AsksForVehicle(business))
        {
            if (!string.IsNullOrWhiteSpace(input.VehicleYear)
                && (!int.TryParse(input.VehicleYear.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 1900 || y > currentYear + 1))
                errors["vehicleYear"] = $"Enter the year as four digits, like {currentYear - 8}, or leave it empty.";
            if (input.VehicleMake?.Trim().Length > MaxVehicleText) errors["vehicleMake"] = $"Keep the make to {MaxVehicleText} characters or fewer.";
            if (input.VehicleModel?.Trim().Length > MaxVehicleText) errors["vehicleModel"] = $"Keep the model to {MaxVehicleText} characters or fewer.";
        }
        if (string.IsNullOrWhiteSpace(input.Problem)) errors["problem"] = "Tell us what's wrong or what you need.";
        else if (input.Problem.Trim().Length > MaxProblem) errors["problem"] = $"Keep the description to {MaxProblem} characters or fewer.";
        return errors;
    }

    /// <summary>Stores a valid request with its photos; returns the field errors instead (nothing stored) when anything is not valid.</summary>
    public async Task<(RequestAccepted? Accepted, Dictionary<string, string> Errors)> SubmitAsync(Business business, RequestInput input,
        IReadOnlyList<PhotoUpload> uploads, string? clientIp, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var errors = Validate(business, input, business.LocalTime(now).Year, out var phone);
        var (checkedPhotos, refused) = await photos.CheckAsync(uploads, ct);
        if (refused is not null) errors["photos"] = refused;
        if (errors.Count > 0) return (null, errors);
        var name = input.Name!.Trim();
        var mail = Blank(input.Email)?.ToLowerInvariant();
        var address = Blank(input.Address);
        var problem = input.Problem!.Trim();
        var auto = AsksForVehicle(business);
        int? year = auto && Blank(input.VehicleYear) is { } ys ? int.Parse(ys, CultureInfo.InvariantCulture) : null;
        var make = auto ? Blank(input.VehicleMake) : null;
        var model = auto ? Blank(input.VehicleModel) : null;

        var files = await photos.WriteFilesAsync(business.Id, checkedPhotos, now, ct);
        try
        {
            // Parts prices are asked before the write transaction opens: a provider may take seconds.
            var partPrices = business.EstimatesEnabled ? await partsPricing.PriceAsync(business, problem, auto ? new VehicleInfo(year, make, model) : null, ct) : null;
            var accepted = await StoreAsync(business, input, phone, name, mail, address, problem, auto, year, make, model, files, clientIp, now, partPrices, ct);
            return (accepted, errors);
        }
        catch
        {
            RequestPhotoStore.DeleteFiles(files);
            throw;
        }
    }

    private Task<RequestAccepted> StoreAsync(Business business, RequestInput input, string phone, string name, string? mail, string? address, string problem,
        bool auto, int? year, string? make, string? model, IReadOnlyList<RequestPhoto> files, string? clientIp, DateTimeOffset now,
        IReadOnlyDictionary<string, PartPrice>? partPrices, CancellationToken ct) =>
        db.WriteAsync(async tx =>
        {
            var customer = await customers.UpsertAsync(tx, business.Id, phone, name, mail, address, CustomerSources.WebForm);
            var vehicle = year is not null || make is not null || model is not null
                ? await customers.UpsertVehicleAsync(tx, business.Id, customer.Id, year, make, model, null, null) : null;
            var (lead, _) = await leads.GetOrCreateAsync(tx, business.Id, phone, LeadSources.WebForm);
            var fill = new Dictionary<string, object?>();
            if (lead.Name is null) fill["name"] = name;
            if (lead.Email is null && mail is not null) fill["email"] = mail;
            if (lead.Address is null && address is not null) fill["address"] = address;
            // The service in a few words (as the engine reads a caller's text), not the whole description: it becomes
            // the job's title and the invoice text's "your invoice for …". The description stays in the lead's notes.
            if (lead.ServiceNeeded is null) fill["service_needed"] = ServiceOf(business, problem, now);
            await leads.UpdateColumnsAsync(tx, business.Id, lead.Id, fill);
            lead = (await leads.GetAsync(tx, business.Id, lead.Id))!;

            var reference = await NewReferenceAsync(tx, business.Id);
            await leads.AppendNoteAsync(tx, business.Id, lead.Id, $"Web request {reference}: {problem}");
            string? quoteId = null;
            if (business.EstimatesEnabled)
            {
                var catalog = await catalogs.GetAsync(tx, business.Id, business.Vertical);
                var estimate = EstimateEngine.Run(problem, catalog, business.LaborRate, auto ? new VehicleInfo(year, make, model) : null, business.LocalTime(now).Year,
                    partPrices, await guides.ListAsync(tx, business.Id));
                quoteId = (await quotes.CreateAsync(tx, business, lead, estimate, new QuoteOrigin(customer.Id, vehicle?.Id), "web_form")).Quote.Id;
            }
            var request = new WebRequest
            {
                Id = Ids.New(), BusinessId = business.Id, Reference = reference, LeadId = lead.Id, CustomerId = customer.Id, QuoteId = quoteId,
                Name = name, Phone = phone, Email = mail, Address = address, VehicleYear = year, VehicleMake = make, VehicleModel = model,
                Problem = problem, SmsConsent = input.SmsConsent, ConsentText = input.SmsConsent ? ConsentWording(business) : null, ClientIp = clientIp,
                CreatedAt = now,
            };
            await requests.InsertAsync(tx, request);
            foreach (var photo in files) await photos.InsertAsync(tx, photo with { WebRequestId = request.Id, LeadId = lead.Id });
            await audit.WriteAsync(tx, business.Id, "web_form", "lead", lead.Id, "web_request", new { reference, request.SmsConsent, quoteId, photos = files.Count });
            await notifier.NotifyAsync(tx, business.Id, new OwnerNotice("web_request", $"Web request {reference}",
                $"{name}: {(problem.Length > 160 ? problem[..160] + "…" : problem)}", new { leadId = lead.Id, reference, quoteId }));

            var texted = false;
            var emailed = false;
            var first = Names.First(name);
            if (input.SmsConsent)
            {
                var body = $"Thanks {first}, {business.Name} got your request, reference {reference}. We'll be in touch soon.";
                texted = (await sms.QueueAsync(tx, new OutboundSms(business.Id, phone, body, Senders.System, SmsPurposes.Request))).Queued;
            }
            if (!texted && mail is not null)
            {
                await email.QueueAsync(tx, new EmailMessage(mail, $"{business.Name}: we got your request ({reference})",
                    $"Hello {first},\n\nThank you: {business.Name} got your request, reference {reference}.\n\nWhat you told us:\n{problem}\n\n" +
                    $"We'll be in touch soon. To reach us sooner, call {Phone.Display(business.BusinessPhone)}.\n", "web_request", business.Id));
                emailed = true;
            }
            return new RequestAccepted(request, texted, emailed);
        }, ct);

    /// <summary>
    /// The service a description asks for: what the built-in understanding reads from it ("furnace is making a banging
    /// noise" → "furnace repair"), else its first words (at most 60 characters, cut at a word).
    /// </summary>
    public static string ServiceOf(Business business, string problem, DateTimeOffset now)
    {
        if (CallRecover.Conversations.Engines.SmsUnderstanding.Read(problem, business, null, now).Fields
                .TryGetValue(CallRecover.Conversations.Engines.LeadFields.Service, out var service) && !string.IsNullOrWhiteSpace(service.Value))
            return service.Value.Length > 100 ? service.Value[..100] : service.Value;
        var first = problem.Split(['.', '!', '?', '\n'], 2)[0].Trim();
        if (first.Length <= 60) return first.Length > 0 ? first : "Service request";
        var cut = first.LastIndexOf(' ', 60);
        return (cut > 20 ? first[..cut] : first[..60]).TrimEnd(',', ';', ':', '-', ' ') + "…";
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Short references customers can read out: "R-" and six characters without look-alikes (0/O, 1/I/L).</summary>
    private async Task<string> NewReferenceAsync(DbTx tx, string businessId)
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        while (true)
        {
            var reference = "R-" + RandomNumberGenerator.GetString(alphabet, 6);
            if (!await requests.ReferenceTakenAsync(tx, businessId, reference)) return reference;
        }
    }
}
