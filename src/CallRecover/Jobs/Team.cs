using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Dashboard.Auth;
using CallRecover.Data;
using CallRecover.Live;
using CallRecover.Notifications.Email;
using CallRecover.Tenancy;

namespace CallRecover.Jobs;

public sealed record InviteInput(string? Email, string? Name, string? Role, string? Phone);

/// <summary>
/// The owner's team: staff and technicians invited by email (a sign-in link, magic-link sign-in as for the owner),
/// a technician linked to their technician record (made from the invite when the business has none with that email),
/// and removal, which ends the person's sessions on every node and spends their unused links.
/// </summary>
public sealed class Team(Db db, UserStore users, TechnicianStore technicians, MagicLinks links, EmailOutbox outbox, AuditLog audit, LiveEvents live,
    TimeProvider clock)
{
    public async Task<Outcome<User>> InviteAsync(Business business, InviteInput input, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var email = input.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || email.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(email, out _)) errors["email"] = ["Enter a valid email address."];
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 120) errors["name"] = ["Enter their name (at most 120 characters)."];
        var role = input.Role?.Trim().ToLowerInvariant();
        if (role is not (Roles.Staff or Roles.Technician)) errors["role"] = ["Choose staff or technician."];
        string? phone = null;
        if (role == Roles.Technician && !string.IsNullOrWhiteSpace(input.Phone) && !Phone.TryNormalize(input.Phone, out phone))
            errors["phone"] = ["Enter a valid mobile number."];
        if (errors.Count > 0) return new(null, errors);
        return await db.WriteAsync(async tx =>
        {
            var user = await users.InviteAsync(tx, business.Id, email!, input.Name!, role!);
            if (user is null) return Outcome<User>.Clash($"{email} already has a CallRecover account.");
            if (role == Roles.Technician)
            {
                var t = await technicians.ByEmailAsync(tx, business.Id, email!);
                if (t is null)
                {
                    if (phone is null) return Outcome<User>.Bad("phone", "Enter the technician's mobile number (customers see their name; dispatch texts them).");
                    var now = clock.GetUtcNow();
                    t = new Technician
                    {
                        Id = Ids.New(), BusinessId = business.Id, UserId = user.Id, Name = user.Name, Phone = phone, Email = user.Email, Shifts = "{}",
                        CreatedAt = now, UpdatedAt = now,
                    };
                    await technicians.TryInsertAsync(tx, t);
                }
                else await technicians.LinkUserAsync(tx, business.Id, t.Id, user.Id);
            }
            var url = await links.MintAsync(tx, user);
            await outbox.QueueOnceAsync(tx, $"team.invite:{user.Id}:{clock.GetUtcNow().UtcTicks}", new EmailMessage(user.Email, $"You're invited to {business.Name} on CallRecover",
                $"""
                Hi {user.Name},

                {business.OwnerName} added you to {business.Name} on CallRecover as {(role == Roles.Technician ? "a technician" : "staff")}.
                Tap this link to sign in:
                {url}

                It works once. Later, sign in with your email address at any time.
                """, "team_invite", business.Id));
            await audit.WriteAsync(tx, business.Id, actor, "user", user.Id, "invited", new { role });
            tx.AfterCommit(() => live.Publish(business.Id, "team", user.Id));
            return Outcome<User>.Done(user);
        }, ct);
    }

    /// <summary>Removes a staff member or technician: no new sign-in, unused links spent, open sessions ended on every node.</summary>
    public async Task<Outcome<User>> RemoveAsync(Business business, string userId, string actor, CancellationToken ct = default) =>
        await db.WriteAsync(async tx =>
        {
            var user = (await users.ForBusinessAsync(business.Id, ct)).FirstOrDefault(u => u.Id == userId);
            if (user is null || user.RemovedAt is not null) return Outcome<User>.Missing();
            if (!await users.RemoveAsync(tx, business.Id, userId)) return Outcome<User>.Clash("The owner cannot be removed.");
            await links.RevokeAsync(tx, userId);
            foreach (var t in (await technicians.ListAsync(tx.Connection, tx.Transaction, business.Id)).Where(t => t.UserId == userId))
                await technicians.LinkUserAsync(tx, business.Id, t.Id, null);
            await audit.WriteAsync(tx, business.Id, actor, "user", userId, "removed", new { user.Role });
            tx.AfterCommit(() =>
            {
                live.Publish(business.Id, EndedSessions.Kind, userId);
                live.Publish(business.Id, "team", userId);
            });
            return Outcome<User>.Done(user);
        }, ct);
}
