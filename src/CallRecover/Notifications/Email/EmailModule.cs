using CallRecover.Common;
using CallRecover.Queue;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallRecover.Notifications.Email;

public static class EmailModule
{
    /// <summary>SMTP sending (or the local outbox) and the owner email channel.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddValidatedOptions<EmailOptions>(EmailOptions.Section);
        services.TryAddSingleton(new SmtpTlsPolicy());
        services.AddSingleton<SmtpMailClient>();
        services.AddSingleton<EmailOutbox>();
        services.AddWorkHandler<EmailSendHandler>();
        services.AddSingleton<EmailNotificationChannel>();
        services.AddSingleton<INotificationChannel>(sp => sp.GetRequiredService<EmailNotificationChannel>());
        return services;
    }

    /// <summary>Outbox view for the simulator page, like a mail catcher: recent emails with their attachments.</summary>
    public sealed record OutboxEmail(string Id, string? BusinessId, string To, string Subject, string TextBody, string? HtmlBody, string Purpose,
        string Status, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, IReadOnlyList<OutboxAttachment> Attachments);

    public sealed record OutboxAttachment(string FileName, string ContentType, string Content);

    /// <summary>
    /// <c>GET /api/admin/emails?to=&amp;limit=</c>: the outbox for the operator (bearer key). With a real carrier and no
    /// SMTP server, this is the only place the emails (sign-in links included) can be read.
    /// </summary>
    public static RouteGroupBuilder MapEmailAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/emails", async (string? to, int? limit, EmailOutbox outbox, CancellationToken ct) =>
            TypedResults.Ok(await RecentAsync(outbox, to, limit, ct))).WithTags("Email");
        return admin;
    }

    /// <summary>The most recent emails (to one address, when given), newest first, with attachments decoded.</summary>
    public static async Task<IReadOnlyList<OutboxEmail>> RecentAsync(EmailOutbox outbox, string? to, int? limit, CancellationToken ct)
    {
        var emails = await outbox.RecentAsync(to, Math.Clamp(limit ?? 50, 1, 200), ct);
        return [.. emails.Select(e => new OutboxEmail(e.Id, e.BusinessId, e.ToAddress, e.Subject, e.TextBody, e.HtmlBody,
            e.Purpose, e.Status, e.LastError, e.CreatedAt, e.SentAt,
            [.. Json.Deserialize<List<EmailAttachment>>(e.Attachments).Select(a => new OutboxAttachment(a.FileName, a.ContentType,
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(a.Base64Content))))]))];
    }
}
