using System.CommandLine;
using System.Text.Json;
using Airwave.Transcoder;
using Airwave.Transcoder.Encoding;
using Airwave.Transcoder.Fetching;
using Airwave.Transcoder.Storing;
using Microsoft.Extensions.Logging;

var planOption = new Option<FileInfo>("--plan")
{
    Description = "The plan the operator wrote (JSON): the source, the ladder, the limits and a presigned URL per output.",
    Required = true,
};
var workOption = new Option<DirectoryInfo>("--work")
{
    Description = "A scratch directory with room for the source and its outputs.",
    Required = true,
};
var root = new RootCommand("Airwave's transcode Job: makes an HLS ladder and stills of a video and stores them by presigned URLs.")
{
    planOption,
    workOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    PlanFile plan;
    try
    {
        plan = await PlanFile.ReadAsync(parse.GetValue(planOption)!.FullName, cancellationToken);
    }
    catch (Exception e) when (e is IOException or JsonException or ArgumentException)
    {
        // One line where `kubectl logs` shows it.
        await Console.Error.WriteLineAsync($"airwave-transcoder: invalid plan: {e.Message}");
        return 2;
    }

    using var loggers = LoggerFactory.Create(logging => logging.AddJsonConsole());

    // A part of half an hour of 1080p is about a gigabyte: minutes to store, not hours.
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
    var store = new PresignedStore(http);
    var job = new TranscodeJob(
        new SourceDownload(http),
        new HlsEncoder(loggers.CreateLogger<HlsEncoder>()),
        store,
        new ProgressReporter(store, plan, TimeProvider.System, loggers.CreateLogger<ProgressReporter>()),
        loggers.CreateLogger<TranscodeJob>());
    var work = parse.GetValue(workOption)!;
    work.Create();
    try
    {
        var report = await job.RunAsync(plan, work.FullName, cancellationToken);
        return report.Succeeded ? 0 : 1;
    }
    catch (TranscodeException e)
    {
        // The report itself could not be stored: the Job's failure and this line are all the operator gets.
        await Console.Error.WriteLineAsync($"airwave-transcoder: the report could not be stored: {e.Message}");
        return 3;
    }
});
return await root.Parse(args).InvokeAsync();
