namespace CallRecover.Common;

/// <summary>
/// The years a date sent by a client may fall in: wide enough for any business record, narrow enough that the day,
/// month or year added to it in a range never overflows (a request for 9999-12-31 answered 500 before).
/// </summary>
public static class DateBounds
{
    public const int FirstYear = 1900, LastYear = 2999;

    public static bool Within(int year) => year is >= FirstYear and <= LastYear;

    public static bool Within(DateTimeOffset date) => Within(date.Year);

    /// <summary>The error naming the field.</summary>
    public static string Message(string field) => $"{field} must be a date between the years {FirstYear} and {LastYear}.";
}
