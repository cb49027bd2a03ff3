using System.ComponentModel.DataAnnotations;

namespace CallRecover.Requests;

/// <summary>Settings under Requests: the public request form's spam guards.</summary>
public sealed class RequestOptions : IValidatableObject
{
    public const string Section = "Requests";

    /// <summary>A form sent sooner than this after it was shown is treated as a robot's and stored nowhere.</summary>
    public TimeSpan MinFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A form shown longer ago than this must be reloaded (its signed start time has expired).</summary>
    public TimeSpan MaxFormAge { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Request-form posts allowed from one IP address per <see cref="RateWindow"/> (ASP.NET Core's rate limiter, per node).</summary>
    public int MaxPostsPerIp { get; set; } = 5;

    /// <summary>The window over which request-form posts from one IP address are counted.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinFillTime < TimeSpan.Zero || MinFillTime > TimeSpan.FromMinutes(5)) yield return new("Requests:MinFillTime must be between 0 and 5 minutes.", [nameof(MinFillTime)]);
        if (MaxFormAge <= MinFillTime) yield return new("Requests:MaxFormAge must be longer than MinFillTime.", [nameof(MaxFormAge)]);
        if (MaxPostsPerIp is < 1 or > 10_000) yield return new("Requests:MaxPostsPerIp must be between 1 and 10000.", [nameof(MaxPostsPerIp)]);
        if (RateWindow <= TimeSpan.Zero || RateWindow > TimeSpan.FromDays(1)) yield return new("Requests:RateWindow must be between 1 second and 1 day.", [nameof(RateWindow)]);
    }
}
