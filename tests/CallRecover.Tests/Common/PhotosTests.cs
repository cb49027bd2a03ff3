using CallRecover.Common;

namespace CallRecover.Tests.CommonFolder;

/// <summary>The one photo intake that job photos and request-form photos share: what it refuses and what it leaves on disk.</summary>
public sealed class PhotosTests : IDisposable
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cr-photos-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Check_RefusesByDeclaredSize_Emptiness_AndSignature_NamingTheFile()
    {
        (await Photos.CheckAsync("big.jpg", 5000, new MemoryStream(Jpeg), max: 4096)).Refused.ShouldBe("\"big.jpg\" is larger than 4 KB; send photos up to 4 KB each.");
        (await Photos.CheckAsync(null, 0, new MemoryStream(), max: 4096)).Refused.ShouldBe("The photo is empty.");
        (await Photos.CheckAsync("notes.jpg", 11, new MemoryStream("hello there"u8.ToArray()), max: 4096)).Refused
            .ShouldBe("\"notes.jpg\" is not a photo we can take. Only JPEG, PNG or HEIC photos can be uploaded.");
        var ok = await Photos.CheckAsync("c:\\phone\\IMG 1.JPG", Jpeg.Length, new MemoryStream(Jpeg), max: 4096);
        (ok.Type, ok.Refused, ok.Head.Length).ShouldBe((new PhotoType("image/jpeg", "jpg"), null, Jpeg.Length));
    }

    [Fact]
    public async Task Write_KeepsTheBytesReadByTheCheck_AndStoresUnderTheBusinessFolder_WithASafeName()
    {
        var content = new MemoryStream([.. Jpeg, 1, 2, 3]);
        var (type, head, _) = await Photos.CheckAsync("../../IMG 1.jpeg", content.Length, content, max: 4096);

        var (file, refused) = await Photos.WriteAsync(_root, "biz_1/..", "../../IMG 1.jpeg", type!, head, content, max: 4096);

        refused.ShouldBeNull();
        file!.FileName.ShouldBe("IMG1.jpg");
        (file.ContentType, file.Size).ShouldBe(("image/jpeg", Jpeg.Length + 3L));
        Path.GetDirectoryName(file.Path).ShouldBe(Path.Combine(_root, "biz1"));
        (await File.ReadAllBytesAsync(file.Path)).ShouldBe([.. Jpeg, 1, 2, 3]);
        Directory.GetFiles(Path.Combine(_root, "biz1")).ShouldBe([file.Path]);
    }

    [Fact]
    public async Task Write_RefusesAnUploadThatTurnsOutLargerThanDeclared_AndLeavesNoFile()
    {
        var content = new MemoryStream([.. Jpeg, .. new byte[5000]]);

        var (file, refused) = await Photos.WriteAsync(_root, "biz1", "liar.jpg", new PhotoType("image/jpeg", "jpg"), default, content, max: 4096);

        file.ShouldBeNull();
        refused.ShouldBe("\"liar.jpg\" is larger than 4 KB; send photos up to 4 KB each.");
        Directory.GetFiles(Path.Combine(_root, "biz1")).ShouldBeEmpty();
    }
}
