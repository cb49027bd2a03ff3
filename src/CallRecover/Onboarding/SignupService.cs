using System.Security.Cryptography;
using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Dashboard.Auth;
using CallRecover.Data;
using CallRecover.Notifications.Email;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Onboarding;

/// <summary>What the sign-up form sent.</summary>
public sealed record SignupForm(string? OwnerName, string? BusinessName, string? Email, string? Phone, string? Invite);

public enum SignupResult { Sent, Invalid, RateLimited, InviteRequired }

public sealed record SignupOutcome(SignupResult Result, Dictionary<string, string[]> Errors)
{
    public static SignupOutcome Of(SignupResult r) => new(r, []);
}

public sealed record InviteCreated(string Id, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Self sign-up (issue 20): a new business without a number and its owner, verified by the magic link emailed to the
/// owner (the link is the only way in, so an address that is not theirs gets them nothing). Open to anyone or only with
/// an operator's single-use invite (<see cref="SignupStore"/>). The answer never says whether the address already has an
/// account: a known address is sent an ordinary sign-in link instead and sees the same "check your email".
/// Rate-limited like sign-in, by address and by client address (the same limiter and limits).
/// </summary>
public sealed class SignupService(Db db, SignupStore store, OnboardingStore onboarding, BusinessService businesses, UserStore users,
    MagicLinks links, EmailOutbox outbox, SignInRateLimiter limiter, AuditLog audit, IOptions<SignInOptions> signIn,
    IOptions<AppOptions> app, TimeProvider clock, ILogger<SignupService> log)
{
    public const string Actor = "signup";
    public static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(7);
    public const string InviteRequiredMessage = "Sign-up is by invitation only. Ask CallRecover for an invite link, or open the one you were sent.";

    private static BusinessInput Input(SignupForm form) => new()
    {
        Name = form.BusinessName, OwnerName = form.OwnerName, OwnerEmail = form.Email, OwnerPhone = form.Phone, BusinessPhone = form.Phone,
    };

    /// <summary>
    /// What is wrong with the form's fields, by the form's field names (not the business API's); empty when nothing is.
    /// The page recomputes these from the values it redisplays, so no error text ever travels in its URL.
    /// </summary>
    public static Dictionary<string, string[]> FieldErrors(SignupForm form, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (Input(form).Validate("check", now, null, errors) is not null) return [];
        // The form's field names, each with a fixed message that never repeats the value (a link could set it to any sentence).
        // The owner's and the business's phone are the one field on the form: one message for it.
        return errors.Keys.Select(k => k switch { "name" => "businessName", "ownerEmail" => "email", "ownerPhone" or "businessPhone" => "phone", var other => other })
            .Distinct().ToDictionary(f => f, f => new[] { FieldMessage(f) });
    }

    private static string FieldMessage(string field) => field switch
    {
        "ownerName" => "Enter your name (up to 100 characters).",
        "businessName" => "Enter your business's name (up to 100 characters).",
        "email" => "Enter an email address, like you@example.com.",
        "phone" => "Enter your mobile number, like (904) 555-0123, or +44 7700 900123 outside the US.",
        _ => "Check this field.",
    };

    public async Task<SignupOutcome> SignUpAsync(SignupForm form, string? clientIp, CancellationToken ct = default)
    {
        var o = signIn.Value;
        var email = (form.Email ?? "").Trim().ToLowerInvariant();
        if (!await limiter.TryAcquireAsync("signup-ip:" + (clientIp ?? "unknown"), o.MaxRequestsPerIp, o.RateWindow, ct)) return SignupOutcome.Of(SignupResult.RateLimited);
        if (!await limiter.TryAcquireAsync("signup-email:" + email, o.MaxRequestsPerEmail, o.RateWindow, ct)) return SignupOutcome.Of(SignupResult.RateLimited);

        var now = clock.GetUtcNow();
        var inviteHash = string.IsNullOrWhiteSpace(form.Invite) || form.Invite.Length > 100 ? null : MagicLinks.Hash(form.Invite.Trim());
        var setting = await store.GetAsync(ct);
        if (setting.Mode == SignupModes.InviteOnly && (inviteHash is null || !await store.InviteUsableAsync(inviteHash, now, ct)))
            return SignupOutcome.Of(SignupResult.InviteRequired);

        if (FieldErrors(form, now) is { Count: > 0 } invalid) return new(SignupResult.Invalid, invalid);
        var input = Input(form);

        if (await users.GetByEmailAsync(email, ct) is not null)
        {
            // Already an account: an ordinary sign-in link goes to it, and the answer is the same as for a new one.
            await links.RequestAsync(email, clientIp, ct);
            await db.WriteAsync(tx => audit.WriteAsync(tx, null, Actor, "signup", "existing", "refused_existing_account"), ct);
            return SignupOutcome.Of(SignupResult.Sent);
        }

        try
        {
            var created = await businesses.CreateAsync(input, Actor, async (tx, business, owner) =>
            {
                if (inviteHash is not null && setting.Mode == SignupModes.InviteOnly && !await store.SpendInviteAsync(tx, inviteHash, business.Id, now))
                    throw new InviteSpent();
                await onboarding.StartAsync(tx, business.Id, now);
                var url = await links.MintAsync(tx, owner);
                await outbox.QueueOnceAsync(tx, $"signup:{business.Id}", new EmailMessage(owner.Email, "Confirm your email to set up CallRecover",
                    $"""
                    Hi {owner.Name},

                    Tap this link to confirm your email and set up {business.Name} on CallRecover:
                    {url}

                    It works once and expires in {o.DescribeLinkLifetime()}. If you did not sign up, ignore this email: nothing happens without the link.
                    """, "signup_link", business.Id));
                await audit.WriteAsync(tx, business.Id, Actor, "signup", business.Id, "signed_up", new { invited = inviteHash is not null && setting.Mode == SignupModes.InviteOnly });
            }, ct);
            // A clash (the address was taken meanwhile) answers like a new account: no enumeration.
            if (!created.Ok && created.Errors.Count > 0) return new(SignupResult.Invalid, created.Errors);
            if (created.Ok) log.LogInformation("Business {BusinessId} signed up; confirmation link emailed", created.Business!.Id);
            return SignupOutcome.Of(SignupResult.Sent);
        }
        catch (InviteSpent)
        {
            return SignupOutcome.Of(SignupResult.InviteRequired);
        }
    }

    public async Task SetModeAsync(string mode, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            await store.SetAsync(tx, mode, actor, clock.GetUtcNow());
            await audit.WriteAsync(tx, null, actor, "signup_settings", "1", "changed", new { mode });
        }, ct);

    /// <summary>A single-use invite link; only its hash is stored, so the URL is shown once.</summary>
    public async Task<InviteCreated> InviteAsync(string? note, string actor, CancellationToken ct = default)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var id = Ids.New();
        var expires = now + InviteLifetime;
        await db.WriteAsync(async tx =>
        {
            await store.InsertInviteAsync(tx, id, MagicLinks.Hash(token), string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 200)], actor, now, expires);
            await audit.WriteAsync(tx, null, actor, "signup_invite", id, "created");
        }, ct);
        return new(id, $"{app.Value.BaseUrl}/signup?invite={token}", expires);
    }

    private sealed class InviteSpent : Exception;
}
