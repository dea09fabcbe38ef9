using System.Globalization;
using Airwave.Operator.ArchiveSplits.Recording;

namespace Airwave.Operator.Tests.ArchiveSplits;

/// <summary>
/// Durations read from a few kilobytes of real files, as ffmpeg writes them: transport stream segments (what the
/// archive holds) and MP4s (the clips), compared with what ffprobe reads from the whole file.
/// </summary>
public sealed class RecordingTimingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("airwave-timing-");

    [Theory]
    [InlineData(7, 30, true)]
    [InlineData(3, 25, false)]
    public async Task A_transport_stream_measured_from_its_head_and_tail_lasts_what_ffprobe_says(int seconds, int fps, bool bFrames)
    {
        var file = Path.Combine(_directory.FullName, $"segment-{seconds}-{fps}.ts");
        await MakeAsync(file, seconds, fps, bFrames, ["-f", "mpegts"]);
        var bytes = await File.ReadAllBytesAsync(file);
        const int probe = 64 * 1024;

        var measured = TransportStreamTiming.Measure(bytes.AsSpan(0, probe), bytes.AsSpan(bytes.Length - probe - 100));

        Assert.NotNull(measured);
        Assert.InRange(measured.Value.Duration, seconds - 0.05, seconds + 0.05);
        Assert.InRange(measured.Value.Duration, await TestMedia.DurationAsync(file) - 0.05, await TestMedia.DurationAsync(file) + 0.05);
        Assert.InRange(measured.Value.Start, 1.3, 1.5); // ffmpeg's mpegts muxer starts the clock at 1.4 s.
    }

    [Fact]
    public void Bytes_that_are_not_a_transport_stream_have_no_timing()
    {
        var text = System.Text.Encoding.ASCII.GetBytes(new string('x', 4096));

        Assert.Null(TransportStreamTiming.Measure(text, text));
        Assert.Null(TransportStreamTiming.Measure([], []));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_mp4_declares_its_duration_in_the_first_kilobytes_or_says_where_to_look(bool faststart)
    {
        var file = Path.Combine(_directory.FullName, $"clip-{faststart}.mp4");
        await MakeAsync(file, 6, 30, bFrames: true, faststart ? ["-movflags", "+faststart"] : []);
        var bytes = await File.ReadAllBytesAsync(file);
        var expected = await TestMedia.DurationAsync(file);

        var (seconds, readAt) = Mp4Header.Read(bytes.AsSpan(0, 4096), 0);
        if (!faststart)
        {
            // The moov is after the media: the answer is where it starts, and reading there finds it.
            Assert.Null(seconds);
            Assert.NotNull(readAt);
            (seconds, readAt) = Mp4Header.Read(bytes.AsSpan((int)readAt.Value), readAt.Value);
        }

        Assert.Null(readAt);
        Assert.NotNull(seconds);
        Assert.InRange(seconds.Value, expected - 0.05, expected + 0.05);
    }

    private static async Task MakeAsync(string file, int seconds, int fps, bool bFrames, IReadOnlyList<string> format)
    {
        var made = await ProcessRunner.RunAsync("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size=160x120:rate={fps}",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "veryfast", "-bf", bFrames ? "2" : "0", "-g", fps.ToString(CultureInfo.InvariantCulture),
            "-c:a", "aac", .. format, file,
        ], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
