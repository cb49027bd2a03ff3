using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CallRecover.Dashboard.Auth;

/// <summary>Settings under <c>SignIn</c>.</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>How long an emailed sign-in link works (once).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Link requests allowed per email address per <see cref="RateWindow"/>.</summary>
    [Range(1, 1000)]
    public int MaxRequestsPerEmail { get; set; } = 5;

    /// <summary>Link requests allowed per client IP per <see cref="RateWindow"/>.</summary>
    [Range(1, 100_000)]
    public int MaxRequestsPerIp { get; set; } = 30;

    /// <summary>The window over which sign-in link requests are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a signed-in session lasts without use (sliding).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary><see cref="LinkLifetime"/> for people: "15 minutes", "1 hour", "90 seconds".</summary>
    public string DescribeLinkLifetime()
    {
        var t = LinkLifetime;
        if (t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours)) return Count((int)t.TotalHours, "hour");
        if (t.TotalMinutes == Math.Floor(t.TotalMinutes)) return Count((int)t.TotalMinutes, "minute");
        return Count((int)Math.Round(t.TotalSeconds), "second");

        static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
    }
}

public enum LinkRequestOutcome { Accepted, RateLimited }

/// <summary>
/// Magic-link sign-in: a random single-use token emailed as a link; only its SHA-256 is stored, so a
/// database leak cannot be replayed as a sign-in. Redeeming marks it used in the same statement that checks it,
/// so two clicks (or two nodes) cannot both sign in with one link.
/// </summary>
public sealed class MagicLinks(Db db, UserStore users, BusinessStore businesses, EmailOutbox outbox, SignInRateLimiter limiter, WorkQueue queue,
    IDataProtectionProvider protection, IOptions<SignInOptions> options, IOptions<AppOptions> app, TimeProvider clock, ILogger<MagicLinks> log)
{
    public const string VerifyPath = "/login/link";

    /// <summary>Work kind: look the address up and, when it has an account, email it a link.</summary>
    public const string LinkWorkKind = "signin.link";

    // The address travels in the work item encrypted: work_items is kept, and must not become a list of the
    // addresses people tried (unknown ones included).
    private readonly IDataProtector _protector = protection.CreateProtector("CallRecover.SignIn.LinkRequest");

    /// <summary>
    /// Asks for a link to be emailed when the address belongs to a user. The outcome, and the work done before it is
    /// answered, are the same whether it does or not: the rate limits (applied to every address), then one queued
    /// work item. Looking the address up, minting the link and queueing the email happen on the work queue, so the
    /// answer's timing cannot tell which addresses have accounts.
    /// </summary>
    public async Task<LinkRequestOutcome> RequestAsync(string? email, string? clientIp, CancellationToken ct = default)
    {
        var o = options.Value;
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        if (!await limiter.TryAcquireAsync("ip:" + (clientIp ?? "unknown"), o.MaxRequestsPerIp, o.RateWindow, ct)) return LinkRequestOutcome.RateLimited;
        if (!await limiter.TryAcquireAsync("email:" + normalized, o.MaxRequestsPerEmail, o.RateWindow, ct)) return LinkRequestOutcome.RateLimited;
        if (normalized.Length is 0 or > 200) return LinkRequestOutcome.Accepted;
        await queue.EnqueueAsync(new NewWork(LinkWorkKind, new LinkRequest(_protector.Protect(normalized)), MaxAttempts: 5), ct);
        return LinkRequestOutcome.Accepted;
    }

    public sealed record LinkRequest(string ProtectedEmail);

    /// <summary>
    /// The queued half of <see cref="RequestAsync"/>: an unknown address is dropped; a user gets a link by email.
    /// Idempotent: a rerun of the same item finds its email queued and mints nothing.
    /// </summary>
    public async Task SendAsync(WorkItem item, CancellationToken ct)
    {
        string email;
        try
        {
            email = _protector.Unprotect(item.PayloadAs<LinkRequest>().ProtectedEmail);
        }
        catch (CryptographicException ex)
        {
            throw new PermanentWorkFailure("The sign-in request cannot be decrypted (its data-protection key is gone).", ex);
        }
        var user = await users.GetByEmailAsync(email, ct);
        if (user is null)
        {
            log.LogInformation("Sign-in link requested for an unknown address: nothing sent");
            return;
        }
        var o = options.Value;
        var businessName = user.BusinessId is null ? null : (await businesses.GetAsync(user.BusinessId, ct))?.Name;
        var dedupeKey = $"{LinkWorkKind}:{item.Id}";
        var sent = await db.WriteAsync(async tx =>
        {
            if (await outbox.IsQueuedAsync(tx, dedupeKey)) return false;
            // The request limits count attempts; this counts links actually minted for the account.
            var recent = await tx.Connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM login_tokens WHERE user_id = @Id AND created_at > @since",
                new { user.Id, since = clock.GetUtcNow() - o.RateWindow }, tx.Transaction);
            if (recent >= o.MaxRequestsPerEmail) return false;
            var url = await MintAsync(tx, user);
            await outbox.QueueOnceAsync(tx, dedupeKey, new EmailMessage(user.Email, "Your CallRecover sign-in link",
                $"""
                Hi {user.Name},

                Tap this link to sign in to {businessName ?? "CallRecover"}:
                {url}

                It works once and expires in {o.DescribeLinkLifetime()}. If you did not ask to sign in, ignore this email.
                """,
                "login_link", user.BusinessId));
            return true;
        }, ct);
        if (sent) log.LogInformation("Sign-in link emailed to user {UserId}", user.Id);
    }

    /// <summary>Creates a new link for a user inside a transaction and returns its absolute URL.</summary>
    public async Task<string> MintAsync(DbTx tx, User user)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        // Spent and expired links are useless; a day's grace keeps them for the per-user rate count and for support.
        await tx.Connection.ExecuteAsync("DELETE FROM login_tokens WHERE user_id = @UserId AND expires_at < @cutoff",
            new { UserId = user.Id, cutoff = now - TimeSpan.FromDays(1) }, tx.Transaction);
        await tx.Connection.ExecuteAsync("""
            INSERT INTO login_tokens (id, user_id, token_hash, expires_at, used_at, created_at)
            VALUES (@Id, @UserId, @Hash, @ExpiresAt, NULL, @Now)
            """, new { Id = Ids.New(), UserId = user.Id, Hash = Hash(token), ExpiresAt = now + options.Value.LinkLifetime, Now = now }, tx.Transaction);
        return $"{app.Value.BaseUrl}{VerifyPath}?token={token}";
    }

    /// <summary>A fresh link for the user with this email, or null when there is none (the start-up banner's demo link).</summary>
    public async Task<string?> MintForEmailAsync(string email, CancellationToken ct = default)
    {
        var user = await users.GetByEmailAsync(email, ct);
        return user is null ? null : await db.WriteAsync(tx => MintAsync(tx, user), ct);
    }

    /// <summary>Consumes a token: the user it signs in, or null when it is unknown, used or expired.</summary>
    public async Task<User?> RedeemAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var userId = await db.WriteAsync(tx => tx.Connection.ExecuteScalarAsync<string?>("""
            UPDATE login_tokens SET used_at = @now
            WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now
            RETURNING user_id
            """, new { hash = Hash(token.Trim()), now = clock.GetUtcNow() }, tx.Transaction), ct);
        return userId is null ? null : await users.GetAsync(userId, ct);
    }

    /// <summary>Spends every unused link of a user (they were removed: a link in their inbox must not sign them in).</summary>
    public async Task RevokeAsync(DbTx tx, string userId) =>
        await tx.Connection.ExecuteAsync("UPDATE login_tokens SET used_at = @now WHERE user_id = @userId AND used_at IS NULL",
            new { userId, now = clock.GetUtcNow() }, tx.Transaction);

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Runs the queued half of a sign-in link request (<see cref="MagicLinks.SendAsync"/>).</summary>
public sealed class SignInLinkHandler(MagicLinks links) : IWorkHandler
{
    public string Kind => MagicLinks.LinkWorkKind;

    public Task HandleAsync(WorkItem item, CancellationToken ct) => links.SendAsync(item, ct);
}
