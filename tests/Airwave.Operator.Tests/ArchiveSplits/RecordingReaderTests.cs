using System.Globalization;
using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Airwave.Aws.S3;
using Airwave.Operator.ArchiveSplits.Recording;
using Airwave.Sandbox.Aws;
using Amazon.S3;
using Amazon.S3.Model;

namespace Airwave.Operator.Tests.ArchiveSplits;

/// <summary>
/// A session's recording read from S3 as the archive leaves it: files named the way MediaLive names them, found by
/// the session's prefix among others, put in order and measured without being downloaded.
/// </summary>
public sealed class RecordingReaderTests : IAsyncLifetime
{
    private const string Bucket = "archive";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-recording-");
    private AwsEmulator _emulator = null!;
    private IAmazonS3 _s3 = null!;

    public async Task InitializeAsync()
    {
        _emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions(), CancellationToken.None);
        _emulator.CreateBucket(Bucket);
        _s3 = S3ClientFactory.Create(AwsClientOptions.ForEmulator(_emulator.BaseAddress), new StaticCredentialsProvider(AwsEmulatorOptions.TestCredentials));
    }

    [Fact]
    public async Task The_sessions_files_are_found_in_counter_order_and_laid_end_to_end()
    {
        // Three files of one run (4 s, 3 s, 2 s, uploaded out of order), beside a folder of other files and a later session.
        var lengths = new[] { 4, 3, 2 };
        for (var i = lengths.Length - 1; i >= 0; i--)
        {
            await PutSegmentAsync($"ns/s/index-20261123T101010.{i + 1:D6}.ts", lengths[i], startSeconds: 10 + lengths.Take(i).Sum());
        }
        await PutSegmentAsync("ns/s/other/index-x.000001.ts", 1, 0);
        await PutSegmentAsync("ns/s-later/index-20261123T111111.000001.ts", 1, 0);

        var recording = await new RecordingReader(_s3, new IvsRecordingReader(_s3)).ReadAsync(new S3Path(Bucket, "ns/s"), CancellationToken.None);

        Assert.Equal(["ns/s/index-20261123T101010.000001.ts", "ns/s/index-20261123T101010.000002.ts", "ns/s/index-20261123T101010.000003.ts"], recording.Segments.Select(s => s.Key));
        Assert.Equal(9, recording.Length, 0.1);
        Assert.Equal([0d, 4d, 7d], recording.Segments.Select(s => Math.Round(s.Start, 1)));
        Assert.All(recording.Segments, s => Assert.False(s.Discontinuity));
    }

    [Fact]
    public async Task A_file_whose_clock_starts_over_is_marked_as_a_discontinuity()
    {
        await PutSegmentAsync("p/index-x.000001.ts", 3, startSeconds: 100);
        await PutSegmentAsync("p/index-x.000002.ts", 3, startSeconds: 5);

        var recording = await new RecordingReader(_s3, new IvsRecordingReader(_s3)).ReadAsync(new S3Path(Bucket, "p"), CancellationToken.None);

        Assert.Equal([false, true], recording.Segments.Select(s => s.Discontinuity));
        Assert.Equal(6, recording.Length, 0.1);
    }

    [Fact]
    public async Task A_standard_channels_recording_is_read_from_its_first_pipeline()
    {
        await PutSegmentAsync("std/pipeline-0/index-x.000001.ts", 2, startSeconds: 10);
        await PutSegmentAsync("std/pipeline-1/index-x.000001.ts", 2, startSeconds: 10);

        var recording = await new RecordingReader(_s3, new IvsRecordingReader(_s3)).ReadAsync(new S3Path(Bucket, "std"), CancellationToken.None);

        Assert.Equal(["std/pipeline-0/index-x.000001.ts"], recording.Segments.Select(s => s.Key));
    }

    [Fact]
    public async Task A_prefix_with_no_files_is_an_empty_recording()
    {
        var recording = await new RecordingReader(_s3, new IvsRecordingReader(_s3)).ReadAsync(new S3Path(Bucket, "nothing/here"), CancellationToken.None);

        Assert.Empty(recording.Segments);
        Assert.Equal(0, recording.Length);
    }

    private async Task PutSegmentAsync(string key, int seconds, double startSeconds)
    {
        var file = Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".ts");
        var made = await ProcessRunner.RunAsync("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-c:a", "aac",
            "-output_ts_offset", startSeconds.ToString(CultureInfo.InvariantCulture), "-f", "mpegts", file,
        ], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = file });
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _emulator.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
