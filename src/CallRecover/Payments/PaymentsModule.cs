using CallRecover.Common;
using CallRecover.Jobs;
using Microsoft.Extensions.Options;

namespace CallRecover.Payments;

public static class PaymentsModule
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddValidatedOptions<PaymentsOptions>(PaymentsOptions.Section);
        services.AddHttpClient(StripePaymentProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<InvoiceStore>();
        services.AddSingleton<CallRecover.Customers.ICustomerMergeParticipant>(sp => sp.GetRequiredService<InvoiceStore>());
        services.AddSingleton<PaymentStore>();
        services.AddSingleton<InvoiceService>();
        services.AddSingleton<IJobCompletedHook>(sp => sp.GetRequiredService<InvoiceService>());
        services.AddSingleton<SimulatedPaymentProvider>();
        services.AddSingleton<StripePaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.IsStripe
            ? sp.GetRequiredService<StripePaymentProvider>() : sp.GetRequiredService<SimulatedPaymentProvider>());
        services.AddSingleton<PaymentService>();
        return services;
    }
}
