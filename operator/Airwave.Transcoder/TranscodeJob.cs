using Airwave.Media.Transcoding;
using Airwave.Transcoder.Encoding;
using Airwave.Transcoder.Fetching;
using Airwave.Transcoder.Probing;
using Airwave.Transcoder.Storing;
using Microsoft.Extensions.Logging;

namespace Airwave.Transcoder;

/// <summary>
/// One Job's work, in order: fetch the source, read it, refuse what is not a video or is too long, transcode it,
/// store the outputs (the master playlist last, so a stored master means a complete ladder), and in every case the
/// report, which the operator reads to learn the outcome. Removing what a failed Job stored is the operator's: it
/// holds the credentials to delete.
/// </summary>
public sealed partial class TranscodeJob(SourceDownload download, HlsEncoder encoder, PresignedStore store, ProgressReporter progress, ILogger<TranscodeJob> logger)
{
    public async Task<TranscodeReport> RunAsync(PlanFile planFile, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planFile);
        var plan = planFile.First;
        SourceFacts? facts = null;
        TranscodeReport report;
        try
        {
            progress.Report(TranscodeStage.Downloading, 0);
            var source = await download.FetchAsync(plan.Input, plan.MaxSourceBytes, directory, percent => progress.Report(TranscodeStage.Downloading, percent), cancellationToken);
            progress.Report(TranscodeStage.Probing, 0);
            facts = await SourceProbe.ReadAsync(source, cancellationToken);
            LogSource(logger, facts.DurationSeconds, facts.Width, facts.Height, facts.VideoCodec, facts.Format);
            if (facts.DurationSeconds > plan.MaxDurationSeconds)
            {
                throw new TranscodeException(TranscodeFailureReason.TooLong, $"The source is {facts.DurationSeconds:0.#} seconds long; the limit is {plan.MaxDurationSeconds:0.#}.");
            }

            var renditions = LadderChoice.For(plan.Ladder, facts);
            var interval = HlsCommand.ThumbnailInterval(plan.ThumbnailIntervalSeconds, plan.MaxThumbnails, facts.DurationSeconds);
            progress.Report(TranscodeStage.Transcoding, 0);
            var made = await encoder.RunAsync(source, facts, renditions, plan, interval, directory, percent => progress.Report(TranscodeStage.Transcoding, percent), cancellationToken);
            File.Delete(source);

            progress.Report(TranscodeStage.Uploading, 0);
            var files = new List<string>();
            foreach (var rendition in renditions)
            {
                files.AddRange(await PartPacker.PackAsync(directory, rendition.Rendition, plan.PartSeconds, cancellationToken));
                files.Add(TranscodeOutputs.Playlist(rendition.Rendition));
            }

            var stills = Directory.GetFiles(Path.Combine(directory, "thumbnails"), "*.jpg").Length;
            files.AddRange(Enumerable.Range(0, stills).Select(TranscodeOutputs.Thumbnail));
            files.Add(TranscodeOutputs.Master);
            for (var i = 0; i < files.Count; i++)
            {
                await StoreAsync(planFile.Current(), directory, files[i], cancellationToken);
                progress.Report(TranscodeStage.Uploading, 100.0 * (i + 1) / files.Count);
            }

            report = new TranscodeReport
            {
                Source = facts,
                Renditions = made,
                Master = TranscodeOutputs.Master,
                Thumbnails = new ThumbnailSet(stills, interval),
            };
        }
        catch (TranscodeException e)
        {
            LogFailed(logger, e.Failure.Reason, e.Message);
            report = new TranscodeReport { Failure = e.Failure, Source = facts };
        }

        await progress.FlushAsync();
        await store.PutJsonAsync(planFile.Current().ReportUrl, report, TranscodeJson.Default.TranscodeReport, "report.json", cancellationToken);
        return report;
    }

    private async Task StoreAsync(TranscodePlan plan, string directory, string name, CancellationToken cancellationToken)
    {
        if (!plan.Uploads.TryGetValue(name, out var url))
        {
            throw new TranscodeException(TranscodeFailureReason.UploadFailed, $"The plan has no upload URL for {name}.");
        }

        await store.PutFileAsync(url, Path.Combine(directory, name), name, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source: {Duration:0.###} s, {Width}x{Height}, {Codec} in {Format}")]
    private static partial void LogSource(ILogger logger, double duration, int width, int height, string codec, string format);

    [LoggerMessage(Level = LogLevel.Error, Message = "Transcode failed ({Reason}): {Message}")]
    private static partial void LogFailed(ILogger logger, TranscodeFailureReason reason, string message);
}
