using Airwave.Api.VideoAssets;

namespace Airwave.Api.Validation;

/// <summary>What a VideoAsset's schema cannot say: exactly one source, chapters that end after they start, a provider that stays.</summary>
public static class VideoAssetRules
{
    public static IReadOnlyList<FieldError> Validate(VideoAssetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<FieldError>();
        var sources = new[] { ("directUpload", spec.Source.DirectUpload is not null), ("url", spec.Source.Url is not null), ("archiveSplitRef", spec.Source.ArchiveSplitRef is not null) }
            .Where(s => s.Item2).Select(s => s.Item1).ToList();
        if (sources.Count == 0)
        {
            errors.Add(FieldError.Required("spec.source", "set one of spec.source.directUpload, spec.source.url and spec.source.archiveSplitRef"));
        }
        else if (sources.Count > 1)
        {
            errors.Add(FieldError.Forbidden("spec.source", $"set exactly one of spec.source.directUpload, spec.source.url and spec.source.archiveSplitRef, not {string.Join(" and ", sources)}"));
        }

        // A spec read from the API server has no list where the manifest had none.
        var chapters = spec.Chapters ?? [];
        for (var i = 0; i < chapters.Count; i++)
        {
            if (chapters[i] is { EndTime: { } end } chapter && end <= chapter.StartTime)
            {
                errors.Add(FieldError.Invalid($"spec.chapters[{i}].endTime", end, $"must be after the chapter's startTime ({chapter.StartTime} s)"));
            }
        }

        return errors;
    }

    /// <summary>
    /// What an update may not do: change the provider, which holds the asset, once spec.provider is set or the
    /// operator has recorded the installation's default in status.provider.
    /// </summary>
    public static FieldError? ValidateUpdate(VideoAsset old, VideoAssetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(spec);
        var hosting = old.Spec.Provider ?? old.Status?.Provider;
        return hosting is { } provider && spec.Provider is { } asked && asked != provider
            ? FieldError.Invalid("spec.provider", asked.ToString(), $"is immutable: the asset is hosted by {provider}; make a new VideoAsset to move the video")
            : null;
    }
}
