using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CallRecover.Telephony;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Telephony;

/// <summary>
/// Ten thousand malformed carrier webhooks, signed (a valid signature for the mutated form) and unsigned, over real
/// HTTP to every <c>/webhook/*</c> route. Every request carries at least one defect that must get it refused (a bad or
/// missing signature, a NUL or control character, a SID or text over its bound, a body over the size limit, too many
/// fields, a content type that is not a form, a truncated or badly framed body, a missing id, a number or business
/// that is not ours); on top of that each gets random noise (extra fields, odd unicode, non-phone numbers, duplicates).
/// No answer may be a 5xx, nothing may be stored, and the server may log no error. Seeded, so a failure repeats.
/// </summary>
public sealed class WebhookFuzzTests
{
    private const int Requests = 10_000;
    private const int Seed = 20_261_203;
    private const string Caller = "+19045550142";

    [Theory, DatabaseData]
    public async Task TenThousandMalformedWebhooks_GetNo5xx_AndStoreNothing(string provider)
    {
        // The per-IP webhook limit (RateLimits:WebhooksPerIp) would answer most of these 429 from one loopback address.
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" }, kestrel: true);
        var business = await h.BusinessAsync();
        var routes = h.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/webhook/", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        routes.ShouldBe(["/webhook/sms/incoming", "/webhook/sms/status", "/webhook/voice/call-completed", "/webhook/voice/incoming",
            "/webhook/voice/recording", "/webhook/voice/screen", "/webhook/voice/status",
            "/webhook/voice/gather", "/webhook/voice/relay-ended", "/webhook/voice/transfer-ended", "/webhook/voice/whisper"], ignoreOrder: true);

        var fuzzer = new Fuzzer(business, routes, h.Token);
        var statuses = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        // The client waits for the server's answer to Expect: 100-continue as long as it takes on a loaded machine: on a timeout it would
        // send the body anyway and meet the 413's closed connection (a broken pipe, not a server fault).
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
            { BaseAddress = h.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var c = fuzzer.Build(i);
            int status;
            try
            {
                status = c.Raw is not null ? await SendRawAsync(client.BaseAddress!, c.Raw, c.HalfClose, ct) : await SendAsync(client, c, ct);
            }
            catch (Exception ex) when ((ex is HttpRequestException or IOException or SocketException) && c.MayLoseAnswer)
            {
                status = -1; // the server refused mid-upload and closed: no answer to judge (its log is checked below)
            }
            catch (Exception ex)
            {
                failures.Enqueue($"#{i} {c}: {ex.GetType().Name} {ex.Message} {ex.InnerException?.Message} {ex.InnerException?.InnerException?.Message}");
                return;
            }
            statuses.AddOrUpdate($"{c.Route} {status}", 1, (_, n) => n + 1);
            if (status >= 500) failures.Enqueue($"#{i} {c}: {status}");
        });
        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"{Requests} requests in {watch.Elapsed.TotalSeconds:F1} s; defects: "
            + string.Join(", ", fuzzer.DefectCounts.OrderBy(d => d.Key).Select(d => $"{d.Key} {d.Value}")));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}")));

        var errors = h.App.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        failures.Count.ShouldBe(0, string.Join("\n", failures.Concat(errors).Take(20).Select(f => f.Length > 400 ? f[..400] + "…" : f)));
        foreach (var table in new[] { "calls", "call_events", "messages", "leads", "conversations", "recordings", "sms_status_events", "webhook_receipts", "voice_sessions", "voice_turns" })
            (await h.ScalarAsync<int>($"SELECT COUNT(*) FROM {table}")).ShouldBe(0, $"{table} after {Requests} invalid webhooks");
        errors.ShouldBeEmpty();
        // Every kind of defect was tried, and refused in the way its kind is refused.
        statuses.Keys.ShouldContain(k => k.EndsWith(" 413", StringComparison.Ordinal));
        statuses.Keys.ShouldContain(k => k.EndsWith(" 415", StringComparison.Ordinal));
        statuses.Keys.ShouldContain(k => k.EndsWith(" 403", StringComparison.Ordinal));
        statuses.Keys.ShouldContain(k => k.EndsWith(" 400", StringComparison.Ordinal));
        fuzzer.DefectCounts.Count.ShouldBe(Enum.GetValues<Defect>().Length);

        // The forms the fuzzer starts from are real ones: unmutated, they are accepted and stored.
        (await h.PostAsync("/webhook/voice/incoming", TelephonyHarness.CallForm(business, Caller, "CAfuzzcontrol"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.TextAsync(business, Caller, "hello after the fuzz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await h.CountAsync("calls", business.Id)).ShouldBe(1);
        (await h.CountAsync("messages", business.Id)).ShouldBeGreaterThanOrEqualTo(1);
    }

    private static async Task<int> SendAsync(HttpClient client, FuzzCase c, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, c.PathAndQuery) { Content = c.Content };
        // One connection per request: whatever happens to a connection is then this request's doing, not a neighbour's.
        request.Headers.ConnectionClose = true;
        // Large bodies ask first, as HTTP clients do for uploads: a refusal then arrives before the body is sent.
        if (c.ExpectContinue || c.Content?.Headers.ContentLength > 32 * 1024) request.Headers.ExpectContinue = true;
        if (c.Signature is not null) request.Headers.TryAddWithoutValidation(c.SignatureHeader, c.Signature);
        using var response = await client.SendAsync(request, ct);
        return (int)response.StatusCode;
    }

    /// <summary>
    /// Bytes the HTTP client would never send (a body shorter than its Content-Length, bad chunk framing). A body that
    /// leaves the server waiting for more is followed by closing our side, as a client that gives up mid-upload does.
    /// </summary>
    private static async Task<int> SendRawAsync(Uri server, byte[] raw, bool halfClose, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(raw, ct);
        if (halfClose) tcp.Client.Shutdown(SocketShutdown.Send);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[512];
        var read = 0;
        try
        {
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), timeout.Token) is var n and > 0) read += n;
        }
        catch (IOException) { /* closed after (or instead of) answering */ }
        var head = Encoding.ASCII.GetString(buffer, 0, read);
        // "HTTP/1.1 400 Bad Request": no answer at all is allowed (the server may just close a broken request).
        return head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(head.AsSpan(9, 3), out var status) ? status : -1;
    }

    public enum Defect
    {
        Unsigned, WrongKey, SignedOtherValues, SignedOtherUrl, GarbageSignature, ControlCharacter, LongSid, LongBody, Oversized,
        OversizedChunked, ManyFields, NotAForm, Truncated, BadChunks, MissingId, NotOurs, GarbageBody, LongQuery, NulInQuery,
    }

    public sealed record FuzzCase(string Route, string PathAndQuery, string Defects)
    {
        public HttpContent? Content { get; init; }
        public byte[]? Raw { get; init; }
        public bool HalfClose { get; init; }
        public string? Signature { get; init; }
        public string SignatureHeader { get; init; } = CarrierWebhook.TwilioHeader;
        public bool ExpectContinue { get; init; }
        public bool MayLoseAnswer { get; init; }

        public override string ToString() => $"{PathAndQuery} [{Defects}]";
    }

    private sealed class Fuzzer(Business business, IReadOnlyList<string> routes, string key)
    {
        private static readonly string[] SidNames = ["CallSid", "MessageSid", "SmsSid", "SmsMessageSid", "RecordingSid", "AccountSid", "ParentCallSid", "DialCallSid"];
        private static readonly string[] NoiseNames =
        [
            "FromCity", "FromState", "FromZip", "FromCountry", "ToCity", "CallerName", "ForwardedFrom", "StirVerstat", "AddOns", "NumSegments",
            "MediaUrl0", "MediaContentType0", "SequenceNumber", "Timestamp", "Direction", "ApiVersion", "callbackSource", "Body ", "body", "CALLSID",
            "", "ü", "\U0001F4DE", "a[b]", "x.y", "__proto__", "'", "%", "&",
        ];
        private static readonly string[] NoiseValues =
        [
            "", " ", "   \t ", "null", "undefined", "0", "-1", "99999999999999999999", "NaN", "true", "'; DROP TABLE calls; --", "<script>alert(1)</script>",
            "%00", "\\0", "{\"a\":1}", "\U0001F600\U0001F4A9", "مرحبا", "\u202Etxt.exe", "e\u0301", "\uFEFF", "\u00A0", "+1 (904) 555-0134",
            "sip:someone@example.com", "client:alice", "anonymous", "266696687", "1e308", "\r\n\r\nHTTP/1.1 200 OK", "%%%%", "a=b&c=d",
        ];
        private static readonly string[] NotPhones = ["not-a-number<script>", "", "anonymous", "sip:1234@example.com", "+1234", "12345", "+1 904 555 01345", "\U0001F4DE", "0"];
        private static readonly char[] Controls = [.. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c)];

        public ConcurrentDictionary<Defect, int> DefectCounts { get; } = new();

        public FuzzCase Build(int index)
        {
            var rnd = new Random(Seed + index * 7919);
            var route = routes[rnd.Next(routes.Count)];
            var (query, form) = BaseForm(route, rnd);
            AddNoise(route, rnd, form);

            var defects = new HashSet<Defect>();
            var all = Enum.GetValues<Defect>();
            var wanted = 1 + (rnd.Next(4) == 0 ? rnd.Next(1, 3) : 0);
            while (defects.Count < wanted)
            {
                var d = all[rnd.Next(all.Length)];
                // Transport-level defects replace the whole request: one of them is enough.
                if (IsTransport(d) && defects.Any(IsTransport)) continue;
                defects.Add(d);
            }
            foreach (var d in defects) DefectCounts.AddOrUpdate(d, 1, (_, n) => n + 1);

            foreach (var d in defects)
            {
                switch (d)
                {
                    case Defect.ControlCharacter:
                        var at = rnd.Next(form.Count);
                        var control = Controls[rnd.Next(Controls.Length)].ToString();
                        var (k, v) = form[at];
                        form[at] = rnd.Next(5) == 0 ? (Insert(k, control, rnd), v) : (k, Insert(v, control, rnd));
                        break;
                    case Defect.LongSid:
                        Set(form, SidNames[rnd.Next(SidNames.Length)], "XX" + RandomAlnum(rnd, rnd.Next(63, rnd.Next(3) == 0 ? 5000 : 200)));
                        break;
                    case Defect.LongBody:
                        Set(form, "Body", RandomText(rnd, rnd.Next(1601, 6000)));
                        break;
                    case Defect.ManyFields:
                        var extra = rnd.Next(1025, 2500);
                        for (var n = 0; n < extra; n++) form.Add(($"f{n}", rnd.Next(3) == 0 ? "" : "1"));
                        break;
                    case Defect.MissingId:
                        form.RemoveAll(p => p.Key is "CallSid" or "MessageSid" or "SmsSid" or "RecordingSid");
                        break;
                    case Defect.NotOurs:
                        query = NotOurs(route, rnd, form, query);
                        break;
                    case Defect.LongQuery:
                        query += (query.Length == 0 ? "?" : "&") + "call=" + RandomAlnum(rnd, rnd.Next(129, 6000));
                        break;
                    case Defect.NulInQuery:
                        query += (query.Length == 0 ? "?" : "&") + (rnd.Next(2) == 0 ? "call" : "business") + "=ab%00cd";
                        break;
                }
            }

            var pathAndQuery = route + query;
            var pairs = form.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList();
            var label = string.Join("+", defects.Order());
            var signature = Sign(rnd, defects, route, pathAndQuery, pairs);
            var header = rnd.Next(4) == 0 ? (rnd.Next(2) == 0 ? CarrierWebhook.SignalWireHeader : "x-twilio-signature") : CarrierWebhook.TwilioHeader;
            var contentType = "application/x-www-form-urlencoded" + (rnd.Next(6) switch
            {
                0 => "; charset=utf-8",
                1 => "; charset=UTF-8",
                2 when rnd.Next(4) == 0 => "; charset=utf-16",
                3 when rnd.Next(4) == 0 => "; charset=bogus-9",
                _ => "",
            });

            if (defects.Contains(Defect.Truncated) || defects.Contains(Defect.BadChunks))
            {
                var (raw, halfClose) = RawRequest(rnd, defects.Contains(Defect.Truncated), pathAndQuery, Encode(pairs), signature, contentType);
                return new FuzzCase(route, pathAndQuery, label) { Raw = raw, HalfClose = halfClose };
            }
            if (defects.Contains(Defect.Oversized))
            {
                var size = rnd.Next(40) == 0 ? 31L * 1024 * 1024 : rnd.NextInt64(64 * 1024 + 1, 5L * 1024 * 1024);
                return new FuzzCase(route, pathAndQuery, label)
                {
                    Content = new PaddedForm(Encode(pairs), size, contentType, chunked: false), Signature = signature, SignatureHeader = header, ExpectContinue = true,
                };
            }
            if (defects.Contains(Defect.OversizedChunked))
                return new FuzzCase(route, pathAndQuery, label)
                {
                    Content = new PaddedForm(Encode(pairs), rnd.Next(64 * 1024 + 1, 512 * 1024), contentType, chunked: true), Signature = signature, SignatureHeader = header,
                    MayLoseAnswer = true,
                };
            if (defects.Contains(Defect.NotAForm))
                return new FuzzCase(route, pathAndQuery, label) { Content = NotAForm(rnd, pairs), Signature = signature, SignatureHeader = header };
            if (defects.Contains(Defect.GarbageBody))
            {
                var bytes = new byte[rnd.Next(0, 4000)];
                rnd.NextBytes(bytes);
                if (rnd.Next(2) == 0) bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, rnd.Next(1, 300)).Select(_ => "%=&+;"[rnd.Next(5)] + (rnd.Next(3) == 0 ? "zz" : ""))));
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                return new FuzzCase(route, pathAndQuery, label) { Content = content, Signature = rnd.Next(2) == 0 ? null : "c2lnbmF0dXJl", SignatureHeader = header };
            }
            var form64 = new ByteArrayContent(Encode(pairs));
            form64.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return new FuzzCase(route, pathAndQuery, label) { Content = form64, Signature = signature, SignatureHeader = header };
        }

        private static bool IsTransport(Defect d) =>
            d is Defect.Oversized or Defect.OversizedChunked or Defect.NotAForm or Defect.Truncated or Defect.BadChunks or Defect.GarbageBody;

        private (string Query, List<(string Key, string Value)> Form) BaseForm(string route, Random rnd)
        {
            var sid = "CA" + RandomHex(rnd, 32);
            List<(string, string)> call = [("CallSid", sid), ("AccountSid", FakeCarrier.AccountSid), ("From", Caller), ("To", business.CarrierNumber!),
                ("CallStatus", "ringing"), ("Direction", "inbound"), ("ApiVersion", "2010-04-01")];
            var unknownCall = RandomHex(rnd, 26);
            return route switch
            {
                "/webhook/voice/incoming" => ("", call),
                "/webhook/voice/call-completed" => ($"?call={unknownCall}", [.. call, ("DialCallStatus", "no-answer"), ("DialCallSid", "CA" + RandomHex(rnd, 32))]),
                "/webhook/voice/status" => ($"?call={unknownCall}", [("CallSid", sid), ("CallStatus", "completed"), ("SequenceNumber", "3"), ("CallDuration", "12")]),
                "/webhook/voice/screen" => ($"?call={unknownCall}&step={(rnd.Next(2) == 0 ? "gather" : "answer")}", [("CallSid", sid), ("Digits", "1"), ("AnsweredBy", "human")]),
                // The voice receptionist's turns: a call that is not ours, as a carrier would name it.
                "/webhook/voice/gather" => ($"?call={unknownCall}&turn={rnd.Next(0, 30)}{(rnd.Next(3) == 0 ? "&silent=1" : "")}",
                    [.. call, ("SpeechResult", "my AC is not cooling"), ("Confidence", "0.9")]),
                "/webhook/voice/relay-ended" => ($"?call={unknownCall}", [.. call, ("HandoffData", "{\"reason\":\"transfer\"}")]),
                "/webhook/voice/transfer-ended" => ($"?call={unknownCall}", [.. call, ("DialCallStatus", rnd.Next(2) == 0 ? "completed" : "no-answer")]),
                "/webhook/voice/whisper" => ($"?call={unknownCall}", [("CallSid", sid), ("From", business.CarrierNumber!), ("To", business.OwnerPhone)]),
                "/webhook/sms/incoming" => ("", [("MessageSid", "SM" + RandomHex(rnd, 32)), ("AccountSid", FakeCarrier.AccountSid), ("From", Caller),
                    ("To", business.CarrierNumber!), ("Body", "Hi, my AC is broken"), ("NumMedia", "0")]),
                "/webhook/sms/status" => ("", [("MessageSid", "SM" + RandomHex(rnd, 32)), ("MessageStatus", "delivered"), ("From", business.CarrierNumber!), ("To", Caller)]),
                "/webhook/voice/recording" => ($"?business={business.Id}&kind=voicemail", [("RecordingSid", "RE" + RandomHex(rnd, 32)), ("CallSid", sid),
                    ("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"), ("RecordingStatus", "completed"), ("RecordingDuration", "14")]),
                _ => ("", call),
            };
        }

        private static void AddNoise(string route, Random rnd, List<(string Key, string Value)> form)
        {
            var count = rnd.Next(0, 5);
            for (var n = 0; n < count; n++)
            {
                switch (rnd.Next(6))
                {
                    case 0:
                        form.Add((NoiseNames[rnd.Next(NoiseNames.Length)], NoiseValues[rnd.Next(NoiseValues.Length)]));
                        break;
                    case 1:
                        form.Add((RandomText(rnd, rnd.Next(1, 20)), RandomText(rnd, rnd.Next(0, 200))));
                        break;
                    case 2 when route != "/webhook/sms/status":
                        // A caller id that is not a phone number: stored as withheld, never as the raw text.
                        Set(form, "From", NotPhones[rnd.Next(NotPhones.Length)]);
                        break;
                    case 3 when form.Count > 0:
                        form.Add(form[rnd.Next(form.Count)]);
                        break;
                    case 4 when form.Count > 1:
                        var i = rnd.Next(form.Count);
                        var j = rnd.Next(form.Count);
                        (form[i], form[j]) = (form[j], form[i]);
                        break;
                    default:
                        form.Add(("Digits", rnd.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        break;
                }
            }
        }

        /// <summary>Makes the request point at nobody we serve: a number or business or message that is not ours.</summary>
        private static string NotOurs(string route, Random rnd, List<(string Key, string Value)> form, string query)
        {
            switch (route)
            {
                case "/webhook/voice/recording":
                    return $"?business={RandomHex(rnd, 26)}&kind=voicemail";
                case "/webhook/sms/status":
                    Set(form, "From", rnd.Next(2) == 0 ? "+12025550" + rnd.Next(100, 999) : NotPhones[rnd.Next(NotPhones.Length)]);
                    return query;
                case "/webhook/voice/status" or "/webhook/voice/screen" or "/webhook/voice/gather" or "/webhook/voice/relay-ended" or "/webhook/voice/transfer-ended"
                    or "/webhook/voice/whisper":
                    return $"?call={RandomHex(rnd, 26)}";
                default:
                    Set(form, "To", rnd.Next(2) == 0 ? "+12025550" + rnd.Next(100, 999) : NotPhones[rnd.Next(NotPhones.Length)]);
                    return query;
            }
        }

        private string? Sign(Random rnd, HashSet<Defect> defects, string route, string pathAndQuery, List<KeyValuePair<string, string>> pairs)
        {
            var url = TelephonyHarness.PublicBaseUrl + pathAndQuery;
            if (defects.Contains(Defect.Unsigned)) return null;
            if (defects.Contains(Defect.WrongKey)) return WebhookSignature.Compute(url, pairs, "not-" + key);
            if (defects.Contains(Defect.GarbageSignature))
                return rnd.Next(3) switch { 0 => "", 1 => new string('A', rnd.Next(1, 400)), _ => Convert.ToBase64String(Guid.NewGuid().ToByteArray()) };
            if (defects.Contains(Defect.SignedOtherUrl))
            {
                var other = routes[(routes.ToList().IndexOf(route) + 1 + rnd.Next(routes.Count - 1)) % routes.Count];
                return WebhookSignature.Compute(TelephonyHarness.PublicBaseUrl + other, pairs, key);
            }
            if (defects.Contains(Defect.SignedOtherValues))
            {
                var altered = pairs.ToList();
                if (altered.Count == 0) altered.Add(new("CallSid", "CA1"));
                var i = rnd.Next(altered.Count);
                altered[i] = new(altered[i].Key, altered[i].Value + "1");
                return WebhookSignature.Compute(url, altered, key);
            }
            // Validly signed: only the other defects must get it refused.
            return WebhookSignature.Compute(url, pairs, key);
        }

        private static HttpContent NotAForm(Random rnd, List<KeyValuePair<string, string>> pairs)
        {
            switch (rnd.Next(6))
            {
                case 0:
                    // A well-formed multipart form with the same (signed) fields.
                    var multipart = new MultipartFormDataContent();
                    foreach (var (k, v) in pairs.Where(p => p.Key.Length > 0 && p.Key.All(char.IsAsciiLetterOrDigit)))
                        multipart.Add(new StringContent(v), k);
                    return multipart;
                case 1:
                    var broken = new ByteArrayContent(Encoding.UTF8.GetBytes("--abc\r\nContent-Disposition: form-data; name=\"CallSid\"\r\n\r\nCA1\r\n--ab"));
                    broken.Headers.TryAddWithoutValidation("Content-Type", rnd.Next(3) switch
                    {
                        0 => "multipart/form-data; boundary=",
                        1 => "multipart/form-data",
                        _ => "multipart/form-data; boundary=" + new string('b', rnd.Next(71, 300)),
                    });
                    return broken;
                case 2:
                    return new StringContent(string.Join("&", pairs.Select(p => p.Key + "=" + p.Value)), Encoding.UTF8, "text/plain");
                case 3:
                    return new StringContent("{\"CallSid\":\"CA1\",\"Body\":\"hi\"}", Encoding.UTF8, "application/json");
                case 4:
                    var none = new ByteArrayContent(Encode(pairs));
                    none.Headers.ContentType = null;
                    return none;
                default:
                    var odd = new ByteArrayContent(Encode(pairs));
                    odd.Headers.TryAddWithoutValidation("Content-Type", rnd.Next(2) == 0 ? "application/xml" : "application/x-www-form-urlencodedx");
                    return odd;
            }
        }

        private static (byte[] Raw, bool HalfClose) RawRequest(Random rnd, bool truncated, string pathAndQuery, byte[] body, string? signature, string contentType)
        {
            var head = new StringBuilder()
                .Append("POST ").Append(pathAndQuery).Append(" HTTP/1.1\r\nHost: localhost\r\nContent-Type: ").Append(contentType).Append("\r\n");
            if (signature is not null) head.Append(CarrierWebhook.TwilioHeader).Append(": ").Append(signature).Append("\r\n");
            byte[] payload;
            bool waitsForMore;
            if (truncated)
            {
                // Announces more than it sends, then closes its side.
                head.Append("Content-Length: ").Append(body.Length + rnd.Next(1, 2000)).Append("\r\n\r\n");
                payload = body[..rnd.Next(0, body.Length + 1)];
                waitsForMore = true;
            }
            else
            {
                head.Append("Transfer-Encoding: chunked\r\n\r\n");
                var kind = rnd.Next(3);
                var size = kind switch { 0 => "zz", 1 => "FFFFFFFFFFFFFFFFFF", _ => (body.Length + 10).ToString("x", System.Globalization.CultureInfo.InvariantCulture) };
                payload = [.. Encoding.ASCII.GetBytes(size + "\r\n"), .. body, .. Encoding.ASCII.GetBytes(rnd.Next(2) == 0 ? "\r\n0\r\n\r\n" : "\r\nxyz")];
                // A chunk longer than the bytes sent leaves the server waiting; a bad size line is refused at once.
                waitsForMore = kind == 2;
            }
            return ([.. Encoding.ASCII.GetBytes(head.ToString()), .. payload], waitsForMore);
        }

        private static byte[] Encode(List<KeyValuePair<string, string>> pairs) =>
            Encoding.ASCII.GetBytes(string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));

        private static void Set(List<(string Key, string Value)> form, string name, string value)
        {
            form.RemoveAll(p => p.Key == name);
            form.Add((name, value));
        }

        private static string Insert(string s, string c, Random rnd) => s.Insert(rnd.Next(s.Length + 1), c);

        private static string RandomHex(Random rnd, int length) => string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[rnd.Next(16)]));

        private static string RandomAlnum(Random rnd, int length) =>
            string.Create(length, rnd, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + r.Next(26)); });

        /// <summary>Printable text across scripts (no control characters: those are a defect of their own).</summary>
        private static string RandomText(Random rnd, int length)
        {
            var sb = new StringBuilder(length);
            while (sb.Length < length)
            {
                switch (rnd.Next(10))
                {
                    case 0: sb.Append("\U0001F600"); break;
                    case 1: sb.Append((char)rnd.Next(0x4E00, 0x9FFF)); break;
                    case 2: sb.Append((char)rnd.Next(0x0600, 0x06FF)); break;
                    case 3: sb.Append("<>&'\"%+=;"[rnd.Next(9)]); break;
                    default: sb.Append((char)rnd.Next(0x20, 0x7F)); break;
                }
            }
            return sb.ToString(0, Math.Min(sb.Length, length));
        }
    }

    /// <summary>A form whose last field is padded to <c>size</c> bytes, written lazily (so a refused upload costs nothing).</summary>
    private sealed class PaddedForm : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly long _size;
        private readonly bool _chunked;

        public PaddedForm(byte[] form, long size, string contentType, bool chunked)
        {
            _prefix = [.. form, .. "&Pad="u8];
            _size = Math.Max(size, _prefix.Length);
            _chunked = chunked;
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_prefix);
            var block = new byte[64 * 1024];
            Array.Fill(block, (byte)'x');
            for (var left = _size - _prefix.Length; left > 0; left -= block.Length)
                await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _size;
            return !_chunked;
        }
    }
}
