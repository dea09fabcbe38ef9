using System.Net;
using Airwave.Aws.CloudFront;
using Airwave.Aws.Errors;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.CloudFront;

/// <summary>
/// Custom response headers policies, made and read with the real AWS CLI and Airwave's client, and the headers a
/// distribution's edge sets on what a cache behavior naming one serves, as the live distribution serves uploads.
/// </summary>
public sealed class ResponseHeadersPolicyTests : IAsyncLifetime, IDisposable
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
    public async Task Policies_are_created_listed_read_and_deleted_with_the_cli_and_made_and_found_by_airwaves_client()
    {
        var config = _cli.WriteFile("policy.json", """
            {
              "Name": "strict", "Comment": "made with the CLI",
              "SecurityHeadersConfig": {
                "ContentTypeOptions": { "Override": true },
                "ReferrerPolicy": { "Override": false, "ReferrerPolicy": "no-referrer" }
              },
              "CustomHeadersConfig": { "Quantity": 1, "Items": [{ "Header": "X-Team", "Value": "media", "Override": true }] }
            }
            """);
        var created = (await _cli.RunAsync("cloudfront", "create-response-headers-policy", "--response-headers-policy-config", config)).Json;
        var id = (string)created["ResponseHeadersPolicy"]!["Id"]!;
        var again = await _cli.RunAsync("cloudfront", "create-response-headers-policy", "--response-headers-policy-config", config);
        var inconsistent = await _cli.RunAsync("cloudfront", "create-response-headers-policy", "--response-headers-policy-config", _cli.WriteFile("bad.json", """
            { "Name": "bad", "CustomHeadersConfig": { "Quantity": 2, "Items": [{ "Header": "X-A", "Value": "a", "Override": true }] } }
            """));
        var ours = await _aws.CloudFront.CreateResponseHeadersPolicyAsync(new ResponseHeadersPolicyConfig("uploads", "made by Airwave", "default-src 'none'; sandbox", "DENY"), CancellationToken.None);
        var clash = await Assert.ThrowsAsync<AwsConflictException>(() => _aws.CloudFront.CreateResponseHeadersPolicyAsync(new ResponseHeadersPolicyConfig("uploads", "again"), CancellationToken.None));
        var listed = await _aws.CloudFront.ListResponseHeadersPoliciesAsync(CancellationToken.None);
        var managed = (await _cli.RunAsync("cloudfront", "list-response-headers-policies", "--type", "managed")).Json["ResponseHeadersPolicyList"]!;
        var read = (await _cli.RunAsync("cloudfront", "get-response-headers-policy", "--id", ours.Id)).Json;
        var unmatched = await _cli.RunAsync("cloudfront", "delete-response-headers-policy", "--id", id, "--if-match", "E000000000000");
        var deleted = await _cli.RunAsync("cloudfront", "delete-response-headers-policy", "--id", id, "--if-match", (string)created["ETag"]!);
        var gone = await _cli.RunAsync("cloudfront", "get-response-headers-policy", "--id", id);

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id);
        Assert.EndsWith($"/2020-05-31/response-headers-policy/{id}", (string)created["Location"]!, StringComparison.Ordinal);
        Assert.Equal("no-referrer", (string?)created["ResponseHeadersPolicy"]!["ResponseHeadersPolicyConfig"]!["SecurityHeadersConfig"]!["ReferrerPolicy"]!["ReferrerPolicy"]);
        Assert.Contains("(ResponseHeadersPolicyAlreadyExists)", again.Error, StringComparison.Ordinal);
        Assert.Contains("(InconsistentQuantities)", inconsistent.Error, StringComparison.Ordinal);
        Assert.Equal("ResponseHeadersPolicyAlreadyExists", clash.ErrorCode);
        Assert.Equal([(id, "strict"), (ours.Id, "uploads")], listed.Select(p => (p.Id, p.Name)));
        Assert.Equal(0, (int)managed["Quantity"]!);
        var security = read["ResponseHeadersPolicy"]!["ResponseHeadersPolicyConfig"]!["SecurityHeadersConfig"]!;
        Assert.Equal("default-src 'none'; sandbox", (string?)security["ContentSecurityPolicy"]!["ContentSecurityPolicy"]);
        Assert.Equal(("DENY", true), ((string?)security["FrameOptions"]!["FrameOption"], (bool?)security["FrameOptions"]!["Override"]));
        Assert.True((bool?)security["ContentTypeOptions"]!["Override"]);
        Assert.Contains("(PreconditionFailed)", unmatched.Error, StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("(NoSuchResponseHeadersPolicy)", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_edge_sets_the_policys_headers_on_what_its_behavior_serves_and_a_policy_in_use_or_unknown_is_refused()
    {
        _aws.Emulator.CreateBucket("archive");
        await File.WriteAllTextAsync(_cli.PathOf("page.ts"), "<html><script>alert(1)</script></html>");
        Assert.Equal(0, (await _cli.RunAsync("s3", "cp", _cli.PathOf("page.ts"), "s3://archive/streams/a/1/page.ts", "--content-type", "text/html")).ExitCode);
        var policy = await _aws.CloudFront.CreateResponseHeadersPolicyAsync(new ResponseHeadersPolicyConfig("uploads", "served uploads", "default-src 'none'; sandbox", "DENY"), CancellationToken.None);
        var origin = new CloudFrontOrigin("archive-a", CloudFrontOrigin.BucketDomain("archive", "us-east-1"), OriginAccessControlId: _aws.Emulator.Options.ArchiveOriginAccessControlId);
        var behavior = new CloudFrontCacheBehavior("/streams/a/1/*", origin.Id, CloudFrontCacheBehavior.CachingDisabled, policy.Id);

        var unknown = await Assert.ThrowsAsync<AwsNotFoundException>(() => _aws.CloudFront.PlaceOriginAsync(LiveId, origin, behavior with { ResponseHeadersPolicyId = "00000000-0000-4000-8000-000000000000" }, CancellationToken.None));
        await _aws.CloudFront.PlaceOriginAsync(LiveId, origin, behavior, CancellationToken.None);
        var config = (await _aws.CloudFront.GetDistributionConfigAsync(LiveId, CancellationToken.None)).Config;
        using var served = await _http.GetAsync(new Uri(_aws.Emulator.EdgeAddress(LiveId) + "/streams/a/1/page.ts"));
        using var refused = await _http.GetAsync(new Uri(_aws.Emulator.EdgeAddress(LiveId) + "/streams/a/1/missing.ts"));
        var inUse = await _cli.RunAsync("cloudfront", "delete-response-headers-policy", "--id", policy.Id, "--if-match", await ETagAsync(policy.Id));

        Assert.Equal("NoSuchResponseHeadersPolicy", unknown.ErrorCode);
        Assert.Contains(behavior, config.CacheBehaviors);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", served.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("(ResponseHeadersPolicyInUse)", inUse.Error, StringComparison.Ordinal);
    }

    private async Task<string> ETagAsync(string id) =>
        (string)(await _cli.RunAsync("cloudfront", "get-response-headers-policy", "--id", id)).Json["ETag"]!;
}
