using System.Globalization;
using CallRecover.Common;
using CallRecover.Queue;
using CallRecover.Billing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallRecover.Operator;

/// <summary>
/// The operator console (issue 20): health and usage across businesses, and the audited actions on the work queue and the
/// scheduled tasks, under <c>/api/admin</c> (the bearer key); the same reports and actions back the <c>/operator</c> page.
/// </summary>
public static class OperatorConsoleModule
{
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        services.AddSingleton<HealthReport>();
        services.AddSingleton<OperatorActions>();
        services.AddSingleton<OperatorUsers>();
        return services;
    }

    public static AppRoutes MapOperatorConsole(this AppRoutes routes)
    {
        var admin = routes.Operator;
        admin.MapGet("/health", async (HealthReport report, CancellationToken ct) => TypedResults.Ok(await report.ComputeAsync(ct)))
            .WithSummary("Every business's health at a glance, and cross-tenant totals");
        admin.MapGet("/usage", async Task<IResult> (string? month, UsageReport report, CancellationToken ct) =>
            report.TryMonth(month, out var from)
                ? TypedResults.Ok(await report.ComputeAsync(from, ct))
                : Problems.BadField("month", "Give the month as YYYY-MM, like 2026-12."))
            .WithSummary("Texts, segments, inbound texts, call and transcription minutes per business for a month (UTC), with each plan's allowance and overage");
        admin.MapPost("/work/{id:long}/retry", async Task<Results<NoContent, NotFound<Problems.Body>, Conflict<Problems.Body>>> (
            long id, string? by, OperatorActions actions, CancellationToken ct) =>
            Answer(await actions.RetryAsync(id, Problems.OperatorActor(by), ct), id, "retried"));
        admin.MapPost("/work/{id:long}/discard", async Task<Results<NoContent, NotFound<Problems.Body>, Conflict<Problems.Body>>> (
            long id, string? by, OperatorActions actions, CancellationToken ct) =>
            Answer(await actions.DiscardAsync(id, Problems.OperatorActor(by), ct), id, "discarded"));
        admin.MapPost("/scheduled-tasks/{key}/run", async Task<Results<Accepted<ScheduledTaskEndpoints.ScheduledTaskView>, NotFound<Problems.Body>>> (
            string key, string? by, OperatorActions actions, ScheduledTaskRunner runner, ScheduledTaskStore store, TimeProvider clock, CancellationToken ct) =>
        {
            if (!await actions.RunTaskAsync(key, Problems.OperatorActor(by), ct))
                return TypedResults.NotFound(new Problems.Body("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found", 404,
                    $"No scheduled task with key '{key}'."));
            return TypedResults.Accepted("/api/admin/scheduled-tasks",
                ScheduledTaskEndpoints.View(runner.Find(key)!, await store.GetAsync(key, ct), clock.GetUtcNow()));
        });
        admin.MapGet("/operators", async (OperatorUsers operators, CancellationToken ct) =>
            TypedResults.Ok((await operators.ListAsync(ct)).Select(OperatorView.Of)))
            .WithSummary("The platform's operators (people who sign in by magic link and may look at every business)");
        admin.MapPost("/operators", async Task<IResult> (HttpRequest request, string? by, OperatorUsers operators, CancellationToken ct) =>
        {
            var (input, bad) = await Problems.ReadObjectAsync<OperatorInput>(request, ct);
            if (bad is not null) return bad;
            var outcome = await operators.AddAsync(input!, Problems.OperatorActor(by), ct);
            if (outcome.Errors.Count > 0) return TypedResults.ValidationProblem(outcome.Errors);
            if (outcome.Conflict is not null) return Problems.Conflict(outcome.Conflict);
            var u = outcome.User!;
            return TypedResults.Created($"/api/admin/operators/{u.Id}", OperatorView.Of(u));
        }).WithSummary("Adds an operator and emails them a sign-in link");
        admin.MapDelete("/operators/{id}", async Task<IResult> (string id, string? by, OperatorUsers operators, CancellationToken ct) =>
            (await operators.RemoveAsync(id, Problems.OperatorActor(by), ct)).NotFound ? Problems.Missing("operator", id) : TypedResults.NoContent())
            .WithSummary("Removes an operator: no new sign-in, unused links spent, open sessions ended");
        return routes;
    }

    private static Results<NoContent, NotFound<Problems.Body>, Conflict<Problems.Body>> Answer(ActionOutcome outcome, long id, string verb) => outcome switch
    {
        ActionOutcome.Done => TypedResults.NoContent(),
        ActionOutcome.NotFound => Problems.NotFound("work item", id.ToString(CultureInfo.InvariantCulture)),
        _ => Problems.Conflict($"Work item {id.ToString(CultureInfo.InvariantCulture)} is neither dead nor failing, so it cannot be {verb}."),
    };
}

/// <summary>An operator as the operator API shows one.</summary>
public sealed record OperatorView(string Id, string Email, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RemovedAt)
{
    public static OperatorView Of(Tenancy.User u) => new(u.Id, u.Email, u.Name, u.CreatedAt, u.RemovedAt);
}
