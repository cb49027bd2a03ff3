using CallRecover.Tenancy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CallRecover.Hosting;

/// <summary>The one start-up line that tells a new user where to go next.</summary>
public static class StartupBanner
{
    public static void Log(WebApplication app, ILogger log)
    {
        var address = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        log.LogInformation("CallRecover is running at {Url} — place a test call at {Url}/simulator, sign in at {Url}/login as {Email}, health at {Url}/health/ready",
            address, address, address, DemoSeed.OwnerEmail, address);
    }
}
