using Airwave.Configuration;
using Airwave.Signaling.Sites;

namespace Airwave.Signaling.Tests;

public sealed class SitesFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("airwave-sites-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Sites_are_read_with_their_origins_as_browsers_send_them()
    {
        var path = Write("""{"shop": {"name": "Shop", "allowedOrigins": ["HTTPS://Shop.Example:443", "http://localhost:3000"], "secret": "0123456789abcdef0123456789abcdef"}}""");

        var sites = SitesFile.Load(path);

        var shop = Assert.Single(sites);
        Assert.Equal("shop", shop.Key);
        Assert.Equal(["https://shop.example", "http://localhost:3000"], shop.Value.NormalizedOrigins());
    }

    [Theory]
    [InlineData("""{"Shop!": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "0123456789abcdef0123456789abcdef"}}""", "names a site \"Shop!\"")]
    [InlineData("""{"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example/path"], "secret": "0123456789abcdef0123456789abcdef"}}""", "site \"shop\", allowedOrigins: \"https://shop.example/path\" is not an origin")]
    [InlineData("""{"shop": {"name": "Shop", "allowedOrigins": ["https://*.example"], "secret": "0123456789abcdef0123456789abcdef"}}""", "is not an origin")]
    [InlineData("""{"shop": {"name": "Shop", "allowedOrigins": [], "secret": "0123456789abcdef0123456789abcdef"}}""", "allowedOrigins: Required")]
    [InlineData("""{"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "short"}}""", "secret: Required: at least 32 characters")]
    [InlineData("""{"shop": {"allowedOrigins": ["https://shop.example"], "secret": "0123456789abcdef0123456789abcdef"}}""", "name: Required")]
    [InlineData("""["shop"]""", "is not a JSON object of site id to")]
    [InlineData("""{"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "0123456789abcdef0123456789abcdef", "sfu": {"streams": ["team-a"]}}}""", "site \"shop\", sfu.streams: \"team-a\" is not namespace/name of a LiveStream")]
    [InlineData("""{"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "0123456789abcdef0123456789abcdef", "sfu": {"streams": []}}}""", "sfu.streams: Required: 1 to 100 WebRtc LiveStreams")]
    [InlineData("""{"shop": {"name": "Shop", "allowedOrigins": ["https://shop.example"], "secret": "0123456789abcdef0123456789abcdef", "sfu": {"streams": ["team-a/stage"], "viewers": 1}}}""", "sfu.viewers: From 2 to 10000")]
    public void A_bad_file_names_the_site_and_field(string json, string expected)
    {
        var path = Write(json);

        var error = Assert.Throws<SettingException>(() => SitesFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_says_so()
    {
        var error = Assert.Throws<SettingException>(() => SitesFile.Load(Path.Combine(_folder.FullName, "absent.json")));

        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder.FullName, $"sites-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
