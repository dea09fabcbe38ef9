using System.Text.Json;
using Airwave.Media.Transcoding;

namespace Airwave.Transcoder;

/// <summary>
/// The plan the Job was started with, and its URLs as they are now: a presigned URL works no longer than the
/// operator's AWS credentials (about an hour where they are temporary), so while the Job runs the operator signs them
/// again into the plan's Secret, and the kubelet brings the new file into the pod. Each URL is read from the file when
/// it is used; a file that cannot be read, or whose plan is not valid, leaves the URLs last read.
/// </summary>
public sealed class PlanFile
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private TranscodePlan _current;

    private PlanFile(string path, TranscodePlan first)
    {
        _path = path;
        First = first;
        _current = first;
    }

    /// <summary>The plan as the Job started: the source, the ladder and the limits are these throughout.</summary>
    public TranscodePlan First { get; }

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="JsonException">It holds no plan.</exception>
    /// <exception cref="ArgumentException">The plan is not one to start with (<see cref="PlanCheck"/>).</exception>
    public static async Task<PlanFile> ReadAsync(string path, CancellationToken cancellationToken) =>
        new(path, Parse(await File.ReadAllTextAsync(path, cancellationToken)));

    /// <summary>The plan's URLs as the file has them now.</summary>
    public TranscodePlan Current()
    {
        lock (_gate)
        {
            try
            {
                var read = Parse(File.ReadAllText(_path));
                _current = First with { Uploads = read.Uploads, ProgressUrl = read.ProgressUrl, ReportUrl = read.ReportUrl };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
            {
                // Being replaced, or not the operator's: the URLs read last.
            }

            return _current;
        }
    }

    private static TranscodePlan Parse(string text)
    {
        var plan = JsonSerializer.Deserialize(text, TranscodeJson.Default.TranscodePlan) ?? throw new JsonException("the plan is null");
        PlanCheck.Validate(plan);
        return plan;
    }
}
