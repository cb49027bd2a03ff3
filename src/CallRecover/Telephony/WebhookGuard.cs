using CallRecover.Common;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace CallRecover.Telephony;

/// <summary>
/// Bounds every request to <c>/webhook/*</c> before anything parses, verifies or stores it. The signature can only be
/// checked once the form is read, so everything here runs for anonymous callers too: an oversized body is refused
/// before it is read (413), a form that does not parse or carries what no carrier sends is a 400 naming the field,
/// anything but a URL-encoded form a 415 — and never a 500.
/// </summary>
public static class WebhookGuard
{
    public const string PathPrefix = "/webhook";

    /// <summary>
    /// The largest body accepted: 64 KB. A carrier's form is a few KB (a Twilio voice webhook with caller-location and
    /// STIR/SHAKEN fields is about 2 KB, a text with ten media URLs about 4 KB); 64 KB leaves room for add-on results,
    /// while Kestrel's default (30 MB) would let anyone make us buffer megabytes per request before the signature check.
    /// </summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Form fields per request: carriers send a few dozen.</summary>
    public const int MaxFields = 256;

    /// <summary>Any <c>…Sid</c> field: Twilio SIDs are 34 characters, SignalWire's UUIDs 36.</summary>
    public const int MaxSidLength = 64;

    /// <summary>Any <c>…Status</c> field: a word such as <c>no-answer</c> (stored as sent on calls and status events).</summary>
    public const int MaxStatusLength = 64;

    /// <summary>A text's <c>Body</c>: at most 1600 characters (ten segments), as carriers deliver them.</summary>
    public const int MaxTextLength = 1600;

    /// <summary>A query value: the callback URLs we hand the carrier carry our own ids (32 characters) and short words.</summary>
    public const int MaxQueryValueLength = 128;

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = MaxFields,
        KeyLengthLimit = 256,
        ValueLengthLimit = MaxBodyBytes,
        BufferBodyLengthLimit = MaxBodyBytes,
        MultipartBodyLengthLimit = MaxBodyBytes,
    };

    public static IApplicationBuilder UseWebhookGuard(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PathPrefix), branch => branch.Use(GuardAsync));

    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (await CheckAsync(context) is { } refusal)
        {
            await DrainAsync(context);
            await refusal.ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>
    /// Reads what is left of a small refused body before answering. Closing a socket with unread data makes the kernel
    /// reset the connection, and the client may then lose the 4xx (and any request it already sent behind it).
    /// Bodies over the limit are not read: Kestrel stops at <see cref="MaxBodyBytes"/> and closes.
    /// </summary>
    private static async Task DrainAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes) return;
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Over the limit, badly framed or gone: nothing more to read.
        }
    }

    /// <summary>Null when the request may go on to its webhook (which then checks the signature); otherwise the refusal.</summary>
    public static async Task<IResult?> CheckAsync(HttpContext context)
    {
        var request = context.Request;
        // Kestrel stops reading at this size (413); the test host has no such feature and relies on the checks below.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max) max.MaxRequestBodySize = MaxBodyBytes;

        foreach (var (name, values) in request.Query)
            foreach (var value in values)
            {
                if (!CleanText.IsClean(name) || !CleanText.IsClean(value ?? "")) return Bad(name, "contains a control character");
                if ((value ?? "").Length > MaxQueryValueLength) return Bad(name, $"is longer than {MaxQueryValueLength} characters");
            }
        if (!HttpMethods.IsPost(request.Method)) return null; // routing answers 405

        if (request.ContentLength > MaxBodyBytes) return TooLarge();
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not a form",
                detail: "Carrier webhooks are application/x-www-form-urlencoded.");

        // Kept in memory (at most MaxBodyBytes), so a form the framework refuses can be read again to name the bad field.
        request.EnableBuffering(bufferThreshold: MaxBodyBytes, bufferLimit: MaxBodyBytes);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(Limits, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException or DecoderFallbackException or FormatException)
        {
            // Too many fields, a key or value over its limit or with characters the reader refuses (NUL), a truncated or
            // badly framed body, undecodable text.
            return await NameTheBadFieldAsync(request, context.RequestAborted)
                ?? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad webhook", detail: "The form could not be read: " + ex.Message);
        }

        foreach (var (name, values) in form)
            foreach (var value in values)
            {
                var v = value ?? "";
                if (!CleanText.IsClean(name) || !CleanText.IsClean(v)) return Bad(name, "contains a control character");
                if (name.EndsWith("Sid", StringComparison.Ordinal) && v.Length > MaxSidLength) return Bad(name, $"is longer than {MaxSidLength} characters");
                if (name.EndsWith("Status", StringComparison.Ordinal) && v.Length > MaxStatusLength) return Bad(name, $"is longer than {MaxStatusLength} characters");
                if (name == "Body" && v.Length > MaxTextLength) return Bad(name, $"is longer than {MaxTextLength} characters");
            }
        return null;
    }

    /// <summary>After the form reader refused the body: the first field whose name or value is not clean, when one is.</summary>
    private static async Task<IResult?> NameTheBadFieldAsync(HttpRequest request, CancellationToken ct)
    {
        string raw;
        try
        {
            await request.Body.CopyToAsync(Stream.Null, ct); // the rest, so the buffer holds the whole body
            request.Body.Position = 0;
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            raw = await reader.ReadToEndAsync(ct);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
        foreach (var pair in raw.Split('&'))
        {
            var eq = pair.IndexOf('=');
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (!CleanText.IsClean(name) || !CleanText.IsClean(value)) return Bad(CleanText.IsClean(name) ? name : "(a field name)", "contains a control character");
        }
        return null;

        static string Decode(string s) => System.Net.WebUtility.UrlDecode(s);
    }


    private static IResult Bad(string field, string problem) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad webhook",
        detail: $"The field '{field}' {problem}.", extensions: new Dictionary<string, object?> { ["field"] = field });

    private static IResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
        detail: $"A carrier webhook is at most {MaxBodyBytes / 1024} KB.");
}
