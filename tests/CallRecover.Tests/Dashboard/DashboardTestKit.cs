using System.Net;
using System.Text.RegularExpressions;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Dashboard;

/// <summary>Signs in through the real magic-link flow and seeds the rows other capabilities would write.</summary>
public static partial class DashboardTestKit
{
    /// <summary>
    /// A client that keeps cookies like a browser but ignores their expiry: tests run the app on a fake clock,
    /// so a cookie can carry an expiry date that is already past on the real clock.
    /// </summary>
    public static HttpClient Browser(this AppFactory app, string baseAddress = "http://localhost") =>
        app.CreateDefaultClient(new Uri(baseAddress), new CookieJar());

    private sealed class CookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            lock (_cookies)
                if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                lock (_cookies)
                    foreach (var header in set)
                    {
                        var pair = header.Split(';')[0];
                        var eq = pair.IndexOf('=', StringComparison.Ordinal);
                        var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                        var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                        if (expired || value.Length == 0) _cookies.Remove(name);
                        else _cookies[name] = value;
                    }
            return response;
        }
    }

    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var m = TokenInput().Match(html);
        if (!m.Success) throw new InvalidOperationException($"No anti-forgery token on {url}.");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string tokenFrom, params (string Key, string Value)[] fields)
    {
        var token = await client.AntiforgeryTokenAsync(tokenFrom);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>Asks for a link by the login form and returns the token from the emailed link.</summary>
    public static async Task<string> RequestLinkTokenAsync(this AppFactory app, HttpClient client, string email)
    {
        // Only sign-in emails: owner notifications go to the same address by email too.
        async Task<List<StoredEmail>> LinksAsync() => [.. (await app.Service<EmailOutbox>().RecentAsync(email)).Where(m => m.Purpose == "login_link")];
        var before = (await LinksAsync()).Count;
        var response = await client.PostFormAsync("/auth/link", "/login", ("email", email));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/login?sent=1");
        // The link is minted and emailed by a queued work item (the request does the same work for every address).
        var emails = await Eventually.WaitAsync(LinksAsync, e => e.Count > before, "the sign-in email");
        emails.Count.ShouldBe(before + 1, "one sign-in email per request");
        return TokenFromEmail(emails[0].TextBody);
    }

    public static string TokenFromEmail(string body) =>
        LinkToken().Match(body) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No sign-in link in the email.");

    /// <summary>Signs <paramref name="email"/> in and returns the sign-in cookie as <c>name=value</c>, for a client of one's own.</summary>
    public static async Task<string> SignInCookieAsync(this AppFactory app, string email)
    {
        var client = app.Browser();
        var token = await app.RequestLinkTokenAsync(client, email);
        var verify = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        return verify.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callrecover_auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>The full flow: request a link, open it, confirm; the client then carries the sign-in cookie.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this AppFactory app, string email)
    {
        var client = app.Browser();
        var token = await app.RequestLinkTokenAsync(client, email);
        var response = await client.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldNotContain("error");
        return client;
    }

    /// <summary>The owner invites Sam (sam@example.com) as staff; Sam opens the emailed link; the client carries Sam's cookie.</summary>
    public static async Task<HttpClient> SignedInStaffAsync(this AppFactory app, CallRecover.Tenancy.Business business)
    {
        (await app.Service<CallRecover.Jobs.Team>().InviteAsync(business, new CallRecover.Jobs.InviteInput("sam@example.com", "Sam", "staff", null), "owner")).Ok.ShouldBeTrue();
        var staff = app.Browser();
        var token = TokenFromEmail((await app.Service<EmailOutbox>().RecentAsync("sam@example.com")).ShouldHaveSingleItem().TextBody);
        await staff.PostFormAsync("/auth/verify", $"/login/link?token={token}", ("token", token));
        return staff;
    }

    public sealed record SeededThread(string CallId, string LeadId, string ConversationId, string Phone);

    /// <summary>A missed call that became a conversation: call, lead, conversation, greeting and (optionally) the caller's reply.</summary>
    public static async Task<SeededThread> SeedMissedCallThreadAsync(Db db, string businessId, DateTimeOffset at, bool callerReplied = true,
        string leadStatus = "contacted", string? phone = null)
    {
        phone ??= TestBusinesses.UniquePhone();
        var t = new SeededThread(Ids.New(), Ids.New(), Ids.New(), phone);
        await db.WriteAsync(async tx =>
        {
            var c = tx.Connection;
            var business = await c.QuerySingleAsync<string>("SELECT carrier_number FROM businesses WHERE id = @businessId", new { businessId }, tx.Transaction);
            await c.ExecuteAsync("""
                INSERT INTO calls (id, business_id, call_sid, caller_phone, status, dial_status, duration_seconds, after_hours, created_at, updated_at)
                VALUES (@CallId, @businessId, @sid, @Phone, 'missed', 'no-answer', NULL, FALSE, @at, @at)
                """, new { t.CallId, businessId, sid = "CA" + Ids.New(), t.Phone, at }, tx.Transaction);
            await c.ExecuteAsync("""
                INSERT INTO leads (id, business_id, phone, name, urgency, status, source, field_confidence, cannot_text, created_at, updated_at)
                VALUES (@LeadId, @businessId, @Phone, NULL, 'unknown', @leadStatus, 'missed_call', '{}', FALSE, @at, @at)
                """, new { t.LeadId, businessId, t.Phone, leadStatus, at }, tx.Transaction);
            await c.ExecuteAsync("""
                INSERT INTO conversations (id, business_id, lead_id, call_id, phone, status, follow_up_count, qualification, needs_human, emergency, created_at, updated_at)
                VALUES (@ConversationId, @businessId, @LeadId, @CallId, @Phone, 'active', 0, '{}', FALSE, FALSE, @at, @at)
                """, new { t.ConversationId, businessId, t.LeadId, t.CallId, t.Phone, at }, tx.Transaction);
            await InsertMessageAsync(tx, businessId, t.ConversationId, "outbound", "ai", business, t.Phone, "Sorry we missed your call! Reply STOP to opt out.", "delivered", at);
            if (callerReplied)
                await InsertMessageAsync(tx, businessId, t.ConversationId, "inbound", "caller", t.Phone, business, "My AC is broken", "received", at.AddMinutes(1));
        });
        return t;
    }

    public static Task InsertMessageAsync(DbTx tx, string businessId, string conversationId, string direction, string sender, string from, string to,
        string body, string status, DateTimeOffset at) =>
        tx.Connection.ExecuteAsync("""
            INSERT INTO messages (id, business_id, conversation_id, direction, sender, purpose, to_phone, from_phone, body, status, created_at, updated_at)
            VALUES (@id, @businessId, @conversationId, @direction, @sender, NULL, @to, @from, @body, @status, @at, @at)
            """, new { id = Ids.New(), businessId, conversationId, direction, sender, to, from, body, status, at }, tx.Transaction);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex(@"/login/link\?token=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkToken();
}
