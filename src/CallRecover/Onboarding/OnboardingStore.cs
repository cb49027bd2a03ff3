using CallRecover.Data;
using Dapper;

namespace CallRecover.Onboarding;

/// <summary>The wizard's steps in order; the stored step is where the owner resumes.</summary>
public static class OnboardingSteps
{
    public const string Details = "details", Hours = "hours", Services = "services", Greeting = "greeting",
        Number = "number", Forwarding = "forwarding", TestCall = "test_call";
    public static readonly string[] All = [Details, Hours, Services, Greeting, Number, Forwarding, TestCall];

    public static string Title(string step) => step switch
    {
        Details => "Your business",
        Hours => "Opening hours",
        Services => "Services",
        Greeting => "The first text",
        Number => "Your CallRecover number",
        Forwarding => "Forward missed calls",
        TestCall => "Test call",
        _ => step,
    };
}

public sealed record OnboardingProgress(string BusinessId, string Step, DateTimeOffset? CompletedAt, DateTimeOffset UpdatedAt)
{
    public bool Done => CompletedAt is not null;
}

/// <summary>Onboarding progress per business (the one writer of <c>onboarding</c>). Tenant id first.</summary>
public sealed class OnboardingStore(Db db)
{
    private const string Select = "SELECT business_id AS BusinessId, step AS Step, completed_at AS CompletedAt, updated_at AS UpdatedAt FROM onboarding";

    public async Task<OnboardingProgress?> GetAsync(string businessId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<OnboardingProgress>($"{Select} WHERE business_id = @businessId", new { businessId });
    }

    public async Task StartAsync(DbTx tx, string businessId, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync(
            "INSERT INTO onboarding (business_id, step, completed_at, updated_at) VALUES (@businessId, @step, NULL, @at)",
            new { businessId, step = OnboardingSteps.Details, at }, tx.Transaction);

    public async Task SetStepAsync(DbTx tx, string businessId, string step, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync("UPDATE onboarding SET step = @step, updated_at = @at WHERE business_id = @businessId",
            new { businessId, step, at }, tx.Transaction);

    public async Task CompleteAsync(DbTx tx, string businessId, DateTimeOffset at) =>
        await tx.Connection.ExecuteAsync(
            "UPDATE onboarding SET completed_at = @at, updated_at = @at WHERE business_id = @businessId AND completed_at IS NULL",
            new { businessId, at }, tx.Transaction);
}
