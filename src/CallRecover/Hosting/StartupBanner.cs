using CallRecover.Dashboard.Auth;
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
        var link = DemoSignInLink(app, log);
        if (link is null)
            log.LogInformation("CallRecover is running at {Url} — place a test call at {Url}/simulator, sign in at {Url}/login as {Email}, health at {Url}/health/ready",
                address, address, address, DemoSeed.OwnerEmail, address);
        else
            log.LogInformation("CallRecover is running at {Url} — place a test call at {Url}/simulator, sign in as {Email} with {SignInLink} (one use, 15 minutes; later ask for a new link at {Url}/login, it arrives in the outbox on /simulator), health at {Url}/health/ready",
                address, address, DemoSeed.OwnerEmail, link, address, address);
    }

    /// <summary>A fresh single-use sign-in link for the demo owner, when the demo business exists.</summary>
    private static string? DemoSignInLink(WebApplication app, ILogger log)
    {
        try
        {
            // Runs once in ApplicationStarted (a synchronous callback); the query is a single-row insert.
            return app.Services.GetRequiredService<MagicLinks>().MintForEmailAsync(DemoSeed.OwnerEmail).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not create the demo sign-in link");
            return null;
        }
    }
}
