using CallRecover.Common;
using CallRecover.Compliance;
using CallRecover.Notifications;
using CallRecover.Queue;
using Microsoft.Extensions.Options;

namespace CallRecover.Telephony;

public static class TelephonyModule
{
    public static IServiceCollection AddTelephony(this IServiceCollection services)
    {
        services.AddValidatedOptions<CarrierOptions>(CarrierOptions.Section);
        services.AddSingleton<SimulatorKey>();
        services.AddSingleton<CarrierWebhook>();
        services.AddSingleton<BusinessDirectory>();
        services.AddSingleton<TelephonySettingsStore>();
        services.AddSingleton<MissedCallService>();
        services.AddSingleton<InboundSmsService>();
        services.AddSingleton<MessageStatusUpdater>();
        services.AddSingleton<VoiceWebhooks>();
        services.AddSingleton<SmsWebhooks>();
        services.AddSingleton<CallStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerErasureParticipant>(sp => sp.GetRequiredService<CallStore>());
        services.AddWorkHandler<SmsSendHandler>();
        // Timeouts (Carrier:RequestTimeout) and GET retries are its resilience handler's; the client's own timeout is off.
        TwilioCompatibleClient.AddHttpClient(services);
        services.AddSingleton<TwilioCompatibleClient>();
        // The built-in simulator replaces this when it is the carrier (Simulator/SimulatorModule).
        services.AddSingleton<ICarrierClient>(sp => sp.GetRequiredService<TwilioCompatibleClient>());
        // Numbers through the carrier's REST API (issue 20); the simulator replaces this too.
        services.AddSingleton<TwilioCompatibleNumbers>();
        services.AddSingleton<ICarrierNumbers>(sp => sp.GetRequiredService<TwilioCompatibleNumbers>());
        services.AddSingleton<PhoneNumberStore>();
        services.AddSingleton<PhoneNumberService>();
        services.AddWorkHandler<NumberReleaseHandler>();
        services.AddWorkHandler<NumberReconcileHandler>();
        return services;
    }

    /// <summary>The carrier webhooks (form POSTs, signed), the operator's call routes and the dashboard's calls log.</summary>
    public static AppRoutes MapTelephony(this AppRoutes routes)
    {
        var hooks = routes.App.MapGroup("/webhook").ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(RateLimits.Webhooks);
        hooks.MapPost("/voice/incoming", (HttpRequest r, VoiceWebhooks v, CancellationToken ct) => v.IncomingAsync(r, ct));
        hooks.MapPost("/voice/call-completed", (HttpRequest r, VoiceWebhooks v, CancellationToken ct) => v.CallCompletedAsync(r, ct));
        hooks.MapPost("/voice/status", (HttpRequest r, string? call, VoiceWebhooks v, CancellationToken ct) => v.StatusAsync(r, call, ct));
        hooks.MapPost("/voice/screen", (HttpRequest r, string? call, string? step, VoiceWebhooks v, CancellationToken ct) => v.ScreenAsync(r, call, step, ct));
        hooks.MapPost("/sms/incoming", (HttpRequest r, SmsWebhooks s, CancellationToken ct) => s.IncomingAsync(r, ct));
        hooks.MapPost("/sms/status", (HttpRequest r, SmsWebhooks s, CancellationToken ct) => s.StatusAsync(r, ct));
        routes.MapTelephonyAdmin();
        routes.MapNumbers();
        return routes;
    }
}
