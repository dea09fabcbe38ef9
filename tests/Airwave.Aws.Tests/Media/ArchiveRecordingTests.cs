using System.Text.RegularExpressions;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.MediaLive;
using Airwave.Aws.S3;
using Airwave.Aws.Tests.Cli;
using Airwave.Aws.Tests.Support;
using Airwave.Sandbox.Aws;
using Airwave.Testing;
using Amazon.S3;

namespace Airwave.Aws.Tests.Media;

/// <summary>
/// Real media through the emulated MediaLive: an ffmpeg push to a running channel's input URL is archived to the
/// emulated S3 in files of the rollover length, named as MediaLive names them; a push to a channel that is not
/// running is refused.
/// </summary>
public sealed partial class ArchiveRecordingTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-archive-test-");
    private EmulatorHarness _aws = null!;
    private IAmazonS3 _s3 = null!;

    public async Task InitializeAsync()
    {
        _aws = await EmulatorHarness.StartAsync(runMedia: true);
        _s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(_aws.Emulator.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
        await _s3.PutBucketAsync("archive-bucket");
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public void Dispose()
    {
        _s3.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_push_to_a_running_channel_is_archived_in_files_of_the_rollover_length()
    {
        var (_, input) = await LiveStreamResources.CreateInputAsync(_aws.MediaLive, destinations: 1);
        var ingest = input.Destinations![0].Url!;
        var channel = await _aws.MediaLive.CreateChannelAsync(LiveStreamResources.Channel(input.Id, segmentLength: 2), CancellationToken.None);
        var beforeStart = await TestMedia.PushRtmpAsync(ingest, seconds: 2);

        await _aws.MediaLive.StartChannelAsync(channel.Id, CancellationToken.None);
        var pushed = await PushUntilAcceptedAsync(ingest, seconds: 7);
        var keys = await Eventually.MatchAsync(() => _aws.Emulator.Inventory.Keys("archive-bucket"), k => k.Count == 4, TimeSpan.FromSeconds(20), "four archive files");
        await _aws.MediaLive.StopChannelAsync(channel.Id, CancellationToken.None);
        await Eventually.MatchAsync(async () => (await _aws.MediaLive.DescribeChannelAsync(channel.Id, CancellationToken.None)).State, s => s == ChannelState.Idle, TimeSpan.FromSeconds(10), "the channel stopped");
        var afterStop = await PushAfterStopAsync(ingest);
        using var cli = new AwsCli(_aws.Emulator);
        var listed = await cli.RunAsync("s3", "ls", "--recursive", "s3://archive-bucket/");

        Assert.Matches(@"^rtmp://127\.0\.0\.1:\d+/live/workshop-a-1$", ingest);
        Assert.NotEqual(0, beforeStart.ExitCode);
        Assert.Equal(0, pushed.ExitCode);
        Assert.NotEqual(0, afterStop.ExitCode);
        Assert.Equal(Enumerable.Range(1, 4).Select(n => $"workshop-a/pipeline-1/archive_archive.{n:D6}.ts"), keys);
        Assert.Equal(4, ArchiveLine().Count(listed.Output));
        Assert.Equal(keys, _aws.Emulator.Inventory.Keys("archive-bucket"));

        var durations = new List<double>();
        foreach (var key in keys)
        {
            var file = Path.Combine(_work.FullName, Path.GetFileName(key));
            using (var response = await _s3.GetObjectAsync("archive-bucket", key))
            {
                await response.WriteResponseStreamToFileAsync(file, append: false, CancellationToken.None);
            }
            durations.Add(await TestMedia.DurationAsync(file));
        }
        Assert.All(durations.Take(3), d => Assert.InRange(d, 1.8, 2.3));
        Assert.InRange(durations.Sum(), 6.5, 7.5);
    }

    /// <summary>The channel listens within a moment of RUNNING; until then a push is refused at once, and is tried again.</summary>
    private static async Task<ProcessResult> PushUntilAcceptedAsync(string url, int seconds)
    {
        ProcessResult result = null!;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            result = await TestMedia.PushRtmpAsync(url, seconds);
            if (result.ExitCode == 0)
            {
                return result;
            }
            await Task.Delay(250);
        }
        return result;
    }

    /// <summary>The pipeline ends within a moment of STOPPING; a push is refused once it has.</summary>
    private static async Task<ProcessResult> PushAfterStopAsync(string url)
    {
        ProcessResult result = null!;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            result = await TestMedia.PushRtmpAsync(url, seconds: 1);
            if (result.ExitCode != 0)
            {
                return result;
            }
            await Task.Delay(250);
        }
        return result;
    }

    [GeneratedRegex(@"\d+ workshop-a/pipeline-1/archive_archive\.\d{6}\.ts")]
    private static partial Regex ArchiveLine();
}
