using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Notifications.Email;

public sealed class SmtpDeliveryTests
{
    private const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:x@test\r\nDTSTAMP:20260303T150000Z\r\nDTSTART:20260304T140000Z\r\nSUMMARY:Visit\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    private static Dictionary<string, string?> Smtp(FakeSmtpServer server, bool startTls = true, bool auth = true, string keepOpen = "00:00:15") => new()
    {
        ["Email:KeepOpen"] = keepOpen,
        ["Email:Host"] = "localhost",
        ["Email:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:User"] = auth ? "alerts@example.com" : null,
        ["Email:Password"] = auth ? "secret" : null,
        ["Email:From"] = "CallRecover Alerts <alerts@example.com>",
        ["Email:StartTls"] = startTls ? "true" : "false",
        ["Email:Timeout"] = "00:00:10",
        ["Queue:BaseBackoff"] = "00:00:00.050",
        ["Queue:MaxBackoff"] = "00:00:00.200",
    };

    /// <summary>The app, trusting exactly the fake server's self-signed certificate.</summary>
    private static WebApplicationFactory<Program> Start(AppFactory app, FakeSmtpServer server) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new SmtpTlsPolicy { Validate = server.Validate })));

    private static async Task<StoredEmail> QueueAsync(IServiceProvider services, string subject = "Booked ✓ – Müller, Tue Mar 3", bool attach = true)
    {
        var db = services.GetRequiredService<Db>();
        return await db.WriteAsync(tx => services.GetRequiredService<EmailOutbox>().QueueAsync(tx, new EmailMessage(
            "Owner@Example.com", subject, "Jane booked Tue Mar 3, 9–10am.\n.\nA line that starts with a dot above.", "notification",
            Attachments: attach ? [new EmailAttachment("appointment.ics", "text/calendar; charset=utf-8", Convert.ToBase64String(Encoding.UTF8.GetBytes(Ics)))] : null)));
    }

    private static async Task<StoredEmail> WaitForStatusAsync(IServiceProvider services, string id, params string[] statuses) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var conn = await services.GetRequiredService<Db>().OpenAsync();
            return await conn.QuerySingleAsync<StoredEmail>($"SELECT {EmailOutbox.Columns} FROM emails WHERE id = @id", new { id });
        }, e => statuses.Contains(e.Status), $"email status {string.Join("/", statuses)}");

    [Theory, DatabaseData]
    public async Task Email_ArrivesOverStartTlsWithAuth_WithTheIcsAttachedIntact(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = new FakeSmtpServer();
        await using var app = new AppFactory(db, settings: Smtp(server));
        await using var factory = Start(app, server);
        var services = factory.Services;

        var queued = await QueueAsync(services);
        var sent = await WaitForStatusAsync(services, queued.Id, "sent", "failed");

        sent.Status.ShouldBe("sent", sent.LastError);
        sent.SentAt.ShouldNotBeNull();
        var message = server.Messages.ShouldHaveSingleItem();
        message.Tls.ShouldBeTrue();
        message.AuthUser.ShouldBe("alerts@example.com");
        message.AuthPassword.ShouldBe("secret");
        message.From.ShouldBe("alerts@example.com");
        message.To.ShouldBe(["owner@example.com"]);
        // Credentials only ever travel after the TLS upgrade.
        var commands = server.Commands.ToList();
        commands.IndexOf("STARTTLS").ShouldBeLessThan(commands.FindIndex(c => c.StartsWith("AUTH", StringComparison.Ordinal)));

        var parsed = await Python.ParseEmailAsync(message.Data);
        parsed.GetProperty("defects").GetInt32().ShouldBe(0);
        parsed.GetProperty("subject").GetString().ShouldBe("Booked ✓ – Müller, Tue Mar 3");
        parsed.GetProperty("to").GetString().ShouldBe("owner@example.com");
        parsed.GetProperty("from").GetString().ShouldBe("CallRecover Alerts <alerts@example.com>");
        parsed.GetProperty("message_id").GetString().ShouldBe($"<{queued.Id}@example.com>");
        parsed.GetProperty("content_type").GetString().ShouldBe("multipart/mixed");
        var parts = parsed.GetProperty("parts").EnumerateArray().ToList();
        parts.Count.ShouldBe(2);
        parts[0].GetProperty("content_type").GetString().ShouldBe("text/plain");
        // Text travels with CRLF line ends (RFC 2046 canonical form); the parser hands them back as they came.
        parts[0].GetProperty("content").GetString()!.Replace("\r\n", "\n").ShouldContain("Jane booked Tue Mar 3, 9–10am.\n.\nA line that starts with a dot");
        parts[1].GetProperty("content_type").GetString().ShouldBe("text/calendar");
        parts[1].GetProperty("filename").GetString().ShouldBe("appointment.ics");
        parts[1].GetProperty("disposition").GetString().ShouldBe("attachment");
        parts[1].GetProperty("content").GetString()!.Replace("\r\n", "\n").ShouldBe(Ics.Replace("\r\n", "\n"));
    }

    [Theory, DatabaseData]
    public async Task Email_StaysInTheLocalOutbox_WhenNoSmtpHost_AndTheSimulatorListsIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db);
        var queued = await QueueAsync(app.Services);

        var stored = await WaitForStatusAsync(app.Services, queued.Id, "outbox");

        stored.SentAt.ShouldBeNull();
        var outbox = await app.CreateClient().GetFromJsonAsync<JsonElement>("/simulator/api/outbox?to=owner@example.com");
        var email = outbox.EnumerateArray().ShouldHaveSingleItem();
        email.GetProperty("id").GetString().ShouldBe(queued.Id);
        email.GetProperty("status").GetString().ShouldBe("outbox");
        email.GetProperty("subject").GetString().ShouldBe("Booked ✓ – Müller, Tue Mar 3");
        var attachment = email.GetProperty("attachments").EnumerateArray().ShouldHaveSingleItem();
        attachment.GetProperty("fileName").GetString().ShouldBe("appointment.ics");
        attachment.GetProperty("content").GetString().ShouldBe(Ics);
    }

    [Fact]
    public async Task OutboxApi_IsNotServed_WhenRealEmailIsOn()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new FakeSmtpServer();
        await using var app = new AppFactory(db, settings: Smtp(server));
        var response = await app.CreateClient().GetAsync("/simulator/api/outbox");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Email_RetriesOnTheQueue_AfterATemporaryFailure_AndArrivesOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = new FakeSmtpServer(temporaryDataFailures: 2);
        await using var app = new AppFactory(db, settings: Smtp(server));
        await using var factory = Start(app, server);

        var queued = await QueueAsync(factory.Services);
        var sent = await WaitForStatusAsync(factory.Services, queued.Id, "sent", "failed");

        sent.Status.ShouldBe("sent");
        server.DataAttempts.ShouldBe(3);
        server.Messages.Count.ShouldBe(1);
        var work = await factory.Services.GetRequiredService<WorkQueue>().ListAsync(kind: EmailOutbox.SendKind);
        work.ShouldHaveSingleItem().Attempts.ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task Email_PermanentRejection_MarksItFailed_WithoutRetrying(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = new FakeSmtpServer(rejectRecipientWith: 550);
        await using var app = new AppFactory(db, settings: Smtp(server));
        await using var factory = Start(app, server);

        var queued = await QueueAsync(factory.Services);
        var failed = await WaitForStatusAsync(factory.Services, queued.Id, "failed", "sent");

        failed.Status.ShouldBe("failed");
        failed.LastError!.ShouldContain("550");
        server.Messages.ShouldBeEmpty();
        var item = (await factory.Services.GetRequiredService<WorkQueue>().ListAsync(kind: EmailOutbox.SendKind)).ShouldHaveSingleItem();
        await Eventually.WaitAsync(async () => (await factory.Services.GetRequiredService<WorkQueue>().ListAsync(kind: EmailOutbox.SendKind))[0].Status == "dead", "dead item");
        item.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task Email_IsNeverSentInClearText_WhenStartTlsIsRequiredButNotOffered()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new FakeSmtpServer(offerStartTls: false);
        await using var app = new AppFactory(db, settings: Smtp(server));
        await using var factory = Start(app, server);

        var queued = await QueueAsync(factory.Services);
        var failed = await WaitForStatusAsync(factory.Services, queued.Id, "failed", "sent");

        failed.LastError!.ShouldContain("STARTTLS");
        server.Messages.ShouldBeEmpty();
        server.Commands.ShouldNotContain(c => c.StartsWith("AUTH", StringComparison.Ordinal) || c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Email_GoesToAPlainRelay_WhenStartTlsIsOffAndNoCredentials()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new FakeSmtpServer(offerStartTls: false, offerAuth: false);
        await using var app = new AppFactory(db, settings: Smtp(server, startTls: false, auth: false));

        var queued = await QueueAsync(app.Services, subject: "Plain subject", attach: false);
        (await WaitForStatusAsync(app.Services, queued.Id, "sent", "failed")).Status.ShouldBe("sent");

        var message = server.Messages.ShouldHaveSingleItem();
        message.Tls.ShouldBeFalse();
        message.AuthUser.ShouldBeNull();
        var parsed = await Python.ParseEmailAsync(message.Data);
        parsed.GetProperty("content_type").GetString().ShouldBe("text/plain");
        parsed.GetProperty("subject").GetString().ShouldBe("Plain subject");
    }

    [Theory, DatabaseData]
    public async Task TheBookingIcs_ArrivesAsTextCalendarMethodPublish_ByteForByte_AndICalendarReadsIt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = new FakeSmtpServer();
        await using var app = new AppFactory(db, settings: Smtp(server));
        await using var factory = Start(app, server);
        var services = factory.Services;
        // Folded, non-ASCII and CRLF-terminated, as the booking's file is.
        var ics = Ics.Replace("SUMMARY:Visit\r\n", "SUMMARY:Besuch bei José Müller – Klimaanlage\r\nDTEND:20260304T150000Z\r\nDESCRIPTION:" + new string('x', 60) + "\r\n " + new string('é', 30) + "\r\n",
            StringComparison.Ordinal);

        var queued = await services.GetRequiredService<Db>().WriteAsync(tx => services.GetRequiredService<EmailOutbox>().QueueAsync(tx, new EmailMessage(
            "owner@example.com", "Appointment booked", "Jane booked.", "notification", HtmlBody: "<p>Jane <b>booked</b>.</p>",
            Attachments: [new EmailAttachment("appointment.ics", CallRecover.Booking.CalendarFile.EmailContentType, Convert.ToBase64String(Encoding.UTF8.GetBytes(ics)))])));
        (await WaitForStatusAsync(services, queued.Id, "sent", "failed")).Status.ShouldBe("sent");

        var parsed = await Python.ParseEmailAsync(server.Messages.ShouldHaveSingleItem().Data);
        parsed.GetProperty("defects").GetInt32().ShouldBe(0);
        var parts = parsed.GetProperty("parts").EnumerateArray().ToList();
        parts.Select(p => p.GetProperty("content_type").GetString()).ShouldBe(["text/plain", "text/html", "text/calendar"]);
        parts[1].GetProperty("content").GetString()!.ShouldContain("<p>Jane <b>booked</b>.</p>");
        var calendar = parts[2];
        calendar.GetProperty("method").GetString().ShouldBe("PUBLISH");
        calendar.GetProperty("transfer_encoding").GetString().ShouldBe("base64");
        calendar.GetProperty("filename").GetString().ShouldBe("appointment.ics");
        var arrived = calendar.GetProperty("content").GetString()!;
        arrived.ShouldBe(ics);
        (await Python.ParseIcsAsync(arrived)).GetProperty("summary").GetString().ShouldBe("Besuch bei José Müller – Klimaanlage");
    }

    [Theory, DatabaseData]
    public async Task EmailsDueTogether_ShareOneConnection_WithOneTlsUpgradeAndOneLogin(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = new FakeSmtpServer();
        await using var app = new AppFactory(db, settings: Smtp(server, keepOpen: "00:01:00"));
        await using var factory = Start(app, server);
        var services = factory.Services;

        var ids = new List<string>();
        for (var i = 0; i < 4; i++) ids.Add((await QueueAsync(services, subject: $"Email {i}", attach: i % 2 == 0)).Id);
        foreach (var id in ids) (await WaitForStatusAsync(services, id, "sent", "failed")).Status.ShouldBe("sent");

        server.Messages.Count.ShouldBe(4);
        server.Messages.ShouldAllBe(m => m.Tls && m.AuthUser == "alerts@example.com");
        server.Connections.ShouldBe(1);
        server.Commands.Count(c => c == "STARTTLS").ShouldBe(1);
        server.Commands.Count(c => c.StartsWith("AUTH", StringComparison.Ordinal)).ShouldBe(1);
        server.Commands.Count(c => c.StartsWith("MAIL FROM:", StringComparison.Ordinal)).ShouldBe(4);
    }

    [Theory, DatabaseData]
    public async Task AKeptConnection_TheServerDropped_IsReplaced_AndTheNextEmailGoesOnTheFirstAttempt(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var server = new FakeSmtpServer();
        await using var app = new AppFactory(db, settings: Smtp(server, keepOpen: "00:01:00"));
        await using var factory = Start(app, server);
        var services = factory.Services;
        var first = await QueueAsync(services, subject: "First");
        (await WaitForStatusAsync(services, first.Id, "sent", "failed")).Status.ShouldBe("sent");

        server.DropConnections();
        var second = await QueueAsync(services, subject: "Second");
        var sent = await WaitForStatusAsync(services, second.Id, "sent", "failed");

        sent.Status.ShouldBe("sent", sent.LastError);
        sent.LastError.ShouldBeNull();
        server.Connections.ShouldBe(2);
        server.Messages.Select(m => m.Connection).ShouldBe([1, 2]);
        server.Messages.ShouldAllBe(m => m.Tls && m.AuthUser == "alerts@example.com");
        var work = await services.GetRequiredService<WorkQueue>().ListAsync(kind: EmailOutbox.SendKind);
        work.ShouldAllBe(w => w.Attempts == 1);
    }

    [Fact]
    public async Task TheKeptConnection_IsClosedWithQuit_OnceItHasBeenIdleForKeepOpen()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new FakeSmtpServer();
        await using var app = new AppFactory(db, settings: Smtp(server, keepOpen: "00:00:00.300"));
        await using var factory = Start(app, server);
        var queued = await QueueAsync(factory.Services);
        (await WaitForStatusAsync(factory.Services, queued.Id, "sent", "failed")).Status.ShouldBe("sent");

        await Eventually.WaitAsync(() => Task.FromResult(server.Commands.Contains("QUIT")), "QUIT after the idle time");

        var again = await QueueAsync(factory.Services, subject: "Later");
        (await WaitForStatusAsync(factory.Services, again.Id, "sent", "failed")).Status.ShouldBe("sent");
        server.Connections.ShouldBe(2);
    }

    [Fact]
    public async Task Email_ArrivesOverImplicitTls_WithAuth_AndNoStartTls()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new FakeSmtpServer(implicitTls: true);
        var settings = Smtp(server, startTls: false);
        settings["Email:ImplicitTls"] = "true";
        await using var app = new AppFactory(db, settings: settings);
        await using var factory = Start(app, server);

        var queued = await QueueAsync(factory.Services);
        (await WaitForStatusAsync(factory.Services, queued.Id, "sent", "failed")).Status.ShouldBe("sent");

        var message = server.Messages.ShouldHaveSingleItem();
        message.Tls.ShouldBeTrue();
        message.AuthUser.ShouldBe("alerts@example.com");
        message.AuthPassword.ShouldBe("secret");
        server.Commands.ShouldNotContain("STARTTLS");
    }

    [Fact]
    public async Task Auth_UsesLogin_WhenThatIsAllTheServerOffers()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new FakeSmtpServer(authMechanisms: "LOGIN");
        await using var app = new AppFactory(db, settings: Smtp(server));
        await using var factory = Start(app, server);

        var queued = await QueueAsync(factory.Services);
        (await WaitForStatusAsync(factory.Services, queued.Id, "sent", "failed")).Status.ShouldBe("sent");

        var message = server.Messages.ShouldHaveSingleItem();
        (message.AuthUser, message.AuthPassword).ShouldBe(("alerts@example.com", "secret"));
        server.Commands.ShouldContain(c => c.StartsWith("AUTH LOGIN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWrongPassword_FailsTheEmailForGood_WithoutSendingIt()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new FakeSmtpServer();
        var settings = Smtp(server);
        settings["Email:Password"] = "wrong";
        await using var app = new AppFactory(db, settings: settings);
        await using var factory = Start(app, server);

        var queued = await QueueAsync(factory.Services);
        var failed = await WaitForStatusAsync(factory.Services, queued.Id, "failed", "sent");

        failed.LastError!.ShouldContain("AUTH");
        server.Messages.ShouldBeEmpty();
        server.Commands.ShouldNotContain(c => c.StartsWith("MAIL", StringComparison.Ordinal));
        await Eventually.WaitAsync(async () => (await factory.Services.GetRequiredService<WorkQueue>().ListAsync(kind: EmailOutbox.SendKind))[0].Status == "dead", "dead item");
    }

    [Theory]
    [InlineData("Email:StartTls", "false", "Email:StartTls must be true when Email:User is set")]
    [InlineData("Email:Port", "70000", "Email:Port 70000")]
    [InlineData("Email:From", "not an address", "Email:From")]
    [InlineData("Email:Password", "", "Email:User and Email:Password must be set together")]
    public void Startup_Stops_NamingTheKey_WhenEmailSettingsAreBad(string key, string value, string message)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Host"] = "smtp.example.com", ["Email:User"] = "u", ["Email:Password"] = "p", [key] = value,
        }).Build();
        // The same registration the app uses: bound, validated on start.
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging();
        services.AddEmail();
        using var provider = services.BuildServiceProvider();

        var ex = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        ex.Message.ShouldContain(message);
    }
}
