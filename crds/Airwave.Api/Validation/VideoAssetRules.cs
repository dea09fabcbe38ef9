using Airwave.Api.VideoAssets;

namespace Airwave.Api.Validation;

/// <summary>What a VideoAsset's schema cannot say: exactly one source, and chapters that end after they start.</summary>
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
}
