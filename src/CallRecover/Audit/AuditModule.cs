namespace CallRecover.Audit;

public static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddSingleton<AuditLog>();
}
