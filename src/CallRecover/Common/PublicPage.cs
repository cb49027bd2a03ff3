using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CallRecover.Common;

/// <summary>
/// Small server-rendered pages a customer opens from a link (payment, portal): mobile-first (390 px), one column,
/// readable contrast, real labels and buttons. Text is always HTML-encoded through <see cref="E"/>.
/// </summary>
public static class PublicPage
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>"$1,234.50" from integer cents; a discount reads "-$50.00", not "$-50.00".</summary>
    public static string Money(long cents, string currency = "usd") =>
        (cents < 0 ? "-" : "") + (currency.Equals("usd", StringComparison.OrdinalIgnoreCase) ? "$" : currency.ToUpperInvariant() + " ") +
        (Math.Abs(cents) / 100m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static IResult Html(string title, string body, int status = 200) =>
        TypedResults.Content(Layout(title, body), "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>The same page for every unknown, tampered, expired or revoked link: it reveals nothing.</summary>
    public static IResult NotFound() => Html("Link not found", "<h1>Link not found</h1><p>This link is not valid any more. Please ask the business for a new one.</p>", 404);

    public static string Layout(string title, string body) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{E(title)}}</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1a1a;line-height:1.45}
        main{max-width:40rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}
        section{background:#fff;border:1px solid #d5d8dc;border-radius:.5rem;padding:1rem;margin:1rem 0}
        table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.35rem 0;border-bottom:1px solid #e5e7ea}
        td.n,th.n{text-align:right}
        label{display:block;margin:.75rem 0 .25rem;font-weight:600}
        input,textarea,select{width:100%;box-sizing:border-box;font-size:1rem;padding:.6rem;border:1px solid #6b7075;border-radius:.35rem}
        button{font-size:1rem;padding:.75rem 1rem;border-radius:.35rem;border:0;background:#0b57d0;color:#fff;margin-top:.75rem;min-height:44px;width:100%}
        button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
        a.button{display:flex;align-items:center;justify-content:center;box-sizing:border-box;min-height:44px;padding:.75rem 1rem;border-radius:.35rem;background:#0b57d0;color:#fff;text-decoration:none;font-weight:600}
        fieldset.slots{border:0;margin:0;padding:0}fieldset.slots legend{font-weight:600;margin-bottom:.25rem}
        fieldset.slots label{display:flex;align-items:center;gap:.6rem;min-height:44px;margin:.4rem 0;padding:0 .75rem;border:1px solid #6b7075;border-radius:.35rem;font-weight:400;background:#fff}
        fieldset.slots input{width:1.25rem;height:1.25rem;margin:0;flex:none}
        .muted{color:#4a4f55}.ok{color:#0a6b2d;font-weight:600}
        </style>
        </head>
        <body><main>
        {{body}}
        </main></body>
        </html>
        """;

    /// <summary>A new random link token (256 bits, URL-safe) and the SHA-256 hex under which it is stored.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, HashToken(token));
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
