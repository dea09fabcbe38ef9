using System.Globalization;
using Airwave.Media;
using Airwave.Media.Transcoding;
using Microsoft.Extensions.Logging;

namespace Airwave.Transcoder.Encoding;

/// <summary>Runs <see cref="HlsCommand"/>'s ffmpeg, telling how far it is from its progress output, and reads back what it made.</summary>
public sealed class HlsEncoder(ILogger<HlsEncoder> logger)
{
    public async Task<IReadOnlyList<RenditionMade>> RunAsync(string source, SourceFacts facts, IReadOnlyList<PlannedRendition> renditions, TranscodePlan plan, double thumbnailInterval, string directory, Action<double> percentDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(percentDone);
        Directory.CreateDirectory(Path.Combine(directory, "segments"));
        Directory.CreateDirectory(Path.Combine(directory, "thumbnails"));
        var arguments = HlsCommand.Arguments(source, facts, renditions, thumbnailInterval, plan.MaxThumbnails, plan.SegmentSeconds, directory);
        var options = new ChildProcess.Options("ffmpeg")
        {
            Level = LogLevel.Warning,
            Output = line =>
            {
                // -progress writes key=value lines; out_time_us is how much of the source is done.
                if (line.StartsWith("out_time_us=", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var done))
                {
                    percentDone(Math.Clamp(done / 1e6 / facts.DurationSeconds * 100, 0, 100));
                }
            },
            Redact = line => line.Replace(source, "source", StringComparison.Ordinal),
        };
        await using var ffmpeg = ChildProcess.Start("ffmpeg", arguments, options, logger);
        await ffmpeg.WaitForExitAsync(cancellationToken);
        if (ffmpeg.ExitCode != 0)
        {
            throw new TranscodeException(TranscodeFailureReason.TranscodeFailed, $"ffmpeg could not transcode the source (exit code {ffmpeg.ExitCode}): {await ffmpeg.LastWordsAsync(cancellationToken)}");
        }

        return Made(await File.ReadAllLinesAsync(Path.Combine(directory, TranscodeOutputs.Master), cancellationToken), renditions);
    }

    /// <summary>The renditions as the master playlist states them (its BANDWIDTH is what players choose by).</summary>
    private static List<RenditionMade> Made(string[] master, IReadOnlyList<PlannedRendition> renditions)
    {
        var made = new List<RenditionMade>();
        for (var i = 0; i + 1 < master.Length; i++)
        {
            if (!master[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                continue;
            }

            var playlist = master[i + 1].Trim();
            var planned = renditions.Single(r => TranscodeOutputs.Playlist(r.Rendition) == playlist);
            var bandwidth = master[i].Split(',').Select(a => a.Split('=', 2)).FirstOrDefault(a => a[0].EndsWith("BANDWIDTH", StringComparison.Ordinal) && !a[0].Contains("AVERAGE", StringComparison.Ordinal));
            made.Add(new RenditionMade(planned.Rendition.Name, playlist, planned.Width, planned.Height, bandwidth is null ? 0 : long.Parse(bandwidth[1], CultureInfo.InvariantCulture)));
        }

        return made;
    }
}
