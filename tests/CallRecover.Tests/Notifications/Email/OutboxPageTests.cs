using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Notifications.Email;

public sealed class OutboxPageTests
{
    [Theory, DatabaseData]
    public async Task SimulatorPage_HasTheEmailOutbox_WhichListsQueuedEmails(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Carrier:Provider"] = "simulator" });
        var client = app.CreateClient();

        var page = await client.GetStringAsync("/simulator");
        page.ShouldContain("data-testid=\"email-outbox\"");
        page.ShouldContain("/simulator/api/outbox");

        await app.Service<Db>().WriteAsync(tx => app.Service<EmailOutbox>().QueueAsync(tx, new EmailMessage("owner@example.com", "<b>Booked</b>", "body", "notification")));
        await Eventually.WaitAsync(async () => (await client.GetStringAsync("/simulator/api/outbox")).Contains("\"status\":\"outbox\"", StringComparison.Ordinal), "the outbox");
    }
}
