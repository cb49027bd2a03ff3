using System.Globalization;
using CallRecover.Compliance;
using CallRecover.Dashboard.Shared;
using NodaTime.Text;

namespace CallRecover.Campaigns.Pages;

/// <summary>The campaign pages' codes in the owner's words: statuses, pause reasons, import and recipient reasons, audiences.</summary>
public static class CampaignWords
{
    public static string Status(Campaign c) => c.Status switch
    {
        CampaignStatuses.Draft => "Draft",
        CampaignStatuses.Scheduled => "Scheduled",
        CampaignStatuses.Sending => "Sending",
        CampaignStatuses.Paused => Paused(c.PausedReason),
        CampaignStatuses.Done => "Done",
        CampaignStatuses.Cancelled => "Cancelled",
        _ => Fmt.Label(c.Status),
    };

    /// <summary>Why a campaign is paused: by the owner, or by itself (the sender's rules, <see cref="CampaignSender"/>).</summary>
    public static string Paused(string? reason) => reason switch
    {
        null or "" or "owner" => "Paused by you",
        "opt_out_rate" => "Paused itself: too many opt-outs",
        "carrier_filtering" => "Paused itself: carriers filtered too many texts",
        _ => "Paused: " + Fmt.Label(reason).ToLowerInvariant(),
    };

    /// <summary>The tag colour class of a status (the dashboard's AA-contrast tags).</summary>
    public static string Tag(string status) => status switch
    {
        CampaignStatuses.Sending or CampaignStatuses.Done => "tag ok",
        CampaignStatuses.Paused => "tag human",
        CampaignStatuses.Cancelled => "tag emergency",
        _ => "tag",
    };

    /// <summary>Why an import row was not taken (<see cref="CampaignService.ImportAsync"/>'s reason codes).</summary>
    public static string Rejected(string reason) => reason switch
    {
        "bad_phone" => "Bad phone: not a phone number",
        "duplicate" => "Duplicate: the same phone is earlier in the file",
        "already_on_list" => "Already on this list",
        "opted_out" => "Opted out: they texted STOP",
        "do_not_text" => "On your do-not-text list",
        "landline" => "Landline: it cannot get texts",
        _ => Fmt.Label(reason),
    };

    public static string Recipient(string status) => status switch
    {
        RecipientStatuses.Pending => "Waiting",
        RecipientStatuses.Queued => "Sending",
        RecipientStatuses.Sent => "Sent",
        RecipientStatuses.Skipped => "Skipped",
        RecipientStatuses.Failed => "Failed",
        _ => Fmt.Label(status),
    };

    /// <summary>A recipient's reason: a texting-policy reason in words, or the carrier's error code.</summary>
    public static string RecipientReason(CampaignRecipient r)
    {
        if (string.IsNullOrEmpty(r.Reason)) return r.Delivery is { } d && r.Status == RecipientStatuses.Sent ? Fmt.Label(d) : "";
        var words = TextReasons.Describe(r.Reason);
        if (words != r.Reason) return Capital(words);
        return r.Status == RecipientStatuses.Failed ? $"Carrier error {r.Reason}" : Fmt.Label(r.Reason);
    }

    public static string Audience(CampaignAudience a)
    {
        if (a.IsList) return $"List “{a.List}”";
        if (a.IsTag) return $"Contacts tagged “{a.Tag}”";
        var parts = new List<string>();
        if (a.LastVisitBefore is { } day && LocalDatePattern.Iso.Parse(day) is { Success: true } d)
            parts.Add("last visit before " + d.Value.ToString("MMM d, yyyy", CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(a.Service)) parts.Add($"service “{a.Service}”");
        return "Customers" + (parts.Count > 0 ? ": " + string.Join(", ", parts) : "");
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
