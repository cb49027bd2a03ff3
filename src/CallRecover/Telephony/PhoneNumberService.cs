using CallRecover.Audit;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Queue;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Telephony;

/// <summary>What buying a number came to: the business and its number, or a field error, a conflict or the carrier's failure.</summary>
public sealed record BuyOutcome(Business? Business, PhoneNumberRow? Number, string? BadPhoneNumber = null, string? Conflict = null, NumberFailure? Failure = null);

/// <summary>One number that could not be re-pointed, and why in words.</summary>
public sealed record RepointFailure(string BusinessId, string PhoneNumber, string Error);

public sealed record RepointOutcome(int Updated, IReadOnlyList<RepointFailure> Failed);

/// <summary>Releases a number at the carrier later (<c>number.release</c>): a replaced number, or one we bought and failed to store.</summary>
public sealed record ReleaseNumberPayload(string CarrierSid, string Reason);

/// <summary>Asks the carrier whether a buy whose answer we never got went through, and gives the number back if so (<c>number.reconcile</c>).</summary>
public sealed record ReconcileNumberPayload(string PhoneNumber);

/// <summary>
/// Numbers bought through the carrier's API for a business: search, buy and wire, re-point, release. The carrier is
/// called outside any transaction (never hold the writer over HTTP); what it did is then stored in one transaction
/// (the number, the business's carrier number, the audit entry). A number the carrier sold us that we then failed to
/// store is released at once, or by a durable <c>number.release</c> work item when the carrier cannot be reached.
/// </summary>
public sealed class PhoneNumberService(
    Db db, PhoneNumberStore numbers, BusinessStore businesses, ICarrierNumbers carrier, WorkQueue queue, AuditLog audit,
    IOptions<AppOptions> app, TimeProvider clock, ILogger<PhoneNumberService> log)
{
    public const string ReleaseKind = "number.release", ReconcileKind = "number.reconcile";

    /// <summary>How long after a buy ended in doubt the carrier is asked whether it sold us the number (a slow sale may still be finishing).</summary>
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromSeconds(3);

    public Task<NumberResult<IReadOnlyList<AvailableNumber>>> SearchAsync(string areaCode, CancellationToken ct) => carrier.SearchAsync(areaCode, ct);

    public async Task<BuyOutcome> BuyAsync(string businessId, string? phoneNumber, string actor, CancellationToken ct)
    {
        if (!Phone.TryNormalize(phoneNumber, out var e164)) return new(null, null, BadPhoneNumber: "phoneNumber must be a phone number from the search, e.g. +19045550110.");
        var business = await businesses.GetAsync(businessId, ct);
        if (business is null) return new(null, null, Conflict: $"No business with id '{businessId}'.");
        if (await ConflictAsync(businessId, e164, ct) is { } taken) return new(null, null, Conflict: taken);

        var hooks = NumberWebhooks.For(app.Value);
        // Not cancelled with the request: a buy abandoned half-way could leave a number sold and unrecorded (the carrier timeout still bounds it).
        var bought = await carrier.BuyAsync(e164, FriendlyName(business), hooks, CancellationToken.None);
        if (!bought.Ok)
        {
            // A 5xx or a timeout on the buy: the carrier may have sold it all the same. Nothing is stored; a durable item
            // asks the carrier a moment later and releases the number if it did.
            if (bought.Failure!.Kind == NumberFailureKind.Down)
                await queue.EnqueueAsync(new NewWork(ReconcileKind, new ReconcileNumberPayload(e164), BusinessId: businessId,
                    DueAt: clock.GetUtcNow() + ReconcileAfter, MaxAttempts: 12), CancellationToken.None);
            return new(null, null, Failure: bought.Failure);
        }
        var sold = bought.Value!;
        var row = new PhoneNumberRow
        {
            Id = Ids.New(), BusinessId = businessId, PhoneNumber = e164, CarrierSid = sold.Sid, Provider = carrier.Provider,
            Status = PhoneNumberStatuses.Bought, VoiceUrl = hooks.VoiceUrl, SmsUrl = hooks.SmsUrl, BoughtAt = clock.GetUtcNow(),
        };
        try
        {
            var conflict = await db.WriteAsync(async tx =>
            {
                // Checked again inside the transaction: another request may have taken the number while we were at the carrier.
                if (await ConflictAsync(tx, businessId, e164) is { } late) return late;
                var previous = await numbers.HeldAsync(tx, businessId);
                await numbers.InsertAsync(tx, row);
                await businesses.SetCarrierNumberAsync(tx, businessId, e164, row.BoughtAt);
                if (previous is not null)
                {
                    await numbers.MarkReleasedAsync(tx, businessId, previous.Id, row.BoughtAt);
                    await QueueReleaseAsync(tx, previous.CarrierSid, "replaced");
                    await audit.WriteAsync(tx, businessId, actor, "phone_number", previous.Id, "released", new { previous.PhoneNumber, previous.CarrierSid, reason = "replaced" });
                }
                await audit.WriteAsync(tx, businessId, actor, "phone_number", row.Id, "bought",
                    new { row.PhoneNumber, row.CarrierSid, row.Provider, previousCarrierNumber = business.CarrierNumber });
                return null;
            }, CancellationToken.None); // the carrier sold it: record it even if the operator has gone
            if (conflict is not null)
            {
                await GiveBackAsync(sold.Sid, "taken meanwhile");
                return new(null, null, Conflict: conflict);
            }
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Storing bought number {Phone} for business {BusinessId} failed; releasing it at the carrier", Phone.Mask(e164), businessId);
            await GiveBackAsync(sold.Sid, "store failed");
            return new(null, null, Failure: NumberFailures.Down(
                $"The carrier sold us {Phone.Display(e164)} but we could not record it, so it was given back; nothing changed — try again."));
        }
        return new(await businesses.GetAsync(businessId, CancellationToken.None), row);
    }

    /// <summary>Releases the number the business holds through us; null when it holds none.</summary>
    public async Task<NumberResult<PhoneNumberRow>?> ReleaseAsync(string businessId, string actor, CancellationToken ct)
    {
        var held = await numbers.HeldAsync(businessId, ct);
        if (held is null) return null;
        var released = await carrier.ReleaseAsync(held.CarrierSid, ct);
        if (!released.Ok) return released.Failure!;
        var at = clock.GetUtcNow();
        await db.WriteAsync(async tx =>
        {
            if (await numbers.MarkReleasedAsync(tx, businessId, held.Id, at))
            {
                await businesses.ClearCarrierNumberAsync(tx, businessId, held.PhoneNumber, at);
                await audit.WriteAsync(tx, businessId, actor, "phone_number", held.Id, "released", new { held.PhoneNumber, held.CarrierSid });
            }
        }, CancellationToken.None); // the carrier took it back: record it even if the operator has gone
        return new NumberResult<PhoneNumberRow>(held with { Status = PhoneNumberStatuses.Released, ReleasedAt = at }, null);
    }

    /// <summary>Points every number we hold at the current <c>PublicBaseUrl</c>; one number failing does not stop the others.</summary>
    public async Task<RepointOutcome> RepointAllAsync(string actor, CancellationToken ct)
    {
        var hooks = NumberWebhooks.For(app.Value);
        var updated = 0;
        var failed = new List<RepointFailure>();
        foreach (var n in await numbers.AllHeldAsync(ct))
        {
            var answer = await carrier.RepointAsync(n.CarrierSid, hooks, ct);
            if (!answer.Ok)
            {
                failed.Add(new RepointFailure(n.BusinessId, n.PhoneNumber, answer.Failure!.Sentence));
                continue;
            }
            await db.WriteAsync(async tx =>
            {
                await numbers.SetUrlsAsync(tx, n.BusinessId, n.Id, hooks.VoiceUrl, hooks.SmsUrl);
                await audit.WriteAsync(tx, n.BusinessId, actor, "phone_number", n.Id, "repointed",
                    new { n.PhoneNumber, hooks.VoiceUrl, hooks.StatusCallback, hooks.SmsUrl });
            }, ct);
            updated++;
        }
        return new RepointOutcome(updated, failed);
    }

    /// <summary>A carrier's friendly names are at most 64 characters.</summary>
    private static string FriendlyName(Business b) => b.Name.Length <= 64 ? b.Name : b.Name[..64];

    private async Task<string?> ConflictAsync(string businessId, string e164, CancellationToken ct) =>
        await db.WriteAsync(tx => ConflictAsync(tx, businessId, e164), ct);

    private async Task<string?> ConflictAsync(DbTx tx, string businessId, string e164)
    {
        var holder = await numbers.HolderAsync(tx, e164);
        if (holder is not null && holder.BusinessId == businessId) return $"{Phone.Display(e164)} is already this business's number.";
        if (holder is not null || await businesses.CarrierNumberTakenAsync(tx, e164, businessId))
            return $"{Phone.Display(e164)} already belongs to another business.";
        return null;
    }

    private Task QueueReleaseAsync(DbTx tx, string sid, string reason) =>
        queue.EnqueueAsync(tx, new NewWork(ReleaseKind, new ReleaseNumberPayload(sid, reason), DedupeKey: $"{ReleaseKind}:{sid}", MaxAttempts: 12));

    /// <summary>Releases a number we cannot keep: at once, or by a durable work item when the carrier does not answer.</summary>
    private async Task GiveBackAsync(string sid, string reason)
    {
        var released = await carrier.ReleaseAsync(sid, CancellationToken.None);
        if (released.Ok) return;
        log.LogWarning("Releasing number {Sid} ({Reason}) failed: {Error}; queued to try again", sid, reason, released.Failure!.Sentence);
        try
        {
            await queue.EnqueueAsync(new NewWork(ReleaseKind, new ReleaseNumberPayload(sid, reason), DedupeKey: $"{ReleaseKind}:{sid}", MaxAttempts: 12));
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Number {Sid} is bought but neither stored nor released: release it in the carrier's console", sid);
        }
    }
}

/// <summary>
/// After a buy ended in doubt (<c>number.reconcile</c>): when the carrier holds the number on our account but we hold no
/// row for it (a later buy may have stored it meanwhile), it is released.
/// </summary>
public sealed class NumberReconcileHandler(ICarrierNumbers carrier, PhoneNumberStore numbers, ILogger<NumberReconcileHandler> log) : IWorkHandler
{
    public string Kind => PhoneNumberService.ReconcileKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<ReconcileNumberPayload>();
        var owned = await carrier.FindOwnedAsync(p.PhoneNumber, ct);
        if (!owned.Ok) throw new InvalidOperationException(owned.Failure!.Sentence);
        if (owned.Value is not { } sid || await numbers.HeldBySidAsync(sid, ct) is not null) return;
        log.LogWarning("Number {Phone} was sold to us by a buy that failed; releasing it", Phone.Mask(p.PhoneNumber));
        var released = await carrier.ReleaseAsync(sid, ct);
        if (!released.Ok) throw new InvalidOperationException(released.Failure!.Sentence);
    }
}

/// <summary>Releases a number at the carrier (<c>number.release</c>); a number the carrier no longer has counts as released.</summary>
public sealed class NumberReleaseHandler(ICarrierNumbers carrier) : IWorkHandler
{
    public string Kind => PhoneNumberService.ReleaseKind;

    public async Task HandleAsync(WorkItem item, CancellationToken ct)
    {
        var p = item.PayloadAs<ReleaseNumberPayload>();
        var released = await carrier.ReleaseAsync(p.CarrierSid, ct);
        if (!released.Ok) throw new InvalidOperationException(released.Failure!.Sentence);
    }
}
