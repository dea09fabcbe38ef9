using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Airwave.Aws.CloudFront;
using Airwave.Aws.CloudFront.Signing;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.CloudFront;

/// <summary>
/// Restricted viewer access: public keys and key groups made with the real AWS CLI, a cache behavior trusting the key
/// group, and the edge serving only URLs and cookies signed with its private key, by the CLI's own signer
/// (<c>aws cloudfront sign</c>, botocore's) and by Airwave's, refusing the rest with CloudFront's 403s.
/// </summary>
public sealed class SignedUrlTests : IAsyncLifetime, IDisposable
{
    private const string Bucket = "vod";
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false });
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _stranger = RSA.Create(2048);
    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;
    private string _keyPairId = null!;
    private string _keyGroupId = null!;

    private string LiveId => _aws.Emulator.Options.LiveDistributionId;

    private string VideoUrl => _aws.Emulator.EdgeAddress(LiveId) + "/videos/intro/index.m3u8";

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        _aws.Emulator.CreateBucket(Bucket);
        await File.WriteAllTextAsync(_cli.PathOf("index.m3u8"), "#EXTM3U\n");
        Assert.Equal(0, (await _cli.RunAsync("s3", "cp", _cli.PathOf("index.m3u8"), $"s3://{Bucket}/videos/intro/index.m3u8")).ExitCode);

        var publicKey = new JsonObject { ["CallerReference"] = "vod-key-1", ["Name"] = "vod-key", ["EncodedKey"] = _key.ExportSubjectPublicKeyInfoPem(), ["Comment"] = "signs VOD playback" };
        _keyPairId = (string)(await _cli.RunAsync("cloudfront", "create-public-key", "--public-key-config", _cli.WriteFile("key.json", publicKey.ToJsonString()))).Json["PublicKey"]!["Id"]!;
        var group = new JsonObject { ["Name"] = "vod-signers", ["Items"] = new JsonArray(_keyPairId) };
        _keyGroupId = (string)(await _cli.RunAsync("cloudfront", "create-key-group", "--key-group-config", _cli.WriteFile("group.json", group.ToJsonString()))).Json["KeyGroup"]!["Id"]!;

        var origin = new CloudFrontOrigin("vod", CloudFrontOrigin.BucketDomain(Bucket, "us-east-1"), OriginAccessControlId: _aws.Emulator.Options.ArchiveOriginAccessControlId);
        await _aws.CloudFront.PlaceOriginAsync(LiveId, origin, new CloudFrontCacheBehavior("/videos/*", origin.Id, CloudFrontCacheBehavior.CachingDisabled), CancellationToken.None);
        var updated = await TrustAsync(_keyGroupId);
        Assert.True(updated.ExitCode == 0, updated.Error);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _cli.Dispose();
        _http.Dispose();
        _key.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public async Task Urls_signed_by_the_cli_and_by_airwave_play_and_the_rest_get_cloudfronts_403s()
    {
        var keyFile = _cli.WriteFile("private.pem", _key.ExportRSAPrivateKeyPem())["file://".Length..];
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1);
        var cliSigned = (await _cli.RunAsync("cloudfront", "sign", "--url", VideoUrl, "--key-pair-id", _keyPairId, "--private-key", $"file://{keyFile}", "--date-less-than", inAnHour.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))).Output.Trim();
        var cliNotYet = (await _cli.RunAsync("cloudfront", "sign", "--url", VideoUrl, "--key-pair-id", _keyPairId, "--private-key", $"file://{keyFile}", "--date-less-than", inAnHour.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), "--date-greater-than", inAnHour.AddMinutes(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))).Output.Trim();
        using var signer = new CloudFrontSigner(_keyPairId, _key.ExportPkcs8PrivateKeyPem());
        using var strangerSigner = new CloudFrontSigner(_keyPairId, _stranger.ExportPkcs8PrivateKeyPem());
        var canned = signer.SignUrl(VideoUrl, new CloudFrontPolicy(VideoUrl, inAnHour));
        var custom = signer.SignUrl(VideoUrl, new CloudFrontPolicy(_aws.Emulator.EdgeAddress(LiveId) + "/videos/*", inAnHour, SourceIp: "127.0.0.0/8"));

        Assert.Contains("Expires=", cliSigned, StringComparison.Ordinal);
        Assert.Contains("Policy=", cliNotYet, StringComparison.Ordinal);
        Assert.Contains("Expires=", canned, StringComparison.Ordinal);
        await AssertPlaysAsync(cliSigned);
        await AssertPlaysAsync(canned);
        await AssertPlaysAsync(custom);
        await AssertRefusedAsync(VideoUrl, "MissingKey", "Missing Key-Pair-Id query parameter or cookie value");
        await AssertRefusedAsync(cliNotYet, "AccessDenied", "Access denied");
        await AssertRefusedAsync(signer.SignUrl(VideoUrl, new CloudFrontPolicy(VideoUrl, DateTimeOffset.UtcNow.AddSeconds(-5))), "AccessDenied", "Access denied");
        await AssertRefusedAsync(signer.SignUrl(VideoUrl, new CloudFrontPolicy(VideoUrl, inAnHour, SourceIp: "10.0.0.0/8")), "AccessDenied", "Access denied");
        await AssertRefusedAsync(strangerSigner.SignUrl(VideoUrl, new CloudFrontPolicy(VideoUrl, inAnHour)), "AccessDenied", "Access denied");
        await AssertRefusedAsync(canned.Replace($"Key-Pair-Id={_keyPairId}", "Key-Pair-Id=K2NOSUCHKEY0001", StringComparison.Ordinal), "InvalidKey", "Unknown Key");
        await AssertRefusedAsync(canned.Replace("/videos/intro/", "/videos/other/", StringComparison.Ordinal), "AccessDenied", "Access denied");
    }

    [Fact]
    public async Task Signed_cookies_open_what_their_policy_covers_and_nothing_else()
    {
        using var signer = new CloudFrontSigner(_keyPairId, _key.ExportPkcs8PrivateKeyPem());
        var cookies = signer.Cookies(new CloudFrontPolicy(_aws.Emulator.EdgeAddress(LiveId) + "/videos/intro/*", DateTimeOffset.UtcNow.AddHours(1)));
        var elsewhere = signer.Cookies(new CloudFrontPolicy(_aws.Emulator.EdgeAddress(LiveId) + "/videos/other/*", DateTimeOffset.UtcNow.AddHours(1)));

        using var played = await GetAsync(VideoUrl, cookies);
        using var refused = await GetAsync(VideoUrl, elsewhere);

        Assert.Equal(HttpStatusCode.OK, played.StatusCode);
        Assert.Equal("#EXTM3U\n", await played.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task CloudFront_keeps_keys_and_groups_that_are_in_use_and_refuses_what_it_cannot_verify_with()
    {
        var keyETag = (string)(await _cli.RunAsync("cloudfront", "get-public-key", "--id", _keyPairId)).Json["ETag"]!;
        var groupETag = (string)(await _cli.RunAsync("cloudfront", "get-key-group", "--id", _keyGroupId)).Json["ETag"]!;
        var keyInUse = await _cli.RunAsync("cloudfront", "delete-public-key", "--id", _keyPairId, "--if-match", keyETag);
        var groupInUse = await _cli.RunAsync("cloudfront", "delete-key-group", "--id", _keyGroupId, "--if-match", groupETag);
        var missingGroup = await TrustAsync("00000000-0000-4000-8000-000000000000");
        var notAKey = await _cli.RunAsync("cloudfront", "create-public-key", "--public-key-config", _cli.WriteFile("bad.json", new JsonObject { ["CallerReference"] = "bad", ["Name"] = "bad", ["EncodedKey"] = "not a key" }.ToJsonString()));
        var keys = (await _cli.RunAsync("cloudfront", "list-public-keys")).Json["PublicKeyList"]!;
        var groups = (await _cli.RunAsync("cloudfront", "list-key-groups")).Json["KeyGroupList"]!;

        Assert.Contains("(PublicKeyInUse)", keyInUse.Error, StringComparison.Ordinal);
        Assert.Contains("(ResourceInUse)", groupInUse.Error, StringComparison.Ordinal);
        Assert.Contains("(TrustedKeyGroupDoesNotExist)", missingGroup.Error, StringComparison.Ordinal);
        Assert.Contains("(InvalidArgument)", notAKey.Error, StringComparison.Ordinal);
        Assert.Matches("^K[A-Z0-9]{13}$", _keyPairId);
        // Beside the installation's own, which signs Signed videos' playback.
        var installation = _aws.Emulator.Options;
        // Both sides in one order: the generated id may sort before the installation's or after it.
        Assert.Equal(new[] { installation.PlaybackKeyPairId, _keyPairId }.Order(StringComparer.Ordinal), keys["Items"]!.AsArray().Select(k => (string)k!["Id"]!).Order(StringComparer.Ordinal));
        Assert.Equal(
            [(installation.PlaybackKeyGroupId, installation.PlaybackKeyPairId), (_keyGroupId, _keyPairId)],
            groups["Items"]!.AsArray().Select(g => g!["KeyGroup"]!).Select(g => ((string)g["Id"]!, (string)g["KeyGroupConfig"]!["Items"]!.AsArray().Single()!)).OrderBy(g => g.Item1 == installation.PlaybackKeyGroupId ? 0 : 1));
    }

    /// <summary>The /videos/* behavior of the live distribution set to trust <paramref name="keyGroupId"/>, with the CLI.</summary>
    private async Task<AwsCliResult> TrustAsync(string keyGroupId)
    {
        var current = (await _cli.RunAsync("cloudfront", "get-distribution-config", "--id", LiveId)).Json;
        var config = current["DistributionConfig"]!.AsObject();
        var behavior = config["CacheBehaviors"]!["Items"]!.AsArray().Single(b => (string?)b!["PathPattern"] == "/videos/*")!;
        behavior["TrustedKeyGroups"] = new JsonObject { ["Enabled"] = true, ["Quantity"] = 1, ["Items"] = new JsonArray(keyGroupId) };
        return await _cli.RunAsync("cloudfront", "update-distribution", "--id", LiveId, "--if-match", (string)current["ETag"]!, "--distribution-config", _cli.WriteFile("distribution.json", config.ToJsonString()));
    }

    private async Task AssertPlaysAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("#EXTM3U\n", await response.Content.ReadAsStringAsync());
    }

    private async Task AssertRefusedAsync(string url, string code, string message)
    {
        using var response = await _http.GetAsync(new Uri(url));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Contains($"<Code>{code}</Code><Message>{message}</Message>", body, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, IReadOnlyDictionary<string, string> cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        return await _http.SendAsync(request);
    }
}
