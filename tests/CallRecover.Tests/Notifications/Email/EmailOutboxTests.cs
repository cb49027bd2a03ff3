using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Tests.Infrastructure;
using Dapper;

namespace CallRecover.Tests.Notifications.Email;

public sealed class EmailOutboxTests
{
    [Theory, DatabaseData]
    public async Task QueueOnce_StoresTheKey_AndARerunReturnsTheSameEmail_WhilePlainQueueLeavesNoKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new AppFactory(db, settings: new Dictionary<string, string?> { ["Queue:Enabled"] = "false" });
        var b = await app.CreateBusinessAsync();
        var outbox = app.Service<EmailOutbox>();
        var key = $"test:{b.Id}";
        var message = new EmailMessage(" Owner@Example.com ", "Subject", "Body", "notification", b.Id);

        var first = await app.Service<Db>().WriteAsync(tx => outbox.QueueOnceAsync(tx, key, message));
        var again = await app.Service<Db>().WriteAsync(tx => outbox.QueueOnceAsync(tx, key, message with { Subject = "Other" }));
        var plain = await app.Service<Db>().WriteAsync(tx => outbox.QueueAsync(tx, message));

        again.ShouldBe(first);
        await using var conn = await app.Service<Db>().OpenAsync();
        var rows = (await conn.QueryAsync<(string Id, string? DedupeKey, string Subject, string ToAddress, string Status)>(
            "SELECT id, dedupe_key, subject, to_address, status FROM emails WHERE business_id = @Id ORDER BY created_at, id", b)).ToList();
        rows.Count.ShouldBe(2);
        rows.Single(r => r.Id == first).ShouldBe((first, key, "Subject", "owner@example.com", "queued"));
        rows.Single(r => r.Id == plain.Id).DedupeKey.ShouldBeNull();
        (await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM work_items WHERE dedupe_key = @key", new { key = $"email:{first}" })).ShouldBe(1);
    }
}
