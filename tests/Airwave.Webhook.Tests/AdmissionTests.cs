using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Airwave.Webhook.Tests;

/// <summary>
/// The validating webhook as the API server calls it: an AdmissionReview v1 over HTTPS, trusting only the CA that
/// signed the admission port's certificate (what a webhook configuration's caBundle holds).
/// </summary>
public sealed class AdmissionTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>, IDisposable
{
    private readonly HttpClient _apiServer = new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(sandbox.AdmissionCertificates.Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is X509Certificate2 served && chain.Build(served);
            },
        },
    });

    public void Dispose() => _apiServer.Dispose();

    [Fact]
    public async Task A_livestream_whose_source_block_does_not_match_its_type_is_refused_naming_the_fields()
    {
        var response = await ReviewAsync("LiveStream", "CREATE", new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "LiveStream",
            ["metadata"] = new JsonObject { ["name"] = "meeting", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["type"] = "Chime", ["rtmpPush"] = new JsonObject() } },
        });

        Assert.False((bool)response["allowed"]!);
        Assert.Equal(422, (int)response["status"]!["code"]!);
        Assert.Equal("Invalid", (string?)response["status"]!["reason"]);
        Assert.Equal(
            "LiveStream \"meeting\" is invalid: [spec.source.rtmpPush: Forbidden: may only be set when spec.source.type is RtmpPush, and it is Chime, spec.source.chime: Required value: spec.source.type Chime needs the meeting to join (meetingUrl)]",
            (string?)response["status"]!["message"]);
        Assert.Equal(["spec.source.rtmpPush", "spec.source.chime"], response["status"]!["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]));
    }

    [Fact]
    public async Task A_livestream_pulling_rtsp_is_refused_saying_what_can_be_pulled()
    {
        var response = await ReviewAsync("LiveStream", "CREATE", new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "LiveStream",
            ["metadata"] = new JsonObject { ["name"] = "door-camera", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["type"] = "Pull", ["pull"] = new JsonObject { ["url"] = "rtsp://10.0.0.5/stream1" } } },
        });

        Assert.False((bool)response["allowed"]!);
        Assert.Equal(422, (int)response["status"]!["code"]!);
        Assert.StartsWith("LiveStream \"door-camera\" is invalid: spec.source.pull.url: Invalid value: \"rtsp://10.0.0.5/stream1\": RTSP cannot be pulled", (string?)response["status"]!["message"], StringComparison.Ordinal);
        Assert.Equal("spec.source.pull.url", (string?)response["status"]!["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task A_good_livestream_is_allowed_and_an_update_it_cannot_take_in_place_is_allowed_with_a_warning()
    {
        var stream = new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "LiveStream",
            ["metadata"] = new JsonObject { ["name"] = "workshop", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["type"] = "RtmpPush" }, ["encoding"] = new JsonObject { ["channelClass"] = "SinglePipeline" } },
        };
        var redundant = stream.DeepClone().AsObject();
        redundant["spec"]!["encoding"]!["channelClass"] = "Standard";

        var created = await ReviewAsync("LiveStream", "CREATE", stream);
        var updated = await ReviewAsync("LiveStream", "UPDATE", redundant, stream);

        Assert.True((bool)created["allowed"]!);
        Assert.Null(created["warnings"]);
        Assert.True((bool)updated["allowed"]!);
        Assert.StartsWith("spec.encoding.channelClass: SinglePipeline cannot be changed to Standard in place", (string?)Assert.Single(updated["warnings"]!.AsArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chime_stream_to_ivs_may_be_recorded_and_is_refused_while_it_asks_for_the_live_distribution()
    {
        var toIvs = new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "LiveStream",
            ["metadata"] = new JsonObject { ["name"] = "stage", ["namespace"] = "team-a" },
            // As the API server hands it over: defaulted, so with the archive on.
            ["spec"] = new JsonObject
            {
                ["source"] = new JsonObject { ["type"] = "Chime", ["chime"] = new JsonObject { ["meetingUrl"] = "https://app.chime.aws/meetings/v2?m=m", ["target"] = "Ivs" } },
                ["archive"] = new JsonObject { ["enabled"] = true },
            },
        };
        var served = toIvs.DeepClone().AsObject();
        served["spec"]!["live"] = true;
        var toMediaLive = toIvs.DeepClone().AsObject();
        toMediaLive["spec"]!["source"]!["chime"]!["target"] = "MediaLive";

        var recorded = await ReviewAsync("LiveStream", "CREATE", toIvs);
        var refused = await ReviewAsync("LiveStream", "CREATE", served);
        var retargeted = await ReviewAsync("LiveStream", "UPDATE", toMediaLive, toIvs);

        Assert.True((bool)recorded["allowed"]!);
        Assert.Null(recorded["warnings"]);
        Assert.False((bool)refused["allowed"]!);
        Assert.StartsWith("LiveStream \"stage\" is invalid: spec.live: Invalid value: \"true\": the live distribution serves MediaLive streams", (string?)refused["status"]!["message"], StringComparison.Ordinal);
        Assert.True((bool)retargeted["allowed"]!);
        Assert.StartsWith("spec.source.chime.target: a stream that pushes to Ivs keeps doing so", (string?)Assert.Single(retargeted["warnings"]!.AsArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_split_of_a_session_its_stream_did_not_record_is_refused_and_one_of_a_stream_not_yet_there_is_allowed()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.RunWithInputAsync("""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: workshop }
            spec: { source: { type: RtmpPush } }
            """, ["apply", "-n", ns, "-f", "-"]);
        JsonObject Split(string stream) => new()
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "ArchiveSplit",
            ["metadata"] = new JsonObject { ["name"] = "clips", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["streamRef"] = new JsonObject { ["name"] = stream },
                ["sessionId"] = "0000DEADBEEF",
                ["sections"] = new JsonArray(new JsonObject { ["start"] = 10, ["end"] = 5 }),
            },
        };

        var refused = await ReviewAsync("ArchiveSplit", "CREATE", Split("workshop"), ns: ns);
        var early = await ReviewAsync("ArchiveSplit", "CREATE", Split("not-applied-yet"), ns: ns);

        Assert.False((bool)refused["allowed"]!);
        Assert.Equal(
            "ArchiveSplit \"clips\" is invalid: [spec.sections[0].end: Invalid value: 5: must be after the section's start (10 s), spec.sessionId: Invalid value: \"0000DEADBEEF\": LiveStream workshop recorded no such session; it has recorded none yet]",
            (string?)refused["status"]!["message"]);
        Assert.Equal(["spec.sections[0].end"], early["status"]!["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]));
    }

    [Fact]
    public async Task A_video_with_two_sources_is_refused_and_a_delete_is_allowed()
    {
        var video = new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "VideoAsset",
            ["metadata"] = new JsonObject { ["name"] = "intro", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["title"] = "Intro", ["source"] = new JsonObject { ["url"] = "https://example.com/a.mp4", ["directUpload"] = new JsonObject() } },
        };

        var created = await ReviewAsync("VideoAsset", "CREATE", video);
        var deleted = await ReviewAsync("VideoAsset", "DELETE", null, video);

        Assert.Equal("VideoAsset \"intro\" is invalid: spec.source: Forbidden: set exactly one of spec.source.directUpload, spec.source.url and spec.source.archiveSplitRef, not directUpload and url", (string?)created["status"]!["message"]);
        Assert.True((bool)deleted["allowed"]!);
    }

    [Theory]
    [InlineData("Aws", null, "Mux", false)]
    [InlineData(null, "Mux", "Aws", false)]
    [InlineData(null, "Mux", "Mux", true)]
    [InlineData(null, null, "Aws", true)]
    [InlineData("Mux", "Mux", null, true)]
    public async Task A_videos_provider_cannot_change_once_named_or_recorded(string? before, string? recorded, string? after, bool allowed)
    {
        JsonObject Video(string? provider) => new()
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "VideoAsset",
            ["metadata"] = new JsonObject { ["name"] = "intro", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["title"] = "Intro", ["provider"] = provider, ["source"] = new JsonObject { ["url"] = "https://example.com/a.mp4" } },
        };
        var old = Video(before);
        old["status"] = new JsonObject { ["provider"] = recorded };

        var response = await ReviewAsync("VideoAsset", "UPDATE", Video(after), old);

        Assert.Equal(allowed, (bool)response["allowed"]!);
        if (!allowed)
        {
            Assert.Equal($"VideoAsset \"intro\" is invalid: spec.provider: Invalid value: \"{after}\": is immutable: the asset is hosted by {before ?? recorded}; make a new VideoAsset to move the video", (string?)response["status"]!["message"]);
        }
    }

    [Theory]
    [InlineData("tenant-red-archive", true)]
    [InlineData("team-archive", true)]
    [InlineData("another-teams-recordings", false)]
    public async Task A_stream_may_record_only_to_the_buckets_the_installation_allows(string bucket, bool allowed)
    {
        var response = await ReviewAsync("LiveStream", "CREATE", new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "LiveStream",
            ["metadata"] = new JsonObject { ["name"] = "recorded", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["type"] = "RtmpPush" }, ["archive"] = new JsonObject { ["enabled"] = true, ["bucket"] = bucket } },
        });

        Assert.Equal(allowed, (bool)response["allowed"]!);
        if (!allowed)
        {
            Assert.Equal(
                "LiveStream \"recorded\" is invalid: spec.archive.bucket: Invalid value: \"another-teams-recordings\": not a bucket this installation lets streams record to (allowed: team-archive, tenant-*-archive); leave it out to record to team-archive, or ask the operator's administrators to allow it (allowedArchiveBuckets)",
                (string?)response["status"]!["message"]);
        }
    }

    [Fact]
    public async Task A_split_may_write_clips_only_to_the_buckets_the_installation_allows()
    {
        var response = await ReviewAsync("ArchiveSplit", "CREATE", new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = "ArchiveSplit",
            ["metadata"] = new JsonObject { ["name"] = "clips", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject
            {
                ["streamRef"] = new JsonObject { ["name"] = "not-applied-yet" },
                ["sessionId"] = "ABC",
                ["sections"] = new JsonArray(new JsonObject { ["start"] = 0, ["end"] = 5 }),
                ["output"] = new JsonObject { ["bucket"] = "someone-elses" },
            },
        });

        Assert.Equal(["spec.output.bucket"], response["status"]!["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]));
    }

    [Fact]
    public async Task What_is_not_an_admission_review_is_a_bad_request()
    {
        using var response = await _apiServer.PostAsJsonAsync(sandbox.AdmissionUrl, new { apiVersion = "admission.k8s.io/v1beta1", kind = "AdmissionReview" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("admission.k8s.io/v1", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_without_a_restart()
    {
        using var renewed = Airwave.Sandbox.Kubernetes.Hosting.SandboxCertificates.Create(DateTimeOffset.UtcNow);
        var before = await ServedCertificateAsync();

        renewed.WriteServerPem(sandbox.AdmissionCertificateFile, sandbox.AdmissionKeyFile);
        var after = await Eventually.MatchAsync(ServedCertificateAsync, served => served != before, TimeSpan.FromSeconds(10), "the renewed certificate served");

        Assert.Equal(renewed.Server.Thumbprint, after);
        sandbox.AdmissionCertificates.WriteServerPem(sandbox.AdmissionCertificateFile, sandbox.AdmissionKeyFile);
        await Eventually.MatchAsync(ServedCertificateAsync, served => served == before, TimeSpan.FromSeconds(10), "the first certificate served again");
    }

    /// <summary>The response of one review, with the request's uid checked.</summary>
    private async Task<JsonObject> ReviewAsync(string kind, string operation, JsonObject? obj, JsonObject? oldObject = null, string ns = "team-a")
    {
        var uid = Guid.NewGuid().ToString();
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = "media.airwave.dev", ["version"] = "v1alpha1", ["kind"] = kind },
                ["resource"] = new JsonObject { ["group"] = "media.airwave.dev", ["version"] = "v1alpha1", ["resource"] = kind.ToLowerInvariant() + "s" },
                ["operation"] = operation,
                ["namespace"] = ns,
                ["name"] = (string?)(obj ?? oldObject)?["metadata"]?["name"],
                ["object"] = obj,
                ["oldObject"] = oldObject?.DeepClone(),
                ["dryRun"] = false,
            },
        };
        using var response = await _apiServer.PostAsJsonAsync(sandbox.AdmissionUrl, review);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("AdmissionReview", (string?)answer["kind"]);
        Assert.Equal(uid, (string?)answer["response"]!["uid"]);
        return answer["response"]!.AsObject();
    }

    private async Task<string?> ServedCertificateAsync()
    {
        string? thumbprint = null;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    // Only which certificate is served matters here, not whom it is from.
                    thumbprint = (certificate as X509Certificate2)?.Thumbprint;
                    return thumbprint is not null;
                },
            },
        });
        using var response = await client.PostAsJsonAsync(sandbox.AdmissionUrl, new { });
        return thumbprint;
    }
}
