using CallRecover.Audit;
using CallRecover.Dashboard.Auth;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Notifications.Email;
using CallRecover.Tenancy;

namespace CallRecover.Operator;

public sealed record OperatorInput(string? Email, string? Name);

/// <summary>What adding or removing an operator came to: the person, field errors, a clash, or nobody to remove.</summary>
public sealed record OperatorOutcome(User? User, Dictionary<string, string[]> Errors, string? Conflict = null, bool NotFound = false);

/// <summary>
/// The platform's operators: people who sign in by magic link like everyone else and may look at every business (the
/// bearer key stays for automation). Added by another operator (or the CLI for the first one) and sent a sign-in link;
/// removing one spends their unused links and ends their sessions. Audited in the platform's log (no business).
/// </summary>
public sealed class OperatorUsers(Db db, UserStore users, MagicLinks links, EmailOutbox outbox, AuditLog audit, LiveEvents live, TimeProvider clock)
{
    public Task<IReadOnlyList<User>> ListAsync(CancellationToken ct = default) => users.OperatorsAsync(ct);

    public async Task<OperatorOutcome> AddAsync(OperatorInput input, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var email = input.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || email.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(email, out var mail) || mail.Address != email
            || !email.Contains('.', StringComparison.Ordinal))
            errors["email"] = ["Enter the operator's email address, like ops@example.com."];
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 120) errors["name"] = ["Enter their name (at most 120 characters)."];
        if (errors.Count > 0) return new(null, errors);
        return await db.WriteAsync(async tx =>
        {
            var user = await users.AddOperatorAsync(tx, email!, input.Name!);
            if (user is null) return new OperatorOutcome(null, [], Conflict: $"{email} already has a CallRecover account.");
            var url = await links.MintAsync(tx, user);
            await outbox.QueueOnceAsync(tx, $"operator.invite:{user.Id}:{clock.GetUtcNow().UtcTicks}", new EmailMessage(user.Email, "You're an operator on CallRecover",
                $"""
                Hi {user.Name},

                You can now look after every business on this CallRecover deployment: its health, its work queue and, when
                they ask for help, its dashboard. Tap this link to sign in:
                {url}

                It works once. Later, sign in with your email address at any time.
                """, "operator_invite", null));
            await audit.WriteAsync(tx, null, actor, "user", user.Id, "operator_added", new { user.Email });
            return new OperatorOutcome(user, []);
        }, ct);
    }

    public async Task<OperatorOutcome> RemoveAsync(string userId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            if (!await users.RemoveOperatorAsync(tx, userId)) return new OperatorOutcome(null, [], NotFound: true);
            await links.RevokeAsync(tx, userId);
            await audit.WriteAsync(tx, null, actor, "user", userId, "operator_removed");
            // Every node forgets the cached "still signed in" answer for them (an operator belongs to no business: the platform's "").
            tx.AfterCommit(() => live.Publish("", EndedSessions.Kind, userId));
            return new OperatorOutcome(null, []);
        }, ct);
}
