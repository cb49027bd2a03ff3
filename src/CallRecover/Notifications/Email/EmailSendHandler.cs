using CallRecover.Common;
using CallRecover.Queue;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallRecover.Notifications.Email;

/// <summary>
/// Runs <c>email.send</c>: hands a stored email to the SMTP server, or — with no <c>Email:Host</c> — leaves it
/// in the local outbox. A temporary failure (4xx, network) retries on the queue with backoff; a permanent one
/// (5xx) or the last attempt marks the email <c>failed</c> with the reason. Nothing here runs inside an SMS
/// transaction, so a slow or broken mail server never holds up a text.
/// </summary>
public sealed class EmailSendHandler(EmailOutbox outbox, SmtpMailClient smtp, IOptions<EmailOptions> options, TimeProvider clock, ILogger<EmailSendHandler> log) : IWorkHandler
{
    private readonly EmailOptions _o = options.Value;

    public string Kind => EmailOutbox.SendKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<EmailOutbox.SendEmailPayload>();
        var email = await outbox.GetAsync(p.EmailId, ct) ?? throw new PermanentWorkFailure("Email not found.");
        // Already delivered (or parked in the outbox) by an earlier run whose completion was lost.
        if (email.Status is "sent" or "outbox") return;

        if (!_o.SmtpEnabled)
        {
            await SetStatusAsync(email.Id, "outbox", null, null, ct);
            return;
        }
        if (ToMime(email, _o.ParseFrom(), clock.GetUtcNow()) is not { } message)
        {
            await SetStatusAsync(email.Id, "failed", "The recipient is not an email address.", null, ct);
            throw new PermanentWorkFailure("The recipient is not an email address.");
        }
        try
        {
            await smtp.SendAsync(message, ct);
        }
        catch (SmtpPermanentException ex)
        {
            await SetStatusAsync(email.Id, "failed", ex.Message, null, ct);
            throw new PermanentWorkFailure(ex.Message, ex);
        }
        catch (SmtpTransientException ex)
        {
            var last = item.Attempts >= item.MaxAttempts;
            await SetStatusAsync(email.Id, last ? "failed" : "queued", ex.Message, null, ct);
            log.LogWarning("Email {EmailId} attempt {Attempt}/{Max} failed: {Error}", email.Id, item.Attempts, item.MaxAttempts, ex.Message);
            throw;
        }
        await SetStatusAsync(email.Id, "sent", null, clock.GetUtcNow(), ct);
        log.LogInformation("Email {EmailId} ({Purpose}) sent through {Host}", email.Id, email.Purpose, _o.Host);
    }

    /// <summary>The stored email as a MIME message: text (and HTML when given) plus its attachments; null for a bad address.</summary>
    internal static MimeMessage? ToMime(StoredEmail email, MailboxAddress from, DateTimeOffset date)
    {
        if (!MailboxAddress.TryParse(email.ToAddress, out var to)) return null;
        var message = new MimeMessage { Subject = email.Subject, Date = date };
        message.From.Add(from);
        message.To.Add(to);
        // A stable Message-ID lets receivers drop the duplicate if a retry resends after a lost acknowledgement.
        message.MessageId = $"{email.Id}@{from.Domain}";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody };
        foreach (var a in Json.Deserialize<List<EmailAttachment>>(email.Attachments))
        {
            // Byte for byte: an .ics must keep its CRLF line ends and folding, which a text encoding may rewrap.
            if (body.Attachments.Add(a.FileName, Convert.FromBase64String(a.Base64Content), ContentType.Parse(a.ContentType)) is MimePart part)
                part.ContentTransferEncoding = ContentEncoding.Base64;
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private Task SetStatusAsync(string id, string status, string? error, DateTimeOffset? sentAt, CancellationToken ct) =>
        outbox.SetStatusAsync(id, status, error, sentAt, ct);
}
