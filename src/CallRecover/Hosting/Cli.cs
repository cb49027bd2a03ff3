using System.CommandLine;
using CallRecover.Backups;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Tenancy;
using Microsoft.Extensions.Options;

namespace CallRecover.Hosting;

/// <summary>
/// Command-line verbs in the same binary: <c>migrate</c>, <c>business add</c>, <c>business list</c>, <c>operator add</c>, <c>operator list</c>, <c>settings --example</c>,
/// <c>backup</c>, <c>restore</c> and <c>health</c> (a container's health check: the runtime image has no curl).
/// </summary>
public static class Cli
{
    private static readonly string[] Verbs = ["migrate", "business", "operator", "settings", "backup", "restore", "health", "--help", "-h", "-?", "help"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>Configuration sees only the args that are not a verb (verb options are not settings).</summary>
    public static string[] ConfigArgs(string[] args) => IsVerb(args) ? [] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        var root = new RootCommand("CallRecover: missed-call recovery for service businesses. Without a verb, serves the web app on http://localhost:5080.");

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction(async (_, ct) =>
        {
            if (await PrepareAsync(services, ct) is not { } applied) return StartupErrorExitCode;
            Console.WriteLine($"{services.GetRequiredService<Db>().Describe()}: {applied} migration(s) applied, schema is current.");
            return 0;
        });
        root.Subcommands.Add(migrate);

        var business = new Command("business", "Manage businesses (tenants).");
        var list = new Command("list", "List businesses.");
        list.SetAction(async (_, ct) =>
        {
            if (await PrepareAsync(services, ct) is null) return StartupErrorExitCode;
            foreach (var b in await services.GetRequiredService<BusinessStore>().ListAsync(ct))
                Console.WriteLine($"{b.Id}  {b.CarrierNumber}  {b.Vertical,-10}  {b.SubscriptionStatus,-9}  {b.Name}");
            return 0;
        });
        var name = new Option<string>("--name") { Description = "Business name", Required = true };
        var ownerName = new Option<string>("--owner-name") { Description = "Owner's name", Required = true };
        var ownerEmail = new Option<string>("--owner-email") { Description = "Owner's email (their sign-in)", Required = true };
        var ownerPhone = new Option<string>("--owner-phone") { Description = "Owner's mobile, for notifications", Required = true };
        var businessPhone = new Option<string>("--business-phone") { Description = "The real phone calls ring", Required = true };
        var carrierNumber = new Option<string>("--carrier-number") { Description = "The Twilio/SignalWire number", Required = true };
        var vertical = new Option<string>("--vertical") { Description = "hvac, auto, plumbing, electrical or other", DefaultValueFactory = _ => "other" };
        var timeZone = new Option<string>("--time-zone") { Description = "IANA time zone", DefaultValueFactory = _ => "America/New_York" };
        var add = new Command("add", "Add a business (and its owner's sign-in).") { name, ownerName, ownerEmail, ownerPhone, businessPhone, carrierNumber, vertical, timeZone };
        add.SetAction(async (parse, ct) =>
        {
            if (await PrepareAsync(services, ct) is null) return StartupErrorExitCode;
            var result = await services.GetRequiredService<BusinessService>().CreateAsync(new BusinessInput
            {
                Name = parse.GetValue(name), OwnerName = parse.GetValue(ownerName), OwnerEmail = parse.GetValue(ownerEmail),
                OwnerPhone = parse.GetValue(ownerPhone), BusinessPhone = parse.GetValue(businessPhone),
                CarrierNumber = parse.GetValue(carrierNumber), Vertical = parse.GetValue(vertical), TimeZone = parse.GetValue(timeZone),
            }, "cli", ct);
            if (Refused(result.Conflict, result.Errors) || !result.Ok) return 2;
            Console.WriteLine($"Added {result.Business!.Name} ({result.Business.Id}) on {result.Business.CarrierNumber}.");
            return 0;
        });
        business.Subcommands.Add(list);
        business.Subcommands.Add(add);
        root.Subcommands.Add(business);

        // The first operator has nobody to add them but the person running the server.
        var operators = new Command("operator", "Manage the platform's operators (they sign in by magic link and may look at every business).");
        var operatorList = new Command("list", "List operators.");
        operatorList.SetAction(async (_, ct) =>
        {
            if (await PrepareAsync(services, ct) is null) return StartupErrorExitCode;
            foreach (var u in await services.GetRequiredService<CallRecover.Operator.OperatorUsers>().ListAsync(ct))
                Console.WriteLine($"{u.Id}  {u.Email}  {(u.RemovedAt is null ? "active " : "removed")}  {u.Name}");
            return 0;
        });
        var operatorEmail = new Option<string>("--email") { Description = "Their email (their sign-in)", Required = true };
        var operatorName = new Option<string>("--name") { Description = "Their name", Required = true };
        var operatorAdd = new Command("add", "Add an operator and email them a sign-in link.") { operatorEmail, operatorName };
        operatorAdd.SetAction(async (parse, ct) =>
        {
            if (await PrepareAsync(services, ct) is null) return StartupErrorExitCode;
            var result = await services.GetRequiredService<CallRecover.Operator.OperatorUsers>()
                .AddAsync(new(parse.GetValue(operatorEmail), parse.GetValue(operatorName)), "cli", ct);
            if (Refused(result.Conflict, result.Errors) || result.User is null) return 2;
            Console.WriteLine($"Added operator {result.User!.Email} ({result.User.Id}); a sign-in link is on its way by email (the outbox on /simulator in the default run).");
            return 0;
        });
        operators.Subcommands.Add(operatorList);
        operators.Subcommands.Add(operatorAdd);
        root.Subcommands.Add(operators);

        var example = new Option<bool>("--example") { Description = "Print every setting with its default and meaning, as environment variables (.env.example)" };
        var settings = new Command("settings", "Show the settings CallRecover reads.") { example };
        settings.SetAction(parse =>
        {
            if (!parse.GetValue(example)) { Console.Error.WriteLine("Use: settings --example"); return 2; }
            Console.Out.Write(SettingsExample.Generate(services.GetServices<SettingsSection>()));
            return 0;
        });
        root.Subcommands.Add(settings);

        var output = new Option<string>("--output") { Description = "The backup file to write, or an existing folder to write a dated one in", Required = true };
        var backup = new Command("backup", "Write a consistent backup (database, Data Protection keys, recordings) while the app runs.") { output };
        backup.SetAction(async (parse, ct) =>
        {
            if (await PrepareAsync(services, ct) is null) return StartupErrorExitCode;
            try
            {
                var result = await services.GetRequiredService<BackupService>().CreateAsync(parse.GetValue(output)!, ct);
                Console.WriteLine($"Backup written to {result.File}: {result.Manifest.Provider} schema {result.Manifest.SchemaVersion}, " +
                    $"{result.Manifest.Tables.Values.Sum()} rows in {result.Manifest.Tables.Count} tables, {result.Manifest.Files.Count - 1} file(s) (recordings, photos).");
                return 0;
            }
            catch (BackupException ex) { Console.Error.WriteLine($"Backup failed: {ex.Message}"); return 2; }
        });
        root.Subcommands.Add(backup);

        var input = new Option<string>("--input") { Description = "The backup file to restore", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace a database that already holds businesses (stop the app first)" };
        var restore = new Command("restore", "Restore a backup into the configured database and recordings folder (stop the app first).") { input, force };
        restore.SetAction(async (parse, ct) =>
        {
            try
            {
                services.GetRequiredService<IStartupValidator>().Validate();
                foreach (var line in await services.GetRequiredService<BackupService>().RestoreAsync(parse.GetValue(input)!, parse.GetValue(force), ct))
                    Console.WriteLine(line);
                return 0;
            }
            catch (BackupException ex)
            {
                Console.Error.WriteLine(ex.ChangedNothing ? $"Restore refused: {ex.Message} Nothing was changed." : $"Restore failed: {ex.Message}");
                return 2;
            }
            catch (Exception ex) when (IsStartupError(ex)) { ReportStartupError(ex); return StartupErrorExitCode; }
        });
        root.Subcommands.Add(restore);

        var url = new Option<string?>("--url") { Description = "The readiness URL to ask (default: /health/ready on the first of Urls, on localhost)" };
        var health = new Command("health", "Ask a running app whether it is ready (exit 0) or not (exit 1): a container's health check.") { url };
        health.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(url) ?? ReadinessUrl(app.Configuration["urls"]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(target, ct);
                Console.WriteLine($"{target}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
            {
                Console.Error.WriteLine($"{target}: not answering ({ex.Message})");
                return 1;
            }
        });
        root.Subcommands.Add(health);
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>/health/ready on the first listening URL, with a wildcard host (<c>http://+:8080</c>) asked on localhost.</summary>
    public static string ReadinessUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5080";
        var wildcard = System.Text.RegularExpressions.Regex.Replace(first, @"^(https?://)(\+|\*|0\.0\.0\.0|\[::\])(?=[:/]|$)", "$1localhost");
        return wildcard.TrimEnd('/') + "/health/ready";
    }

    /// <summary>
    /// Validates settings and migrates before a verb touches data. Returns how many migrations ran, or null after
    /// reporting a start-up error (exit with <see cref="StartupErrorExitCode"/>).
    /// </summary>
    /// <summary>Writes why an add was refused (a clash, or each field's errors) to stderr; false when it was not.</summary>
    private static bool Refused(string? conflict, IReadOnlyDictionary<string, string[]> errors)
    {
        if (conflict is not null) Console.Error.WriteLine($"Conflict: {conflict}");
        foreach (var (field, reasons) in errors) Console.Error.WriteLine($"{field}: {string.Join(" ", reasons)}");
        return conflict is not null || errors.Count > 0;
    }

    private static async Task<int?> PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return await services.GetRequiredService<Migrator>().MigrateAsync(services.GetRequiredService<TimeProvider>(), ct);
        }
        catch (Exception ex) when (IsStartupError(ex))
        {
            ReportStartupError(ex);
            return null;
        }
    }

    /// <summary>The process exit code after a start-up error.</summary>
    public const int StartupErrorExitCode = 1;

    /// <summary>A bad setting or a failed migration: reported with <see cref="ReportStartupError"/>, not as a crash.</summary>
    public static bool IsStartupError(Exception ex) => ex is OptionsValidationException or MigrationFailedException;

    /// <summary>A bad setting or a failed migration: one clear message naming the key, no stack trace.</summary>
    public static void ReportStartupError(Exception ex)
    {
        if (ex is OptionsValidationException ov)
            foreach (var failure in ov.Failures) Console.Error.WriteLine($"Configuration error: {failure}");
        else
            Console.Error.WriteLine($"Start-up stopped: {ex.Message}");
    }
}
