using Airwave.Sandbox.Aws.MediaPackage.Encryption;

namespace Airwave.Aws.Tests.MediaPackage;

/// <summary>
/// The emulator's packetizing of rewritten elementary stream data (sample encryption changes a slice's length by the
/// emulation-prevention bytes it needs), as ffmpeg's MPEG-TS demuxer reads it back: frames that grew by more than a
/// packet, frames that shrank by more than one, and frames left alike.
/// </summary>
public sealed class TransportStreamRewriteTests : IDisposable
{
    private const byte H264 = 0x1B;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-ts-rewrite-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Frames_that_grew_or_shrank_demux_as_written_with_every_continuity_counter_in_sequence()
    {
        var clear = Path.Combine(_work.FullName, "clear.ts");
        var encoded = await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine", "-t", "2", "-c:v", "libx264", "-g", "30", "-c:a", "aac", "-f", "mpegts", clear],
            TimeSpan.FromSeconds(60));
        Assert.True(encoded.ExitCode == 0, encoded.ToString());
        var (read, written) = (new List<byte[]>(), new List<byte[]>());

        var rewritten = Path.Combine(_work.FullName, "rewritten.ts");
        await File.WriteAllBytesAsync(rewritten, TransportStreamRewrite.Rewrite(
            await File.ReadAllBytesAsync(clear),
            stream => stream.Type == H264,
            (_, elementary) =>
            {
                // Every third frame gains a 404-byte filler NAL unit, every third loses up to 300 bytes from its end.
                byte[] changed = (read.Count % 3) switch
                {
                    0 => [.. elementary, 0, 0, 1, 0x0C, .. Enumerable.Repeat((byte)0xFF, 399), 0x80],
                    1 => elementary[..^Math.Min(300, elementary.Length / 2)],
                    _ => elementary,
                };
                read.Add(elementary);
                written.Add(changed);
                return changed;
            },
            map => map));

        var (clearVideo, clearAudio) = (await DemuxAsync(clear, "v", "h264"), await DemuxAsync(clear, "a", "adts"));
        var (video, audio) = (await DemuxAsync(rewritten, "v", "h264"), await DemuxAsync(rewritten, "a", "adts"));
        var check = await ProcessRunner.RunAsync("ffmpeg", ["-v", "debug", "-i", rewritten, "-map", "0", "-c", "copy", "-f", "null", "-"], TimeSpan.FromSeconds(60));

        Assert.InRange(read.Count, 60, 61);
        Assert.Equal(read.SelectMany(b => b), clearVideo);
        Assert.Equal(written.SelectMany(b => b), video);
        Assert.Equal(clearAudio, audio);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.DoesNotContain("Continuity check failed", check.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(rewritten).Length % 188);
    }

    /// <summary>One stream's elementary stream data as ffmpeg's demuxer reassembles it from the PES packets.</summary>
    private async Task<byte[]> DemuxAsync(string file, string stream, string format)
    {
        var output = Path.Combine(_work.FullName, $"{Path.GetFileNameWithoutExtension(file)}.{stream}");
        var demuxed = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", file, "-map", $"0:{stream}", "-c", "copy", "-f", format, output], TimeSpan.FromSeconds(60));
        Assert.True(demuxed.ExitCode == 0, demuxed.ToString());
        return await File.ReadAllBytesAsync(output);
    }
}
