using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Amazon.S3.Model;

// Ten 5-minute sections cut from a 1-hour recording (made with ffmpeg at low resolution, in MediaLive's 300-second
// archive files) by an ArchiveSplit: the time until every clip is in S3, each Job's time, and the operator's memory
// (its own process, sampled from /proc) before and while it works.
// Usage: [recording minutes] [sections] [section seconds] (default 60 10 300)
var minutes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var sectionCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var sectionSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
var directory = Directory.CreateTempSubdirectory("airwave-clips-benchmark-");
Process? operatorProcess = null;
try
{
    var made = Stopwatch.StartNew();
    var files = await RecordAsync(directory.FullName, minutes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recording:      {minutes} min in {files.Count} archive files, made in {made.Elapsed.TotalSeconds:F0} s (not measured)"));

    await using var sandbox = await SandboxHost.StartAsync(
        new SandboxOptions
        {
            KubePort = 0,
            AwsPort = 0,
            OperatorPort = 0,
            NoOperator = true,
            KubeconfigPath = Path.Combine(directory.FullName, "sandbox.kubeconfig"),
            AwsTransitionDelay = TimeSpan.Zero,
            OperatorPollInterval = TimeSpan.FromMilliseconds(500),
            OperatorResyncInterval = TimeSpan.FromMinutes(10),
        },
        CancellationToken.None);
    var aws = sandbox.Aws!;
    using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
    const string Folder = "default/bench/recording";
    foreach (var file in files)
    {
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = SandboxHost.ArchiveBucket, Key = $"{Folder}/{Path.GetFileName(file)}", FilePath = file });
    }

    operatorProcess = StartOperator(sandbox, directory.FullName);
    await Kubectl(sandbox.KubeconfigPath, """
        apiVersion: media.airwave.dev/v1alpha1
        kind: LiveStream
        metadata: { name: bench, namespace: default }
        spec: { state: Stopped, source: { type: RtmpPush }, playback: { encryption: { enabled: false } } }
        """, "apply", "-f", "-");
    await WaitAsync(sandbox, "livestream", "bench", s => (string?)s?["status"]?["phase"] == "Idle", TimeSpan.FromMinutes(2));

    // The recorded session, as the stream's status would hold it after a start and a stop.
    var session = new JsonObject
    {
        ["id"] = "BENCH0000000001",
        ["startedAt"] = "2026-11-23T00:00:00Z",
        ["stoppedAt"] = "2026-11-23T01:00:00Z",
        ["archivePath"] = $"s3://{SandboxHost.ArchiveBucket}/{Folder}",
    };
    var sessionPatch = new JsonObject { ["status"] = new JsonObject { ["sessions"] = new JsonArray(session) } }.ToJsonString();
    await Kubectl(sandbox.KubeconfigPath, null, "patch", "livestream", "bench", "-n", "default", "--subresource=status", "--type=merge", "-p", sessionPatch);

    var baseline = Memory(operatorProcess.Id);
    var sections = string.Join(", ", Enumerable.Range(0, sectionCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"{{start: {i * minutes * 60 / sectionCount}, end: {(i * minutes * 60 / sectionCount) + sectionSeconds}}}")));
    var clock = Stopwatch.StartNew();
    long peak = 0;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, Memory(operatorProcess.Id).Rss);
            await Task.Delay(200);
        }
    });
    await Kubectl(sandbox.KubeconfigPath, $$"""
        apiVersion: media.airwave.dev/v1alpha1
        kind: ArchiveSplit
        metadata: { name: bench, namespace: default }
        spec: { streamRef: { name: bench }, sessionId: BENCH0000000001, nameModifier: bench, sections: [{{sections}}] }
        """, "apply", "-f", "-");
    var split = await WaitAsync(sandbox, "archivesplit", "bench", s => (string?)s?["status"]?["phase"] is "Succeeded" or "Failed", TimeSpan.FromMinutes(30));
    var elapsed = clock.Elapsed;
    await sampling.CancelAsync();
    await sampler;
    var after = Memory(operatorProcess.Id);

    var jobs = JsonNode.Parse(await Kubectl(sandbox.KubeconfigPath, null, "get", "jobs", "-n", "default", "-o", "json"))!["items"]!.AsArray();
    var jobSeconds = jobs.Select(j => (DateTimeOffset.Parse((string)j!["status"]!["completionTime"]!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse((string)j["status"]!["startTime"]!, CultureInfo.InvariantCulture)).TotalSeconds).Order().ToList();
    var durations = split!["status"]!["sections"]!.AsArray().Select(s => (double?)s!["duration"] ?? 0).ToList();
    var cut = durations.Sum();

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"split:          {split["status"]!["phase"]}, {sectionCount} sections of {sectionSeconds} s, {cut:F1} s of clips"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"to Succeeded:   {elapsed.TotalSeconds:F1} s from apply ({cut / elapsed.TotalSeconds:F1} s of clip per second, {Environment.ProcessorCount} cores)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per Job:        median {Median(jobSeconds):F1} s, min {jobSeconds[0]:F1} s, max {jobSeconds[^1]:F1} s ({sectionSeconds / Median(jobSeconds):F1}x real time)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clip lengths:   median {Median([.. durations.Order()]):F2} s (asked {sectionSeconds} s)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"operator RSS:   {Mb(baseline.Rss)} MiB before, {Mb(peak)} MiB peak while cutting ({(double)peak / baseline.Rss:F2}x), {Mb(after.Rss)} MiB after; {Mb(files.Sum(f => new FileInfo(f).Length))} MiB of recording"));
}
finally
{
    if (operatorProcess is { HasExited: false })
    {
        operatorProcess.Kill();
        await operatorProcess.WaitForExitAsync();
    }

    operatorProcess?.Dispose();
    directory.Delete(recursive: true);
}

// MediaLive's archive files of one run: index-{time}.{counter}.ts, 300 s each.
static async Task<List<string>> RecordAsync(string directory, int minutes)
{
    var recording = Directory.CreateDirectory(Path.Combine(directory, "recording")).FullName;
    using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
    [
        "-hide_banner", "-loglevel", "error", "-nostdin",
        "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=15",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", (minutes * 60).ToString(CultureInfo.InvariantCulture),
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-b:a", "32k",
        "-f", "segment", "-segment_time", "300", "-segment_format", "mpegts", "-segment_start_number", "1",
        Path.Combine(recording, "index-20261123T000000.%06d.ts"),
    ]) { UseShellExecute = false })!;
    await ffmpeg.WaitForExitAsync();
    if (ffmpeg.ExitCode != 0)
    {
        throw new InvalidOperationException("ffmpeg could not make the recording");
    }

    return [.. Directory.GetFiles(recording).Order(StringComparer.Ordinal)];
}

// The operator as its own process, with the settings the built-in one gets and the emulator's credentials.
static Process StartOperator(SandboxHost sandbox, string directory)
{
    var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "airwave-operator.dll"), "run", "--kubeconfig", sandbox.KubeconfigPath, "--config", sandbox.OperatorConfigPath!, "--urls", "http://127.0.0.1:0"])
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = directory,
    };
    start.Environment["AWS_ACCESS_KEY_ID"] = AwsEmulatorOptions.TestCredentials.AccessKeyId;
    start.Environment["AWS_SECRET_ACCESS_KEY"] = AwsEmulatorOptions.TestCredentials.SecretAccessKey;
    var process = Process.Start(start)!;

    // Its log is drained, never read: a full pipe would stop it.
    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
    _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
    return process;
}

static (long Rss, long Peak) Memory(int pid)
{
    long Field(string name) => long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    return (Field("VmRSS"), Field("VmHWM"));
}

static double Median(List<double> sorted) => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

static async Task<JsonNode?> WaitAsync(SandboxHost sandbox, string resource, string name, Func<JsonNode?, bool> done, TimeSpan timeout)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < timeout)
    {
        var text = await Kubectl(sandbox.KubeconfigPath, null, "get", resource, name, "-n", "default", "-o", "json", "--ignore-not-found");
        var current = text.Trim().Length == 0 ? null : JsonNode.Parse(text);
        if (done(current))
        {
            return current;
        }

        await Task.Delay(500);
    }

    throw new TimeoutException($"{resource} {name} did not get there within {timeout}");
}

// kubectl with the sandbox's kubeconfig; input, when given, is its standard input (a manifest for -f -).
static async Task<string> Kubectl(string kubeconfig, string? input, params string[] arguments)
{
    var start = new ProcessStartInfo("kubectl", [.. arguments, "--kubeconfig", kubeconfig])
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        RedirectStandardInput = input is not null,
    };
    using var process = Process.Start(start)!;
    if (input is not null)
    {
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
    }

    var output = await process.StandardOutput.ReadToEndAsync();
    var error = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    return process.ExitCode == 0 ? output : throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)}: {error}");
}
