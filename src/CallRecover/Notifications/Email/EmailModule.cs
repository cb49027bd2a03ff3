using CallRecover.Common;
using CallRecover.Hosting;
using CallRecover.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
    /// <c>GET /simulator/api/outbox?to=</c>. Only while no SMTP server is configured: then nothing is really emailed
    /// and the outbox is the only place to read the mail (sign-in links included), which is why it is never served
    /// once real email is on.
    /// </summary>
    public static IEndpointRouteBuilder MapEmail(this IEndpointRouteBuilder app)
    {
        app.MapGet("/simulator/api/outbox", async Task<Results<Ok<IReadOnlyList<OutboxEmail>>, NotFound>> (string? to, int? limit, EmailOutbox outbox,
            IOptions<EmailOptions> options, CancellationToken ct) =>
        {
            if (options.Value.SmtpEnabled) return TypedResults.NotFound();
            var emails = await outbox.RecentAsync(to, Math.Clamp(limit ?? 50, 1, 200), ct);
            return TypedResults.Ok<IReadOnlyList<OutboxEmail>>([.. emails.Select(e => new OutboxEmail(e.Id, e.BusinessId, e.ToAddress, e.Subject, e.TextBody, e.HtmlBody,
                e.Purpose, e.Status, e.LastError, e.CreatedAt, e.SentAt,
                [.. Json.Deserialize<List<EmailAttachment>>(e.Attachments).Select(a => new OutboxAttachment(a.FileName, a.ContentType,
                    System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(a.Base64Content))))]))]);
        }).WithTags("Simulator");
        return app;
    }
}
