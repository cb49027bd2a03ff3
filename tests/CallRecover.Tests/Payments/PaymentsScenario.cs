using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CallRecover.Data;
using CallRecover.Estimates;
using CallRecover.Jobs;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Estimates;
using CallRecover.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static CallRecover.Tests.Jobs.JobsApi;

namespace CallRecover.Tests.Payments;

/// <summary>A business with a caller whose approved quote became a job; helpers to complete it and follow its invoice.</summary>
public sealed class PaymentsScenario(BookingScenario s, BookingScenario.Caller caller, Quote quote, string jobId)
{
    public BookingScenario S { get; } = s;
    public BookingScenario.Caller Caller { get; } = caller;
    public Quote Quote { get; } = quote;
    public string JobId { get; } = jobId;
    public AppFactory App => S.App;

    public static async Task<PaymentsScenario> CreateAsync(AppFactory app)
    {
        var s = await BookingScenario.CreateAsync(app);
        var jane = await s.QualifiedCallerAsync();
        var quote = await QuoteSeed.QuoteAsync(app, s.Business.Id, jane.Lead.Id, BookingScenario.Start, QuoteStatuses.Sent);
        (await s.Db.WriteAsync(tx => app.Service<QuoteService>().ApproveAsync(tx, s.Business, quote.Id, "caller"))).ShouldBeTrue();
        var job = (await app.Service<JobStore>().ListAsync(s.Business.Id)).ShouldHaveSingleItem();
        return new PaymentsScenario(s, jane, quote, job.Id);
    }

    public string Url(string rest) => CallRecover.Tests.Jobs.JobsApi.Url(S, rest);

    public async Task CompleteJobAsync(HttpClient client)
    {
        foreach (var stage in new[] { JobStages.InProgress, JobStages.Completed })
        {
            var moved = await client.PatchAsync(Url($"/jobs/{JobId}/stage"), JsonContent(new { stage }));
            moved.StatusCode.ShouldBe(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        }
    }

    public async Task<JsonElement> InvoiceOfJobAsync(HttpClient client)
    {
        var list = await (await client.GetAsync(Url($"/invoices?jobId={JobId}"))).JsonAsync();
        list.GetArrayLength().ShouldBe(1);
        return await (await client.GetAsync(Url($"/invoices/{list[0].GetProperty("id").GetString()}"))).JsonAsync();
    }

    /// <summary>A browser-like client for the public pages: no operator key, redirects not followed.</summary>
    public HttpClient PublicClient() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), new MediaTypeHeaderValue("application/json"));

    public async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await App.Service<Db>().OpenAsync();
        return (await Dapper.SqlMapper.ExecuteScalarAsync<T>(conn, sql, args))!;
    }
}
