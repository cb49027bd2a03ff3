using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using CallRecover.Api;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Hosting;

/// <summary>
/// 10,000 malformed requests across every route the app maps (read from its <see cref="EndpointDataSource"/>, so a new
/// route is covered without touching this test), as an anonymous client would send them — plus a real API token for
/// <c>/api/v1</c>, so bad input reaches those handlers. Bad JSON, wrong content types, empty and large bodies, bad form
/// fields, odd unicode, bad ids and tokens, wrong methods. Not one may answer 5xx, and no table may gain a row.
/// Real HTTP (Kestrel on loopback: its body limits and parsing), rate limits off (they would answer most with 429).
/// </summary>
public sealed class FuzzTests
{
    private const int Requests = 10_000;

    /// <summary>Tables a refused request may still write: bookkeeping, never a customer's data.</summary>
    private static readonly HashSet<string> Bookkeeping =
    [
        "schema_migrations", "work_items", "queue_nodes", "scheduled_tasks", "sign_in_requests", "data_protection_keys",
        "audit_log", "daily_metrics", "metrics_watermarks",
    ];

    [Theory, DatabaseData]
    public async Task TenThousandMalformedRequests_NoServerError_NothingStored(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false",
            ["Requests:MaxPostsPerIp"] = "10000",
            // The workers would only add noise to the row counts; nothing a refused request does may need them.
            ["Queue:Enabled"] = "false",
        });
        var baseUrl = app.StartKestrel();
        var business = await app.CreateBusinessAsync();
        var token = (await app.Service<ApiTokens>().CreateAsync(business.Id, new ApiTokens.Input("fuzz", [.. ApiScopes.All]), "test")).Secret;

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .Where(r => r.Pattern.RawText is not null)
            .ToList();
        routes.Count.ShouldBeGreaterThan(100);
        foreach (var prefix in new[] { "/p/", "/request/", "/webhook/", "/api/v1/", "/auth/", "/pay/", "/webhooks/stripe" })
            routes.ShouldContain(r => ("/" + r.Pattern.RawText!.TrimStart('/')).StartsWith(prefix, StringComparison.Ordinal), $"a route under {prefix}");

        static bool IsGuarded(RoutePattern p) => p.RawText!.TrimStart('/').StartsWith("api/admin", StringComparison.Ordinal)
            || p.RawText!.TrimStart('/').StartsWith("api/dashboard", StringComparison.Ordinal);
        var guarded = routes.Where(r => IsGuarded(r.Pattern)).ToList();
        var open = routes.Where(r => !IsGuarded(r.Pattern)).ToList();

        var before = await CountsAsync(db);
        var failures = await SendAsync(baseUrl, Requests, random =>
        {
            // Most requests to the routes anyone may call; some to the guarded ones (operator key, dashboard cookie).
            var pool = guarded.Count > 0 && random.Next(6) == 0 ? guarded : open;
            var (pattern, methods) = pool[random.Next(pool.Count)];
            return Malformed.Request(random, pattern, methods, business.Slug ?? "none", business.Id, token);
        });

        failures.ShouldBeEmpty(string.Join("\n", failures.Take(40)));
        var after = await CountsAsync(db);
        after.Where(t => before[t.Key] != t.Value).Select(t => $"{t.Key}: {before[t.Key]} → {t.Value}").ShouldBeEmpty("rows were added");
    }

    /// <summary>
    /// The same malformed input with the credentials of the guarded routes (the operator key on <c>/api/admin</c>, a
    /// signed-in owner's cookie on <c>/api/dashboard</c>), so it reaches their handlers: still never a 5xx. Rows may
    /// change here (the caller is allowed to), so only the answers are checked.
    /// </summary>
    [Theory, DatabaseData]
    public async Task MalformedRequestsWithCredentials_ToTheOperatorAndDashboardApis_NoServerError(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // Signed in on another node of the same database (the test host's clients cannot follow the sign-in over Kestrel).
        Business business;
        string cookie;
        await using (var signer = new AppFactory(db))
        {
            business = await signer.CreateBusinessAsync();
            cookie = await CallRecover.Tests.Dashboard.DashboardTestKit.SignInCookieAsync(signer, business.OwnerEmail);
        }
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false", ["Queue:Enabled"] = "false" });
        var baseUrl = app.StartKestrel();
        var guarded = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/') is { } raw && (raw.StartsWith("api/admin", StringComparison.Ordinal) || raw.StartsWith("api/dashboard", StringComparison.Ordinal)))
            .Select(e => (Pattern: e.RoutePattern, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .ToList();
        guarded.Count.ShouldBeGreaterThan(50);
        var failures = await SendAsync(baseUrl, 3_000, random =>
        {
            var (pattern, methods) = guarded[random.Next(guarded.Count)];
            var request = Malformed.Request(random, pattern, methods, business.Slug ?? "none", business.Id, "");
            request.Headers.Remove("Authorization");
            if (request.RequestUri!.OriginalString.StartsWith("/api/admin", StringComparison.Ordinal))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.OperatorKey);
            else request.Headers.Add("Cookie", cookie);
            return request;
        });
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(40)));
    }

    /// <summary>Sends <paramref name="count"/> requests, 8 at a time, each made from its own seed; returns every 5xx or broken connection.</summary>
    private static async Task<List<string>> SendAsync(string baseUrl, int count, Func<Random, HttpRequestMessage> make)
    {
        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 8 })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30),
        };
        var started = DateTime.UtcNow;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = make(new Random(i));
                var what = $"{request.Method} {request.RequestUri} [body {Malformed.LastBody.Value}, seed {i}]";
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} {what}");
                    return;
                }
                // A server that answers before reading a large body closes that connection; the pool may already have
                // handed it to the next request, and with 8 at a time the next connection it picks may be closing too.
                // Sent again up to twice; a request broken three times in a row is a failure.
                catch (HttpRequestException) when (attempt < 3)
                {
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"connection error {ex.Message} {ex.InnerException?.Message} {what}");
                    return;
                }
            }
        });
        TestContext.Current.SendDiagnosticMessage($"{count} requests in {(DateTime.UtcNow - started).TotalSeconds:0.0} s: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        return [.. failures];
    }

    /// <summary>Row counts of every table but the bookkeeping ones (new tables are covered by themselves).</summary>
    private static async Task<Dictionary<string, long>> CountsAsync(TestDatabase db)
    {
        await using var conn = await db.Db.OpenAsync();
        var tables = db.Provider == TestDatabase.Sqlite
            ? await conn.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            : await conn.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
        var counts = new Dictionary<string, long>();
        foreach (var table in tables.Where(t => !Bookkeeping.Contains(t) && !t.StartsWith("customer_search", StringComparison.Ordinal)))
            counts[table] = await conn.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        counts.Count.ShouldBeGreaterThan(40);
        return counts;
    }

    /// <summary>The malformed requests: each a pure function of its seed, so a failure can be replayed.</summary>
    private static class Malformed
    {
        public static readonly AsyncLocal<string> LastBody = new();

        private static readonly string[] Ids =
        [
            "0", "-1", "99999999999999999999", "x", "null", "undefined", "%00", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "%F0%9F%94%A5",
            "' OR 1=1 --", "<script>", "%FF%FE", "a%20b", new string('a', 300), "00000000000000000000000000000000",
            "crk_" + new string('Z', 43), "%C3%A9t%C3%A9", "1e309", "NaN", "true", "[]", "{}",
            // Well-formed but far off (found by probing the running product: the last day of 9999 overflowed adding a day,
            // a cost in the quintillions overflowed its cents).
            "9999-12-31", "0001-01-01", "-2026-01-01", "9999-12", "0001-01", "9999-12-31T23:59:59Z", "100000000000000000", "-100000000000000000",
        ];

        private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

        private static readonly string[] Unicode =
        [
            "\u202Eevil\u202C", "\u200B\u200B", "e\u0301\u0301\u0301", "🔥💥🧨", "\uFEFF", "ＡＢＣ", "\u0000nul", "Ω≈ç√∫", "מספר", "名前",
            "\uD83D", "line\r\nbreak", "%", "&", "=", "+1 (904) 555-01𝟑𝟒",
        ];

        private static readonly string[] Fields =
        [
            "name", "phone", "email", "address", "problem", "vehicleYear", "smsConsent", "t", "website", "token", "__RequestVerificationToken",
            "From", "To", "Body", "CallSid", "MessageSid", "CallStatus", "RecordingUrl", "RecordingSid", "RecordingDuration", "Digits",
            "date", "time", "slot", "reason", "signature", "signerName", "email", "leadId", "stage", "text", "body", "limit", "cursor",
            "from", "to", "month", "start", "before", "monthlyCost", "amount", "price", "quantity", "averageJobValue",
        ];

        public static HttpRequestMessage Request(Random r, RoutePattern pattern, IReadOnlyList<string> methods, string slug, string businessId, string token)
        {
            var method = r.Next(8) == 0 ? Methods[r.Next(Methods.Length)] : methods[r.Next(methods.Count)];
            var path = new StringBuilder();
            foreach (var segment in pattern.PathSegments)
            {
                path.Append('/');
                foreach (var part in segment.Parts)
                    path.Append(part switch
                    {
                        RoutePatternLiteralPart l => l.Content,
                        RoutePatternSeparatorPart s => s.Content,
                        RoutePatternParameterPart p => Value(r, p.Name, slug, businessId),
                        _ => "",
                    });
            }
            if (path.Length == 0) path.Append('/');
            if (r.Next(3) == 0) path.Append('?').Append(Query(r));
            var request = new HttpRequestMessage(new HttpMethod(method), path.ToString());
            if (path.ToString().StartsWith("/api/v1", StringComparison.Ordinal) && r.Next(4) != 0)
                request.Headers.TryAddWithoutValidation("Authorization", r.Next(6) == 0 ? "Bearer " + Ids[r.Next(Ids.Length)] : "Bearer " + token);
            else if (r.Next(10) == 0)
                request.Headers.TryAddWithoutValidation("Authorization", r.Next(2) == 0 ? "Bearer" : "Basic %%%");
            if (r.Next(3) == 0) request.Headers.TryAddWithoutValidation("Accept", r.Next(2) == 0 ? "text/html" : "*/*;q=bogus");
            if (r.Next(12) == 0) request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
            if (r.Next(12) == 0) request.Headers.TryAddWithoutValidation("Stripe-Signature", "t=" + r.Next() + ",v1=" + new string('0', 64));
            if (method is not ("GET" or "HEAD" or "OPTIONS") || r.Next(10) == 0) request.Content = Body(r);
            // A large body waits for the server's go-ahead, as a careful client's would: a server that refuses it
            // unread then answers without the client writing into a connection it is closing.
            if (request.Content?.Headers.ContentLength > 64 * 1024) request.Headers.ExpectContinue = true;
            else LastBody.Value = "none";
            return request;
        }

        private static string Value(Random r, string name, string slug, string businessId) => (name, r.Next(4)) switch
        {
            ("slug", 0) => slug,
            ("businessId", not 3) => businessId,
            ("token", 0) => new string('A', 43),
            ("phone", 0) => "%2B19045550134",
            _ => Ids[r.Next(Ids.Length)],
        };

        private static string Query(Random r)
        {
            var parts = new List<string>();
            for (var i = r.Next(1, 5); i > 0; i--)
                parts.Add($"{Uri.EscapeDataString(Fields[r.Next(Fields.Length)])}={(r.Next(2) == 0 ? Ids[r.Next(Ids.Length)] : Uri.EscapeDataString(Unicode[r.Next(Unicode.Length)].Replace("\uD83D", "x")))}");
            if (r.Next(4) == 0) parts.Add("from=not-a-date&to=2026-13-45T99:99&limit=-5&period=forever&start=%FF");
            if (r.Next(4) == 0) parts.Add(r.Next(3) switch
            {
                0 => "from=9999-12-31&start=9999-12-31&month=9999-12&date=9999-12-31",
                1 => "to=9999-12-31&from=-2026-01-01&month=0001-01&start=0001-01-01",
                _ => "from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&period=year&start=9999-01-01",
            });
            return string.Join("&", parts);
        }

        private static HttpContent Body(Random r)
        {
            var kind = r.Next(14);
            LastBody.Value = kind.ToString();
            return kind switch
            {
                0 => Json("{\"name\":"),
                1 => Json(r.Next(4) switch { 0 => "[]", 1 => "null", 2 => "\"text\"", _ => "42" }),
                2 => Json("{\"name\":{\"nested\":[1,2,{}]},\"phone\":12,\"scopes\":\"all\",\"stage\":[],\"lines\":[{\"qty\":-1e400}],\"at\":\"2026-02-30T25:61\"}"),
                3 => Json(new string('[', 5000) + new string(']', 5000)),
                4 => new StringContent(new string('x', 300_000), Encoding.UTF8, "application/json"),
                5 => new ByteArrayContent([]) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/json") } },
                6 => Form(r),
                7 => new ByteArrayContent([0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x80, (byte)'=', (byte)'%', 0xE2, 0x82])
                    { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded") } },
                8 => new StringContent("--x\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n\r\nnot a jpeg\r\n",
                    Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x") } },
                9 => new StringContent("<xml><a>1</a></xml>", Encoding.UTF8, "application/xml"),
                10 => new StringContent("name=" + Unicode[r.Next(Unicode.Length)], Encoding.UTF8, "text/plain"),
                11 => new StringContent("a=%%%&=&&b=%ZZ&" + new string('k', 3000) + "=1", Encoding.UTF8, "application/x-www-form-urlencoded"),
                12 => Multipart(r),
                _ => Json("{\"" + Fields[r.Next(Fields.Length)] + "\":\"" + Unicode[r.Next(Unicode.Length)].Replace("\"", "") + "\",\"extra\":" + new string('9', 400) + "}"),
            };
        }

        private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

        private static FormUrlEncodedContent Form(Random r)
        {
            var fields = new List<KeyValuePair<string, string>>();
            for (var i = r.Next(1, 12); i > 0; i--)
                fields.Add(new(Fields[r.Next(Fields.Length)], r.Next(5) switch
                {
                    0 => Unicode[r.Next(Unicode.Length)].Replace("\uD83D", "?"),
                    1 => new string('z', r.Next(1, 20_000)),
                    2 => "",
                    3 => Ids[r.Next(Ids.Length)],
                    _ => "+1904555" + r.Next(1000, 9999),
                }));
            return new FormUrlEncodedContent(fields);
        }

        private static MultipartFormDataContent Multipart(Random r)
        {
            var content = new MultipartFormDataContent();
            content.Add(new StringContent(Unicode[r.Next(Unicode.Length)].Replace("\uD83D", "?")), Fields[r.Next(Fields.Length)]);
            var bytes = new byte[r.Next(0, 4096)];
            r.NextBytes(bytes);
            content.Add(new ByteArrayContent(bytes), "photos", r.Next(2) == 0 ? "../../x.jpg" : "photo\u202Egpj.exe");
            return content;
        }
    }
}
