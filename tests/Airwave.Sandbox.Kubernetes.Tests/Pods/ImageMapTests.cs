using Airwave.Sandbox.Kubernetes.Pods;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

public sealed class ImageMapTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData("busybox")]
    [InlineData("busybox:1.36")]
    [InlineData("docker.io/library/busybox:1.36")]
    [InlineData("docker.io/busybox@sha256:0123abcd")]
    public void An_image_is_found_whatever_its_registry_tag_or_digest(string image) =>
        Assert.Equal(["sh"], ImageMap.Default.Resolve(image)!.Cmd);

    [Fact]
    public void A_file_adds_images_and_replaces_built_in_ones()
    {
        File.WriteAllText(_file, """{"example.com/team/greeter:2": {"entrypoint": ["/bin/echo"], "cmd": ["hi"]}, "busybox": {"cmd": ["ash"]}}""");

        var map = ImageMap.Default.With(_file);

        Assert.Equal(new ImageEntry(["/bin/echo"], ["hi"]), map.Resolve("example.com/team/greeter:3"), new EntryComparer());
        Assert.Equal(["ash"], map.Resolve("busybox")!.Cmd);
        Assert.Null(map.Resolve("nginx"));
        Assert.Null(ImageMap.Default.Resolve("example.com/team/greeter"));
    }

    [Theory]
    [InlineData("""{"tool": {"entrypoint": "/bin/tool"}}""", "\"entrypoint\" must be a list of strings")]
    [InlineData("""{"tool": """, "cannot be read")]
    public void A_file_that_cannot_be_used_is_refused_naming_it(string content, string problem)
    {
        File.WriteAllText(_file, content);

        var error = Assert.Throws<ImageMapException>(() => ImageMap.Default.With(_file));

        Assert.Contains(_file, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private sealed class EntryComparer : IEqualityComparer<ImageEntry?>
    {
        public bool Equals(ImageEntry? x, ImageEntry? y) =>
            x is not null && y is not null && x.Entrypoint.SequenceEqual(y.Entrypoint) && x.Cmd.SequenceEqual(y.Cmd);

        public int GetHashCode(ImageEntry? obj) => 0;
    }
}
