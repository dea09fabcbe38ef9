using System.Net;
using System.Text.Json.Nodes;
using Airwave.Aws.CloudFront;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.CloudFront;

/// <summary>
/// Origin access controls, made and read with the real AWS CLI, and a distribution that reads a private bucket of the
/// emulator's S3 through one, as the live distribution plays an S3Upload stream's playlist.
/// </summary>
public sealed class OriginAccessControlTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;

    private string LiveId => _aws.Emulator.Options.LiveDistributionId;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _cli.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task Origin_access_controls_are_created_listed_read_and_deleted_with_the_cli()
    {
        const string Config = "Name=archive-reader,Description=reads the archive,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3";
        var created = (await _cli.RunAsync("cloudfront", "create-origin-access-control", "--origin-access-control-config", Config)).Json;
        var id = (string)created["OriginAccessControl"]!["Id"]!;
        var again = await _cli.RunAsync("cloudfront", "create-origin-access-control", "--origin-access-control-config", Config);
        var listed = (await _cli.RunAsync("cloudfront", "list-origin-access-controls")).Json["OriginAccessControlList"]!;
        var read = (await _cli.RunAsync("cloudfront", "get-origin-access-control", "--id", id)).Json;
        var unmatched = await _cli.RunAsync("cloudfront", "delete-origin-access-control", "--id", id, "--if-match", "E000000000000");
        var deleted = await _cli.RunAsync("cloudfront", "delete-origin-access-control", "--id", id, "--if-match", (string)read["ETag"]!);
        var gone = await _cli.RunAsync("cloudfront", "get-origin-access-control", "--id", id);

        Assert.Matches("^E[A-Z0-9]{13}$", id);
        Assert.EndsWith($"/2020-05-31/origin-access-control/{id}", (string)created["Location"]!, StringComparison.Ordinal);
        Assert.Equal("always", (string)created["OriginAccessControl"]!["OriginAccessControlConfig"]!["SigningBehavior"]!);
        Assert.Contains("(OriginAccessControlAlreadyExists)", again.Error, StringComparison.Ordinal);
        Assert.Equal(
            [(_aws.Emulator.Options.ArchiveOriginAccessControlId, "airwave-sandbox-archive"), (id, "archive-reader")],
            listed["Items"]!.AsArray().Select(c => ((string)c!["Id"]!, (string)c["Name"]!)));
        Assert.Equal("reads the archive", (string)read["OriginAccessControl"]!["OriginAccessControlConfig"]!["Description"]!);
        Assert.Equal((string)created["ETag"]!, (string)read["ETag"]!);
        Assert.Contains("(PreconditionFailed)", unmatched.Error, StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("(NoSuchOriginAccessControl)", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_distribution_reads_a_private_bucket_only_through_its_origin_access_control()
    {
        _aws.Emulator.CreateBucket("archive");
        await File.WriteAllTextAsync(_cli.PathOf("index.m3u8"), "#EXTM3U\n");
        Assert.Equal(0, (await _cli.RunAsync("s3", "cp", _cli.PathOf("index.m3u8"), "s3://archive/streams/a/1/index.m3u8", "--content-type", "application/vnd.apple.mpegurl")).ExitCode);
        var accessControl = _aws.Emulator.Options.ArchiveOriginAccessControlId;
        var origin = new CloudFrontOrigin("archive-a", CloudFrontOrigin.BucketDomain("archive", "us-east-1"), OriginAccessControlId: accessControl);
        var behavior = new CloudFrontCacheBehavior("/streams/a/1/*", origin.Id, CloudFrontCacheBehavior.CachingDisabled);

        var added = (await _aws.CloudFront.PlaceOriginAsync(LiveId, origin, behavior, CancellationToken.None)).Written;
        var addedAgain = (await _aws.CloudFront.PlaceOriginAsync(LiveId, origin, behavior, CancellationToken.None)).Written;
        var config = (await _aws.CloudFront.GetDistributionConfigAsync(LiveId, CancellationToken.None)).Config;
        using var playlist = await _http.GetAsync(new Uri(_aws.Emulator.EdgeAddress(LiveId) + "/streams/a/1/index.m3u8"));
        using var missing = await _http.GetAsync(new Uri(_aws.Emulator.EdgeAddress(LiveId) + "/streams/a/1/other.m3u8"));
        var inUse = await _cli.RunAsync("cloudfront", "delete-origin-access-control", "--id", accessControl, "--if-match", await AccessControlETagAsync(accessControl));

        await _aws.CloudFront.PlaceOriginAsync(LiveId, origin with { OriginAccessControlId = "" }, behavior, CancellationToken.None);
        using var unsigned = await _http.GetAsync(new Uri(_aws.Emulator.EdgeAddress(LiveId) + "/streams/a/1/index.m3u8"));

        Assert.Equal((true, false), (added, addedAgain));
        Assert.Contains(origin, config.Origins);
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.Equal("#EXTM3U\n", await playlist.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.apple.mpegurl", playlist.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Contains("(OriginAccessControlInUse)", inUse.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await unsigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("archive.s3.us-east-1.amazonaws.com", "E0NOSUCHACCESS", "InvalidOriginAccessControl")]
    [InlineData("abc.mediapackage.us-east-1.amazonaws.com", null, "InvalidDomainNameForOriginAccessControl")]
    public async Task CloudFront_refuses_an_origin_access_control_it_does_not_have_or_on_an_origin_that_is_not_a_bucket(string domain, string? accessControl, string error)
    {
        var origin = new CloudFrontOrigin("refused", domain, OriginAccessControlId: accessControl ?? _aws.Emulator.Options.ArchiveOriginAccessControlId);
        var current = (await _cli.RunAsync("cloudfront", "get-distribution-config", "--id", LiveId)).Json;
        var config = current["DistributionConfig"]!.AsObject();
        var origins = config["Origins"]!.AsObject();
        origins["Items"]!.AsArray().Add(JsonNode.Parse($$"""
            {
              "Id": "{{origin.Id}}", "DomainName": "{{origin.DomainName}}",
              "S3OriginConfig": { "OriginAccessIdentity": "" },
              "OriginAccessControlId": "{{origin.OriginAccessControlId}}"
            }
            """));
        origins["Quantity"] = 2;

        var refused = await _cli.RunAsync("cloudfront", "update-distribution", "--id", LiveId, "--if-match", (string)current["ETag"]!, "--distribution-config", _cli.WriteFile("distribution.json", config.ToJsonString()));

        Assert.Contains($"({error})", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain((await _aws.CloudFront.GetDistributionConfigAsync(LiveId, CancellationToken.None)).Config.Origins, o => o.Id == "refused");
    }

    private async Task<string> AccessControlETagAsync(string id) =>
        (string)(await _cli.RunAsync("cloudfront", "get-origin-access-control", "--id", id)).Json["ETag"]!;
}
