using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;

namespace Airwave.Aws.Tests.Faults;

/// <summary>
/// The emulator's fault injection over HTTP (`/_airwave/faults` on its port), driven as a user testing their own
/// failure handling would: curl-style requests to set faults, the real AWS CLI to meet them.
/// </summary>
public sealed class FaultAdminTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private EmulatorHarness _aws = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync();
        _cli = new AwsCli(_aws.Emulator.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        _http.BaseAddress = _aws.Emulator.BaseAddress;
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _cli.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task A_throttle_set_over_http_is_met_by_the_cli_which_retries_past_it()
    {
        var added = await _http.PostAsJsonAsync("/_airwave/faults", new { kind = "Throttle", count = 1, service = "MediaLive", operation = "ListChannels" });
        var pending = JsonNode.Parse(await added.Content.ReadAsStringAsync())!;

        var listed = await _cli.RunAsync("medialive", "list-channels");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("Throttle", (string?)pending["faults"]![0]!["kind"]);
        Assert.Equal(1, (int)pending["faults"]![0]!["remaining"]!);
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(2, _aws.Emulator.Inventory.Calls.Counts["MediaLive.ListChannels"]);
        Assert.Empty(JsonNode.Parse(await _http.GetStringAsync("/_airwave/faults"))!["faults"]!.AsArray());
    }

    [Fact]
    public async Task Server_errors_before_the_operation_leave_nothing_behind()
    {
        await _http.PostAsJsonAsync("/_airwave/faults", new { kind = "ServerError", count = 100, service = "MediaLive", operation = "CreateInputSecurityGroup" });

        var result = await _cli.RunAsync("medialive", "create-input-security-group", "--whitelist-rules", "Cidr=10.0.0.0/8");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(InternalServerErrorException)", result.Error, StringComparison.Ordinal);
        Assert.Empty(_aws.Emulator.Inventory.InputSecurityGroups);
    }

    [Fact]
    public async Task An_s3_copy_can_be_faulted_by_its_own_name_though_it_shares_put_objects_uri()
    {
        await _cli.RunAsync("s3", "mb", "s3://clips");
        await File.WriteAllTextAsync(_cli.PathOf("clip.txt"), "clip");
        await _cli.RunAsync("s3", "cp", _cli.PathOf("clip.txt"), "s3://clips/a.mp4");
        var added = await _http.PostAsJsonAsync("/_airwave/faults", new { kind = "ServerError", count = 100, service = "S3", operation = "CopyObject" });

        var copied = await _cli.RunAsync("s3api", "copy-object", "--bucket", "clips", "--key", "b.mp4", "--copy-source", "clips/a.mp4");
        var put = await _cli.RunAsync("s3", "cp", _cli.PathOf("clip.txt"), "s3://clips/c.mp4");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.NotEqual(0, copied.ExitCode);
        Assert.Contains("(InternalError)", copied.Error, StringComparison.Ordinal);
        Assert.Equal(0, put.ExitCode);
        Assert.Equal(["a.mp4", "c.mp4"], _aws.Emulator.Inventory.Keys("clips"));
    }

    [Fact]
    public async Task A_lost_response_comes_after_the_operation_took_effect()
    {
        await _http.PostAsJsonAsync("/_airwave/faults", new { kind = "LoseResponse", service = "MediaLive", operation = "CreateInputSecurityGroup" });

        // The CLI sees its connection dropped and retries; the first call had already made a group, so there are two.
        var result = await _cli.RunAsync("medialive", "create-input-security-group", "--whitelist-rules", "Cidr=10.0.0.0/8");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, _aws.Emulator.Inventory.Calls.Counts["MediaLive.CreateInputSecurityGroup"]);
        Assert.Equal(2, _aws.Emulator.Inventory.InputSecurityGroups.Count);
    }

    [Fact]
    public async Task Latency_applies_until_the_faults_are_cleared()
    {
        var added = await _http.PostAsJsonAsync("/_airwave/faults", new { kind = "Latency", latencyMilliseconds = 250, service = "MediaPackage" });
        var during = JsonNode.Parse(await _http.GetStringAsync("/_airwave/faults"))!;
        var cleared = await _http.DeleteAsync("/_airwave/faults");
        var after = JsonNode.Parse(await _http.GetStringAsync("/_airwave/faults"))!;

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(250, (int)during["latencies"]![0]!["latencyMilliseconds"]!);
        Assert.Equal("MediaPackage", (string?)during["latencies"]![0]!["service"]);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(after["latencies"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"kind":"Explode"}""", "kind \"Explode\" is not one of Throttle, ServerError, LoseResponse, Reject, Latency.")]
    [InlineData("""{"kind":"Throttle","service":"MediaLive","operation":"CreateChanel"}""", "operation \"CreateChanel\" is not an operation of MediaLive")]
    [InlineData("""{"kind":"Throttle","service":"Chime"}""", "service \"Chime\" is not one of MediaLive, MediaPackage, CloudFront, S3, Ivs, Sts, CloudWatch, Kms, SecretsManager.")]
    [InlineData("""{"kind":"Latency"}""", "latencyMilliseconds must be between 1 and 600000")]
    [InlineData("""{"kind":"ServerError","count":0}""", "count must be between 1 and 10000.")]
    [InlineData("""{"kind":""", "The body is not a fault")]
    public async Task A_fault_that_cannot_be_set_is_a_problem_naming_what_is_wrong(string body, string detail)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await _http.PostAsync("/_airwave/faults", content);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(await _http.GetStringAsync("/_airwave/faults"))!["faults"]!.AsArray());
    }
}
