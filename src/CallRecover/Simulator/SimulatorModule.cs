using CallRecover.Common;
using CallRecover.Notifications.Email;
using CallRecover.Telephony;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallRecover.Simulator;

public static class SimulatorModule
{
    /// <summary>
    /// The built-in carrier (Carrier:Provider=simulator): it stands in for the carrier's REST API and posts signed
    /// webhooks back to us, so the default run needs no account.
    /// </summary>
    public static IServiceCollection AddSimulator(this IServiceCollection services)
    {
        services.AddSingleton<WebhookInvoker>();
        services.AddSingleton<SimulatorCalls>();
        services.AddSingleton<SimulatorCarrier>();
        services.AddSingleton<ReceptionistSimulator>();
        services.AddSingleton<ISimulatorSection, VoicemailSimulatorSection>();
        services.AddSingleton<ISimulatorSection, OutboxSimulatorSection>();
        services.AddSingleton<ISimulatorSection, ForwardingSimulatorSection>();
        services.Replace(ServiceDescriptor.Singleton<ICarrierClient>(sp => sp.GetRequiredService<IOptions<CarrierOptions>>().Value.IsSimulator
            ? sp.GetRequiredService<SimulatorCarrier>()
            : sp.GetRequiredService<TwilioCompatibleClient>()));
        services.AddSingleton<SimulatorForwarding>();
        services.AddSingleton<SimulatorNumbers>();
        services.Replace(ServiceDescriptor.Singleton<ICarrierNumbers>(sp => sp.GetRequiredService<IOptions<CarrierOptions>>().Value.IsSimulator
            ? sp.GetRequiredService<SimulatorNumbers>()
            : sp.GetRequiredService<TwilioCompatibleNumbers>()));
        return services;
    }

    /// <summary>The /simulator page and its API, the email outbox it shows.</summary>
    public static AppRoutes MapSimulator(this AppRoutes routes)
    {
        routes.App.MapSimulator();
        routes.App.MapVoicemailSimulator();
        routes.App.MapForwardingSimulator();
        routes.App.MapSimulatorNumbers();
        OutboxSimulatorSection.MapOutbox(routes.App);
        return routes;
    }
}
