using CallRecover.Data;

namespace CallRecover.Customers;

/// <summary>
/// Who is being erased, as the erasure found them in its transaction: the customer and the customers merged into it,
/// their phones, and the leads, calls, conversations and recordings reached from those phones — all of one business.
/// Each phone is replaced everywhere by the same pseudonym (<c>erased:</c> and a random id, not derived from the
/// number), so rows that belonged together still match — a missed call and its text-back, for the reports — while
/// nothing finds, shows or texts the number again.
/// </summary>
public sealed record ErasureSubject(string BusinessId, DateTimeOffset At, string[] CustomerIds, IReadOnlyDictionary<string, string> Pseudonyms, string[] LeadIds,
    string[] CallIds, string[] ConversationIds, string[] RecordingIds)
{
    /// <summary>What a message body or other free text holds once erased.</summary>
    public const string ErasedText = "[erased]";

    public static string NewPseudonym() => "erased:" + CallRecover.Common.Ids.New();

    public string[] Phones => [.. Pseudonyms.Keys];

    /// <summary>The query parameters: <c>@b</c>, <c>@now</c>, <c>@erasedText</c> and one array per kind of id.</summary>
    public object Args => new
    {
        b = BusinessId, now = At, customerIds = CustomerIds, phones = Phones, leadIds = LeadIds, callIds = CallIds, conversationIds = ConversationIds,
        recordingIds = RecordingIds, erasedText = ErasedText,
    };

    /// <summary>Runs <paramref name="sql"/> once per phone with <c>@b</c>, <c>@now</c>, <c>@phone</c> and <c>@pseudonym</c>; returns the rows changed.</summary>
    public async Task<int> PerPhoneAsync(DbTx tx, string sql)
    {
        var rows = 0;
        foreach (var (phone, pseudonym) in Pseudonyms)
            rows += await Dapper.SqlMapper.ExecuteAsync(tx.Connection, sql, new { b = BusinessId, now = At, phone, pseudonym }, tx.Transaction);
        return rows;
    }

    /// <summary>Runs <paramref name="sql"/> with <see cref="Args"/>; returns the rows changed.</summary>
    public Task<int> ExecuteAsync(DbTx tx, string sql) => Dapper.SqlMapper.ExecuteAsync(tx.Connection, sql, Args, tx.Transaction);
}

/// <summary>What one owner erased: rows changed or removed per table, and files to delete once the transaction commits.</summary>
public sealed record Erased(string Table, int Rows)
{
    public IReadOnlyList<string> Files { get; init; } = [];
}

/// <summary>
/// A store that holds personal data about callers: on a customer's erasure it anonymizes its rows (names, addresses,
/// phones, free text, message bodies) or removes them (files such as audio and photos), inside the erasure's
/// transaction, keeping the rows that totals and reports count. Each table's erasure stays with its owning store.
/// </summary>
public interface ICustomerErasureParticipant
{
    Task<IReadOnlyList<Erased>> EraseCustomerAsync(DbTx tx, ErasureSubject subject);
}
