using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Media.Transcoding;
using Airwave.Operator.Configuration;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Airwave.Transcoder.Encoding;
using Airwave.Transcoder.Probing;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// A 1080p source transcoded three ways, in alternating rounds: the ffmpeg command the transcode Job runs, by hand on
// the local file; airwave-transcoder, the Job's program, fetching and storing through S3 (the emulator); and a
// VideoAsset with provider Aws in the sandbox, from kubectl apply to Ready (the operator at the chart's 5 s poll
// interval, the Job's pod run by the sandbox's kubelet). Then what an hour of such video costs on AWS and at Mux.
// Usage: [source minutes] [rounds] (default 1 3)
var minutes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var directory = Directory.CreateTempSubdirectory("airwave-transcoder-benchmark-");
try
{
    var made = Stopwatch.StartNew();
    var source = await MakeSourceAsync(directory.FullName, minutes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"source:          {minutes} min of 1920x1080 at 30 fps with sound, {new FileInfo(source).Length / 1048576.0:F0} MB, made in {made.Elapsed.TotalSeconds:F0} s (not measured)"));

    await using var sandbox = await SandboxHost.StartAsync(
        new SandboxOptions
        {
            KubePort = 0,
            AwsPort = 0,
            OperatorPort = 0,
            KubeconfigPath = Path.Combine(directory.FullName, "sandbox.kubeconfig"),
            AwsTransitionDelay = TimeSpan.Zero,
            OperatorPollInterval = TimeSpan.FromSeconds(5),
            OperatorResyncInterval = TimeSpan.FromMinutes(10),
        },
        CancellationToken.None);
    var aws = sandbox.Aws!;
    using var s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(aws.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
    await using var files = await FileServer.StartAsync(source);

    var facts = await SourceProbe.ReadAsync(source, CancellationToken.None);
    var renditions = LadderChoice.For(AwsVideoOptions.Ladder, facts);
    var interval = HlsCommand.ThumbnailInterval(10, TranscodeOutputs.DefaultMaxThumbnails, facts.DurationSeconds);
    var byHand = new List<double>();
    var program = new List<double>();
    var asset = new List<double>();
    long stored = 0;
    for (var round = 1; round <= rounds; round++)
    {
        var work = Directory.CreateDirectory(Path.Combine(directory.FullName, $"by-hand-{round}")).FullName;
        Directory.CreateDirectory(Path.Combine(work, "segments"));
        Directory.CreateDirectory(Path.Combine(work, "thumbnails"));
        byHand.Add(await TimeAsync("ffmpeg", HlsCommand.Arguments(source, facts, renditions, interval, TranscodeOutputs.DefaultMaxThumbnails, 6, work)));
        Directory.Delete(work, recursive: true);

        program.Add(await RunProgramAsync(new S3Presigner(s3, new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials), TimeProvider.System), aws.Options.VideoBucket, files.Url, directory.FullName, round));

        var clock = Stopwatch.StartNew();
        var name = $"talk-{round}";
        await KubectlAsync(sandbox.KubeconfigPath, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: {{name}}, namespace: default }
            spec: { title: Talk, provider: Aws, source: { url: "{{files.Url}}" } }
            """, "apply", "-f", "-");
        var ready = await WaitAsync(sandbox.KubeconfigPath, name, TimeSpan.FromMinutes(10 + (minutes * 5)));
        asset.Add(clock.Elapsed.TotalSeconds);
        stored = await StoredBytesAsync(s3, aws.Options.VideoBucket, $"videos/{(string)ready["status"]!["assetId"]!}/hls/");
        await KubectlAsync(sandbox.KubeconfigPath, null, "delete", "videoasset", name, "-n", "default", "--timeout=120s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}:         by hand {byHand[^1]:F1} s, airwave-transcoder {program[^1]:F1} s, VideoAsset to Ready {asset[^1]:F1} s"));
    }

    var hand = Median(byHand);
    Console.WriteLine();
    Console.WriteLine($"| medians of {rounds} rounds, {minutes} min of 1080p | seconds | per minute of source | against by hand |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var (what, times) in new[] { ("ffmpeg by hand (the Job's command, local file)", byHand), ("airwave-transcoder (fetch, probe, transcode, pack, store)", program), ("VideoAsset apply to Ready (Job, pod, operator)", asset) })
    {
        var median = Median(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {median:F1} | {median / minutes:F1} s | {median / hand:F3}× |"));
    }

    // Per hour of source video; prices are parameters below, as of the dates stated with them in the README.
    var transcodeHours = Median(asset) / minutes * 60 / 3600;
    var gbPerHour = stored / (double)(1L << 30) / minutes * 60;
    var topRendition = renditions[0].Rendition;
    var deliveredGbPerHour = (topRendition.VideoKbps + topRendition.AudioKbps) * 1000.0 / 8 * 3600 / (1L << 30);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored: {gbPerHour:F2} GB per hour of video (all renditions and stills); a viewer of the top rendition takes {deliveredGbPerHour:F2} GB per hour"));
    Console.WriteLine("| per hour of 1080p video | AWS (this Job) | Mux |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| encoding, once | ${transcodeHours * Prices.Instance2VcpuPerHour:F3} ({transcodeHours * 60:F0} min of a 2-vCPU instance) | ${60 * Prices.MuxEncodingPerMinute:F2} |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| storage, per month | ${gbPerHour * Prices.S3PerGbMonth:F3} | ${60 * Prices.MuxStoragePerMinuteMonth:F3} |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| delivery, per hour watched at the top rendition | ${deliveredGbPerHour * Prices.CloudFrontPerGb:F3} | ${60 * Prices.MuxDeliveryPerMinute:F3} |"));
}
finally
{
    directory.Delete(recursive: true);
}

static async Task<string> MakeSourceAsync(string directory, int minutes)
{
    var file = Path.Combine(directory, "source.mp4");
    var seconds = (minutes * 60).ToString(CultureInfo.InvariantCulture);

    // A moving pattern with grain, so the encoder has detail to spend bits on, as camera footage has.
    var made = await RunAsync("ffmpeg", [
        "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", $"testsrc2=size=1920x1080:rate=30:duration={seconds},noise=alls=12:allf=t",
        "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "8000k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file]);
    return made == 0 ? file : throw new InvalidOperationException("ffmpeg could not make the source");
}

static async Task<double> RunProgramAsync(S3Presigner s3, string bucket, string input, string directory, int round)
{
    var prefix = $"program/{round}";
    var uploads = new Dictionary<string, string>(StringComparer.Ordinal);
    var expires = DateTimeOffset.UtcNow.AddHours(6);
    foreach (var path in TranscodeOutputs.All(AwsVideoOptions.Ladder, 4 * 3600, TranscodeOutputs.DefaultPartSeconds, TranscodeOutputs.DefaultMaxThumbnails))
    {
        uploads[path] = (await s3.PresignAsync(bucket, $"{prefix}/hls/{path}", Amazon.S3.HttpVerb.PUT, expires, CancellationToken.None, TranscodeOutputs.ContentType(path))).Url;
    }

    var plan = new TranscodePlan
    {
        Input = input,
        Ladder = AwsVideoOptions.Ladder,
        MaxDurationSeconds = 4 * 3600,
        MaxSourceBytes = 20L << 30,
        Uploads = uploads,
        ProgressUrl = (await s3.PresignAsync(bucket, $"{prefix}/job/progress.json", Amazon.S3.HttpVerb.PUT, expires, CancellationToken.None, "application/json")).Url,
        ReportUrl = (await s3.PresignAsync(bucket, $"{prefix}/job/report.json", Amazon.S3.HttpVerb.PUT, expires, CancellationToken.None, "application/json")).Url,
    };
    var planFile = Path.Combine(directory, $"plan-{round}.json");
    await File.WriteAllTextAsync(planFile, System.Text.Json.JsonSerializer.Serialize(plan, TranscodeJson.Default.TranscodePlan));
    var work = Path.Combine(directory, $"program-{round}");
    var seconds = await TimeAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "airwave-transcoder.dll"), "--plan", planFile, "--work", work]);
    Directory.Delete(work, recursive: true);
    return seconds;
}

static async Task<double> TimeAsync(string program, IReadOnlyList<string> arguments)
{
    var clock = Stopwatch.StartNew();
    var code = await RunAsync(program, arguments);
    return code == 0 ? clock.Elapsed.TotalSeconds : throw new InvalidOperationException($"{program} exited with {code}");
}

static async Task<int> RunAsync(string program, IReadOnlyList<string> arguments)
{
    var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        Console.Error.WriteLine(await output);
        Console.Error.WriteLine(await errors);
    }

    return process.ExitCode;
}

static async Task<long> StoredBytesAsync(IAmazonS3 s3, string bucket, string prefix)
{
    var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
    return (listed.S3Objects ?? []).Sum(o => o.Size ?? 0);
}

static async Task<JsonNode> WaitAsync(string kubeconfig, string name, TimeSpan timeout)
{
    // One kubectl that watches, rather than one a poll: processes started every poll would take CPU from ffmpeg.
    var seconds = ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    await KubectlAsync(kubeconfig, null, "wait", $"videoasset/{name}", "-n", "default", "--for=jsonpath={.status.phase}=Ready", $"--timeout={seconds}s");
    return JsonNode.Parse(await KubectlAsync(kubeconfig, null, "get", "videoasset", name, "-n", "default", "-o", "json"))!;
}

static async Task<string> KubectlAsync(string kubeconfig, string? input, params string[] arguments)
{
    var start = new ProcessStartInfo("kubectl") { RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    start.ArgumentList.Add($"--kubeconfig={kubeconfig}");
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    if (input is not null)
    {
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
    }

    var output = await process.StandardOutput.ReadToEndAsync();
    var errors = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    return process.ExitCode == 0 ? output : throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)}: {errors}");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>Serves the source on loopback, as the website a VideoAsset's URL names would.</summary>
internal sealed class FileServer(WebApplication app, string url) : IAsyncDisposable
{
    public string Url => url;

    public static async Task<FileServer> StartAsync(string file)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/talk.mp4", () => Results.File(file, "video/mp4"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FileServer(app, $"{address}/talk.mp4");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>
/// List prices, US East (N. Virginia) and Mux pay-as-you-go, at their first tier: see the README's benchmark section
/// for where each comes from and when it was read.
/// </summary>
internal static class Prices
{
    /// <summary>EC2 c7i.large on demand (2 vCPU, the Job's CPU request).</summary>
    public const double Instance2VcpuPerHour = 0.08925;

    /// <summary>S3 Standard, first 50 TB.</summary>
    public const double S3PerGbMonth = 0.023;

    /// <summary>CloudFront data transfer out to the internet, North America, first 10 TB.</summary>
    public const double CloudFrontPerGb = 0.085;

    /// <summary>Mux input at its premium quality, the one that makes a 1080p ladder like the Job's.</summary>
    public const double MuxEncodingPerMinute = 0.0384;

    public const double MuxStoragePerMinuteMonth = 0.0024;

    /// <summary>After the first 100,000 free minutes a month.</summary>
    public const double MuxDeliveryPerMinute = 0.0008;
}
