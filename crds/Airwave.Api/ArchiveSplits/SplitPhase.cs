namespace Airwave.Api.ArchiveSplits;

public enum SplitPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
