using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws.Pipeline;

namespace Airwave.Sandbox.Aws.MediaLive;

/// <summary>The checks MediaLive makes before it accepts a channel, reported as UnprocessableEntityException validation errors.</summary>
internal static class ChannelValidator
{
    public static void Validate(
        ChannelClass channelClass,
        IReadOnlyList<OutputDestination>? destinations,
        EncoderSettings? encoder,
        IReadOnlyList<InputAttachment>? attachments,
        Func<string, InputEntry?> findInput,
        string? channelId)
    {
        var errors = new List<ValidationError>();
        if (channelClass == ChannelClass.Unknown)
        {
            errors.Add(new("channelClass", "channelClass must be STANDARD or SINGLE_PIPELINE."));
        }

        var pipelines = channelClass == ChannelClass.Standard ? 2 : 1;

        destinations ??= [];
        for (var i = 0; i < destinations.Count; i++)
        {
            var destination = destinations[i];
            var count = destination.MediaPackageSettings is { Count: > 0 } ? pipelines : destination.Settings?.Count ?? 0;
            if (count != pipelines)
            {
                errors.Add(new($"destinations[{i}].settings", $"Channel class {channelClass.ToString().ToUpperInvariant()} requires {pipelines} destination settings, found {count}."));
            }
        }

        attachments ??= [];
        if (attachments.Count == 0)
        {
            errors.Add(new("inputAttachments", "At least one input attachment is required."));
        }
        for (var i = 0; i < attachments.Count; i++)
        {
            var input = findInput(attachments[i].InputId ?? "");
            if (input is null || input.Lifecycle.Current is InputState.Deleting or InputState.Deleted)
            {
                errors.Add(new($"inputAttachments[{i}].inputId", $"Input '{attachments[i].InputId}' does not exist."));
            }
            else if (input.AttachedChannels.Any(other => other != channelId))
            {
                errors.Add(new($"inputAttachments[{i}].inputId", $"Input '{input.Id}' is already attached to channel '{input.AttachedChannels[0]}'."));
            }
            else if (channelClass == ChannelClass.Standard && input.InputClass != InputClass.Standard)
            {
                errors.Add(new($"inputAttachments[{i}].inputId", $"A STANDARD channel requires STANDARD inputs; input '{input.Id}' is SINGLE_PIPELINE."));
            }
        }

        if (encoder is null)
        {
            errors.Add(new("encoderSettings", "encoderSettings is required."));
        }
        else
        {
            ValidateEncoder(encoder, destinations, attachments, errors);
        }

        if (errors.Count > 0)
        {
            // As MediaLive words it: each element path with what is wrong there, also listed in validationErrors.
            throw AwsApiException.Unprocessable(string.Join("; ", errors.Select(e => $"{e.ElementPath} {e.ErrorMessage}")), errors);
        }
    }

    private static void ValidateEncoder(EncoderSettings encoder, IReadOnlyList<OutputDestination> destinations, IReadOnlyList<InputAttachment> attachments, List<ValidationError> errors)
    {
        var videos = (encoder.VideoDescriptions ?? []).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var audios = (encoder.AudioDescriptions ?? []).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        ValidateAudio(encoder, attachments, errors);
        ValidateVideo(encoder, errors);
        if (encoder.TimecodeConfig?.Source is null)
        {
            errors.Add(new("encoderSettings.timecodeConfig.source", "timecodeConfig.source is required."));
        }
        var groups = encoder.OutputGroups ?? [];
        if (groups.Count == 0)
        {
            errors.Add(new("encoderSettings.outputGroups", "At least one output group is required."));
        }
        for (var g = 0; g < groups.Count; g++)
        {
            var settings = groups[g].OutputGroupSettings;
            var path = $"encoderSettings.outputGroups[{g}]";
            var destination = settings?.HlsGroupSettings?.Destination ?? settings?.ArchiveGroupSettings?.Destination ?? settings?.MediaPackageGroupSettings?.Destination;
            if (destination is null)
            {
                errors.Add(new($"{path}.outputGroupSettings", "Exactly one of hlsGroupSettings, archiveGroupSettings or mediaPackageGroupSettings with a destination is required."));
            }
            else if (destinations.FirstOrDefault(d => d.Id == destination.DestinationRefId) is not { } target)
            {
                errors.Add(new($"{path}.outputGroupSettings.destination.destinationRefId", $"Destination '{destination.DestinationRefId}' is not defined in destinations."));
            }
            else if (settings?.MediaPackageGroupSettings is not null && target.MediaPackageSettings is not { Count: > 0 })
            {
                errors.Add(new($"{path}.outputGroupSettings.destination.destinationRefId", $"Destination '{target.Id}' of a MediaPackage output group needs mediaPackageSettings with a channelId."));
            }
            if (settings?.ArchiveGroupSettings is { RolloverInterval: < 1 })
            {
                errors.Add(new($"{path}.outputGroupSettings.archiveGroupSettings.rolloverInterval", "rolloverInterval must be at least 1."));
            }
            if (settings?.HlsGroupSettings is { SegmentLength: < 1 })
            {
                errors.Add(new($"{path}.outputGroupSettings.hlsGroupSettings.segmentLength", "segmentLength must be at least 1."));
            }
            var outputs = groups[g].Outputs ?? [];
            for (var o = 0; o < outputs.Count; o++)
            {
                if (outputs[o].VideoDescriptionName is { } video && !videos.Contains(video))
                {
                    errors.Add(new($"{path}.outputs[{o}].videoDescriptionName", $"Video description '{video}' is not defined."));
                }
                foreach (var audio in (outputs[o].AudioDescriptionNames ?? []).Where(a => !audios.Contains(a)))
                {
                    errors.Add(new($"{path}.outputs[{o}].audioDescriptionNames", $"Audio description '{audio}' is not defined."));
                }
            }
        }
    }

    /// <summary>Each audio description takes the audio of a selector an input attachment declares, and goes to some output.</summary>
    private static void ValidateAudio(EncoderSettings encoder, IReadOnlyList<InputAttachment> attachments, List<ValidationError> errors)
    {
        var selectors = attachments.SelectMany(a => a.InputSettings?.AudioSelectors ?? []).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var referenced = (encoder.OutputGroups ?? []).SelectMany(g => g.Outputs ?? []).SelectMany(o => o.AudioDescriptionNames ?? []).ToHashSet(StringComparer.Ordinal);
        var audios = encoder.AudioDescriptions ?? [];
        for (var i = 0; i < audios.Count; i++)
        {
            if (!selectors.Contains(audios[i].AudioSelectorName))
            {
                errors.Add(new($"encoderSettings.audioDescriptions[{i}].audioSelectorName", $"Audio selector \"{audios[i].AudioSelectorName}\" is not defined in the audio selectors of any input attachment."));
            }
            if (!referenced.Contains(audios[i].Name))
            {
                errors.Add(new($"encoderSettings.audioDescriptions[{i}]", $"Audio description \"{audios[i].Name}\" is not referenced by any output."));
            }
        }
    }

    /// <summary>Constant bitrate needs the bitrate to hold.</summary>
    private static void ValidateVideo(EncoderSettings encoder, List<ValidationError> errors)
    {
        var videos = encoder.VideoDescriptions ?? [];
        for (var i = 0; i < videos.Count; i++)
        {
            if (videos[i].CodecSettings?.H264Settings is { RateControlMode: "CBR", Bitrate: null })
            {
                errors.Add(new($"encoderSettings.videoDescriptions[{i}].codecSettings.h264Settings.bitrate", "bitrate is required when rateControlMode is CBR."));
            }
        }
    }
}
