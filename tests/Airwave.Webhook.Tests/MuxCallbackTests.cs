using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Airwave.Webhook.Tests;

/// <summary>Mux's webhook (`POST /callbacks/mux`, here at the path the installation chose) as Mux (the sandbox's emulator) and as an attacker call it.</summary>
[Collection(nameof(MuxCallbackTests))]
public sealed class MuxCallbackTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IDisposable
{
    private const string Annotation = "media.airwave.dev/provider-event";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_callback_has_the_operator_act_on_an_upload_at_once_instead_of_at_its_next_poll()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        var uploadUrl = await Eventually.MatchAsync(
            () => sandbox.Kubectl.SucceedAsync("get", "videoasset", "intro", "-n", ns, "-o", "jsonpath={.status.uploadUrl}"),
            url => url.Length > 0,
            CallbackSandbox.Timeout,
            "an upload URL");

        var clip = await TestMedia.ClipAsync(sandbox.Directory);
        using (var put = await _http.PutAsync(new Uri(uploadUrl), new ByteArrayContent(await File.ReadAllBytesAsync(clip))))
        {
            put.EnsureSuccessStatusCode();
        }

        // The operator would look at the waiting upload again in ten minutes; the callback brings it now.
        var ready = await Eventually.MatchAsync(() => GetAsync(ns, "intro"), a => (string?)a["status"]?["phase"] == "Ready", CallbackSandbox.Timeout, "intro Ready soon after the upload");
        Assert.StartsWith("video.", (string?)ready["metadata"]!["annotations"]![Annotation], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_signatures_stale_timestamps_and_bodies_that_are_not_events_get_400_problem_json_and_change_nothing()
    {
        var (ns, uid, before) = await WaitingAssetAsync();
        var body = Event("video.asset.ready", Guid.NewGuid().ToString(), uid);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await AssertProblemAsync(await PostAsync(body, $"t={now},v1={MuxSignatureTests.Sign("not-the-secret", now, body)}"), HttpStatusCode.BadRequest, "No Mux-Signature signature matches");
        await AssertProblemAsync(await PostAsync(body, Signed(body, now - 600)), HttpStatusCode.BadRequest, "more than the allowed tolerance");
        await AssertProblemAsync(await PostAsync(body, null), HttpStatusCode.BadRequest, "no Mux-Signature header");
        await AssertProblemAsync(await PostAsync("{not json", Signed("{not json", now)), HttpStatusCode.BadRequest, "The body is not JSON");
        await AssertProblemAsync(await PostAsync("""{"type":"video.asset.ready"}""", Signed("""{"type":"video.asset.ready"}""", now)), HttpStatusCode.BadRequest, "no string id and type");
        var huge = new string('x', 300 * 1024);
        await AssertProblemAsync(await PostAsync(huge, Signed(huge, now)), HttpStatusCode.RequestEntityTooLarge, "larger than");

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal(before, (string?)(await GetAsync(ns, "intro"))["metadata"]!["annotations"]?[Annotation]);
    }

    [Fact]
    public async Task An_unknown_event_type_is_accepted_and_ignored_and_a_repeated_event_id_acts_once()
    {
        var (ns, uid, before) = await WaitingAssetAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var other = Event("video.live_stream.idle", Guid.NewGuid().ToString(), uid);
        using (var ignored = await PostAsync(other, Signed(other, now)))
        {
            Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        }

        Assert.Equal(before, (string?)(await GetAsync(ns, "intro"))["metadata"]!["annotations"]?[Annotation]);

        var id = Guid.NewGuid().ToString();
        var ready = Event("video.asset.ready", id, uid);
        using (var first = await PostAsync(ready, Signed(ready, now)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.Equal($"video.asset.ready {id}", (string?)(await GetAsync(ns, "intro"))["metadata"]!["annotations"]![Annotation]);
        await sandbox.Kubectl.SucceedAsync("annotate", "-n", ns, "videoasset", "intro", $"{Annotation}-");

        using (var repeat = await PostAsync(ready, Signed(ready, now)))
        {
            Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        }

        Assert.Null((await GetAsync(ns, "intro"))["metadata"]!["annotations"]?[Annotation]);
    }

    [Fact]
    public async Task Verified_callbacks_beyond_the_rate_get_429_with_retry_after_and_forged_ones_never_count()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var flood = CallbackSandbox.CallbacksPerSecond * 5;

        // Forged requests, five times the rate at once: each refused for its signature, none for the rate, so they
        // cannot crowd out Mux's own callbacks.
        var forged = await Task.WhenAll(Enumerable.Range(0, flood).Select(_ => PostAsync("{}", $"t={now},v1=forged")));
        var forgedStatuses = forged.Select(r => r.StatusCode).ToList();
        forged.ToList().ForEach(r => r.Dispose());
        Assert.All(forgedStatuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));

        var verified = await Task.WhenAll(Enumerable.Range(0, flood).Select(i =>
        {
            var body = Event("video.asset.created", $"flood-{Guid.NewGuid():N}", "not-an-airwave-asset");
            return PostAsync(body, Signed(body, now));
        }));
        try
        {
            Assert.All(verified, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
            var limited = verified.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.Equal("1", limited[0].Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            await AssertProblemAsync(limited[0], HttpStatusCode.TooManyRequests, "callbacks a second");
        }
        finally
        {
            verified.ToList().ForEach(r => r.Dispose());
        }

        // Once the second is over, callbacks are taken again (and the next test starts with the rate to itself).
        await Eventually.MatchAsync(
            async () =>
            {
                var body = Event("video.asset.created", $"after-{Guid.NewGuid():N}", "not-an-airwave-asset");
                using var response = await PostAsync(body, Signed(body, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            CallbackSandbox.Timeout,
            "a verified callback taken after the flood");
    }

    [Fact]
    public async Task Callbacks_and_probes_are_served_on_separate_ports()
    {
        using (var probe = await _http.GetAsync(new Uri(sandbox.ManagementUrl, "readyz")))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        using (var metrics = await _http.GetAsync(new Uri(sandbox.ManagementUrl, "metrics")))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }

        using (var publicProbe = await _http.GetAsync(new Uri(sandbox.CallbackUrl, "/readyz")))
        {
            Assert.Equal(HttpStatusCode.NotFound, publicProbe.StatusCode);
        }

        using var content = new StringContent("{}");
        using var internalCallback = await _http.PostAsync(new Uri(sandbox.ManagementUrl, CallbackSandbox.MuxStatusPath), content);
        Assert.Equal(HttpStatusCode.NotFound, internalCallback.StatusCode);
    }

    /// <summary>A VideoAsset waiting for its upload, once Mux's own callback about the new upload has marked it.</summary>
    private async Task<(string Namespace, string Uid, string Mark)> WaitingAssetAsync()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        var waiting = await Eventually.MatchAsync(
            () => GetAsync(ns, "intro"),
            a => a["status"]?["uploadUrl"] is not null && ((string?)a["metadata"]!["annotations"]?[Annotation])?.StartsWith("video.upload.created ", StringComparison.Ordinal) == true,
            CallbackSandbox.Timeout,
            "an upload URL, and Mux's callback about it");
        return (ns, (string)waiting["metadata"]!["uid"]!, (string)waiting["metadata"]!["annotations"]![Annotation]!);
    }

    private static string Event(string type, string id, string passthrough) =>
        new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["object"] = new JsonObject { ["type"] = "asset", ["id"] = "some-asset" },
            ["data"] = new JsonObject { ["id"] = "some-asset", ["status"] = "ready", ["passthrough"] = passthrough },
        }.ToJsonString();

    private string Signed(string body, long timestamp) => $"t={timestamp},v1={MuxSignatureTests.Sign(sandbox.Host.Mux!.Options.WebhookSecret, timestamp, body)}";

    private async Task<HttpResponseMessage> PostAsync(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sandbox.CallbackUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("Mux-Signature", signature);
        }

        return await _http.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal((int)status, (int)problem["status"]!);
            Assert.Contains(detail, (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    private async Task<JsonNode> GetAsync(string ns, string name) =>
        JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "videoasset", name, "-n", ns, "-o", "json"))!;
}
