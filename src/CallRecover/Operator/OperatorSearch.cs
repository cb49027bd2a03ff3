namespace CallRecover.Operator;

/// <summary>The console's search box: a business matches by name or owner email (any part, any case) or by its carrier number (any run of its digits).</summary>
public static class OperatorSearch
{
    public static IReadOnlyList<BusinessHealth> Filter(IReadOnlyList<BusinessHealth> rows, string? q)
    {
        if (string.IsNullOrWhiteSpace(q)) return rows;
        var text = q.Trim();
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        return [.. rows.Where(b => b.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                                   || b.OwnerEmail.Contains(text, StringComparison.OrdinalIgnoreCase)
                                   || (digits.Length >= 3 && b.CarrierNumber.Contains(digits, StringComparison.Ordinal)))];
    }
}
