using System.Net.Http.Json;
using System.Text.Json;
using CallRecover.Jobs;
using CallRecover.Tests.Booking;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Jobs;

/// <summary>A business with callers (BookingScenario) plus helpers for the jobs API.</summary>
public static class JobsApi
{
    public static string Url(BookingScenario s, string rest) => $"/api/admin/businesses/{s.Business.Id}{rest}";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<string> AddTechnicianAsync(HttpClient client, BookingScenario s, string name, string[]? skills = null, string? homeArea = null,
        decimal? rating = null, string? email = null)
    {
        var response = await client.PostJsonAsync(Url(s, "/technicians"), new
        {
            name, phone = TestBusinesses.UniquePhone(), email = email ?? $"{name.ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid():N}@example.com",
            skills = skills ?? [], homeArea, rating,
        });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    public static async Task<string> AddJobAsync(HttpClient client, BookingScenario s, string leadId, string title = "Furnace repair", string stage = JobStages.Confirmed)
    {
        var response = await client.PostJsonAsync(Url(s, "/jobs"), new { leadId, title, stage });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }
}
