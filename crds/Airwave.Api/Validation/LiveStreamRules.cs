using Airwave.Api.LiveStreams;

namespace Airwave.Api.Validation;

/// <summary>
/// What a LiveStream's schema cannot say: the source block that goes with the source type, and archive paths that
/// stay under the stream's own prefix. Admission refuses a spec that breaks them; the reconciler reports them too.
/// </summary>
public static class LiveStreamRules
{
    /// <summary>The shortest spec.idleStopAfter: shorter would stop a stream before its encoder has connected.</summary>
    public static readonly TimeSpan MinimumIdleStop = TimeSpan.FromMinutes(1);

    public static IReadOnlyList<FieldError> Validate(LiveStreamSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<FieldError>();
        var source = spec.Source;
        var blocks = new (SourceType Type, string Field, bool Set)[]
        {
            (SourceType.RtmpPush, "rtmpPush", source.RtmpPush is not null),
            (SourceType.Chime, "chime", source.Chime is not null),
            (SourceType.WebRtc, "webRtc", source.WebRtc is not null),
            (SourceType.Pull, "pull", source.Pull is not null),
            (SourceType.S3Upload, "s3Upload", source.S3Upload is not null),
        };
        foreach (var (type, field, set) in blocks)
        {
            if (set && type != source.Type)
            {
                errors.Add(FieldError.Forbidden($"spec.source.{field}", $"may only be set when spec.source.type is {type}, and it is {source.Type}"));
            }
        }

        // An RtmpPush or WebRtc source works with its defaults; a meeting or a URL has none.
        if (source.Type == SourceType.Chime && source.Chime is null)
        {
            errors.Add(FieldError.Required("spec.source.chime", "spec.source.type Chime needs the meeting to join (meetingUrl)"));
        }

        if (source.Type == SourceType.Pull && source.Pull is null)
        {
            errors.Add(FieldError.Required("spec.source.pull", "spec.source.type Pull needs the URL to pull (url)"));
        }

        // MediaLive pulls RTMP, HLS and MP4; a camera's RTSP has to reach it as one of those.
        if (source.Pull?.Url is { } url && url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(FieldError.Invalid("spec.source.pull.url", url, "RTSP cannot be pulled: give an RTMP (rtmp://, rtmps://), HLS (an http:// or https:// .m3u8) or MP4 (an http:// or https:// .mp4) URL; an RTSP camera can be relayed to RTMP by an encoder that pushes to an RtmpPush stream"));
        }

        if (source is { Type: SourceType.Chime, Chime.Target: ChimeTarget.Ivs })
        {
            // An IVS channel plays from IVS alone (IVS records it): packaging and the live distribution are MediaLive's.
            if (spec.Live)
            {
                errors.Add(FieldError.Invalid("spec.live", "true", "the live distribution serves MediaLive streams; a Chime stream to IVS plays from status.ivs.playbackUrl"));
            }

            if (spec.Playback?.Encryption?.Enabled == true)
            {
                errors.Add(FieldError.Invalid("spec.playback.encryption.enabled", "true", "HLS encryption is MediaPackage's; a Chime stream to IVS plays unencrypted from IVS"));
            }
        }
        else if (source.Type == SourceType.S3Upload)
        {
            // What the app uploads is the stream's recording: spec.archive says where it goes.
            if (spec.Archive?.Enabled == false)
            {
                errors.Add(FieldError.Invalid("spec.archive.enabled", "false", "an S3Upload stream's uploads are its archive: spec.archive says which bucket and prefix the app uploads to, so it must be enabled"));
            }

            if (spec.Playback?.Encryption?.Enabled == true)
            {
                errors.Add(FieldError.Invalid("spec.playback.encryption.enabled", "true", "HLS encryption is MediaPackage's; an app that uploads its own HLS encrypts it itself"));
            }
        }

        errors.AddRange(SignedPlaybackErrors(spec));

        if (source.Chime is { Ivs: not null, Target: not ChimeTarget.Ivs })
        {
            errors.Add(FieldError.Forbidden("spec.source.chime.ivs", "may only be set when spec.source.chime.target is Ivs"));
        }

        if (spec.IdleStopAfter is { } idle && (!Durations.TryParse(idle, out var after) || after < MinimumIdleStop))
        {
            errors.Add(FieldError.Invalid("spec.idleStopAfter", idle, "must be a duration of at least 1m, such as 30m or 1h30m: an encoder takes a moment to connect"));
        }

        // Objects the API server has not defaulted (a review sent by hand) may lack the blocks the schema defaults.
        if (spec.Archive?.PathTemplate is { } template)
        {
            errors.AddRange(PathTemplateErrors(template, source.Type));
        }

        return errors;
    }

    /// <summary>Signed playback is the live distribution's (signed requests only) in front of a MediaPackage endpoint.</summary>
    private static IEnumerable<FieldError> SignedPlaybackErrors(LiveStreamSpec spec)
    {
        if (spec.Playback?.Policy != VideoAssets.PlaybackPolicy.Signed)
        {
            yield break;
        }

        if (spec.Source is { Type: SourceType.Chime, Chime.Target: ChimeTarget.Ivs })
        {
            yield return FieldError.Invalid("spec.playback.policy", "Signed", "a Chime stream to IVS plays from IVS: set spec.source.chime.ivs.private for playback tokens");
        }
        else if (spec.Source.Type == SourceType.S3Upload)
        {
            yield return FieldError.Invalid("spec.playback.policy", "Signed", "an S3Upload stream's playlist is always served signed (POST /v1/playback-tokens); the policy is for streams with a MediaLive channel");
        }
        else if (!spec.Live)
        {
            yield return FieldError.Invalid("spec.playback.policy", "Signed", "signed playback is through the live distribution: set spec.live to true");
        }
    }

    /// <summary>
    /// A session's prefix is the whole of what its writers may touch: an S3Upload session's credentials are limited
    /// by an IAM policy to <c>prefix/*</c>, so the prefix must not climb out, must not be a wildcard pattern, and
    /// must not be one that another stream of the namespace gets too.
    /// </summary>
    private static IEnumerable<FieldError> PathTemplateErrors(string template, SourceType type)
    {
        if (template.Split('/').Any(segment => segment is "." or ".."))
        {
            yield return FieldError.Invalid("spec.archive.pathTemplate", template, "may not have a '.' or '..' segment: archive prefixes stay under the stream's namespace");
        }

        if (template.IndexOfAny(['*', '?']) >= 0)
        {
            yield return FieldError.Invalid("spec.archive.pathTemplate", template, "may not have '*' or '?': they are wildcards in the IAM policy that limits a session's uploads to its prefix, which would reach other prefixes");
        }

        if (type == SourceType.S3Upload && !template.Contains("{stream}", StringComparison.Ordinal))
        {
            yield return FieldError.Invalid("spec.archive.pathTemplate", template, "must contain {stream} for an S3Upload stream: the app's credentials may write anywhere under the session's prefix, and without the stream's name other streams of the namespace get the same prefix");
        }
    }

    /// <summary>What an update changes that cannot be applied to the running stream, and what happens instead.</summary>
    public static IReadOnlyList<string> UpdateWarnings(LiveStreamSpec old, LiveStreamSpec updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        var warnings = new List<string>();
        var (was, becomes) = (old.Encoding?.ChannelClass ?? ChannelClass.SinglePipeline, updated.Encoding?.ChannelClass ?? ChannelClass.SinglePipeline);
        if (was != becomes)
        {
            warnings.Add($"spec.encoding.channelClass: {was} cannot be changed to {becomes} in place (MediaLive fixes it when the input is created); the stream keeps running as {was} until you delete and re-create it");
        }

        if (old.Source.Type != updated.Source.Type)
        {
            warnings.Add($"spec.source.type: a {old.Source.Type} stream does not become {updated.Source.Type} in place; delete and re-create the stream to change its source");
        }
        else if (old.Source.Chime?.Target is { } wasTarget && updated.Source.Chime?.Target is { } target && wasTarget != target)
        {
            warnings.Add($"spec.source.chime.target: a stream that pushes to {wasTarget} keeps doing so; delete and re-create the stream to push to {target}");
        }

        return warnings;
    }
}
