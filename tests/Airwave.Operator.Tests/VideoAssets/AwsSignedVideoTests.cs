using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// A Signed VideoAsset hosted on AWS in the sandbox, as a viewer meets it: its files are where the video distribution
/// asks for a signature (the sandbox's key group), the playlist URL the webhook service hands to a caller allowed to
/// get the asset plays every rendition (and its signed cookies open the distribution's playlist), a URL the AWS CLI
/// signs with the key plays, and anything unsigned or tampered with is refused. Its playback policy cannot change afterwards.
/// </summary>
[Collection(Collection)]
public sealed class AwsSignedVideoTests(OperatorSandbox sandbox) : AwsVideoTestBase(sandbox)
{
    [Fact]
    public async Task A_signed_video_plays_with_a_token_or_a_cli_signature_never_unsigned_and_keeps_its_policy()
    {
        var file = Path.Combine(Files.FullName, "private.mp4");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        await using var server = await ClipServer.StartAsync(file);
        var aws = Sandbox.Host.Aws!;
        using var cli = new AwsCli(aws.BaseAddress, AwsEmulatorOptions.TestCredentials.AccessKeyId, AwsEmulatorOptions.TestCredentials.SecretAccessKey);
        var ns = await Sandbox.CreateNamespaceAsync();
        var (allowed, stranger) = await Sandbox.PlaybackCallersAsync(ns, "private", "videoassets.media.airwave.dev");

        await ApplyAsync(ns, "private", server.ClipUrl.ToString(), "playbackPolicy: Signed");
        var ready = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "private"), a => (string?)a?["status"]?["phase"] is "Ready" or "Errored", Patience, "private settles");
        var status = ready!["status"]!;
        var url = (string)status["playbackUrl"]!;
        using var unsigned = await Http.GetAsync(new Uri(url));

        // An app backend's token: the playlist on the webhook service, whose renditions and segments are signed.
        using var asked = await Sandbox.AskPlaybackTokenAsync(Http, allowed, ns, "private", kind: "VideoAsset");
        var token = JsonNode.Parse(await asked.Content.ReadAsStringAsync())!;
        var played = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,width,height", "-of", "csv=p=0", (string)token["playbackUrl"]!], TimeSpan.FromSeconds(60));
        var master = await Http.GetStringAsync(new Uri((string)token["playbackUrl"]!));
        var rendition = master.Split('\n').First(l => l.StartsWith("http", StringComparison.Ordinal));
        var segment = (await Http.GetStringAsync(new Uri(rendition))).Split('\n').First(l => l.StartsWith("http", StringComparison.Ordinal));
        using var segmentSigned = await Http.GetAsync(new Uri(segment));
        using var segmentUnsigned = await Http.GetAsync(new Uri(segment.Split('?')[0]));
        using var poster = await Http.GetAsync(new Uri((string)token["thumbnailUrl"]!));
        using var withCookies = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        withCookies.Headers.Add("Cookie", string.Join("; ", token["cookies"]!.AsObject().Select(c => $"{c.Key}={c.Value}")));
        using var cookieJarless = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var cookiePlayed = await cookieJarless.SendAsync(withCookies);
        using var tampered = await Http.GetAsync(new Uri((string)token["playbackUrl"]! + "x"));
        using var refused = await Sandbox.AskPlaybackTokenAsync(Http, stranger, ns, "private", kind: "VideoAsset");

        // The AWS CLI's signer, with the key of the key group the distribution trusts.
        var keyFile = cli.WriteFile("video-signer.pem", aws.Options.PlaybackSigningKey.ExportRSAPrivateKeyPem());
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var cliSigned = (await cli.RunAsync("cloudfront", "sign", "--url", url, "--key-pair-id", aws.Options.PlaybackKeyPairId, "--private-key", keyFile, "--date-less-than", inAnHour)).Output.Trim();
        using var signed = await Http.GetAsync(new Uri(cliSigned));

        // The policy picks where the files are: it cannot change, and the video plays on as it was.
        await Sandbox.Kubectl.SucceedAsync("patch", "videoasset", "private", "-n", ns, "--type=merge", "-p", """{"spec":{"playbackPolicy":"Public"}}""");
        var kept = await Eventually.MatchAsync(() => Sandbox.GetAsync(ns, "videoasset", "private"), a => Reason(a, "Ready") == "PlaybackPolicyImmutable", Patience, "the policy change refused");

        Assert.True((string?)status["phase"] == "Ready", ready.ToJsonString());
        Assert.Equal("Signed", (string?)status["playbackPolicy"]);
        var edge = aws.EdgeAddress(aws.Options.VideoDistributionId).ToString().TrimEnd('/');
        Assert.Equal($"{edge}/signed-videos/{status["assetId"]}/hls/master.m3u8", url);
        Assert.Empty(await KeysAsync($"{ns}/private-"));
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);

        Assert.True(asked.StatusCode == HttpStatusCode.OK, token.ToJsonString());
        Assert.True(played.ExitCode == 0, played.ToString());
        Assert.Contains("video,854,480", played.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("video,640,360", played.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith(new Uri(Sandbox.Host.MuxCallbackUrl!, "/v1/videos/").ToString(), rendition, StringComparison.Ordinal);
        Assert.StartsWith($"{edge}/signed-videos/", segment, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (segmentSigned.StatusCode, segmentUnsigned.StatusCode));
        Assert.Equal((HttpStatusCode.OK, "image/jpeg"), (poster.StatusCode, poster.Content.Headers.ContentType?.MediaType));
        Assert.Equal(["CloudFront-Key-Pair-Id", "CloudFront-Policy", "CloudFront-Signature"], token["cookies"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, cookiePlayed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        Assert.True(signed.StatusCode == HttpStatusCode.OK, $"{signed.StatusCode} for {cliSigned}");
        Assert.StartsWith("#EXTM3U", await signed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(("Ready", url, "Signed"), ((string?)kept!["status"]!["phase"], (string?)kept["status"]!["playbackUrl"], (string?)kept["status"]!["playbackPolicy"]));
        Assert.Contains("cannot change", kept.ToJsonString(), StringComparison.Ordinal);
    }
}
