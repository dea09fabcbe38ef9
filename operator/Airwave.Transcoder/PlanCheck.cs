using System.Text.RegularExpressions;
using Airwave.Media.Transcoding;

namespace Airwave.Transcoder;

/// <summary>What the Job refuses to start with: the plan comes from the operator, but it names files and runs ffmpeg on a URL.</summary>
public static partial class PlanCheck
{
    /// <exception cref="ArgumentException">What is wrong with the plan.</exception>
    public static void Validate(TranscodePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // ffmpeg reads many protocols (file:, concat:, subfile:); the source may be only what the Job fetches over HTTP.
        if (!Uri.TryCreate(plan.Input, UriKind.Absolute, out var input) || (input.Scheme != Uri.UriSchemeHttp && input.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("input must be an http or https URL");
        }

        if (plan.Ladder.Count == 0)
        {
            throw new ArgumentException("the ladder has no renditions");
        }

        foreach (var rendition in plan.Ladder)
        {
            if (!RenditionName().IsMatch(rendition.Name) || rendition.Height < 2 || rendition.VideoKbps <= 0 || rendition.AudioKbps <= 0)
            {
                throw new ArgumentException($"rendition {rendition.Name}: a name of lowercase letters, digits and dashes, a height of at least 2 and positive bit rates are needed");
            }
        }

        if (plan.MaxDurationSeconds <= 0 || plan.MaxSourceBytes <= 0 || plan.SegmentSeconds <= 0 || plan.PartSeconds < plan.SegmentSeconds || plan.ThumbnailIntervalSeconds <= 0 || plan.MaxThumbnails < 1)
        {
            throw new ArgumentException("the limits must be positive, and a part at least a segment long");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}$")]
    private static partial Regex RenditionName();
}
