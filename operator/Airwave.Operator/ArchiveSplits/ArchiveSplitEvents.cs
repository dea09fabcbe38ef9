using Airwave.Api.ArchiveSplits;
using Airwave.Api.Common;
using Airwave.Events;
using Airwave.Kubernetes.Conditions;
using Airwave.Operator.Kubernetes;
using Airwave.Events.Payloads;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>An ArchiveSplit's transitions as downstream events.</summary>
public static class ArchiveSplitEvents
{
    /// <param name="sections">The sections the event is about: the one cut, or all of them.</param>
    /// <param name="occurrence">Tells repeats of the transition apart: the section's Job, the generation.</param>
    public static ResourceEvent Create(ArchiveSplit split, ArchiveSplitStatus status, IEnumerable<SectionStatus> sections, string type, string occurrence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(status);
        var meta = split.Metadata;
        var subject = new ResourceReference(AirwaveResources.ArchiveSplits.ApiVersion, AirwaveResources.ArchiveSplits.Plural, meta.Namespace!, meta.Name!, meta.Uid!);
        return ResourceEvent.Create(type, subject, occurrence, now, new SplitEvent
        {
            EventType = SplitEventTypes.For(type),
            Timestamp = now,
            SplitData = new SplitData
            {
                SplitId = meta.Uid!,
                Name = meta.Name!,
                Namespace = meta.Namespace!,
                StreamName = split.Spec.StreamRef.Name,
                SessionId = split.Spec.SessionId,
                NameModifier = status.NameModifier,
                Status = status.Phase?.ToString(),
                Sections = [.. sections.Select(s => new SplitSectionData
                {
                    Index = s.Index,
                    Status = s.Phase.ToString(),
                    Start = s.Start,
                    End = s.End,
                    Playlist = s.Playlist,
                    Output = s.Output,
                    Duration = s.Duration,
                    FileSize = s.Size,
                    Error = s.Phase == SplitPhase.Failed ? s.Message : null,
                })],
                Error = status.Phase == SplitPhase.Failed ? ConditionList.Find(status.Conditions, ConditionTypes.Ready)?.Message : null,
            },
        });
    }
}
