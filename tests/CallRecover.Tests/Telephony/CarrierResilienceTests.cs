using System.Diagnostics;
using CallRecover.Telephony;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Telephony;

/// <summary>
/// The carrier client's HTTP resilience (retries, timeouts, circuit breaker) against the fake carrier on loopback:
/// the reconciliation GET is retried, a text's POST never is.
/// </summary>
public sealed class CarrierResilienceTests : IAsyncDisposable
{
    private const string To = "+15551230001", From = "+15551230002";
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>The client with its HTTP client registered as the app does.</summary>
    private TwilioCompatibleClient Client(FakeCarrier carrier, TimeSpan? requestTimeout = null)
    {
        var o = new CarrierOptions
        {
            Provider = CarrierOptions.Twilio, BaseUrl = carrier.BaseUrl, AccountSid = FakeCarrier.AccountSid, AuthToken = FakeCarrier.AuthToken,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
        };
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSingleton(Options.Create(o));
        TwilioCompatibleClient.AddHttpClient(services);
        var sp = services.BuildServiceProvider();
        _providers.Add(sp);
        return new TwilioCompatibleClient(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<CarrierOptions>>());
    }

    private static CarrierSms Sms(string body = "Sorry we missed your call!") => new(To, From, body, "http://127.0.0.1/webhook/sms/status");

    public async ValueTask DisposeAsync()
    {
        foreach (var sp in _providers) await sp.DisposeAsync();
    }

    [Fact]
    public async Task AListingAnswered429WithRetryAfter_IsRetriedOnce_AfterTheDelay()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var earlier = carrier.Preload(To, From, "hello", DateTimeOffset.UtcNow);
        carrier.ListScript.Enqueue(new FakeReply(429, 20429, "Too Many Requests", RetryAfter: "1"));

        var found = await Client(carrier).FindAsync(To, From, "hello", DateTimeOffset.UtcNow.AddMinutes(-1), new HashSet<string>(), default);

        found!.Sid.ShouldBe(earlier.Sid);
        var times = carrier.ListTimes.ToList();
        times.Count.ShouldBe(2);
        Stopwatch.GetElapsedTime(times[0], times[1]).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task AListingAnswered5xx_IsRetried()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var earlier = carrier.Preload(To, From, "hello", DateTimeOffset.UtcNow);
        carrier.ListScript.Enqueue(new FakeReply(503, 20503, "Service Unavailable"));
        carrier.ListScript.Enqueue(new FakeReply(500, 20500, "Internal Server Error"));

        var found = await Client(carrier).FindAsync(To, From, "hello", DateTimeOffset.UtcNow.AddMinutes(-1), new HashSet<string>(), default);

        found!.Sid.ShouldBe(earlier.Sid);
        carrier.Lists.ShouldBe(3);
    }

    [Fact]
    public async Task ASend_IsNeverRepeatedByTheHttpLayer_WhateverTheCarrierAnswers()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var client = Client(carrier, requestTimeout: TimeSpan.FromSeconds(1));

        carrier.Script.Enqueue(new FakeReply(500, 20500, "Internal Server Error"));
        (await client.SendAsync(Sms("one"), default)).Outcome.ShouldBe(CarrierOutcome.Unknown);
        carrier.Posts.ShouldBe(1);

        carrier.Script.Enqueue(new FakeReply(429, 20429, "Too Many Requests", RetryAfter: "0"));
        var limited = await client.SendAsync(Sms("two"), default);
        limited.Outcome.ShouldBe(CarrierOutcome.NotSent);
        limited.RetryAfter.ShouldBe(TimeSpan.Zero);
        carrier.Posts.ShouldBe(2);

        // Taken by the carrier, answered too late: in doubt, and not sent again here (the send path asks first).
        carrier.Script.Enqueue(new FakeReply(201, Delay: TimeSpan.FromSeconds(3)));
        (await client.SendAsync(Sms("three"), default)).Outcome.ShouldBe(CarrierOutcome.Unknown);
        carrier.Posts.ShouldBe(3);
        carrier.To(To).Count(m => m.Body == "three").ShouldBe(1);
    }

    [Fact]
    public async Task ACarrierThatKeepsFailing_OpensTheCircuit_AndASendThenCertainlyDidNotLeave()
    {
        await using var carrier = await FakeCarrier.StartAsync();
        var client = Client(carrier);
        for (var i = 0; i < TwilioCompatibleClient.CircuitMinimumThroughput; i++)
            carrier.Script.Enqueue(new FakeReply(500, 20500, "Internal Server Error"));

        for (var i = 0; i < TwilioCompatibleClient.CircuitMinimumThroughput; i++)
            (await client.SendAsync(Sms($"try {i}"), default)).Outcome.ShouldBe(CarrierOutcome.Unknown);
        carrier.Posts.ShouldBe(TwilioCompatibleClient.CircuitMinimumThroughput);

        var result = await client.SendAsync(Sms("after"), default);

        result.Outcome.ShouldBe(CarrierOutcome.NotSent);
        carrier.Posts.ShouldBe(TwilioCompatibleClient.CircuitMinimumThroughput);
        carrier.Accepted.ShouldBeEmpty();
    }
}
