using System.Net;
using System.Net.Http.Headers;
using CallRecover.Common;
using CallRecover.Requests;
using CallRecover.Tests.Dashboard;
using CallRecover.Tests.Infrastructure;

namespace CallRecover.Tests.Requests;

/// <summary>Optional photos on the public request form: stored with the request, shown to the business's staff only, and refused whole when one is wrong.</summary>
public sealed partial class RequestFormTests
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

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "callrecover-request-photos-" + Ids.New());

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
        var folder = TempFolder();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?> { ["Requests:PhotoPath"] = folder });
        var shop = await AutoShopAsync(app);
        var other = await AutoShopAsync(app, "Other Garage");
        try
        {
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
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, DatabaseData]
    public async Task WrongTooManyOrTooBigPhotos_GetAMessageOnPhotos_AndStoreNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new FakeClock();
        var folder = TempFolder();
        await using var app = new AppFactory(db, clock, new Dictionary<string, string?>
        {
            ["Requests:PhotoPath"] = folder, ["Requests:MaxPhotoBytes"] = "4096", ["Requests:MaxPostsPerIp"] = "100",
        });
        var shop = await AutoShopAsync(app);
        try
        {
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
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
