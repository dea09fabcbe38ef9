using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Webhook.Tests;

/// <summary>
/// Players reporting views to the webhook service as a page would (CORS, JSON beacons, CMCD), and what the downstream
/// service then receives through the operator's delivery: the view, and at its end its stream_performance.
/// </summary>
public sealed class ViewTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IDisposable
{
    private const string Player = "AirwaveTestPlayer/1.0 (like Chromium)";

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_signed_videos_view_needs_its_view_token_and_ends_as_the_integrations_events()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", "app", "-n", ns);
        await sandbox.Kubectl.SucceedAsync("create", "role", "watch-intro", "-n", ns, "--verb=get", "--resource=videoassets.media.airwave.dev");
        await sandbox.Kubectl.SucceedAsync("create", "rolebinding", "app-watches-intro", "-n", ns, "--role=watch-intro", $"--serviceaccount={ns}:app");
        var app = (await sandbox.Kubectl.SucceedAsync("create", "token", "app", "-n", ns, "--audience=airwave-playback")).Trim();
        await sandbox.UploadIntroAsync(ns);

        // Without its token, a signed video answers as a missing one does: a guess learns nothing of what exists.
        var unsigned = await ProblemTextAsync(await OpenAsync(new { kind = "VideoAsset", @namespace = ns, name = "intro" }), HttpStatusCode.NotFound);
        var missing = await ProblemTextAsync(await OpenAsync(new { kind = "VideoAsset", @namespace = ns, name = "absent" }), HttpStatusCode.NotFound);
        Assert.Contains("viewToken POST /v1/playback-tokens gives", unsigned, StringComparison.Ordinal);
        Assert.Equal(unsigned.Replace("intro", "absent", StringComparison.Ordinal), missing);
        await AssertProblemAsync(await OpenAsync(new { kind = "VideoAsset", @namespace = ns, name = "intro", viewToken = "forged.token.here" }), HttpStatusCode.Unauthorized, "not one for VideoAsset");
        await AssertProblemAsync(await OpenAsync(new { kind = "VideoAsset", @namespace = ns, name = "absent", viewToken = "forged.token.here" }), HttpStatusCode.Unauthorized, "not one for VideoAsset");

        var viewToken = await ViewTokenAsync(app, ns, "intro");
        await AssertProblemAsync(await OpenAsync(new { kind = "VideoAsset", @namespace = ns, name = "other", viewToken }), HttpStatusCode.Unauthorized, $"not one for VideoAsset {ns}/other");
        using var opened = await OpenAsync(new { kind = "VideoAsset", @namespace = ns, name = "intro", viewToken, sessionId = "session-42" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var view = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!;
        var id = (string)view["viewId"]!;
        Assert.Equal($"/v1/views/{id}", opened.Headers.Location!.OriginalString);
        Assert.Equal(1.0, (double)view["heartbeatSeconds"]!);

        await SendAsync(id, """
            [{"type": "play", "t": 0}, {"type": "quality_change", "t": 50, "rendition": {"bitrate": 800000, "width": 640, "height": 360}},
             {"type": "playing", "t": 300}, {"type": "buffering_start", "t": 600}, {"type": "buffering_end", "t": 900},
             {"type": "quality_change", "t": 1000, "rendition": {"bitrate": 400000, "width": 416, "height": 234}}, {"type": "heartbeat", "t": 1200}]
            """, HttpStatusCode.NoContent);
        await SendAsync(id, """{"type": "end", "t": 1500}""", HttpStatusCode.NoContent);
        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/events", """{"type": "heartbeat", "t": 1600}"""), HttpStatusCode.NotFound, "no open view with this id");

        var viewed = await sandbox.DownstreamEventAsync("dev.airwave.video.viewed", e => (string?)e["data"]!["session_id"] == "session-42");
        Assert.Equal("video_viewed", (string?)viewed["data"]!["event_type"]);
        Assert.Equal("intro", (string?)viewed["data"]!["video_data"]!["name"]);
        Assert.Equal(Player, (string?)viewed["data"]!["user_agent"]);
        Assert.Equal("127.0.0.1", (string?)viewed["data"]!["ip_address"]);
        Assert.Equal($"{ns}/intro", (string?)viewed["subject"]);

        var analytics = await sandbox.DownstreamEventAsync("dev.airwave.video.analytics", e => (string?)e["data"]!["data"]!["view_id"] == id);
        var report = analytics["data"]!;
        Assert.Equal("stream_performance", (string?)report["analytics_type"]);
        Assert.Equal((string?)viewed["data"]!["video_data"]!["video_id"], (string?)report["stream_id"]);
        var performance = report["data"]!;
        Assert.Equal(1.5, (double)performance["view_duration"]!);
        Assert.Equal(1, (int)performance["buffering_events"]!);
        Assert.Equal(1, (int)performance["quality_changes"]!);
        Assert.Equal(300, (double)performance["startup_time_ms"]!);
        Assert.Equal(0.2, (double)performance["rebuffer_ratio"]!);
        Assert.Equal("ended", (string?)performance["end_reason"]);
        Assert.NotNull(performance["user_engagement"]!["level"]);
    }

    [Fact]
    public async Task An_external_streams_view_is_taken_from_listed_pages_keeps_its_cmcd_and_ends_when_its_beacons_stop()
    {
        const string Url = "https://cdn.example.net/live/channel-7/index.m3u8";
        await AssertProblemAsync(await OpenAsync(new { url = Url }), HttpStatusCode.Forbidden, "Origin is missing");
        await AssertProblemAsync(await OpenAsync(new { url = Url }, origin: "https://elsewhere.example"), HttpStatusCode.Forbidden, "ExternalOrigins");
        await AssertProblemAsync(await OpenAsync(new { url = "ftp://cdn.example.net/x" }, origin: CallbackSandbox.ExternalOrigin), HttpStatusCode.BadRequest, "http or https");

        using var opened = await OpenAsync(new { url = Url }, origin: CallbackSandbox.ExternalOrigin);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (string)JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["viewId"]!;

        // CMCD as a player sends it: the query argument and the headers of one request, and CTA-5004's JSON form.
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.CallbackUrl, $"/v1/views/{id}/cmcd?CMCD={Uri.EscapeDataString($"br=3200,ot=v,sid=\"{id}\"")}")))
        {
            request.Headers.TryAddWithoutValidation("CMCD-Request", "bl=21300,mtp=25400");
            request.Headers.TryAddWithoutValidation("CMCD-Session", "sf=h,st=l");
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/cmcd", """{"br": "fast"}"""), HttpStatusCode.BadRequest, "br takes an integer");
        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/cmcd", """{"sid": "someone-else"}"""), HttpStatusCode.BadRequest, "sid is neither");
        using (var json = await PostAsync($"/v1/views/{id}/cmcd", """{"br": 1600, "bl": 9000, "bs": true, "ot": "v", "tb": 3200}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, json.StatusCode);
        }

        var viewed = await sandbox.DownstreamEventAsync("dev.airwave.stream.viewed", e => (string?)e["data"]!["session_id"] == id);
        Assert.Equal(Url, (string?)viewed["source"]);
        Assert.Equal("site.example", (string?)viewed["data"]!["stream_data"]!["namespace"]);
        Assert.Equal("cdn.example.net", (string?)viewed["data"]!["stream_data"]!["external_stream"]!["domain"]);

        // No heartbeat: the view ends by itself after the idle timeout, with the last CMCD report.
        var analytics = await sandbox.DownstreamEventAsync("dev.airwave.stream.analytics", e => (string?)e["data"]!["data"]!["view_id"] == id);
        var performance = analytics["data"]!["data"]!;
        Assert.Equal("timed_out", (string?)performance["end_reason"]);
        Assert.Equal(1600, (int)performance["cmcd"]!["br"]!);
        Assert.True((bool)performance["cmcd"]!["bs"]!);
        Assert.Equal("v", (string?)performance["cmcd"]!["ot"]);
        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/events", """{"type": "heartbeat", "t": 1}"""), HttpStatusCode.NotFound, "no open view");
    }

    [Fact]
    public async Task Bad_beacons_are_refused_with_what_is_wrong_and_nothing_past_the_bounds_gets_in()
    {
        await AssertProblemAsync(await PostAsync("/v1/views/not-a-view/events", """{"type": "heartbeat", "t": 0}"""), HttpStatusCode.NotFound, "no open view with this id");
        await AssertProblemAsync(await OpenAsync(new { kind = "LiveStream", @namespace = "default", name = "nobody-streams-this" }), HttpStatusCode.NotFound, "no LiveStream default/nobody-streams-this that plays without a token");
        await AssertProblemAsync(await OpenAsync(new { kind = "Clip", @namespace = "default", name = "x" }), HttpStatusCode.BadRequest, "views are of a LiveStream or a VideoAsset");
        await AssertProblemAsync(await PostAsync("/v1/views", "{not json"), HttpStatusCode.BadRequest, "not a view request");
        await AssertProblemAsync(await PostAsync("/v1/views", JsonSerializer.Serialize(new { url = new string('x', 20 * 1024) })), HttpStatusCode.RequestEntityTooLarge, "larger than 16384 bytes");

        using var opened = await OpenAsync(new { url = "https://cdn.example.net/vod/a.m3u8" }, origin: CallbackSandbox.ExternalOrigin);
        var id = (string)JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["viewId"]!;
        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/events", """[{"type": "play", "t": 0}, {"type": "rewind", "t": 1}]"""), HttpStatusCode.BadRequest, "events[1].type is rewind");
        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/events", """[{"type": "play"}]"""), HttpStatusCode.BadRequest, "events[0].t");
        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/events", """[{"type": "quality_change", "t": 3}]"""), HttpStatusCode.BadRequest, "without its rendition");
        var many = "[" + string.Join(',', Enumerable.Repeat("""{"type":"heartbeat","t":1}""", 101)) + "]";
        await AssertProblemAsync(await PostAsync($"/v1/views/{id}/events", many), HttpStatusCode.BadRequest, "at most 100 events");

        // Five beacons a second per view: the sixth within the same second is refused (the loop is bounded).
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await PostAsync($"/v1/views/{id}/events", """{"type": "heartbeat", "t": 5}""");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses.Where(s => s != HttpStatusCode.TooManyRequests), s => Assert.Equal(HttpStatusCode.NoContent, s));
    }

    [Fact]
    public async Task Any_page_may_ask_to_send_views_and_the_metrics_count_them()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(sandbox.CallbackUrl, "/v1/views"));
        preflight.Headers.Add("Origin", "https://any-page.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,cmcd-request");
        using (var answer = await _http.SendAsync(preflight))
        {
            Assert.True(answer.IsSuccessStatusCode, answer.StatusCode.ToString());
            Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        }

        using var opened = await OpenAsync(new { url = "https://cdn.example.net/vod/metrics.m3u8" }, origin: CallbackSandbox.ExternalOrigin);
        Assert.Equal("*", opened.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var id = (string)JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["viewId"]!;

        var scrape = new Scrape(await _http.GetStringAsync(new Uri(sandbox.ManagementUrl, "metrics")));
        Assert.True(scrape.Sum("airwave_views_total", ("kind", "External"), ("namespace", "site.example")) >= 1);
        Assert.Equal(1, scrape.Sum("airwave_viewers", ("name", "https://cdn.example.net/vod/metrics.m3u8")));

        // What the operator counts into status.viewers is LiveStreams' views alone, and only on the management port.
        var report = JsonNode.Parse(await _http.GetStringAsync(new Uri(sandbox.ManagementUrl, "v1/viewers")))!;
        Assert.DoesNotContain(report["liveStreams"]!.AsArray(), s => ((string?)s!["name"])!.Contains("metrics.m3u8", StringComparison.Ordinal));
        using (var outside = await _http.GetAsync(new Uri(sandbox.CallbackUrl, "/v1/viewers")))
        {
            Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        }

        await SendAsync(id, """[{"type": "play", "t": 0}, {"type": "playing", "t": 250}, {"type": "end", "t": 1000}]""", HttpStatusCode.NoContent);
        scrape = new Scrape(await _http.GetStringAsync(new Uri(sandbox.ManagementUrl, "metrics")));
        Assert.Equal(0, scrape.Sum("airwave_viewers", ("name", "https://cdn.example.net/vod/metrics.m3u8")));
        Assert.True(scrape.Sum("airwave_view_startup_seconds_count", ("kind", "External")) >= 1);
        Assert.True(scrape.Sum("airwave_view_rebuffer_ratio_count", ("kind", "External")) >= 1);
    }

    private async Task<string> ViewTokenAsync(string bearer, string ns, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.CallbackUrl, "/v1/playback-tokens"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { @namespace = ns, name }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["viewToken"]!;
    }

    private Task<HttpResponseMessage> OpenAsync(object body, string? origin = null) =>
        PostAsync("/v1/views", JsonSerializer.Serialize(body), origin);

    private async Task SendAsync(string id, string events, HttpStatusCode expected)
    {
        using var response = await PostAsync($"/v1/views/{id}/events", events);
        Assert.True(expected == response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.CallbackUrl, path))
        {
            // What fetch() sends from a page without a preflight: text/plain.
            Content = new StringContent(body, Encoding.UTF8, "text/plain"),
        };
        request.Headers.UserAgent.ParseAdd(Player);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return SendDisposingAsync(request);
    }

    private async Task<HttpResponseMessage> SendDisposingAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await _http.SendAsync(request);
        }
    }


    /// <summary>The problem's detail, after checking its status.</summary>
    private static async Task<string> ProblemTextAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
            return (string)JsonNode.Parse(body)!["detail"]!;
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(detail, body, StringComparison.Ordinal);
        }
    }
}
