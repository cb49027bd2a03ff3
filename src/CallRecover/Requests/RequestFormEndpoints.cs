using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using CallRecover.Common;
using CallRecover.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using static CallRecover.Common.PublicPage;

namespace CallRecover.Requests;

/// <summary>
/// The public request form at <c>/request/{slug}</c> (a static server-rendered page, one column for phones, framable by
/// the business's own site). A post passes four spam guards before anything is read: the per-IP rate limit (ASP.NET
/// Core's rate limiter), antiforgery, an empty honeypot field and a signed start time at least
/// <see cref="RequestOptions.MinFillTime"/> old. A post that fails one stores nothing.
/// </summary>
public static class RequestFormEndpoints
{
    public const string PathPrefix = "/request/";
    public const string RateLimitPolicy = "request-form";
    public const string Honeypot = "website";
    public const string PhotosField = "photos";

    public static AppRoutes MapRequests(this AppRoutes routes)
    {
        var app = routes.App;
        app.MapGet("/request/{slug}", async (string slug, HttpContext http, BusinessStore businesses, RequestFormPage page, CancellationToken ct) =>
            await businesses.GetBySlugAsync(slug.ToLowerInvariant(), ct) is { } business ? page.Render(http, business, null, new Dictionary<string, string>()) : FormNotFound())
            .FramableByAnySite();
        var limits = app.Services.GetRequiredService<IOptions<RequestOptions>>().Value;
        app.MapPost("/request/{slug}", async (string slug, HttpContext http, BusinessStore businesses, RequestFormPage page, FormClock formClock,
            IAntiforgery antiforgery, RequestService service, AcceptedRequestLimit accepted, CancellationToken ct) =>
        {
            if (await businesses.GetBySlugAsync(slug.ToLowerInvariant(), ct) is not { } business) return FormNotFound();
            if (!http.Request.HasFormContentType) return Refused(http, page, business, "This form expired. Please fill it in again.");
            // Read first (antiforgery reads the same buffered form), so a post over the size limit can be told apart and named.
            IFormCollection form;
            try { form = await http.Request.ReadFormAsync(ct); }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(http, page, business, limits); }
            catch (InvalidDataException ex) when (ex.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal)) { return TooLarge(http, page, business, limits); }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException) { return Refused(http, page, business, "Please fill in the form again."); }
            if (!await antiforgery.IsRequestValidAsync(http)) return Refused(http, page, business, "This form expired. Please fill it in again.");
            // A filled honeypot: answered like a success, nothing stored (no photo either).
            if (!string.IsNullOrEmpty(form[Honeypot].ToString())) return page.Thanks(business, null);
            var input = new RequestInput(form["name"], form["phone"], form["email"], form["address"], form["vehicleYear"], form["vehicleMake"],
                form["vehicleModel"], form["problem"], form["smsConsent"].ToString() == "yes");
            switch (formClock.Check(form["t"].ToString(), business.Id))
            {
                // Sent faster than a person types (a bot, or a browser's autofill): nothing stored, and the form comes back
                // filled in, asking to check and send again — a person is never told "thank you" for a request we dropped.
                case FormAge.TooFast:
                    return page.Render(http, business, input, new Dictionary<string, string> { ["form"] = "Please check your details and press Send again." },
                        StatusCodes.Status400BadRequest, photosLost: form.Files.Count > 0);
                case FormAge.Invalid: return Refused(http, page, business, "This form expired. Please fill it in again.");
            }
            // A file input left empty still sends a part with no name and no bytes: that is "no photo", not a bad one.
            var uploads = form.Files.GetFiles(PhotosField).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))
                .Select(f => new PhotoUpload(f.FileName, f.Length, f.OpenReadStream)).ToList();
            var ip = RateLimits.ClientIp(http);
            if (!accepted.HasRoom(ip)) return TooMany(http, limits);
            var (request, errors) = await service.SubmitAsync(business, input, uploads, http.Connection.RemoteIpAddress?.ToString(), ct);
            if (request is null) return page.Render(http, business, input, errors, StatusCodes.Status400BadRequest, photosLost: uploads.Count > 0);
            accepted.Count(ip);
            return page.Thanks(business, request);
        }).RequireRateLimiting(RateLimitPolicy).FramableByAnySite()
            // Five photos at the limit exceed Kestrel's default 30 MB body; the limit here follows Requests:MaxPhotoBytes.
            .WithMetadata(new PostSizeLimit(limits.MaxPostBytes))
            .WithFormOptions(multipartBodyLengthLimit: limits.MaxPostBytes);

        routes.Dashboard.MapGet("/request-photos/{id}", async (string id, HttpContext http, RequestPhotoStore photos, CancellationToken ct) =>
            RequestTenant.BusinessId(http) is { } b ? await PhotoAsync(http, b, id, photos, ct) : Results.NotFound());
        return routes;
    }

    /// <summary>
    /// One photo sent with a request, to a signed-in office user of its business (the dashboard group's guard; another
    /// business's id is a 404). Served with its stored type, never sniffed, shown inline under a safe name.
    /// </summary>
    private static async Task<IResult> PhotoAsync(HttpContext http, string businessId, string photoId, RequestPhotoStore photos, CancellationToken ct) =>
        await photos.GetAsync(businessId, photoId, ct) is { } photo
            ? Photos.Serve(http, photoId, photo.StoragePath, photo.ContentType, photo.FileName) : Problems.Missing("photo", photoId);

    private static IResult TooLarge(HttpContext http, RequestFormPage page, Business business, RequestOptions limits) =>
        page.Render(http, business, null, new Dictionary<string, string>
        {
            ["photos"] = $"The photos are too large together. Send at most {RequestOptions.MaxPhotos}, each up to {Photos.Size(limits.MaxPhotoBytes)}, and fill in the form again.",
        }, StatusCodes.Status413PayloadTooLarge);

    /// <summary>The request-size limit of one endpoint (Kestrel's body limit, applied by routing from the endpoint's metadata).</summary>
    private sealed record PostSizeLimit(long? MaxRequestBodySize) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata;

    /// <summary>Over the accepted-requests limit: the window's length as Retry-After (it started at the first accepted post, at most that long ago).</summary>
    private static IResult TooMany(HttpContext http, RequestOptions limits)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(limits.RateWindow.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Html("Too many requests",
            "<h1>Too many requests</h1><p role=\"alert\">We got several requests from your connection just now. Please wait a few minutes and try again, or call us.</p>", 429);
    }

    private static IResult FormNotFound() => Html("Page not found", "<h1>Page not found</h1><p>There is no request form at this address.</p>", 404);

    private static IResult Refused(HttpContext http, RequestFormPage page, Business business, string message) =>
        page.Render(http, business, null, new Dictionary<string, string> { ["form"] = message }, StatusCodes.Status400BadRequest);

    /// <summary>
    /// Two limits per IP address. Accepted requests: <see cref="RequestOptions.MaxPostsPerIp"/> per
    /// <see cref="RequestOptions.RateWindow"/> (<see cref="AcceptedRequestLimit"/>), so people on one shared Wi-Fi who
    /// mistype are not locked out by their own refused posts. Every post, refused or not: a flood guard at ten times
    /// that (ASP.NET Core's rate limiter, before the form is read; off with <c>RateLimits:Enabled=false</c>).
    /// </summary>
    public static IServiceCollection AddRequestRateLimit(this IServiceCollection services)
    {
        services.AddSingleton<AcceptedRequestLimit>();
        services.AddRateLimiter(o => o.AddPolicy(RateLimitPolicy, http =>
        {
            var options = http.RequestServices.GetRequiredService<IOptions<RequestOptions>>().Value;
            return RateLimits.PerWindow(http, "request-form:" + RateLimits.ClientIp(http), _ => options.MaxPostsPerIp * 10, options.RateWindow);
        }));
        return services;
    }
}

/// <summary>
/// Accepted requests per IP address (<see cref="RequestOptions.MaxPostsPerIp"/> per <see cref="RequestOptions.RateWindow"/>):
/// a post is let through while the window has room and counted only once it is stored. Two posts racing at the last
/// permit may both pass; a limit against spam, not an exact quota.
/// </summary>
public sealed class AcceptedRequestLimit(IOptions<RequestOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.MaxPostsPerIp, Window = options.Value.RateWindow, QueueLimit = 0,
        }));

    public bool HasRoom(string ip) => _limiter.GetStatistics(ip) is not { CurrentAvailablePermits: <= 0 };

    public void Count(string ip) => _limiter.AttemptAcquire(ip).Dispose();

    public void Dispose() => _limiter.Dispose();
}

public enum FormAge { Ok, TooFast, Invalid }

/// <summary>The form's signed start time: written when the form is shown, checked when it comes back (same business, old enough, not stale).</summary>
public sealed class FormClock(IDataProtectionProvider protection, TimeProvider clock, IOptions<RequestOptions> options)
{
    private readonly IDataProtector _protector = protection.CreateProtector("CallRecover.Requests.FormStart.v1");

    public string Stamp(string businessId) =>
        _protector.Protect($"{businessId}|{clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}");

    public FormAge Check(string? stamp, string businessId)
    {
        if (string.IsNullOrEmpty(stamp)) return FormAge.Invalid;
        string plain;
        try { plain = _protector.Unprotect(stamp); }
        catch (CryptographicException) { return FormAge.Invalid; }
        var parts = plain.Split('|');
        if (parts.Length != 2 || parts[0] != businessId || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return FormAge.Invalid;
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (age > options.Value.MaxFormAge) return FormAge.Invalid;
        return age < options.Value.MinFillTime ? FormAge.TooFast : FormAge.Ok;
    }
}

/// <summary>The request form page and its thank-you page.</summary>
public sealed class RequestFormPage(IAntiforgery antiforgery, FormClock formClock, IOptions<RequestOptions> options)
{
    /// <param name="photosLost">Photos came with a refused post: a browser cannot refill a file field, so the page asks for them again.</param>
    public IResult Render(HttpContext http, Business business, RequestInput? input, IReadOnlyDictionary<string, string> errors, int status = 200, bool photosLost = false)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = new StringBuilder();
        html.Append($"<h1>{E(business.Name)}</h1><p>Tell us what you need and we'll get back to you.</p>");
        if (errors.TryGetValue("form", out var formError)) html.Append($"""<p role="alert"><strong>{E(formError)}</strong></p>""");
        else if (errors.Count > 0) html.Append("""<p role="alert"><strong>Nothing was sent yet: please fix the fields marked below.</strong></p>""");
        html.Append($"""
            <form method="post" action="/request/{E(business.Slug)}" enctype="multipart/form-data" novalidate>
            <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
            <input type="hidden" name="t" value="{E(formClock.Stamp(business.Id))}">
            <div style="position:absolute;left:-10000px" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="{RequestFormEndpoints.Honeypot}" tabindex="-1" autocomplete="off"></div>
            """);
        Field(html, "name", "Your name", input?.Name, errors, "autocomplete=\"name\" required", RequestService.MaxName);
        Field(html, "phone", "Mobile number", input?.Phone, errors, "type=\"tel\" autocomplete=\"tel\" inputmode=\"tel\" required", 40);
        Field(html, "email", "Email (optional)", input?.Email, errors, "type=\"email\" autocomplete=\"email\"", RequestService.MaxEmail);
        Field(html, "address", "Address (optional)", input?.Address, errors, "autocomplete=\"street-address\"", RequestService.MaxAddress);
        if (RequestService.AsksForVehicle(business))
        {
            html.Append("<fieldset><legend>Your vehicle (optional)</legend>");
            Field(html, "vehicleYear", "Year", input?.VehicleYear, errors, "inputmode=\"numeric\"", 4);
            Field(html, "vehicleMake", "Make", input?.VehicleMake, errors, "", RequestService.MaxVehicleText);
            Field(html, "vehicleModel", "Model", input?.VehicleModel, errors, "", RequestService.MaxVehicleText);
            html.Append("</fieldset>");
        }
        var problemError = errors.GetValueOrDefault("problem");
        var photosError = errors.GetValueOrDefault("photos") ?? (photosLost ? "Please choose your photos again." : null);
        html.Append($"""
            <label for="problem">What's wrong or what do you need?</label>
            <textarea id="problem" name="problem" rows="5" maxlength="{RequestService.MaxProblem}" required{Described("problem", problemError)}>{E(input?.Problem)}</textarea>
            {Error("problem", problemError)}
            <label for="photos">Photos (optional, up to {RequestOptions.MaxPhotos}: JPEG, PNG or HEIC, each up to {E(Photos.Size(options.Value.MaxPhotoBytes))})</label>
            <input type="file" id="photos" name="{RequestFormEndpoints.PhotosField}" accept="image/*" multiple{Described("photos", photosError)}>
            {Error("photos", photosError)}
            <p><label class="check" style="font-weight:400;display:flex;gap:.5rem;align-items:flex-start"><input type="checkbox" id="sms-consent" name="smsConsent" value="yes" style="width:auto;margin-top:.3rem"{(input?.SmsConsent == true ? " checked" : "")}>
            <span>{E(RequestService.ConsentWording(business))}</span></label></p>
            <button type="submit">Send request</button>
            </form>
            <p class="muted">Prefer to talk? Call {E(Phone.Display(business.BusinessPhone))}.</p>
            """);
        return Html($"Request · {business.Name}", html.ToString(), status);
    }

    public IResult Thanks(Business business, RequestAccepted? accepted)
    {
        // A request refused as spam gets the same page without a reference: it tells a robot nothing.
        var how = accepted switch
        {
            null => "",
            { Texted: true } => " We've texted you a confirmation.",
            { Emailed: true } => " We've emailed you a confirmation.",
            _ => "",
        };
        var reference = accepted is null ? "" : $"<p>Your reference: <strong id=\"reference\">{E(accepted.Request.Reference)}</strong></p>";
        return Html($"Thank you · {business.Name}",
            $"""<h1>{E(business.Name)}</h1><p class="ok" role="status">Thank you: we got your request.{E(how)}</p>{reference}<p>We'll be in touch soon. To reach us sooner, call {E(Phone.Display(business.BusinessPhone))}.</p>""");
    }

    private static void Field(StringBuilder html, string name, string label, string? value, IReadOnlyDictionary<string, string> errors, string attributes, int max)
    {
        var error = errors.GetValueOrDefault(name);
        html.Append($"""
            <label for="{name}">{E(label)}</label>
            <input id="{name}" name="{name}" value="{E(value)}" maxlength="{max}" {attributes}{Described(name, error)}>
            {Error(name, error)}
            """);
    }

    private static string Described(string name, string? error) => error is null ? "" : $" aria-invalid=\"true\" aria-describedby=\"{name}-error\"";

    private static string Error(string name, string? error) => error is null ? "" : $"""<p class="field-error" id="{name}-error" style="color:#b3261e;margin:.25rem 0">{E(error)}</p>""";
}
