using System.Net.Sockets;
using System.Text;
using CallRecover.Data;
using CallRecover.Portal;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Reports;
using Dapper;

namespace CallRecover.Tests.CommonFolder;

/// <summary>
/// HEAD gets what GET gets — status and headers, no body — on real HTTP (Kestrel on loopback, read off the socket so a
/// body sent by mistake would show): public pages, the portal, calendar files, protected pages, unknown paths.
/// </summary>
public sealed class HeadRequestTests
{
    private sealed record Raw(int Status, Dictionary<string, string> Headers, byte[] Body);

    /// <summary>One request on its own connection (Connection: close), everything the server sent read back.</summary>
    private static async Task<Raw> SendAsync(string baseUrl, string method, string path, string accept = "text/html")
    {
        var uri = new Uri(baseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var stream = tcp.GetStream();
        var request = $"{method} {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var all = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.CopyToAsync(all, timeout.Token);
        var bytes = all.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        end.ShouldBeGreaterThan(0, $"{method} {path}: no complete head");
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var before) ? $"{before}, {value}" : value;
        }
        return new Raw(int.Parse(lines[0].Split(' ')[1]), headers, bytes[(end + 4)..]);
    }

    /// <summary>HEAD answers as GET does: the same status and the same headers that say what the body is, and no body.</summary>
    private static async Task<Raw> HeadLikeGetAsync(string baseUrl, string path, string accept = "text/html")
    {
        var get = await SendAsync(baseUrl, "GET", path, accept);
        var head = await SendAsync(baseUrl, "HEAD", path, accept);
        head.Status.ShouldBe(get.Status, path);
        head.Body.Length.ShouldBe(0, path);
        foreach (var name in new[] { "Content-Type", "Location", "Cache-Control", "Content-Disposition", "Content-Security-Policy", "X-Frame-Options", "WWW-Authenticate" })
            head.Headers.GetValueOrDefault(name).ShouldBe(get.Headers.GetValueOrDefault(name), $"{path} {name}");
        // The length the app set (a file, a page); Kestrel adds "Content-Length: 0" itself to an empty GET answer but not to
        // a HEAD one, where it would claim the resource is empty.
        if (get.Headers.TryGetValue("Content-Length", out var length) && length != "0") head.Headers.GetValueOrDefault("Content-Length").ShouldBe(length, path);
        return head;
    }

    [Theory, DatabaseData]
    public async Task Head_AnswersAsGet_WithTheSameStatusAndHeaders_AndNoBody(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var baseUrl = app.StartKestrel();
        var business = await app.CreateBusinessAsync();

        // Public pages.
        (await HeadLikeGetAsync(baseUrl, "/login")).Status.ShouldBe(200);
        (await HeadLikeGetAsync(baseUrl, "/login", accept: "*/*")).Status.ShouldBe(200); // curl -I
        (await HeadLikeGetAsync(baseUrl, "/health/live", accept: "*/*")).Status.ShouldBe(200);

        // Protected pages and APIs: HEAD gets what GET gets unsigned in, never the page.
        var calls = await HeadLikeGetAsync(baseUrl, "/calls");
        calls.Status.ShouldBeOneOf(302, 401);
        (await HeadLikeGetAsync(baseUrl, "/", accept: "text/html")).Status.ShouldBe(calls.Status);
        (await HeadLikeGetAsync(baseUrl, "/api/dashboard/overview", accept: "application/json")).Status.ShouldBe(401);
        (await HeadLikeGetAsync(baseUrl, $"/api/admin/businesses/{business.Id}", accept: "application/json")).Status.ShouldBe(401);

        // Unknown paths, and a path that takes only POST, answer as their GET does.
        (await HeadLikeGetAsync(baseUrl, "/no-such-page")).Status.ShouldBe(404);
        (await HeadLikeGetAsync(baseUrl, "/no-such-page", accept: "*/*")).Status.ShouldBe(404);
        (await HeadLikeGetAsync(baseUrl, "/webhook/sms/incoming", accept: "*/*")).Status.ShouldBeGreaterThanOrEqualTo(400);

        // A customer's portal link and an appointment's calendar file (links sent by text and email).
        var kit = new ReportsTestKit(db.Db, business.Id);
        var phone = TestBusinesses.UniquePhone();
        var leadId = await kit.LeadAsync(phone, DateTimeOffset.UtcNow);
        var (_, url) = (await app.Service<PortalService>().CreateForLeadAsync(business.Id, leadId, "test"))!.Value;
        var portal = await HeadLikeGetAsync(baseUrl, new Uri(url).PathAndQuery);
        portal.Status.ShouldBe(200);
        portal.Headers["Content-Type"].ShouldStartWith("text/html");
        (await HeadLikeGetAsync(baseUrl, "/p/no-such-token")).Status.ShouldBe(404);

        var visitId = await kit.VisitAsync(leadId, DateTimeOffset.UtcNow);
        await using (var conn = await app.Service<Db>().OpenAsync())
        {
            var token = await conn.ExecuteScalarAsync<string>("SELECT ics_token FROM appointments WHERE id = @visitId", new { visitId });
            var ics = await HeadLikeGetAsync(baseUrl, $"/appointments/{token}.ics", accept: "*/*");
            ics.Status.ShouldBe(200);
            ics.Headers["Content-Type"].ShouldStartWith("text/calendar");
            int.Parse(ics.Headers["Content-Length"]).ShouldBeGreaterThan(0);
        }
        (await HeadLikeGetAsync(baseUrl, "/appointments/no-such-token.ics", accept: "*/*")).Status.ShouldBe(404);
    }
}
