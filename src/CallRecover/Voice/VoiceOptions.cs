using System.ComponentModel.DataAnnotations;

namespace CallRecover.Voice;

/// <summary>Settings under <c>Voice</c> (environment: <c>Voice__Path</c>, ...).</summary>
public sealed class VoiceOptions : IValidatableObject
{
    public const string Section = "Voice";
    public const string Auto = "auto";

    /// <summary>
    /// How the receptionist talks to the carrier: <c>relay</c> (Twilio's ConversationRelay WebSocket), <c>gather</c>
    /// (<c>&lt;Gather input="speech"&gt;</c>, one webhook per turn: SignalWire's LaML) or <c>auto</c> (default: relay on
    /// Twilio and the simulator, gather on SignalWire).
    /// </summary>
    public string Path { get; set; } = Auto;

    /// <summary>The largest ConversationRelay frame accepted (bytes); a bigger one closes the socket (1009).</summary>
    [Range(1024, 1024 * 1024)] public int MaxFrameBytes { get; set; } = 64 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Path is not (Auto or VoicePaths.Relay or VoicePaths.Gather))
            yield return new ValidationResult($"Voice:Path (Voice__Path) must be 'auto', 'relay' or 'gather' (got '{Path}').", [nameof(Path)]);
    }
}
