using Airwave.Api.ArchiveSplits;

namespace Airwave.Api.Validation;

/// <summary>What an ArchiveSplit's schema cannot say: every section ends after it starts.</summary>
public static class ArchiveSplitRules
{
    public static IReadOnlyList<FieldError> Validate(ArchiveSplitSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<FieldError>();
        for (var i = 0; i < spec.Sections.Count; i++)
        {
            var section = spec.Sections[i];
            if (section.End <= section.Start)
            {
                errors.Add(FieldError.Invalid($"spec.sections[{i}].end", section.End, $"must be after the section's start ({section.Start} s)"));
            }
        }

        return errors;
    }

    /// <summary>The session a split cuts must be one the stream recorded, when the stream is known.</summary>
    public static FieldError? CheckSession(ArchiveSplitSpec spec, IReadOnlyCollection<string> recordedSessions)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(recordedSessions);
        if (recordedSessions.Contains(spec.SessionId))
        {
            return null;
        }

        var known = recordedSessions.Count == 0 ? "it has recorded none yet" : $"its sessions are {string.Join(", ", recordedSessions)}";
        return FieldError.Invalid("spec.sessionId", spec.SessionId, $"LiveStream {spec.StreamRef.Name} recorded no such session; {known}");
    }
}
