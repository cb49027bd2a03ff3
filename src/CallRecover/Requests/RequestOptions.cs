using System.ComponentModel.DataAnnotations;

namespace CallRecover.Requests;

/// <summary>Settings under Requests: the public request form's spam guards and its optional photos.</summary>
public sealed class RequestOptions : IValidatableObject
{
    public const string Section = "Requests";

    /// <summary>A form sent sooner than this after it was shown is treated as a robot's and stored nowhere.</summary>
    public TimeSpan MinFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A form shown longer ago than this must be reloaded (its signed start time has expired).</summary>
    public TimeSpan MaxFormAge { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Accepted requests from one IP address per <see cref="RateWindow"/> (per node). Refused posts (a typo, an expired
    /// form) do not count, so people sharing one connection are not locked out; every post counts toward a flood guard
    /// at ten times this.
    /// </summary>
    public int MaxPostsPerIp { get; set; } = 5;

    /// <summary>The window over which request-form posts from one IP address are counted.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Folder for photos sent with requests ({PhotoPath}/{business}/{id}.{ext}), like job photos: never served as static files.</summary>
    public string PhotoPath { get; set; } = "data/request-photos";

    /// <summary>Largest photo accepted with a request (bytes); a request carries at most five.</summary>
    public long MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Photos one request may carry.</summary>
    public const int MaxPhotos = 5;

    /// <summary>
    /// The largest form post the request endpoint accepts (Kestrel's body limit and the multipart limit): five photos at
    /// the limit plus room for the text fields and the multipart boundaries.
    /// </summary>
    public long MaxPostBytes => MaxPhotos * MaxPhotoBytes + 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinFillTime < TimeSpan.Zero || MinFillTime > TimeSpan.FromMinutes(5)) yield return new("Requests:MinFillTime must be between 0 and 5 minutes.", [nameof(MinFillTime)]);
        if (MaxFormAge <= MinFillTime) yield return new("Requests:MaxFormAge must be longer than MinFillTime.", [nameof(MaxFormAge)]);
        if (MaxPostsPerIp is < 1 or > 10_000) yield return new("Requests:MaxPostsPerIp must be between 1 and 10000.", [nameof(MaxPostsPerIp)]);
        if (RateWindow <= TimeSpan.Zero || RateWindow > TimeSpan.FromDays(1)) yield return new("Requests:RateWindow must be between 1 second and 1 day.", [nameof(RateWindow)]);
        if (string.IsNullOrWhiteSpace(PhotoPath)) yield return new("Requests:PhotoPath must not be empty.", [nameof(PhotoPath)]);
        if (MaxPhotoBytes is < 1024 or > 100 * 1024 * 1024) yield return new("Requests:MaxPhotoBytes must be between 1024 and 104857600 (100 MB).", [nameof(MaxPhotoBytes)]);
    }
}
