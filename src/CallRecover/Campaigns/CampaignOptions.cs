using System.ComponentModel.DataAnnotations;

namespace CallRecover.Campaigns;

/// <summary>Settings under <c>Campaigns</c>: how fast the sender feeds campaign texts and when a campaign pauses itself.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>How often (seconds) the sender hands each sending campaign its next texts; the send budget sets the pace within.</summary>
    [Range(1, 60)] public int FeedIntervalSeconds { get; set; } = 1;

    /// <summary>A campaign keeps this many seconds' worth of its budget in the send path, so the budget is used to the full without a backlog.</summary>
    [Range(1, 30)] public int FeedAheadSeconds { get; set; } = 2;

    /// <summary>A campaign pauses itself when more than this share (percent) of the people it texted opted out since.</summary>
    [Range(0.1, 100)] public double PauseOptOutPercent { get; set; } = 2;

    /// <summary>A campaign pauses itself when the carrier filtered more than this share (percent) of its texts (30007 and kin).</summary>
    [Range(0.1, 100)] public double PauseFilteredPercent { get; set; } = 3;

    /// <summary>The pause rules start judging after this many texts (a single STOP among the first few is not a rate).</summary>
    [Range(1, 100_000)] public int PauseMinimumSent { get; set; } = 100;
}
