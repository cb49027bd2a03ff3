using System.IO.Compression;
using System.Text.Json;
using CallRecover.Backups;
using CallRecover.Common;
using CallRecover.Data;
using CallRecover.Recordings;
using CallRecover.Tenancy;
using CallRecover.Tests.Infrastructure;
using CallRecover.Tests.Telephony;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallRecover.Tests.Hosting;

/// <summary>
/// The restore drill: a live app with data and recordings is backed up while texts keep arriving, the backup is restored
/// into a fresh place, and the restored copy is compared with the original — on SQLite and PostgreSQL.
/// </summary>
public sealed class BackupTests
{
    [Theory, DatabaseData]
    public async Task Drill_BackupUnderWriteLoad_RestoresIntoAFreshPlace_WithTheSameRows_Recordings_AndKeys(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("callrecover-drill-").FullName;
        var sourceAudio = Path.Combine(folder, "rec-source");
        var sourcePhotos = Path.Combine(folder, "photos-source");
        await using var h = await TelephonyHarness.StartAsync(provider, new Dictionary<string, string?> { ["Recordings:Path"] = sourceAudio, ["Jobs:PhotoPath"] = sourcePhotos });
        var businesses = new[] { await h.BusinessAsync(), await h.BusinessAsync() };
        for (var i = 0; i < 4; i++)
            foreach (var b in businesses)
            {
                await h.MissedCallAsync(b, $"+1904555{i:D2}{businesses.ToList().IndexOf(b):D2}");
                await h.TextAsync(b, $"+1904555{i:D2}{businesses.ToList().IndexOf(b):D2}", $"Need a furnace tune-up, call {i}");
            }
        Directory.CreateDirectory(Path.Combine(sourceAudio, businesses[0].Id));
        var audio = Enumerable.Range(0, 3).Select(i => (Path.Combine(sourceAudio, businesses[0].Id, $"RE{i}.mp3"), Enumerable.Repeat((byte)(i + 1), 4000 + i).ToArray())).ToList();
        foreach (var (path, bytes) in audio) await File.WriteAllBytesAsync(path, bytes);
        Directory.CreateDirectory(Path.Combine(sourcePhotos, businesses[1].Id));
        var photo = Enumerable.Range(0, 5000).Select(i => (byte)(i % 251)).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(sourcePhotos, businesses[1].Id, "ph1.jpg"), photo);
        // A secret protected with the app's Data Protection keys must still open after a restore (stored carrier keys, cookies).
        var sealedSecret = h.App.Service<IDataProtectionProvider>().CreateProtector("drill").Protect("gate code 4471");
        var seeded = await h.ScalarAsync<long>("SELECT COUNT(*) FROM messages");

        // Texts keep arriving (each one a webhook, a conversation turn and a reply) while the backup runs.
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                await h.TextAsync(businesses[n % 2], $"+1904556{n % 100:D4}", $"load text {n}");
            }
        });
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref sent)), n => n >= 5, "the write load to start");
        var backup = await h.App.Service<BackupService>().CreateAsync(Path.Combine(folder, "drill.backup.zip"));
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref sent)), n => n >= 15, "writes after the backup");
        await stop.CancelAsync();
        await load;
        await h.IdleAsync();

        var inBackup = backup.Manifest.Tables["messages"];
        inBackup.ShouldBeGreaterThan(seeded, "the backup ran while texts arrived");
        inBackup.ShouldBeLessThan(await h.ScalarAsync<long>("SELECT COUNT(*) FROM messages"), "texts kept arriving after the snapshot");

        await using var target = await TestDatabase.CreateEmptyAsync(provider);
        var targetAudio = Path.Combine(folder, "rec-restored");
        var targetPhotos = Path.Combine(folder, "photos-restored");
        // The app registers every folder of files that belongs with the database; the restoring side has the same ones.
        h.App.Services.GetServices<DataFolder>().Select(f => f.Name).Order().ShouldBe(["job-photos", "recordings", "request-photos"]);
        await using (var tools = BackupTools.For(target, targetAudio, photos: targetPhotos))
        {
            var said = await tools.Service<BackupService>().RestoreAsync(backup.File, force: false);
            said[0].ShouldStartWith("Database restored");
            said.ShouldContain("1 file(s) of job-photos restored.");
        }

        // Every table has exactly the rows of the snapshot; a sample of rows is identical to the original.
        await using (var conn = await target.Db.OpenAsync())
        {
            foreach (var (table, rows) in backup.Manifest.Tables)
                (await conn.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}")).ShouldBe(rows, table);
            var sample = (await conn.QueryAsync<(string Id, string BusinessId, string Direction, string Body)>(
                "SELECT id, business_id, direction, body FROM messages ORDER BY id")).Where((_, i) => i % 3 == 0).ToList();
            sample.Count.ShouldBeGreaterThan(5);
            foreach (var row in sample)
                (await h.QueryAsync<(string Id, string BusinessId, string Direction, string Body)>(
                    "SELECT id, business_id, direction, body FROM messages WHERE id = @Id", new { row.Id })).Single().ShouldBe(row);
            (await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id) AND m.conversation_id IS NOT NULL"))
                .ShouldBe(0, "no message without its conversation");
        }
        foreach (var (path, bytes) in audio)
            (await File.ReadAllBytesAsync(Path.Combine(targetAudio, Path.GetRelativePath(sourceAudio, path)))).ShouldBe(bytes);
        (await File.ReadAllBytesAsync(Path.Combine(targetPhotos, businesses[1].Id, "ph1.jpg"))).ShouldBe(photo);

        // The restored copy runs: same businesses, and the secret sealed before the backup opens.
        await using var restored = new AppFactory(target, settings: new Dictionary<string, string?> { ["Recordings:Path"] = targetAudio, ["Jobs:PhotoPath"] = targetPhotos });
        restored.CreateClient();
        var names = (await restored.Service<BusinessStore>().ListAsync()).Select(b => (b.Id, b.Name, b.CarrierNumber)).Order().ToList();
        names.ShouldBe(businesses.Select(b => (b.Id, b.Name, b.CarrierNumber)).Order().ToList());
        restored.Service<IDataProtectionProvider>().CreateProtector("drill").Unprotect(sealedSecret).ShouldBe("gate code 4471");
    }

    [Theory, DatabaseData]
    public async Task Restore_RefusesADamagedNewerForeignBackup_OrOneOverLiveData_AndChangesNothing(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("callrecover-refuse-").FullName;
        await using var source = await TestDatabase.CreateAsync(provider);
        Business original;
        await using (var app = new AppFactory(source)) { app.CreateClient(); original = await app.CreateBusinessAsync(); }
        string file;
        await using (var tools = BackupTools.For(source, Path.Combine(folder, "rec-a")))
            file = (await tools.Service<BackupService>().CreateAsync(folder)).File;

        await using var target = await TestDatabase.CreateAsync(provider);
        var audio = Path.Combine(folder, "rec-b");
        Directory.CreateDirectory(audio);
        await File.WriteAllTextAsync(Path.Combine(audio, "keep.mp3"), "existing audio");
        await using var tools2 = BackupTools.For(target, audio);
        var restore = tools2.Service<BackupService>();
        Business existing;
        await using (var app = new AppFactory(target))
        {
            app.CreateClient();
            existing = await app.CreateBusinessAsync();
            await Eventually.WaitAsync(async () => { await using var c = await target.Db.OpenAsync(); return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM queue_nodes"); },
                n => n > 0, "the running app's worker to beat");
            // Not even --force restores under a running app: what it writes next would be lost.
            (await Should.ThrowAsync<BackupException>(() => restore.RestoreAsync(file, force: true))).Message.ShouldContain("stop every node first");
        }

        async Task Refused(string backupFile, bool force, string because)
        {
            var ex = await Should.ThrowAsync<BackupException>(() => restore.RestoreAsync(backupFile, force));
            ex.Message.ShouldContain(because);
            ex.ChangedNothing.ShouldBeTrue();
            await using var conn = await target.Db.OpenAsync();
            (await conn.QueryAsync<string>("SELECT id FROM businesses")).ShouldBe([existing.Id], "the database is untouched");
            Directory.GetFiles(audio).Select(Path.GetFileName).ShouldBe(["keep.mp3"], "the recordings are untouched");
        }

        await Refused(file, force: false, "--force");
        await Refused(Rewrite(file, m => m with { SchemaVersion = 9999 }), force: true, "newer than this CallRecover knows");
        await Refused(Rewrite(file, m => m with { Provider = provider == "sqlite" ? "postgres" : "sqlite" }), force: true, "Database__Provider");
        await Refused(Damage(file), force: true, "damaged");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.zip"), "not a zip");
        await Refused(Path.Combine(folder, "notes.zip"), force: true, "not a CallRecover backup");

        // With --force the live data is replaced by the backup's.
        var said = await restore.RestoreAsync(file, force: true);
        said.ShouldContain(s => s.StartsWith("Database restored", StringComparison.Ordinal));
        await using (var conn = await target.Db.OpenAsync())
            (await conn.QueryAsync<string>("SELECT id FROM businesses")).ShouldBe([original.Id]);
        Directory.Exists(audio).ShouldBeTrue();
        Directory.GetDirectories(folder, "rec-b.before-restore-*").Length.ShouldBe(1, "the old recordings folder is kept aside");
    }

    [Fact]
    public async Task ScheduledBackups_RunThroughTheScheduledTask_AndKeepTheNewestOnes()
    {
        var folder = Directory.CreateTempSubdirectory("callrecover-scheduled-").FullName;
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var clock = new FakeClock();
        await using (var off = BackupTools.For(db, Path.Combine(folder, "rec"), clock))
            (await off.Service<ScheduledBackup>().RunAsync(default)).ShouldBe("off: set Backup__Folder to turn scheduled backups on");

        var into = Path.Combine(folder, "backups");
        await using var tools = BackupTools.For(db, Path.Combine(folder, "rec"), clock, new() { ["Backup:Folder"] = into, ["Backup:Keep"] = "2", ["Backup:Interval"] = "06:00:00" });
        var task = tools.Service<ScheduledBackup>();
        task.Interval.ShouldBe(TimeSpan.FromHours(6));
        var summaries = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            summaries.Add(await task.RunAsync(default));
            clock.Advance(TimeSpan.FromHours(6));
        }
        summaries[2]!.ShouldContain("1 older deleted");
        Directory.GetFiles(into).Select(Path.GetFileName).Order().ShouldBe(["callrecover-20260303-210000.backup.zip", "callrecover-20260304-030000.backup.zip"]);
    }

    [Fact]
    public async Task TheVerbs_BackUpARunningDatabase_AndRestoreItElsewhere()
    {
        var folder = Directory.CreateTempSubdirectory("callrecover-verbs-").FullName;
        var source = new Dictionary<string, string?> { ["Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "a.db")}", ["Recordings__Path"] = Path.Combine(folder, "rec-a") };
        (await AppProcess.RunAsync(["business", "add", "--name", "Bayside Auto", "--owner-name", "Sam", "--owner-email", "sam@bayside.example",
            "--owner-phone", "+19045550100", "--business-phone", "+19045550101", "--carrier-number", "+19045550102"], source)).ExitCode.ShouldBe(0);
        var backup = await AppProcess.RunAsync(["backup", "--output", folder], source);
        backup.ExitCode.ShouldBe(0, backup.StdErr);
        backup.StdOut.ShouldContain("Backup written to");
        var file = Directory.GetFiles(folder, "*.backup.zip").Single();

        var target = new Dictionary<string, string?> { ["Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "b.db")}", ["Recordings__Path"] = Path.Combine(folder, "rec-b") };
        var restore = await AppProcess.RunAsync(["restore", "--input", file], target);
        restore.ExitCode.ShouldBe(0, restore.StdErr);
        restore.StdOut.ShouldContain("Database restored");
        (await AppProcess.RunAsync(["business", "list"], target)).StdOut.ShouldContain("Bayside Auto");

        var again = await AppProcess.RunAsync(["restore", "--input", file], target);
        again.ExitCode.ShouldBe(2);
        again.StdErr.ShouldContain("Restore refused: The database");
        again.StdErr.ShouldContain("Nothing was changed.");
    }

    /// <summary>A copy of the backup with its manifest changed.</summary>
    private static string Rewrite(string file, Func<BackupManifest, BackupManifest> change)
    {
        var copy = Path.Combine(Path.GetDirectoryName(file)!, $"edited-{Guid.NewGuid():N}.zip");
        File.Copy(file, copy);
        using var zip = ZipFile.Open(copy, ZipArchiveMode.Update);
        var entry = zip.GetEntry(BackupManifest.FileName)!;
        BackupManifest manifest;
        using (var s = entry.Open()) manifest = JsonSerializer.Deserialize<BackupManifest>(s, Json.Options)!;
        entry.Delete();
        using (var s = zip.CreateEntry(BackupManifest.FileName).Open()) JsonSerializer.Serialize(s, change(manifest), Json.Options);
        return copy;
    }

    /// <summary>A copy of the backup with bytes of the database inside it changed (as a bad disk or a cut download would).</summary>
    private static string Damage(string file)
    {
        var copy = Path.Combine(Path.GetDirectoryName(file)!, $"damaged-{Guid.NewGuid():N}.zip");
        using (var original = ZipFile.OpenRead(file))
        using (var zip = ZipFile.Open(copy, ZipArchiveMode.Create))
            foreach (var e in original.Entries)
            {
                using var from = e.Open();
                using var ms = new MemoryStream();
                from.CopyTo(ms);
                var bytes = ms.ToArray();
                if (e.FullName.StartsWith("database/", StringComparison.Ordinal)) bytes[bytes.Length / 2] ^= 0x5A;
                using var to = zip.CreateEntry(e.FullName).Open();
                to.Write(bytes);
            }
        return copy;
    }
}

/// <summary>The backup services alone on one database and recordings folder, as the verbs use them (no web host, no workers).</summary>
public sealed class BackupTools(ServiceProvider services) : IAsyncDisposable
{
    public static BackupTools For(TestDatabase db, string recordings, TimeProvider? clock = null, Dictionary<string, string?>? settings = null, string? photos = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = db.Provider, ["Database:ConnectionString"] = db.ConnectionString, ["Recordings:Path"] = recordings,
        };
        foreach (var (k, v) in settings ?? []) values[k] = v;
        var s = new ServiceCollection();
        s.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        s.AddLogging();
        s.AddSingleton(clock ?? TimeProvider.System);
        s.AddDatabase();
        s.AddValidatedOptions<RecordingOptions>(RecordingOptions.Section);
        s.AddDataFolder("recordings", sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RecordingOptions>>().Value.Path);
        if (photos is not null) s.AddDataFolder("job-photos", _ => photos);
        s.AddBackups();
        return new BackupTools(s.BuildServiceProvider());
    }

    public T Service<T>() where T : notnull => services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
