using Airwave.Media.Transcoding;
using Microsoft.Extensions.Logging;

namespace Airwave.Transcoder.Storing;

/// <summary>
/// Writes the Job's progress where the operator reads it: on each new stage, and within a stage no more often than the
/// plan's interval. Progress is a courtesy: a write that fails is logged, and the work goes on.
/// </summary>
public sealed partial class ProgressReporter(PresignedStore store, PlanFile plan, TimeProvider time, ILogger<ProgressReporter> logger)
{
    private const string Name = "progress.json";
    private readonly Lock _gate = new();
    private TranscodeProgress? _latest;
    private TranscodeProgress? _written;
    private DateTimeOffset _writtenAt;
    private Task _writing = Task.CompletedTask;

    /// <summary>Writes this progress unless a write is under way or the last one, of the same stage, was too recent.</summary>
    public void Report(TranscodeStage stage, double percent)
    {
        var progress = new TranscodeProgress(stage, Math.Round(percent, 1));
        lock (_gate)
        {
            _latest = progress;
            var due = _written?.Stage != stage || time.GetUtcNow() - _writtenAt >= TimeSpan.FromSeconds(plan.First.ProgressIntervalSeconds);
            if (plan.First.ProgressUrl is null || !due || !_writing.IsCompleted)
            {
                return;
            }

            _written = progress;
            _writtenAt = time.GetUtcNow();
            _writing = WriteAsync(progress);
        }
    }

    /// <summary>Writes the latest progress if it was held back, so that what the operator reads last is where the Job ended.</summary>
    public async Task FlushAsync()
    {
        await _writing;
        lock (_gate)
        {
            if (plan.First.ProgressUrl is null || _latest is null || _latest == _written)
            {
                return;
            }

            _written = _latest;
            _writing = WriteAsync(_latest);
        }

        await _writing;
    }

    private async Task WriteAsync(TranscodeProgress progress)
    {
        try
        {
            // Read when written: the plan's URLs are signed again while the Job runs.
            if (plan.Current().ProgressUrl is not { } url)
            {
                return;
            }

            await store.PutJsonAsync(url, progress, TranscodeJson.Default.TranscodeProgress, Name, CancellationToken.None);
        }
        catch (TranscodeException e)
        {
            LogNotWritten(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Progress not written: {Reason}")]
    private static partial void LogNotWritten(ILogger logger, string reason);
}
