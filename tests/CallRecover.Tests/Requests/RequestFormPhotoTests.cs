using System.Net;
using System.Net.Http.Headers;
using CallRecover.Common;
using CallRecover.Requests;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallRecover.Tests.Requests;

/// <summary>Optional photos on the public request form: stored with the request, shown to the business's staff only, and refused whole when one is wrong.</summary>
public sealed partial class RequestFormTests : IDisposable
{
    // A real 1×1 PNG and a real 1×1 JPEG, small enough to sit in the test.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    private static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");

    private static Task<HttpResponseMessage> PostMultipartAsync(Form form, Dictionary<string, string> fields, params (string FileName, byte[] Bytes)[] photos)
    {
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields.Concat(form.Hidden)) content.Add(new StringContent(v), k);
        foreach (var (name, bytes) in photos)
        {
            var part = new ByteArrayContent(bytes);
            // What a browser claims is not trusted: the bytes decide.
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(part, RequestFormEndpoints.PhotosField, name);
        }
        return form.Browser.PostAsync(form.Path, content);
    }

    private static int FilesIn(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0;

    /// <summary>Where this test's app keeps request photos (Requests:PhotoPath); removed after the test.</summary>
    private readonly string folder = Path.Combine(Path.GetTempPath(), "callrecover-request-photos-" + Ids.New());

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void PhotoSignatures_AreReadFromTheBytes_NotTheName()
    {
        Photos.TypeOf(Png)!.ContentType.ShouldBe("image/png");
        Photos.TypeOf(Jpeg)!.ContentType.ShouldBe("image/jpeg");
        Photos.TypeOf("hello, this is text"u8).ShouldBeNull();
        Photos.TypeOf([0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0])!.Extension.ShouldBe("heic");
        Photos.SafeFileName("../../etc/pass\"wd\r\n.jpg", new PhotoType("image/png", "png")).ShouldBe("passwd.png");
        Photos.SafeFileName("", new PhotoType("image/jpeg", "jpg")).ShouldBe("photo.jpg");
    }

    [Theory, DatabaseData]
    public async Task RequestWithTwoPhotos_StoresThem_AndOnlyTheBusinessOfficeSeesThem(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Requests:PhotoPath"] = folder });
        var shop = await AutoShopAsync(app);
        var other = await AutoShopAsync(app, "Other Garage");
        var sent = await PostMultipartAsync(await OpenAsync(app, clock, shop), Jane(consent: false), ("brakes.png", Png), ("IMG_0001.JPG", Jpeg));
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        var request = (await app.Service<WebRequestStore>().ListAsync(shop.Id)).ShouldHaveSingleItem();
        var photos = await app.Service<RequestPhotoStore>().ForLeadAsync(shop.Id, request.LeadId);
        photos.Select(p => (p.FileName, p.ContentType, p.SizeBytes, p.WebRequestId)).ShouldBe(
            [("brakes.png", "image/png", Png.Length, request.Id), ("IMG_0001.jpg", "image/jpeg", Jpeg.Length, request.Id)], ignoreOrder: true);
        FilesIn(folder).ShouldBe(2);

        var owner = await app.SignedInClientAsync(shop.OwnerEmail);
        var leadPage = await owner.GetStringAsync($"/leads/{request.LeadId}");
        foreach (var p in photos) leadPage.ShouldContain($"src=\"/api/dashboard/request-photos/{p.Id}\"");

        foreach (var (p, bytes) in photos.Select(p => (p, p.ContentType == "image/png" ? Png : Jpeg)))
        {
            var served = await owner.GetAsync($"/api/dashboard/request-photos/{p.Id}");
            served.StatusCode.ShouldBe(HttpStatusCode.OK);
            served.Content.Headers.ContentType!.MediaType.ShouldBe(p.ContentType);
            served.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            served.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
            served.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe(p.FileName);
            (await served.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        }

        var first = photos[0].Id;
        (await app.CreateClient().GetAsync($"/api/dashboard/request-photos/{first}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var stranger = await app.SignedInClientAsync(other.OwnerEmail);
        (await stranger.GetAsync($"/api/dashboard/request-photos/{first}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task WrongTooManyOrTooBigPhotos_GetAMessageOnPhotos_AndStoreNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?>
        {
            ["Requests:PhotoPath"] = folder, ["Requests:MaxPhotoBytes"] = "4096", ["Requests:MaxPostsPerIp"] = "100",
        });
        var shop = await AutoShopAsync(app);
        var text = "This is not a photo at all, only text."u8.ToArray();
        var big = Png.Concat(new byte[5000]).ToArray();
        var cases = new (string Expect, (string, byte[])[] Photos)[]
        {
            ("\"notes.jpg\" is not a photo we can take", [("brakes.png", Png), ("notes.jpg", text)]),
            ("Send at most 5 photos; you chose 6", [.. Enumerable.Range(1, 6).Select(i => ($"p{i}.png", Png))]),
            ("\"big.png\" is larger than 4 KB", [("big.png", big)]),
        };
        foreach (var (expect, photos) in cases)
        {
            var refused = await PostMultipartAsync(await OpenAsync(app, clock, shop), Jane(consent: true), photos);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            html.ShouldContain($"id=\"photos-error\"");
            html.ShouldContain(expect);
            html.ShouldContain("Jane Doe");
        }

        // A body over the route's limit (five photos at the limit + 1 MB) is named too, before any photo is looked at.
        var whole = await PostMultipartAsync(await OpenAsync(app, clock, shop), Jane(consent: true), ("huge.png", Png.Concat(new byte[1100 * 1024]).ToArray()));
        whole.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await whole.Content.ReadAsStringAsync());
        var wholeHtml = WebUtility.HtmlDecode(await whole.Content.ReadAsStringAsync());
        wholeHtml.ShouldContain("id=\"photos-error\"");
        wholeHtml.ShouldContain("The photos are too large together. Send at most 5, each up to 4 KB");

        // A robot's post with a photo is answered like a success and keeps nothing either.
        var honeypot = Jane(consent: true);
        honeypot[RequestFormEndpoints.Honeypot] = "http://spam.example";
        (await PostMultipartAsync(await OpenAsync(app, clock, shop), honeypot, ("brakes.png", Png))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await StoredAsync(db, shop.Id)).ShouldBe(0);
        (await CountAsync(db, "request_photos", shop.Id)).ShouldBe(0);
        FilesIn(folder).ShouldBe(0);

        // The same form without photos, sent as multipart the way the page now sends it, goes through.
        (await PostMultipartAsync(await OpenAsync(app, clock, shop), Jane(consent: true))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Service<WebRequestStore>().ListAsync(shop.Id)).Count.ShouldBe(1);
        FilesIn(folder).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task WhenTheTransactionFails_ThePhotoFilesAreRemoved_AndNothingIsStored(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Requests:PhotoPath"] = folder });
        var shop = await AutoShopAsync(app);
        // The photo rows are the last inserts of the request's transaction: without their table it fails after the files were written.
        await using (var conn = await db.Db.OpenAsync()) await conn.ExecuteAsync("DROP TABLE request_photos");
        var form = await OpenAsync(app, clock, shop);
        var failed = await PostMultipartAsync(form, Jane(consent: true), ("brakes.png", Png), ("IMG_0001.jpg", Jpeg));
        failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await StoredAsync(db, shop.Id)).ShouldBe(0);
        FilesIn(folder).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task OnKestrel_FivePhotosOverThe30MbDefault_AreAccepted_AndABodyOverTheLimitIsNamed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        // 7 MB each: five of them (35 MB) are over Kestrel's default 30 MB body limit, under the route's 5 × 7 + 1 MB.
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?>
        {
            ["Requests:PhotoPath"] = folder, ["Requests:MaxPhotoBytes"] = (7 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Requests:MaxPostsPerIp"] = "100",
        });
        var baseUrl = app.StartKestrel();
        var shop = await AutoShopAsync(app);
        HttpClient Kestrel() => new(new HttpClientHandler { CookieContainer = new(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var photo = Jpeg.Concat(new byte[7 * 1024 * 1024 - Jpeg.Length]).ToArray();
        using (var browser = Kestrel())
        {
            var sent = await PostMultipartAsync(await OpenAsync(app, clock, shop, browser), Jane(consent: false),
                [.. Enumerable.Range(1, 5).Select(i => ($"car{i}.jpg", photo))]);
            sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        }
        var request = (await app.Service<WebRequestStore>().ListAsync(shop.Id)).ShouldHaveSingleItem();
        (await app.Service<RequestPhotoStore>().ForLeadAsync(shop.Id, request.LeadId)).Count.ShouldBe(5);
        FilesIn(folder).ShouldBe(5);

        // Over the route's limit Kestrel stops reading: the page names the problem, but Kestrel then closes the
        // connection, so a client still sending may see the connection cut instead. Either way nothing is kept.
        using (var browser = Kestrel())
        {
            var form = await OpenAsync(app, clock, shop, browser);
            try
            {
                var tooMuch = await PostMultipartAsync(form, Jane(consent: false), [.. Enumerable.Range(1, 6).Select(i => ($"car{i}.jpg", photo))]);
                tooMuch.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            }
            catch (HttpRequestException) { }
        }
        (await app.Service<WebRequestStore>().ListAsync(shop.Id)).Count.ShouldBe(1);
        FilesIn(folder).ShouldBe(5);
    }

    [Theory]
    [InlineData("Requests:MaxPhotoBytes", "10")]
    [InlineData("Requests:PhotoPath", " ")]
    public void BadPhotoSettings_StopStartUp_NamingTheKey(string key, string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddRequests();
        using var sp = services.BuildServiceProvider();
        Should.Throw<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RequestOptions>>().Value)
            .Message.ShouldContain(key);
    }
}
