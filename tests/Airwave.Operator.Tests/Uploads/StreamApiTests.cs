using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.Uploads;

/// <summary>
/// An app backend that called django-broadcast's /stream/start and /stream/stop calls the webhook service instead:
/// a client written from django-broadcast's API (Python, urllib and boto3) starts a stream, uploads a segment with the
/// credentials it is handed, is refused outside its prefix, and stops the stream.
/// </summary>
public sealed class StreamApiTests(UploadSandbox sandbox) : IClassFixture<UploadSandbox>, IDisposable
{
    /// <summary>
    /// The mobile app's calls as django-broadcast documents them: POST with URL-encoded parameters, JSON answers; the
    /// upload with boto3 and the answer's endpoint.S3 fields, as they are. Prints what it saw as one JSON object.
    /// </summary>
    private const string MobileApp = """
        import json, sys, urllib.error, urllib.parse, urllib.request
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError

        base, token, s3_endpoint, segment = sys.argv[1:5]

        def call(path, **params):
            request = urllib.request.Request(base + path + "?" + urllib.parse.urlencode(params), data=b"", method="POST",
                                             headers={"Authorization": "Bearer " + token})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, json.load(response), response.headers.get("Cache-Control")
            except urllib.error.HTTPError as error:
                return error.code, json.load(error), error.headers.get("Content-Type")

        status, started, cache = call("/stream/start/", type="hls", name="Morning run")
        s3 = started["endpoint"]["S3"]
        client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=s3["s3_bucket_region"],
                              aws_access_key_id=s3["aws_access_key_id"], aws_secret_access_key=s3["aws_secret_access_key"],
                              aws_session_token=s3["aws_session_token"], config=Config(s3={"addressing_style": "path"}))
        with open(segment, "rb") as body:
            client.put_object(Bucket=s3["s3_bucket_name"], Key=s3["s3_bucket_path"] + "segment0.ts", Body=body)
        try:
            client.put_object(Bucket=s3["s3_bucket_name"], Key="elsewhere/segment0.ts", Body=b"x")
            outside = "written"
        except ClientError as error:
            outside = error.response["Error"]["Code"]
        stop_status, stopped, _ = call("/stream/stop/", id=started["stream"]["id"])
        again_status, again, _ = call("/stream/stop/", id=started["stream"]["id"])
        flac_status, flac, flac_type = call("/stream/start/", type="flac")
        unknown_status, unknown, _ = call("/stream/stop/", id="no-such-stream")
        print(json.dumps({"status": status, "started": started, "cache": cache, "outside": outside,
                          "stop_status": stop_status, "stopped": stopped, "again_status": again_status, "again": again,
                          "flac_status": flac_status, "flac": flac, "flac_type": flac_type,
                          "unknown_status": unknown_status, "unknown": unknown}))
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-stream-api-test-");

    private AwsEmulator Aws => sandbox.Host.Aws!;

    private Uri Webhook => new(sandbox.Host.MuxCallbackUrl!.GetLeftPart(UriPartial.Authority));

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task A_mobile_app_written_for_django_broadcast_starts_uploads_under_its_prefix_and_stops()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var backend = await BackendTokenAsync(ns, "app-backend", "--verb=create,patch");

        var seen = await RunMobileAppAsync(backend);
        var started = seen["started"]!;
        var id = (string)started["stream"]!["id"]!;
        var s3 = started["endpoint"]!["S3"]!;
        var stream = (await sandbox.GetAsync(ns, "livestream", id))!;
        var keys = Aws.Inventory.Keys((string)s3["s3_bucket_name"]!);

        // The documented answer: the stream with its start in GMT, the upload endpoint with seconds until expiry.
        Assert.Equal(200, (int)seen["status"]!);
        Assert.Equal("no-store", (string?)seen["cache"]);
        Assert.Equal("Morning run", (string?)started["stream"]!["name"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", (string)started["stream"]!["start_date"]!);
        Assert.Equal(SandboxHost.ArchiveBucket, (string?)s3["s3_bucket_name"]);
        Assert.Equal("us-east-1", (string?)s3["s3_bucket_region"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, s3["aws_expiration"]!.GetValueKind());
        Assert.InRange((double)s3["aws_expiration"]!, 3500, 3600);
        Assert.Matches("^ASIA", (string)s3["aws_access_key_id"]!);

        // The stream is the operator's S3Upload LiveStream, in the caller's namespace, marked as made by the call.
        var session = stream["status"]!["sessions"]![0]!;
        Assert.Equal("S3Upload", (string?)stream["spec"]!["source"]!["type"]);
        Assert.Equal("airwave-stream-api", (string?)stream["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);
        Assert.Equal("IgnoreExtraneous", (string?)stream["metadata"]!["annotations"]!["argocd.argoproj.io/compare-options"]);
        Assert.Equal($"{(string)session["archivePath"]!}/", $"s3://{(string)s3["s3_bucket_name"]!}/{(string)s3["s3_bucket_path"]!}");
        Assert.Equal(session["startedAt"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), (string)started["stream"]!["start_date"]!);
        Assert.DoesNotContain((string)s3["aws_secret_access_key"]!, stream.ToJsonString(), StringComparison.Ordinal);

        // Written under the prefix, refused elsewhere.
        Assert.Contains($"{(string)s3["s3_bucket_path"]!}segment0.ts", keys);
        Assert.Equal("AccessDenied", (string?)seen["outside"]);

        // Stopped: the session's stop time, the same on a second call; the stream stays, stopped.
        Assert.Equal(200, (int)seen["stop_status"]!);
        var stoppedStream = seen["stopped"]!["stream"]!;
        Assert.Equal(id, (string?)stoppedStream["id"]);
        Assert.Equal("Morning run", (string?)stoppedStream["name"]);
        Assert.Equal((string?)started["stream"]!["start_date"], (string?)stoppedStream["start_date"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", (string)stoppedStream["stop_date"]!);
        Assert.Equal(200, (int)seen["again_status"]!);
        Assert.Equal((string?)stoppedStream["stop_date"], (string?)seen["again"]!["stream"]!["stop_date"]);
        Assert.Equal("Stopped", (string?)stream["spec"]!["state"]);
        Assert.Equal(session["stoppedAt"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), (string)stoppedStream["stop_date"]!);

        // Errors are JSON with the status that says what went wrong.
        Assert.Equal(400, (int)seen["flac_status"]!);
        Assert.Equal("application/problem+json", (string?)seen["flac_type"]);
        Assert.Contains("type=hls", (string)seen["flac"]!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(404, (int)seen["unknown_status"]!);
        Assert.Contains("no-such-stream", (string)seen["unknown"]!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_its_namespaces_api_key_an_app_backend_starts_and_stops_streams_there_and_nowhere_else()
    {
        var ns = UploadSandbox.KeyNamespace;
        await sandbox.Kubectl.SucceedAsync("create", "namespace", ns);
        var other = await sandbox.CreateNamespaceAsync();
        var key = await Eventually.MatchAsync<string?>(ApiKeyAsync, k => k is not null, TimeSpan.FromSeconds(30), "the operator's API key for " + ns);
        using var http = new HttpClient();

        var seen = await RunMobileAppAsync(key!);
        var id = (string)seen["started"]!["stream"]!["id"]!;
        var stream = (await sandbox.GetAsync(ns, "livestream", id))!;
        using var elsewhere = await PostAsync(http, $"/stream/start/?type=hls&namespace={other}", key!);
        using var tampered = await PostAsync(http, "/stream/start/?type=hls", key![..^2] + (key.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA"));
        using var unlisted = await PostAsync(http, "/stream/start/?type=hls", $"awk.{other}.{key.Split('.')[2]}");
        var otherStreams = await sandbox.Kubectl.SucceedAsync("get", "livestreams", "-n", other, "-o", "name");

        Assert.StartsWith($"awk.{ns}.", key, StringComparison.Ordinal);
        Assert.Equal(200, (int)seen["status"]!);
        Assert.Equal("AccessDenied", (string?)seen["outside"]);
        Assert.Equal(200, (int)seen["stop_status"]!);
        Assert.Equal("Stopped", (string?)stream["spec"]!["state"]);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Contains($"streams of namespace {ns} only", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unlisted.StatusCode);
        Assert.Equal("", otherStreams.Trim());
    }

    [Fact]
    public async Task Callers_without_a_token_or_the_right_to_make_streams_are_refused_and_nothing_is_made()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var stranger = await BackendTokenAsync(ns, "stranger", verbs: null);
        var reader = await BackendTokenAsync(ns, "reader", "--verb=get");
        using var http = new HttpClient();

        using var anonymous = await http.PostAsync(new Uri(Webhook, "/stream/start/?type=hls"), null);
        using var forged = await PostAsync(http, "/stream/start/?type=hls", "not-a-kubernetes-token");
        using var refused = await PostAsync(http, "/stream/start/?type=hls", stranger);
        using var readOnly = await PostAsync(http, "/stream/start/?type=hls", reader);
        using var otherNamespace = await PostAsync(http, "/stream/start/?type=hls&namespace=kube-system", reader);
        var streams = await sandbox.Kubectl.SucceedAsync("get", "livestreams", "-n", ns, "-o", "name");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains($"may not create livestreams in namespace {ns}", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherNamespace.StatusCode);
        Assert.Contains("namespace kube-system", await otherNamespace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal("", streams.Trim());
    }

    [Fact]
    public async Task A_start_whose_create_fails_or_loses_its_answer_keeps_nothing_and_the_next_start_makes_one_stream()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var backend = await BackendTokenAsync(ns, "app-backend", "--verb=create,patch");
        using var http = new HttpClient();
        var faults = sandbox.Host.Kubernetes.Faults;
        bool Creates(Airwave.Sandbox.Kubernetes.FaultRequest r) => r is { Verb: "create", Resource: "livestreams" } && r.Namespace == ns;

        faults.FailNext(1, 500, Creates);
        using var failed = await PostAsync(http, "/stream/start/?type=hls", backend);
        faults.LoseResponseNext(1, Creates);
        using var lost = await PostAsync(http, "/stream/start/?type=hls", backend);
        using var started = await PostAsync(http, "/stream/start/?type=hls", backend);
        var id = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["stream"]!["id"]!;

        // The stream whose answer was lost was made and is deleted again (after the operator's cleanup of its session).
        var left = await Eventually.MatchAsync(
            async () => (await sandbox.Kubectl.SucceedAsync("get", "livestreams", "-n", ns, "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            names => names.Length == 1,
            TimeSpan.FromSeconds(60),
            "one stream left");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains("nothing was kept, try again", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        Assert.Equal("application/problem+json", lost.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal([$"livestream.media.airwave.dev/{id}"], left);
    }

    /// <summary>Runs <see cref="MobileApp"/> as an app backend with <paramref name="bearer"/>; what it saw.</summary>
    private async Task<JsonNode> RunMobileAppAsync(string bearer)
    {
        var script = Path.Combine(_work.FullName, "mobile_app.py");
        await File.WriteAllTextAsync(script, MobileApp);
        var segment = Path.Combine(_work.FullName, "segment0.ts");
        await File.WriteAllBytesAsync(segment, new byte[188 * 50]);
        var ran = await ProcessRunner.RunAsync("python3", [script, Webhook.ToString().TrimEnd('/'), bearer, Aws.BaseAddress.ToString(), segment], TimeSpan.FromSeconds(150));
        Assert.True(ran.ExitCode == 0, ran.ToString());
        return JsonNode.Parse(ran.StandardOutput)!;
    }

    /// <summary>The key the operator made for <see cref="UploadSandbox.KeyNamespace"/> in its namespace, once it has.</summary>
    private async Task<string?> ApiKeyAsync()
    {
        var secrets = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "secrets", "-A", "--field-selector", $"metadata.name=airwave-stream-api-key-{UploadSandbox.KeyNamespace}", "-o", "json"))!["items"]!.AsArray();
        return secrets is [{ } secret] && secret["data"]?["apiKey"] is { } value ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)value!)) : null;
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient http, string pathAndQuery, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Webhook, pathAndQuery));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    /// <summary>A service account of <paramref name="ns"/> allowed <paramref name="verbs"/> on LiveStreams (none when null); its token for the webhook service.</summary>
    private async Task<string> BackendTokenAsync(string ns, string account, string? verbs)
    {
        await sandbox.Kubectl.SucceedAsync("create", "serviceaccount", account, "-n", ns);
        if (verbs is not null)
        {
            await sandbox.Kubectl.SucceedAsync("create", "role", account, "-n", ns, verbs, "--resource=livestreams.media.airwave.dev");
            await sandbox.Kubectl.SucceedAsync("create", "rolebinding", account, "-n", ns, $"--role={account}", $"--serviceaccount={ns}:{account}");
        }

        return (await sandbox.Kubectl.SucceedAsync("create", "token", account, "-n", ns, "--audience=airwave-playback")).Trim();
    }
}
